"""The report tables as values: the sheets of the live model no formula reproduces
(:func:`value_sheets`), and the value-only workbook (:func:`write_values_workbook`): one
sheet per report table, numbers (not formulas) with number formats, bold frozen headers
and fitted column widths, streamed sheet by sheet."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

import pandas as pd

from placebudget.io import atomic_write_path
from placebudget.report.contents import report_contents
from placebudget.report.outline import Table
from placebudget.report.workbook._cells import Sheet, table_cells, write_table
from placebudget.report.workbook._context import Model

if TYPE_CHECKING:
    from placebudget.engine.results import Results

#: Report table → sheet title, in workbook order.
SHEETS: dict[str, str] = {
    "as_is": "What failure costs",
    "per_member": "Cost per member",
    "case_studies": "Costed families",
    "case_study_contacts": "Costed families - contacts",
    "summary": "Summary",
    "interventions_appraised": "Interventions appraised",
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

#: Report tables the model's own sheets hold as formulas; every other report table is
#: written after the model as values, on the sheet the value-only workbook gives it
#: (``SHEETS``).
_IN_THE_MODEL: frozenset[str] = frozenset({
    "summary", "partners", "years", "outcomes", "agreements", "pooled_budget", "pot_uses",
    "effects", "costs", "assumptions"})


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


def _tables(results: Results) -> dict[str, Table]:
    """The report's tables in data form (one of a kind, every column), by name."""
    return report_contents(results).tables("machine")


def value_sheets(m: Model, results: Results) -> None:
    """The report tables no formula of the model reproduces (what failure costs, the
    Green Book tables, sensitivity, Monte Carlo, evaluation, costed families), as values,
    one sheet each, its header in row 1."""
    tables = _tables(results)
    for name, title in SHEETS.items():
        if name in _IN_THE_MODEL or name not in tables:
            continue
        s = Sheet(m.book, title, m.n)
        write_table(s, tables[name])
        if name == "as_is":  # charted by partner, as in the value-only workbook
            as_is_chart(s.ws, rows=len(tables[name].frame), header=tables[name].columns)
        s.finish({}, freeze="B2")


def _streamed_sheet(book: Any, title: str, frame: Table | pd.DataFrame) -> Any:
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


def write_values_workbook(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the value-only workbook of ``results`` atomically: every report table as
    numbers, one sheet each (``SHEETS``), with evaluation sheets when the results
    have an evaluation and Monte Carlo sheets when they have a Monte Carlo summary."""
    from openpyxl import Workbook

    tables = _tables(results)
    book = Workbook(write_only=True)
    try:
        for name, title in SHEETS.items():
            if name in tables:
                sheet = _streamed_sheet(book, title, tables[name])
                if name == "as_is":
                    # partners' rows: the header, then one per partner before the total
                    as_is_chart(sheet, rows=len(tables["as_is"].frame),
                                header=tables["as_is"].columns)
        book.properties.title = str(results.projection.attrs.get("case", "placebudget"))
        book.properties.creator = "placebudget"
        with atomic_write_path(path) as tmp:
            book.save(tmp)
    except BaseException:
        # finish each streamed sheet so that nothing is left writing when the run ends
        for sheet in book.worksheets:
            with contextlib.suppress(Exception):
                sheet.close()
        raise
