"""The Summary sheet of the live model: the headline metrics (each a defined name, see
:func:`defined_name`), each partner's results and each outcome's benefits, all formulas
over the Results sheet (the charts below them are :mod:`._document`'s)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Alignment

from placebudget.figures import FIGURES
from placebudget.model import financial_year_label
from placebudget.report.outline import column_label
from placebudget.report.workbook._cells import COUNT, MONEY, RATIO, SHARE, YEAR, col
from placebudget.report.workbook._context import Model, row

if TYPE_CHECKING:
    from placebudget.engine.results import Results
    from placebudget.report.workbook._cells import Sheet
from placebudget.report.workbook._formulas import fy_label, payback, ratio

#: Headline metrics → label on the Summary sheet (the catalogue's title of the figure);
#: each is a defined name (:func:`defined_name`), the engine's metric name
#: (:func:`placebudget.engine.appraise`).
OUTPUT_NAMES: dict[str, str] = {
    name: FIGURES[name].title
    for name in (
        "pv_cost",
        "pv_fiscal",
        "pv_cashable",
        "pv_economic",
        "pv_social",
        "pv_transfers",
        "pv_public",
        "npbi",
        "fiscal_roi",
        "nppv",
        "bcr",
        "payback_year",
        "discounted_payback_year",
        "pv_baseline_cost",
        "baseline_saving_share",
        "pv_reinvested",
        "pv_risk",
        "pv_cost_risk_adjusted",
        "npbi_risk_adjusted",
        "nppv_risk_adjusted",
        "pv_weighted_benefit",
        "pv_public_weighted",
        "nppv_weighted",
        "bcr_weighted",
        "eac",
        "eanc",
        "payback_period",
        "payback_shortfall",
        "payback_surplus",
        "discounted_payback_period",
        "discounted_payback_shortfall",
        "discounted_payback_surplus",
    )
}

#: Per-partner columns of the Summary's partner table, in order.
_PARTNER_COLUMNS: tuple[str, ...] = (
    "pv_cost",
    "pv_risk",
    "pv_fiscal",
    "pv_cashable",
    "net",
    "pv_baseline_cost",
    "saving_share",
    "roi",
    "payback_year",
    "discounted_payback_year",
)

#: Per-outcome columns of the Summary's outcome table, in order.
_OUTCOME_COLUMNS: tuple[str, ...] = (
    "volume",
    "pv_fiscal",
    "pv_cashable",
    "pv_transfers",
    "pv_economic",
    "pv_social",
    "pv_public",
    "pv_baseline_cost",
)

#: A hidden cell's text must not spill into the visible cells beside it.
_LEFT = Alignment(horizontal="left")

#: The hidden column holding each payback year as a number (its defined name's cell;
#: the visible cell shows it as a financial year, ``2016/17``).
PAYBACK_NUMBERS = 15


def defined_name(metric: str) -> str:
    """The workbook's defined name for an engine metric: the metric's own name, but with
    a suffix for a name that is also a column (``bcr``, ``eac``).

    Examples
    --------
    >>> defined_name("npbi"), defined_name("bcr")
    ('npbi', 'bcr_value')
    """
    return f"{metric}_value" if len(metric) <= 3 and metric.isalpha() else metric


def _pv(key: str) -> str:
    """A formula: the present value (column G) of the Results row ``key``."""
    return f"=Results!$G${row(key)}"


def _format(metric: str) -> str:
    return (
        YEAR
        if metric.endswith("payback_year")
        else RATIO
        if metric.endswith("payback_period")
        else SHARE
        if metric.endswith("share")
        else RATIO
        if metric in ("fiscal_roi", "bcr", "bcr_weighted", "roi")
        else MONEY
    )


def _optimism_bias(s: Sheet, m: Model, results: Results) -> None:
    """Below the headline metrics: the optimism bias table the case used and its status,
    and the headline figures with optimism bias as stated and with every rate 0 — values
    computed by placebudget, not formulas (the model would have to be laid out twice to
    recompute the case without it), as the report's ``optimism_bias`` table gives them."""
    from placebudget.report.contents import OPTIMISM_BIAS_ROWS

    attrs = m.inputs.attrs
    found = results.optimism_bias
    if not attrs.get("optimism_bias_status") or found is None:
        return
    s.heading("Optimism bias: the headline with and without it")
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value in (
        ("Optimism bias table", f"{attrs['optimism_bias_title']} ({attrs['optimism_bias_table']})"),
        ("Rates by evidence grade 1 to 6", str(attrs.get("optimism_bias_rates", ""))),
        ("Status", str(attrs["optimism_bias_status"])),
    ):
        r = s.row
        s.text(r, 1, label)
        s.text(r, 2, value, bold=label == "Status").alignment = wrap
        s.ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        s.row += 1
    m.rows["summary.optimism_bias.status"] = s.row - 1
    s.header(["Figure", *OPTIMISM_BIAS_ROWS.values()])
    for metric in found.columns:
        r = s.row
        s.text(r, 1, FIGURES[str(metric)].title)
        for k, scenario in enumerate(OPTIMISM_BIAS_ROWS):
            figure = float(found[metric].to_numpy(dtype=float)[list(found.index).index(scenario)])
            if str(metric).endswith("payback_year"):
                year = "not reached" if figure != figure else financial_year_label(int(figure))
                s.put(r, 2 + k, year, "@")
            else:
                s.put(r, 2 + k, figure, _format(str(metric)))
        s.row += 1
    r = s.row
    s.small(
        r,
        1,
        "Values computed by placebudget with every optimism bias rate 0 (benefits and "
        "costs), not formulas: they do not follow the inputs (the Optimism bias sheet says "
        "when they are out of date).",
    ).alignment = wrap
    s.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
    s.ws.row_dimensions[r].height = 30
    s.row += 1


