"""The catalogue: every figure placebudget computes or shows, declared once.

A figure is a variable of the projection Dataset (``docs/reference/dataset.md``), an
appraisal metric, or a measure a report table shows (a partner's net position under an
agreement, the share of the pot). Each is declared here with its name, dimensions, unit,
kind (how its numbers are shown), short label (table columns, the terminal), title (the
headline, captions), the formula over other figures of a composite, and its doc line.
The engine's metric contracts, :func:`~placebudget.figures.headline`, every label and
number format, ``explain`` and the Dataset reference page read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from placebudget.figures import dims as D
from placebudget.figures._formula import Formula, parse_formula

__all__ = ["FIGURES", "KINDS", "ROLES", "Catalogue", "Figure", "Kind", "Role"]

#: How a figure's numbers are shown: ``money`` (£, whole pounds), ``money_per_unit`` (£
#: with pence), ``share`` (a percentage), ``ratio`` (two decimals), ``count`` (people,
#: outcome units), ``number`` (four significant figures), ``year`` (a financial year,
#: ``2016/17``), ``factor`` (four decimals), ``whole`` (a whole number: lags, grades),
#: ``input`` (an input's value, three significant figures), ``flag`` (yes or no) and
#: ``text``.
Kind = Literal[
    "money",
    "money_per_unit",
    "share",
    "ratio",
    "count",
    "number",
    "year",
    "factor",
    "whole",
    "input",
    "flag",
    "text",
]
KINDS: tuple[Kind, ...] = (
    "money",
    "money_per_unit",
    "share",
    "ratio",
    "count",
    "number",
    "year",
    "factor",
    "whole",
    "input",
    "flag",
    "text",
)

#: What a figure is: a ``variable`` of the projection Dataset, a per-effect or per-line
#: ``detail`` of the projection, an appraisal ``metric`` (the engine's contract), an
#: ``internal`` figure a formula reads that no result holds, or a ``measure`` a report
#: table shows.
Role = Literal["variable", "detail", "metric", "internal", "measure"]
ROLES: tuple[Role, ...] = ("variable", "detail", "metric", "internal", "measure")

#: Each kind's unit when a figure does not state its own.
_UNITS: dict[str, str] = {
    "money": "GBP",
    "money_per_unit": "GBP per unit",
    "share": "share",
    "ratio": "ratio",
    "count": "units",
    "number": "1",
    "year": "financial year",
    "factor": "1",
    "whole": "1",
    "input": "1",
    "flag": "",
    "text": "",
}


def _kind(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in KINDS:
        msg = f"{attribute.name}: must be one of {', '.join(KINDS)}, got {value!r}"
        raise ValueError(msg)


def _role(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ROLES:
        msg = f"{attribute.name}: must be one of {', '.join(ROLES)}, got {value!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Figure:
    """One figure of the catalogue."""

    name: str
    """The name every result, frame column and file uses (``npbi``)."""
    role: Role = attrs.field(validator=_role)
    """What it is (see ``ROLES``)."""
    kind: Kind = attrs.field(validator=_kind)
    """How its numbers are shown (see ``KINDS``)."""
    label: str
    """Short label: a table's column, a terminal's (``PV fiscal benefit``)."""
    title: str
    """Long label: the headline's row, a caption (``Present value of fiscal benefits``)."""
    doc: str
    """What it is, in a line."""
    dims: tuple[str, ...] = ()
    """Its core dimensions (variables and metrics); leading ones (draw, place) may come
    ahead."""
    unit: str = ""
    """Its unit (``GBP`` at the price base for money)."""
    formula: Formula | None = None
    """A composite's formula over other figures; ``None`` for a figure computed by the
    engine's arithmetic."""
    flow: str | None = None
    """For a present value the engine computes, the projection variable it discounts
    (``pv_cost`` → ``cost``), summed over its other dimensions."""

    @property
    def money(self) -> bool:
        """Whether the figure is an amount of money (GBP at the price base)."""
        return self.kind in ("money", "money_per_unit")

    @property
    def composite(self) -> bool:
        """Whether the figure is a formula over other figures."""
        return self.formula is not None


