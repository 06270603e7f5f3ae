"""The one pint unit registry of placebudget.

Money is measured in ``GBP`` on its own ``[currency]`` dimension. The things public services
count — people, families, incidents, bed days, staff — each get a dimension of their own so
that a cost per incident can never be applied to person-years by mistake, while a weekly
cost per person converts correctly to a yearly one.

Examples
--------
>>> from placebudget.units import to_quantity
>>> weekly = to_quantity("100 GBP/person_week")
>>> round(float(weekly.to("GBP/person_year").magnitude), 2)
5217.86
>>> to_quantity("10 GBP/incident").check("[currency] / [person] / [time]")
False
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import pint

from placebudget.errors import ValidationError

__all__ = [
    "COUNT_UNITS",
    "GBP",
    "MAX_QUANTITY_TEXT",
    "SI_PREFIXES",
    "TIME_UNITS",
    "Quantity",
    "money_per",
    "parse_unit",
    "quantity_text",
    "to_quantity",
    "ureg",
]

#: Longest quantity or unit text read (characters).
MAX_QUANTITY_TEXT = 200

_NUMBER = re.compile(
    r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,4})?)\s*(.*?)\s*\Z", re.DOTALL
)
# a unit is names joined by * and /, with parentheses and small whole exponents: never
# arithmetic on numbers, so nothing a file says can make pint compute
_UNIT_TOKEN = re.compile(r"\s*(?:([A-Za-z_£][A-Za-z0-9_]*)|(\*\*|\^)\s*(-?\d{1,2})\b|([*/()]))")

#: Count units, each on its own dimension, in the order they are defined.
COUNT_UNITS: tuple[str, ...] = (
    "person",
    "family",
    "household",
    "child",
    "incident",
    "episode",
    "bed_day",
    "admission",
    "attendance",
    "appointment",
    "consultation",
    "visit",
    "session",
    "course",
    "case",
    "claim",
    "application",
    "contact",
    "event",
    "action",
    "process",
    "scheme",
    "item",
    "offence",
    "arrest",
    "placement",
    "FTE",
    "property",
    "wellby",
    "qaly",
    "prevented_fatality",
    "tCO2e",
)

#: The units of time, defined as pint's own definitions file defines them (the Julian
#: year of 365.25 days, a month a twelfth of it); the registry holds these and the units
#: below, not pint's thousand physical units, so that importing it takes milliseconds.
TIME_UNITS: tuple[str, ...] = (
    "second = [time] = s = sec",
    "minute = 60 * second = min",
    "hour = 60 * minute = h = hr",
    "day = 24 * hour = d",
    "week = 7 * day",
    "fortnight = 2 * week",
    "year = 365.25 * day = a = yr = julian_year",
    "month = year / 12",
    "quarter = year / 4",
)

#: The decimal prefixes, as in the SI (``kGBP`` is £1,000).
SI_PREFIXES: tuple[str, ...] = (
    "micro- = 1e-6 = µ- = u-",
    "milli- = 1e-3 = m-",
    "kilo- = 1e3 = k-",
    "mega- = 1e6 = M-",
    "giga- = 1e9 = G-",
)

ureg: Any = pint.UnitRegistry(
    None, force_ndarray_like=True, autoconvert_offset_to_baseunit=False, cache_folder=None
)
"""The shared unit registry (``force_ndarray_like=True``); use it for every quantity."""

ureg.define("percent = 0.01 = %")
for _prefix in SI_PREFIXES:
    ureg.define(_prefix)
for _definition in TIME_UNITS:
    ureg.define(_definition)
ureg.define("GBP = [currency] = £ = pound_sterling")
ureg.define("GBPk = 1000 * GBP")
ureg.define("GBPm = 1000000 * GBP")
for _name in COUNT_UNITS:
    ureg.define(f"{_name} = [{_name.lower()}]")
# the Green Book's capitals, as its guidance writes them
ureg.define("@alias wellby = WELLBY")
ureg.define("@alias qaly = QALY")
ureg.define("@alias tCO2e = tonne_CO2e")
# Time-scaled volumes: a state such as "in work" is counted in person-years.
for _base in ("person", "family", "household", "child", "FTE", "placement", "property"):
    ureg.define(f"{_base}_year = {_base} * year")
    ureg.define(f"{_base}_month = {_base} * month")
    ureg.define(f"{_base}_week = {_base} * week")
    ureg.define(f"{_base}_day = {_base} * day")

Quantity = ureg.Quantity
GBP = ureg.Unit("GBP")


def to_quantity(value: Any, default_unit: str | None = None, *, field: str = "") -> Any:
    """Turn a string such as ``"9234 GBP/person_year"``, a number or a Quantity into a
    Quantity of :data:`ureg`.

    Parameters
    ----------
    value
        ``"amount unit"`` text, a plain number (then ``default_unit`` is required) or a
        Quantity (re-homed onto :data:`ureg` if it came from another registry).
    default_unit
        Unit given to a plain number.
    field
        Name used in error messages.

    Raises
    ------
    placebudget.errors.ValidationError
        The text does not parse, names an unknown unit, or a number has no unit.

    Examples
    --------
    >>> to_quantity("566 GBP/person_year")
    <Quantity(566.0, 'GBP / person_year')>
    >>> str(to_quantity(3, "GBP").units)
    'GBP'

    """
    if isinstance(value, pint.Quantity):
        if value._REGISTRY is ureg:
            return value
        return ureg.Quantity(value.magnitude, str(value.units))
    if isinstance(value, bool):
        msg = "must be a quantity such as '100 GBP/person_year'"
        raise ValidationError.single(field, msg, value)
    if isinstance(value, int | float):
        if default_unit is None:
            msg = "must carry a unit, such as '100 GBP/person_year'"
            raise ValidationError.single(field, msg, value)
        return ureg.Quantity(value, default_unit)
    if isinstance(value, str):
        magnitude, unit = _split_quantity(value, field)
        q: Any = ureg.Quantity(magnitude, parse_unit(unit, field=field) if unit else "")
        if q.dimensionless and default_unit is not None:
            q = ureg.Quantity(q.magnitude, default_unit)
        return q
    msg = "must be a quantity such as '100 GBP/person_year'"
    raise ValidationError.single(field, msg, value)


def money_per(quantity: Any, unit: Any) -> float | None:
    """The magnitude of ``quantity`` in GBP per ``unit`` (a unit or its name), or
    ``None`` when it is not money per something convertible to ``unit``; each pair of
    units is worked out once.

    Examples
    --------
    >>> round(money_per(to_quantity("70 GBP/person_week"), "person_year"), 6)
    3652.5
    >>> money_per(to_quantity("70 GBP/person_week"), "incident") is None
    True
    """
    # keyed by the units' container, cheaper to hash than the Unit that .units builds
    factor = _money_factor(quantity._units, unit)
    return None if factor is None else float(quantity.magnitude) * factor


@functools.lru_cache(maxsize=4096)
def _money_factor(units: Any, unit: Any) -> float | None:
    target = ureg.GBP / ureg.Unit(unit) if isinstance(unit, str) else ureg.GBP / unit
    one = ureg.Quantity(1.0, units)
    if not one.is_compatible_with(target):
        return None
    return float(one.to(target).magnitude)


def quantity_text(quantity: Any) -> str:
    """``str(quantity)`` (``"566.0 GBP / person_year"``), its unit's text formatted once
    per unit rather than on every call.

    Examples
    --------
    >>> quantity_text(to_quantity("100 GBP/person_week"))
    '100.0 GBP / person_week'
    """
    # keyed by the units' container, cheaper to hash than the Unit that .units builds
    return f"{quantity.magnitude} {_unit_text(quantity._units)}"


@functools.lru_cache(maxsize=4096)
def _unit_text(units: Any) -> str:
    return str(ureg.Unit(units))


def _split_quantity(text: str, field: str) -> tuple[float, str]:
    """``"3400 GBP/family"`` → ``(3400.0, "GBP/family")``: a number, then a unit."""
    expected = "must be a number and a unit such as '100 GBP/person_year'"
    if len(text) > MAX_QUANTITY_TEXT:
        msg = f"{expected} (at most {MAX_QUANTITY_TEXT} characters)"
        raise ValidationError.single(field, msg, f"{text[:40]}… ({len(text)} characters)")
    match = _NUMBER.match(text)
    if match is None:
        raise ValidationError.single(field, expected, text)
    magnitude = float(match.group(1))
    if not math.isfinite(magnitude):
        raise ValidationError.single(field, "must be a finite number", text)
    return magnitude, match.group(2)


def _check_unit_text(text: str, field: str) -> None:
    """Refuse anything but unit names joined by ``*`` and ``/`` with small exponents."""
    expected = (
        "is not a unit: write names joined by '*' and '/' (such as 'GBP/person_year'), "
        "with no arithmetic"
    )
    if len(text) > MAX_QUANTITY_TEXT:
        raise ValidationError.single(field, expected, f"{text[:40]}…")
    position, names, depth = 0, 0, 0
    while position < len(text):
        if text[position:].isspace():
            break
        match = _UNIT_TOKEN.match(text, position)
        if match is None:
            raise ValidationError.single(field, expected, text)
        bracket = match.group(4)
        depth += {"(": 1, ")": -1}.get(bracket or "", 0)
        if depth < 0 or depth > 4:
            raise ValidationError.single(field, expected, text)
        names += match.group(1) is not None
        position = match.end()
    if names == 0 or depth != 0:
        raise ValidationError.single(field, expected, text)


def parse_unit(text: str, *, field: str = "") -> Any:
    """Parse a unit such as ``"person_year"`` or ``"GBP / family"``, without evaluating
    anything: only unit names, ``*``, ``/``, parentheses and small whole exponents.

    Raises
    ------
    placebudget.errors.ValidationError
        The text is not a unit, or names a unit the registry does not know.

    Examples
    --------
    >>> str(parse_unit("GBP / person_year"))
    'GBP / person_year'
    >>> parse_unit("GBP * 10**10**10", field="unit")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    placebudget.errors.ValidationError: unit: is not a unit: ... got 'GBP * 10**10**10'
    """
    if not isinstance(text, str):
        raise ValidationError.single(field, "must be a unit name such as 'person'", text)
    known = _PARSED.get(text)
    if known is not None:
        return known
    _check_unit_text(text, field)
    try:
        unit = ureg.Unit(text)
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        ValueError,
        TypeError,
        AttributeError,
        SyntaxError,
    ) as exc:
        msg = f"is not a known unit ({exc})"
        raise ValidationError.single(field, msg, text) from exc
    if len(_PARSED) < MAX_PARSED_UNITS:
        _PARSED[text] = unit
    return unit


#: Unit texts parsed and kept (each text parsed once): a case's quantities written in one
#: unit then share one unit object, whose conversions are worked out once.
MAX_PARSED_UNITS = 4096
_PARSED: dict[str, Any] = {}
