"""The appraisal's arithmetic (``docs/method.md``) in numpy: present values, payback
years and every metric of the catalogue (:data:`METRIC_DIMS`), from projection figures
whose trailing axes are their core dimensions
(:data:`~placebudget.engine._core.OUTPUT_DIMS`) and whose leading axes (draws, places,
options) broadcast. The labelled engine (:func:`placebudget.engine.appraise`) applies
:func:`appraise_arrays` to Datasets; a single case is appraised by it directly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.figures import FIGURES, headline

__all__ = [
    "APPRAISED",
    "METRIC_DIMS",
    "MONEY_METRICS",
    "PAYBACK_METRICS",
    "PAYBACK_RTOL",
    "annuity_factor",
    "appraise_arrays",
    "health_present_value",
    "payback_margins",
    "payback_years",
    "present_value",
]

Array = np.ndarray[Any, Any]

#: The projection figures :func:`appraise_arrays` reads.
APPRAISED: tuple[str, ...] = (
    D.COST,
    D.FISCAL,
    D.CASHABLE,
    D.TRANSFER_PAYMENT,
    D.DISBENEFIT,
    D.ECONOMIC,
    D.SOCIAL,
    D.BASELINE_COST,
    D.REINVESTED,
    D.RISK_COST,
    D.WEIGHTED_BENEFIT,
    D.DISCOUNT_FACTOR,
    D.HEALTH_SOCIAL,
    D.HEALTH_WEIGHTED_BENEFIT,
    D.HEALTH_DISCOUNT_FACTOR,
)

#: The core dimensions of each metric :func:`appraise_arrays` gives, in its order: the
#: catalogue's metrics (:mod:`placebudget.figures`).
METRIC_DIMS: dict[str, tuple[str, ...]] = {
    name: found.dims for name, found in FIGURES.of("metric").items()
}

#: The payback metrics (left out when not asked for): the payback years, and the margins
#: and periods of the whole case's.
PAYBACK_METRICS = tuple(
    name
    for name, found in FIGURES.of("metric").items()
    if found.kind == "year" or "payback" in name
)

#: Relative tolerance when comparing cumulative benefit with cumulative cost (the live
#: Excel model's payback formulas write the same).
PAYBACK_RTOL = 1e-9


def present_value(flow: Array, discount: Array, *, partner: bool = False) -> Array:
    """``Σ_year discount · flow`` (year the last axis; ``partner``: the flow has a
    partner axis before it, which the discount factors have not).

    Examples
    --------
    >>> present_value(np.array([[100., 100.], [0., 50.]]), np.array([1., 0.5]),
    ...               partner=True).tolist()
    [150.0, 25.0]
    """
    if discount.ndim == 1:
        return np.asarray(flow @ discount)
    return np.asarray((flow * (discount[..., None, :] if partner else discount)).sum(axis=-1))


def health_present_value(health: Array, discount: Array, health_discount: Array) -> Array:
    """What discounting the health part of a flow ``(…, year)`` with the health discount
    factors instead of the case's adds to its present value: ``Σ_year (health DF − DF) ·
    health``; 0 when the two schedules are the same (health discounting off, or no
    health values).

    Examples
    --------
    >>> round(float(health_present_value(np.array([0., 100.]), np.array([1., 0.966184]),
    ...                                  np.array([1., 0.985222]))), 4)
    1.9038
    """
    return present_value(health, health_discount - discount)


def payback_years(benefit: Array, cost: Array, years: Array) -> Array:
    """The first of ``years`` in which cumulative ``benefit`` reaches cumulative ``cost``
    (year the last axis); only years with some cumulative cost count, so a partner who
    spends nothing has no payback year. NaN where payback is not reached.

    Examples
    --------
    >>> payback_years(np.array([0., 60., 60.]), np.array([100., 0., 0.]),
    ...               np.array([2012, 2013, 2014])).tolist()
    2014.0
    """
    cum_benefit = np.cumsum(benefit, axis=-1)
    cum_cost = np.cumsum(cost, axis=-1)
    reached = (cum_benefit >= cum_cost * (1 - PAYBACK_RTOL)) & (cum_cost > 0)
    first = np.asarray(years, dtype=float)[reached.argmax(axis=-1)]
    return np.where(reached.any(axis=-1), first, np.nan)


def annuity_factor(discount: Array, annuity: str = "due") -> Array:
    """The sum of the discount factors that EAC and EANC divide by (year the last axis):
    every year's for an annuity ``"due"`` (year 0, undiscounted, included), every year's
    but year 0's for an annuity ``"immediate"`` (equal amounts in arrears, years 1 to
    n − 1).

    Examples
    --------
    >>> df = np.array([1.0, 1 / 1.035, 1 / 1.035**2])
    >>> round(float(annuity_factor(df)), 6), round(float(annuity_factor(df, "immediate")), 6)
    (2.899694, 1.899694)
    """
    if annuity == "immediate":
        return np.asarray(discount[..., 1:].sum(axis=-1))
    if annuity != "due":
        msg = f"annuity: must be 'due' or 'immediate', got {annuity!r}"
        raise ValueError(msg)
    return np.asarray(discount.sum(axis=-1))


def payback_margins(benefit: Array, cost: Array) -> tuple[Array, Array, Array]:
    """How payback is reached (year the last axis): the cumulative surplus of benefit
    over cost at the end of the payback year (:func:`payback_years`), the cumulative
    shortfall at the end of the year before (0 when payback comes in the first year, or
    when benefits ran ahead before any cost was spent) and the payback period in years
    from the start of the first year, each year's net flow taken as spread evenly through
    it: ``k + shortfall ÷ (net flow of year k)`` for payback in year ``k`` (0 = the first),
    between ``k`` and ``k + 1``. NaN where payback is not reached.

    Examples
    --------
    >>> surplus, shortfall, period = payback_margins(
    ...     np.array([0.0, 60.0, 60.0]), np.array([100.0, 0.0, 0.0]))
    >>> float(surplus), float(shortfall), round(float(period), 4)
    (20.0, 40.0, 2.6667)
    """
    cum_benefit = np.cumsum(benefit, axis=-1)
    cum_cost = np.cumsum(cost, axis=-1)
    reached = (cum_benefit >= cum_cost * (1 - PAYBACK_RTOL)) & (cum_cost > 0)
    net = cum_benefit - cum_cost
    # the cumulative net at the end of each year before it (0 before the first)
    before = np.concatenate([np.zeros_like(net[..., :1]), net[..., :-1]], axis=-1)
    k = reached.argmax(axis=-1)[..., None]
    at = np.take_along_axis(net, k, axis=-1)[..., 0]
    prior = np.take_along_axis(before, k, axis=-1)[..., 0]
    shortfall = np.maximum(-prior, 0.0)
    flow = at - prior
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(
            shortfall > 0, np.minimum(1.0, shortfall / np.where(flow > 0, flow, 1.0)), 0.0
        )
    found = reached.any(axis=-1)
    period = k[..., 0] + fraction
    return (
        np.where(found, np.maximum(at, 0.0), np.nan),
        np.where(found, shortfall, np.nan),
        np.where(found, period, np.nan),
    )


def appraise_arrays(
    p: Mapping[str, Array], years: Array, *, paybacks: bool = True, annuity: str = "due"
) -> dict[str, Array]:
    """The appraisal metrics (:data:`METRIC_DIMS`) of projection figures ``p`` (those of
    :data:`APPRAISED`, core dimensions trailing as in
    :data:`~placebudget.engine._core.OUTPUT_DIMS`) over ``years`` (the financial years of
    the year axis); the payback metrics only when ``paybacks``; EAC and EANC with the
    ``annuity`` convention (:func:`annuity_factor`). The present values are
    computed here — sums over outcomes, then partners, then years — and every composite
    figure from them by :func:`placebudget.figures.headline`."""
    df = p[D.DISCOUNT_FACTOR]
    hdf = p[D.HEALTH_DISCOUNT_FACTOR]
    cost_p = p[D.COST]
    fiscal_p = p[D.FISCAL].sum(axis=-1)
    cashable_p = p[D.CASHABLE].sum(axis=-1)
    baseline_p = p[D.BASELINE_COST].sum(axis=-1)
    risk_p = p[D.RISK_COST]
    disbenefit_p = p[D.DISBENEFIT].sum(axis=-1)
    cost = cost_p.sum(axis=-2)
    fiscal = fiscal_p.sum(axis=-2)
    pv: dict[str, Array] = {
        "pv_cost": present_value(cost, df),
        "pv_fiscal": present_value(fiscal, df),
        "pv_cashable": present_value(cashable_p.sum(axis=-2), df),
        "pv_economic": present_value(p[D.ECONOMIC].sum(axis=-1), df),
        "pv_social": present_value(p[D.SOCIAL].sum(axis=-1), df)
        + health_present_value(p[D.HEALTH_SOCIAL].sum(axis=-1), df, hdf),
        # summed as the fiscal benefit is (outcomes, then partners): a transfer share of
        # 1 gives the fiscal benefit to the last digit
        "pv_transfers": present_value(p[D.TRANSFER_PAYMENT].sum(axis=-1).sum(axis=-2), df),
        "pv_baseline_cost": present_value(baseline_p.sum(axis=-2), df),
        "pv_disbenefit": present_value(disbenefit_p.sum(axis=-2), df),
        "partner_pv_disbenefit": present_value(disbenefit_p, df, partner=True),
        "pv_reinvested": present_value(p[D.REINVESTED], df),
        "partner_pv_cost": present_value(cost_p, df, partner=True),
        "partner_pv_fiscal": present_value(fiscal_p, df, partner=True),
        "partner_pv_cashable": present_value(cashable_p, df, partner=True),
        "partner_pv_baseline_cost": present_value(baseline_p, df, partner=True),
        "pv_risk": present_value(risk_p.sum(axis=-2), df),
        "pv_weighted_benefit": present_value(p[D.WEIGHTED_BENEFIT].sum(axis=-1), df)
        + health_present_value(p[D.HEALTH_WEIGHTED_BENEFIT].sum(axis=-1), df, hdf),
        "partner_pv_risk": present_value(risk_p, df, partner=True),
        "annuity_factor": annuity_factor(df, annuity),
    }
    if paybacks:
        # the total's and each partner's, undiscounted and discounted, found together
        partner_df = df[..., None, :]
        benefits = np.concatenate([fiscal[..., None, :], fiscal_p], axis=-2)
        costs = np.concatenate([cost[..., None, :], cost_p], axis=-2)
        found = payback_years(
            np.stack([benefits, benefits * partner_df]),
            np.stack([costs, costs * partner_df]),
            years,
        )
        pv["payback_year"] = found[0, ..., 0]
        pv["discounted_payback_year"] = found[1, ..., 0]
        pv["partner_payback_year"] = found[0, ..., 1:]
        pv["partner_discounted_payback_year"] = found[1, ..., 1:]
        for tag, weight in (("payback", 1.0), ("discounted_payback", df)):
            surplus, shortfall, period = payback_margins(fiscal * weight, cost * weight)
            pv[f"{tag}_surplus"] = surplus
            pv[f"{tag}_shortfall"] = shortfall
            pv[f"{tag}_period"] = period
    derived = headline(pv)
    return {name: derived[name] for name in METRIC_DIMS if name in derived}


#: Metrics in GBP at the price base.
MONEY_METRICS = frozenset(name for name in METRIC_DIMS if FIGURES[name].money)
