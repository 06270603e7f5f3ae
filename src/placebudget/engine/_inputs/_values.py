"""An effect's values resolved to amounts per outcome unit at the price base.

A value is given as an amount, a unit cost database reference (``ucd:CODE``:
:func:`_resolve_value`) or a Green Book appraisal value (``gb:CODE``:
:func:`_appraisal_amount`, which also finds its year profile and range, a
:class:`_SocialValue`); :func:`_amount` resolves the first two and uprates them.
:func:`_double_counts` refuses an outcome valued by a line and its constituent. Each
records why a value cannot be had as a problem, and each value had as a trace (on the
:class:`~placebudget.engine._inputs._uprating._Uprater`).
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from placebudget.engine._inputs._uprating import _path, _Uprater
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import UnitValue, code_unit_problem
from placebudget.reference import (
    BUNDLED_DATABASES,
    UnitCostDatabase,
    appraisal_value,
    unit_costs,
)

__all__: list[str] = []


class _SocialValue:
    """What a Green Book appraisal value adds to an effect: its year profile (``None``:
    the same every year) and its range (factors on the value)."""

    def __init__(self, years: np.ndarray[Any, Any]) -> None:
        self.years = years
        self.index: np.ndarray[Any, Any] | None = None
        self.low = np.nan
        self.high = np.nan
        self.code: str | None = None


#: What an effect without a Green Book appraisal value has of one: nothing.
_NO_SOCIAL = _SocialValue(np.zeros(0))


def _appraisal_amount(
    raw: UnitValue, unit: str, path: str, name: Any, uprate: _Uprater, social: _SocialValue
) -> float | None:
    """A ``gb:`` social value per outcome ``unit`` at the price base, its year profile
    and range recorded in ``social``; None after recording why it cannot be had."""
    code = raw.appraisal_code or ""
    try:
        value = appraisal_value(code)
    except UnknownReferenceError as exc:
        uprate.problems.extend(Problem(f"{path}.amount", p.message, code) for p in exc.problems)
        return None
    missing = [int(y) for y in social.years if value.by_year and int(y) not in value.by_year]
    if missing:  # before any year's value is looked up
        covered = f"{min(value.by_year)}-{max(value.by_year)}"
        uprate.problems.append(
            Problem(
                f"{path}.amount",
                f"gb:{code} has values for {covered} only: no value for "
                f"{', '.join(map(str, missing[:5]))}{' …' if len(missing) > 5 else ''} "
                "(shorten the horizon, start within those years or give the value as an "
                "amount)",
                code,
            )
        )
        return None
    central = value.amount_in(int(social.years[0])) if value.by_year else value.central
    priced = UnitValue(f"{central!r} GBP/{value.unit}", price_year=value.price_year)
    try:
        amount = priced.per(unit, field=f"{path}.amount")
    except ValidationError:
        msg = (
            f"gb:{code} values outcomes counted in {value.unit}: the effect's unit must "
            f"be {value.unit} (or convertible to it)"
        )
        uprate.problems.append(Problem(f"{path}.amount", msg, unit))
        return None
    index = np.array([value.amount_in(int(y)) / central for y in social.years])
    social.index = None if (index == 1.0).all() else index
    if value.range is not None:
        social.low, social.high = value.range
    social.code = code
    # priced in a calendar year: uprated with the calendar-year series
    factor = uprate.calendar_factor(value.price_year, f"{path}.amount", code)
    uprate.record(
        path=path,
        name=name,
        kind=path.rsplit(".", 1)[-1],
        given=f"gb:{code}",
        source=value.source,
        published=amount,
        unit=f"GBP/{unit}",
        price_year=value.price_year,
        factor=factor,
    )
    return amount * factor


def line_database(value: UnitValue, database: UnitCostDatabase) -> UnitCostDatabase:
    """The database a ``ucd:`` value's code is looked up in: the one the case is run
    against (``database``) for ``"ucd:CODE"`` or a code naming it, else the bundled
    edition the code names (``"ucd-v1.2:CR6.0"``).

    Raises
    ------
    placebudget.errors.UnknownReferenceError
        The code names a database that is neither bundled nor ``database``.
    """
    edition = value.edition
    if edition is None or edition == database.name:
        return database
    if edition in BUNDLED_DATABASES:
        return unit_costs(edition)
    msg = (
        f"names the unit cost database {edition!r}, which is neither bundled "
        f"({', '.join(BUNDLED_DATABASES)}) nor the one the case is run against "
        f"({database.name!r}); write ucd:CODE for the case's database"
    )
    raise UnknownReferenceError.single(path="amount", message=msg, value=value.amount)


def line_key(value: UnitValue, database: UnitCostDatabase) -> str:
    """How a value's line is keyed among the codes valuing one outcome: its code in the
    database the case is run against, ``EDITION:CODE`` in another edition."""
    edition = value.edition
    code = value.code or ""
    return code if edition is None or edition == database.name else f"{edition}:{code}"


def _resolve_value(
    value: UnitValue,
    kind: str,
    database: UnitCostDatabase,
    path: str,
    problems: list[Problem],
    codes: list[tuple[str, str]],
) -> UnitValue | None:
    """A database reference resolved to the line's value of ``kind`` (its code recorded
    in ``codes``, as :func:`line_key` gives it), or None after recording why it cannot
    be. The value's citation names the database the line is from
    (``"ucd-v1.2 CR6.0: …"``)."""
    try:
        found_in = line_database(value, database)
        cost = found_in[value.code or ""]
        resolved = UnitValue.from_unit_cost(
            cost, kind=kind, cashable=value.cashable, transfer=value.transfer
        )
    except ValidationError as exc:
        problems.extend(p.prefixed(path) for p in exc.problems)
        return None
    codes.append((line_key(value, database), path))
    return attrs.evolve(resolved, source=f"{found_in.name} {resolved.source}")


def _amount(
    raw: UnitValue,
    kind: str,
    unit: str,
    where: str,
    partner: str | None,
    name: Any,
    database: UnitCostDatabase,
    uprate: _Uprater,
    valued: list[tuple[str, str]] | None,
) -> tuple[float, float, float] | None:
    """(amount per outcome ``unit`` at the price base, cashable share, transfer share) of
    the value of ``kind`` (for ``partner``) of the effect at ``where``, or None after
    recording why it cannot be had; a database code it names is added to ``valued``
    (the codes valuing the same outcome). ``name`` is the trace's name (``_name``'s
    parts)."""
    value = raw
    if raw.is_reference:
        path = _path(where, kind, partner)
        found = _resolve_value(
            raw, kind, database, path, uprate.problems, [] if valued is None else valued
        )
        if found is None:
            return None
        value = found
    try:
        amount = value.per(unit)
    except ValidationError as exc:
        path = _path(where, kind, partner)
        uprate.problems.extend(
            [code_unit_problem(str(raw.amount), value, unit, f"{path}.amount")]
            if raw.is_reference
            else [p.prefixed(f"{path}.amount") for p in exc.problems]
        )
        return None
    assert value.price_year is not None  # guaranteed by UnitValue
    factor = uprate.factor(value.price_year, (where, kind, partner))
    fiscal = kind == "fiscal"
    cashable, transfer = value.cashable_share, value.transfer_share
    uprate.record(
        path=(where, kind, partner),
        name=name,
        kind=kind,
        given=raw.amount,
        source=value.source or raw.source or "stated in the case",
        published=amount,
        unit=f"GBP/{unit}",
        price_year=value.price_year,
        factor=factor,
        cashable=cashable if fiscal else None,
        transfer=transfer if fiscal else None,
    )
    return amount * factor, cashable, transfer


def _double_counts(
    codes: list[tuple[str, str]], database: UnitCostDatabase, problems: list[Problem]
) -> None:
    """Refuse a line valued together with a line it is a constituent of (the headline
    already holds the constituent's money)."""
    where = dict(codes)
    for key, path in codes:
        edition, _, code = key.rpartition(":")
        within = unit_costs(edition) if edition else database
        prefix = f"{edition}:" if edition else ""
        parent = within[code].parent if code in within else None
        seen = {code}
        while parent is not None and parent not in seen:
            if prefix + parent in where:
                problems.append(
                    Problem(
                        path,
                        f"double counts the same money: {key} is a constituent of "
                        f"{prefix}{parent}, which values this outcome too at "
                        f"{where[prefix + parent]}",
                        key,
                    )
                )
            seen.add(parent)
            parent = within[parent].parent if parent in within else None
