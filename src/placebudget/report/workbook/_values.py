"""The report tables as values: the sheets of the live model no formula reproduces
(:func:`value_sheets`), and the value-only workbook (:func:`write_values_workbook`): one
sheet per report table, numbers (not formulas) with number formats, bold frozen headers
and fitted column widths, streamed sheet by sheet."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placebudget._version import __version__
from placebudget.io import atomic_write_path
from placebudget.report.contents import report_contents
from placebudget.report.outline import Table
from placebudget.report.workbook._cells import Sheet, col, table_cells, write_table
from placebudget.report.workbook._context import Model
from placebudget.report.workbook._document import legend_below
from placebudget.report.workbook._live import LIVE_SHEETS

if TYPE_CHECKING:
    from placebudget.engine.results import Results

#: Report table → sheet title, in workbook order.
SHEETS: dict[str, str] = {
    "as_is": "What failure costs",
    "per_member": "Cost per member",
    "case_studies": "Costed families",
    "case_study_contacts": "Costed families - contacts",
    "summary": "Summary",
    "optimism_bias": "Optimism bias",
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

#: Report tables the model's own sheets hold as formulas (the live tables are
#: :data:`~placebudget.report.workbook._live.LIVE_SHEETS`); every other report table is
#: written after the model as values, on the sheet the value-only workbook gives it
#: (``SHEETS``), under a banner that says when and from which inputs it was computed.
_IN_THE_MODEL: frozenset[str] = frozenset(
    {
        "summary",
        "partners",
        "years",
        "outcomes",
        "agreements",
        "pooled_budget",
        "pot_uses",
        "effects",
        "costs",
        "assumptions",
        *LIVE_SHEETS,
    }
)

#: The hidden sheet holding the inputs as they were when the value sheets were computed.
SNAPSHOT = "Inputs as written"


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
        chart.add_data(
            Reference(sheet, min_col=index, min_row=1, max_row=rows), titles_from_data=True
        )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows))
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.height, chart.width = 8, 18
    sheet.add_chart(chart, f"A{rows + 3}")


def _tables(results: Results) -> dict[str, Table]:
    """The report's tables in data form (one of a kind, every column), by name."""
    return report_contents(results).tables("machine")


#: The first row of a value sheet's table (below its banner).
TABLE_ROW = 5


def value_sheets(m: Model, results: Results) -> None:
    """The report tables no formula of the model reproduces (the Green Book tables that
    project again, sensitivity, Monte Carlo, evaluation, costed families), as values,
    one sheet each, under a banner: when and from which inputs they were computed, and
    a cell that turns to OUT OF DATE once an input differs (:func:`snapshot_sheet`)."""
    from placebudget.model import financial_year_label

    tables = _tables(results)
    written = (
        f"Values computed by placebudget {__version__} on "
        f"{_dt.date.today().isoformat()} from the inputs as written "
        f"({financial_year_label(results.appraisal.price_base)} prices): the "
        "spreadsheet does not recalculate them."
    )
    for name, title in SHEETS.items():
        if name in _IN_THE_MODEL or name not in tables:
            continue
        table = tables[name]
        s = Sheet(m.book, title, m.n)
        m.sheets[title] = s
        s.headline(table.caption or title)
        s.note(written)
        status = s.put(
            3,
            1,
            '=IF(inputs_changed=0,"Up to date: every input is as it was when '
            'these figures were computed","OUT OF DATE: "&inputs_changed&" input '
            "cell(s) differ from those these figures were computed from; run "
            'placebudget again")',
        )
        status.font = s.bold_red
        m.rows[f"status.{title}"] = 3
        s.row = TABLE_ROW
        write_table(s, table)
        last = s.row - 1
        _chart(m, results, name, s, table, last)
        s.finish(
            {},
            freeze=f"B{TABLE_ROW + 1}",
            title_rows=f"1:{TABLE_ROW}",
            pages_tall=0 if name == "monte_carlo" else 1,
        )


def _chart(m: Model, results: Results, name: str, s: Sheet, table: Table, last: int) -> None:
    """The native chart of a value sheet: the Monte Carlo S-curves, the tornado, the
    forecast against the actual."""
    if name == "monte_carlo" and results.uncertainty is not None:
        _s_curves(s, results, last)
    elif name == "sensitivity" and last > TABLE_ROW:
        _tornado(s, results, table, last)
    elif name == "evaluation" and last > TABLE_ROW:
        _forecast(s, table, last)


