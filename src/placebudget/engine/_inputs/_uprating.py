"""Uprating to the case's price base, and the traces of how each value was found.

:class:`_Uprater` gives the deflator factor from a price year to the price base (a year
with no deflator is a problem), and for a value priced in a calendar year (a Green
Book ``gb:`` value) the factor by the calendar-year series; it keeps the value traces;
:data:`VALUE_TRACES` and :data:`VALUE_TRACE_COLUMNS` say where the traces are kept and
what a row holds; :func:`_path` and :func:`_name` write a value's path and a trace's
name from their parts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from placebudget.errors import Problem
from placebudget.model import NAME_SEPARATOR as SEP
from placebudget.model import DeflatorSeries, financial_year_label

__all__ = ["VALUE_TRACES", "VALUE_TRACE_COLUMNS"]

#: The inputs Dataset's attribute holding how every value and cost was found and uprated:
#: a JSON list of rows, each the values of :data:`VALUE_TRACE_COLUMNS` in order (read it
#: with :meth:`placebudget.engine.Projection.value_traces`); not carried into the
#: projection.
VALUE_TRACES = "value_traces"

#: The fields of a value trace.
VALUE_TRACE_COLUMNS: tuple[str, ...] = (
    "input",
    "path",
    "kind",
    "given",
    "source",
    "published",
    "unit",
    "price_year",
    "deflator_factor",
    "uprated",
    "cashable",
    "transfer",
)


class _Uprater:
    """The factors that uprate an amount from its price year to the case's price base
    (the deflator of the base over that of the year): it multiplies nothing itself, and
    records each year with no deflator as a problem (its factor NaN) and each year used."""

    def __init__(
        self,
        series: DeflatorSeries,
        price_base: int,
        problems: list[Problem],
        calendar: DeflatorSeries | None = None,
    ) -> None:
        self.series = series
        self.price_base = price_base
        self.problems = problems
        self.used: set[int] = {price_base}
        self._factors: dict[int, float] = {}
        #: The calendar-year series values priced in calendar years are uprated with
        #: (:meth:`calendar_factor`), and the calendar years it was used for.
        self.calendar = calendar
        self.calendar_used: set[int] = set()
        #: How each value and cost was found and uprated: a row of
        #: ``VALUE_TRACE_COLUMNS`` each (``given`` as the case gives it: text, or a
        #: quantity written out when the traces are read).
        self.traces: list[list[Any]] = []

    def factor(self, year: int, where: Any) -> float:
        """The factor from ``year``'s prices to the price base (the input at ``where``
        gives the year: its ``price_year`` is named in a problem; ``""``, the case's;
        a value's path may be given as the parts :func:`_path` joins)."""
        found = self._factors.get(year)
        if found is not None:
            return found
        if year not in self.series.values:
            base = where if isinstance(where, str) else _path(*where)
            path = f"{base}.price_year" if base else "price_year"
            self.problems.append(Problem(path, self.series.missing_message(), year))
            return np.nan
        self.used.add(year)
        found = self._factors[year] = self.series.values[self.price_base] / self.series.values[year]
        return found

    def calendar_factor(self, year: int, path: str, code: str) -> float:
        """The factor from calendar ``year``'s prices to the price base, by the
        calendar-year series: the price base (financial year y/y+1) is taken as calendar
        year y's prices, so the factor is ``cal(y) / cal(year)`` (the quarter of the
        financial year falling in y + 1 is not priced in). A year the series lacks is a
        problem at ``path`` naming ``code`` and the years covered (factor NaN)."""
        series, base = self.calendar, self.price_base
        if series is None:  # pragma: no cover - the walk always gives one
            msg = "no calendar-year deflator series to uprate with"
            raise ValueError(msg)
        needed = sorted({year, base})
        missing = [y for y in needed if y not in series.values]
        if missing:
            first, last = min(series.values), max(series.values)
            msg = (
                f"gb:{code} is priced in calendar year {year}: uprating it to the price base "
                f"{financial_year_label(base)} (taken as calendar {base}) needs the "
                f"calendar-year GDP deflator for {' and '.join(map(str, needed))}, and series "
                f"{series.name!r} covers calendar years {first} to {last} only (missing "
                f"{', '.join(map(str, missing))}); choose a price base inside it, extend the "
                "case's deflators with a growth assumption (deflators = { series = ..., "
                "extend_to = YEAR, growth = 0.02 }: the calendar series is run on at the "
                "same rate) or give the value as an amount"
            )
            self.problems.append(Problem(path, msg, year))
            return np.nan
        self.calendar_used.update(needed)
        return float(series.values[base] / series.values[year])

    def calendar_years_with(self, status: str) -> str:
        """The calendar years used whose index is ``status`` (assumed), as text."""
        series = self.calendar
        if series is None:
            return ""
        years = sorted(y for y in self.calendar_used if series.status(y) == status)
        return ", ".join(map(str, years))

    def record(
        self,
        *,
        path: Any,
        name: Any,
        kind: str,
        given: Any,
        source: str,
        published: float,
        unit: str,
        price_year: int,
        factor: float,
        cashable: float | None = None,
        transfer: float | None = None,
    ) -> None:
        """Record how the input at ``path`` (named by ids ``name``; either as text or as
        the parts :func:`_path` and :func:`_name` join when the traces are read) was
        found (``given``, ``source``: what the case says and where the figure comes from)
        and uprated from ``price_year`` by ``factor`` (:meth:`factor`'s)."""
        self.traces.append(
            [
                name,
                path,
                kind,
                given,
                source,
                published,
                unit,
                price_year,
                factor,
                published * factor,
                cashable,
                transfer,
            ]
        )

    def years_with(self, status: str) -> str:
        """The years used whose index is ``status`` (forecast, assumed), as text."""
        years = sorted(y for y in self.used if self.series.status(y) == status)
        return ", ".join(map(financial_year_label, years))


def _path(where: str, kind: str, partner: str | None = None) -> str:
    """The path of a value of the effect at ``where``: ``….fiscal['nhs']``,
    ``….economic``."""
    return f"{where}.{kind}" if partner is None else f"{where}.{kind}[{partner!r}]"


def _name(parts: Any) -> str:
    """A trace's name by ids from its parts (or the name itself)."""
    return parts if isinstance(parts, str) else SEP.join(parts)
