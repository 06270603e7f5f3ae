"""A composite figure's formula over other figures: a signed sum of figures, or such a sum
over a figure (a ratio, undefined where the denominator is not above zero).

Formulas are declared as text in the catalogue (``"pv_fiscal - pv_cost"``,
``"pv_public / pv_cost"``, ``"(pv_cost - pv_public) / annuity_factor"``) and parsed once,
strictly, into a :class:`Formula`: never evaluated as Python.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Formula", "parse_formula", "ratio"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_TERM = re.compile(r"\s*([+-])\s*([a-z][a-z0-9_]*)")


def ratio(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator`` where the denominator is above zero, else NaN (a ratio
    to no cost is undefined, never infinite), over any broadcast shape.

    Examples
    --------
    >>> import numpy as np
    >>> ratio(np.array([3.0, 1.0]), np.array([2.0, 0.0])).tolist()
    [1.5, nan]
    """
    import numpy as np

    top, bottom = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast_shapes(top.shape, bottom.shape), np.nan)
    return np.divide(top, bottom, out=out, where=bottom > 0)


@attrs.frozen
class Formula:
    """``Σ sign · term`` (terms in order), over ``denominator`` when it has one."""

    terms: tuple[tuple[int, str], ...]
    """(+1 or −1, figure name) pairs, added left to right."""
    denominator: str | None = None
    """The figure the sum is divided by (a ratio), if any."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every figure the formula reads, in order."""
        found = tuple(name for _, name in self.terms)
        return (*found, self.denominator) if self.denominator else found

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The formula over ``values`` (arrays by figure name, any broadcast shape): the
        terms added left to right — ``a - b + c`` as ``(a − b) + c`` — then divided by
        the denominator where it is above zero (NaN elsewhere)."""
        (sign, first), *rest = self.terms
        total = values[first] if sign > 0 else -values[first]
        for sign, name in rest:
            total = total + values[name] if sign > 0 else total - values[name]
        if self.denominator is None:
            return total
        return ratio(total, values[self.denominator])

    def text(self, words: Mapping[str, str] | None = None) -> str:
        """The formula in words (each figure by ``words``, else its name), with ``−``
        and ``÷``.

        Examples
        --------
        >>> parse_formula("(pv_cost - pv_public) / annuity_factor").text()
        '(pv_cost − pv_public) ÷ annuity_factor'
        """
        named = words or {}
        (sign, first), *rest = self.terms
        text = ("−" if sign < 0 else "") + named.get(first, first)
        text += "".join(f" {'+' if s > 0 else '−'} {named.get(n, n)}" for s, n in rest)
        if self.denominator is None:
            return text
        if rest:
            text = f"({text})"
        return f"{text} ÷ {named.get(self.denominator, self.denominator)}"


def parse_formula(text: str) -> Formula:
    """A :class:`Formula` from its text: ``a``, ``a ± b ± …``, ``a / d`` or ``(a ± b …)
    / d``, names of lower-case letters, digits and underscores.

    Raises
    ------
    ValueError
        Text of any other shape.

    Examples
    --------
    >>> parse_formula("pv_fiscal - pv_transfers + pv_economic").terms
    ((1, 'pv_fiscal'), (-1, 'pv_transfers'), (1, 'pv_economic'))
    >>> parse_formula("pv_public / pv_cost").denominator
    'pv_cost'
    """
    body, denominator = text.strip(), None
    if "/" in body:
        body, _, under = body.rpartition("/")
        denominator, body = under.strip(), body.strip()
        if not _NAME.fullmatch(denominator):
            msg = f"a formula's denominator must be one figure, got {text!r}"
            raise ValueError(msg)
        if body.startswith("(") and body.endswith(")"):
            body = body[1:-1]
    if not body.startswith(("+", "-")):
        body = "+" + body
    terms: list[tuple[int, str]] = []
    at = 0
    while at < len(body):
        found = _TERM.match(body, at)
        if found is None:
            msg = f"a formula must be figures added or taken away, got {text!r}"
            raise ValueError(msg)
        terms.append((1 if found.group(1) == "+" else -1, found.group(2)))
        at = found.end()
    if not terms:
        msg = f"a formula needs at least one figure, got {text!r}"
        raise ValueError(msg)
    return Formula(tuple(terms), denominator)
