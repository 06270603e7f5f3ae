"""The report's tables a formula can reproduce, as formulas over the calculation sheets:
"What failure costs" (the reactive spend as is by partner, with its chart), "Cost per
member", "Value for money", "Interventions" and "Cost per outcome" — laid out as the
report's outline has them (:func:`placebudget.report.report_contents`), their headers the
catalogue's labels.

Each numeric column is a defined name ``{table}_{column}`` (``as_is_saving``,
``interventions_bcr``) spanning its rows, a total row included.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from placebudget.model import VFM_BANDS
from placebudget.report.outline import column_label
from placebudget.report.workbook._cells import (
    COUNT,
    MONEY,
    NUMBER_FORMATS,
    RATIO,
    SHARE,
    Sheet,
    col,
)
from placebudget.report.workbook._context import Model, required, row
from placebudget.report.workbook._document import legend_below
from placebudget.report.workbook._formulas import ratio

if TYPE_CHECKING:
    from placebudget.engine.results import Results

#: The report tables written as formulas, and their sheets, in workbook order.
LIVE_SHEETS: dict[str, str] = {
    "as_is": "What failure costs",
    "per_member": "Cost per member",
    "value_for_money": "Value for money",
    "interventions": "Interventions",
    "cost_per_outcome": "Cost per outcome",
}

_PER_UNIT = NUMBER_FORMATS["money_per_unit"]


def vfm(cell: str) -> str:
    """The value-for-money category of the BCR in ``cell`` (DfT/MHCLG bands; a boundary
    goes to the higher band; ``n/a`` for no ratio).

    Examples
    --------
    >>> vfm("E4")  # doctest: +ELLIPSIS
    '=IF(ISNUMBER(E4),IF(E4>=4,"very high",IF(E4>=2,"high",...,"n/a")'
    """
    formula = f'"{VFM_BANDS[0][0]}"'
    for category, lowest in VFM_BANDS[1:]:
        formula = f'IF({cell}>={lowest:g},"{category}",{formula})'
    return f'=IF(ISNUMBER({cell}),{formula},"n/a")'


class _Table:
    """A table being written on a live sheet: a header from the catalogue's labels, rows
    of formulas, a defined name per numeric column."""

    def __init__(
        self,
        m: Model,
        name: str,
        title: str,
        columns: Sequence[str],
        labels: dict[str, str] | None = None,
    ) -> None:
        self.m, self.name, self.columns = m, name, list(columns)
        self.s = s = Sheet(m.book, LIVE_SHEETS[name], m.n)
        m.sheets[LIVE_SHEETS[name]] = s
        s.headline(title)
        s.note(
            "Every figure is a formula over the calculation sheets (present values, £ at "
            "the price base): it follows any change of the Inputs."
        )
        s.row = 3
        self.header = s.header([(labels or {}).get(c) or column_label(c) for c in columns])
        self.first = s.row
        self.formats: dict[str, str] = {}

    def letter(self, column: str) -> str:
        return col(self.columns.index(column) + 1)

    def add(self, cells: dict[str, Any], *, bold: bool = False) -> int:
        """A row: text for a label column, a formula (or number) with the number format
        of its figure's kind otherwise."""
        s, r = self.s, self.s.row
        for column, value in cells.items():
            at = self.columns.index(column) + 1
            if column in self.formats:
                s.put(r, at, value, self.formats[column], bold=bold)
            else:
                s.text(r, at, value, bold=bold)
        s.row += 1
        return r

    def finish(self, widths: dict[int, float]) -> None:
        s = self.s
        for column in self.formats:
            at = self.columns.index(column) + 1
            self.m.name(f"{self.name}_{column}", s.span(self.first, s.row - 1, at, at))
        s.finish(widths, freeze=f"B{self.first}", landscape=True, pages_tall=1)


def live_sheets(m: Model, results: Results) -> None:
    """The five live tables (see the module docstring), in workbook order."""
    _as_is(m)
    _per_member(m)
    _value_for_money(m, results)
    _interventions(m)
    _cost_per_outcome(m)


def _pv(key: str) -> str:
    return f"Results!$G${row(key)}"


