"""The outline of every report: :func:`~placebudget.report.report_contents` lays the
results of a case out as sections — their order, titles, wording, tables and charts —
once, for every format.

The order is the economic case of a Five Case Model business case: the summary, what
failure costs today, the option appraised, costs and benefits by partner, year and
outcome, value for money, sensitivity, uncertainty, the investment agreement options,
the evaluation, and the assumptions and sources.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.engine.results import compute_results
>>> from placebudget.testing import example_case
>>> contents = report_contents(compute_results(pb.project(example_case())))
>>> [s.name for s in contents.sections]  # doctest: +NORMALIZE_WHITESPACE
['summary', 'as_is', 'options', 'partners', 'years', 'outcomes', 'value_for_money',
 'interventions', 'cost_per_outcome', 'sensitivity', 'assumptions']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from attrs import evolve as attrs_evolve

from placebudget.figures import FIGURES, format_figure, format_money
from placebudget.model import financial_year_label
from placebudget.report import frames as F
from placebudget.report.frames import AS_IS_RULE, PUBLIC_VALUE_RULE
from placebudget.report.outline import (
    Block,
    Bullets,
    Chart,
    Contents,
    Names,
    Paragraph,
    Section,
    Table,
    table,
)

if TYPE_CHECKING:
    from placebudget.engine import Appraisal, Evaluation, UncertaintySummary
    from placebudget.engine.results import Results

__all__ = [
    "AS_IS_RULE",
    "AS_IS_TITLE",
    "GREEN_BOOK_SECTIONS",
    "HEADLINE",
    "PUBLIC_VALUE_RULE",
    "PUBLIC_VALUE_TRANSFERS",
    "report_contents",
    "report_frames",
    "summary_sentence",
    "tables",
]

#: The title of the section every report opens with after its summary.
AS_IS_TITLE = "What failure costs today and who pays"

#: How every report labels the transfer payments left out of public value.
PUBLIC_VALUE_TRANSFERS = FIGURES["pv_transfers"].title

#: The headline figures, in the order every report shows them.
HEADLINE: tuple[str, ...] = (
    "pv_cost",
    "pv_reinvested",
    "pv_fiscal",
    "pv_cashable",
    "npbi",
    "fiscal_roi",
    "pv_economic",
    "pv_social",
    "pv_public",
    "pv_transfers",
    "pv_baseline_cost",
    "baseline_saving_share",
    "nppv",
    "bcr",
    "eac",
    "eanc",
    "payback_year",
    "discounted_payback_year",
)

#: The Green Book tables: name → (title, what it shows).
GREEN_BOOK_SECTIONS: dict[str, tuple[str, str]] = {
    "value_for_money": (
        "Value for money",
        "The benefit-cost ratio's value-for-money "
        "category (DfT/MHCLG: poor below 1, low 1-1.5, medium 1.5-2, high "
        "2-4, very high 4 and above; a boundary goes to the higher band).",
    ),
    "interventions": (
        "By intervention",
        "Each intervention's own costs and benefits beside the place total (present values).",
    ),
    "cost_per_outcome": (
        "Cost per outcome",
        "PV cost of the intervention over the PV of "
        "the outcome units it changes (discounted like money); the whole "
        "cost is attributed to each outcome, so these do not add up.",
    ),
    "risks": (
        "Risk register",
        "Costed risks: the expected cost (probability × cost if it "
        "happens) is added to give the risk-adjusted cost.",
    ),
    "capital_optimism_bias": (
        "Capital optimism bias",
        "The results at each mitigation of "
        "the project-type upper bound on the capital cost lines "
        "(uplift = upper bound × (1 − mitigation)).",
    ),
    "distributional_weights": (
        "Distributional weights",
        "Public value with economic and "
        "social values weighted by (median income / cohort income) ^ "
        "eta, at several values of eta, beside the unweighted.",
    ),
    "interactions": (
        "Interactions between interventions",
        "Benefits before and after the "
        "overlap of interventions reaching the same people and the stated "
        "interaction adjustments (judgement).",
    ),
}

#: Rows of the sensitivity table every report shows (largest swing first).
SENSITIVITY_ROWS = 12


def summary_sentence(results: Results) -> str:
    """The paragraph every report opens with: cost, fiscal return, NPBI, BCR and its
    value-for-money category."""
    a = results.appraisal
    vfm = results.green_book["value_for_money"].iloc[0]
    years = len(a.projection.years)
    return (
        f"Over {years} years the proposal costs {format_money(a.pv_cost)} and returns "
        f"{format_money(a.pv_fiscal)} in fiscal benefits to the partners (present "
        f"values, {financial_year_label(a.price_base)} prices): a net present budget "
        f"impact of {format_money(a.npbi)} and a benefit-cost ratio of "
        f"{format_figure(float(vfm['bcr']), 'bcr')}, which is {vfm['vfm_category']} "
        "value for money."
    )


def _summary(results: Results) -> Section:
    a = results.appraisal
    values = a.summary()
    shown = [m for m in HEADLINE if not (m == "pv_reinvested" and not values[m])]
    frame = pd.DataFrame(
        {
            "metric": shown,
            "label": [FIGURES[m].title for m in shown],
            "value": [
                float("nan") if values[m] is None else float(values[m])  # type: ignore[arg-type]
                for m in shown
            ],
            "unit": [FIGURES[m].unit for m in shown],
        }
    )
    vfm = results.green_book["value_for_money"].iloc[0]
    return Section(
        name="summary",
        title="Summary",
        blocks=(
            *_decision(results),
            Paragraph(summary_sentence(results)),
            table(
                "summary",
                "Headline figures",
                frame,
                row_figure="metric",
                hidden=("metric", "unit"),
                labels={"label": "Figure", "value": "Value"},
            ),
            Paragraph(
                f"Value for money: {vfm['vfm_category']} (BCR "
                f"{format_figure(float(vfm['bcr']), 'bcr')})."
            ),
        ),
    )


def _decision(results: Results) -> list[Block]:
    """The decision the partners are asked for, and who is worse off under each way of
    sharing the cost."""
    a = results.appraisal
    case = results.case
    names = Names.of(case)
    years = a.projection.years
    what = ", ".join(i.name for i in case.interventions) if case is not None else "the programme"
    place = f" in {case.place.name}" if case is not None else ""
    asked = (
        f"Decision asked for: the partners are asked to invest {format_money(a.pv_cost)} "
        f"(present value) from {financial_year_label(int(years[0]))} to "
        f"{financial_year_label(int(years[-1]))} in {what}{place}"
    )
    if not results.settlements:
        return [Paragraph(asked + ", each bearing the costs the case gives it.")]
    preferred, losers = F.preferred_option(results.settlements)
    description = case.agreements[preferred].description if case is not None else ""
    blocks: list[Block] = [
        Paragraph(
            asked
            + f', and to agree how they share it. Recommended: option "{preferred}"'
            + (f" ({description.rstrip('.')})" if description else "")
            + ", the option that leaves the fewest partners worse off (then the smallest loss "
            "to any one partner)."
        )
    ]

    def who(option: str) -> str:
        found = [names.name("partner", p) for p in losers[option]]
        return (
            "no partner is worse off"
            if not found
            else f"{', '.join(found)} {'is' if len(found) == 1 else 'are'} worse off"
        )

    blocks.append(Bullets(tuple(f"{option}: {who(option)}." for option in losers)))
    return blocks


def _as_is(results: Results) -> Section:
    a = results.appraisal
    blocks: list[Block] = [
        Paragraph(
            "The reactive cost of the cohort's outcomes as is (without the programme), "
            "by the partner that bears it, against the proactive investment each makes "
            "and the saving each receives; present values."
        ),
        table(
            "as_is",
            "What failure costs today and who pays (present values)",
            F.as_is(a),
            total=True,
        ),
        Chart(
            name="as_is",
            caption="Reactive spend as is and with the programme, and the "
            "investment each partner makes (present values).",
            alt=_as_is_alt(a),
        ),
    ]
    per_member = a.baseline_per_member
    names = Names.of(results.case)
    partners = [c for c in per_member.columns if c not in ("unit", "total")]
    blocks.append(
        Bullets(
            tuple(
                f"One {row['unit']} of the cohort of {names.name('intervention', str(i))} costs "
                f"{format_money(row['total'])} a year as is ("
                + ", ".join(
                    f"{names.name('partner', p)} {format_money(row[p])}" for p in partners if row[p]
                )
                + ")."
                for i, row in per_member.iterrows()
            )
        )
    )
    blocks.append(
        table(
            "per_member",
            "Reactive cost of one cohort member in one year, as is",
            per_member,
            wide="money",
            keys=("unit",),
        )
    )
    studies, contacts = F.case_studies(a)
    if not studies.empty:
        blocks += [
            Paragraph(
                "Costed families: a year of service contacts before and after, "
                "costed at Unit Cost Database values by the agency that pays."
            ),
            table("case_studies", "Costed families: cost by payer", studies),
            table("case_study_contacts", "Costed families: every contact", contacts),
        ]
    return Section(name="as_is", title=AS_IS_TITLE, blocks=tuple(blocks))


def _as_is_alt(a: object) -> str:
    from placebudget.engine.appraisal import Appraisal

    assert isinstance(a, Appraisal)
    table_ = a.as_is
    top = (
        Names.of(a.projection.case).name("partner", str(table_["reactive_as_is"].idxmax()))
        if len(table_)
        else ""
    )
    return (
        f"Bar chart of each partner's reactive spend as is, with the programme and its "
        f"investment; {top} bears the largest reactive spend, "
        f"{format_money(float(table_['reactive_as_is'].max()))}."
    )


def _options(results: Results) -> Section:
    a = results.appraisal
    case = results.case
    name = case.name if case is not None else "the proposal"
    blocks: list[Block] = [
        Paragraph(
            f"The option appraised is {name}, against doing nothing: every partner's reactive "
            f"spend as it is today ({format_money(a.pv_baseline_cost)} over the period, present "
            "value). Alternative options are appraised as cases of their own and compared side "
            "by side."
        )
    ]
    if case is not None:
        frame = pd.DataFrame(
            {
                "intervention": [i.name for i in case.interventions],
                "cohort_unit": [i.cohort.unit for i in case.interventions],
                "intake": [float(sum(i.cohort.intake.values())) for i in case.interventions],
                "engagement": [i.engagement for i in case.interventions],
            }
        )
        blocks.append(
            table(
                "interventions_appraised",
                "The interventions appraised",
                frame,
                kinds={"intake": "count", "engagement": "share"},
                labels={
                    "cohort_unit": "Cohort unit",
                    "intake": "Intake",
                    "engagement": "Engagement",
                },
            )
        )
    return Section(name="options", title="The option appraised", blocks=tuple(blocks))


def _partners(results: Results) -> Section:
    return Section(
        name="partners",
        title="Costs and benefits by partner",
        blocks=(
            Paragraph("Costs borne and fiscal benefits received by each partner, present values."),
            table(
                "partners",
                "Costs and fiscal benefits by partner (present values)",
                results.appraisal.by_partner,
                hidden=(
                    "department",
                    "pv_risk",
                    "pv_baseline_cost",
                    "saving_share",
                    "discounted_payback_year",
                ),
            ),
            Chart(
                name="partners",
                caption="Who pays and who benefits (present values).",
                alt="Bar chart of each partner's PV cost borne against its PV fiscal benefit.",
            ),
        ),
    )


def _years(results: Results) -> Section:
    a = results.appraisal
    reinvests = bool(a.pv_reinvested)
    extra = () if reinvests else ("reinvested_participants", "reinvested")
    return Section(
        name="years",
        title="Costs and benefits by year",
        blocks=(
            Paragraph(
                "Participants, costs and benefits in each financial year (undiscounted), "
                "the running net fiscal position and the discount factor."
            ),
            table(
                "years",
                "Costs and benefits by financial year",
                a.by_year,
                hidden=(
                    "baseline_cost",
                    "cashable",
                    "transfer_payment",
                    "economic",
                    "social",
                    "risk_cost",
                    "weighted_benefit",
                    "net_fiscal",
                    "pv_cost",
                    "pv_fiscal",
                    *extra,
                ),
            ),
            Chart(
                name="cumulative",
                caption="Cumulative cost and fiscal benefit (undiscounted).",
                alt="Line chart of cumulative cost against cumulative fiscal benefit by year"
                + (
                    f"; they meet in {financial_year_label(a.payback_year)}."
                    if a.payback_year is not None
                    else "; they do not meet within the horizon."
                ),
            ),
        ),
    )


def _outcomes(results: Results) -> Section:
    a = results.appraisal
    return Section(
        name="outcomes",
        title="Benefits by outcome",
        blocks=(
            table(
                "outcomes",
                "Benefits by outcome (present values)",
                a.by_outcome,
                hidden=("theme", "pv_cashable", "pv_baseline_cost"),
            ),
            Paragraph(
                f"Public value: {PUBLIC_VALUE_RULE}. Transfer payments excluded: "
                f"{format_money(a.pv_transfers)} (PV)."
            ),
            Chart(
                name="outcomes",
                caption="Present value of benefits by outcome.",
                alt="Stacked bar chart of each outcome's PV fiscal, economic and social benefit.",
            ),
        ),
    )


def _value_for_money(results: Results) -> list[Section]:
    found = results.green_book
    sections = []
    for name, (title, intro) in GREEN_BOOK_SECTIONS.items():
        if name not in found:
            continue
        frame = found[name]
        sections.append(
            Section(
                name=name,
                title=title,
                level=2 if name == "value_for_money" else 3,
                blocks=(
                    Paragraph(intro),
                    table(
                        name,
                        title,
                        frame,
                        total=name in ("interventions", "risks"),
                        hidden=(
                            "pv_transfers",
                            "pv_economic",
                            "pv_social",
                            "weight",
                            "pv_public_weighted",
                        )
                        if name == "interventions"
                        else (),
                    ),
                ),
            )
        )
    return sections


def _sensitivity(results: Results) -> list[Section]:
    if results.sensitivity is None:
        return []
    frame = F.sensitivity(results.sensitivity)
    return [
        Section(
            name="sensitivity",
            title="Sensitivity and switching values",
            blocks=(
                Paragraph(
                    "Net present budget impact with each input at the low and high of its "
                    "range (the range the case states for it, a published range, or its "
                    "evidence grade's spread; rates as rates, money as a factor on the value "
                    "given), largest swing first, and the switching value at which it reaches "
                    "zero (– where that is never within the input's bounds)."
                ),
                Paragraph(_crossing_sentence(results)),
                table(
                    "sensitivity",
                    "One-way sensitivity and switching values",
                    frame.head(SENSITIVITY_ROWS),
                    hidden=("point", "npbi_swing", "switching_change"),
                ),
                Chart(
                    name="tornado",
                    caption="The net present budget impact at each input's low "
                    "and high value, the largest swings first.",
                    alt=_tornado_alt(results),
                ),
            ),
        )
    ]


def _crossing_sentence(results: Results) -> str:
    """How many inputs alone could make the case stop breaking even within their range,
    counting exactly those whose switching value lies inside the range used."""
    assert results.sensitivity is not None
    frame = results.sensitivity
    names = Names.of(results.case)
    crossing = [
        names.name("input", str(i))
        for i, row in frame.iterrows()
        if bool(row.get("crosses", False))
    ]
    if not crossing:
        return (
            f"None of the {len(frame)} inputs varied could, alone, make the net present "
            "budget impact cross zero within its range."
        )
    one = len(crossing) == 1
    return (
        f"{len(crossing)} of the {len(frame)} inputs varied could, alone, make the net "
        f"present budget impact cross zero within {'its' if one else 'their'} range: "
        + "; ".join(crossing)
        + "."
    )


def _tornado_alt(results: Results) -> str:
    assert results.sensitivity is not None
    frame = results.sensitivity
    if frame.empty:
        return "Tornado chart: no input varies."
    names = Names.of(results.case)
    top = frame.iloc[0]
    return (
        f"Tornado chart of the net present budget impact; the largest swing is "
        f"{names.name('input', str(frame.index[0]))}, from "
        f"{format_money(float(top['metric_low']))} to "
        f"{format_money(float(top['metric_high']))}."
    )


def _uncertainty(results: Results) -> list[Section]:
    if results.uncertainty is None:
        return []
    found = F.monte_carlo(results.uncertainty)
    return [
        Section(
            name="uncertainty",
            title="Uncertainty: Monte Carlo",
            blocks=(
                Paragraph(F.monte_carlo_intro(results.uncertainty)),
                Chart(
                    name="s_curve",
                    caption="The share of draws at or below each net present "
                    "budget impact and net present public value; the dots mark zero.",
                    alt=f"S-curves of the net present budget impact and net present public value "
                    f"over the draws: above zero in "
                    f"{results.uncertainty.probabilities['npbi > 0']:.0%} and "
                    f"{results.uncertainty.probabilities['nppv > 0']:.0%} of draws.",
                ),
                table(
                    "monte_carlo",
                    "Monte Carlo summary",
                    found["monte_carlo"],
                    row_figure="metric",
                    hidden=("metric", "unit"),
                    labels={"label": "Figure"},
                ),
                table(
                    "monte_carlo_chances", "Chances of breaking even", found["monte_carlo_chances"]
                ),
                table(
                    "monte_carlo_partners",
                    "Each partner's chance of coming out ahead",
                    found["monte_carlo_partners"],
                ),
                *_options_uncertainty(results),
                Paragraph("The inputs drawn (money as a factor on the value given):"),
                table("monte_carlo_inputs", "The inputs drawn", found["monte_carlo_inputs"]),
            ),
        )
    ]


def _options_uncertainty(results: Results) -> list[Block]:
    """Each partner's Monte Carlo net under every agreement option, one table an option."""
    assert results.uncertainty is not None
    options = results.uncertainty.by_option
    if options.empty or options.index.get_level_values("option").nunique() < 2:
        return []
    return [
        Paragraph(
            "Under each agreement option, over the same draws: each partner's "
            "mean, 5th and 95th percentile net position and its chance of coming "
            "out ahead."
        ),
        table(
            "monte_carlo_options", "Each partner's net under the option", options, group="option"
        ),
    ]


