"""The document around the calculation: the Cover sheet (what the workbook is and how to
read it), the Assumptions sheet (sources, grades, optimism bias and the trace of every
value to the price base) and the native charts on the Summary sheet."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from placebudget._version import __version__
from placebudget.engine import dims as D
from placebudget.figures import headline
from placebudget.model import financial_year_label
from placebudget.report.frames import assumptions as assumptions_frame
from placebudget.report.frames import optimism_bias_text, unit_cost_databases, vintages
from placebudget.report.workbook._cells import FIRST_YEAR, SHARE, write_table
from placebudget.report.workbook._context import Model


def cover_sheet(m: Model) -> None:
    """What the workbook is: the case, the place and its partners, the price base, the
    discount schedule, the vintage of every table used, the version and the date."""
    s, case, attrs = m.sheets["Cover"], m.case, m.inputs.attrs
    s.headline(str(attrs.get("case", "")))
    if case is not None and case.description:
        s.note(case.description)
    rows: list[tuple[str, object]] = [
        ("Place", case.place.name if case is not None else attrs.get("place", "")),
        ("Price base", f"=Prices!$C${m.rows['prices.base']}"),
        ("First year", financial_year_label(m.years[0])),
        ("Horizon (years)", m.n),
        ("Discount schedule", attrs.get("discounting", "")),
        (
            "Discount rates by year",
            ", ".join(
                f"{financial_year_label(y)} {r:.2%}"
                for y, r in zip(m.years, m.rates(), strict=True)
            ),
        ),
        ("GDP deflators", attrs.get("deflators", "")),
        ("Unit cost database", unit_cost_databases(attrs)),
        ("Optimism bias table", optimism_bias_text(attrs)),
        ("Written by", f"placebudget {__version__}"),
        ("Written on", _dt.date.today().isoformat()),
    ]
    s.header(["Case", "Value"])
    for label, value in rows:
        s.text(s.row, 1, label, bold=True)
        if isinstance(value, str) and value.startswith("=Prices!"):
            s.put(s.row, 2, value)  # the price base as the Inputs sheet has it now
        else:
            s.text(s.row, 2, value)
        s.row += 1
    s.heading("Partners")
    s.header(["Partner", "Kind", "Department", "Id (key)"])
    partners = {p.id: p for p in case.place.partners} if case is not None else {}
    for p, partner in enumerate(m.partners):
        known = partners.get(partner)
        s.text(s.row, 1, m.partner_names[p])
        s.text(s.row, 2, m.words(m.kinds[p]))
        s.text(s.row, 3, (known.department or "") if known is not None else "")
        s.small(s.row, 4, partner)
        s.row += 1
    s.heading("How to read this workbook")
    key = s.ws.cell(row=s.row, column=1, value="Input cell: change it")
    key.font, key.fill = s.input_font, s.input_fill
    s.text(
        s.row,
        2,
        "every other figure is an Excel formula over the input cells of the "
        "Inputs sheet (and the agreement settings), kept up to date by the spreadsheet; "
        "formula cells are protected (Review › Unprotect sheet, no password, to change one "
        "knowingly)",
    )
    s.row += 1
    for title, text in (
        ("Summary", "headline metrics, who pays and who benefits, benefits by outcome, charts"),
        (
            "Agreements",
            "each agreement option: shares, contributions to the penny, "
            "transfers, each partner's results",
        ),
        (
            "Inputs",
            "every input, named (Formulas › Name Manager): money as published "
            "with its price year, the GDP deflator series and the price base",
        ),
        (
            "Assumptions",
            "each input's source, evidence grade and optimism bias; each "
            "value's code and published figure",
        ),
        ("Prices", "every value and cost brought to the price base"),
        ("People, Effects, Values, Costs, Results", "the calculation, year by year"),
        ("What failure costs … Cost per outcome", "the report's tables, as formulas"),
        (
            "Sensitivity, Monte Carlo, Evaluation …",
            "figures only many projections give, "
            "as values: each says when and from which inputs it was computed, and shows "
            "OUT OF DATE once an input differs",
        ),
    ):
        s.text(s.row, 1, title, bold=True)
        s.text(s.row, 2, text)
        s.row += 1
    write_table(s, vintages(m.result).reset_index(), title="Vintages of the tables used")
    s.finish({1: 34, 2: 60, 3: 18, 4: 18}, freeze=None, landscape=False)


def assumptions_sheet(m: Model) -> None:
    """Every input's source, grade and optimism bias, and how each value was found and
    brought to the price base (code → published £ → price year → deflator factor →
    uprated £)."""
    s, case, inputs = m.sheets["Assumptions"], m.case, m.inputs
    s.headline("Assumptions and sources")
    effects = [effect for i in case.interventions for effect in i.effects] if case else []
    lines = [line for i in case.interventions for line in i.costs] if case else []
    s.heading("Effects: evidence grade and optimism bias applied")
    s.header(["Effect", "Grade", "Optimism bias applied", "Source", "Description"])
    for e in range(len(m.effects)):
        effect = effects[e] if len(effects) == len(m.effects) else None
        s.text(s.row, 1, m.effect_names[e])
        s.put(s.row, 2, int(inputs[D.EFFECT_CONFIDENCE].to_numpy()[e]), "0")
        s.put(s.row, 3, m.value(D.BENEFIT_OPTIMISM_BIAS, e), SHARE)
        s.text(s.row, 4, (effect.source or "") if effect is not None else "")
        s.text(s.row, 5, effect.description if effect is not None else "")
        s.row += 1
    s.heading("Cost lines: evidence grade and optimism bias applied")
    s.header(["Cost line", "Grade", "Optimism bias applied", "Kind", "Description"])
    for line in range(len(m.lines)):
        known = lines[line] if len(lines) == len(m.lines) else None
        s.text(s.row, 1, m.line_names[line])
        s.put(s.row, 2, int(inputs[D.LINE_CONFIDENCE].to_numpy()[line]), "0")
        s.put(s.row, 3, m.value(D.COST_OPTIMISM_BIAS, line), SHARE)
        s.text(s.row, 4, str(inputs[D.LINE_KIND].to_numpy()[line]))
        s.text(s.row, 5, known.description if known is not None else "")
        s.row += 1
    traces = m.result.projection.value_traces().reset_index()
    traces["input"] = [m.names.name("input", str(i)) for i in traces["input"]]
    write_table(
        s,
        traces.drop(columns=["path", "deflator_factor", "uprated"]),
        title="Values and costs: code → published £ in its price year (the Prices "
        "sheet brings each to the price base)",
    )
    write_table(s, assumptions_frame(m.result), title="The case and its reference tables")
    s.finish({1: 52, 2: 14, 3: 14, 4: 40, 5: 40}, freeze="A3")


def _line(chart: Any, reference: Any, title: str, colour: str, *, dash: str | None = None) -> None:
    """A straight (never smoothed) line series of ``chart``, titled and coloured."""
    from openpyxl.chart import Series

    series = Series(reference, title=title)
    series.smooth = False
    series.marker.symbol = "none"
    series.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.width = 28575  # 2.25 pt
    if dash is not None:
        series.graphicalProperties.line.dashStyle = dash
    chart.series.append(series)


def _bar_colours(chart: Any, colours: tuple[str, ...]) -> None:
    for series, colour in zip(chart.series, colours, strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour


#: Colours of the charts (those of the report's pictures).
COST, BENEFIT, PUBLIC, NET = "B2182B", "2166AC", "5AAE61", "4D4D4D"


def charts(m: Model) -> None:
    """Native charts on the Summary sheet, beside and below its tables: cumulative cost
    against cumulative benefit (straight lines; the fiscal benefit and the public value
    drawn as one line when they are equal), who pays and who benefits, and benefits by
    outcome."""
    from openpyxl.chart import BarChart, LineChart, Reference

    summary, results = m.sheets["Summary"].ws, m.sheets["Results"].ws
    first, last = FIRST_YEAR, FIRST_YEAR + m.n - 1
    years = Reference(results, min_col=first, max_col=last, min_row=2, max_row=2)
    by_year = m.result.by_year
    fiscal = by_year["fiscal"].to_numpy(dtype=float).cumsum()
    public = headline(
        {
            name: by_year[column].to_numpy(dtype=float)
            for name, column in (
                ("pv_fiscal", "fiscal"),
                ("pv_transfers", "transfer_payment"),
                ("pv_economic", "economic"),
                ("pv_social", "social"),
            )
        },
        only=["pv_public"],
    )["pv_public"].cumsum()  # the yearly flows, as the formula reads
    line = LineChart()
    line.title = "Cumulative cost and benefit (undiscounted)"
    line.y_axis.title = "£"
    line.y_axis.numFmt = '"£"#,##0'

    def row_of(key: str) -> Any:
        r = m.rows[key]
        return Reference(results, min_col=first, max_col=last, min_row=r, max_row=r)

    _line(line, row_of("cumulative.cost"), "Cumulative cost", COST)
    if np.allclose(fiscal, public, rtol=1e-12, atol=0.005):
        _line(
            line,
            row_of("cumulative.fiscal"),
            "Cumulative fiscal benefit (= public value: no economic or social value, no transfers)",
            BENEFIT,
        )
    else:
        _line(line, row_of("cumulative.fiscal"), "Cumulative fiscal benefit", BENEFIT)
        _line(line, row_of("cumulative.public"), "Cumulative public value", PUBLIC, dash="dash")
    line.set_categories(years)
    legend_below(line)
    _visible_axes(line)
    line.height, line.width = 7.2, 19
    summary.add_chart(line, "E3")

    def bars(
        title: str,
        table: str,
        columns: tuple[int, ...],
        colours: tuple[str, ...],
        at: str,
        *,
        stacked: bool,
    ) -> None:
        """A bar chart of ``columns`` of a Summary table (its header row the titles)."""
        first, last = m.rows[f"summary.{table}.first"], m.rows[f"summary.{table}.last"]
        if last < first:
            return
        chart = BarChart()
        chart.type = "bar" if stacked else "col"
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
        chart.title = title
        chart.y_axis.numFmt = '"£"#,##0'
        for column in columns:
            chart.add_data(
                Reference(summary, min_col=column, min_row=first - 1, max_row=last),
                titles_from_data=True,
            )
        chart.set_categories(Reference(summary, min_col=1, min_row=first, max_row=last))
        _bar_colours(chart, colours)
        legend_below(chart)
        _visible_axes(chart)
        chart.height, chart.width = 7.2, 19
        summary.add_chart(chart, at)

    # PV cost borne against PV fiscal; PV fiscal, economic and social by outcome
    bars(
        "Who pays and who benefits (PV)", "partners", (2, 4), (COST, BENEFIT), "E18", stacked=False
    )
    below = m.rows["summary.outcomes.last"] + 2
    bars(
        "Benefits by outcome (PV)",
        "outcomes",
        (3, 6, 7),
        (BENEFIT, "92C5DE", PUBLIC),
        f"A{below}",
        stacked=True,
    )
    summary.print_area = f"A1:M{max(below + 15, m.rows['summary.metrics.last'])}"


def legend_below(chart: Any) -> None:
    """The legend under the plot."""
    if chart.legend is not None:
        chart.legend.position = "b"


def _visible_axes(chart: Any) -> None:
    """Both axes drawn (openpyxl writes them deleted unless told)."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False