def _as_is(m: Model) -> None:
    from openpyxl.chart import BarChart, Reference

    columns = [
        "partner",
        "reactive_as_is",
        "investment",
        "saving",
        "saving_share",
        "reactive_with_programme",
    ]
    t = _Table(m, "as_is", "What failure costs today and who pays (present values)", columns)
    t.formats = {
        "reactive_as_is": MONEY,
        "investment": MONEY,
        "saving": MONEY,
        "saving_share": SHARE,
        "reactive_with_programme": MONEY,
    }
    first = t.first
    for p in range(len(m.partners)):
        r = t.s.row
        t.add(
            {
                "partner": m.partner_names[p],
                "reactive_as_is": f"={_pv(f'baseline.{p}')}",
                "investment": f"={_pv(f'cost.{p}')}",
                "saving": f"={_pv(f'fiscal.{p}')}",
                "saving_share": ratio(f"D{r}", f"B{r}"),
                "reactive_with_programme": f"=B{r}-D{r}",
            }
        )
    last, r = t.s.row - 1, t.s.row

    def total(letter: str) -> str:
        return f"=SUM({letter}{first}:{letter}{last})" if last >= first else "=0"

    t.add(
        {
            "partner": "Total",
            "reactive_as_is": total("B"),
            "investment": total("C"),
            "saving": total("D"),
            "saving_share": ratio(f"D{r}", f"B{r}"),
            "reactive_with_programme": total("F"),
        },
        bold=True,
    )
    t.finish({1: 36, **dict.fromkeys(range(2, 7), 17)})
    if last < first:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = "What failure costs today and who pays (PV)"
    chart.y_axis.title = "£"
    chart.y_axis.numFmt = '"£"#,##0'
    for column, colour in (
        ("reactive_as_is", "D6604D"),
        ("reactive_with_programme", "F4A582"),
        ("investment", "2166AC"),
    ):
        at = columns.index(column) + 1
        chart.add_data(
            Reference(t.s.ws, min_col=at, min_row=t.header, max_row=last), titles_from_data=True
        )
        series = chart.series[-1]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(t.s.ws, min_col=1, min_row=first, max_row=last))
    chart.x_axis.delete = chart.y_axis.delete = False
    legend_below(chart)
    chart.height, chart.width = 8, 18
    t.s.ws.add_chart(chart, f"A{t.s.row + 2}")
    t.s.ws.print_area = f"A1:F{t.s.row + 18}"


def _per_member(m: Model) -> None:
    partners = [f"partner.{p}" for p in range(len(m.partners))]
    labels = {
        "intervention": "Intervention",
        "unit": "Cohort unit",
        **dict(zip(partners, m.partner_names, strict=True)),
        "total": "Total",
    }
    t = _Table(
        m,
        "per_member",
        "Reactive cost of one cohort member in one year, as is "
        "(Σ over the intervention's effects of baseline × fiscal value; £ at the "
        "price base)",
        ["intervention", "unit", *partners, "total"],
        labels,
    )
    t.formats = {**dict.fromkeys(partners, MONEY), "total": MONEY}
    units = (
        [i.cohort.unit for i in m.case.interventions]
        if m.case is not None and len(m.case.interventions) == len(m.interventions)
        else [""] * len(m.interventions)
    )
    e = len(m.effects)
    for i in range(len(m.interventions)):
        r = t.s.row
        cells: dict[str, Any] = {"intervention": m.intervention_names[i], "unit": units[i]}
        for p, key in enumerate(partners):
            if e:
                owner = f"Inputs!$C${row('inputs.effect.0')}:$C${row(f'inputs.effect.{e - 1}')}"
                baseline = f"Inputs!$E${row('inputs.effect.0')}:$E${row(f'inputs.effect.{e - 1}')}"
                c = col(3 + p)
                value = f"Prices!${c}${row('prices.fiscal.0')}:${c}${row(f'prices.fiscal.{e - 1}')}"
                cells[key] = f"=SUMPRODUCT(({owner}={i + 1})*{baseline}*{value})"
            else:
                cells[key] = 0
        end = col(2 + len(partners))
        cells["total"] = f"=SUM(C{r}:{end}{r})" if partners else 0
        t.add(cells)
    t.finish({1: 36, 2: 12, **{3 + p: 16 for p in range(len(partners) + 1)}})


def _discounting_rows(m: Model) -> list[tuple[str, str, str]]:
    """The value-for-money rows under other discounting, as the engine's
    ``discounting_sensitivity``: health values at the case's rate (when some are
    discounted apart), the low long-term rate (a horizon over 50 years) and the 2026
    review's constant 3.0 % — each the cost and public value rows by year discounted
    with that row's factors, health values keeping the health factors."""
    from placebudget.engine.green_book import HEALTH_OFF_BASIS, LOW_RATE_BASIS, REVIEW_BASIS

    results_sheet = m.sheets["Results"]
    cost = results_sheet.years_of(row("total.cost"))
    public = results_sheet.years_of(row("total.public"))
    health = "total.health_social" in m.rows
    rows: list[tuple[str, str, str]] = []
    if health:
        rows.append((HEALTH_OFF_BASIS, "=pv_cost", f"=SUMPRODUCT({public},discount_factor)"))

    def at(factors: str) -> tuple[str, str]:
        correction = ""
        if health:  # health values keep the health factors
            part = results_sheet.years_of(row("total.health_social"))
            correction = f"+SUMPRODUCT({part},health_discount_factor)-SUMPRODUCT({part},{factors})"
        return f"=SUMPRODUCT({cost},{factors})", f"=SUMPRODUCT({public},{factors}){correction}"

    if "low_rate_discount_factor" in m.rows:
        rows.append((LOW_RATE_BASIS, *at("low_rate_discount_factor")))
    rows.append((REVIEW_BASIS, *at("review_discount_factor")))
    return rows