def _s_curves(s: Sheet, results: Results, last: int) -> None:
    """The cumulative distribution of NPBI and NPPV over the draws: their percentiles 0
    to 100 as a small table, charted as straight lines, P(> 0) in the title."""
    from openpyxl.chart import Reference, ScatterChart, Series

    assert results.uncertainty is not None
    uncertainty = results.uncertainty
    chances = uncertainty.probabilities
    chart = ScatterChart()
    at = last + 2
    first = at + 20  # the table of percentiles below the chart
    s.row = first - 1
    s.heading("S-curves: the share of draws at or below each value")
    header = s.header(
        ["Share of draws at or below", "Net present budget impact", "Net present public value"]
    )
    shares = np.arange(101) / 100
    curves = []
    for metric in ("npbi", "nppv"):
        drawn = np.asarray(uncertainty.metrics[metric].to_numpy(), dtype=float).ravel()
        drawn = drawn[np.isfinite(drawn)]
        curves.append(np.percentile(drawn, shares * 100) if len(drawn) else np.full(101, np.nan))
    top = s.row
    for k, share in enumerate(shares):
        s.put(s.row, 1, float(share), "0%")
        s.put(s.row, 2, float(curves[0][k]), '"£"#,##0;[Red]-"£"#,##0')
        s.put(s.row, 3, float(curves[1][k]), '"£"#,##0;[Red]-"£"#,##0')
        s.row += 1
    chart.title = (
        f"S-curves: P(NPBI > 0) = {chances['npbi > 0']:.0%}, "
        f"P(NPPV > 0) = {chances['nppv > 0']:.0%}"
    )
    chart.style = 13
    chart.scatterStyle = "line"
    chart.x_axis.title = "£ (present value)"
    chart.x_axis.numFmt = '"£"#,##0'
    chart.y_axis.title = "Share of draws at or below"
    chart.y_axis.numFmt = "0%"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    shares_ref = Reference(s.ws, min_col=1, min_row=top, max_row=s.row - 1)
    for column, colour in ((2, "2166AC"), (3, "5AAE61")):
        values = Reference(s.ws, min_col=column, min_row=top, max_row=s.row - 1)
        series = Series(
            shares_ref,
            values,
            title_from_data=False,
            title=str(s.ws.cell(row=header, column=column).value),
        )
        series.smooth = False
        series.marker.symbol = "none"
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575
        chart.series.append(series)
    chart.x_axis.delete = chart.y_axis.delete = False
    legend_below(chart)
    chart.height, chart.width = 9, 18
    s.chart(chart, at)


