"""LaTeX tables for analysts who publish: every report table as a ``booktabs`` table in
one ``.tex`` file to ``\\input`` into a paper, written by pandas' Styler.

Each table is a ``table`` float with a caption and a label (``tab:summary``,
``tab:partners`` …); cells are formatted as in every other report (money as money,
shares as percentages, financial years) and text from the case is escaped, so a case's
names cannot inject LaTeX. The paper needs ``\\usepackage{booktabs}``.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> text = render_latex(pb.project(example_case()).appraise())
>>> "\\\\label{tab:summary}" in text, "\\\\toprule" in text
(True, True)
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pandas as pd

from placebudget.io import atomic_write
from placebudget.report.frames import report_frames
from placebudget.report.tables import column_label, format_cell

if TYPE_CHECKING:
    from placebudget.engine.appraise import Appraisal
    from placebudget.engine.evaluate import Evaluation
    from placebudget.engine.simulate import UncertaintySummary

__all__ = ["CAPTIONS", "render_latex", "write_latex"]

#: Caption of each table written, by report frame (frames not listed are written with
#: their name in words).
CAPTIONS: dict[str, str] = {
    "as_is": "What failure costs today and who pays (present values)",
    "summary": "Headline metrics",
    "partners": "Costs and fiscal benefits by partner (present values)",
    "years": "Costs and benefits by financial year",
    "outcomes": "Benefits by outcome (present values)",
    "value_for_money": "Value for money",
    "agreements": "Investment agreement options: each partner's position",
    "sensitivity": "One-way sensitivity and switching values",
    "monte_carlo": "Monte Carlo summary",
    "monte_carlo_chances": "Chances of breaking even",
    "monte_carlo_partners": "Each partner's chance of coming out ahead",
    "assumptions": "Assumptions and sources",
}


#: Frames whose ``unit`` column is the unit of its figures (GBP, ratio): it formats them
#: and is not shown; the figures of ``per_member`` are money per cohort member.
_UNIT_OF_FIGURES = ("summary", "monte_carlo")


def _formatted(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's cells as the reports show them, headers in words."""
    if name in _UNIT_OF_FIGURES and "label" in frame.columns:
        frame = frame.set_index("label")
    named = frame.index.name is not None or isinstance(frame.index, pd.MultiIndex)
    flat = frame.reset_index() if named else frame.reset_index(drop=True)
    flat.columns = [str(c) for c in flat.columns]
    units = [str(u) for u in flat["unit"]] if "unit" in flat.columns else [None] * len(flat)
    if name == "per_member":
        units = ["GBP"] * len(flat)
    columns = [c for c in flat.columns if not (c == "unit" and name in _UNIT_OF_FIGURES)]
    return pd.DataFrame({
        column_label(column): [format_cell(value, column, unit)
                               for value, unit in zip(flat[column], units, strict=True)]
        for column in columns})


_FIGURE = re.compile(r"^(-?£?[\d,]+(\.\d+)?%?|n/a|–|\d{4}/\d{2})$")


def _numeric(column: pd.Series) -> bool:
    """Whether a column of formatted cells holds figures (right aligned)."""
    return bool(len(column)) and all(_FIGURE.match(str(v)) for v in column)


def render_latex(result: Appraisal, evaluation: Evaluation | None = None,
                 uncertainty: UncertaintySummary | None = None) -> str:
    """Every report table as LaTeX (see the module notes)."""
    frames = report_frames(result, evaluation, uncertainty)
    # no case text outside the escaped cells: a comment would end at its line breaks
    parts = ["% Tables of a placebudget business case; needs \\usepackage{booktabs}", ""]
    for name, frame in frames.items():
        if frame.empty:
            continue
        shown = _formatted(name, frame)
        styler = shown.style.hide(axis="index").format(escape="latex").format_index(
            escape="latex", axis=1)
        caption = CAPTIONS.get(name, column_label(name))
        parts.append(styler.to_latex(
            caption=caption.replace("%", "\\%"), label=f"tab:{name}", hrules=True,
            column_format="".join("r" if _numeric(shown[c]) else "l" for c in shown.columns),
            position="htbp",
            position_float="centering"))
    return "\n".join(parts)


def write_latex(result: Appraisal, path: str | os.PathLike[str], *,
                evaluation: Evaluation | None = None,
                uncertainty: UncertaintySummary | None = None) -> None:
    """Write the LaTeX tables atomically."""
    text = render_latex(result, evaluation, uncertainty)
    with atomic_write(path) as handle:
        handle.write(text)
