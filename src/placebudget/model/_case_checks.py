"""The checks of a business case as a whole (:class:`~placebudget.model.BusinessCase`
makes them once each of its parts is valid): what no one part can check alone, reported
as problems, and the warnings of what is allowed but probably a mistake."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from placebudget.errors import Problem
from placebudget.model.agreements import PerCategory
from placebudget.model.partners import unknown_partner
from placebudget.model.uncertainty import InputPath
from placebudget.model.validation import financial_year_label, report

if TYPE_CHECKING:
    from placebudget.model.agreements import InvestmentAgreement
    from placebudget.model.case_studies import CaseStudy
    from placebudget.model.green_book import DistributionalWeights, Interaction, Risk
    from placebudget.model.intervention import Effect, Intervention
    from placebudget.model.partners import Place
    from placebudget.model.reinvestment import Reinvestment
    from placebudget.model.uncertainty import Distribution

__all__ = ["LONG_HORIZON", "case_warnings", "check_consistency"]

#: Horizon (years) beyond which the Green Book (2026 edition) asks for the low-rate
#: sensitivity (3.00 % falling to 0.86 %: the bundled ``reduced`` schedule).
LONG_HORIZON = 50

#: Relative rounding allowed when an interaction's shared people are compared with the
#: second intervention's participants.
_SHARED_RTOL = 1e-9


class _Case(Protocol):
    """What the checks read of a case (a :class:`~placebudget.model.BusinessCase`)."""

    @property
    def place(self) -> Place: ...

    @property
    def interventions(self) -> tuple[Intervention, ...]: ...

    @property
    def start_year(self) -> int: ...

    @property
    def horizon(self) -> int: ...

    @property
    def annuity(self) -> str: ...

    @property
    def agreements(self) -> Mapping[str, InvestmentAgreement]: ...

    @property
    def uncertainty(self) -> Mapping[str, Distribution]: ...

    @property
    def reinvestment(self) -> Reinvestment | None: ...

    @property
    def case_studies(self) -> tuple[CaseStudy, ...]: ...

    @property
    def distributional_weights(self) -> DistributionalWeights | None: ...

    @property
    def risks(self) -> tuple[Risk, ...]: ...

    @property
    def interactions(self) -> tuple[Interaction, ...]: ...

    @property
    def reinvested_into(self) -> int | None: ...


def check_consistency(case: _Case) -> None:
    """Report what no one part of ``case`` can check alone: each intervention's intake
    years and each cost line's within the appraisal, each fiscal value's and cost line's
    partner one of the place's, each outcome counted in one unit and of one theme, each
    uncertain input one the case has (and named once), each agreement's partners and
    cost categories, each case study's partners, the reinvestment and the Green Book's
    items (:func:`_check_green_book`)."""
    partners = set(case.place.partner_ids)
    first, last = case.start_year, case.start_year + case.horizon - 1
    if case.annuity == "immediate" and case.horizon < 2:
        report(
            "annuity",
            "an annuity immediate leaves year 0 out, so it needs a horizon of at least two "
            f'years (the horizon is {case.horizon}); use annuity = "due"',
            case.annuity,
        )
    span = f"within the appraisal years {first}-{last}"
    outcome_units: dict[str, tuple[str, str]] = {}
    outcome_themes: dict[str, tuple[str, str]] = {}
    for i, intervention in enumerate(case.interventions):
        where = f"interventions[{i}]"
        for y in intervention.cohort.intake:
            if not first <= y <= last:
                report(f"{where}.cohort.intake[{y}]", f"intake year must be {span}", y)
        for j, effect in enumerate(intervention.effects):
            for partner in effect.fiscal:
                if partner not in partners:
                    report(
                        f"{where}.effects[{j}].fiscal[{partner!r}]",
                        unknown_partner(partner, case.place.partner_ids),
                        partner,
                    )
            here = f"{where}.effects[{j}]"
            unit = outcome_units.setdefault(effect.outcome, (effect.unit, here))
            if unit[0] != effect.unit:
                report(
                    f"{here}.unit",
                    f"outcome {effect.outcome!r} is counted in {unit[0]!r} at {unit[1]}",
                    effect.unit,
                )
            theme = outcome_themes.setdefault(effect.outcome, (intervention.theme, where))
            if theme[0] != intervention.theme:
                report(
                    f"{where}.theme",
                    f"outcome {effect.outcome!r} belongs to theme {theme[0]!r} at {theme[1]}",
                    intervention.theme,
                )
        for j, line in enumerate(intervention.costs):
            _check_charged(
                case, f"{where}.costs[{j}]", line.partner, line.amounts, "amounts", partners
            )
    named: dict[str, str] = {}
    for path in case.uncertainty:
        parsed = InputPath.parse(path)
        name = None if parsed is None else parsed.name_in(case)
        if parsed is not None and name is None:
            report(
                f"uncertainty[{path!r}]",
                "names an intervention, effect, cost line or partner the case does not have",
                path,
            )
        elif name is not None and name in named:
            report(
                f"uncertainty[{path!r}]",
                f"names the same input as uncertainty[{named[name]!r}] ({name})",
                path,
            )
        elif name is not None:
            named[name] = path
    categories = {line.category for i in case.interventions for line in i.costs}
    for option, agreement in case.agreements.items():
        where = f"agreements[{option!r}]"
        for partner, path in agreement.partners_named().items():
            if partner not in partners:
                report(f"{where}.{path}", unknown_partner(partner, case.place.partner_ids), partner)
        rule = agreement.rule
        if isinstance(rule, PerCategory):
            for category in sorted(categories - set(rule.rules)):
                report(
                    f"{where}.rule.rules",
                    "has no rule for the cost category "
                    f"{category!r} (categories: {', '.join(sorted(categories))})",
                    sorted(rule.rules),
                )
            for category in sorted(set(rule.rules) - categories):
                report(
                    f"{where}.rule.rules[{category!r}]",
                    f"no cost line has this category (categories: {', '.join(sorted(categories))})",
                    category,
                )

    for index, study in enumerate(case.case_studies):
        for partner, path in study.partners_named().items():
            if partner not in partners:
                report(
                    f"case_studies[{index}].{path}",
                    unknown_partner(partner, case.place.partner_ids),
                    partner,
                )
    if case.reinvestment is not None:
        _check_reinvestment(case, case.reinvestment, partners)
    _check_green_book(case, partners)


def _check_charged(
    case: _Case,
    where: str,
    partner: str,
    by_year: Mapping[int, float],
    field: str,
    partners: set[str],
) -> None:
    """A cost line or a risk: its partner one of the place's, its years appraised."""
    if partner not in partners:
        report(f"{where}.partner", unknown_partner(partner, case.place.partner_ids), partner)
    first, last = case.start_year, case.start_year + case.horizon - 1
    for y in by_year:
        if not first <= y <= last:
            report(
                f"{where}.{field}[{y}]",
                f"year must be within the appraisal years {first}-{last}",
                y,
            )


