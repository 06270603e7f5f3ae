"""Bundled discount schedules, GDP deflator series and optimism bias tables."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any, TypeVar

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import (
    DeflatorSeries,
    DiscountSchedule,
    GradeRate,
    OptimismBiasTable,
    RateBand,
)

__all__ = [
    "CALENDAR_DEFLATOR_SERIES",
    "DEFAULT_CALENDAR_DEFLATORS",
    "DEFLATOR_SERIES",
    "DERIVED_DEFLATOR_SERIES",
    "DISCOUNT_SCHEDULES",
    "HEALTH_SCHEDULE",
    "OPTIMISM_BIAS_TABLES",
    "OPTIMISM_BIAS_TITLES",
    "SCHEDULE_DESCRIPTIONS",
    "deflator_series",
    "discount_schedule",
    "optimism_bias_table",
]

#: Names of the bundled discount schedules.
DISCOUNT_SCHEDULES: tuple[str, ...] = ("standard", "health", "reduced", "review-2026-3pc")
#: The bundled schedule health values are discounted with (Green Book Annex A6: 1.5 %).
HEALTH_SCHEDULE = "health"
#: Names of the bundled GDP deflator series by financial year (a case's ``deflators``).
DEFLATOR_SERIES: tuple[str, ...] = ("hmt-2025-12", "ucd-v1.4", "ucd-v1.2")
#: Names of the bundled GDP deflator series by calendar year (year 2024 = calendar 2024),
#: which uprate the values priced in calendar years: the Green Book's ``gb:`` values.
CALENDAR_DEFLATOR_SERIES: tuple[str, ...] = ("hmt-2025-12-calendar",)
#: The calendar-year series ``gb:`` values are uprated with.
DEFAULT_CALENDAR_DEFLATORS = "hmt-2025-12-calendar"
#: The bundled financial-year series derived from a calendar-year one (each financial
#: year ``0.75 × calendar(y) + 0.25 × calendar(y + 1)``), not published as such.
DERIVED_DEFLATOR_SERIES: tuple[str, ...] = ("hmt-2025-12",)
#: Names of the bundled optimism bias tables.
OPTIMISM_BIAS_TABLES: tuple[str, ...] = ("gm-cba-2014",)
#: What each bundled optimism bias table is called in words, in a report's headline.
OPTIMISM_BIAS_TITLES: dict[str, str] = {"gm-cba-2014": "GM grade table"}

_GREEN_BOOK = "HM Treasury, The Green Book (2022), Annex A6: social time preference rate schedule"
#: What each bundled discount schedule is (its ``source``).
SCHEDULE_DESCRIPTIONS: dict[str, str] = {
    "standard": (
        f"{_GREEN_BOOK} (standard): the STPR, 3.5 % for years 0-30 (pure time preference "
        "0.5 % + catastrophic risk 1.0 % + wealth effect 2.0 %), declining to 1.0 %"
    ),
    "health": (
        f"{_GREEN_BOOK} (health): the rate for health and risk-to-life values in utility "
        "terms (QALYs), the STPR without the wealth effect: 1.5 % for years 0-30, "
        "declining in proportion"
    ),
    "reduced": (
        f"{_GREEN_BOOK} (reduced): the STPR without pure time preference, 3.5 - 0.5 = "
        "3.0 % for years 0-30, declining in proportion to 0.86 %: the sensitivity for "
        "long-term effects (Table 8, intergenerational wealth transfers), and the low-rate "
        "sensitivity for horizons over 50 years"
    ),
    "review-2026-3pc": (
        "HM Treasury, Green Book discount rate review 2026 (conclusions published 30 June "
        "2026): a constant 3.0 %, the standard rate the review reportedly recommends "
        "(secondary account); not yet Green Book policy - a sensitivity only"
    ),
}
_DEFLATOR_SOURCES = {
    "hmt-2025-12": (
        "HM Treasury GDP deflators at market prices, December 2025 (Quarterly National "
        "Accounts), 2024 = 100",
        "2025-12",
        "financial years derived from calendar years as 0.75 × y + 0.25 × (y + 1); "
        "not the published financial-year series",
    ),
    "hmt-2025-12-calendar": (
        "HM Treasury GDP deflators at market prices, December 2025 (Quarterly National "
        "Accounts), calendar years 1990-2024, 2024 = 100",
        "2025-12",
        "calendar years as published; the series hmt-2025-12 is derived from it",
    ),
    "ucd-v1.4": (
        "Unit Cost Database v1.4 workbook (GMCA, March 2015), Lookups sheet: HM Treasury "
        "GDP deflators at market prices, and money GDP: March 2015 (Budget 2015), "
        "1989/90 = 100",
        "2015-03",
        "years from 2014/15 are forecasts consistent with the OBR at the 18 March 2015 Budget",
    ),
    "ucd-v1.2": (
        "Unit Cost Database v1.2 workbook, Lookups sheet: HM Treasury GDP deflators, "
        "March 2013 Budget, 1989/90 = 100",
        "2013-03",
        "years from 2013/14 are OBR forecasts of 20 March 2013",
    ),
}


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = resources.files("placebudget.reference").joinpath(f"data/{name}")
    yield from csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))


def _unknown(kind: str, name: Any, known: tuple[str, ...]) -> UnknownReferenceError:
    msg = f"is not a bundled {kind} (bundled: {', '.join(known)})"
    return UnknownReferenceError([Problem(kind.replace(" ", "_"), msg, name)])


F = TypeVar("F", bound=Callable[..., Any])


def _by_name(what: str) -> Callable[[F], F]:
    """Cache a lookup by name, refusing a name that is not text before the cache sees it
    (a list is not a name, and is not hashable either)."""

    def decorate(function: F) -> F:
        cached = functools.cache(function)

        @functools.wraps(function)
        def lookup(name: Any = None) -> Any:
            if name is None:
                return cached()
            if not isinstance(name, str):
                msg = f"must be the name of {what}"
                raise ValidationError.single(path="name", message=msg, value=name)
            return cached(name)

        lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return lookup  # type: ignore[return-value]

    return decorate


@_by_name("a discount schedule")
def discount_schedule(name: str = "standard") -> DiscountSchedule:
    """A Green Book discount schedule by name.

    Examples
    --------
    >>> s = discount_schedule("standard")
    >>> [round(float(x), 6) for x in s.factors(2)]
    [1.0, 0.966184]
    """
    if name not in DISCOUNT_SCHEDULES:
        msg = "discount schedule"
        raise _unknown(msg, name, DISCOUNT_SCHEDULES)
    bands = [
        RateBand(year_from=int(r["year_from"]), year_to=int(r["year_to"]), rate=float(r[name]))
        for r in _rows("discount_schedules.csv")
    ]
    return DiscountSchedule(name=name, bands=bands, source=SCHEDULE_DESCRIPTIONS[name])


@_by_name("a GDP deflator series")
def deflator_series(name: str = "hmt-2025-12") -> DeflatorSeries:
    """A GDP deflator series by name: by financial year (``DEFLATOR_SERIES``), or by
    calendar year (``CALENDAR_DEFLATOR_SERIES``, its years calendar years).

    Examples
    --------
    >>> d = deflator_series("ucd-v1.2")
    >>> round(float(d.uprating([2002], 2014)[0]), 6)
    1.31964
    >>> deflator_series("hmt-2025-12-calendar").values[2024]
    100.0
    """
    if name not in DEFLATOR_SERIES + CALENDAR_DEFLATOR_SERIES:
        msg = "deflator series"
        raise _unknown(msg, name, DEFLATOR_SERIES + CALENDAR_DEFLATOR_SERIES)
    source, vintage, note = _DEFLATOR_SOURCES[name]
    rows = [r for r in _rows("gdp_deflators.csv") if r["series"] == name]
    values = {int(r["year"]): float(r["value"]) for r in rows}
    forecast = {int(r["year"]) for r in rows if r["forecast"] == "yes"}
    return DeflatorSeries(
        name=name, values=values, source=source, vintage=vintage, note=note, forecast=forecast
    )


@_by_name("an optimism bias table")
def optimism_bias_table(name: str = "gm-cba-2014") -> OptimismBiasTable:
    """An optimism-bias-by-confidence-grade table by name.

    Examples
    --------
    >>> t = optimism_bias_table()
    >>> t.rate(1), t.rate(6), t.grades[6].confirmed
    (0.0, 0.4, False)
    """
    if name not in OPTIMISM_BIAS_TABLES:
        msg = "optimism bias table"
        raise _unknown(msg, name, OPTIMISM_BIAS_TABLES)
    grades = {
        int(r["grade"]): GradeRate(
            rate=float(r["rate"]), description=r["description"], confirmed=r["confirmed"] == "yes"
        )
        for r in _rows("optimism_bias_grades.csv")
        if r["table"] == name
    }
    return OptimismBiasTable(
        name=name,
        grades=grades,
        source=(
            "Greater Manchester (New Economy) CBA model confidence grades, as published with "
            "HM Treasury, Supporting public service transformation: cost benefit analysis "
            "guidance for local partnerships (2014). Unconfirmed against the primary source."
        ),
    )