def payback_margins(tag: str, running: str) -> dict[str, str]:
    """The formulas of a payback's margin and period (``tag``: ``payback`` or
    ``discounted_payback``) over its payback year and the cumulative net row ``running``
    (the engine's ``payback_margins``): the surplus at the end of the payback year, the
    shortfall at the end of the year before and the period, linear within the year.

    Examples
    --------
    >>> payback_margins("payback", "cumulative_net")["payback_shortfall"]  # doctest: +ELLIPSIS
    '=IF(ISNUMBER(payback_year),MAX(0,-IF(payback_year-INDEX(fin_years,1,1)+1>1,...'
    """
    year = f"{tag}_year"
    k = f"{year}-INDEX(fin_years,1,1)+1"  # the payback year's place, 1 = the first
    at = f"INDEX({running},1,{k})"
    prior = f"IF({k}>1,INDEX({running},1,MAX(1,{k}-1)),0)"
    shortfall = f"MAX(0,-{prior})"
    return {
        f"{tag}_shortfall": f'=IF(ISNUMBER({year}),{shortfall},"n/a")',
        f"{tag}_surplus": f'=IF(ISNUMBER({year}),MAX(0,{at}),"n/a")',
        f"{tag}_period": (
            f"=IF(ISNUMBER({year}),{k}-1+IF({shortfall}>0,"
            f'MIN(1,{shortfall}/({at}-{prior})),0),"n/a")'
        ),
    }


