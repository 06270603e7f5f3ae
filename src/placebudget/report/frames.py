"""The tables every report format is built from, as pandas DataFrames.

One function, :func:`report_frames`, decides what a report contains; the Markdown, HTML,
Excel and JSON writers only lay it out. The data formats write the projection itself:
CSV as :func:`tidy`'s long table, netCDF as the Dataset.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> frames = report_frames(pb.project(example_case()).appraise())
>>> list(frames)  # doctest: +NORMALIZE_WHITESPACE
['as_is', 'per_member', 'summary', 'partners', 'years', 'outcomes', 'value_for_money',
 'interventions', 'cost_per_outcome', 'sensitivity', 'effects', 'costs', 'assumptions']
>>> frames["summary"].loc["npbi", "value"].round(2)
np.float64(395353.52)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine import green_book
from placebudget.engine.appraise import Appraisal
from placebudget.engine.evaluate import Evaluation
from placebudget.model import VFM_SOURCE, financial_year_label, vfm_category
from placebudget.reference import data_versions, metb_rate
from placebudget.report.tables import format_money

if TYPE_CHECKING:
    from placebudget.engine import Settlement, UncertaintySummary

__all__ = [
    "AS_IS_LABELS",
    "AS_IS_RULE",
    "AS_IS_TITLE",
    "GREEN_BOOK_SECTIONS",
    "MONTE_CARLO_CHANCES",
    "MONTE_CARLO_LABELS",
    "PUBLIC_VALUE_RULE",
    "PUBLIC_VALUE_TRANSFERS",
    "SUMMARY_LABELS",
    "as_is",
    "assumptions",
    "case_metb",
    "case_studies",
    "flat",
    "green_book_frames",
    "monte_carlo",
    "monte_carlo_intro",
    "pooled_budget",
    "report_frames",
    "summary",
    "tidy",
    "value_for_money",
    "vintages",
]

#: The title every report opens with.
AS_IS_TITLE = "What failure costs today and who pays"

#: How every report states what the reactive spend as is counts.
AS_IS_RULE = (
    "the cohort's whole intake (before engagement), each member followed from the intake "
    "year to the last year of an effect's benefit, × the effect's baseline per member per "
    "year × each partner's fiscal value, uprated and discounted like every other flow")

#: Columns of the :func:`as_is` table → their labels in reports.
AS_IS_LABELS: dict[str, str] = {
    "reactive_as_is": "Reactive spend as is (PV)",
    "investment": "Proactive investment (PV)",
    "saving": "Saving (PV)",
    "saving_share": "Saving as a share of its reactive spend",
    "reactive_with_programme": "Reactive spend with the programme (PV)",
}


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with named index levels turned into columns, for writing out."""
    named = isinstance(frame.index, pd.MultiIndex) or frame.index.name is not None
    return frame.reset_index() if named else frame

#: How every report labels the transfer payments left out of public value.
PUBLIC_VALUE_TRANSFERS = "Transfer payments left out of public value"

#: The rule every report states for the public value case.
PUBLIC_VALUE_RULE = (
    "public value = fiscal + economic + social values, less fiscal values that are transfer "
    "payments (tax, social security benefits), which move money and create none; the "
    "financial case keeps them (Unit Cost Database v1.4, Guidance sheet)")

