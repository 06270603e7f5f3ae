"""Money per unit of outcome: unit values and unit cost database lines."""

from __future__ import annotations

from typing import Any

import attrs

from placebudget.errors import ValidationError
from placebudget.model._validation import (
    collecting,
    non_empty_text,
    one_of,
    optional,
    report,
    to_tuple,
    within,
    year,
)
from placebudget.units import ureg

__all__ = ["REFERENCE_PREFIX", "VALUE_TYPES", "UnitCost", "UnitValue", "is_money_rate"]

#: Prefix of a unit value that refers to a Unit Cost Database line (``"ucd:CR2.0"``).
REFERENCE_PREFIX = "ucd:"

#: The kinds of value a unit cost measures.
VALUE_TYPES: tuple[str, ...] = ("fiscal", "economic", "social")

_CURRENCY = "[currency]"


def is_money_rate(quantity: Any) -> bool:
    """Whether ``quantity`` is money (GBP) per something (or plain GBP)."""
    return bool(quantity.dimensionality.get(_CURRENCY) == 1)


def _amount(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(REFERENCE_PREFIX):
        return value
    from placebudget.units import to_quantity

    return to_quantity(value, field="amount")


def _check_amount(inst: UnitValue, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, str):
        if not value[len(REFERENCE_PREFIX) :].strip():
            report("amount", "must name a unit cost code after 'ucd:'", value)
        return
    magnitude = float(value.magnitude)
    if not is_money_rate(value):
        report("amount", "must be money per unit of outcome (GBP/...)", str(value))
    elif magnitude != magnitude or magnitude in (float("inf"), float("-inf")):
        report("amount", "must be a finite amount", str(value))


def _check_price_year(inst: UnitValue, attribute: attrs.Attribute[Any], value: Any) -> None:
    if inst.is_reference:
        return
    if value is None:
        report(
            "price_year",
            "is required for an amount (the financial year its prices are in)",
            value,
        )
    else:
        year(inst, attribute, value)


@collecting
@attrs.frozen(kw_only=True)
class UnitValue:
    """An amount of money per unit of outcome, in the prices of one financial year.

    Either a quantity with a price year, or a reference to a Unit Cost Database line
    (``"ucd:CR2.0"``) resolved when the case is projected.

    Examples
    --------
    >>> v = UnitValue("9234 GBP/person_year", price_year=2012, cashable=1.0)
    >>> v.amount.magnitude, str(v.amount.units), v.price_year
    (array(9234.), 'GBP / person_year', 2012)
    >>> UnitValue("ucd:CR2.0.3").code
    'CR2.0.3'
    """

    amount: Any = attrs.field(kw_only=False, converter=_amount, validator=_check_amount)
    """Money per unit of outcome (a pint Quantity in GBP/...), or ``"ucd:CODE"``."""
    price_year: int | None = attrs.field(default=None, validator=_check_price_year)
    """Financial year of the prices (2012 = 2012/13); taken from the database for codes."""
    cashable: float = attrs.field(default=0.0, validator=within(0, 1))
    """Share of a fiscal benefit that can be released as cash (0 to 1); default 0 is
    the conservative choice: nothing is counted as cashable unless stated."""
    source: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """Citation for the figure."""

    @property
    def is_reference(self) -> bool:
        """Whether this value names a unit cost database line instead of an amount."""
        return isinstance(self.amount, str)

    @property
    def code(self) -> str | None:
        """The referenced unit cost code, or ``None`` for an amount."""
        if isinstance(self.amount, str):
            return self.amount[len(REFERENCE_PREFIX) :].strip()
        return None

    @classmethod
    def from_unit_cost(cls, unit_cost: UnitCost, *, cashable: float = 0.0) -> UnitValue:
        """Take the amount, price year and citation of a unit cost database line."""
        return cls(
            unit_cost.value,
            price_year=unit_cost.price_year,
            cashable=cashable,
            source=f"{unit_cost.code}: {unit_cost.source}" if unit_cost.source else unit_cost.code,
        )

    def per(self, unit: Any, *, field: str = "") -> float:
        """The amount as GBP per ``unit`` (converting, e.g., weekly to yearly).

        Raises
        ------
        placebudget.errors.ValidationError
            The amount's unit cannot express money per ``unit``.
        """
        if isinstance(self.amount, str):
            msg = "is an unresolved unit cost reference"
            raise ValidationError.single(field, msg, self.amount)
        target = ureg.GBP / ureg.Unit(unit) if isinstance(unit, str) else ureg.GBP / unit
        if not self.amount.is_compatible_with(target):
            msg = f"must be money per {unit} (or convertible to it)"
            raise ValidationError.single(field, msg, str(self.amount))
        return float(self.amount.to(target).magnitude)


@collecting
@attrs.frozen(kw_only=True)
class UnitCost:
    """One line of a unit cost database (such as the Unit Cost Database v1.2).

    Examples
    --------
    >>> from placebudget.units import to_quantity
    >>> UnitCost(code="CR1.1", description="Anti-social behaviour, no further action",
    ...          value=to_quantity("35 GBP/incident"), unit_text="Per incident",
    ...          price_year=2002, agency="Police", rag="R").confidence
    5
    """

    code: str = attrs.field(validator=non_empty_text)
    """Code of the line (``"CR1.1"``)."""
    description: str = attrs.field(validator=non_empty_text)
    """What the cost is."""
    value: Any = attrs.field(converter=_amount)
    """Money per unit (pint Quantity in GBP/...)."""
    price_year: int = attrs.field(validator=year)
    """Financial year of the prices (2002 = 2002/03)."""
    unit_text: str = ""
    """The unit as written in the source (``"Per incident"``)."""
    agency: str = ""
    """Agency bearing the cost or making the saving (level 1)."""
    agency_detail: str = ""
    """Agency, level 2 (``"Acute Trust / Hospital"``)."""
    value_type: str = attrs.field(default="fiscal", validator=one_of(VALUE_TYPES))
    """Fiscal, economic or social."""
    rag: str | None = attrs.field(default=None, validator=optional(one_of(("R", "A", "G"))))
    """Red/amber/green confidence rating of the source."""
    source: str = ""
    """Short citation of the original source."""
    category: str = ""
    """Outcome category (``"CRIME"``)."""
    detail: str = ""
    """Outcome detail (``"DOMESTIC VIOLENCE"``)."""
    components: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    """Codes of the lines this cost splits into by agency (``CR2.0`` → ``CR2.0.1`` …)."""

    @value.validator
    def _check_value(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str) or not is_money_rate(value):
            report("value", "must be money per unit (GBP/...)", str(value))

    @property
    def confidence(self) -> int | None:
        """A confidence grade implied by the RAG rating (G → 2, A → 4, R → 5).

        The Unit Cost Database rates sources red/amber/green; the mapping to the six
        grades of the cost–benefit guidance is a placebudget default, documented in the
        method notes, not a published figure.
        """
        return {"G": 2, "A": 4, "R": 5}.get(self.rag) if self.rag else None