def _check_green_book(case: _Case, partners: set[str]) -> None:
    if case.distributional_weights is not None:
        for i, intervention in enumerate(case.interventions):
            if intervention.cohort.income is None:
                report(
                    f"interventions[{i}].cohort.income",
                    "is required when the case "
                    "applies distributional weights (equivalised household income, "
                    "GBP a year)",
                    None,
                )
    for index, risk in enumerate(case.risks):
        _check_charged(case, f"risks[{index}]", risk.partner, risk.cost, "cost", partners)
    by_id = {i.id: i for i in case.interventions}
    ids = ", ".join(by_id)
    for index, interaction in enumerate(case.interactions):
        where = f"interactions[{index}]"
        found = [by_id.get(name) for name in interaction.between]
        for k, name in enumerate(interaction.between):
            if found[k] is None:
                report(
                    f"{where}.between[{k}]",
                    "must name an intervention of this "
                    f"case's place, {case.place.id!r} (interventions: {ids})",
                    name,
                )
        first_iv, second_iv = found
        if first_iv is None or second_iv is None:
            continue
        shared = {e.outcome for e in first_iv.effects} & {e.outcome for e in second_iv.effects}
        if interaction.adjustment and not (interaction.outcomes or shared):
            report(
                f"{where}.adjustment",
                "has no benefits to adjust: the two "
                "interventions change no outcome in common (name the outcomes "
                "affected)",
                interaction.adjustment,
            )
        for outcome in interaction.outcomes:
            if outcome not in shared:
                report(
                    f"{where}.outcomes",
                    "must be outcomes both interventions change "
                    f"(shared: {', '.join(sorted(shared)) or 'none'})",
                    outcome,
                )
        participants = [iv.cohort.total_intake * iv.engagement for iv in found if iv is not None]
        # the same people counted two ways may differ in the last digit (intakes
        # summed over other years): only more than rounding is refused
        if participants[1] > 0 and (
            interaction.overlap * participants[0] > participants[1] * (1 + _SHARED_RTOL)
        ):
            report(
                f"{where}.overlap",
                "says more people are shared than the second "
                f"intervention has ({interaction.overlap:g} × "
                f"{participants[0]:,.0f} engaged > {participants[1]:,.0f}): an "
                "overlap above 1 of its cohort",
                interaction.overlap,
            )


def _check_reinvestment(case: _Case, plan: Reinvestment, partners: set[str]) -> None:
    ids = [i.id for i in case.interventions]
    for index, partner in enumerate(plan.partners):
        if partner not in partners:
            report(
                f"reinvestment.partners[{index}]",
                unknown_partner(partner, case.place.partner_ids),
                partner,
            )
    if plan.into is None and len(ids) != 1:
        report(
            "reinvestment.into",
            f"must name the intervention scaled up (the case has {len(ids)}: {', '.join(ids)})",
            None,
        )
        return
    into = plan.into or ids[0]
    if into not in ids:
        report("reinvestment.into", f"unknown intervention (known: {', '.join(ids)})", into)
        return
    target = case.interventions[case.reinvested_into or 0]
    if not any(
        line.per_participant is not None and line.per_participant.magnitude > 0
        for line in target.costs
    ):
        report(
            "reinvestment.into",
            "needs an intervention with a per_participant cost "
            "line above zero: the reinvested money buys extra participants at that "
            "cost",
            into,
        )
    if target.engagement == 0:
        report("reinvestment.into", "needs an intervention with engagement above 0", into)


