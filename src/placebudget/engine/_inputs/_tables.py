"""The reference tables a case names, resolved: its unit cost database
(:func:`case_database`), its GDP deflators (:func:`case_deflators`), and for the walk
all three of discount schedule, optimism bias table and deflators at once
(:func:`_case_tables`), every name that is not known reported together."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from placebudget.engine._inputs._uprating import _Uprater
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import (
    BusinessCase,
    DeflatorExtension,
    DeflatorSeries,
    DiscountSchedule,
    OptimismBiasTable,
    case_names,
    named,
)
from placebudget.reference import (
    CALENDAR_DEFLATOR_SERIES,
    DEFAULT_CALENDAR_DEFLATORS,
    OPTIMISM_BIAS_TITLES,
    UnitCostDatabase,
    deflator_series,
    discount_schedule,
    optimism_bias_table,
    unit_costs,
)
from placebudget.reference.unit_costs import UnitCostLoader

__all__ = ["case_database", "case_deflators", "optimism_bias_attrs"]


def _resolve_table(
    value: Any, loader: Callable[[str], Any], path: str, problems: list[Problem]
) -> Any:
    """``value`` itself, or the table named by it (a string) as ``loader`` reads it;
    None after recording at ``path`` why the name is not known."""
    if not isinstance(value, str):
        return value
    try:
        return loader(value)
    except UnknownReferenceError as exc:
        problems.extend(Problem(path, p.message, value) for p in exc.problems)
        return None


def _named_database(
    value: Any, database: UnitCostDatabase | None, unit_costs: str | None
) -> DeflatorSeries | None:
    """The deflator table of an imported unit cost database when ``value`` names that
    database (its name, or the case's ``unit_costs`` as given), else None."""
    if database is None or database.deflators is None or not isinstance(value, str):
        return None
    return database.deflators if value in (database.name, unit_costs) else None


def _resolve_deflators(
    value: Any,
    problems: list[Problem],
    database: UnitCostDatabase | None = None,
    unit_costs: str | None = None,
) -> DeflatorSeries | None:
    """The deflator series ``value`` gives, names or extends (a name may be that of the
    imported unit cost ``database``, for the workbook's own table); None after recording
    why it cannot be had."""
    if not isinstance(value, DeflatorExtension):
        own = _named_database(value, database, unit_costs)
        if own is not None:
            return own
        if isinstance(value, str) and value in CALENDAR_DEFLATOR_SERIES:
            msg = (
                "is a series by calendar year: a case's deflators are by financial year "
                "(the Green Book's gb: values are uprated with it by themselves)"
            )
            problems.append(Problem("deflators", msg, value))
            return None
        found: DeflatorSeries | None = _resolve_table(value, deflator_series, "deflators", problems)
        return found
    base = _named_database(value.series, database, unit_costs)
    if base is None:
        base = _resolve_table(value.series, deflator_series, "deflators.series", problems)
    return None if base is None else value.apply(base)


def _calendar_series(value: Any) -> DeflatorSeries:
    """The calendar-year series ``gb:`` values are uprated with: the bundled one, run on
    at the case's growth assumption when the case extends its deflators (so that a price
    base in the added years can be reached)."""
    series = deflator_series(DEFAULT_CALENDAR_DEFLATORS)
    if isinstance(value, DeflatorExtension):
        extension = DeflatorExtension(series=series, extend_to=value.extend_to, growth=value.growth)
        return extension.apply(series)
    return series


def case_database(
    case: BusinessCase, *, loaders: Mapping[str, UnitCostLoader] | None = None
) -> UnitCostDatabase:
    """The unit cost database a case names: a bundled one, or a file read by the loader
    ``loaders`` gives for its suffix (see :func:`placebudget.reference.unit_costs`).

    Parameters
    ----------
    case
        The case naming the database.
    loaders
        Readers of database files by suffix, beyond the built-in ones.

    Returns
    -------
    UnitCostDatabase
        The database.

    Raises
    ------
    placebudget.errors.ValidationError
        The name is not a bundled database, or the file cannot be read.
    """
    try:
        return unit_costs(case.unit_costs, loaders=loaders)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"cannot project {case.name!r}") from exc