def _value_for_money(m: Model, results: Results) -> None:
    columns = ["basis", "pv_cost", "pv_public", "nppv", "bcr", "vfm_category"]
    t = _Table(
        m,
        "value_for_money",
        "Value for money: the benefit-cost ratio's category "
        "(DfT/MHCLG: very poor below 0, poor 0-1, low 1-1.5, medium 1.5-2, high 2-4, "
        "very high 4 and above)",
        columns,
        {"basis": "Basis"},
    )
    t.formats = {
        "pv_cost": MONEY,
        "pv_public": MONEY,
        "nppv": MONEY,
        "bcr": RATIO,
        "vfm_category": "@",
    }
    case = m.case
    rows: list[tuple[str, str, str]] = [("as appraised", "=pv_cost", "=pv_public")]
    if case is not None and case.risks:
        rows.append(
            (
                "risk-adjusted (expected cost of the risk register added)",
                "=pv_cost_risk_adjusted",
                "=pv_public",
            )
        )
    if case is not None and case.distributional_weights is not None:
        rows.append(
            (
                f"distributionally weighted (eta {case.distributional_weights.eta:g})",
                "=pv_cost",
                "=pv_public_weighted",
            )
        )
    if m.metb is not None:
        rows.append(
            (
                '="sensitivity: METB at "&TEXT(metb_rate*100,"0")&"% of the net cost '
                'to the exchequer"',
                "=pv_cost+metb_rate*(pv_cost-pv_cashable)",
                "=pv_public",
            )
        )
    rows += _discounting_rows(m)
    for basis, cost, public in rows:
        r = t.s.row
        if basis.startswith("="):
            t.s.put(r, 1, basis)
        else:
            t.s.text(r, 1, basis)
        t.add(
            {
                "pv_cost": cost,
                "pv_public": public,
                "nppv": f"=C{r}-B{r}",
                "bcr": ratio(f"C{r}", f"B{r}"),
                "vfm_category": vfm(f"E{r}"),
            }
        )
    t.finish({1: 62, **dict.fromkeys(range(2, 7), 16)})


def _interventions(m: Model) -> None:
    columns = [
        "intervention",
        "pv_cost",
        "pv_fiscal",
        "pv_transfers",
        "pv_economic",
        "pv_social",
        "pv_public",
        "weight",
        "pv_public_weighted",
        "npbi",
        "nppv",
        "fiscal_roi",
        "bcr",
        "vfm_category",
    ]
    t = _Table(
        m,
        "interventions",
        "By intervention: each intervention's own costs and "
        "benefits beside the place total (present values)",
        columns,
        {"intervention": "Intervention"},
    )
    t.formats = dict.fromkeys(columns[1:], MONEY) | {
        "weight": RATIO,
        "fiscal_roi": RATIO,
        "bcr": RATIO,
        "vfm_category": "@",
    }
    lines = (
        f"Costs!$C${row('lines.first')}:$C${row('lines.last')}",
        f"Costs!$G${row('lines.first')}:$G${row('lines.last')}",
    )
    effects = len(m.effects)

    def by_effect(figure: str) -> Callable[[int], str]:
        """A SUMIF of the per-effect figure of the Cost per outcome sheet."""

        def formula(i: int) -> str:
            if not effects:
                return "=0"
            span = (
                f"'Cost per outcome'!${{c}}${row('per_effect.first')}:"
                f"${{c}}${row('per_effect.last')}"
            )
            return f"=SUMIF({span.format(c='I')},{i + 1},{span.format(c=_PER_EFFECT[figure])})"

        return formula

    fiscal, transfers = by_effect("pv_fiscal"), by_effect("pv_transfers")
    economic, social = by_effect("pv_economic"), by_effect("pv_social")
    first = t.first
    for i in range(len(m.interventions)):
        r = m.rows[f"interventions.{i}"] = t.s.row
        t.add(
            {
                "intervention": m.intervention_names[i],
                "pv_cost": f"=SUMIF({lines[0]},{i + 1},{lines[1]})" if m.lines else "=0",
                "pv_fiscal": fiscal(i),
                "pv_transfers": transfers(i),
                "pv_economic": economic(i),
                "pv_social": social(i),
                "pv_public": f"=C{r}-D{r}+E{r}+F{r}",
                "weight": f"=Inputs!$D${row(f'inputs.intervention.{i}')}",
                "pv_public_weighted": f"=C{r}-D{r}+H{r}*(E{r}+F{r})",
                **_appraised(r),
            }
        )
    last, r = t.s.row - 1, t.s.row

    def total(letter: str) -> str:
        return f"=SUM({letter}{first}:{letter}{last})" if last >= first else "=0"

    t.add(
        {
            "intervention": "Total",
            **{
                c: total(t.letter(c))
                for c in (
                    "pv_cost",
                    "pv_fiscal",
                    "pv_transfers",
                    "pv_economic",
                    "pv_social",
                    "pv_public",
                    "pv_public_weighted",
                )
            },
            "weight": "",
            **_appraised(r),
        },
        bold=True,
    )
    t.finish({1: 32, **dict.fromkeys(range(2, 15), 14)})


