"""Numbers as text, by the kind of figure they are (:data:`~placebudget.figures.KINDS`):
the one place every report, the terminal and ``explain`` format a figure."""

from __future__ import annotations

import math
from typing import Any

from placebudget.figures._catalogue import FIGURES, Kind
from placebudget.model.validation import financial_year_label

__all__ = [
    "MISSING",
    "format_figure",
    "format_money",
    "format_ratio",
    "format_share",
    "format_value",
    "kind_of",
]

#: How a missing value (``None``, NaN, ``<NA>``) is shown in a table.
MISSING = "–"


def _number(value: Any) -> float | None:
    """``value`` as a float, ``None`` when it is missing (None, NA, NaN)."""
    if value is None or isinstance(value, str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def format_money(value: float, *, pence: bool = False) -> str:
    """``1234567.8`` → ``'£1,234,568'``; negatives as ``'-£1,234'``; NaN as ``'n/a'``;
    with ``pence``, to the penny.

    Examples
    --------
    >>> format_money(-1234.5), format_money(float("nan")), format_money(2.5, pence=True)
    ('-£1,234', 'n/a', '£2.50')
    """
    if math.isnan(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    amount = f"{abs(value):,.2f}" if pence else f"{abs(value):,.0f}"
    if not pence and amount == "0":
        sign = ""  # no "-£0" for a rounding of a small negative
    return f"{sign}£{amount}"


def format_ratio(value: float) -> str:
    """A ratio to two decimals, ``'n/a'`` when undefined."""
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def format_share(value: float) -> str:
    """A share as a percentage to one decimal, ``'n/a'`` when undefined.

    Examples
    --------
    >>> format_share(0.1058), format_share(float("nan"))
    ('10.6%', 'n/a')
    """
    return "n/a" if math.isnan(value) else f"{value:.1%}"


def format_value(value: Any, kind: Kind | str | None) -> str:
    """``value`` as text, as figures of ``kind`` are shown (``None`` or ``"text"``: as it
    is); a missing number as ``–``, except an undefined money figure, ratio or share,
    ``n/a``.

    Examples
    --------
    >>> format_value(1234.5, "money"), format_value(0.1058, "share")
    ('£1,234', '10.6%')
    >>> format_value(2016, "year"), format_value(None, "year"), format_value(True, "flag")
    ('2016/17', '–', 'yes')
    >>> format_value(3.0, "whole"), format_value(0.12345, "input"), format_value(7, None)
    ('3', '0.123', '7')
    >>> format_value(12.0, None), format_value(1234567.0, None)  # a number of no kind
    ('12', '1,234,567')
    """
    if isinstance(value, bool) or kind == "flag":
        return MISSING if value is None else ("yes" if value else "no")
    if (
        kind == "text"
        or isinstance(value, str)
        or (kind is None and not isinstance(value, int | float))
    ):
        return MISSING if value is None else str(value)
    number = _number(value)
    if number is None:
        return "n/a" if kind in ("money", "ratio", "share") and value is not None else MISSING
    if kind == "money":
        return format_money(number)
    if kind == "money_per_unit":
        return format_money(number, pence=True)
    if kind == "share":
        return format_share(number)
    if kind == "ratio":
        return format_ratio(number)
    if kind == "year":
        return financial_year_label(int(number))
    if kind == "factor":
        return f"{number:.4f}"
    if kind == "whole":
        return f"{number:,.0f}"
    if kind == "input":
        return f"{number:.3g}"
    if kind == "count":
        tenth = f"{number:,.1f}"  # 244.99999999999997 people is 245
        return tenth.removesuffix(".0") if tenth.endswith(".0") else tenth
    return f"{number:,.4g}" if abs(number) < 10_000 else f"{number:,.0f}"


def kind_of(name: str) -> Kind | None:
    """The kind of the figure ``name``; ``None`` for a name the catalogue does not
    declare (shown as text, never guessed)."""
    found = FIGURES.get(name)
    return None if found is None else found.kind


def format_figure(value: Any, name: str) -> str:
    """``value`` of the figure ``name`` as text (see :func:`~placebudget.figures.format_value`).

    Examples
    --------
    >>> format_figure(2013, "payback_year"), format_figure(float("nan"), "payback_year")
    ('2013/14', 'not within the horizon')
    """
    kind = kind_of(name)
    found = FIGURES.get(name)
    if _number(value) is None and (kind == "year" or (found is not None and found.unit == "years")):
        return "not within the horizon"
    return format_value(value, kind)