def case_deflators(
    case: BusinessCase, *, database: UnitCostDatabase | None = None, calendar: bool = False
) -> DeflatorSeries:
    """The GDP deflator series a case names or gives (extended as it says), or with
    ``calendar`` the calendar-year series its ``gb:`` values are uprated with (run on at
    the case's growth assumption when it extends its series).

    Parameters
    ----------
    case
        The case naming the series.
    database
        Its unit cost database, when the case names that database's own deflator table
        (``deflators`` = the name of an imported database).
    calendar
        Whether to give the calendar-year series of the ``gb:`` values instead.

    Returns
    -------
    DeflatorSeries
        The series.

    Raises
    ------
    placebudget.errors.ValidationError
        The series is not known.
    """
    if calendar:
        return _calendar_series(case.deflators)
    problems: list[Problem] = []
    series = _resolve_deflators(case.deflators, problems, database, case.unit_costs)
    if series is None:
        raise ValidationError(
            named(problems, case_names(case)), context=f"cannot project {case.name!r}"
        )
    return series


class _CaseTables(NamedTuple):
    """The tables a case's inputs are resolved with (:func:`_case_tables`)."""

    schedule: DiscountSchedule
    optimism_bias: OptimismBiasTable
    deflators: DeflatorSeries
    calendar: DeflatorSeries


def _case_tables(case: BusinessCase, database: UnitCostDatabase | None = None) -> _CaseTables:
    """The discount schedule, optimism bias table and deflator series a case names or
    gives (the last may be the own table of its imported unit cost ``database``), and the
    calendar-year series for its ``gb:`` values.

    Raises
    ------
    placebudget.errors.ValidationError
        A name is not known (every such name, together), or else the case's price year
        has no deflator.
    """
    problems: list[Problem] = []
    schedule: DiscountSchedule | None = _resolve_table(
        case.discounting, discount_schedule, "discounting", problems
    )
    table: OptimismBiasTable | None = _resolve_table(
        case.optimism_bias, optimism_bias_table, "optimism_bias", problems
    )
    series = _resolve_deflators(case.deflators, problems, database, case.unit_costs)
    if not (problems or schedule is None or table is None or series is None):
        if case.price_year in series.values:
            return _CaseTables(schedule, table, series, _calendar_series(case.deflators))
        _Uprater(series, case.price_year, problems).factor(case.price_year, "")
    raise ValidationError(
        named(problems, case_names(case)), context=f"cannot project {case.name!r}"
    )


def optimism_bias_attrs(case: BusinessCase, table: OptimismBiasTable) -> dict[str, str]:
    """What a report's headline says of the optimism bias table a case used: its title
    (``optimism_bias_title``: a bundled table's name in words, or "the case's own
    table"), its rates by grade 1 to 6 (``optimism_bias_rates``, ``0/5/10/15/25/40%``)
    and its status (``optimism_bias_status``: whether a bundled table's values are
    confirmed from the published guidance, by its own ``confirmed`` column; for a table
    the case gives, that it is the case's own).

    Examples
    --------
    >>> from placebudget.reference import optimism_bias_table
    >>> from placebudget.testing import example_case
    >>> found = optimism_bias_attrs(example_case(), optimism_bias_table("gm-cba-2014"))
    >>> found["optimism_bias_title"], found["optimism_bias_rates"]
    ('GM grade table', '0/5/10/15/25/40%')
    >>> found["optimism_bias_status"]
    'values not confirmed from the published guidance'
    """
    rates = "/".join(f"{table.rate(grade) * 100:g}" for grade in range(1, 7)) + "%"
    if not isinstance(case.optimism_bias, str):
        return {
            "optimism_bias_title": "the case's own table",
            "optimism_bias_rates": rates,
            "optimism_bias_status": "given in the case, not a bundled published table",
        }
    unconfirmed = table.unconfirmed
    if not unconfirmed:
        status = "values confirmed from the published guidance"
    elif len(unconfirmed) == len(table.grades):
        status = "values not confirmed from the published guidance"
    else:
        grades = ", ".join(str(g) for g in unconfirmed)
        status = f"the values of grades {grades} not confirmed from the published guidance"
    return {
        "optimism_bias_title": OPTIMISM_BIAS_TITLES.get(table.name, table.name),
        "optimism_bias_rates": rates,
        "optimism_bias_status": status,
    }
