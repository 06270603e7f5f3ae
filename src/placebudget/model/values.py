"""Money per unit of outcome: unit values and unit cost database lines."""

from __future__ import annotations

import re
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.model.validation import (
    collecting,
    has_problems,
    non_empty_text,
    one_of,
    optional,
    report,
    to_tuple,
    within,
    year,
)
from placebudget.units import money_per

__all__ = [
    "APPRAISAL_PREFIX",
    "HEALTH_APPRAISAL_CODES",
    "LINE_LEVELS",
    "REFERENCE_PREFIX",
    "VALUE_TYPES",
    "PricedAmount",
    "UnitCost",
    "UnitValue",
    "code_unit_problem",
    "is_money_rate",
    "is_reference_text",
    "split_reference",
]

#: Prefix of a unit value that refers to a Unit Cost Database line (``"ucd:CR2.0"``).
REFERENCE_PREFIX = "ucd:"
#: Prefix of a social value taken from the Green Book appraisal values (``"gb:wellby"``).
APPRAISAL_PREFIX = "gb:"
_PREFIXES = (REFERENCE_PREFIX, APPRAISAL_PREFIX)
#: A reference naming its database edition: ``"ucd-v1.2:CR6.0"`` (the database's name,
#: ``ucd-`` and the edition, a colon, the code).
_QUALIFIED = re.compile(r"(ucd-[A-Za-z0-9][A-Za-z0-9._-]*):(.*)", re.DOTALL)


def split_reference(text: str) -> tuple[str | None, str] | None:
    """A Unit Cost Database reference as ``(edition, code)``: ``edition`` is the database
    it names (``"ucd-v1.2"`` in ``"ucd-v1.2:CR6.0"``) or ``None`` for ``"ucd:CODE"``, the
    database the case is run against. ``None`` when ``text`` is no such reference.

    Examples
    --------
    >>> split_reference("ucd:CR6.0"), split_reference("ucd-v1.2:CR6.0")
    ((None, 'CR6.0'), ('ucd-v1.2', 'CR6.0'))
    >>> split_reference("593 GBP/arrest") is None
    True
    """
    if text.startswith(REFERENCE_PREFIX):
        return None, text[len(REFERENCE_PREFIX) :].strip()
    found = _QUALIFIED.fullmatch(text.strip())
    if found is None:
        return None
    return found.group(1), found.group(2).strip()


def is_reference_text(value: Any) -> bool:
    """Whether ``value`` is text naming a Unit Cost Database line (``"ucd:CODE"`` or
    ``"ucd-v1.2:CODE"``) or a Green Book value (``"gb:CODE"``)."""
    return isinstance(value, str) and (
        value.startswith(_PREFIXES) or split_reference(value) is not None
    )


#: The Green Book appraisal values that are health values, discounted with the health
#: schedule (Green Book Annex A6: health effects valued in QALYs, at 1.5 %, the rate
#: without the wealth effect). ``gb:vpf`` is not among them: its bundled value grows
#: with real GDP per head, which already carries the wealth effect (``docs/method.md``).
HEALTH_APPRAISAL_CODES: frozenset[str] = frozenset({"qaly", "qaly_nice_lower", "qaly_nice_upper"})

#: The kinds of value a unit cost measures: the columns of a Unit Cost Database line.
VALUE_TYPES: tuple[str, ...] = ("fiscal", "economic", "social")

#: Where a line stands in a Unit Cost Database: a headline cost, a subsidiary cost related
#: to it, or a constituent of the headline or subsidiary cost it is derived from (UCD v1.4,
#: Guidance sheet).
LINE_LEVELS: tuple[str, ...] = ("headline", "subsidiary", "constituent")

_CURRENCY = "[currency]"


def is_money_rate(quantity: Any) -> bool:
    """Whether ``quantity`` is money (GBP) per something (or plain GBP)."""
    return bool(quantity.dimensionality.get(_CURRENCY) == 1)


def _amount(value: Any) -> Any:
    if is_reference_text(value):
        return value
    from placebudget.units import to_quantity

    return to_quantity(value, field="amount")