#: Headline metrics: name → (label, unit).
SUMMARY_LABELS: dict[str, tuple[str, str]] = {
    "pv_cost": ("Present value of costs", "GBP"),
    "pv_reinvested": ("Present value of savings reinvested", "GBP"),
    "pv_fiscal": ("Present value of fiscal benefits", "GBP"),
    "pv_cashable": ("Present value of cashable fiscal benefits", "GBP"),
    "npbi": ("Net present budget impact", "GBP"),
    "fiscal_roi": ("Fiscal return on investment", "ratio"),
    "pv_economic": ("Present value of economic benefits", "GBP"),
    "pv_social": ("Present value of social benefits", "GBP"),
    "pv_public": ("Present value of public value", "GBP"),
    "pv_transfers": (PUBLIC_VALUE_TRANSFERS, "GBP"),
    "pv_baseline_cost": ("Present value of the reactive spend as is", "GBP"),
    "baseline_saving_share": ("Saving as a share of the reactive spend", "share"),
    "nppv": ("Net present public value", "GBP"),
    "bcr": ("Benefit-cost ratio", "ratio"),
    "eac": ("Equivalent annual cost", "GBP"),
    "eanc": ("Equivalent annual net cost", "GBP"),
    "payback_year": ("Payback year", "financial year"),
    "discounted_payback_year": ("Discounted payback year", "financial year"),
}


#: The Monte Carlo summary's chances: key of
#: :attr:`~placebudget.engine.UncertaintySummary.probabilities` → what it is the chance of.
MONTE_CARLO_CHANCES: dict[str, str] = {
    "npbi > 0": "Net present budget impact above zero",
    "fiscal_roi > 1": "Fiscal return on investment above 1",
    "nppv > 0": "Net present public value above zero",
    "bcr > 1": "Benefit-cost ratio above 1",
}

#: Every metric of a Monte Carlo summary: the headline's, and the risk-adjusted and
#: weighted figures (name → (label, unit)).
MONTE_CARLO_LABELS: dict[str, tuple[str, str]] = {
    **SUMMARY_LABELS,
    "pv_risk": ("Present value of the expected cost of risks", "GBP"),
    "nppv_risk_adjusted": ("Net present public value, risk-adjusted", "GBP"),
    "nppv_weighted": ("Net present public value, distributionally weighted", "GBP"),
}


def monte_carlo(uncertainty: UncertaintySummary) -> dict[str, pd.DataFrame]:
    """The Monte Carlo tables of a report: ``monte_carlo`` (each headline metric's
    ``label``, ``unit``, ``mean``, ``sd``, ``p5``, ``p50`` and ``p95`` over the draws),
    ``monte_carlo_chances`` (the ``probability`` that the case breaks even on each basis)
    and ``monte_carlo_partners`` (each partner's mean, 5th and 95th percentile net
    position and its chance of coming out ahead and of an ROI above 1) and
    ``monte_carlo_inputs`` (the inputs drawn and their distributions).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> found = monte_carlo(pb.summarize(pb.simulate(example_case(), draws=200, seed=1)))
    >>> list(found), list(found["monte_carlo"].columns)  # doctest: +NORMALIZE_WHITESPACE
    (['monte_carlo', 'monte_carlo_chances', 'monte_carlo_partners', 'monte_carlo_inputs'],
     ['label', 'unit', 'mean', 'sd', 'p5', 'p50', 'p95'])
    """
    labels = MONTE_CARLO_LABELS
    table = uncertainty.table
    has_risks = bool(np.any(np.abs(table.loc["pv_risk"].to_numpy()) > 0))
    weighted = not np.allclose(table.loc["nppv_weighted"].to_numpy(),
                               table.loc["nppv"].to_numpy(), rtol=1e-12, atol=0)
    hidden = set() if has_risks else {"pv_risk", "nppv_risk_adjusted"}
    if not weighted:
        hidden.add("nppv_weighted")
    if not np.any(np.abs(table.loc["pv_transfers"].to_numpy()) > 0):
        hidden.add("pv_transfers")  # a case with no transfer payments
    shown = [m for m in table.index if m in labels and m not in hidden]
    metrics = table.loc[shown, ["mean", "sd", "p5", "p50", "p95"]].astype(float)
    metrics.insert(0, "unit", [labels[m][1] for m in shown])
    metrics.insert(0, "label", [labels[m][0] for m in shown])
    metrics.index = pd.Index(shown, name="metric")
    chances = pd.DataFrame(
        {"probability": [float(uncertainty.probabilities[k]) for k in MONTE_CARLO_CHANCES]},
        index=pd.Index(list(MONTE_CARLO_CHANCES.values()), name="chance"))
    return {"monte_carlo": metrics, "monte_carlo_chances": chances,
            "monte_carlo_partners": uncertainty.by_partner.astype(float),
            "monte_carlo_inputs": uncertainty.inputs}


