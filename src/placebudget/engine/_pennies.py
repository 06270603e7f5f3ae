"""Whole pennies: contributions rounded so that each year's add up to its total cost
rounded to the penny (largest remainder, ties to the partner first by id)."""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from placebudget.engine import dims as D

__all__ = ["to_pennies"]


def _largest_remainder(exact: np.ndarray[Any, Any], ranks: np.ndarray[Any, Any]
                       ) -> np.ndarray[Any, Any]:
    """Whole pennies along the last axis adding up to the rounded total of ``exact``
    (pennies); remainders go to the largest fractional parts, ties by ``ranks``."""
    total = np.round(exact.sum(axis=-1))
    floor = np.floor(exact)
    left = (total - floor.sum(axis=-1)).astype(np.int64)
    fraction = exact - floor
    # order partners by descending fraction, ties broken by partner id rank
    order = np.lexsort((np.broadcast_to(ranks, exact.shape), -fraction), axis=-1)
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(exact.shape[-1]), axis=-1)
    n = exact.shape[-1]
    # left >= 0: one more penny to the `left` largest fractions; left < 0 (rounding
    # noise only): one fewer to the `-left` smallest
    more = (position < left[..., None]).astype(float)
    fewer = (position >= n + left[..., None]).astype(float)
    result: np.ndarray[Any, Any] = floor + more - fewer
    return result


def to_pennies(exact: xr.DataArray) -> xr.DataArray:
    """Contributions ``(…, partner, year)`` rounded to pennies, each year's sum exact."""
    partners = [str(p) for p in exact[D.PARTNER].to_numpy()]
    ranks = np.argsort(np.argsort(np.array(partners, dtype=object)))
    pennies: xr.DataArray = xr.apply_ufunc(
        _largest_remainder, exact * 100, input_core_dims=[[D.PARTNER]],
        output_core_dims=[[D.PARTNER]], kwargs={"ranks": ranks}, dask="parallelized",
        output_dtypes=[float],
    )
    return pennies.transpose(*exact.dims) / 100


