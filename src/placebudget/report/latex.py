"""LaTeX tables for analysts who publish: every table of the outline of
:func:`~placebudget.report.report_contents` as a ``booktabs`` table in one ``.tex`` file
to ``\\input`` into a paper, written by pandas' Styler.

Each table is a ``table`` float with its caption and a label (``tab:summary``,
``tab:partners`` …); cells are formatted as in every other report and text from the case
is escaped, so a case's names cannot inject LaTeX. The paper needs
``\\usepackage{booktabs}``.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.engine.results import compute_results
>>> from placebudget.testing import example_case
>>> text = render_latex(compute_results(pb.project(example_case())))
>>> "\\\\label{tab:summary}" in text, "\\\\toprule" in text
(True, True)
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pandas as pd

from placebudget.io import atomic_write
from placebudget.report.contents import report_contents

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["escape", "render_latex", "write_latex"]


_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def escape(text: str) -> str:
    """Text made literal in LaTeX.

    Examples
    --------
    >>> print(escape("50% & {x}_1"))
    50\\% \\& \\{x\\}\\_1
    """
    return "".join(_SPECIAL.get(c, c) for c in text)


def _label(name: str) -> str:
    return "tab:" + re.sub(r"[^a-z0-9_]+", "-", name.lower())


def render_latex(results: Results) -> str:
    """Every table of the report as LaTeX (see the module notes)."""
    # no case text outside the escaped cells: a comment would end at its line breaks
    parts = ["% Tables of a placebudget business case; needs \\usepackage{booktabs}", ""]
    for found in report_contents(results).tables("human").values():
        for value, part in found.parts():
            if part.frame.empty:
                continue
            shown = pd.DataFrame(list(part.rows()), columns=part.header())
            styler = (
                shown.style.hide(axis="index")
                .format(escape="latex")
                .format_index(escape="latex", axis=1)
            )
            name = found.name if value is None else f"{found.name}-{value}"
            parts.append(
                styler.to_latex(
                    caption=escape(part.caption),
                    label=_label(name),
                    hrules=True,
                    position="htbp",
                    column_format="".join("r" if part.numeric(c) else "l" for c in part.shown),
                    position_float="centering",
                )
            )
    return "\n".join(parts)


def write_latex(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the LaTeX tables atomically."""
    text = render_latex(results)
    with atomic_write(path) as handle:
        handle.write(text)
