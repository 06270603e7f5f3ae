"""Costed families: a person's or family's year of service contacts, before and after.

A contact record names Unit Cost Database codes and how many of each a person or family
used in a year (``CR6.0`` arrests × 5, ``HE3.0`` A&E attendances × 5, ``3 hour`` of a
social worker's time). Costing it (:func:`placebudget.engine.cost_contacts`) prices each
line at the database's fiscal value, uprated to one price base, and totals it by the agency
that pays: the "Family A cost the police £50,000 in a year" figure that opens a business
case.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.model.validation import (
    COUNT_OR_QUANTITY,
    check_non_negative,
    collecting,
    identifier,
    non_empty_text,
    optional,
    report,
    text,
    with_schema,
)
from placebudget.units import to_quantity

__all__ = ["CaseStudy", "Contact", "contacts_from"]


def _count(value: Any) -> Any:
    """A plain number stays a number (counted in the code's own unit); text or a Quantity
    becomes a Quantity (``"3 hour"``); text holding only a number becomes that number."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str) or hasattr(value, "units"):
        try:
            quantity = to_quantity(value, field="count")
        except ValidationError:
            return value  # reported by the validator with the field's path
        if quantity.dimensionless:
            return float(quantity.magnitude)
        return quantity
    return value


def _check_count(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if hasattr(value, "units"):
        magnitude = float(value.magnitude)
        if value.dimensionality.get("[currency]"):
            report(
                "count",
                "must be a count of contacts (a number, or a number with its "
                "unit such as '3 hour'), not money",
                str(value),
            )
        else:
            check_non_negative("count", magnitude)
        return
    if isinstance(value, str):
        report("count", "must be a number, or a number with its unit such as '3 hour'", value)
        return
    check_non_negative("count", value)


with_schema(_check_count, COUNT_OR_QUANTITY)


@collecting
@attrs.frozen(kw_only=True)
class Contact:
    """How much of one Unit Cost Database line a person or family used in a year.

    Examples
    --------
    >>> Contact(count=5).count
    5
    >>> str(Contact(count="3 hour", partner="council").count.units)
    'hour'
    """

    count: Any = attrs.field(converter=_count, validator=_check_count)
    """How many, in the code's unit: a plain number for a line costed per item, incident
    or attendance; a number with its unit for a line costed per hour or per person-week
    (``"3 hour"``, ``"6 person_week"``)."""
    partner: str | None = attrs.field(default=None, validator=optional(identifier))
    """In a case file, the partner that pays for it; by default the agency the database
    names for the line."""
    description: str = attrs.field(default="", validator=text)
    """What the contacts were (``"police call-outs to the home"``)."""


def contacts_from(value: Any, field: str) -> Mapping[str, Contact]:
    """Contacts keyed by code from ``{code: count}`` or ``{code: Contact | {count, …}}``.

    Raises
    ------
    placebudget.errors.ValidationError
        ``value`` is not a table of codes, a code is blank, or a count is not valid.
    """
    if not isinstance(value, Mapping):
        msg = "must be a table of Unit Cost Database codes and counts ({'CR6.0': 5})"
        raise ValidationError.single(path=field, message=msg, value=value)
    out: dict[str, Contact] = {}
    problems: list[Problem] = []
    for code, item in value.items():
        where = f"{field}[{code!r}]"
        if not isinstance(code, str) or not code.strip():
            problems.append(Problem(where, "must be a Unit Cost Database code", code))
            continue
        try:
            if isinstance(item, Contact):
                contact = item
            elif isinstance(item, Mapping):
                unknown = sorted(set(item) - {"count", "partner", "description"})
                if unknown or "count" not in item:
                    msg = (
                        "must be a count or a table with 'count' and optionally 'partner' "
                        "and 'description'"
                    )
                    raise ValidationError.single(path="", message=msg, value=dict(item))
                contact = Contact(**item)
            else:
                contact = Contact(count=item)
        except ValidationError as exc:
            problems.extend(p.prefixed(where) for p in exc.problems)
            continue
        out[code.strip()] = contact
    if problems:
        raise ValidationError(problems)
    return MappingProxyType(out)


def _contacts_or_error(value: Any, field: str) -> Any:
    """A record's contacts, or the error (reported with the other problems of the case
    study by :func:`_check_contacts`)."""
    try:
        return contacts_from(value, field)
    except ValidationError as exc:
        return exc


def _before(value: Any) -> Any:
    return _contacts_or_error(value, "before")


def _after(value: Any) -> Any:
    return None if value is None else _contacts_or_error(value, "after")


def _check_contacts(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, ValidationError):
        for problem in value.problems:
            report(problem.path, problem.message, problem.value)
    elif attribute.name == "before" and not value:
        report("before", "must name at least one contact (a code and a count)", {})


@collecting
@attrs.frozen(kw_only=True)
class CaseStudy:
    """A costed family: its year of service contacts as is (``before``) and, optionally,
    after the new delivery model (``after``); the difference is the saving by agency.

    Examples
    --------
    >>> family = CaseStudy(id="family_a", name="Family A",
    ...                    before={"CR6.0": 5, "HE3.0": 5}, after={"HE3.0": 1})
    >>> family.before["CR6.0"].count, sorted(family.codes)
    (5, ['CR6.0', 'HE3.0'])
    """

    id: str = attrs.field(validator=identifier)
    """Short id of the case study."""
    name: str = attrs.field(validator=non_empty_text)
    """Name for reports (``"Family A"``)."""
    before: Mapping[str, Contact] = attrs.field(
        converter=_before, validator=_check_contacts, hash=False
    )
    """A year of contacts as is: Unit Cost Database code → count (or a table with
    ``count``, ``partner`` and ``description``)."""
    after: Mapping[str, Contact] | None = attrs.field(
        default=None, converter=_after, validator=_check_contacts, hash=False
    )
    """A year of contacts after the intervention, in the same form; none if not known."""
    unit: str = attrs.field(default="family", validator=identifier)
    """Who the record is of (``"family"``, ``"person"``)."""
    description: str = attrs.field(default="", validator=text)
    """Who they are and what happened."""
    source: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """Where the record comes from (an anonymised case file, a published case study)."""

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code in either record, in order of first appearance."""
        seen = dict.fromkeys(self.before or {})
        seen.update(dict.fromkeys(self.after or {}))
        return tuple(seen)

    def partners_named(self) -> dict[str, str]:
        """Partner id → the field naming it, for every contact with a ``partner``."""
        named: dict[str, str] = {}
        for record in ("before", "after"):
            for code, contact in (getattr(self, record) or {}).items():
                if contact.partner is not None:
                    named.setdefault(contact.partner, f"{record}[{code!r}].partner")
        return named