def _agreements(results: Results) -> list[Section]:
    if not results.settlements:
        return []
    a = results.appraisal
    case = results.case
    descriptions = {n: ag.description for n, ag in case.agreements.items()} if case else {}
    matrix, positions = F.agreements(results.settlements)
    _, losers = F.preferred_option(results.settlements)
    budgets, uses = F.pooled_budget(a, results.settlements)
    described = tuple(f"{option}: {text}" for option, text in descriptions.items() if text)
    blocks: list[Block] = [
        Paragraph(
            "Each partner's PV contribution and net position (PV fiscal benefit plus "
            'transfers received, less contribution) under each option. "As '
            'modelled" is each partner bearing the costs the case gives it. ⚠ marks '
            "a partner left worse off."
        ),
    ]
    if described:
        blocks.append(Bullets(described))
    blocks += [
        matrix,
        positions,
        Chart(
            name="partner_nets",
            caption="Each partner's net position (PV) as modelled and under each option.",
            alt=_nets_alt(results, losers),
        ),
        Chart(
            name="flows",
            caption="Money flows as modelled: whose money buys whose savings (present values).",
            alt="Heat map of the PV money each partner "
            "pays (rows) that buys each partner's savings (columns).",
        ),
    ]
    pooled: list[Block] = [
        Paragraph(
            "Under each option, each partner's contribution to the pot by year, beside its "
            "reactive spend as is and its saving (PV), and what the pot pays for."
        )
    ]
    pooled += [
        table(
            "pooled_budget",
            "The pooled budget",
            budgets,
            wide="money",
            keys=("option",),
            group="option",
            hidden=("pv_saving", "contribution_share_of_baseline"),
        ),
        table(
            "pot_uses",
            "What the pot pays for",
            uses,
            wide="money",
            keys=("option",),
            group="option",
        ),
    ]
    return [
        Section(name="agreements", title="Investment agreement options", blocks=tuple(blocks)),
        Section(name="pooled_budget", title="The pooled budget", level=3, blocks=tuple(pooled)),
    ]


