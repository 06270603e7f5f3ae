"""Whole pennies: contributions ``(…, partner, year)`` rounded so that

- every year's contributions add up to that year's total cost rounded to the penny;
- each partner's total over the years is its exact share of the whole (the sum of those
  yearly totals) rounded once, by largest remainder (ties to the partner first by id) —
  the rounding is carried across the years, never rounded again year by year;
- each contribution is its exact amount rounded down or up (a partner paying nothing in
  a year pays nothing, a whole number of pennies stays as it is).

How: each contribution starts at its exact amount rounded down; a year's pennies left
over (its rounded total less those) go, one each, to the partners whose contribution
that year has a fraction of a penny and who are furthest from their total — the pennies
each still needs, first those who will have no other year to take them in, then the
largest fraction, then the partner first by id (fractions within :data:`TIE` of a penny
of each other are a tie, so that amounts equal but for rounding noise round alike).
Where that leaves a partner short (a partner can take a penny only in a year its
contribution has a fraction, so choosing by
year can paint itself into a corner), a penny is moved along a chain of years and
partners from one that took too many to one that took too few — the augmenting paths of
a bipartite matching — which always succeeds when some rounding has those totals. A
partner's total is otherwise left as near it as those rules allow.

The largest-remainder total can be more than half a penny from the exact share (three
partners with a third of a penny each: one of them pays it), never a whole penny.

Examples
--------
Running costs of £630,000 a year for three years shared 14 : 6 : 5 : 2 (pennies,
partner × year): each year adds up to £630,000 and each partner's total is its share of
£1,890,000 exactly (a year-by-year rounding gives £980,000.01, £420,000.00,
£349,999.98 and £140,000.01).

>>> import numpy as np
>>> fte = np.array([14, 6, 5, 2])
>>> exact = np.repeat((63_000_000 * fte / 27)[:, None], 3, axis=1)
>>> pennies = _carried(exact, np.arange(4))
>>> pennies / 100
array([[326666.67, 326666.67, 326666.66],
       [140000.  , 140000.  , 140000.  ],
       [116666.67, 116666.66, 116666.67],
       [ 46666.66,  46666.67,  46666.67]])
>>> pennies.sum(axis=-1) / 100, pennies.sum(axis=0) / 100
(array([980000., 420000., 350000., 140000.]), array([630000., 630000., 630000.]))
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from placebudget.engine import dims as D

__all__ = ["to_pennies"]

Array = np.ndarray[Any, Any]


#: Fractions of a penny closer than this are a tie (broken by the partners' ids): the
#: same amounts reached by sums in another order round the same way.
TIE = 1e-5


def _quantised(fraction: Array) -> Array:
    """Fractions of a penny to the nearest :data:`TIE`, for ordering."""
    out: Array = np.round(fraction / TIE) * TIE
    return out


def _largest_remainder(exact: Array, ranks: Array, total: Array | None = None) -> Array:
    """Whole numbers along the last axis adding up to ``total`` (by default the rounded
    sum of ``exact``); the units over the rounded-down values go to the largest
    fractional parts, ties by ``ranks`` (and, should ``total`` be below the rounded-down
    sum, one fewer to the smallest)."""
    if total is None:
        total = np.round(exact.sum(axis=-1))
    floor = np.floor(exact)
    left = (total - floor.sum(axis=-1)).astype(np.int64)
    fraction = _quantised(exact - floor)
    # order partners by descending fraction, ties broken by partner id rank
    order = np.lexsort((np.broadcast_to(ranks, exact.shape), -fraction), axis=-1)
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(exact.shape[-1]), axis=-1)
    n = exact.shape[-1]
    more = (position < left[..., None]).astype(float)
    fewer = (position >= n + left[..., None]).astype(float)
    result: Array = floor + more - fewer
    return result


def _sum(values: Array, axis: int) -> Array:
    """The sum along ``axis`` of the values in ascending order: the same, to the last
    bit, whatever order the partners come in (a sum at half a penny is rounded the same
    way for every order)."""
    total: Array = np.sort(values, axis=axis).sum(axis=axis)
    return total


def _targets(exact: Array, ranks: Array, year_totals: Array) -> Array:
    """Each partner's total (pennies, ``(n, partner)``): its exact share of the sum of
    the rounded yearly totals, by largest remainder."""
    whole = year_totals.sum(axis=-1)  # (n,)
    partner = exact.sum(axis=-1)  # (n, partner)
    summed = _sum(partner, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(summed != 0, whole / np.where(summed != 0, summed, 1.0), 1.0)
    # the exact totals already add up to the whole when every year's total is in whole
    # pennies: no scaling (which could only add rounding noise)
    share = np.where((whole == summed)[:, None], partner, partner * scale[:, None])
    return _largest_remainder(share, ranks, whole)


def _greedy(floor: Array, fraction: Array, extra: Array, need: Array, ranks: Array) -> Array:
    """The pennies over the rounded-down contributions, 0 or 1 each ``(n, partner,
    year)``: year by year, that year's ``extra`` to the partners with a fraction that
    year who need them most (see the module's docstring)."""
    n, partners, years = floor.shape
    eligible = fraction > 0
    given = np.zeros(floor.shape, dtype=np.int64)
    need = need.copy()
    # the years after each year in which a partner could still take a penny
    later = np.concatenate(
        [
            np.cumsum(eligible[..., ::-1], axis=-1)[..., ::-1][..., 1:],
            np.zeros((n, partners, 1), dtype=np.int64),
        ],
        axis=-1,
    )
    rank = np.broadcast_to(ranks, (n, partners))
    slots = np.arange(partners)
    last = -(1 << 40)  # sorts a partner with no fraction that year after every other
    for y in range(years):
        if not extra[:, y].any():
            continue
        can = eligible[..., y]
        urgency = np.where(can, need - later[..., y], last)
        wanted = np.where(can, need, last)
        order = np.lexsort((rank, -_quantised(fraction[..., y]), -wanted, -urgency), axis=-1)
        chosen = np.zeros((n, partners), dtype=bool)
        first = slots[None, :] < extra[:, y, None]
        np.put_along_axis(chosen, order, first, axis=-1)
        given[..., y] = chosen
        need -= chosen
    return given


def _repair(given: Array, eligible: Array, need: Array, ranks: Array) -> None:
    """Move pennies, in place, along chains (partner → year → partner) from partners
    with ``need`` below 0 to those above 0, while such a chain exists (one index of the
    leading axis: ``(partner, year)``)."""
    partners, years = given.shape
    by_rank = sorted(range(partners), key=lambda p: int(ranks[p]))
    while True:
        short = [p for p in by_rank if need[p] > 0]
        if not short or not any(need[p] < 0 for p in by_rank):
            return
        moved = False
        for start in short:
            # breadth first from a partner short of a penny: it takes one in a year it
            # can, from a partner who has one that year, who may then take one elsewhere
            parent: dict[int, tuple[int, int] | None] = {start: None}
            queue = [start]
            found = None
            while queue and found is None:
                taker = queue.pop(0)
                for y in range(years):
                    if not eligible[taker, y] or given[taker, y]:
                        continue
                    for giver in by_rank:
                        if giver in parent or not given[giver, y]:
                            continue
                        parent[giver] = (taker, y)
                        if need[giver] < 0:
                            found = giver
                            break
                        queue.append(giver)
                    if found is not None:
                        break
            if found is None:
                continue
            need[found] += 1
            need[start] -= 1
            node = found
            while parent[node] is not None:
                taker, y = parent[node]  # type: ignore[misc]
                given[node, y] -= 1
                given[taker, y] += 1
                node = taker
            moved = True
            break
        if not moved:
            return


def _carried(exact: Array, ranks: Array) -> Array:
    """Pennies ``(…, partner, year)`` of the exact amounts ``exact`` (pennies), rounded
    as the module's docstring says; a leading index with any amount not a number is
    left as it is."""
    shape = exact.shape
    flat = exact.reshape(-1, shape[-2], shape[-1]) if exact.ndim > 2 else exact[None]
    out = np.full(flat.shape, np.nan)
    ok = np.isfinite(flat).all(axis=(-2, -1))
    if ok.any():
        values = flat[ok]
        floor = np.floor(values)
        fraction = values - floor
        year_totals = np.round(_sum(values, -2))  # (n, year)
        counts = (fraction > 0).sum(axis=-2)
        extra = np.clip(year_totals - floor.sum(axis=-2), 0, counts).astype(np.int64)
        year_totals = floor.sum(axis=-2) + extra
        need = (_targets(values, ranks, year_totals) - floor.sum(axis=-1)).astype(np.int64)
        given = _greedy(floor, fraction, extra, need, ranks)
        left = need - given.sum(axis=-1)
        for k in np.flatnonzero((left != 0).any(axis=-1)):
            _repair(given[k], fraction[k] > 0, left[k], ranks)
        out[ok] = floor + given
    return out.reshape(shape)


def to_pennies(exact: xr.DataArray) -> xr.DataArray:
    """Contributions ``(…, partner, year)`` rounded to pennies: each year's sum exact,
    each partner's total its share of the whole rounded once (see the module)."""
    partners = [str(p) for p in exact[D.PARTNER].to_numpy()]
    ranks = np.argsort(np.argsort(np.array(partners, dtype=object)))
    pennies: xr.DataArray = xr.apply_ufunc(
        _carried,
        exact * 100,
        input_core_dims=[[D.PARTNER, D.YEAR]],
        output_core_dims=[[D.PARTNER, D.YEAR]],
        kwargs={"ranks": ranks},
        dask="parallelized",
        output_dtypes=[float],
    )
    return pennies.transpose(*exact.dims) / 100
