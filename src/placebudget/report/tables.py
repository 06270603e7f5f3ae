"""Cell text for the formats that write tables: a column's numbers formatted as the
catalogue's figure of that name is shown (:mod:`placebudget.figures`) — never guessed
from the column's name — and text made safe for spreadsheets."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from placebudget.figures import (
    FIGURES,
    format_figure,
    format_money,
    format_ratio,
    format_share,
    format_value,
    kind_of,
)
from placebudget.report.outline import column_label

__all__ = [
    "FINANCIAL_YEAR_COLUMNS",
    "UNIT_KINDS",
    "as_text",
    "column_kind",
    "column_label",
    "format_cell",
    "format_metric",
    "format_money",
    "format_ratio",
    "format_share",
    "headline_rows",
    "plain",
]

#: A figure's unit → the kind its numbers are shown as, for a table whose rows carry
#: their unit.
UNIT_KINDS: dict[str, str] = {
    "GBP": "money",
    "ratio": "ratio",
    "share": "share",
    "financial year": "year",
}


#: The catalogue's kinds as the spreadsheet's number formats name them.
_FORMAT_KINDS: dict[str, str | None] = {
    "money": "money",
    "money_per_unit": "money",
    "share": "share",
    "ratio": "ratio",
    "count": "count",
    "number": None,
    "year": "whole",
    "factor": "discount",
    "whole": "whole",
    "input": "input",
    "flag": None,
    "text": None,
}

#: Columns whose numbers are financial years, shown as ``2016/17``.
FINANCIAL_YEAR_COLUMNS: tuple[str, ...] = tuple(
    name for name, found in FIGURES.items() if found.kind == "year"
)


def column_kind(column: str) -> str | None:
    """How a spreadsheet shows a column's numbers (a key of the workbook's number
    formats), from the catalogue's kind of the figure of that name; ``None`` for a name
    it does not declare.

    Examples
    --------
    >>> [column_kind(c) for c in ("payback_year", "roi", "pv_cost", "volume", "kind")]
    ['whole', 'ratio', 'money', 'count', None]
    """
    kind = kind_of(column)
    return None if kind is None else _FORMAT_KINDS[kind]


def plain(value: Any) -> Any:
    """A table cell as a plain Python value: numpy scalars unwrapped, missing and
    non-finite numbers as ``None``."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


#: First characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """A text cell for a CSV file that no spreadsheet will run as a formula: text
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe (OWASP's advice for CSV injection); anything else is unchanged.

    Examples
    --------
    >>> print(as_text('=HYPERLINK("http://x")'), as_text("council"), as_text(-1.5))
    '=HYPERLINK("http://x") council -1.5
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def format_cell(value: Any, column: str, unit: str | None = None) -> str:
    """A table's value as text, as the catalogue's figure ``column`` is shown — or, for
    a column the catalogue does not declare, as the row's ``unit`` says
    (:data:`UNIT_KINDS`), else as it is.

    Examples
    --------
    >>> format_cell(1234.5, "pv_cost"), format_cell(0.1058, "saving_share")
    ('£1,234', '10.6%')
    >>> format_cell(None, "roi"), format_cell(True, "worse_off"), format_cell(3, "lag")
    ('–', 'yes', '3')
    >>> format_cell(-348422.94, "mean", unit="GBP"), format_cell(12.0, "social_worker_fte")
    ('-£348,423', '12.0')
    """
    kind = kind_of(column) or UNIT_KINDS.get(unit or "")
    if kind is None and isinstance(value, float) and math.isfinite(value):
        return f"{value:,.1f}" if value.is_integer() else f"{value:,.4g}"
    return format_value(value, kind)


def format_metric(value: Any, unit: str) -> str:
    """A headline figure in its unit: ``"GBP"`` as money, ``"ratio"``, ``"share"`` or
    ``"financial year"`` (a missing year is not within the horizon).

    Examples
    --------
    >>> format_metric(1234.5, "GBP"), format_metric(2013, "financial year")
    ('£1,234', '2013/14')
    >>> format_metric(float("nan"), "financial year")
    'not within the horizon'
    """
    if unit == "financial year":
        return format_figure(value, "payback_year")
    return format_value(float("nan") if value is None else value, UNIT_KINDS.get(unit, "money"))


def headline_rows(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """The headline figures as (title, formatted value) rows, from a table of
    ``metric`` (index or column) and ``value``."""
    frame = summary.set_index("metric") if "metric" in summary.columns else summary
    return [
        (FIGURES[str(metric)].title, format_figure(row["value"], str(metric)))
        for metric, row in frame.iterrows()
    ]