def _nets_alt(results: Results, losers: dict[str, list[str]]) -> str:
    names = Names.of(results.case)
    parts = [
        f"{option}: {', '.join(names.name('partner', p) for p in worse) or 'none'}"
        for option, worse in losers.items()
    ]
    return (
        "Grouped bar chart of each partner's net position under each option; worse off "
        "— " + "; ".join(parts) + "."
    )


def _evaluation(results: Results) -> list[Section]:
    evaluation = results.evaluation
    if evaluation is None:
        return []
    totals = evaluation.totals
    money = {"forecast": "money", "realised": "money", "actual": "money", "variance": "money"}
    return [
        Section(
            name="evaluation",
            title=f"Evaluation: forecast against actual ({evaluation.basis})",
            blocks=(
                Paragraph(
                    "Outcome units changed in each period; part-years are pro-rated explicitly."
                ),
                Chart(
                    name="forecast",
                    caption="Outcome units changed in each period, forecast against actual.",
                    alt=f"Bar chart of the forecast and actual change in each "
                    f"period: {float(evaluation.outcomes['forecast_change'].sum()):,.1f} units "
                    f"forecast, {float(evaluation.outcomes['actual_change'].sum()):,.1f} "
                    "observed.",
                ),
                table(
                    "evaluation",
                    "Forecast against actual, by period and outcome",
                    evaluation.outcomes,
                    kinds={"variance": "count"},
                    hidden=("year", "people", "observed_rate", "counterfactual_rate"),
                ),
                table(
                    "evaluation_estimates",
                    "Observed against assumed, over all periods",
                    evaluation.estimates,
                    hidden=("months_observed", "observed_rate", "counterfactual_rate"),
                ),
                table(
                    "evaluation_fiscal",
                    "Fiscal benefit, forecast and realised",
                    evaluation.fiscal,
                    kinds=money,
                ),
                table(
                    "evaluation_costs", "Costs, forecast and actual", evaluation.costs, kinds=money
                ),
                Paragraph(
                    f"Realised fiscal benefit to date {format_money(totals['realised_fiscal'])} "
                    f"(forecast {format_money(totals['forecast_fiscal'])}); cost to date "
                    f"{format_money(totals['actual_cost'])} (forecast "
                    f"{format_money(totals['forecast_cost'])})."
                ),
            ),
        )
    ]