def monte_carlo_intro(uncertainty: UncertaintySummary) -> str:
    """The sentence every report opens its Monte Carlo section with: how many draws,
    of how many uncertain inputs, and the chance that the partners together come out
    ahead."""
    draws = int(uncertainty.metrics.sizes.get(D.DRAW, 0))
    inputs = len(uncertainty.inputs)
    chance = uncertainty.probabilities["npbi > 0"]
    return (f"{draws:,} draws of {inputs} uncertain input{'s' if inputs != 1 else ''} "
            "(the distributions stated in the case, and a spread by evidence grade for the "
            "rest): the mean, standard deviation and 5th, 50th and 95th percentiles of each "
            f"metric, the chance of breaking even on each basis (the partners together "
            f"come out ahead in {chance:.0%} of draws) and each partner's chance of coming "
            "out ahead.")


def summary(result: Appraisal) -> pd.DataFrame:
    """The headline metrics: ``label``, ``value`` and ``unit`` by metric, in the order
    every report shows them."""
    values = result.summary()
    return pd.DataFrame(
        {
            "label": [SUMMARY_LABELS[k][0] for k in SUMMARY_LABELS],
            "value": [float("nan") if values[k] is None else float(values[k])  # type: ignore[arg-type]
                      for k in SUMMARY_LABELS],
            "unit": [SUMMARY_LABELS[k][1] for k in SUMMARY_LABELS],
        },
        index=pd.Index(list(SUMMARY_LABELS), name="metric"),
    )


#: The Green Book tables: frame → (title, what it shows).
GREEN_BOOK_SECTIONS: dict[str, tuple[str, str]] = {
    "value_for_money": ("Value for money", "The benefit-cost ratio's value-for-money "
                        "category (DfT/MHCLG: poor below 1, low 1-1.5, medium 1.5-2, high "
                        "2-4, very high 4 and above; a boundary goes to the higher band)."),
    "interventions": ("By intervention", "Each intervention's own costs and benefits beside "
                      "the place total (present values)."),
    "cost_per_outcome": ("Cost per outcome", "PV cost of the intervention over the PV of "
                         "the outcome units it changes (discounted like money); the whole "
                         "cost is attributed to each outcome, so these do not add up."),
    "risks": ("Risk register", "Costed risks: the expected cost (probability × cost if it "
              "happens) is added to give the risk-adjusted cost."),
    "capital_optimism_bias": ("Capital optimism bias", "The results at each mitigation of "
                              "the project-type upper bound on the capital cost lines "
                              "(uplift = upper bound × (1 − mitigation))."),
    "distributional_weights": ("Distributional weights", "Public value with economic and "
                               "social values weighted by (median income / cohort income) ^ "
                               "eta, at several values of eta, beside the unweighted."),
    "interactions": ("Interactions between interventions", "Benefits before and after the "
                     "overlap of interventions reaching the same people and the stated "
                     "interaction adjustments (judgement)."),
}


def case_metb(result: Appraisal) -> float | None:
    """The METB rate a report shows as a sensitivity: the case's, else its Green Book
    edition's (none for 2026)."""
    case = result.projection.case
    if case is None:
        return None
    return case.metb if case.metb is not None else metb_rate(case.green_book)


