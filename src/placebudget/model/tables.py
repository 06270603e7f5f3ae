"""Reference tables a business case is appraised with: discount schedules, deflators and
optimism bias by confidence grade.

These classes hold the figures; :mod:`placebudget.reference` ships the published ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from placebudget.errors import UnknownReferenceError, ValidationError
from placebudget.model.validation import (
    collecting,
    financial_year_label,
    non_empty_text,
    non_negative_int,
    report,
    to_frozen_dict,
    to_tuple,
    with_schema,
    within,
    year,
)

__all__ = [
    "DeflatorExtension",
    "DeflatorSeries",
    "DiscountSchedule",
    "GradeRate",
    "OptimismBiasTable",
    "RateBand",
]


@collecting
@attrs.frozen(kw_only=True)
class RateBand:
    """A discount rate applying to years ``year_from`` … ``year_to`` inclusive."""

    year_from: int = attrs.field(validator=non_negative_int)
    """First year of the band (0 is the first appraisal year)."""
    year_to: int = attrs.field(validator=non_negative_int)
    """Last year of the band."""
    rate: float = attrs.field(validator=within(0, 1))
    """Annual real discount rate (0.035 = 3.5 %)."""


def _check_bands(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    expected = 0
    for index, band in enumerate(value):
        if band.year_from != expected:
            report(
                f"bands[{index}].year_from",
                f"must be {expected} (bands must be contiguous from year 0)",
                band.year_from,
            )
        if band.year_to < band.year_from:
            report(f"bands[{index}].year_to", "must not be before year_from", band.year_to)
        expected = band.year_to + 1
    if not value:
        report("bands", "must hold at least one band", ())


@collecting
@attrs.frozen(kw_only=True)
class DiscountSchedule:
    """A declining schedule of discount rates, cumulative across bands.

    ``DF(0) = 1`` and ``DF(t) = DF(t − 1) / (1 + r(t))`` where ``r(t)`` is the rate of the
    band holding year ``t``.

    Examples
    --------
    >>> s = DiscountSchedule(name="flat", bands=[RateBand(year_from=0, year_to=99,
    ...                                                   rate=0.035)])
    >>> [round(float(x), 6) for x in s.factors(3)]
    [1.0, 0.966184, 0.933511]
    """

    name: str = attrs.field(validator=non_empty_text)
    """Name the schedule is selected by (``"standard"``)."""
    bands: tuple[RateBand, ...] = attrs.field(converter=to_tuple, validator=_check_bands)
    """Contiguous rate bands from year 0."""
    source: str = ""
    """Citation."""

    @property
    def last_year(self) -> int:
        """The last year covered."""
        return self.bands[-1].year_to

    def rates(self, n_years: int) -> npt.NDArray[np.float64]:
        """Rate applying in each of years ``0 … n_years − 1``.

        Raises
        ------
        placebudget.errors.ValidationError
            ``n_years`` is not a whole number of 0 or more, or runs past the schedule.
        """
        _whole("n_years", n_years)
        if n_years - 1 > self.last_year:
            msg = f"covers years 0-{self.last_year} only"
            raise UnknownReferenceError.single(
                path=f"discount schedule {self.name!r}", message=msg, value=n_years
            )
        years = np.arange(n_years)
        starts = np.array([b.year_from for b in self.bands])
        rates = np.array([b.rate for b in self.bands], dtype=float)
        return rates[np.searchsorted(starts, years, side="right") - 1]

    def factors(self, n_years: int) -> npt.NDArray[np.float64]:
        """Discount factors for years ``0 … n_years − 1`` (year 0 undiscounted)."""
        growth = 1.0 + self.rates(n_years)
        growth[:1] = 1.0
        return np.asarray(1.0 / np.cumprod(growth), dtype=float)


def _whole(path: str, value: Any, expected: str = "a whole number of 0 or more") -> None:
    """Refuse anything but a whole number of 0 or more (an argument of a public method)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < 0:
        raise ValidationError.single(path=path, message=f"must be {expected}", value=value)