def _appraised(r: int) -> dict[str, str]:
    """NPBI, NPPV, fiscal ROI, BCR and its category of row ``r`` of the Interventions
    sheet (cost in B, fiscal in C, public value in G)."""
    return {
        "npbi": f"=C{r}-B{r}",
        "nppv": f"=G{r}-B{r}",
        "fiscal_roi": ratio(f"C{r}", f"B{r}"),
        "bcr": ratio(f"G{r}", f"B{r}"),
        "vfm_category": vfm(f"M{r}"),
    }


#: The Cost per outcome sheet's columns of each effect's benefits (present values),
#: beside the table, that the Interventions sheet sums (the intervention's number in I).
_PER_EFFECT: dict[str, str] = {
    "pv_fiscal": "J",
    "pv_transfers": "K",
    "pv_economic": "L",
    "pv_social": "M",
}


def _cost_per_outcome(m: Model) -> None:
    columns = [
        "effect",
        "intervention",
        "outcome",
        "unit",
        "pv_volume",
        "pv_cost",
        "cost_per_unit",
        "",
        "intervention_number",
        *_PER_EFFECT,
    ]
    labels = {
        "effect": "Effect",
        "intervention": "Intervention",
        "outcome": "Outcome",
        "unit": "Unit",
        "": " ",
        "intervention_number": "Intervention #",
        **{c: f"{column_label(c)} of the effect" for c in _PER_EFFECT},
    }
    t = _Table(
        m,
        "cost_per_outcome",
        "Cost per outcome: PV cost of the intervention over "
        "the PV of the outcome units it changes (the whole cost is attributed to each "
        "outcome, so these do not add up)",
        columns,
        labels,
    )
    t.formats = {
        "pv_volume": COUNT,
        "pv_cost": MONEY,
        "cost_per_unit": _PER_UNIT,
        "intervention_number": "0",
        **dict.fromkeys(_PER_EFFECT, MONEY),
    }
    units = (
        [str(u) for u in m.inputs["outcome_unit"].to_numpy()]
        if "outcome_unit" in m.inputs
        else [""] * len(m.outcomes)
    )
    m.rows["per_effect.first"] = t.s.row
    for e, effect in enumerate(m.effects):
        i = required(m.effect_intervention[e], effect)
        o = required(m.effect_outcome[e], effect)
        r = t.s.row

        def values(block: str, e: int = e, partners: int = len(m.partners)) -> str:
            if not partners:
                return "=0"
            return (
                f"=SUM(Values!$G${row(f'{block}.{e}.0')}:$G${row(f'{block}.{e}.{partners - 1}')})"
            )

        t.add(
            {
                "effect": m.effect_names[e],
                "intervention": m.intervention_names[i],
                "outcome": m.outcome_names[o],
                "unit": units[o],
                "pv_volume": f"=Effects!$G${row(f'volume.{e}')}",
                "pv_cost": f"=Interventions!$B${row(f'interventions.{i}')}",
                "cost_per_unit": ratio(f"F{r}", f"E{r}"),
                "intervention_number": i + 1,
                "pv_fiscal": values("fiscal"),
                "pv_transfers": values("transfer"),
                "pv_economic": f"=Values!$G${row(f'economic.{e}')}",
                "pv_social": f"=Values!$G${row(f'social.{e}')}",
            }
        )
    m.rows["per_effect.last"] = t.s.row - 1
    t.finish(
        {
            1: 36,
            2: 26,
            3: 24,
            4: 12,
            5: 14,
            6: 14,
            7: 14,
            8: 3,
            9: 12,
            **dict.fromkeys(range(10, 14), 15),
        }
    )
