"""Probability distributions for uncertain inputs, and the default spread by evidence
grade.

A distribution is attached to an input by its path in the case, for example
``"interventions[0].effects[1].impact"``. The funnel takes ``interventions[i].engagement``
(a rate) and ``interventions[i].cohort.intake`` (a factor on the intake). Rates
(``baseline``, ``impact``, ``deadweight``,
``displacement``, ``attribution``, ``drop_off``) take the distribution of the rate
itself; money (``effects[j].fiscal['partner']``, ``effects[j].economic``,
``effects[j].social`` and ``costs[j]``) takes the distribution of a multiplicative
*factor* on the value as given, so ``LogNormal(mean=1, sd=0.2)`` is "about right, give or
take a fifth".

Examples
--------
>>> round(PERT(low=0.1, mode=0.3, high=0.4).mean, 4)
0.2833
>>> Triangular(low=0.3, mode=0.2, high=0.4)
Traceback (most recent call last):
...
placebudget.errors.ValidationError: invalid Triangular (1 problem):
  - mode: must satisfy low <= mode <= high, got 0.2
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from placebudget.model.validation import (
    collecting,
    finite_number,
    non_empty_text,
    non_negative,
    positive,
    report,
    to_frozen_dict,
)

__all__ = [
    "BOUNDED_RATES",
    "DISTRIBUTIONS",
    "PERT",
    "RATES",
    "Beta",
    "Distribution",
    "GradeSpread",
    "InputPath",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
]


@collecting
@attrs.frozen(kw_only=True)
class Normal:
    """Normal (Gaussian) distribution."""

    tag: ClassVar[str] = "normal"
    mean: float = attrs.field(validator=finite_number)
    """Mean."""
    sd: float = attrs.field(validator=non_negative)
    """Standard deviation."""


@collecting
@attrs.frozen(kw_only=True)
class LogNormal:
    """Log-normal distribution given by the mean and standard deviation of the value
    (not of its logarithm); always positive."""

    tag: ClassVar[str] = "lognormal"
    mean: float = attrs.field(validator=positive)
    """Mean of the value."""
    sd: float = attrs.field(validator=non_negative)
    """Standard deviation of the value."""


def _ordered(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if finite_number(inst, attribute, value):
        low, high = getattr(inst, "low", None), getattr(inst, "high", None)
        if isinstance(low, int | float) and isinstance(high, int | float) and not (
                low <= value <= high):
            report(attribute.name, "must satisfy low <= mode <= high", value)


def _above_low(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if finite_number(inst, attribute, value):
        low = getattr(inst, "low", None)
        if isinstance(low, int | float) and value <= low:
            report(attribute.name, f"must be more than low ({low:g})", value)


@collecting
@attrs.frozen(kw_only=True)
class Uniform:
    """Every value between ``low`` and ``high`` equally likely."""

    tag: ClassVar[str] = "uniform"
    low: float = attrs.field(validator=finite_number)
    """Lowest value."""
    high: float = attrs.field(validator=_above_low)
    """Highest value."""

    @property
    def mean(self) -> float:
        """Mean."""
        return (self.low + self.high) / 2


@collecting
@attrs.frozen(kw_only=True)
class Triangular:
    """Triangular distribution: lowest, most likely and highest value."""

    tag: ClassVar[str] = "triangular"
    low: float = attrs.field(validator=finite_number)
    """Lowest value."""
    high: float = attrs.field(validator=_above_low)
    """Highest value."""
    mode: float = attrs.field(validator=_ordered)
    """Most likely value."""

    @property
    def mean(self) -> float:
        """Mean."""
        return (self.low + self.mode + self.high) / 3


@collecting
@attrs.frozen(kw_only=True)
class PERT:
    """PERT (scaled beta) distribution: lowest, most likely and highest value, weighted
    towards the most likely by ``shape`` (4 in the classic PERT)."""

    tag: ClassVar[str] = "pert"
    low: float = attrs.field(validator=finite_number)
    """Lowest value."""
    high: float = attrs.field(validator=_above_low)
    """Highest value."""
    mode: float = attrs.field(validator=_ordered)
    """Most likely value."""
    shape: float = attrs.field(default=4.0, validator=positive)
    """Weight of the most likely value."""

    @property
    def mean(self) -> float:
        """Mean."""
        return (self.low + self.shape * self.mode + self.high) / (self.shape + 2)


@collecting
@attrs.frozen(kw_only=True)
class Beta:
    """Beta distribution with shape parameters ``alpha`` and ``beta``, scaled to
    ``[low, high]`` (``[0, 1]`` by default) — the natural choice for a rate."""

    tag: ClassVar[str] = "beta"
    alpha: float = attrs.field(validator=positive)
    """First shape parameter."""
    beta: float = attrs.field(validator=positive)
    """Second shape parameter."""
    low: float = attrs.field(default=0.0, validator=finite_number)
    """Lowest value."""
    high: float = attrs.field(default=1.0, validator=_above_low)
    """Highest value."""

    @property
    def mean(self) -> float:
        """Mean."""
        return self.low + (self.high - self.low) * self.alpha / (self.alpha + self.beta)


#: Every distribution type, by the name a case file uses.
Distribution = Normal | LogNormal | Uniform | Triangular | PERT | Beta
DISTRIBUTIONS: Mapping[str, Any] = {
    cls.tag: cls for cls in (Normal, LogNormal, Uniform, Triangular, PERT, Beta)}


def _spreads(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for grade in range(1, 7):
        if grade not in value:
            report(f"{attribute.name}[{grade}]", "must give a spread for every grade 1-6",
                   sorted(value))
    for grade, spread in value.items():
        if not isinstance(spread, int | float) or isinstance(spread, bool) or not (
                math.isfinite(spread) and 0 <= spread < 1):
            report(f"{attribute.name}[{grade}]", "must be a coefficient of variation "
                   "within [0, 1)", spread)


@collecting
@attrs.frozen(kw_only=True)
class GradeSpread:
    """The default uncertainty of an input from its evidence confidence grade: the
    coefficient of variation (standard deviation ÷ mean) of each grade.

    Examples
    --------
    >>> GradeSpread.default().cv(6)
    0.5
    """

    name: str = attrs.field(validator=non_empty_text)
    """Name the table is selected by."""
    cvs: Mapping[int, float] = attrs.field(converter=to_frozen_dict, validator=_spreads,
                                           hash=False)
    """Grade (1-6) → coefficient of variation."""
    source: str = ""
    """Where the figures come from."""

    def cv(self, grade: int) -> float:
        """Coefficient of variation of ``grade``; inputs with no grade (an explicit
        optimism bias) get the grade 6 spread."""
        return float(self.cvs.get(grade, self.cvs[6]))

    @classmethod
    def default(cls) -> GradeSpread:
        """placebudget's default: 5 % for grade 1 rising to 50 % for grade 6.

        These are a documented judgement, not figures from a published source: they make
        the spread grow with the same grades the optimism bias table uses. Supply your own
        table to change them.
        """
        return cls(name="placebudget-2026", cvs={1: 0.05, 2: 0.10, 3: 0.15, 4: 0.25,
                                                 5: 0.35, 6: 0.50},
                   source="judgement: placebudget default, spread rising with the "
                   "evidence grade")


#: Effect rates a distribution can be put on, by path ``effects[j].<rate>``.
RATES: tuple[str, ...] = ("baseline", "impact", "deadweight", "displacement",
                          "attribution", "drop_off")
#: Rates bounded to [0, 1].
BOUNDED_RATES = frozenset(RATES) - {"baseline"}

_INPUT_PATH = re.compile(
    r"^interventions\[(\d+)\]\.(?:(engagement)|cohort\.(intake)"
    r"|effects\[(\d+)\]\.(\w+)(?:\['([^']+)'\])?|costs\[(\d+)\])$")

if TYPE_CHECKING:
    from placebudget.model.case import BusinessCase


@attrs.frozen
class InputPath:
    """An uncertain input named by its path in a case.

    Examples
    --------
    >>> InputPath.parse("interventions[0].effects[2].fiscal['nhs']")
    InputPath(intervention=0, part='effect', index=2, field='fiscal', partner='nhs')
    >>> InputPath.parse("interventions[0].effects[2].impakt") is None
    True
    """

    intervention: int
    """Index of the intervention."""
    part: str
    """``engagement``, ``intake``, ``effect`` or ``cost``."""
    index: int | None = None
    """Index of the effect or cost line."""
    field: str | None = None
    """For an effect: a rate of :data:`RATES`, ``fiscal``, ``economic`` or ``social``."""
    partner: str | None = None
    """For a fiscal value: the partner."""

    @classmethod
    def parse(cls, path: str) -> InputPath | None:
        """The input ``path`` names, or ``None`` if it names none."""
        match = _INPUT_PATH.match(path)
        if match is None:
            return None
        i, engagement, intake, effect, field, partner, cost = match.groups()
        if engagement:
            return cls(int(i), "engagement")
        if intake:
            return cls(int(i), "intake")
        if cost is not None:
            return cls(int(i), "cost", int(cost))
        valid = (field in RATES or field in ("economic", "social")) if partner is None \
            else field == "fiscal"
        return cls(int(i), "effect", int(effect), field, partner) if valid else None

    def exists_in(self, case: BusinessCase) -> bool:
        """Whether ``case`` has this input's intervention, effect or cost line and
        partner."""
        if self.intervention >= len(case.interventions):
            return False
        intervention = case.interventions[self.intervention]
        if self.part == "cost":
            return self.index is not None and self.index < len(intervention.costs)
        if self.part == "effect":
            return self.index is not None and self.index < len(intervention.effects) and (
                self.partner is None or self.partner in case.place.partner_ids)
        return True