def _positive_values(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        report("values", "must hold at least one year", {})
    for key, index in value.items():
        if not isinstance(key, int) or isinstance(key, bool):
            report(f"values[{key!r}]", "keys must be financial years", key)
        if not isinstance(index, int | float) or not np.isfinite(index) or index <= 0:
            report(f"values[{key!r}]", "must be a positive finite index", index)


def _year_set(value: Any) -> frozenset[int]:
    return frozenset(value or ())


def _flagged_years(inst: DeflatorSeries, attribute: attrs.Attribute[Any], value: Any) -> None:
    for flagged in sorted(value, key=str):
        if not isinstance(flagged, int) or isinstance(flagged, bool):
            report(attribute.name, "must hold financial years", flagged)
        elif flagged not in inst.values:
            report(attribute.name, "names a year the series has no value for", flagged)


@collecting
@attrs.frozen(kw_only=True)
class DeflatorSeries:
    """A price index by financial year, used to uprate money to a common price base.

    Each year is an outturn, a forecast (:attr:`forecast`) or an assumption added by
    :meth:`extended` (:attr:`assumed`).

    Examples
    --------
    >>> d = DeflatorSeries(name="toy", values={2012: 100.0, 2013: 102.0})
    >>> float(d.uprating([2012], 2013)[0])
    1.02
    >>> longer = d.extended(to=2015, growth=0.02)
    >>> round(longer.values[2015], 4), sorted(longer.assumed), longer.name
    (106.1208, [2014, 2015], 'toy+2.0%-to-2015')
    """

    name: str = attrs.field(validator=non_empty_text)
    """Name the series is selected by."""
    values: Mapping[int, float] = attrs.field(
        converter=to_frozen_dict, validator=_positive_values, hash=False
    )
    """Financial year (2012 = 2012/13) → index."""
    source: str = ""
    """Citation, with the release it comes from."""
    vintage: str = ""
    """Release date of the figures."""
    note: str = ""
    """How the figures were derived, and caveats."""
    forecast: frozenset[int] = attrs.field(
        factory=frozenset, converter=_year_set, validator=_flagged_years
    )
    """Years whose index is a forecast rather than an outturn."""
    assumed: frozenset[int] = attrs.field(
        factory=frozenset, converter=_year_set, validator=_flagged_years
    )
    """Years added by an explicit growth assumption (:meth:`extended`)."""

    @property
    def coverage(self) -> str:
        """The financial years covered, as text (``"1990/91 to 2023/24"``)."""
        first, last = min(self.values), max(self.values)
        return f"{financial_year_label(first)} to {financial_year_label(last)}"

    def missing_message(self) -> str:
        """What to say about a price year this series has no value for."""
        return (
            f"has no GDP deflator in series {self.name!r} (covers {self.coverage}); "
            "use a price year inside it, extend the series with an explicit growth "
            f"assumption (deflators = {{ series = {self.name!r}, extend_to = YEAR, "
            "growth = 0.02 } in a case file, DeflatorSeries.extended(to=YEAR, growth=0.02) "
            'in Python) or supply your own series (deflators = { file = "deflators.csv" })'
        )

    def status(self, year: int) -> str:
        """``"outturn"``, ``"forecast"`` or ``"assumed"`` for a year of the series."""
        if year in self.assumed:
            return "assumed"
        return "forecast" if year in self.forecast else "outturn"

    def extended(self, *, to: int, growth: float) -> DeflatorSeries:
        """A new series running on from the last year to ``to`` at a constant annual
        ``growth`` (0.02 = 2 % a year), the added years marked as :attr:`assumed`. A
        series that already reaches ``to`` is returned as it is.

        Raises
        ------
        placebudget.errors.ValidationError
            ``to`` is not a financial year, or ``growth`` is not a finite rate above
            −100 % and at most +100 %.
        """
        try:  # the extension's own validators check the year and the rate
            extension = DeflatorExtension(series=self, extend_to=to, growth=growth)
        except ValidationError as exc:
            context = f"cannot extend deflator series {self.name!r}"
            raise ValidationError(exc.problems, context=context) from exc
        return extension.apply(self)

    def index(self, years: Any, *, path: str = "price_year") -> npt.NDArray[np.float64]:
        """Index values for ``years``; raise naming every year with no value."""
        items = list(np.ravel(np.asarray(years, dtype=object)))
        for item in items:
            _whole(path, item, "financial years such as 2013")
        wanted = np.asarray(years, dtype=int)
        missing = sorted({int(y) for y in wanted.ravel() if int(y) not in self.values})
        if missing:
            raise UnknownReferenceError.single(
                path, self.missing_message(), missing[0] if len(missing) == 1 else missing
            )
        lookup = np.vectorize(self.values.__getitem__, otypes=[float])
        result: npt.NDArray[np.float64] = (
            np.asarray(lookup(wanted), dtype=float) if wanted.size else wanted.astype(float)
        )
        return result

    def uprating(self, from_years: Any, to_year: int) -> npt.NDArray[np.float64]:
        """Factors ``D(to_year) / D(from_year)`` turning prices of ``from_years`` into
        prices of ``to_year``."""
        _whole("to_year", to_year, "a financial year such as 2013")
        base = float(self.index([to_year], path="price_year")[0])
        factors: npt.NDArray[np.float64] = base / self.index(from_years)
        return factors


def _series_ref(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, str):
        if not value.strip():
            report(attribute.name, "must name a deflator series", value)
    elif not isinstance(value, DeflatorSeries):
        report(attribute.name, "must be the name of a deflator series or a DeflatorSeries", value)


def _growth(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not -1 < value <= 1
    ):
        report(
            attribute.name,
            "must be an annual rate above -1 (-100 %) and at most 1 (+100 %), such as 0.02",
            value,
        )


with_schema(_growth, {"type": "number", "exclusiveMinimum": -1, "maximum": 1})


@collecting
@attrs.frozen(kw_only=True)
class DeflatorExtension:
    """A deflator series run on to a later year at an explicit growth assumption, as a
    case states it: ``deflators = { series = "hmt-2025-12", extend_to = 2026,
    growth = 0.02 }``. Resolved with :meth:`DeflatorSeries.extended`.

    Examples
    --------
    >>> DeflatorExtension(series="hmt-2025-12", extend_to=2026, growth=0.02).extend_to
    2026
    """

    series: str | DeflatorSeries = attrs.field(validator=_series_ref)
    """The series extended, by name or given."""
    extend_to: int = attrs.field(validator=year)
    """Last financial year of the extended series (2026 = 2026/27)."""
    growth: float = attrs.field(validator=_growth)
    """Annual growth of the index in the added years (0.02 = 2 %)."""

    def apply(self, series: DeflatorSeries) -> DeflatorSeries:
        """``series`` (the resolved :attr:`series`) run on to :attr:`extend_to` at
        :attr:`growth`, the added years marked as assumed; as it is when it already
        reaches that year."""
        last, to, growth = max(series.values), self.extend_to, self.growth
        if to <= last:  # nothing to add: the series already covers the year
            return series
        values = dict(series.values)
        for added in range(last + 1, to + 1):
            values[added] = values[added - 1] * (1 + growth)
        note = (f"{series.note}; " if series.note else "") + (
            f"{financial_year_label(last + 1)} to {financial_year_label(to)} assumed at "
            f"{growth:.1%} a year"
        )
        return attrs.evolve(
            series,
            name=f"{series.name}+{growth:.1%}-to-{to}",
            values=values,
            note=note,
            assumed=series.assumed | set(range(last + 1, to + 1)),
        )


@collecting
@attrs.frozen(kw_only=True)
class GradeRate:
    """Optimism bias for one evidence confidence grade."""

    rate: float = attrs.field(validator=within(0, 1))
    """Optimism bias (0.4 = costs +40 %, benefits −40 %)."""
    description: str = ""
    """What evidence earns this grade."""
    confirmed: bool = False
    """Whether the figure has been checked against its primary source."""


def _grades(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if sorted(value) != [1, 2, 3, 4, 5, 6]:
        report("grades", "must give a rate for each of grades 1 to 6", sorted(value))
    for grade, rate in value.items():
        if not isinstance(rate, GradeRate):
            report(f"grades[{grade}]", "must be a GradeRate", rate)


@collecting
@attrs.frozen(kw_only=True)
class OptimismBiasTable:
    """Optimism bias by evidence confidence grade (1 = audited, local, recent; 6 = expert
    judgement): costs are raised by it, benefits cut.

    Examples
    --------
    >>> t = OptimismBiasTable.from_rates("mine", [0, .05, .1, .15, .25, .4])
    >>> t.rate(6)
    0.4
    """

    name: str = attrs.field(validator=non_empty_text)
    """Name the table is selected by."""
    grades: Mapping[int, GradeRate] = attrs.field(
        converter=to_frozen_dict, validator=_grades, hash=False
    )
    """Grade → rate."""
    source: str = ""
    """Citation and status of the figures."""

    @classmethod
    def from_rates(
        cls, name: str, rates: Any, *, source: str = "user supplied"
    ) -> OptimismBiasTable:
        """Build a table from six rates for grades 1 … 6."""
        return cls(
            name=name,
            grades={g: GradeRate(rate=r, confirmed=False) for g, r in enumerate(rates, start=1)},
            source=source,
        )

    def rate(self, grade: int) -> float:
        """Optimism bias for ``grade``."""
        return self.grades[grade].rate

    @property
    def unconfirmed(self) -> list[int]:
        """The grades whose rate has not been checked against its primary source
        (each grade's ``confirmed``), in order.

        Examples
        --------
        >>> OptimismBiasTable.from_rates("mine", [0, .05, .1, .15, .25, .4]).unconfirmed
        [1, 2, 3, 4, 5, 6]
        """
        return [grade for grade in sorted(self.grades) if not self.grades[grade].confirmed]

    def rates(self, grades: Any) -> npt.NDArray[np.float64]:
        """Vectorised :meth:`rate`."""
        table = np.zeros(7)
        for grade, entry in self.grades.items():
            table[grade] = entry.rate
        return np.asarray(table[np.asarray(grades, dtype=int)], dtype=float)
