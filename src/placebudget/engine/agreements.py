"""Settling investment agreements against a projection (see "Investment agreements" in
``docs/method.md``).

:func:`settlement_flows` reduces a projection to what an agreement needs (cost by partner,
year and category; fiscal and cashable benefit by partner and year; discount factors).
:func:`settle_flows` assembles the settlement on that Dataset (share rules in
``_shares``, whole pennies in ``_pennies``, gain share in ``_gain_share``) and keeps any
extra leading dimensions (``draw``, ``place``). :func:`settle` works on a
:class:`~placebudget.engine.Projection` and returns a
:class:`~placebudget.engine.settlement.Settlement`; the comparison of several agreements
is a report table, :func:`placebudget.report.compare_agreements`.

The arithmetic
--------------
A sharing rule gives each partner *a* a share ``s[a]`` (summing to 1) of a pool of cost:

- fixed: the negotiated shares;
- headcount: ``fte[a] / Σ fte``;
- gross benefit: ``max(PV B[a], 0) / Σ max(PV B, 0)`` with ``B`` fiscal or cashable;
- net benefit: ``max(PV fiscal[a] − PV cost[a], 0) / Σ …`` where ``cost`` is what the
  partner bears in the projection.

Per category, each category's cost is shared by its own rule. Contributions in year *t*
are ``Σ_c s_c[a] · cost_c(t)``, then rounded to whole pennies by largest remainder so
that they add up to the year's total cost rounded to the penny. Under
:class:`~placebudget.model.agreements.InvestorRecoups` the investor contributes
everything and the other partners transfer part of their cashable savings to it.

Each partner's net position is ``PV fiscal + PV transfers − PV contribution``. The money
flow matrix ``flow[investor, beneficiary] = (PV contribution[investor] / PV total
cost) · PV fiscal[beneficiary]`` reads: of the savings each beneficiary receives, how much
was bought with each partner's money. Its rows sum to each partner's part of the total
benefit, its columns to each partner's benefit, its whole to the total PV fiscal benefit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._gain_share import gain_share
from placebudget.engine._labelled import labelled_payback, labelled_present_value
from placebudget.engine._pennies import to_pennies
from placebudget.engine._shares import COST_BY_CATEGORY, Found, category_shares
from placebudget.engine._shares import rule_weights as _rule_weights
from placebudget.engine.settlement import Settlement
from placebudget.errors import UnknownReferenceError, ValidationError
from placebudget.model.agreements import InvestmentAgreement, InvestorRecoups

if TYPE_CHECKING:
    from placebudget.engine._projection_base import ProjectionBase

__all__ = [
    "COST_BY_CATEGORY",
    "partner_weights",
    "settle",
    "settle_flows",
    "settlement_flows",
]


def settlement_flows(projection: ProjectionBase) -> xr.Dataset:
    """What an agreement is settled on: ``cost_by_category (…, partner, year, category)``,
    ``fiscal``, ``cashable`` and ``baseline_cost`` ``(…, partner, year)`` summed over
    outcomes, and ``discount_factor (year)``."""
    ds = projection.dataset
    return xr.Dataset(
        {
            COST_BY_CATEGORY: projection.cost_by_category(),
            D.FISCAL: ds[D.FISCAL].sum(D.OUTCOME),
            D.CASHABLE: ds[D.CASHABLE].sum(D.OUTCOME),
            D.BASELINE_COST: ds[D.BASELINE_COST].sum(D.OUTCOME),
            D.DISCOUNT_FACTOR: ds[D.DISCOUNT_FACTOR],
        },
        attrs={"price_base": ds.attrs.get("price_base"), "case": ds.attrs.get("case", "")},
    )


def settle_flows(
    flows: xr.Dataset, agreement: InvestmentAgreement, *, name: str = "", positions: bool = False
) -> xr.Dataset:
    """Settle ``agreement`` on settlement flows (see :func:`settlement_flows`); with
    ``positions``, only as far as each partner's net position (the contributions,
    transfers, present values and ``net``: no ROI, paybacks or money flows — what a
    Monte Carlo summary of every option reads, draw by draw).

    Returns
    -------
    xarray.Dataset
        ``share (…, category, partner)``, ``contribution`` and ``transfer``
        ``(…, partner, year)``, ``flow (…, investor, beneficiary)``, the per-partner
        ``pv_cost_as_modelled``, ``pv_contribution``, ``pv_fiscal``, ``pv_cashable``,
        ``pv_transfer``, ``net``, ``net_cashable``, ``roi``, ``payback_year`` and
        ``discounted_payback_year`` (and ``pv_baseline_cost`` when the flows hold a
        ``baseline_cost``), the yearly ``total_cost`` and what the pot pays for,
        ``pot_by_category (…, category, year)``.

    Raises
    ------
    placebudget.errors.ValidationError
        The rule cannot apply to these flows: a partner it names is not in the place, a
        cost category has no rule (or a rule has no category), or no partner has the
        positive benefit a benefit-based rule divides by.
    """
    found = Found()
    shares = category_shares(agreement.rule, flows, found)
    if found:
        context = f"cannot settle agreement {name!r}" if name else "cannot settle agreement"
        kind = UnknownReferenceError if found.unknown else ValidationError
        raise kind([*found.unknown, *found.other], context=context)
    by_category = flows[COST_BY_CATEGORY]
    df = flows[D.DISCOUNT_FACTOR]
    exact = xr.dot(shares, by_category.sum(D.PARTNER), dim=D.CATEGORY)
    contribution = to_pennies(exact.transpose(..., D.PARTNER, D.YEAR))
    total_cost = contribution.sum(D.PARTNER)
    if isinstance(agreement.rule, InvestorRecoups):
        transfer = gain_share(agreement.rule, total_cost, flows[D.CASHABLE])
    else:
        transfer = xr.zeros_like(contribution)
    fiscal = flows[D.FISCAL]
    out = xr.Dataset()
    out[D.SHARE] = shares.transpose(..., D.CATEGORY, D.PARTNER)
    out[D.CONTRIBUTION] = contribution
    out[D.TRANSFER] = transfer
    out["total_cost"] = total_cost
    out["pot_by_category"] = by_category.sum(D.PARTNER).transpose(..., D.CATEGORY, D.YEAR)
    out[D.DISCOUNT_FACTOR] = df
    out["pv_cost_as_modelled"] = labelled_present_value(by_category.sum(D.CATEGORY), df)
    out["pv_contribution"] = labelled_present_value(contribution, df)
    out["pv_fiscal"] = labelled_present_value(fiscal, df)
    out["pv_cashable"] = labelled_present_value(flows[D.CASHABLE], df)
    out["pv_transfer"] = labelled_present_value(transfer, df)
    out["net"] = out["pv_fiscal"] + out["pv_transfer"] - out["pv_contribution"]
    out["net_cashable"] = out["pv_cashable"] + out["pv_transfer"] - out["pv_contribution"]
    if positions:
        return out
    if D.BASELINE_COST in flows:
        out["pv_baseline_cost"] = labelled_present_value(flows[D.BASELINE_COST], df)
    paid = out["pv_contribution"]
    out["roi"] = (out["pv_fiscal"] + out["pv_transfer"]) / paid.where(paid > 0)
    out["payback_year"] = labelled_payback(fiscal + transfer, contribution)
    out["discounted_payback_year"] = labelled_payback((fiscal + transfer) * df, contribution * df)
    pv_total = paid.sum(D.PARTNER)
    weight = (paid / pv_total.where(pv_total > 0)).rename({D.PARTNER: D.INVESTOR})
    out["flow"] = (weight * out["pv_fiscal"].rename({D.PARTNER: D.BENEFICIARY})).transpose(
        ..., D.INVESTOR, D.BENEFICIARY
    )
    for var in out.data_vars:
        if str(var) not in (
            D.SHARE,
            "roi",
            "payback_year",
            "discounted_payback_year",
            D.DISCOUNT_FACTOR,
        ):
            out[var].attrs = {"units": "GBP", "price_base": flows.attrs.get("price_base")}
    out.attrs = {
        "agreement": name,
        "description": agreement.description,
        "price_base": flows.attrs.get("price_base"),
        "case": flows.attrs.get("case", ""),
    }
    return out


def settle(
    projection: ProjectionBase, agreement: InvestmentAgreement, *, name: str = ""
) -> Settlement:
    """Settle ``agreement`` against ``projection``.

    Raises
    ------
    placebudget.errors.ValidationError
        The agreement's rule cannot apply to this projection (see :func:`settle_flows`).
    """
    dataset = settle_flows(settlement_flows(projection), agreement, name=name)
    return Settlement(name=name, agreement=agreement, dataset=dataset)


def partner_weights(rule: object, flows: xr.Dataset) -> xr.DataArray:
    """Each partner's weight ``(partner)`` under a share rule, on the reduced flows of
    :func:`settlement_flows` (a negative weight counting as none): the figures the rule
    divides a pool of cost by (``explain`` shows them)."""
    weights: xr.DataArray = _rule_weights(rule, flows, "rule", Found())
    return weights.clip(min=0)
