"""The Summary sheet of the live model: the headline metrics (each a defined name, see
:func:`defined_name`), each partner's results and each outcome's benefits, all formulas
over the Results sheet (the charts below them are :mod:`._document`'s)."""

from __future__ import annotations

from placebudget.model import financial_year_label
from placebudget.report.workbook._cells import COUNT, MONEY, RATIO, SHARE, YEAR
from placebudget.report.workbook._context import Model, row
from placebudget.report.workbook._formulas import fy_label, payback, ratio

#: Headline metrics → (defined name of the cell, label on the Summary sheet); the names
#: are the engine's metric names (:func:`placebudget.engine.appraise`).
OUTPUT_NAMES: dict[str, str] = {
    "pv_cost": "PV cost (after optimism bias)",
    "pv_fiscal": "PV fiscal benefit",
    "pv_cashable": "PV cashable fiscal benefit",
    "pv_economic": "PV economic benefit",
    "pv_social": "PV social benefit",
    "pv_transfers": "PV transfer payments (in fiscal, not in public value)",
    "pv_public": "PV public value (fiscal − transfers + economic + social)",
    "npbi": "Net present budget impact (PV fiscal − PV cost)",
    "fiscal_roi": "Fiscal return on investment (PV fiscal ÷ PV cost)",
    "nppv": "Net present public value (PV public value − PV cost)",
    "bcr": "Benefit–cost ratio (PV public value ÷ PV cost)",
    "payback_year": "Payback year (cumulative fiscal benefit ≥ cumulative cost)",
    "discounted_payback_year": "Discounted payback year",
    "pv_baseline_cost": "PV reactive spend as is (what failure costs)",
    "baseline_saving_share": "Saving as a share of the reactive spend as is",
    "pv_reinvested": "PV cashable savings reinvested (part of PV cost)",
    "pv_risk": "PV expected cost of the risk register",
    "pv_cost_risk_adjusted": "PV cost, risk adjusted",
    "npbi_risk_adjusted": "Net present budget impact, risk adjusted",
    "nppv_risk_adjusted": "Net present public value, risk adjusted",
    "pv_weighted_benefit": "PV economic and social benefit, distributionally weighted",
    "pv_public_weighted": "PV public value, distributionally weighted",
    "nppv_weighted": "Net present public value, distributionally weighted",
    "bcr_weighted": "Benefit–cost ratio, distributionally weighted",
    "eac": "Equivalent annual cost (PV cost ÷ Σ discount factors)",
    "eanc": "Equivalent annual net cost ((PV cost − PV public value) ÷ Σ discount factors)",
}

#: Per-partner columns of the Summary's partner table → header.
_PARTNER_COLUMNS: dict[str, str] = {
    "pv_cost": "PV cost borne", "pv_risk": "PV expected risk cost", "pv_fiscal": "PV fiscal",
    "pv_cashable": "PV cashable", "net": "Net (PV fiscal − PV cost)",
    "pv_baseline_cost": "PV reactive spend as is", "saving_share": "Saving share",
    "roi": "ROI", "payback_year": "Payback year", "discounted_payback_year":
    "Discounted payback year"}

#: Per-outcome columns of the Summary's outcome table → header.
_OUTCOME_COLUMNS: dict[str, str] = {
    "volume": "Units changed", "pv_fiscal": "PV fiscal", "pv_cashable": "PV cashable",
    "pv_transfers": "PV transfers", "pv_economic": "PV economic", "pv_social": "PV social",
    "pv_public": "PV public value", "pv_baseline_cost": "PV reactive spend as is"}


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