def _figure(
    name: str,
    role: Role,
    kind: Kind,
    label: str,
    title: str,
    doc: str,
    *,
    dims: tuple[str, ...] = (),
    unit: str | None = None,
    formula: str | None = None,
    flow: str | None = None,
) -> Figure:
    return Figure(
        name=name,
        role=role,
        kind=kind,
        label=label,
        title=title,
        doc=doc,
        dims=dims,
        unit=_UNITS[kind] if unit is None else unit,
        formula=None if formula is None else parse_formula(formula),
        flow=flow,
    )


_P, _Y, _O = D.PARTNER, D.YEAR, D.OUTCOME


def _variables() -> list[Figure]:
    v: Role = "variable"
    return [
        _figure(
            D.PARTICIPANTS,
            v,
            "count",
            "Participants",
            "Participants",
            "engaged participants entering each year, including those bought by reinvestment",
            dims=(_Y,),
            unit="people (the cohort's unit)",
        ),
        _figure(
            D.REINVESTED_PARTICIPANTS,
            v,
            "count",
            "Bought by reinvestment",
            "Participants bought by reinvestment",
            "of participants, the extra engaged participants bought by reinvesting the "
            "year before's cashable savings",
            dims=(_Y,),
            unit="people (the cohort's unit)",
        ),
        _figure(
            D.VOLUME,
            v,
            "count",
            "Volume changed",
            "Outcome units changed",
            "outcome units changed (see outcome_unit)",
            dims=(_Y, _O),
            unit="the outcome's unit",
        ),
        _figure(
            D.COST, v, "money", "Cost", "Cost", "cost borne, after optimism bias", dims=(_P, _Y)
        ),
        _figure(
            D.FISCAL,
            v,
            "money",
            "Fiscal benefit",
            "Fiscal benefit",
            "fiscal benefit received",
            dims=(_P, _Y, _O),
        ),
        _figure(
            D.CASHABLE,
            v,
            "money",
            "Cashable benefit",
            "Cashable fiscal benefit",
            "cashable part of the fiscal benefit",
            dims=(_P, _Y, _O),
        ),
        _figure(
            D.TRANSFER_PAYMENT,
            v,
            "money",
            "Transfer payments",
            "Transfer payments",
            "transfer payment part of the fiscal benefit (tax, benefits): in the "
            "financial case, left out of public value",
            dims=(_P, _Y, _O),
        ),
        _figure(
            D.ECONOMIC,
            v,
            "money",
            "Economic benefit",
            "Economic benefit",
            "economic benefit",
            dims=(_Y, _O),
        ),
        _figure(
            D.SOCIAL,
            v,
            "money",
            "Social benefit",
            "Social benefit",
            "social benefit",
            dims=(_Y, _O),
        ),
        _figure(
            D.BASELINE_COST,
            v,
            "money",
            "Reactive cost as is",
            "Reactive cost as is",
            "reactive cost of the cohort's outcomes as is (without the intervention)",
            dims=(_P, _Y, _O),
        ),
        _figure(
            D.REINVESTED,
            v,
            "money",
            "Savings reinvested",
            "Cashable savings reinvested",
            "cashable savings of the year before reinvested",
            dims=(_Y,),
        ),
        _figure(
            D.RISK_COST,
            v,
            "money",
            "Expected cost of risks",
            "Expected cost of risks",
            "expected cost of the risk register (probability × cost if it happens; in "
            "a draw, the risks that happened)",
            dims=(_P, _Y),
        ),
        _figure(
            D.WEIGHTED_BENEFIT,
            v,
            "money",
            "Weighted benefit",
            "Distributionally weighted economic and social benefit",
            "economic and social benefit × each cohort's distributional weight",
            dims=(_Y, _O),
        ),
        _figure(
            D.DISCOUNT_FACTOR,
            v,
            "factor",
            "Discount factor",
            "Discount factor",
            "discount factor",
            dims=(_Y,),
        ),
        _figure(
            "effect_volume",
            "detail",
            "count",
            "Units changed",
            "Units changed by effect",
            "outcome units changed, per effect",
            dims=(D.EFFECT, _Y),
            unit="the outcome's unit",
        ),
        _figure(
            "interaction_factor",
            "detail",
            "factor",
            "Interaction factor",
            "Interaction factor",
            "the factor on each effect's volume from interactions between interventions",
            dims=(D.EFFECT,),
        ),
        _figure(
            "line_cost",
            "detail",
            "money",
            "Line cost",
            "Cost of each line",
            "cost of each line, after optimism bias",
            dims=(D.COST_LINE, _Y),
        ),
    ]


