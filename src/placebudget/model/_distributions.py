"""The probability distributions an uncertain input can take (given by
:mod:`placebudget.model.uncertainty`, with what they are put on).

Each kind draws many of its kind at once, one column each in one random call
(``draw_many``), tells whether its draws stay within bounds whatever is drawn
(``within``), and gives the range a one-way sensitivity takes (``interval``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self, get_args

import attrs

from placebudget.model.validation import collecting, finite_number, non_negative, positive, report

if TYPE_CHECKING:
    import numpy as np

    #: An array of draws.
    Draws = np.ndarray[Any, np.dtype[np.float64]]

__all__ = [
    "DISTRIBUTIONS",
    "PERT",
    "Beta",
    "Distribution",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
    "describe",
]


def _vector(found: Sequence[Any], name: str) -> Draws:
    """The field ``name`` of each of ``found``, as an array."""
    import numpy as np

    return np.array([getattr(d, name) for d in found], dtype=float)


def _ends_within(low: float, high: float, bounds: tuple[float, float]) -> bool:
    """Whether draws ``low + (high − low) × (a number in [0, 1])`` stay within
    ``bounds``: they never round below ``low``; they can round above ``high`` unless the
    width is ``high`` itself (from 0)."""
    return low >= bounds[0] and (high < bounds[1] or (high == bounds[1] and low == 0.0))


#: The standard normal's 95th percentile: an unbounded distribution's range for the
#: one-way sensitivity is its 5th to 95th percentile.
_Z95 = 1.6448536269514722


def _stated_ends(inst: Any) -> tuple[float, float]:
    """A bounded distribution's range: its lowest and highest value."""
    return float(inst.low), float(inst.high)


@collecting
@attrs.frozen(kw_only=True)
class Normal:
    """Normal (Gaussian) distribution."""

    tag: ClassVar[str] = "normal"
    mean: float = attrs.field(validator=finite_number)
    """Mean."""
    sd: float = attrs.field(validator=non_negative)
    """Standard deviation."""

    @classmethod
    def draw_many(
        cls, found: Sequence[Self], rng: np.random.Generator, shape: tuple[int, int]
    ) -> Draws:
        """Draws of each of ``found``, one column each, in one call."""
        return rng.normal(_vector(found, "mean"), _vector(found, "sd"), shape)

    def within(self, low: float, high: float) -> bool:
        """Whether every draw is within ``[low, high]`` whatever is drawn: only without
        spread, at a mean inside them."""
        return self.sd == 0 and low <= self.mean <= high

    def interval(self) -> tuple[float, float]:
        """The range a one-way sensitivity takes: the 5th and 95th percentiles (mean ∓
        1.645 sd), the distribution being unbounded."""
        return self.mean - _Z95 * self.sd, self.mean + _Z95 * self.sd


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

    @classmethod
    def draw_many(
        cls, found: Sequence[Self], rng: np.random.Generator, shape: tuple[int, int]
    ) -> Draws:
        """Draws of each of ``found``, one column each, in one call."""
        import numpy as np

        mean, sd = _vector(found, "mean"), _vector(found, "sd")
        sigma2 = np.log1p((sd / mean) ** 2)
        return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), shape)

    def within(self, low: float, high: float) -> bool:
        """Whether every draw is within ``[low, high]`` whatever is drawn: above zero."""
        return low <= 0.0 and high == math.inf

    def interval(self) -> tuple[float, float]:
        """The range a one-way sensitivity takes: the 5th and 95th percentiles, the
        distribution being unbounded above.

        Examples
        --------
        >>> [round(x, 4) for x in LogNormal(mean=1, sd=0.2).interval()]
        [0.708, 1.3582]
        """
        sigma2 = math.log1p((self.sd / self.mean) ** 2)
        mu = math.log(self.mean) - sigma2 / 2
        spread = _Z95 * math.sqrt(sigma2)
        return math.exp(mu - spread), math.exp(mu + spread)