def summary_sheet(m: Model) -> None:
    """The headline metrics, each partner's results and each outcome's, all formulas over
    the Results sheet, with the charts."""
    s, results = m.sheets["Summary"], m.sheets["Results"]
    result = m.result
    s.headline(f"Summary: {m.inputs.attrs.get('case', '')}")
    s.text(2, 1, f"£ at {financial_year_label(result.price_base)} prices, discounted to "
           f"{financial_year_label(m.years[0])}; every figure is a formula over the Inputs")
    s.row = 3
    s.header(["Metric", "Value", "Financial year", "Name"])

    def n(metric: str) -> str:
        return defined_name(metric)

    def payback_of(key: str) -> str:
        return payback(results.years_of(row(key)), "fin_years")

    totals = {"pv_cost": "cost", "pv_fiscal": "fiscal", "pv_cashable": "cashable",
              "pv_economic": "economic", "pv_social": "social", "pv_transfers": "transfer",
              "pv_baseline_cost": "baseline", "pv_reinvested": "reinvested",
              "pv_risk": "risk", "pv_weighted_benefit": "weighted"}
    formulas = {metric: _pv(f"total.{key}") for metric, key in totals.items()}
    formulas |= {
        "pv_public": f"={n('pv_fiscal')}-{n('pv_transfers')}+{n('pv_economic')}"
                     f"+{n('pv_social')}",
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
        "pv_public_weighted": f"={n('pv_fiscal')}-{n('pv_transfers')}"
                              f"+{n('pv_weighted_benefit')}",
        "nppv_weighted": f"={n('pv_public_weighted')}-{n('pv_cost')}",
        "bcr_weighted": ratio(n("pv_public_weighted"), n("pv_cost")),
        "eac": f"={n('pv_cost')}/SUM(discount_factor)",
        "eanc": f"=({n('pv_cost')}-{n('pv_public')})/SUM(discount_factor)",
    }
    for metric, label in OUTPUT_NAMES.items():
        r = s.row
        s.text(r, 1, label)
        number_format = (YEAR if metric.endswith("payback_year") else SHARE
                         if metric.endswith("share") else RATIO
                         if metric in ("fiscal_roi", "bcr", "bcr_weighted") else MONEY)
        s.put(r, 2, formulas[metric], number_format, bold=True)
        if metric.endswith("payback_year"):
            s.put(r, 3, fy_label(f"B{r}"))
        s.text(r, 4, metric)
        m.name(n(metric), s.ref(r, 2))
        s.row += 1

    s.heading("Who pays and who benefits (PV)")
    s.header(["Partner", *_PARTNER_COLUMNS.values(), "Payback (financial year)",
              "Discounted payback (financial year)"])
    first = s.row
    for p, partner in enumerate(m.partners):
        r = s.row
        s.text(r, 1, partner)
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
            number_format = (YEAR if column.endswith("payback_year") else SHARE
                             if column == "saving_share" else RATIO if column == "roi"
                             else MONEY)
            s.put(r, 2 + k, value, number_format)
        s.put(r, 2 + len(cells), fy_label(f"J{r}"))
        s.put(r, 3 + len(cells), fy_label(f"K{r}"))
        s.row += 1
    m.rows["summary.partners.first"], m.rows["summary.partners.last"] = first, s.row - 1
    for k, column in enumerate(_PARTNER_COLUMNS):
        m.name(f"partner_{column}", s.span(first, s.row - 1, 2 + k, 2 + k))

    s.heading("Benefits by outcome (PV; units changed over the horizon)")
    s.header(["Outcome", *_OUTCOME_COLUMNS.values()])
    first = s.row
    for o, outcome in enumerate(m.outcomes):
        r = s.row
        s.text(r, 1, outcome)
        cells = {
            "volume": f"=Results!$F${row(f'volume_o.{o}')}",
            **{column: _pv(f"{key}_o.{o}") for column, key in (
                ("pv_fiscal", "fiscal"), ("pv_cashable", "cashable"),
                ("pv_transfers", "transfer"), ("pv_economic", "economic"),
                ("pv_social", "social"))},
            "pv_public": f"=C{r}-E{r}+F{r}+G{r}",
            "pv_baseline_cost": _pv(f"baseline_o.{o}"),
        }
        for k, value in enumerate(cells.values()):
            s.put(r, 2 + k, value, COUNT if k == 0 else MONEY)
        s.row += 1
    m.rows["summary.outcomes.first"], m.rows["summary.outcomes.last"] = first, s.row - 1
    for k, column in enumerate(_OUTCOME_COLUMNS):
        m.name(f"outcome_{column}", s.span(first, s.row - 1, 2 + k, 2 + k))
    m.rows["summary.charts"] = s.row + 2
    s.finish({1: 58, **dict.fromkeys(range(2, 14), 16)}, freeze="A4", landscape=True)
