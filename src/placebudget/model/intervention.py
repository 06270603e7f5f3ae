"""Cohorts, effects, cost lines and interventions."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from placebudget.errors import ValidationError
from placebudget.model.naming import cost_line_names
from placebudget.model.validation import (
    check_non_negative,
    collecting,
    finite_number,
    flag,
    has_problems,
    identifier,
    instances_of,
    non_empty_text,
    non_negative,
    one_of,
    optional,
    positive,
    report,
    report_error,
    to_tuple,
    unique_ids,
    whole_within,
    within,
    year,
)
from placebudget.model.values import HEALTH_APPRAISAL_CODES, UnitValue
from placebudget.units import parse_unit, to_quantity, ureg

__all__ = [
    "CONFIDENCE_GRADES",
    "COST_KINDS",
    "MAX_YEARS",
    "Cohort",
    "CostLine",
    "Effect",
    "Intervention",
]

#: The most years an effect's ``lag`` or ``duration`` may be: the longest horizon a case
#: may have (``placebudget.model.case.MAX_HORIZON``).
MAX_YEARS = 300

#: Evidence confidence grades, 1 (audited, recent, local) to 6 (expert judgement).
CONFIDENCE_GRADES: tuple[int, ...] = (1, 2, 3, 4, 5, 6)

#: How a cost line is accounted for.
COST_KINDS: tuple[str, ...] = ("revenue", "capital", "in_kind")


def _grade(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in CONFIDENCE_GRADES or isinstance(value, bool):
        report(attribute.name, "must be a confidence grade from 1 to 6", value)


_grade.schema = {"type": "integer", "minimum": 1, "maximum": 6}  # type: ignore[attr-defined]


def _unit(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _check_unit(inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    try:
        parse_unit(value, field=attribute.name)
    except ValidationError as exc:
        report_error(exc)


def _year_mapping(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, amount in value.items():
        if not isinstance(key, int) or isinstance(key, bool) or not 1900 <= key <= 2200:
            report(f"{attribute.name}[{key!r}]", "keys must be financial years such as 2013", key)
        else:
            check_non_negative(f"{attribute.name}[{key}]", amount)


def _frozen_years(value: Mapping[Any, Any] | None) -> Mapping[Any, Any]:
    items = dict(value or {})
    converted: dict[Any, Any] = {}
    for key, amount in items.items():
        new_key = int(key) if isinstance(key, str) and key.strip().isdigit() else key
        converted[new_key] = amount
    return MappingProxyType(converted)


def _money_by_year(value: Mapping[Any, Any] | None) -> Mapping[Any, Any]:
    converted: dict[Any, Any] = {}
    for key, amount in _frozen_years(value).items():
        if isinstance(amount, str) or hasattr(amount, "units"):
            q = to_quantity(amount, "GBP", field=f"amounts[{key}]")
            if not q.is_compatible_with(ureg.GBP):
                msg = "must be an amount of money (GBP)"
                raise ValidationError.single(path=f"amounts[{key}]", message=msg, value=str(q))
            amount = float(q.to("GBP").magnitude)
        converted[key] = amount
    return MappingProxyType(converted)


def _unit_value(value: Any) -> Any:
    if isinstance(value, str):
        return UnitValue(value)
    return value


def _fiscal(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType({k: _unit_value(v) for k, v in dict(value or {}).items()})


def _optional_unit_value(value: Any) -> Any:
    return None if value is None else _unit_value(value)


def _optional_money_rate(value: Any) -> Any:
    if value is None:
        return None
    return to_quantity(value, field="per_participant")


@collecting
@attrs.frozen(kw_only=True)
class Cohort:
    """Who an intervention targets, and how many enter in each year.

    Examples
    --------
    >>> Cohort(id="families", unit="family", intake={2013: 120, 2014: 150}).total_intake
    270.0
    """

    id: str = attrs.field(validator=identifier)
    """Short id of the cohort."""
    unit: str = attrs.field(default="person", converter=_unit, validator=_check_unit)
    """What is counted (``"person"``, ``"family"``, ``"household"``)."""
    intake: Mapping[int, float] = attrs.field(
        converter=_frozen_years, validator=_year_mapping, eq=True, hash=False
    )
    """Financial year → number entering that year (before engagement)."""
    description: str = ""
    """Who they are and how they are identified."""
    income: float | None = attrs.field(default=None, validator=optional(positive))
    """Equivalised household income of the cohort, GBP a year (a typical member's, or
    the middle of its income band): sets its distributional weight when the case
    applies :class:`~placebudget.model.DistributionalWeights`."""

    @intake.validator
    def _check_intake(self, attribute: attrs.Attribute[Any], value: Mapping[int, float]) -> None:
        if not value:
            report("intake", "must name at least one year with people entering", dict(value))

    @property
    def total_intake(self) -> float:
        """Everyone entering, over all years."""
        return float(sum(self.intake.values()))


class _Implied(float):
    """An attribution the effect was not given: 1, or ``1 − attribution_to_others``. A
    float like any other; marked so that ``attrs.evolve``, which passes it back, is not
    taken for an attribution given beside the share due to others."""

    __slots__ = ()


def _impact(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Within [0, 1]; a negative impact is refused with the canonical way to write a
    dis-benefit (``increases = true`` and the impact as a positive share)."""
    if not finite_number(inst, attribute, value):
        return
    if value < 0:
        report(
            attribute.name,
            "must be within [0, 1] (an effect that increases its outcome is written "
            f"increases = true with impact = {-value:g})",
            value,
        )
    elif value > 1:
        report(attribute.name, "must be within [0, 1]", value)


