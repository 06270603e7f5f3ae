"""Gain share under :class:`~placebudget.model.InvestorRecoups`: the other partners'
cashable savings repay the investor first, then are split (see "Investor recoups" in
``docs/method.md``)."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from placebudget.engine import dims as D
from placebudget.model.agreements import InvestorRecoups

__all__ = ["gain_share"]


def gain_share(rule: InvestorRecoups, funded: xr.DataArray, cashable: xr.DataArray) -> xr.DataArray:
    """Transfers ``(…, partner, year)`` under an investor-recoups gain share: received
    positive, paid negative."""
    cash = cashable.transpose(..., D.PARTNER, D.YEAR)
    partners = [str(p) for p in cash[D.PARTNER].to_numpy()]
    investor = partners.index(rule.investor)
    savers = np.array([p != rule.investor for p in partners])
    pool = np.where(savers[:, None], np.clip(cash.to_numpy(), 0, None), 0.0)
    target = (1 + rule.return_rate) * np.cumsum(funded.transpose(..., D.YEAR).to_numpy(), axis=-1)
    cap = math.inf if rule.cap is None else rule.cap
    transfer = np.zeros_like(pool)
    received = np.zeros(pool.shape[:-2])
    for t in range(pool.shape[-1]):
        available = pool[..., t].sum(axis=-1)
        owed = np.clip(np.minimum(target[..., t], cap) - received, 0, None)
        repay = np.minimum(available, owed)
        share = np.minimum(
            rule.investor_share * (available - repay), np.clip(cap - received - repay, 0, None)
        )
        got = repay + share
        with np.errstate(invalid="ignore", divide="ignore"):
            part = np.where(available[..., None] > 0, pool[..., t] / available[..., None], 0)
        transfer[..., t] = -got[..., None] * part
        transfer[..., investor, t] = got
        received = received + got
    return xr.DataArray(transfer, coords=cash.coords, dims=cash.dims)