def value_for_money(result: Appraisal) -> pd.DataFrame:
    """The value-for-money category of the BCR as appraised and, where the case has
    them, risk-adjusted, distributionally weighted (beside, never instead of, the
    unweighted) and with the costs of raising public funds (a sensitivity): PV cost, PV
    public value, NPPV, BCR and its category (DfT/MHCLG)."""
    case = result.projection.case
    rows = {"as appraised": (result.pv_cost, result.pv_public)}
    if case is not None and case.risks:
        rows["risk-adjusted (expected cost of the risk register added)"] = (
            result.pv_cost_risk_adjusted, result.pv_public)
    if case is not None and case.distributional_weights is not None:
        rows[f"distributionally weighted (eta {case.distributional_weights.eta:g})"] = (
            result.pv_cost, result.pv_public_weighted)
    rate = case_metb(result)
    if rate is not None:
        rows[f"sensitivity: METB at {rate:.0%} of the net cost to the exchequer"] = (
            result.pv_cost + green_book.metb_cost(result, rate), result.pv_public)
    frame = pd.DataFrame(rows, index=["pv_cost", "pv_public"]).T
    frame["nppv"] = frame["pv_public"] - frame["pv_cost"]
    frame["bcr"] = [p / c if c > 0 else float("nan")
                    for p, c in zip(frame["pv_public"], frame["pv_cost"], strict=True)]
    frame["vfm_category"] = [vfm_category(b) for b in frame["bcr"]]
    frame.index.name = "basis"
    return frame


def vintages(result: Appraisal) -> pd.DataFrame:
    """The bundled tables this appraisal used, with source, vintage and the date each
    was last checked (from :func:`placebudget.reference.data_versions`)."""
    attrs = result.projection.attrs
    used = {(attrs.get("discounting", ""), "discount schedule"),
            (attrs.get("deflators", ""), "GDP deflators"),
            (attrs.get("unit_costs", ""), "unit costs"),
            (attrs.get("optimism_bias_table", ""), "optimism bias by grade"),
            ("vfm", "value-for-money categories"),
            ("metb", "marginal excess tax burden")}
    if attrs.get("unit_costs", "").startswith("ucd-"):
        used.add(("ucd-transfers", "transfer payment shares"))
    if not np.isnan(result.projection.input_values(D.LINE_OB_UPPER)).all():
        used.add(("gb-2003-mott-macdonald", "capital optimism bias by project type"))
    codes = [c.strip() for c in str(attrs.get("appraisal_values", "")).split(",") if c.strip()]
    table = data_versions()
    keep = [key for key in table.index
            if key in used or any(code in str(key[0]).split(", ") for code in codes)
            or (key[1].startswith("appraisal value") and any(
                code in str(key[0]) for code in codes))]
    return table.loc[list(dict.fromkeys(keep))]


def as_is(result: Appraisal) -> pd.DataFrame:
    """What failure costs today and who pays: per partner, and a last row ``total``, the
    "as is" reactive spend, the proactive investment, the saving, the saving as a share of
    the reactive spend and the reactive spend with the programme (present values)."""
    frame = result.as_is.drop(columns="kind")
    total = frame.sum().to_frame("total").T
    total["saving_share"] = result.baseline_saving_share
    out = pd.concat([frame, total])
    out.index.name = D.PARTNER
    return out


def _per_member(result: Appraisal) -> pd.DataFrame:
    return result.baseline_per_member