_impact.schema = {"type": "number", "minimum": 0, "maximum": 1}  # type: ignore[attr-defined]


def _check_values(inst: Effect, attribute: attrs.Attribute[Any], value: Any) -> None:
    for partner, unit_value in value.items():
        if not isinstance(partner, str) or not partner:
            report("fiscal", "keys must be partner ids", partner)
        if not isinstance(unit_value, UnitValue):
            report(f"fiscal[{partner!r}]", "must be a UnitValue or 'ucd:CODE'", unit_value)


@collecting
@attrs.frozen(kw_only=True)
class Effect:
    """How an intervention changes one outcome for its participants.

    The outcome volume changed for participants ``P`` entering in year ``k`` is
    ``P · baseline · impact · (1 − deadweight) · (1 − displacement) · attribution ·
    (1 − optimism bias)``, spread over the years from ``k + lag`` for ``duration`` years,
    decaying by ``drop_off`` each year after the first.

    ``attribution`` is the share of the change due to this intervention; the social
    return on investment guide's "attribution" is the share due to others, which may be
    given instead as ``attribution_to_others`` (one of the two; ``attribution`` then
    holds ``1 − attribution_to_others``).

    An effect that *increases* its outcome (a dis-benefit: extra emissions, demand a new
    team finds, a problem displaced onto another partner) says ``increases = True``,
    with its ``impact`` the share by which the baseline rises (still within [0, 1]): its
    volume is negative, its values are negative benefits of the partners that bear them,
    and its optimism bias raises it, ``(1 + optimism bias)``, as it raises a cost.

    Examples
    --------
    >>> e = Effect(outcome="dv_incidents", unit="incident", baseline=2.0, impact=0.4,
    ...            deadweight=0.1, duration=2, confidence=3,
    ...            fiscal={"police": UnitValue("415 GBP/incident", price_year=2008)})
    >>> round(e.net_rate, 4)
    0.72
    """

    outcome: str = attrs.field(validator=identifier)
    """Id of the outcome changed (``"jsa_into_work"``)."""
    unit: str = attrs.field(converter=_unit, validator=_check_unit)
    """Unit the outcome is counted in (``"incident"``, ``"person_year"``, ``"bed_day"``)."""
    baseline: float = attrs.field(validator=non_negative)
    """Outcome units per participant per year without the intervention (1 for a state)."""
    impact: float = attrs.field(validator=_impact)
    """Fraction of the baseline removed (or the success rate); with ``increases``, the
    fraction by which it rises."""
    deadweight: float = attrs.field(default=0.0, validator=within(0, 1))
    """Share of the change that would have happened anyway."""
    displacement: float = attrs.field(default=0.0, validator=within(0, 1))
    """Share of the change that merely moves the problem elsewhere."""
    attribution: float = attrs.field(default=_Implied(1.0), validator=within(0, 1))
    """Share of the change due to this intervention rather than others (the complement
    of the SROI guide's "attribution"; see ``attribution_to_others``)."""
    attribution_to_others: float | None = attrs.field(
        default=None, validator=optional(within(0, 1))
    )
    """Share of the change due to others (the social return on investment guide's
    "attribution"), given instead of ``attribution``, which then holds its complement."""
    increases: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    """Whether the effect increases its outcome (a dis-benefit, valued as a cost to the
    partners that bear it), by ``impact`` times the baseline, rather than reducing it."""
    lag: int = attrs.field(default=0, validator=whole_within(0, MAX_YEARS))
    """Years from intake to the first year of benefit."""
    duration: int = attrs.field(default=1, validator=whole_within(1, MAX_YEARS))
    """Years the benefit lasts."""
    drop_off: float = attrs.field(default=0.0, validator=within(0, 1))
    """Annual decay of the benefit after its first year."""
    confidence: int | None = attrs.field(default=None, validator=optional(_grade))
    """Evidence confidence grade 1–6; sets the optimism bias unless it is given."""
    optimism_bias: float | None = attrs.field(default=None, validator=optional(within(0, 1)))
    """Explicit optimism bias on the benefit, overriding the grade's."""
    fiscal: Mapping[str, UnitValue] = attrs.field(
        factory=dict, converter=_fiscal, validator=_check_values, hash=False
    )
    """Partner id → fiscal value per unit of outcome (with its cashable share)."""
    economic: UnitValue | None = attrs.field(default=None, converter=_optional_unit_value)
    """Economic value per unit of outcome (e.g. earnings gained)."""
    social: UnitValue | None = attrs.field(default=None, converter=_optional_unit_value)
    """Social value per unit of outcome (e.g. wellbeing)."""
    description: str = ""
    """What the outcome is and how it is measured."""
    source: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """Citation for the rates."""
    health: bool | None = attrs.field(default=None, validator=optional(flag))
    """Whether the social value is a health value (QALYs, or a value in utility terms
    that does not rise with income), discounted with the Green Book health schedule
    (1.5 % for years 0–30) rather than the case's. ``None`` (not stated): a health value
    when the social value is ``gb:qaly`` (or a NICE QALY threshold), not otherwise.
    Economic and fiscal values are money and always take the case's schedule."""

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        if self.attribution_to_others is not None:
            # an attribution not given (or implied, passed back by attrs.evolve) follows
            if not isinstance(self.attribution, _Implied):
                report(
                    "attribution_to_others",
                    "give attribution (the share due to this intervention) or "
                    "attribution_to_others (the share due to others, as the SROI guide's "
                    f"attribution), not both (attribution = {float(self.attribution)!r})",
                    self.attribution_to_others,
                )
                return
            object.__setattr__(self, "attribution", _Implied(1.0 - self.attribution_to_others))
        if self.health and self.social is None:
            report(
                "health",
                "marks the social value as a health value, and the effect has no "
                "social value: give one, or leave health out",
                self.health,
            )
        if self.confidence is None and self.optimism_bias is None:
            report(
                "confidence",
                "give an evidence confidence grade (1-6) or an explicit optimism_bias",
                None,
            )
        values: dict[str, UnitValue | None] = {
            **{f"fiscal[{k!r}]": v for k, v in self.fiscal.items()},
            "economic": self.economic,
            "social": self.social,
        }
        for path, unit_value in values.items():
            if (
                path != "social"
                and unit_value is not None
                and unit_value.appraisal_code is not None
            ):
                report(
                    f"{path}.amount",
                    "a Green Book appraisal value ('gb:…') is a social "
                    "value: give it as the effect's social value",
                    unit_value.amount,
                )
        for kind in ("economic", "social"):
            stated: UnitValue | None = getattr(self, kind)
            if stated is not None and stated.transfer is not None:
                report(
                    f"{kind}.transfer",
                    "applies to fiscal values only (a transfer "
                    "payment such as tax or a benefit is a fiscal flow)",
                    stated.transfer,
                )
        for path, unit_value in values.items():
            if unit_value is None or unit_value.is_reference:
                continue
            try:
                unit_value.per(self.unit, field=f"{path}.amount")
            except ValidationError as exc:
                report_error(exc)

    @property
    def direction(self) -> int:
        """1 for an effect that reduces its outcome, −1 for one that increases it."""
        return -1 if self.increases else 1

    @property
    def net_rate(self) -> float:
        """``baseline · impact · (1−deadweight) · (1−displacement) · attribution``,
        before optimism bias; negative for an effect that increases its outcome."""
        return (
            self.direction
            * self.baseline
            * self.impact
            * (1 - self.deadweight)
            * (1 - self.displacement)
            * self.attribution
        )

    @property
    def health_valued(self) -> bool:
        """Whether the social value is a health value (:attr:`health`, or, not stated,
        a Green Book QALY value)."""
        if self.social is None:
            return False
        if self.health is not None:
            return self.health
        code = self.social.appraisal_code
        return code is not None and code in HEALTH_APPRAISAL_CODES

    def unit_values(self) -> dict[str, UnitValue]:
        """Every value of the effect keyed by its path (``fiscal['nhs']``, ``economic``)."""
        out: dict[str, UnitValue] = {f"fiscal[{k!r}]": v for k, v in self.fiscal.items()}
        if self.economic is not None:
            out["economic"] = self.economic
        if self.social is not None:
            out["social"] = self.social
        return out


