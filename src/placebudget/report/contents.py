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
from placebudget.report._sections_agreements import _agreements
from placebudget.report._sections_case import _assumptions, _options, _outcomes, _partners, _years
from placebudget.report._sections_evaluation import _evaluation
from placebudget.report._sections_uncertainty import SENSITIVITY_ROWS as SENSITIVITY_ROWS
from placebudget.report._sections_uncertainty import _sensitivity, _uncertainty
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
    "OPTIMISM_BIAS_ROWS",
    "PUBLIC_VALUE_RULE",
    "PUBLIC_VALUE_TRANSFERS",
    "conventions_sentence",
    "optimism_bias_sentence",
    "optimism_bias_statement",
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
    "payback_period",
    "payback_shortfall",
    "payback_surplus",
    "discounted_payback_year",
    "discounted_payback_period",
    "discounted_payback_shortfall",
    "discounted_payback_surplus",
)

#: The Green Book tables: name → (title, what it shows).
GREEN_BOOK_SECTIONS: dict[str, tuple[str, str]] = {
    "value_for_money": (
        "Value for money",
        "The benefit-cost ratio's value-for-money "
        "category (DfT/MHCLG: very poor below 0, poor 0-1, low 1-1.5, medium 1.5-2, "
        "high 2-4, very high 4 and above; a boundary goes to the higher band; DfT Value "
        "for Money Framework and its Supplementary Guidance on Categories, MHCLG "
        "Appraisal Guide).",
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


#: The rows of the optimism bias sensitivity every report shows beside its headline: its
#: scenario (``with``, ``without``) → in words.
OPTIMISM_BIAS_ROWS: dict[str, str] = {
    "with": "As the case states it",
    "without": "None (every rate 0)",
}


def optimism_bias_statement(results: Results) -> str:
    """The headline's line naming the optimism bias table the case used, its rates by
    evidence grade and its status (from the table's own ``confirmed`` column; a table
    the case gives is the case's own); empty for a projection of bare inputs.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.engine.results import compute_results
    >>> from placebudget.testing import example_case
    >>> print(optimism_bias_statement(compute_results(pb.project(example_case()))))
    ... # doctest: +NORMALIZE_WHITESPACE
    Optimism bias: GM grade table (gm-cba-2014; 0/5/10/15/25/40% by evidence grade 1 to 6)
    — values not confirmed from the published guidance.
    """
    attrs = results.projection.attrs
    name = attrs.get("optimism_bias_table")
    if not name or "optimism_bias_status" not in attrs:
        return ""
    return (
        f"Optimism bias: {attrs.get('optimism_bias_title', name)} ({name}; "
        f"{attrs.get('optimism_bias_rates', '')} by evidence grade 1 to 6) — "
        f"{attrs['optimism_bias_status']}."
    )


def optimism_bias_sentence(results: Results) -> str:
    """How much optimism bias decides the headline: the net present budget impact and
    the benefit-cost ratio with every optimism bias rate 0 against as the case states
    them, and whether it decides the sign; empty without the figures."""
    found = results.optimism_bias
    if found is None:
        return ""

    def at(scenario: str, metric: str) -> float:
        return float(found[metric].to_numpy(dtype=float)[list(found.index).index(scenario)])

    npbi, npbi_0 = at("with", "npbi"), at("without", "npbi")
    text = (
        "With every optimism bias rate 0 (benefits and costs) the net present budget impact "
        f"would be {format_money(npbi_0)} against {format_money(npbi)} as stated, and the "
        f"benefit-cost ratio {format_figure(at('without', 'bcr'), 'bcr')} against "
        f"{format_figure(at('with', 'bcr'), 'bcr')}"
    )
    if (npbi < 0) != (npbi_0 < 0):
        return text + ": optimism bias decides the sign of the net present budget impact."
    return text + "."


def _optimism_bias_blocks(results: Results) -> tuple[list[Block], list[Block]]:
    """The headline's optimism bias line, and the headline figures with and without it
    (a standard sensitivity row of every report)."""
    statement = optimism_bias_statement(results)
    found = results.optimism_bias
    if statement and found is not None:
        npbi = found["npbi"].to_numpy(dtype=float)
        scenarios = list(found.index)
        stated, without = npbi[scenarios.index("with")], npbi[scenarios.index("without")]
        if (stated < 0) != (without < 0):  # the table decides the sign: said in the summary
            statement = (
                f"{statement[:-1]}: these rates decide the sign of the net present budget "
                f"impact ({format_money(stated)} as stated, {format_money(without)} with every "
                "rate 0; see the table with and without optimism bias)."
            )
    named: list[Block] = [Paragraph(statement)] if statement else []
    if found is None:
        return named, []
    frame = found.reset_index()
    frame.insert(1, "description", [OPTIMISM_BIAS_ROWS[str(s)] for s in frame["scenario"]])
    return named, [
        Paragraph(optimism_bias_sentence(results)),
        table(
            "optimism_bias",
            "Headline figures with and without optimism bias",
            frame,
            hidden=("scenario",),
            labels={"description": "Optimism bias"},
        ),
    ]


def _payback_text(a: Appraisal, tag: str, what: str) -> str:
    year = a.payback_year if tag == "payback" else a.discounted_payback_year
    if year is None:
        return f"{what} does not reach cumulative cost within the horizon"
    period = a.figure(f"{tag}_period")
    shortfall = a.figure(f"{tag}_shortfall")
    surplus = a.figure(f"{tag}_surplus")
    text = (
        f"{what} reaches cumulative cost in {financial_year_label(year)}, "
        f"{format_money(float(surplus or 0))} ahead at the end of that year"
    )
    if shortfall:
        text += (
            f", {format_money(float(shortfall))} short at the end of "
            f"{financial_year_label(year - 1)}"
        )
    return text + f": a payback period of {format_figure(period, f'{tag}_period')} years"


def conventions_sentence(results: Results) -> str:
    """The conventions behind the headline's EAC, EANC and payback figures, with the
    payback's margin: the paragraph every report shows under its headline figures."""
    a = results.appraisal
    years = [int(y) for y in a.projection.years]
    annuity = str(a.projection.attrs.get("annuity", "due"))
    text = (
        f"EAC and EANC divide a present value by {F.annuity_text(annuity, years)}. "
        f"Payback: {_payback_text(a, 'payback', 'cumulative fiscal benefit')}; "
        f"discounted, {_payback_text(a, 'discounted_payback', 'it')}."
    )
    if a.payback_year is None and a.discounted_payback_year is None:
        return text
    return text + (
        f" A payback period counts years from the start of {financial_year_label(years[0])}, "
        "each year's net flow spread evenly through it (linear within the payback year)."
    )


def _summary(results: Results) -> Section:
    a = results.appraisal
    values = a.summary()
    # a payback's margins only when it is reached (its period says "not within the horizon")
    unreached = {
        f"{tag}_{margin}"
        for tag in ("payback", "discounted_payback")
        if values[f"{tag}_year"] is None
        for margin in ("shortfall", "surplus")
    }
    shown = [
        m for m in HEADLINE if not (m == "pv_reinvested" and not values[m]) and m not in unreached
    ]
    if values["pv_disbenefit"]:  # shown apart, after the fiscal benefits it is part of
        shown.insert(shown.index("pv_fiscal") + 1, "pv_disbenefit")
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
    optimism_bias, with_without = _optimism_bias_blocks(results)
    return Section(
        name="summary",
        title="Summary",
        blocks=(
            *_decision(results),
            Paragraph(summary_sentence(results)),
            *_warned(results),
            *optimism_bias,
            table(
                "summary",
                "Headline figures",
                frame,
                row_figure="metric",
                hidden=("metric", "unit"),
                labels={"label": "Figure", "value": "Value"},
            ),
            Paragraph(conventions_sentence(results)),
            *with_without,
        ),
    )


def _warned(results: Results) -> list[Block]:
    """A line of the summary when validation warned of the case: how many warnings, and
    where they are listed."""
    n = len(results.warnings)
    if not n:
        return []
    return [
        Paragraph(
            f"Validation gave {n} warning{'' if n == 1 else 's'} on this case (listed in the "
            "assumptions as 'validation warning'): read "
            f"{'it' if n == 1 else 'them'} before relying on the figures."
        )
    ]


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