def _assumptions(results: Results) -> Section:
    a = results.appraisal
    return Section(
        name="assumptions",
        title="Assumptions and sources",
        blocks=(
            table(
                "assumptions",
                "Assumptions and sources",
                F.assumptions(a, public_value_rule=PUBLIC_VALUE_RULE, as_is_rule=AS_IS_RULE),
            ),
            table(
                "effects",
                "The effects assumed",
                F.effects(a),
                hidden=(
                    "unit",
                    "displacement",
                    "attribution",
                    "lag",
                    "duration",
                    "drop_off",
                    "optimism_bias",
                ),
            ),
            table(
                "costs",
                "The costs assumed",
                F.costs(a),
                hidden=("kind", "per_participant", "price_year", "optimism_bias", "description"),
            ),
        ),
    )


def report_contents(results: Results) -> Contents:
    """The report of ``results``: its title, lead and sections in order (see the module
    notes), each with its tables' frames and their columns' kinds."""
    a = results.appraisal
    attrs = a.projection.attrs
    years = a.projection.years
    case = results.case
    lead = []
    if case is not None and case.description:
        lead.append(case.description)
    lead.append(
        f"Place: {case.place.name if case else attrs.get('place', '')}. Appraisal years "
        f"{financial_year_label(int(years[0]))} to {financial_year_label(int(years[-1]))}; "
        f"all money in {financial_year_label(a.price_base)} prices (GBP), discounted with "
        f"the {attrs.get('discounting')} Green Book schedule."
    )
    sections = [
        _summary(results),
        _as_is(results),
        _options(results),
        _partners(results),
        _years(results),
        _outcomes(results),
        *_value_for_money(results),
        *_sensitivity(results),
        *_uncertainty(results),
        *_agreements(results),
        *_evaluation(results),
        _assumptions(results),
    ]
    names = Names.of(case)
    sections = [
        attrs_evolve(
            s, blocks=tuple(b.named(names) if isinstance(b, Table) else b for b in s.blocks)
        )
        for s in sections
    ]
    return Contents(
        title=str(attrs.get("case", "Business case")), lead=tuple(lead), sections=tuple(sections)
    )


def tables(results: Results) -> dict[str, Table]:
    """Every table of the report of ``results`` by name, in order."""
    return report_contents(results).tables()


def report_frames(
    result: Appraisal,
    evaluation: Evaluation | None = None,
    uncertainty: UncertaintySummary | None = None,
) -> dict[str, pd.DataFrame]:
    """Deprecated: every table of the report by name, computed again from ``result``'s
    projection. Compute the results once (:func:`placebudget.engine.compute_results`) and read
    the tables of :func:`report_contents`."""
    import warnings

    from placebudget.engine.results import compute_results

    warnings.warn(
        "report_frames is deprecated: use compute_results and report_contents",
        DeprecationWarning,
        stacklevel=2,
    )
    results = compute_results(result.projection, evaluation=evaluation, uncertainty=uncertainty)
    return {name: found.frame for name, found in report_contents(results).tables().items()}
