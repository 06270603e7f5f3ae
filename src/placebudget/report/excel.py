"""The Excel workbook for partners' finance teams: by default the live model of
:mod:`placebudget.report.workbook` (formulas over named input cells); with
``values_only``, one sheet per report table, numbers (not formulas) with number formats,
bold frozen headers and fitted column widths
(:func:`placebudget.report.workbook.write_values_workbook`).

The sheet titles, number formats, table cells and chart the two share live in
:mod:`placebudget.report.workbook` and are re-exported here."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from placebudget.report.workbook import (
    NUMBER_FORMATS,
    SHEETS,
    as_is_chart,
    table_cells,
    write_values_workbook,
    write_workbook,
)

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["NUMBER_FORMATS", "SHEETS", "as_is_chart", "table_cells", "write_excel"]


def write_excel(
    results: Results, path: str | os.PathLike[str], *, values_only: bool = False
) -> None:
    """Write the workbook atomically: the live model, whose figures are formulas over
    its input cells (:func:`placebudget.report.workbook.write_workbook`), or with
    ``values_only`` every report table as numbers, one sheet each
    (:func:`placebudget.report.workbook.write_values_workbook`). With evaluation
    sheets when the results have an evaluation, Monte Carlo sheets when they have a
    Monte Carlo summary."""
    write = write_values_workbook if values_only else write_workbook
    write(results, path)
