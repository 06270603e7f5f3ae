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

from typing import Any

import pint

from placebudget.errors import ValidationError

__all__ = ["COUNT_UNITS", "GBP", "Quantity", "to_quantity", "ureg"]

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
)

ureg: Any = pint.UnitRegistry(
    force_ndarray_like=True, autoconvert_offset_to_baseunit=False, cache_folder=None
)
"""The shared unit registry (``force_ndarray_like=True``); use it for every quantity."""

ureg.define("GBP = [currency] = £ = pound_sterling")
ureg.define("GBPk = 1000 * GBP")
ureg.define("GBPm = 1000000 * GBP")
for _name in COUNT_UNITS:
    ureg.define(f"{_name} = [{_name.lower()}]")
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
        try:
            q: Any = ureg.Quantity(value)
        except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
            msg = f"is not a known unit expression ({exc})"
            raise ValidationError.single(field, msg, value) from exc
        except (ValueError, TypeError, AttributeError, SyntaxError) as exc:
            msg = "must be a quantity such as '100 GBP/person_year'"
            raise ValidationError.single(field, msg, value) from exc
        if q.dimensionless and default_unit is not None:
            q = ureg.Quantity(q.magnitude, default_unit)
        return q
    msg = "must be a quantity such as '100 GBP/person_year'"
    raise ValidationError.single(field, msg, value)


def parse_unit(text: str, *, field: str = "") -> Any:
    """Parse a unit name such as ``"person_year"``; raise ValidationError if unknown."""
    try:
        return ureg.Unit(text)
    except (pint.errors.UndefinedUnitError, ValueError, TypeError, AttributeError) as exc:
        msg = "is not a known unit"
        raise ValidationError.single(field, msg, text) from exc