def case_studies(result: Appraisal) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The case's costed families: by case study and payer, the cost ``before``,
    ``after`` and the ``saving``; and every contact line of every record."""
    studies = result.projection.case_studies
    if not studies:
        return pd.DataFrame(), pd.DataFrame()
    by_payer = pd.concat({s.study.name: s.by_agency() for s in studies},
                         names=["case_study", "payer"])
    lines = pd.concat({s.study.name: s.lines() for s in studies},
                      names=["case_study", "record", "code"])
    return by_payer, lines


def _year_labels(columns: Any) -> list[str]:
    """Financial years as ``2013/14``, other column names as they are."""
    return [financial_year_label(c) if isinstance(c, int) else str(c) for c in list(columns)]


def pooled_budget(result: Appraisal, settlements: Mapping[str, Settlement] | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For each agreement option of the case (settled here unless ``settlements`` gives
    them): each partner's contribution to the pot by year with the pot's total, beside its
    "as is" reactive spend and its saving; and what the pot pays for, by cost category and
    year."""
    case = result.projection.case
    if settlements is None:
        if case is None or not case.agreements:
            return pd.DataFrame(), pd.DataFrame()
        from placebudget.report.comparison import settle_all

        settlements = settle_all(result.projection, case.agreements)
    budgets, uses = {}, {}
    for option, settlement in settlements.items():
        budget = settlement.pooled_budget
        summary = settlement.pooled_summary
        budget.columns = _year_labels(budget.columns)
        budget = budget.rename(columns={"pv": "pv_contribution"})
        joined = budget.join(summary.drop(columns="pv_contribution"), how="left")
        joined.loc["pot", "share_of_pot"] = 1.0
        joined.loc["pot", ["pv_baseline_cost", "pv_saving", "net"]] = summary[
            ["pv_baseline_cost", "pv_saving", "net"]].sum().to_numpy()
        pot = joined.loc["pot"]
        joined.loc["pot", "saving_share_of_baseline"] = (
            pot["pv_saving"] / pot["pv_baseline_cost"] if pot["pv_baseline_cost"] > 0
            else float("nan"))
        joined.loc["pot", "contribution_share_of_baseline"] = (
            pot["pv_contribution"] / pot["pv_baseline_cost"] if pot["pv_baseline_cost"] > 0
            else float("nan"))
        budgets[option] = joined
        pays = settlement.pot_uses
        pays.columns = _year_labels(pays.columns)
        uses[option] = pays
    return (pd.concat(budgets, names=["option", D.PARTNER]),
            pd.concat(uses, names=["option", D.CATEGORY]))


def _effects(result: Appraisal) -> pd.DataFrame:
    case = result.projection.case
    rows: list[dict[str, Any]] = []
    if case is not None:
        for intervention in case.interventions:
            for effect in intervention.effects:
                rows.append({
                    "intervention": intervention.id, "outcome": effect.outcome,
                    "unit": effect.unit, "baseline": effect.baseline, "impact": effect.impact,
                    "deadweight": effect.deadweight, "displacement": effect.displacement,
                    "attribution": effect.attribution, "lag": effect.lag,
                    "duration": effect.duration, "drop_off": effect.drop_off,
                    "confidence": effect.confidence, "optimism_bias": effect.optimism_bias,
                    "values": "; ".join(f"{p}: {v.amount}" for p, v in effect.fiscal.items()),
                    "source": effect.source or "",
                })
    return pd.DataFrame(rows)


def _costs(result: Appraisal) -> pd.DataFrame:
    case = result.projection.case
    rows: list[dict[str, Any]] = []
    if case is not None:
        for intervention in case.interventions:
            for line in intervention.costs:
                rows.append({
                    "intervention": intervention.id, "partner": line.partner,
                    "category": line.category, "kind": line.kind,
                    "amounts": "; ".join(f"{y}: {a:,.0f}" for y, a in line.amounts.items()),
                    "per_participant": "" if line.per_participant is None
                    else str(line.per_participant),
                    "price_year": line.price_year, "confidence": line.confidence,
                    "optimism_bias": line.optimism_bias, "description": line.description,
                })
    return pd.DataFrame(rows)


