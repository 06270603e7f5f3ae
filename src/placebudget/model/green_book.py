"""Green Book appraisal items of a case: appraisal values (WELLBY, QALY, VPF, carbon),
distributional weights, costed risks, interactions between interventions in one place,
capital optimism bias by project type and the value-for-money categories.

No I/O here: the bundled tables are read by :mod:`placebudget.reference`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import attrs

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model.intervention import _money_by_year
from placebudget.model.validation import (
    check_non_negative,
    collecting,
    has_problems,
    identifier,
    non_empty_text,
    optional,
    positive,
    report,
    to_frozen_dict,
    within,
    year,
)
from placebudget.model.values import APPRAISAL_PREFIX

__all__ = [
    "APPRAISAL_PREFIX",
    "DEFAULT_ETA",
    "GREEN_BOOK_EDITIONS",
    "MAX_INTERACTION_ADJUSTMENT",
    "VFM_BANDS",
    "VFM_SOURCE",
    "AppraisalValue",
    "CapitalOptimismBias",
    "DistributionalWeights",
    "Interaction",
    "ProjectType",
    "Risk",
    "distributional_weight",
    "vfm_category",
]

#: Green Book editions a case can pin (the items that differ: the costs of raising public
#: funds, METB: 20 % as a sensitivity in 2022, none in the February 2026 edition).
GREEN_BOOK_EDITIONS: tuple[str, ...] = ("2022", "2026")

#: The Green Book's elasticity of marginal utility of income (Annex A3, 2022 and 2026).
DEFAULT_ETA = 1.3

#: Largest interaction adjustment a case may state, as a share of the benefits it adjusts.
MAX_INTERACTION_ADJUSTMENT = 0.5

#: Value-for-money categories of a benefit-cost ratio: (category, lowest BCR in it); a
#: boundary belongs to the higher band.
VFM_BANDS: tuple[tuple[str, float], ...] = (
    ("very poor", -math.inf),
    ("poor", 0.0),
    ("low", 1.0),
    ("medium", 1.5),
    ("high", 2.0),
    ("very high", 4.0),
)

#: Where the categories come from.
VFM_SOURCE = (
    "DfT, Value for Money Framework (2015, updated 2017), its Supplementary Guidance on "
    "Categories (2017) and MHCLG Appraisal Guide (2016): very poor below 0, poor 0-1, "
    "low 1-1.5, medium 1.5-2, high 2-4, very high 4+ (a boundary goes to the higher band)"
)


def vfm_category(bcr: float) -> str:
    """The value-for-money category of a benefit-cost ratio (``"n/a"`` for none).

    Examples
    --------
    >>> [vfm_category(b) for b in (-0.01, 0.0, 0.9, 1.0, 1.5, 1.99, 2.0, 4.0, float("nan"))]
    ['very poor', 'poor', 'poor', 'low', 'medium', 'medium', 'high', 'very high', 'n/a']
    """
    if bcr != bcr:
        return "n/a"
    found = VFM_BANDS[0][0]
    for category, lowest in VFM_BANDS:
        if bcr >= lowest:
            found = category
    return found


def distributional_weight(income: float, median: float, eta: float = DEFAULT_ETA) -> float:
    """The Green Book's distributional weight ``(median / income) ** eta``.

    Examples
    --------
    >>> round(distributional_weight(15_000, 30_000), 4)
    2.4623
    """
    return float((median / income) ** eta)


def _money_years(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        report(attribute.name, "must give at least one year's cost", dict(value))
    for key, amount in value.items():
        if not isinstance(key, int) or isinstance(key, bool) or not 1900 <= key <= 2200:
            report(f"{attribute.name}[{key!r}]", "keys must be financial years such as 2013", key)
        else:
            check_non_negative(f"{attribute.name}[{key}]", amount)


@collecting
@attrs.frozen(kw_only=True)
class AppraisalValue:
    """One Green Book appraisal value: money per unit of a wellbeing, health, safety or
    carbon outcome, with its range.

    Examples
    --------
    >>> v = AppraisalValue(code="wellby", unit="wellby", central=13_000, low=10_000,
    ...                    high=16_000, price_year=2019, source="HMT Wellbeing Guidance")
    >>> v.amount_in(2030), v.range
    (13000.0, (0.7692307692307693, 1.2307692307692308))
    """

    code: str = attrs.field(validator=identifier)
    """Code a case names it by, after ``gb:`` (``wellby``)."""
    unit: str = attrs.field(validator=non_empty_text)
    """Outcome unit it values (``wellby``, ``qaly``, ``prevented_fatality``, ``tCO2e``)."""
    central: float = attrs.field(validator=positive)
    """GBP per unit, central value (in ``price_year`` prices)."""
    low: float | None = attrs.field(default=None, validator=optional(positive))
    """Low end of the published range, if there is one."""
    high: float | None = attrs.field(default=None, validator=optional(positive))
    """High end of the published range, if there is one."""
    price_year: int = attrs.field(validator=year)
    """Price year: a calendar year (the Green Book's values are priced in calendar
    years; they are uprated with the calendar-year GDP deflator)."""
    by_year: Mapping[int, tuple[float, float, float]] = attrs.field(
        factory=dict, converter=to_frozen_dict, hash=False
    )
    """For a value that changes by year (carbon): year → (low, central, high)."""
    real_growth: float = attrs.field(default=0.0, validator=within(0, 0.1))
    """Real growth of the value a year after ``value_year`` (VPF: 2 %, GDP per head)."""
    value_year: int | None = attrs.field(default=None, validator=optional(year))
    """Year the central value is for, when it grows (VPF: 2023)."""
    source: str = attrs.field(validator=non_empty_text)
    """Citation."""
    default_use: bool = True
    """Whether it may be used in a cross-government appraisal (the NICE thresholds may
    not: they are for health technology assessment)."""

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        if (self.low is None) != (self.high is None):
            report("low", "give both ends of the range or neither", self.low)
        elif (
            self.low is not None
            and self.high is not None
            and not (self.low <= self.central <= self.high)
        ):
            report("central", f"must lie within the range {self.low}-{self.high}", self.central)

    @property
    def range(self) -> tuple[float, float] | None:
        """The low and high ends as factors on the central value (at the first year
        for a value by year), or ``None``."""
        if self.by_year:
            low, central, high = self.by_year[min(self.by_year)]
            return low / central, high / central
        if self.low is None or self.high is None:
            return None
        return self.low / self.central, self.high / self.central

    def amount_in(self, year: int) -> float:
        """GBP per unit in ``year`` (in ``price_year`` prices): the year's value for a
        value by year, the central value grown in real terms for one that grows.

        Raises
        ------
        placebudget.errors.ValidationError
            ``year`` is not a whole year (a list of years is refused: ask for each), or
            a value by year has no figure for it (naming the years covered).

        Examples
        --------
        >>> v = AppraisalValue(code="c", unit="tCO2e", central=1, price_year=2022,
        ...                    by_year={2020: (1, 2, 3)}, source="s")
        >>> v.amount_in(2020)
        2.0
        >>> v.amount_in(2019)
        Traceback (most recent call last):
        ...
        placebudget.errors.UnknownReferenceError: gb:c has no value for 2019 (1 problem):
          - year: has values for the years 2020-2020 only, got 2019
        """
        given: Any = year
        if isinstance(given, bool) or not isinstance(given, numbers.Integral):
            msg = "must be one whole year such as 2024 (ask for each year in turn)"
            raise ValidationError(
                [Problem("year", msg, given)], context=f"gb:{self.code} has no single value for it"
            )
        year = int(given)
        if self.by_year:
            if year not in self.by_year:
                covered = f"{min(self.by_year)}-{max(self.by_year)}"
                raise UnknownReferenceError(
                    [Problem("year", f"has values for the years {covered} only", year)],
                    context=f"gb:{self.code} has no value for {year}",
                )
            return float(self.by_year[year][1])
        if self.real_growth and self.value_year is not None:
            return float(self.central * (1 + self.real_growth) ** (year - self.value_year))
        return float(self.central)


@collecting
@attrs.frozen(kw_only=True)
class DistributionalWeights:
    """The Green Book's distributional weights: economic and social values of a cohort
    with equivalised household income ``y`` are weighted by ``(median / y) ** eta``;
    fiscal values never are. Reports show the weighted public value beside the
    unweighted one.

    Examples
    --------
    >>> w = DistributionalWeights(median_income=30_000)
    >>> round(w.weight(15_000), 2), w.eta
    (2.46, 1.3)
    """

    median_income: float = attrs.field(validator=positive)
    """Median equivalised household income, GBP a year (the same measure and year as each
    cohort's ``income``)."""
    eta: float = attrs.field(default=DEFAULT_ETA, validator=positive)
    """Elasticity of marginal utility of income, above 0 (Green Book: 1.3)."""
    sensitivity: tuple[float, ...] = attrs.field(default=(1.0, 1.3, 1.5, 2.0), converter=tuple)
    """Values of ``eta`` the reports show the weighted value at."""
    source: str = ""
    """Where the median income comes from."""

    @sensitivity.validator
    def _check_sensitivity(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        for k, eta in enumerate(value):
            if isinstance(eta, bool) or not isinstance(eta, int | float) or not eta > 0:
                report(f"sensitivity[{k}]", "must be a number above 0", eta)

    def weight(self, income: float, eta: float | None = None) -> float:
        """The weight of a cohort with ``income`` (at ``eta``, default :attr:`eta`)."""
        return distributional_weight(income, self.median_income, self.eta if eta is None else eta)


@collecting
@attrs.frozen(kw_only=True)
class Risk:
    """A costed risk of the risk register: it happens with ``probability`` and then costs
    ``cost`` (GBP by year, in ``price_year`` prices) to ``partner``. Its expected cost is
    added to give the risk-adjusted cost; the Monte Carlo draws it as an event.

    Examples
    --------
    >>> r = Risk(id="delay", partner="council", probability=0.2, cost={2014: 50_000},
    ...          price_year=2013)
    >>> r.expected_cost
    10000.0
    """

    id: str = attrs.field(validator=identifier)
    """Short id."""
    partner: str = attrs.field(validator=identifier)
    """Partner that bears the cost if it happens (the risk owner)."""
    probability: float = attrs.field(validator=within(0, 1))
    """Chance it happens, 0 to 1."""
    cost: Mapping[int, float] = attrs.field(
        converter=_money_by_year, validator=_money_years, hash=False
    )
    """Financial year → GBP if it happens (a number, or money as text: ``"600000 GBP"``)."""
    price_year: int = attrs.field(validator=year)
    """Financial year of the prices."""
    description: str = ""
    """What could happen."""

    @property
    def expected_cost(self) -> float:
        """``probability × Σ cost`` (GBP, before uprating and discounting)."""
        return self.probability * float(sum(self.cost.values()))


@collecting
@attrs.frozen(kw_only=True)
class Interaction:
    """Two interventions in one place that reach some of the same people.

    ``overlap`` is the share of the first intervention's participants also in the
    second. On an outcome both change, the shared people's change is ``1 − (1 − a)(1 −
    b)`` of the baseline for net impacts ``a`` and ``b``, not ``a + b``: each effect's
    volume on the shared people is cut by half the product. ``adjustment`` is an explicit
    judgement (−50 % to +50 %) on the affected benefits, such as a synergy; reports show
    the benefits before and after.

    Examples
    --------
    >>> Interaction(between=("key_workers", "mentoring"), overlap=0.5).outcomes
    ()
    """

    between: tuple[str, str] = attrs.field(converter=tuple)
    """Ids of the two interventions."""
    overlap: float = attrs.field(validator=within(0, 1))
    """Share of the first intervention's participants who are also in the second."""
    outcomes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    """Outcomes the interaction affects; by default every outcome both change."""
    adjustment: float = attrs.field(
        default=0.0, validator=within(-MAX_INTERACTION_ADJUSTMENT, MAX_INTERACTION_ADJUSTMENT)
    )
    """Judgement on the affected benefits of both, −0.5 to 0.5 (0.1 = 10 % more)."""
    rationale: str = ""
    """Why: the evidence or judgement behind the overlap and the adjustment."""

    @between.validator
    def _check_between(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if len(value) != 2 or not all(isinstance(v, str) and v for v in value):
            report("between", "must name two interventions", list(value))
        elif value[0] == value[1]:
            report("between", "must name two different interventions", list(value))

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        if self.adjustment != 0 and not self.rationale.strip():
            report(
                "rationale",
                "is required with an adjustment: it is a judgement, and reports show it as one",
                self.rationale,
            )


@attrs.frozen(kw_only=True)
class ProjectType:
    """Optimism bias upper bounds of one project type (capital expenditure and
    duration)."""

    id: str
    """Id a cost line names it by."""
    description: str
    """Which projects."""
    capex_upper: float
    """Upper bound of the uplift on capital cost."""
    duration_upper: float
    """Upper bound on works duration."""


@attrs.frozen(kw_only=True)
class CapitalOptimismBias:
    """Capital optimism bias by project type: a line's uplift is ``upper × (1 −
    mitigation)``.

    Examples
    --------
    >>> t = CapitalOptimismBias(name="t", source="s", types={"standard_buildings":
    ...     ProjectType(id="standard_buildings", description="", capex_upper=0.24,
    ...                 duration_upper=0.04)})
    >>> t.uplift("standard_buildings", mitigation=0.5)
    0.12
    """

    name: str
    """Name of the table."""
    source: str
    """Citation."""
    types: Mapping[str, ProjectType] = attrs.field(converter=to_frozen_dict, hash=False)
    """Project type id → its upper bounds."""

    def uplift(self, project_type: str, *, mitigation: float = 0.0) -> float:
        """``capex_upper × (1 − mitigation)`` for ``project_type``.

        Raises
        ------
        placebudget.errors.ValidationError
            ``mitigation`` is not a number from 0 to 1 (above 1 the cost would fall below
            its base), or ``project_type`` is not in the table (naming those that are).
        """
        check_mitigation("mitigation", mitigation)
        if project_type not in self.types:
            msg = f"is not a project type of table {self.name!r} (types: {', '.join(self.types)})"
            raise UnknownReferenceError([Problem("project_type", msg, project_type)])
        return self.types[project_type].capex_upper * (1 - mitigation)


def check_mitigation(path: str, level: Any) -> None:
    """Refuse a mitigation of capital optimism bias that is not a number from 0 (none) to
    1 (all of the upper bound mitigated): at 1.5 the cost would fall below its base.

    Raises
    ------
    placebudget.errors.ValidationError
        Naming ``path``, the level and the allowed range.
    """
    if (
        isinstance(level, bool)
        or not isinstance(level, numbers.Real)
        or not math.isfinite(float(level))
        or not 0 <= float(level) <= 1
    ):
        msg = (
            "must be a mitigation from 0 (none) to 1 (the whole upper bound mitigated): "
            "outside it the uplift would be above its upper bound or the cost below its base"
        )
        raise ValidationError([Problem(path, msg, level)], context="invalid mitigation")