@collecting
@attrs.frozen(kw_only=True)
class CostLine:
    """A cost borne by one partner: fixed amounts by year, or an amount per participant.

    Examples
    --------
    >>> CostLine(partner="council", amounts={2013: 150_000}, price_year=2013,
    ...          category="intervention", confidence=2).total
    150000.0
    """

    partner: str = attrs.field(validator=identifier)
    """Id of the partner that pays."""
    id: str | None = attrs.field(default=None, validator=optional(identifier))
    """Short id naming the line in sensitivity tables and uncertainty (``key_worker_posts``);
    without one, the line is named by its ``category`` (``running#2`` for the second of
    several lines of one category)."""
    amounts: Mapping[int, float] = attrs.field(
        factory=dict, converter=_money_by_year, validator=_year_mapping, hash=False
    )
    """Financial year → GBP (in ``price_year`` prices)."""
    per_participant: Any = attrs.field(default=None, converter=_optional_money_rate)
    """GBP per engaged participant, charged in the year each enters."""
    price_year: int = attrs.field(validator=year)
    """Financial year of the prices."""
    category: str = attrs.field(default="intervention", validator=non_empty_text)
    """Label agreements can apportion differently (``"running"``, ``"intervention"``)."""
    kind: str = attrs.field(default="revenue", validator=one_of(COST_KINDS))
    """Revenue, capital or in kind."""
    confidence: int | None = attrs.field(default=None, validator=optional(_grade))
    """Confidence grade 1–6 of the estimate; sets the optimism bias unless given."""
    optimism_bias: float | None = attrs.field(default=None, validator=optional(non_negative))
    """Explicit uplift on the cost (0.1 = +10 %), overriding the grade's."""
    project_type: str | None = attrs.field(default=None, validator=optional(identifier))
    """For a capital line: its project type in the capital optimism bias table
    (``standard_buildings``); the uplift is the type's upper bound × (1 −
    ``mitigation``), in place of a grade."""
    mitigation: float = attrs.field(default=0.0, validator=within(0, 1))
    """Share of the project type's optimism bias mitigated (0 to 1), with the evidence
    for it in ``description``."""
    description: str = ""
    """What the money pays for."""

    @per_participant.validator
    def _check_per_participant(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if value.dimensionality.get("[currency]") != 1:
            report("per_participant", "must be money per participant (GBP/person)", str(value))
        elif not finite_number(self, attribute, float(value.magnitude)) or value.magnitude < 0:
            report("per_participant", "must be a finite amount of zero or more", str(value))

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        if not self.amounts and self.per_participant is None:
            report("amounts", "give amounts by year or a per_participant cost", {})
        elif self.amounts and self.per_participant is not None:
            report(
                "per_participant",
                "give either amounts by year or a per_participant cost, not both "
                "(use two cost lines)",
                str(self.per_participant),
            )
        if self.project_type is not None:
            if self.kind != "capital":
                report(
                    "project_type",
                    f"applies to capital lines only (kind = 'capital'; this line is {self.kind!r})",
                    self.project_type,
                )
            if self.optimism_bias is not None:
                report(
                    "optimism_bias",
                    "give a project_type or an explicit optimism_bias, not both",
                    self.optimism_bias,
                )
        elif self.mitigation:
            report(
                "mitigation",
                "needs a project_type (it mitigates that type's optimism bias)",
                self.mitigation,
            )
        if self.confidence is None and self.optimism_bias is None and self.project_type is None:
            report(
                "confidence",
                "give a confidence grade (1-6), an explicit optimism_bias or, for a "
                "capital line, a project_type",
                None,
            )

    @property
    def total(self) -> float:
        """Sum of the fixed amounts (GBP, before optimism bias and uprating)."""
        return float(sum(self.amounts.values()))


@collecting
@attrs.frozen(kw_only=True)
class Intervention:
    """A new delivery model for a cohort: its effects and what it costs.

    Examples
    --------
    >>> from placebudget.testing import example_intervention
    >>> example_intervention().cohort.unit
    'person'
    """

    id: str = attrs.field(validator=identifier)
    """Short id of the intervention."""
    name: str = attrs.field(validator=non_empty_text)
    """Name for reports."""
    theme: str = attrs.field(validator=identifier)
    """Theme id (``"troubled_families"``)."""
    cohort: Cohort = attrs.field(validator=attrs.validators.instance_of(Cohort))
    """Who is targeted."""
    engagement: float = attrs.field(validator=within(0, 1))
    """Share of the intake who engage."""
    effects: tuple[Effect, ...] = attrs.field(
        converter=to_tuple,
        validator=[instances_of(Effect), unique_ids("outcome", field="outcome")],
    )
    """The outcomes changed, one effect per outcome."""
    costs: tuple[CostLine, ...] = attrs.field(
        factory=tuple, converter=to_tuple, validator=instances_of(CostLine)
    )
    """Who pays what."""
    description: str = ""
    """What the intervention does."""

    @property
    def cost_names(self) -> tuple[str, ...]:
        """Each cost line's name within the intervention: its ``id``, else its category,
        numbered (``running#2``) when several lines without an id share the category.

        Examples
        --------
        >>> from placebudget.testing import example_intervention
        >>> line = example_intervention().costs[0]
        >>> iv = attrs.evolve(example_intervention(), costs=[
        ...     line, attrs.evolve(line, category="running"),
        ...     attrs.evolve(line, category="running"), attrs.evolve(line, id="posts")])
        >>> iv.cost_names
        ('intervention', 'running#1', 'running#2', 'posts')
        """
        return cost_line_names([(line.id, line.category) for line in self.costs])

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        seen: dict[str, int] = {}
        for index, name in enumerate(self.cost_names):
            if name in seen:
                report(
                    f"costs[{index}].id",
                    f"names the same cost line as costs[{seen[name]}] "
                    "(each line's id, or its category when it has none, must differ)",
                    name,
                )
            seen.setdefault(name, index)
        for index, line in enumerate(self.costs):
            if line.per_participant is None:
                continue
            target = ureg.GBP / ureg.Unit(self.cohort.unit)
            if not line.per_participant.is_compatible_with(target):
                report(
                    f"costs[{index}].per_participant",
                    f"must be money per {self.cohort.unit} (the cohort's unit)",
                    str(line.per_participant),
                )