def summary_sheet(m: Model, computed: Results | None = None) -> None:
    """The headline metrics, each partner's results and each outcome's, all formulas over
    the Results sheet, with the charts beside them (one landscape page); with
    ``computed`` (the results), the optimism bias table the case used and the headline
    with and without optimism bias below the metrics (values)."""
    s, results = m.sheets["Summary"], m.sheets["Results"]
    s.headline(f"Summary: {m.inputs.attrs.get('case', '')}")
    s.put(
        2,
        1,
        '="£ at "&TEXT(price_base,"0")&"/"&RIGHT(TEXT(price_base+1,"0"),2)'
        f'&" prices, discounted to {financial_year_label(m.years[0])}; every figure is a '
        "formula over the Inputs sheet; EAC and EANC divide by the sum of the discount factors "
        + (
            f"without {financial_year_label(m.years[0])}'s (an annuity immediate)\""
            if m.inputs.attrs.get("annuity", "due") == "immediate"
            else f'of every year, {financial_year_label(m.years[0])} included (an annuity due)"'
        ),
    )
    s.row = 3
    s.header(["Figure", "Value", "Defined name"])
    hidden = PAYBACK_NUMBERS

    def n(metric: str) -> str:
        return defined_name(metric)

    def payback_of(key: str) -> str:
        return payback(results.years_of(row(key)), "fin_years")

    # EAC and EANC divide by the annuity factor of the case's convention
    annuity = (
        "(SUM(discount_factor)-INDEX(discount_factor,1,1))"
        if m.inputs.attrs.get("annuity", "due") == "immediate"
        else "SUM(discount_factor)"
    )
    totals = {
        "pv_cost": "cost",
        "pv_fiscal": "fiscal",
        "pv_cashable": "cashable",
        "pv_economic": "economic",
        "pv_social": "social",
        "pv_transfers": "transfer",
        "pv_baseline_cost": "baseline",
        "pv_reinvested": "reinvested",
        "pv_risk": "risk",
        "pv_weighted_benefit": "weighted",
    }
    formulas = {metric: _pv(f"total.{key}") for metric, key in totals.items()}
    formulas |= {
        "pv_public": f"={n('pv_fiscal')}-{n('pv_transfers')}+{n('pv_economic')}+{n('pv_social')}",
        "npbi": f"={n('pv_fiscal')}-{n('pv_cost')}",
        "fiscal_roi": ratio(n("pv_fiscal"), n("pv_cost")),
        "nppv": f"={n('pv_public')}-{n('pv_cost')}",
        "bcr": ratio(n("pv_public"), n("pv_cost")),
        "payback_year": payback_of("payback.total"),
        "discounted_payback_year": payback_of("discounted.total"),
        "baseline_saving_share": ratio(n("pv_fiscal"), n("pv_baseline_cost")),
        "pv_cost_risk_adjusted": f"={n('pv_cost')}+{n('pv_risk')}",
        "npbi_risk_adjusted": f"={n('pv_fiscal')}-{n('pv_cost_risk_adjusted')}",
        "nppv_risk_adjusted": f"={n('pv_public')}-{n('pv_cost_risk_adjusted')}",
        "pv_public_weighted": f"={n('pv_fiscal')}-{n('pv_transfers')}+{n('pv_weighted_benefit')}",
        "nppv_weighted": f"={n('pv_public_weighted')}-{n('pv_cost')}",
        "bcr_weighted": ratio(n("pv_public_weighted"), n("pv_cost")),
        "eac": f"={n('pv_cost')}/{annuity}",
        "eanc": f"=({n('pv_cost')}-{n('pv_public')})/{annuity}",
    }
    for tag, running in (
        ("payback", "cumulative_net"),
        ("discounted_payback", "cumulative_pv_net"),
    ):
        formulas |= payback_margins(tag, running)
    shown = dict(OUTPUT_NAMES)
    if m.disbenefits:  # shown apart, after the fiscal benefits it is part of
        formulas["pv_disbenefit"] = _pv("total.disbenefit")
        metrics = list(shown)
        metrics.insert(metrics.index("pv_fiscal") + 1, "pv_disbenefit")
        shown = {name: shown.get(name, FIGURES[name].title) for name in metrics}
    for metric, label in shown.items():
        r = s.row
        s.text(r, 1, label)
        if metric.endswith("payback_year"):  # shown once, as a financial year
            s.put(r, hidden, formulas[metric], YEAR).alignment = _LEFT
            s.put(r, 2, fy_label(f"${col(hidden)}{r}"), "@", bold=True)
            m.name(n(metric), s.ref(r, hidden))
        else:
            s.put(r, 2, formulas[metric], _format(metric), bold=True)
            m.name(n(metric), s.ref(r, 2))
        s.small(r, 3, n(metric))
        s.row += 1
    m.rows["summary.metrics.last"] = s.row - 1
    if computed is not None:
        _optimism_bias(s, m, computed)

    s.heading("Who pays and who benefits (PV)")
    s.header(["Partner", *(column_label(c) for c in _PARTNER_COLUMNS)])
    first = s.row
    for p in range(len(m.partners)):
        r = s.row
        s.text(r, 1, m.partner_names[p])
        cells = {
            "pv_cost": _pv(f"cost.{p}"),
            "pv_risk": _pv(f"risk.{p}"),
            "pv_fiscal": _pv(f"fiscal.{p}"),
            "pv_cashable": _pv(f"cashable.{p}"),
            "net": f"=D{r}-B{r}",
            "pv_baseline_cost": _pv(f"baseline.{p}"),
            "saving_share": ratio(f"D{r}", f"G{r}"),
            "roi": ratio(f"D{r}", f"B{r}"),
            "payback_year": payback_of(f"payback.{p}"),
            "discounted_payback_year": payback_of(f"discounted.{p}"),
        }
        for k, (column, value) in enumerate(cells.items()):
            if column.endswith("payback_year"):
                number = hidden + (column == "discounted_payback_year")
                s.put(r, number, value, YEAR).alignment = _LEFT
                s.put(r, 2 + k, fy_label(f"${col(number)}{r}"), "@")
            else:
                s.put(r, 2 + k, value, _format(column))
        s.row += 1
    m.rows["summary.partners.first"], m.rows["summary.partners.last"] = first, s.row - 1
    for k, column in enumerate(_PARTNER_COLUMNS):
        at = (
            hidden + (column == "discounted_payback_year")
            if column.endswith("payback_year")
            else 2 + k
        )
        m.name(f"partner_{column}", s.span(first, s.row - 1, at, at))

    s.heading("Benefits by outcome (PV; units changed over the horizon)")
    s.header(["Outcome", *(column_label(c) for c in _OUTCOME_COLUMNS)])
    first = s.row
    for o in range(len(m.outcomes)):
        r = s.row
        s.text(r, 1, m.outcome_names[o])
        cells = {
            "volume": f"=Results!$F${row(f'volume_o.{o}')}",
            **{
                column: _pv(f"{key}_o.{o}")
                for column, key in (
                    ("pv_fiscal", "fiscal"),
                    ("pv_cashable", "cashable"),
                    ("pv_transfers", "transfer"),
                    ("pv_economic", "economic"),
                    ("pv_social", "social"),
                )
            },
            "pv_public": f"=C{r}-E{r}+F{r}+G{r}",
            "pv_baseline_cost": _pv(f"baseline_o.{o}"),
        }
        for k, value in enumerate(cells.values()):
            s.put(r, 2 + k, value, COUNT if k == 0 else MONEY)
        s.row += 1
    m.rows["summary.outcomes.first"], m.rows["summary.outcomes.last"] = first, s.row - 1
    for k, column in enumerate(_OUTCOME_COLUMNS):
        m.name(f"outcome_{column}", s.span(first, s.row - 1, 2 + k, 2 + k))
    for number in (hidden, hidden + 1):  # the payback years as numbers, for the names
        s.ws.column_dimensions[col(number)].hidden = True
    s.finish(
        {1: 44, 2: 15, 3: 17, **dict.fromkeys(range(4, 13), 13.5), 13: 13.5},
        freeze="A4",
        landscape=True,
        pages_tall=1,
    )