def _check_amount(inst: UnitValue, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, str):
        reference = split_reference(value)
        if reference is not None:
            if not reference[1]:
                prefix = f"{reference[0]}:" if reference[0] else REFERENCE_PREFIX
                report("amount", f"must name a unit cost code after {prefix!r}", value)
        elif not value[len(APPRAISAL_PREFIX) :].strip():
            report("amount", f"must name an appraisal value after {APPRAISAL_PREFIX!r}", value)
        return
    _check_money(value, "amount", "money per unit of outcome (GBP/...)")


def _check_money(value: Any, path: str, expected: str) -> None:
    magnitude = float(value.magnitude)
    if not is_money_rate(value):
        report(path, f"must be {expected}", str(value))
    elif magnitude != magnitude or magnitude in (float("inf"), float("-inf")):
        report(path, "must be a finite amount", str(value))


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


def _share(value: Any) -> Any:
    """``True`` is a share of 1, ``False`` of 0; anything else is checked as a number."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return value


@collecting
@attrs.frozen(kw_only=True)
class UnitValue:
    """An amount of money per unit of outcome, in the prices of one financial year.

    Either a quantity with a price year, or a reference to a Unit Cost Database line
    (``"ucd:CR2.0"``, in the database the case is run against, or ``"ucd-v1.2:CR2.0"``,
    in the edition it names whatever the case's database) resolved when the case is
    projected: a fiscal value takes the line's
    fiscal column, an economic value its economic column and a social value its social
    column. A social value may instead name a Green Book appraisal value (``"gb:wellby"``,
    ``"gb:qaly"``, ``"gb:vpf"``, ``"gb:carbon"``), uprated from its price year and varied
    over its published range.

    Examples
    --------
    >>> v = UnitValue("9234 GBP/person_year", price_year=2012, cashable=1.0, transfer=True)
    >>> v.amount.magnitude, str(v.amount.units), v.price_year, v.transfer
    (array(9234.), 'GBP / person_year', 2012, 1.0)
    >>> UnitValue("ucd:CR2.0.3").code
    'CR2.0.3'
    >>> UnitValue("ucd-v1.2:CR6.0").code, UnitValue("ucd-v1.2:CR6.0").edition
    ('CR6.0', 'ucd-v1.2')
    >>> UnitValue("gb:wellby").appraisal_code
    'wellby'
    """

    amount: Any = attrs.field(kw_only=False, converter=_amount, validator=_check_amount)
    """Money per unit of outcome (a pint Quantity in GBP/...), or ``"ucd:CODE"``
    (``"ucd-v1.2:CODE"`` names the edition)."""
    price_year: int | None = attrs.field(default=None, validator=_check_price_year)
    """Financial year of the prices (2012 = 2012/13); taken from the database for codes."""
    cashable: float | None = attrs.field(default=None, validator=optional(within(0, 1)))
    """Share of a fiscal benefit that can be released as cash (0 to 1). ``None``: not
    stated, counted as 0 — the conservative choice, nothing is cashable unless stated —
    and warned about (:meth:`~placebudget.model.BusinessCase.warnings`), since it is the
    default that most changes a cashable figure."""
    transfer: float | None = attrs.field(
        default=None, converter=_share, validator=optional(within(0, 1))
    )
    """Share of a fiscal value that is a transfer payment (tax, social security benefits),
    0 to 1 (``True`` is 1). Transfers count in the financial case but not in public value.
    ``None`` (not stated) means 0 for an amount and, for a ``ucd:`` code, the share the
    database states for that line. Fiscal values only."""
    source: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """Citation for the figure."""

    @property
    def is_reference(self) -> bool:
        """Whether this value names a unit cost database line instead of an amount."""
        return isinstance(self.amount, str)

    @property
    def code(self) -> str | None:
        """The referenced unit cost code (without its edition), or ``None`` for an
        amount."""
        reference = split_reference(self.amount) if isinstance(self.amount, str) else None
        return None if reference is None else reference[1]

    @property
    def edition(self) -> str | None:
        """The unit cost database a qualified code names (``"ucd-v1.2"`` for
        ``"ucd-v1.2:CR6.0"``); ``None`` for ``"ucd:CODE"`` (the database the case is run
        against) and for anything else."""
        reference = split_reference(self.amount) if isinstance(self.amount, str) else None
        return None if reference is None else reference[0]

    @property
    def appraisal_code(self) -> str | None:
        """The Green Book appraisal value named (``gb:wellby`` → ``wellby``), or
        ``None``."""
        if isinstance(self.amount, str) and self.amount.startswith(APPRAISAL_PREFIX):
            return self.amount[len(APPRAISAL_PREFIX) :].strip()
        return None

    @property
    def cashable_share(self) -> float:
        """The cashable share as stated, 0 when not stated."""
        return 0.0 if self.cashable is None else float(self.cashable)

    @property
    def transfer_share(self) -> float:
        """The transfer share as stated, 0 when not stated."""
        return 0.0 if self.transfer is None else float(self.transfer)

    @classmethod
    def from_unit_cost(
        cls,
        unit_cost: UnitCost,
        *,
        kind: str = "fiscal",
        cashable: float | None = None,
        transfer: float | None = None,
    ) -> UnitValue:
        """Take one column (``kind``) of a unit cost database line: its amount, price
        year and citation, and for a fiscal value the line's transfer share unless
        ``transfer`` is given.

        Raises
        ------
        placebudget.errors.ValidationError
            The line has no value in that column.
        """
        priced = unit_cost.amount_of(kind)
        source = f"{unit_cost.code}: {unit_cost.source}" if unit_cost.source else unit_cost.code
        if kind == "fiscal":
            share = unit_cost.transfer if transfer is None else transfer
            return cls(
                priced.amount,
                price_year=priced.price_year,
                cashable=cashable,
                transfer=share,
                source=source,
            )
        return cls(priced.amount, price_year=priced.price_year, source=source)

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
        found = money_per(self.amount, unit)
        if found is None:
            msg = f"must be money per {unit} (or convertible to it)"
            raise ValidationError.single(field, msg, str(self.amount))
        return found


def code_unit_problem(code: str, priced: UnitValue, unit: str, field: str) -> Problem:
    """The problem of a Unit Cost Database line priced per another unit than the
    effect's: it names the unit the line is priced in.

    Examples
    --------
    >>> value = UnitValue("44676 GBP/person_year", price_year=2011)
    >>> code_unit_problem("ucd:SS1.0", value, "incident", "fiscal").message[:60]
    'ucd:SS1.0 is priced per person_year, and the effect counts i'
    """
    per = str(priced.amount.units).replace("GBP / ", "").replace("GBP/", "")
    message = (
        f"{code} is priced per {per}, and the effect counts {unit}: give the "
        f"effect the unit {per}, or a value per {unit} instead of the code"
    )
    return Problem(field, message, str(priced.amount))


def _money(value: Any) -> Any:
    from placebudget.units import to_quantity

    return to_quantity(value, field="amount")


@collecting
@attrs.frozen(kw_only=True)
class PricedAmount:
    """One value of a unit cost line: money per unit in the prices of a financial year.

    Examples
    --------
    >>> p = PricedAmount(amount="14044 GBP/person_year", price_year=2012)
    >>> float(p.amount.magnitude), p.price_year
    (14044.0, 2012)
    """

    amount: Any = attrs.field(converter=_money)
    """Money per unit (a pint Quantity in GBP/...)."""
    price_year: int = attrs.field(validator=year)
    """Financial year of the prices (2012 = 2012/13)."""

    @amount.validator
    def _check(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        _check_money(value, "amount", "money per unit (GBP/...)")


def _check_priced(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, PricedAmount):
        report(attribute.name, "must be a PricedAmount (amount and price year) or None", value)


@collecting
@attrs.frozen(kw_only=True)
class UnitCost:
    """One line of a unit cost database (such as the Unit Cost Database v1.4): up to three
    values — fiscal, economic and social — per the same unit, each in the prices of its own
    year.

    Examples
    --------
    >>> line = UnitCost(code="E&E1.0", description="JSA claimant entering work",
    ...                 fiscal=PricedAmount(amount="9800 GBP/person_year", price_year=2012),
    ...                 economic=PricedAmount(amount="14044 GBP/person_year", price_year=2012),
    ...                 transfer=9234 / 9800, unit_text="Per claimant per year",
    ...                 agency="Multiple", rag="G")
    >>> float(line.amount_of("economic").amount.magnitude), line.confidence
    (14044.0, 2)
    >>> line.value_types
    ('fiscal', 'economic')
    """

    code: str = attrs.field(validator=non_empty_text)
    """Code of the line (``"CR1.1"``)."""
    description: str = attrs.field(validator=non_empty_text)
    """What the cost is."""
    fiscal: PricedAmount | None = attrs.field(default=None, validator=_check_priced)
    """Fiscal value: cost or saving to the public sector, borne by :attr:`agency`."""
    economic: PricedAmount | None = attrs.field(default=None, validator=_check_priced)
    """Economic value: net increase in earnings or growth in the local economy."""
    social: PricedAmount | None = attrs.field(default=None, validator=_check_priced)
    """Social value: wider gains to society (health, safety, attainment …)."""
    transfer: float = attrs.field(default=0.0, converter=_share, validator=within(0, 1))
    """Share of the fiscal value that is a transfer payment (tax, social security
    benefits) to be left out of public value, as the database states it (UCD v1.4: the
    comment on the fiscal value cell)."""
    unit_text: str = ""
    """The unit as written in the source (``"Per incident"``)."""
    agency: str = ""
    """Agency bearing the cost or making the saving (level 1)."""
    agency_detail: str = ""
    """Agency, level 2 (``"Acute Trust / Hospital"``)."""
    rag: str | None = attrs.field(default=None, validator=optional(one_of(("R", "A", "G"))))
    """Red/amber/green confidence rating of the source; it applies to each of the line's
    values (the database rates a line once)."""
    source: str = ""
    """Short citation of the original source."""
    category: str = ""
    """Outcome category (``"CRIME"``)."""
    detail: str = ""
    """Outcome detail (``"DOMESTIC VIOLENCE"``)."""
    level: str = attrs.field(default="headline", validator=one_of(LINE_LEVELS))
    """Headline, subsidiary or constituent cost."""
    parent: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """For a constituent, the code of the cost it is part of (``E&E1.0.1`` → ``E&E1.0``)."""
    components: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    """Codes of the constituents this cost is derived from (``CR2.0`` → ``CR2.0.1`` …)."""

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        if not self.value_types:
            report("fiscal", "a line needs a fiscal, economic or social value", None)
        if self.transfer > 0 and self.fiscal is None:
            report("transfer", "a transfer share needs a fiscal value", self.transfer)

    @property
    def value_types(self) -> tuple[str, ...]:
        """The columns that hold a value, in the order fiscal, economic, social."""
        return tuple(kind for kind in VALUE_TYPES if getattr(self, kind) is not None)

    def amount_of(self, kind: str) -> PricedAmount:
        """The value in column ``kind`` (fiscal, economic or social).

        Raises
        ------
        placebudget.errors.ValidationError
            The line has no value in that column.
        """
        if kind not in VALUE_TYPES:
            msg = f"must be one of {', '.join(VALUE_TYPES)}"
            raise ValidationError.single(path="kind", message=msg, value=kind)
        priced: PricedAmount | None = getattr(self, kind)
        if priced is None:
            held = ", ".join(self.value_types) or "none"
            msg = f"has no {kind} value (the line holds: {held})"
            raise ValidationError.single(path=f"code {self.code!r}", message=msg, value=self.code)
        return priced

    @property
    def value(self) -> Any:
        """The line's first value (fiscal, else economic, else social) as a Quantity."""
        return self.amount_of(self.value_type).amount

    @property
    def price_year(self) -> int:
        """Price year of :attr:`value`."""
        return self.amount_of(self.value_type).price_year

    @property
    def value_type(self) -> str:
        """The kind of :attr:`value`: the first column holding one."""
        return self.value_types[0] if self.value_types else "fiscal"

    @property
    def confidence(self) -> int | None:
        """A confidence grade implied by the RAG rating (G → 2, A → 4, R → 5).

        The Unit Cost Database rates sources red/amber/green; the mapping to the six
        grades of the cost–benefit guidance is a placebudget default, documented in the
        method notes, not a published figure.
        """
        return {"G": 2, "A": 4, "R": 5}.get(self.rag) if self.rag else None
