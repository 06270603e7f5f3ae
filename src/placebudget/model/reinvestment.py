"""Reinvesting cashable savings into more of the new delivery model (stage 10 of the
place-based budgeting approach: "reinvest some of the cashable savings into scaling up")."""

from __future__ import annotations

from typing import Any

import attrs

from placebudget.errors import ValidationError
from placebudget.model.validation import (
    COUNT_OR_QUANTITY,
    check_non_negative,
    collecting,
    identifier,
    optional,
    report,
    to_tuple,
    with_schema,
    within,
)
from placebudget.units import to_quantity, ureg

__all__ = ["Reinvestment"]


def _optional_money(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str) or hasattr(value, "units"):
        try:
            quantity = to_quantity(value, "GBP", field="cap")
        except ValidationError:
            return value  # reported by the validator
        if not quantity.is_compatible_with(ureg.GBP):
            return str(quantity)
        return float(quantity.to("GBP").magnitude)
    return value


def _check_cap(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, str):
        report("cap", "must be an amount of money per year (GBP), such as '250000 GBP'", value)
        return
    check_non_negative("cap", value)


with_schema(_check_cap, COUNT_OR_QUANTITY)


@collecting
@attrs.frozen(kw_only=True)
class Reinvestment:
    """A share of each year's cashable savings spent on extra intake the next year.

    The cashable savings of year *t* (of every partner, or of the partners named) times
    ``share``, at most ``cap``, buy extra engaged participants of the intervention
    ``into`` in year *t + 1* at its cost per participant (its per-participant cost lines,
    after optimism bias). Their outcomes add savings in turn; the projection solves the
    feedback year by year, and the reinvested money is counted as cost of the partners
    whose per-participant lines pay for them.

    Examples
    --------
    >>> Reinvestment(share=0.5, cap=250_000).cap
    250000.0
    >>> Reinvestment(share=0.5, cap="0.25 GBPm").cap
    250000.0
    """

    share: float = attrs.field(validator=within(0, 1))
    """Share of the year's cashable savings reinvested (0 to 1)."""
    into: str | None = attrs.field(default=None, validator=optional(identifier))
    """Id of the intervention scaled up; may be left out when the case has only one."""
    cap: Any = attrs.field(default=None, converter=_optional_money, validator=_check_cap)
    """Most reinvested in any one year, in GBP at the case's price base; no cap if
    left out."""
    partners: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    """Partners whose cashable savings are reinvested; every partner's if left out."""
    description: str = ""
    """What the partnership agreed."""

    @partners.validator
    def _check_partners(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for index, partner in enumerate(value):
            if not isinstance(partner, str) or not partner:
                report(f"partners[{index}]", "must be a partner id", partner)