def _metrics() -> list[Figure]:
    m: Role = "metric"
    p = (_P,)
    return [
        _figure(
            "pv_cost",
            m,
            "money",
            "PV cost",
            "Present value of costs",
            "present value of all costs",
            flow=D.COST,
        ),
        _figure(
            "pv_fiscal",
            m,
            "money",
            "PV fiscal benefit",
            "Present value of fiscal benefits",
            "present value of fiscal benefits",
            flow=D.FISCAL,
        ),
        _figure(
            "pv_cashable",
            m,
            "money",
            "PV cashable benefit",
            "Present value of cashable fiscal benefits",
            "present value of the cashable part of fiscal benefits",
            flow=D.CASHABLE,
        ),
        _figure(
            "pv_economic",
            m,
            "money",
            "PV economic benefit",
            "Present value of economic benefits",
            "present value of economic benefits",
            flow=D.ECONOMIC,
        ),
        _figure(
            "pv_social",
            m,
            "money",
            "PV social benefit",
            "Present value of social benefits",
            "present value of social benefits",
            flow=D.SOCIAL,
        ),
        _figure(
            "pv_transfers",
            m,
            "money",
            "PV transfer payments",
            "Transfer payments left out of public value",
            "present value of the fiscal benefits that are transfer payments (tax, "
            "social security benefits): in pv_fiscal, left out of pv_public",
            flow=D.TRANSFER_PAYMENT,
        ),
        _figure(
            "pv_public",
            m,
            "money",
            "PV public value",
            "Public value (present value)",
            "fiscal benefits less transfer payments, plus economic and social "
            "benefits: transfer payments move money and create no value (UCD v1.4 "
            "Guidance)",
            formula="pv_fiscal - pv_transfers + pv_economic + pv_social",
        ),
        _figure(
            "pv_baseline_cost",
            m,
            "money",
            "PV reactive cost as is",
            "Present value of the reactive spend as is",
            'present value of the "as is" reactive cost of the cohort\'s outcomes '
            "without the intervention: what failure costs the partners",
            flow=D.BASELINE_COST,
        ),
        _figure(
            "baseline_saving_share",
            m,
            "share",
            "Share of reactive cost saved",
            "Saving as a share of the reactive spend",
            "the share of the reactive cost the programme saves (undefined with no reactive cost)",
            formula="pv_fiscal / pv_baseline_cost",
        ),
        _figure(
            "pv_reinvested",
            m,
            "money",
            "PV savings reinvested",
            "Present value of savings reinvested",
            "present value of the cashable savings reinvested in extra intake (part of pv_cost)",
            flow=D.REINVESTED,
        ),
        _figure(
            "npbi",
            m,
            "money",
            "NPBI",
            "Net present budget impact",
            "net present budget impact: fiscal benefits less costs",
            formula="pv_fiscal - pv_cost",
        ),
        _figure(
            "fiscal_roi",
            m,
            "ratio",
            "Fiscal ROI",
            "Fiscal return on investment",
            "fiscal return on investment (undefined with no cost)",
            formula="pv_fiscal / pv_cost",
        ),
        _figure(
            "nppv",
            m,
            "money",
            "NPPV",
            "Net present public value",
            "net present public value: public value less costs",
            formula="pv_public - pv_cost",
        ),
        _figure(
            "bcr",
            m,
            "ratio",
            "BCR",
            "Benefit-cost ratio",
            "benefit–cost ratio (undefined with no cost)",
            formula="pv_public / pv_cost",
        ),
        _figure(
            "payback_year",
            m,
            "year",
            "Payback",
            "Payback year",
            "first financial year cumulative fiscal benefit reaches cumulative cost, if any",
        ),
        _figure(
            "discounted_payback_year",
            m,
            "year",
            "Discounted payback",
            "Discounted payback year",
            "the payback year with discounted flows",
        ),
        _figure(
            "partner_pv_cost",
            m,
            "money",
            "PV cost",
            "Present value of costs borne",
            "a partner's present value of the costs it bears",
            dims=p,
            flow=D.COST,
        ),
        _figure(
            "partner_pv_fiscal",
            m,
            "money",
            "PV fiscal benefit",
            "Present value of fiscal benefits received",
            "a partner's present value of the fiscal benefits it receives",
            dims=p,
            flow=D.FISCAL,
        ),
        _figure(
            "partner_pv_cashable",
            m,
            "money",
            "PV cashable benefit",
            "Present value of cashable benefits received",
            "a partner's present value of the cashable benefits it receives",
            dims=p,
            flow=D.CASHABLE,
        ),
        _figure(
            "partner_net",
            m,
            "money",
            "Net",
            "Net position",
            "a partner's net position: fiscal benefits received less costs borne",
            dims=p,
            formula="partner_pv_fiscal - partner_pv_cost",
        ),
        _figure(
            "partner_pv_baseline_cost",
            m,
            "money",
            "PV reactive cost as is",
            "Present value of the reactive spend as is",
            "a partner's present value of its reactive spend as is",
            dims=p,
            flow=D.BASELINE_COST,
        ),
        _figure(
            "partner_saving_share",
            m,
            "share",
            "Share of reactive cost saved",
            "Saving as a share of its reactive spend",
            "a partner's saving as a share of its own reactive spend",
            dims=p,
            formula="partner_pv_fiscal / partner_pv_baseline_cost",
        ),
        _figure(
            "partner_roi",
            m,
            "ratio",
            "ROI",
            "Return on investment",
            "a partner's fiscal benefit over the costs it bears (undefined with no cost)",
            dims=p,
            formula="partner_pv_fiscal / partner_pv_cost",
        ),
        _figure(
            "pv_risk",
            m,
            "money",
            "PV expected cost of risks",
            "Present value of the expected cost of risks",
            "present value of the risk register's expected cost (probability × cost)",
            flow=D.RISK_COST,
        ),
        _figure(
            "pv_cost_risk_adjusted",
            m,
            "money",
            "PV cost, risk-adjusted",
            "Present value of costs, risk-adjusted",
            "costs with the expected cost of the risk register",
            formula="pv_cost + pv_risk",
        ),
        _figure(
            "npbi_risk_adjusted",
            m,
            "money",
            "NPBI, risk-adjusted",
            "Net present budget impact, risk-adjusted",
            "fiscal benefits less risk-adjusted costs",
            formula="pv_fiscal - pv_cost_risk_adjusted",
        ),
        _figure(
            "nppv_risk_adjusted",
            m,
            "money",
            "NPPV, risk-adjusted",
            "Net present public value, risk-adjusted",
            "public value less risk-adjusted costs",
            formula="pv_public - pv_cost_risk_adjusted",
        ),
        _figure(
            "pv_weighted_benefit",
            m,
            "money",
            "PV weighted benefit",
            "Present value of weighted economic and social benefits",
            "economic and social benefits weighted by each cohort's distributional weight",
            flow=D.WEIGHTED_BENEFIT,
        ),
        _figure(
            "pv_public_weighted",
            m,
            "money",
            "PV public value, weighted",
            "Public value, distributionally weighted (present value)",
            "public value with economic and social values weighted by each cohort's "
            "distributional weight (fiscal values never weighted); equals pv_public "
            "without weights",
            formula="pv_fiscal - pv_transfers + pv_weighted_benefit",
        ),
        _figure(
            "nppv_weighted",
            m,
            "money",
            "NPPV, weighted",
            "Net present public value, distributionally weighted",
            "weighted public value less costs",
            formula="pv_public_weighted - pv_cost",
        ),
        _figure(
            "bcr_weighted",
            m,
            "ratio",
            "BCR, weighted",
            "Benefit-cost ratio, distributionally weighted",
            "weighted public value over costs",
            formula="pv_public_weighted / pv_cost",
        ),
        _figure(
            "eac",
            m,
            "money",
            "EAC",
            "Equivalent annual cost",
            "present value of costs ÷ the sum of the discount factors over the horizon",
            formula="pv_cost / annuity_factor",
        ),
        _figure(
            "eanc",
            m,
            "money",
            "EANC",
            "Equivalent annual net cost",
            "present value of the net cost (costs less public value) ÷ the sum of the "
            "discount factors (negative when the case adds value)",
            formula="(pv_cost - pv_public) / annuity_factor",
        ),
        _figure(
            "partner_pv_risk",
            m,
            "money",
            "PV expected cost of risks",
            "Present value of the expected cost of the risks it bears",
            "a partner's present value of the expected cost of the risks it bears",
            dims=p,
            flow=D.RISK_COST,
        ),
        _figure(
            "partner_payback_year",
            m,
            "year",
            "Payback",
            "Payback year",
            "a partner's payback year",
            dims=p,
        ),
        _figure(
            "partner_discounted_payback_year",
            m,
            "year",
            "Discounted payback",
            "Discounted payback year",
            "a partner's discounted payback year",
            dims=p,
        ),
        _figure(
            "annuity_factor",
            "internal",
            "factor",
            "Annuity factor",
            "Sum of the discount factors",
            "the sum of the discount factors over the horizon",
            flow=D.DISCOUNT_FACTOR,
        ),
    ]