def _tornado(s: Sheet, results: Results, table: Table, last: int) -> None:
    """NPBI with each input at its low and its high value, the largest swing first (at the
    top), the bars growing from the NPBI as appraised."""
    from openpyxl.chart import BarChart, Reference

    columns = table.columns
    if "npbi_low" not in columns or "npbi_high" not in columns:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    base = float(
        results.sensitivity.attrs.get("base", results.appraisal.npbi)
        if results.sensitivity is not None
        else results.appraisal.npbi
    )
    chart.title = f"Tornado: NPBI at each input's low and high value (£{base:,.0f} as appraised)"
    for column, colour in (("npbi_low", "B2182B"), ("npbi_high", "2166AC")):
        at = columns.index(column) + 1
        chart.add_data(
            Reference(s.ws, min_col=at, min_row=TABLE_ROW, max_row=last), titles_from_data=True
        )
        chart.series[-1].graphicalProperties.solidFill = colour
        chart.series[-1].graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(s.ws, min_col=1, min_row=TABLE_ROW + 1, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # the first row (largest swing) on top
    chart.x_axis.crossesAt = base  # bars grow from the NPBI as appraised
    chart.y_axis.numFmt = '"£"#,##0'
    chart.x_axis.delete = chart.y_axis.delete = False
    legend_below(chart)
    chart.height, chart.width = max(9.0, 0.9 * (last - TABLE_ROW) + 3), 28
    s.chart(chart, last + 3)


def _forecast(s: Sheet, table: Table, last: int) -> None:
    """Outcome units changed in each period, forecast against actual."""
    from openpyxl.chart import BarChart, Reference

    columns = table.columns
    if "forecast_change" not in columns or "actual_change" not in columns:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = "Outcome units changed in each period: forecast against actual"
    for column, colour in (("forecast_change", "999999"), ("actual_change", "2166AC")):
        at = columns.index(column) + 1
        chart.add_data(
            Reference(s.ws, min_col=at, min_row=TABLE_ROW, max_row=last), titles_from_data=True
        )
        chart.series[-1].graphicalProperties.solidFill = colour
    labels = [columns.index(c) + 1 for c in ("period", "outcome") if c in columns]
    if labels:
        chart.set_categories(
            Reference(
                s.ws, min_col=min(labels), max_col=max(labels), min_row=TABLE_ROW + 1, max_row=last
            )
        )
    chart.y_axis.title = "Outcome units changed"
    chart.x_axis.delete = chart.y_axis.delete = False
    legend_below(chart)
    chart.height, chart.width = 8, 20
    s.chart(chart, last + 3)


def snapshot_sheet(m: Model) -> None:
    """The hidden sheet of the inputs as written: a copy of every constant of the Inputs
    sheet at its own address, each other input cell (the agreements' settings) beside
    its value, and the named cell ``inputs_changed``: how many input cells differ now."""
    inputs = m.sheets["Inputs"].ws
    s = Sheet(m.book, SNAPSHOT, m.n)
    m.sheets[SNAPSHOT] = s
    ws = s.ws
    for (r, c), cell in list(inputs._cells.items()):
        if cell.value is not None and cell.data_type != "f":
            ws.cell(row=r, column=c).value = cell.value
            if cell.data_type == "s":  # text stays text, its quote prefix with it
                ws.cell(row=r, column=c).data_type = "s"
                ws.cell(row=r, column=c).quotePrefix = cell.quotePrefix
    last_row, last_col = max(inputs.max_row, 1), max(inputs.max_column, 1)
    end = f"${col(last_col)}${last_row}"
    terms = [f"SUMPRODUCT((Inputs!$A$1:{end}<>'{SNAPSHOT}'!$A$1:{end})*1)"]
    r = last_row + 2
    ws.cell(row=r, column=1, value="Other input cells as written")
    for title, sheet in m.sheets.items():
        if title in ("Inputs", SNAPSHOT):
            continue
        for row_, column in sorted(sheet.entries):
            r += 1
            value = sheet.ws.cell(row=row_, column=column).value
            reference = (
                f"{title}!${col(column)}${row_}"
                if " " not in title
                else (f"'{title}'!${col(column)}${row_}")
            )
            ws.cell(row=r, column=1).value = reference.replace("=", "")
            ws.cell(row=r, column=1).data_type = "s"
            ws.cell(row=r, column=2).value = value
            ws.cell(row=r, column=3).value = f"=IF({reference}<>$B{r},1,0)"
            terms.append(f"$C{r}")
    r += 2
    ws.cell(row=r, column=1, value="Input cells that differ from those written")
    ws.cell(row=r, column=2).value = "=" + "+".join(terms)
    m.name("inputs_changed", s.ref(r, 2))
    ws.sheet_state = "hidden"
    s.finish({}, freeze=None, printed=False)


def _streamed_sheet(book: Any, title: str, frame: Table | pd.DataFrame) -> Any:
    """One sheet, streamed row by row (the workbook is write-only: no sheet is held in
    memory whole). Text is always written as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    header, widths, rows = table_cells(frame, named=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    header_fill = PatternFill("solid", fgColor="DDE5F0")
    cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=label)  # headers in words (a partner's name)
        if label[:1] in ("=", "+", "-", "@"):
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        cells = []
        for value, number_format in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(cell.value, str) and (
                cell.data_type == "f" or cell.value[:1] in ("=", "+", "-", "@")
            ):
                # text from a case file is text, never a formula ("=cmd|...", "-1+1"),
                # not even once its cell is edited: a quote prefix
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
                    as_is_chart(
                        sheet, rows=len(tables["as_is"].frame), header=tables["as_is"].columns
                    )
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