def assumptions(result: Appraisal) -> pd.DataFrame:
    """The assumptions table every report ends with: the case, the reference tables and
    their vintages, the deflator years that are forecasts or assumptions, and the public
    value rule with the transfer payments it left out."""
    attrs = result.projection.attrs
    years = result.projection.years
    case = result.projection.case
    rows = [
        ("case", attrs.get("case", "")),
        ("place", case.place.name if case else attrs.get("place", "")),
        ("start year", financial_year_label(int(years[0]))),
        ("horizon (years)", len(years)),
        ("price base", f"{financial_year_label(result.price_base)} prices"),
        ("discount schedule", attrs.get("discounting", "")),
        ("GDP deflator series", attrs.get("deflators", "")),
        ("GDP deflator years covered", attrs.get("deflator_coverage", "")),
        ("deflator years used that are forecasts",
         attrs.get("deflator_forecast_years", "") or "none"),
        ("deflator years used that are assumed (series extended)",
         attrs.get("deflator_assumed_years", "") or "none"),
        ("unit cost database", attrs.get("unit_costs", "")),
        ("optimism bias table", attrs.get("optimism_bias_table", "")),
        ("public value", PUBLIC_VALUE_RULE),
        ("transfer payments excluded from public value (PV)",
         format_money(result.pv_transfers)),
        ("reactive spend as is", AS_IS_RULE),
        ("Green Book edition", case.green_book if case is not None else ""),
        ("appraisal values (gb:)", attrs.get("appraisal_values", "") or "none"),
        ("costs of raising public funds (METB)", _metb_text(result)),
        ("value-for-money categories", VFM_SOURCE),
    ]
    if case is not None and case.distributional_weights is not None:
        weights = case.distributional_weights
        rows.append(("distributional weights", f"(median income / cohort income) ^ eta, "
                     f"median {weights.median_income:,.0f} GBP a year, eta {weights.eta:g}"
                     f"{'; ' + weights.source if weights.source else ''}; economic and "
                     "social values only"))
    for interaction in case.interactions if case is not None else ():
        judgement = (f"; adjustment {interaction.adjustment:+.0%} (judgement: "
                     f"{interaction.rationale})" if interaction.adjustment else "")
        rows.append((f"interaction {' and '.join(interaction.between)}",
                     f"{interaction.overlap:.0%} of the first's participants also in the "
                     f"second{judgement}"))
    used = vintages(result)
    for (name, kind), vintage, source, checked in zip(
            used.index, used["vintage"], used["source"], used["checked"], strict=True):
        rows.append((f"vintage: {kind} {name}", f"{vintage} ({source}; checked {checked})"))
    plan = case.reinvestment if case is not None else None
    if case is not None and plan is not None:
        cap = "no cap" if plan.cap is None else f"at most {plan.cap:,.0f} GBP a year"
        whose = ", ".join(plan.partners) if plan.partners else "every partner"
        into = plan.into or case.interventions[0].id
        rows.append(("reinvestment", f"{plan.share:.0%} of the cashable savings of {whose} "
                     f"in each year buys extra participants of {into} the next year ({cap}); "
                     f"PV reinvested {result.pv_reinvested:,.2f}"))
    return pd.DataFrame(rows, columns=["assumption", "value"]).astype({"value": str})


def _metb_text(result: Appraisal) -> str:
    case = result.projection.case
    rate = case_metb(result)
    if rate is None:
        return ("not applied: the Green Book (February 2026) sets no uplift and says the "
                "costs of raising public funds should not generally be included")
    stated = "stated by the case" if case is not None and case.metb is not None else (
        f"the {case.green_book if case else ''} edition's")
    return (f"{rate:.0%} ({stated}) of the net cost to the exchequer (PV cost less "
            "cashable savings), as a sensitivity only: never in the headline figures")


def green_book_frames(result: Appraisal) -> dict[str, pd.DataFrame]:
    """The Green Book tables of a report, each only when the case has what it shows:
    ``value_for_money``, ``interventions`` (each intervention's results) and
    ``cost_per_outcome`` always; ``risks`` (the register), ``capital_optimism_bias``
    (results at each mitigation), ``distributional_weights`` (at other values of eta)
    and ``interactions`` (benefits before and after)."""
    frames = {"value_for_money": value_for_money(result),
              "interventions": green_book.by_intervention(result),
              "cost_per_outcome": green_book.cost_per_outcome(result)}
    optional = {"risks": green_book.risk_register(result),
                "capital_optimism_bias": green_book.mitigation_table(result),
                "distributional_weights": green_book.distributional_sensitivity(result),
                "interactions": green_book.interactions(result)}
    frames |= {name: frame for name, frame in optional.items() if not frame.empty}
    return frames