def _money(name: str, label: str, doc: str, title: str | None = None) -> Figure:
    return _figure(name, "measure", "money", label, title or label, doc)


def _measures() -> list[Figure]:
    s: Role = "measure"
    return [
        # what failure costs today and who pays
        _money(
            "reactive_as_is",
            "Reactive spend as is (PV)",
            "the reactive spend on the cohort's outcomes as is, present value",
        ),
        _money(
            "investment",
            "Proactive investment (PV)",
            "the proactive investment the partner makes (the cost it bears), present value",
        ),
        _money(
            "saving",
            "Saving (PV)",
            "the saving the partner receives (its fiscal benefit), present value",
        ),
        _figure(
            "saving_share",
            s,
            "share",
            "Saving as a share of its reactive spend",
            "Saving as a share of its reactive spend",
            "the saving as a share of the partner's own reactive spend",
        ),
        _money(
            "reactive_with_programme",
            "Reactive spend with the programme (PV)",
            "the reactive spend left with the programme, present value",
        ),
        _money("total", "Total", "the sum of the row"),
        # per partner and year
        _money(
            "net",
            "Net",
            "net position: benefit received less cost borne or contributed, present value",
        ),
        _figure(
            "roi",
            s,
            "ratio",
            "ROI",
            "Return on investment",
            "benefit received over cost borne or contributed (undefined with none)",
        ),
        _money(
            "transfers",
            "Transfer payments",
            "the transfer payment part of the fiscal benefit in the year",
        ),
        _money("net_fiscal", "Net fiscal", "fiscal benefit less cost in the year"),
        _money(
            "cumulative_net_fiscal",
            "Cumulative net fiscal",
            "net fiscal position summed to the year",
        ),
        _figure(D.YEAR, s, "year", "Year", "Financial year", "the financial year"),
        _figure(
            "volume_changed",
            s,
            "count",
            "Volume changed",
            "Outcome units changed",
            "outcome units changed over the horizon",
        ),
        # Green Book tables
        _figure(
            "weight",
            s,
            "ratio",
            "Distributional weight",
            "Distributional weight",
            "the cohort's distributional weight",
        ),
        _figure(
            "pv_volume",
            s,
            "count",
            "PV outcome units",
            "Discounted outcome units",
            "the outcome units changed, discounted like money",
        ),
        _figure(
            "cost_per_unit",
            s,
            "money_per_unit",
            "Cost per outcome unit",
            "PV cost per discounted outcome unit",
            "the intervention's PV cost over the PV of the outcome units it changes",
        ),
        _figure("probability", s, "share", "Probability", "Probability", "the chance it happens"),
        _money(
            "pv_cost_if_it_happens",
            "PV cost if it happens",
            "present value of the risk's cost if it happens",
        ),
        _money(
            "pv_expected_cost",
            "PV expected cost",
            "probability × present value of the cost if it happens",
        ),
        _figure(
            "mitigation",
            s,
            "share",
            "Mitigation",
            "Mitigation of the upper bound",
            "how much of the project type's optimism bias upper bound is mitigated",
        ),
        _figure(
            "uplift",
            s,
            "share",
            "Uplift",
            "Optimism bias uplift",
            "uplift on the capital costs: upper bound × (1 − mitigation)",
        ),
        _figure(
            "eta",
            s,
            "number",
            "Eta",
            "Elasticity of marginal utility (eta)",
            "the elasticity of the marginal utility of income",
        ),
        _money(
            "pv_public_unweighted",
            "PV public value, unweighted",
            "public value without distributional weights",
        ),
        _figure(
            "vfm_category",
            s,
            "text",
            "Value for money",
            "Value-for-money category",
            "the BCR's value-for-money category (DfT/MHCLG)",
        ),
        # agreements and the pooled budget
        _money(
            "pv_contribution",
            "PV contribution",
            "the partner's contribution to the pot, present value",
        ),
        _money(
            "pv_cost_as_modelled",
            "PV cost as modelled",
            "the cost the case gives the partner, present value",
        ),
        _money(
            "pv_transfer",
            "PV transfers received",
            "cashable savings transferred to the partner under gain share, present value",
        ),
        _money(
            "net_cashable",
            "Net cashable",
            "cashable benefit plus transfers less contribution, present value",
        ),
        _figure(
            "worse_off",
            s,
            "flag",
            "Worse off",
            "Left worse off",
            "whether the partner is left with a negative net position",
        ),
        _figure(
            "share_of_pot",
            s,
            "share",
            "Share of pot",
            "Share of the pot",
            "the partner's share of the pot",
        ),
        _money("pv_saving", "PV saving", "the partner's saving, present value"),
        _figure(
            "saving_share_of_baseline",
            s,
            "share",
            "Saving share",
            "Saving as a share of the reactive spend",
            "saving as a share of the partner's reactive spend as is",
        ),
        _figure(
            "contribution_share_of_baseline",
            s,
            "share",
            "Contribution share",
            "Contribution as a share of the reactive spend",
            "contribution as a share of the partner's reactive spend as is",
        ),
        _money("pv", "PV", "present value"),
        _money(
            "contribution",
            "Contribution",
            "the partner's contribution to the pot in the year",
            title="Contribution to the pot",
        ),
        # sensitivity
        _figure(
            "point",
            s,
            "input",
            "Point",
            "Point value",
            "the input as the case gives it (rates as rates, money as a factor on the value given)",
        ),
        _figure("low", s, "input", "Low", "Low value", "the input's low value"),
        _figure("high", s, "input", "High", "High value", "the input's high value"),
        _money("npbi_low", "NPBI at low", "net present budget impact at the low value"),
        _money("npbi_high", "NPBI at high", "net present budget impact at the high value"),
        _money("npbi_swing", "Swing", "the difference between the two"),
        _figure(
            "switching_value",
            s,
            "input",
            "Switching value",
            "Switching value",
            "the input's value at which the metric reaches break-even",
        ),
        _figure(
            "switching_change",
            s,
            "share",
            "Change to switch",
            "Change from the point value to the switching value",
            "the switching value's change from the point value",
        ),
        _figure(
            "range_source",
            s,
            "text",
            "Range used",
            "Where the input's range comes from",
            "the range each input was varied over: stated in the case, a published "
            "range, or its evidence grade's spread",
        ),
        _figure(
            "crosses",
            s,
            "flag",
            "Crosses break-even",
            "The range crosses break-even",
            "whether the switching value lies within the range used: the case alone "
            "could stop breaking even over this input's range",
        ),
        _figure(
            "switching_share",
            s,
            "share",
            "Switching share",
            "Switching value as a share of the benefit",
            "the switching value as a share of the option's PV benefit",
        ),
        _money(
            "pv_switching_value",
            "Switching value (PV benefit)",
            "the PV benefit that would make the option as good as the preferred",
        ),
        # Monte Carlo
        _money("mean_net", "Mean net", "the mean net position over the draws"),
        _money("p5_net", "Net, 5th percentile", "the 5th percentile of the net position"),
        _money("p95_net", "Net, 95th percentile", "the 95th percentile of the net position"),
        _figure(
            "p_net_positive",
            s,
            "share",
            "Chance ahead",
            "Chance of coming out ahead",
            "the share of draws in which the net position is positive",
        ),
        _figure(
            "p_roi_above_1",
            s,
            "share",
            "Chance ROI above 1",
            "Chance of a return above 1",
            "the share of draws with an ROI above 1",
        ),
        # evaluation
        _figure(
            "share_of_year",
            s,
            "share",
            "Share of year",
            "Share of the year",
            "the part of the financial year the period covers",
        ),
        _figure("people", s, "count", "People", "People observed", "people observed"),
        _figure(
            "observed_rate",
            s,
            "input",
            "Observed rate",
            "Observed rate",
            "outcome units per person-year observed",
        ),
        _figure(
            "counterfactual_rate",
            s,
            "input",
            "Comparison rate",
            "Comparison group's rate",
            "the comparison group's rate",
        ),
        _figure(
            "forecast_change",
            s,
            "count",
            "Forecast change",
            "Forecast change",
            "outcome units the forecast changes in the period",
        ),
        _figure(
            "actual_change",
            s,
            "count",
            "Actual change",
            "Actual change",
            "outcome units changed in the period as observed",
        ),
        _figure(
            "net_impact_observed",
            s,
            "input",
            "Net impact observed",
            "Impact observed, net of the comparison group",
            "1 − observed rate ÷ the comparison group's rate (÷ the case's baseline without one)",
        ),
        _figure(
            "gross_impact_observed",
            s,
            "input",
            "Gross impact observed",
            "Impact observed before and after",
            "1 − observed rate ÷ the case's baseline: the before/after change, what a "
            "case's impact is and what recalibration writes",
        ),
        _figure(
            "assumed_impact",
            s,
            "input",
            "Impact assumed",
            "Impact assumed",
            "the impact the case assumes",
        ),
        _figure(
            "implied_deadweight",
            s,
            "input",
            "Deadweight implied",
            "Deadweight implied",
            "the deadweight the comparison group implies",
        ),
        _figure(
            "assumed_deadweight",
            s,
            "input",
            "Deadweight assumed",
            "Deadweight assumed",
            "the deadweight the case assumes",
        ),
        _figure(
            "months_observed",
            s,
            "whole",
            "Months observed",
            "Months observed",
            "months of observations",
        ),
        _money("forecast", "Forecast", "as forecast"),
        _money("realised", "Realised", "as realised"),
        _money("actual", "Actual", "as observed"),
        # inputs
        _figure(
            "baseline",
            s,
            "number",
            "Baseline",
            "Baseline per member per year",
            "outcome units per member per year without the intervention",
        ),
        _figure("impact", s, "share", "Impact", "Impact", "share of the baseline removed"),
        _figure(
            "deadweight",
            s,
            "share",
            "Deadweight",
            "Deadweight",
            "share that would have happened anyway",
        ),
        _figure(
            "displacement", s, "share", "Displacement", "Displacement", "share displaced elsewhere"
        ),
        _figure(
            "attribution",
            s,
            "share",
            "Attribution",
            "Attribution",
            "share attributable to this intervention",
        ),
        _figure(
            "drop_off",
            s,
            "share",
            "Drop-off",
            "Drop-off",
            "yearly fall in the effect after its first year",
        ),
        _figure(
            "optimism_bias", s, "share", "Optimism bias", "Optimism bias", "optimism bias applied"
        ),
        _figure("lag", s, "whole", "Lag (years)", "Lag", "years from intake to the first benefit"),
        _figure("duration", s, "whole", "Duration (years)", "Duration", "years the benefit lasts"),
        _figure(
            "confidence",
            s,
            "whole",
            "Evidence grade",
            "Evidence grade",
            "evidence grade 1 (best) to 6",
        ),
        _figure(
            "price_year",
            s,
            "year",
            "Price year",
            "Price year",
            "the financial year of the prices given",
        ),
        _figure(
            "source_price_year",
            s,
            "year",
            "Price year",
            "Price year of the source",
            "the financial year of the unit cost's prices",
        ),
        _figure("count", s, "count", "Count", "Count", "how many"),
        _figure("unit_cost", s, "money_per_unit", "Unit cost", "Unit cost", "cost of one unit"),
        _money("before", "Before", "a year of contacts before, costed"),
        _money("after", "After", "a year of contacts after, costed"),
    ]


class Catalogue(Mapping[str, Figure]):
    """The figures by name, in declaration order; ``catalogue["npbi"]``."""

    def __init__(self, figures: list[Figure]) -> None:
        self._figures: dict[str, Figure] = {}
        for found in figures:
            if found.name in self._figures:
                msg = f"figure {found.name!r} is declared twice"
                raise ValueError(msg)
            self._figures[found.name] = found
        for found in figures:
            missing = [
                n for n in (found.formula.names if found.formula else ()) if n not in self._figures
            ]
            if missing:
                msg = f"figure {found.name!r}'s formula reads undeclared {missing}"
                raise ValueError(msg)

    def __getitem__(self, name: str) -> Figure:
        return self._figures[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)

    def of(self, role: Role) -> dict[str, Figure]:
        """The figures of one role, in order."""
        return {name: f for name, f in self._figures.items() if f.role == role}


#: Every figure, by name.
FIGURES = Catalogue([*_variables(), *_metrics(), *_measures()])
