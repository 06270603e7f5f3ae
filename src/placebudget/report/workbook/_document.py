"""The document around the calculation: the Cover sheet (what the workbook is and how to
read it), the Assumptions sheet (sources, grades, optimism bias and the trace of every
value to the price base) and the native charts on the Summary sheet."""

from __future__ import annotations

import datetime as _dt

from placebudget._version import __version__
from placebudget.engine import dims as D
from placebudget.model import financial_year_label
from placebudget.report.frames import assumptions as assumptions_frame
from placebudget.report.frames import vintages
from placebudget.report.workbook._cells import FIRST_YEAR, SHARE, col, write_table, yc
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
        ("Price base", f"{financial_year_label(m.result.price_base)} prices"),
        ("First year", financial_year_label(m.years[0])),
        ("Horizon (years)", m.n),
        ("Discount schedule", attrs.get("discounting", "")),
        ("Discount rates by year", ", ".join(
            f"{financial_year_label(y)} {r:.2%}" for y, r in zip(m.years, m.rates(),
                                                                 strict=True))),
        ("GDP deflators", attrs.get("deflators", "")),
        ("Unit cost database", attrs.get("unit_costs", "")),
        ("Optimism bias table", attrs.get("optimism_bias_table", "")),
        ("Written by", f"placebudget {__version__}"),
        ("Written on", _dt.date.today().isoformat()),
    ]
    s.header(["Case", "Value"])
    for label, value in rows:
        s.text(s.row, 1, label, bold=True)
        s.text(s.row, 2, value)
        s.row += 1
    s.heading("Partners")
    s.header(["Partner", "Name", "Kind", "Department"])
    partners = {p.id: p for p in case.place.partners} if case is not None else {}
    for p, partner in enumerate(m.partners):
        known = partners.get(partner)
        s.text(s.row, 1, partner)
        s.text(s.row, 2, known.name if known is not None else partner)
        s.text(s.row, 3, m.kinds[p])
        s.text(s.row, 4, (known.department or "") if known is not None else "")
        s.row += 1
    s.heading("How to read this workbook")
    key = s.ws.cell(row=s.row, column=1, value="Input cell: change it")
    key.font, key.fill = s.input_font, s.input_fill
    s.text(s.row, 2, "every other figure is an Excel formula over the input cells of the "
           "Inputs sheet; recalculate (F9) after a change")
    s.row += 1
    for title, text in (
            ("Summary", "headline metrics, who pays and who benefits, benefits by outcome, "
             "charts"),
            ("Agreements", "each agreement option: shares, contributions to the penny, "
             "transfers, each partner's results"),
            ("Inputs", "every input, named (Formulas › Name Manager)"),
            ("Assumptions", "each input's source, evidence grade and optimism bias; each "
             "value's trace from the published figure to the price base"),
            ("People, Effects, Values, Costs, Results", "the calculation, year by year"),
            ("Other sheets", "figures no formula reproduces (sensitivity, Monte Carlo, "
             "evaluation), as values")):
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
    for e, name in enumerate(m.effects):
        effect = effects[e] if len(effects) == len(m.effects) else None
        s.text(s.row, 1, name)
        s.put(s.row, 2, int(inputs[D.EFFECT_CONFIDENCE].to_numpy()[e]), "0")
        s.put(s.row, 3, m.value(D.BENEFIT_OPTIMISM_BIAS, e), SHARE)
        s.text(s.row, 4, (effect.source or "") if effect is not None else "")
        s.text(s.row, 5, effect.description if effect is not None else "")
        s.row += 1
    s.heading("Cost lines: evidence grade and optimism bias applied")
    s.header(["Cost line", "Grade", "Optimism bias applied", "Kind", "Description"])
    for line, name in enumerate(m.lines):
        known = lines[line] if len(lines) == len(m.lines) else None
        s.text(s.row, 1, name)
        s.put(s.row, 2, int(inputs[D.LINE_CONFIDENCE].to_numpy()[line]), "0")
        s.put(s.row, 3, m.value(D.COST_OPTIMISM_BIAS, line), SHARE)
        s.text(s.row, 4, str(inputs[D.LINE_KIND].to_numpy()[line]))
        s.text(s.row, 5, known.description if known is not None else "")
        s.row += 1
    traces = m.result.projection.value_traces().reset_index()
    write_table(s, traces.drop(columns=["path"]),
                title="Values and costs: code → published £ → price year → deflator factor "
                "→ uprated £ at the price base")
    write_table(s, assumptions_frame(m.result), title="The case and its reference tables")
    s.finish({1: 52, 2: 14, 3: 14, 4: 40, 5: 40}, freeze="A3")


def charts(m: Model) -> None:
    """Native charts on the Summary sheet: cumulative cost against cumulative benefit,
    who pays and who benefits, and benefits by outcome."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.worksheet.pagebreak import Break

    summary, results = m.sheets["Summary"].ws, m.sheets["Results"].ws
    anchor = m.rows["summary.charts"]
    summary.row_breaks.append(Break(id=anchor - 1))  # the charts print on a page of their own
    first, last = FIRST_YEAR, FIRST_YEAR + m.n - 1
    years = Reference(results, min_col=first, max_col=last, min_row=2, max_row=2)
    line = LineChart()
    line.title = "Cumulative cost and benefit (undiscounted)"
    line.y_axis.title = "£"
    line.y_axis.numFmt = '"£"#,##0'
    for key in ("cumulative.cost", "cumulative.fiscal", "cumulative.public"):
        r = m.rows[key]
        line.add_data(Reference(results, min_col=1, max_col=last, min_row=r, max_row=r),
                      from_rows=True, titles_from_data=True)
    # the series run from column A (their titles) to the last year: drop B–G
    for series in line.series:
        series.val.numRef.f = series.val.numRef.f.replace("$B$", f"${yc(0)}$", 1)
    line.set_categories(years)
    line.height, line.width = 8, 18
    summary.add_chart(line, f"A{anchor}")

    def bars(title: str, table: str, columns: tuple[int, ...], at: str, *,
             stacked: bool) -> None:
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
            chart.add_data(Reference(summary, min_col=column, min_row=first - 1,
                                     max_row=last), titles_from_data=True)
        chart.set_categories(Reference(summary, min_col=1, min_row=first, max_row=last))
        chart.height, chart.width = 8, 18
        summary.add_chart(chart, at)

    # PV cost borne against PV fiscal; PV fiscal, economic and social by outcome
    bars("Who pays and who benefits (PV)", "partners", (2, 4), f"F{anchor}", stacked=False)
    bars("Benefits by outcome (PV)", "outcomes", (3, 6, 7), f"A{anchor + 18}", stacked=True)
    # the charts print with the tables: about 18 rows each
    summary.print_area = f"A1:{col(max(summary.max_column, 13))}{anchor + 36}"
