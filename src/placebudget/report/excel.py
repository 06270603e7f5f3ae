"""The Excel workbook for partners' finance teams: by default the live model of
:mod:`placebudget.report.workbook` (formulas over named input cells); with
``values_only``, one sheet per report table, numbers (not formulas) with number formats,
bold frozen headers and fitted column widths."""

from __future__ import annotations

import contextlib
import os
from typing import Any

import pandas as pd

from placebudget.engine.appraise import Appraisal
from placebudget.engine.evaluate import Evaluation
from placebudget.engine.simulate import UncertaintySummary
from placebudget.io import atomic_write_path
from placebudget.model import financial_year_label
from placebudget.report.frames import flat as flatten
from placebudget.report.frames import report_frames
from placebudget.report.tables import (
    FINANCIAL_YEAR_COLUMNS,
    UNIT_KINDS,
    column_kind,
    column_label,
    plain,
)

__all__ = ["NUMBER_FORMATS", "SHEETS", "as_is_chart", "table_cells", "write_excel"]

#: Report table → sheet title, in workbook order.
SHEETS: dict[str, str] = {
    "as_is": "What failure costs",
    "per_member": "Cost per member",
    "case_studies": "Costed families",
    "case_study_contacts": "Costed families - contacts",
    "summary": "Summary",
    "partners": "Partners",
    "years": "Years",
    "outcomes": "Outcomes",
    "value_for_money": "Value for money",
    "interventions": "Interventions",
    "cost_per_outcome": "Cost per outcome",
    "risks": "Risk register",
    "capital_optimism_bias": "Capital optimism bias",
    "distributional_weights": "Distributional weights",
    "interactions": "Interactions",
    "agreements": "Agreements",
    "pooled_budget": "Pooled budget",
    "pot_uses": "Pooled budget - uses",
    "sensitivity": "Sensitivity",
    "monte_carlo": "Monte Carlo",
    "monte_carlo_chances": "Monte Carlo - chances",
    "monte_carlo_partners": "Monte Carlo - partners",
    "monte_carlo_inputs": "Monte Carlo - inputs",
    "evaluation": "Evaluation",
    "evaluation_estimates": "Evaluation - estimates",
    "evaluation_fiscal": "Evaluation - fiscal",
    "evaluation_costs": "Evaluation - costs",
    "effects": "Inputs - effects",
    "costs": "Inputs - costs",
    "assumptions": "Assumptions",
}

_MONEY = '"£"#,##0;[Red]-"£"#,##0'
_RATIO = "0.00"
_COUNT = "#,##0.0"
_SHARE = "0.0%"
#: Number format of each column kind (:func:`placebudget.report.tables.column_kind`),
#: shared by the value-only workbook and the live model.
NUMBER_FORMATS: dict[str, str] = {"whole": "0", "input": "0.000", "discount": "0.0000",
                                  "ratio": _RATIO, "share": _SHARE, "money": _MONEY,
                                  "count": _COUNT}


def _format(column: str) -> str | None:
    kind = column_kind(column)
    return None if kind is None else NUMBER_FORMATS[kind]


def _width(values: Any, column: str) -> float:
    longest = max([len(column)] + [len(f"{v:,.0f}") if isinstance(v, float) else len(str(v))
                                   for v in values])
    return float(min(60, max(10, longest + 3)))


def table_cells(frame: pd.DataFrame) -> tuple[list[str], list[float],
                                             list[list[tuple[Any, str | None]]]]:
    """A report table as a sheet's cells: the header in words, each column's width, and
    each row's ``(value, number format)`` pairs (years as ``2016/17``; in a table with a
    ``unit`` column, numbers in columns of no kind take the row's unit's format)."""
    flat = flatten(frame)
    columns = [str(c) for c in flat.columns]
    widths = [_width(flat.iloc[:, index], column) for index, column in enumerate(columns)]
    formats = [_format(c) for c in columns]
    units = [str(u) for u in flat["unit"]] if "unit" in columns else [""] * len(flat)
    years = [c in FINANCIAL_YEAR_COLUMNS for c in columns]
    rows: list[list[tuple[Any, str | None]]] = []
    for r, row in enumerate(flat.itertuples(index=False)):
        cells: list[tuple[Any, str | None]] = []
        for number_format, value, is_year in zip(formats, row, years, strict=True):
            shown, shown_format = plain(value), number_format
            if is_year and isinstance(shown, int | float) and shown == shown:
                shown, shown_format = financial_year_label(int(shown)), None  # 2016/17
            elif shown_format is None and isinstance(shown, int | float) and (
                    units[r] in UNIT_KINDS):
                shown_format = NUMBER_FORMATS[UNIT_KINDS[units[r]]]
            cells.append((shown, shown_format))
        rows.append(cells)
    return [column_label(c) for c in columns], widths, rows


def _sheet(book: Any, title: str, frame: pd.DataFrame) -> Any:
    """One sheet, streamed row by row (the workbook is write-only: no sheet is held in
    memory whole). Text is always written as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    header, widths, rows = table_cells(frame)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    header_fill = PatternFill("solid", fgColor="DDE5F0")
    cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=label)  # headers in words
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        cells = []
        for value, number_format in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(cell.value, str) and cell.data_type == "f":
                # text from a case file is text, never a formula ("=cmd|...")
                cell.data_type = "s"
                cell.quotePrefix = True
            if number_format is not None:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    return sheet


def as_is_chart(sheet: Any, rows: int, header: list[str]) -> None:
    """The bar chart of the "What failure costs" sheet: per partner (not the total row),
    reactive spend as is and with the programme against proactive investment."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = "What failure costs today and who pays (PV)"
    chart.y_axis.title = "GBP"
    chart.y_axis.numFmt = '"£"#,##0'
    for column in ("reactive_as_is", "reactive_with_programme", "investment"):
        index = header.index(column) + 1
        chart.add_data(Reference(sheet, min_col=index, min_row=1, max_row=rows),
                       titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows))
    chart.height, chart.width = 8, 18
    sheet.add_chart(chart, f"A{rows + 3}")


def write_excel(result: Appraisal, path: str | os.PathLike[str], *,
                evaluation: Evaluation | None = None,
                uncertainty: UncertaintySummary | None = None,
                values_only: bool = False) -> None:
    """Write the workbook atomically: the live model, whose figures are formulas over
    its input cells (:func:`placebudget.report.workbook.write_workbook`), or with
    ``values_only`` every report table as numbers, one sheet each. With evaluation
    sheets when given an evaluation, Monte Carlo sheets when given a Monte Carlo
    summary."""
    from openpyxl import Workbook

    if not values_only:
        from placebudget.report.workbook import write_workbook

        write_workbook(result, path, evaluation=evaluation, uncertainty=uncertainty)
        return

    frames = report_frames(result, evaluation, uncertainty)
    book = Workbook(write_only=True)
    try:
        for name, title in SHEETS.items():
            if name in frames:
                sheet = _sheet(book, title, frames[name])
                if name == "as_is":
                    # partners' rows: the header, then one per partner before the total
                    as_is_chart(sheet, rows=len(frames["as_is"]),
                                header=[str(c) for c in flatten(frames["as_is"]).columns])
        book.properties.title = str(result.projection.dataset.attrs.get("case",
                                                                         "placebudget"))
        book.properties.creator = "placebudget"
        with atomic_write_path(path) as tmp:
            book.save(tmp)
    except BaseException:
        # finish each streamed sheet so that nothing is left writing when the run ends
        for sheet in book.worksheets:
            with contextlib.suppress(Exception):
                sheet.close()
        raise