def case_warnings(case: _Case) -> list[Problem]:
    """What is allowed in ``case`` but probably a mistake, or a default that changes
    results, each named by its position in the case (see
    :meth:`placebudget.model.BusinessCase.warnings`, which names them by ids)."""
    found: list[Problem] = []
    for i, intervention in enumerate(case.interventions):
        for j, effect in enumerate(intervention.effects):
            where = f"interventions[{i}].effects[{j}]"
            code = effect.social.appraisal_code if effect.social is not None else None
            if code is not None and code.startswith("qaly_nice"):
                found.append(
                    Problem(
                        f"{where}.social",
                        f"is gb:{code}, a NICE threshold "
                        "for health technology assessment; the Green "
                        "Book's cross-government value is gb:qaly "
                        "(£70,000)",
                    )
                )
            cut = _cut_off(case, intervention, effect)
            if cut is not None:
                found.append(Problem(where, cut))
            for partner, value in effect.fiscal.items():
                if value.cashable is None:
                    found.append(
                        Problem(
                            f"{where}.fiscal[{partner!r}].cashable",
                            "is not stated, so "
                            "none of this saving is counted as cashable: state cashable "
                            "= 0 to confirm it, or the share the partner can release",
                        )
                    )
    found += _idle_partners(case)
    if case.horizon > LONG_HORIZON:
        found.append(
            Problem(
                "horizon",
                f"is over {LONG_HORIZON} years: the Green Book asks for a sensitivity "
                'at the lower long-term rate (the "reduced" schedule, 3.00 % falling '
                "to 0.86 %); the reports show it as a sensitivity row",
                case.horizon,
            )
        )
    has_values = any(
        e.economic is not None or e.social is not None
        for i in case.interventions
        for e in i.effects
    )
    if case.interventions and not has_values:
        found.append(
            Problem(
                "interventions",
                "no effect gives an economic or a social "
                "value (economic = …, social = …), so public value is the "
                "fiscal benefit alone, less any transfer payments, and the "
                "benefit-cost ratio is the fiscal return on investment; "
                "give the values the outcomes have, or read the BCR as "
                "fiscal only",
            )
        )
    return found


def _cut_off(case: _Case, intervention: Intervention, effect: Effect) -> str | None:
    """What the horizon cuts off an effect's benefit, in words, or ``None``: an intake in
    year ``k`` benefits until ``k + lag + duration − 1``, and the years of that after the
    horizon's last are counted nowhere (their present value is
    :attr:`placebudget.engine.Appraisal.beyond_horizon`)."""
    last = case.start_year + case.horizon - 1
    runs = {
        k: k + effect.lag + effect.duration - 1
        for k, n in sorted(intervention.cohort.intake.items())
        if n > 0 and k + effect.lag + effect.duration - 1 > last
    }
    if not runs:
        return None
    fy = financial_year_label
    intakes = [fy(k) for k in runs]
    if len(runs) == 1:
        whose = f"the {intakes[0]} intake's benefit runs"
    else:
        whose = f"the {', '.join(intakes[:-1])} and {intakes[-1]} intakes' benefits run"
    ends = [fy(y) for y in sorted(set(runs.values()))]
    until = ends[0] if len(ends) == 1 else f"{', '.join(ends[:-1])} and {ends[-1]}"
    first_cut, last_cut = fy(last + 1), ends[-1]
    years = f"{first_cut} is" if first_cut == last_cut else f"{first_cut} to {last_cut} are"
    entering = [k for k, n in intervention.cohort.intake.items() if n > 0]
    none = (
        "; none of this effect's benefit falls within the horizon"
        if min(entering) + effect.lag > last
        else ""
    )
    return (
        f"{whose} to {until}, past the horizon's last year {fy(last)}: {years} not "
        f"counted{none} (its present value is in the reports' assumptions)"
    )


def _idle_partners(case: _Case) -> list[Problem]:
    """Partners that bear no cost and receive no benefit in any intervention."""
    active = {line.partner for i in case.interventions for line in i.costs}
    active |= {partner for i in case.interventions for e in i.effects for partner in e.fiscal}
    active |= {risk.partner for risk in case.risks}
    return [
        Problem(
            f"place.partners[{n}]",
            f"{partner.name} ({partner.id}) bears no "
            "cost and receives no fiscal benefit: it shows zero in every table "
            "(remove it, or give it its costs and values)",
        )
        for n, partner in enumerate(case.place.partners)
        if partner.id not in active
    ]