def _ordered(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if finite_number(inst, attribute, value):
        low, high = getattr(inst, "low", None), getattr(inst, "high", None)
        if (
            isinstance(low, int | float)
            and isinstance(high, int | float)
            and not (low <= value <= high)
        ):
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

    @classmethod
    def draw_many(
        cls, found: Sequence[Self], rng: np.random.Generator, shape: tuple[int, int]
    ) -> Draws:
        """Draws of each of ``found``, one column each, in one call."""
        return rng.uniform(_vector(found, "low"), _vector(found, "high"), shape)

    def within(self, low: float, high: float) -> bool:
        """Whether every draw is within ``[low, high]`` whatever is drawn."""
        return _ends_within(self.low, self.high, (low, high))

    def interval(self) -> tuple[float, float]:
        """The range a one-way sensitivity takes: the lowest and highest value."""
        return _stated_ends(self)

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

    @classmethod
    def draw_many(
        cls, found: Sequence[Self], rng: np.random.Generator, shape: tuple[int, int]
    ) -> Draws:
        """Draws of each of ``found``, one column each, in one call."""
        return rng.triangular(
            _vector(found, "low"), _vector(found, "mode"), _vector(found, "high"), shape
        )

    def within(self, low: float, high: float) -> bool:
        """Whether every draw is within ``[low, high]`` whatever is drawn."""
        return _ends_within(self.low, self.high, (low, high))

    def interval(self) -> tuple[float, float]:
        """The range a one-way sensitivity takes: the lowest and highest value."""
        return _stated_ends(self)

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

    @classmethod
    def draw_many(
        cls, found: Sequence[Self], rng: np.random.Generator, shape: tuple[int, int]
    ) -> Draws:
        """Draws of each of ``found``, one column each, in one call."""
        low, high = _vector(found, "low"), _vector(found, "high")
        width = high - low
        shape_k, mode = _vector(found, "shape"), _vector(found, "mode")
        a = 1 + shape_k * (mode - low) / width
        b = 1 + shape_k * (high - mode) / width
        return low + width * rng.beta(a, b, shape)

    def within(self, low: float, high: float) -> bool:
        """Whether every draw is within ``[low, high]`` whatever is drawn."""
        return _ends_within(self.low, self.high, (low, high))

    def interval(self) -> tuple[float, float]:
        """The range a one-way sensitivity takes: the lowest and highest value."""
        return _stated_ends(self)

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

    @classmethod
    def draw_many(
        cls, found: Sequence[Self], rng: np.random.Generator, shape: tuple[int, int]
    ) -> Draws:
        """Draws of each of ``found``, one column each, in one call."""
        low, high = _vector(found, "low"), _vector(found, "high")
        return low + (high - low) * rng.beta(_vector(found, "alpha"), _vector(found, "beta"), shape)

    def within(self, low: float, high: float) -> bool:
        """Whether every draw is within ``[low, high]`` whatever is drawn."""
        return _ends_within(self.low, self.high, (low, high))

    def interval(self) -> tuple[float, float]:
        """The range a one-way sensitivity takes: the lowest and highest value."""
        return _stated_ends(self)

    @property
    def mean(self) -> float:
        """Mean."""
        return self.low + (self.high - self.low) * self.alpha / (self.alpha + self.beta)


#: Every distribution type: the one list of them (a new kind is added here, with its
#: ``tag``, ``draw_many``, ``within`` and ``interval``; case files, the schema and the
#: simulation follow).
#: Their order is the order the simulation draws them in.
Distribution = Normal | LogNormal | Uniform | Triangular | PERT | Beta


def describe(distribution: Distribution) -> str:
    """A distribution in a few words, as a report lists it.

    Examples
    --------
    >>> describe(PERT(low=0.2, mode=0.45, high=0.6))
    'pert: low 0.2, high 0.6, mode 0.45, shape 4'
    """
    values = ", ".join(
        f"{field.name} {getattr(distribution, field.name):.4g}"
        for field in attrs.fields(type(distribution))
    )
    return f"{distribution.tag}: {values}"


#: Every distribution type, by the name a case file uses.
DISTRIBUTIONS: Mapping[str, Any] = {cls.tag: cls for cls in get_args(Distribution)}
