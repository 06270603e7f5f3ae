"""The catalogue of figures: every projection variable, appraisal metric and report measure
declared once — name, dimensions, unit, kind, labels, formula and doc — with
:func:`~placebudget.figures.headline`, which derives every composite figure from present
values, and the formatting of a figure's numbers by its kind.

It sits below the engine and the reports, which read it: the engine's metric contracts,
the appraisal's fields, the Monte Carlo and aggregate summaries, every label and number
format, ``explain`` and the Dataset reference.

Examples
--------
>>> from placebudget.figures import FIGURES, format_figure
>>> FIGURES["npbi"].formula.text()
'pv_fiscal − pv_cost'
>>> FIGURES["bcr"].kind, format_figure(1.2345, "bcr")
('ratio', '1.23')
"""

from __future__ import annotations

from placebudget.figures import dims
from placebudget.figures._catalogue import (
    BEYOND_HORIZON,
    FIGURES,
    KINDS,
    ROLES,
    Catalogue,
    Figure,
    Kind,
    Role,
)
from placebudget.figures._format import (
    MISSING,
    format_figure,
    format_money,
    format_ratio,
    format_share,
    format_value,
    kind_of,
)
from placebudget.figures._formula import Formula, parse_formula, ratio
from placebudget.figures._headline import COMPOSITES, figure, headline, leaves
from placebudget.figures._reference import markdown_table

__all__ = [
    "BEYOND_HORIZON",
    "COMPOSITES",
    "FIGURES",
    "KINDS",
    "MISSING",
    "ROLES",
    "Catalogue",
    "Figure",
    "Formula",
    "Kind",
    "Role",
    "dims",
    "figure",
    "format_figure",
    "format_money",
    "format_ratio",
    "format_share",
    "format_value",
    "headline",
    "kind_of",
    "leaves",
    "markdown_table",
    "parse_formula",
    "ratio",
]