def report_frames(result: Appraisal, evaluation: Evaluation | None = None,
                  uncertainty: UncertaintySummary | None = None) -> dict[str, pd.DataFrame]:
    """Every table of a report, in order: ``as_is`` (what failure costs today and who
    pays) and ``per_member`` (the reactive cost of one cohort member a year), with case
    studies ``case_studies`` and ``case_study_contacts``, then ``summary``, ``partners``,
    ``years``, ``outcomes``, the Green Book tables of
    :func:`~placebudget.report.frames.green_book_frames`, with
    agreement options ``agreements``, ``pooled_budget`` and
    ``pot_uses``, ``sensitivity`` (one-way, with switching values, when the case is
    known), with a Monte Carlo summary the tables of
    :func:`~placebudget.report.frames.monte_carlo`,
    with an evaluation the ``evaluation``, ``evaluation_estimates``,
    ``evaluation_fiscal`` and ``evaluation_costs`` tables, ``effects``, ``costs`` (the
    inputs) and ``assumptions``."""
    frames: dict[str, pd.DataFrame] = {
        "as_is": as_is(result),
        "per_member": _per_member(result),
    }
    studies, contacts = case_studies(result)
    if not studies.empty:
        frames["case_studies"] = studies
        frames["case_study_contacts"] = contacts
    frames |= {
        "summary": summary(result),
        "partners": result.by_partner,
        "years": result.by_year,
        "outcomes": result.by_outcome,
        **green_book_frames(result),
    }
    case = result.projection.case
    if case is not None and case.agreements:
        from placebudget.report.comparison import compare_settlements, settle_all

        settlements = settle_all(result.projection, case.agreements)
        table = compare_settlements(settlements)
        options = list(dict.fromkeys(table.columns.get_level_values("option")))
        frames["agreements"] = pd.concat(
            {option: table[option] for option in options}, names=["option"]
        ).swaplevel().sort_index(level=0, sort_remaining=False)
        frames["pooled_budget"], frames["pot_uses"] = pooled_budget(result, settlements)
    if case is not None:
        from placebudget.engine.sensitivity import tornado

        sensitivity = tornado(case)
        frames["sensitivity"] = sensitivity.rename(columns={
            "metric_low": "npbi_low", "metric_high": "npbi_high", "swing": "npbi_swing"})
    if uncertainty is not None:
        frames |= monte_carlo(uncertainty)
    if evaluation is not None:
        frames["evaluation"] = evaluation.outcomes
        frames["evaluation_estimates"] = evaluation.estimates
        frames["evaluation_fiscal"] = evaluation.fiscal
        frames["evaluation_costs"] = evaluation.costs
    frames["effects"] = _effects(result)
    frames["costs"] = _costs(result)
    frames["assumptions"] = assumptions(result)
    return frames


def tidy(result: Appraisal) -> pd.DataFrame:
    """The projection as one long table: ``variable, partner, year, outcome, value,
    units`` (blank where a variable has no such dimension), from
    :meth:`~placebudget.engine.Projection.to_frame`."""
    table = result.projection.to_frame([
        D.PARTICIPANTS, D.REINVESTED_PARTICIPANTS, D.VOLUME, D.COST, D.REINVESTED,
        D.FISCAL, D.CASHABLE, D.TRANSFER_PAYMENT, D.ECONOMIC, D.SOCIAL, D.BASELINE_COST,
        D.RISK_COST, D.WEIGHTED_BENEFIT, D.DISCOUNT_FACTOR])
    columns = ["variable", D.PARTNER, D.YEAR, D.OUTCOME, "value", "units"]
    table = table.reindex(columns=columns)
    table[[D.PARTNER, D.OUTCOME]] = table[[D.PARTNER, D.OUTCOME]].fillna("")
    table[D.YEAR] = table[D.YEAR].astype("int64")
    return table
