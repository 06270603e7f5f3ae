"""Every composite figure from present values: the one function that derives net budget
impact, returns, public value and the rest from the catalogue's formulas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from placebudget.errors import UnknownReferenceError
from placebudget.figures._catalogue import FIGURES, Figure

__all__ = ["COMPOSITES", "figure", "headline", "leaves"]

#: The composite figures in the order they are derived (each after what it reads).
COMPOSITES: tuple[Figure, ...] = tuple(f for f in FIGURES.values() if f.formula is not None)


def headline(pv: Mapping[str, Any], *, only: Iterable[str] | None = None) -> dict[str, Any]:
    """``pv`` with every composite figure whose parts it holds (or those of ``only``)
    derived from them by its formula: ``npbi = pv_fiscal − pv_cost``, ``bcr = pv_public
    ÷ pv_cost`` (undefined, NaN, where the cost is not above zero) and the rest of the
    catalogue's composites, over any leading axes (draws, places, rows of a table).

    The present values are numpy arrays or scalars (a partner's figures with the partner
    axis last); a composite given in ``pv`` is derived again from its parts.

    Examples
    --------
    >>> import numpy as np
    >>> found = headline({"pv_cost": np.array([100.0, 0.0]),
    ...                   "pv_fiscal": np.array([150.0, 20.0])})
    >>> found["npbi"].tolist(), found["fiscal_roi"].tolist()
    ([50.0, 20.0], [1.5, nan])
    >>> "bcr" in found  # no public value without the economic and social benefits
    False
    """
    needed: set[str] | None = None
    if only is not None:  # those asked for, and the composites they read
        needed, stack = set(), list(only)
        while stack:
            name = stack.pop()
            if name not in needed:
                needed.add(name)
                formula = figure(name).formula
                stack += list(formula.names) if formula is not None else []
    values = dict(pv)
    for composite in COMPOSITES:
        assert composite.formula is not None
        if needed is not None and composite.name not in needed:
            continue
        if all(name in values for name in composite.formula.names):
            values[composite.name] = composite.formula.evaluate(values)
    return values


def leaves(name: str) -> list[str]:
    """The figures the engine computes that a figure is built from, each once, in the
    order its formula reads them (``npbi`` → ``pv_fiscal``, ``pv_cost``).

    Examples
    --------
    >>> leaves("nppv")
    ['pv_fiscal', 'pv_transfers', 'pv_economic', 'pv_social', 'pv_cost']
    """
    formula = figure(name).formula
    if formula is None:
        return [name]
    found: list[str] = []
    for part in formula.names:
        found += [leaf for leaf in leaves(part) if leaf not in found]
    return found


def figure(name: str, *, among: Iterable[str] | None = None, what: str = "figure") -> Figure:
    """The figure called ``name`` (one of ``among`` when given).

    Raises
    ------
    placebudget.errors.UnknownReferenceError
        A name the catalogue (or ``among``) does not hold; the message names the known
        figures and the closest matches.

    Examples
    --------
    >>> figure("npbi").title
    'Net present budget impact'
    >>> figure("nbpi")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    placebudget.errors.UnknownReferenceError: figure: did you mean 'npbi'? must be ...
    """
    import difflib

    known = list(FIGURES) if among is None else list(among)
    if name in known and name in FIGURES:
        return FIGURES[name]
    near = difflib.get_close_matches(str(name), known, n=3)
    hint = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
    msg = f"{hint}must be one of {', '.join(known)}"
    raise UnknownReferenceError.single(path=what, message=msg, value=name)
