"""Settling investment agreements against a projection (DESIGN §6).

:func:`settlement_flows` reduces a projection to what an agreement needs (cost by partner,
year and category; fiscal and cashable benefit by partner and year; discount factors).
:func:`settle_flows` is the arithmetic on that Dataset and keeps any extra leading
dimensions (``draw``, ``place``). :func:`settle` and :func:`compare_agreements` work on a
:class:`~placebudget.engine.project.Projection`.

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

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine.appraise import payback, present_value, year_or_none
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model.agreements import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestmentAgreement,
    InvestorRecoups,
    PerCategory,
    ShareRule,
)

if TYPE_CHECKING:
    from placebudget.engine.project import Projection

__all__ = [
    "Settlement",
    "compare_agreements",
    "settle",
    "settle_flows",
    "settlement_flows",
]

#: Variable of a settlement-flows Dataset holding cost by partner, year and category.
COST_BY_CATEGORY = "cost_by_category"

#: Metrics per partner in :attr:`Settlement.by_partner`, in order.
PARTNER_METRICS: tuple[str, ...] = (
    "pv_cost_as_modelled", "pv_contribution", "pv_fiscal", "pv_cashable", "pv_transfer",
    "net", "net_cashable", "roi",
)


def settlement_flows(projection: Projection) -> xr.Dataset:
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


def _partner_weights(named: Mapping[str, float], partners: list[str], path: str,
                     problems: list[Problem]) -> xr.DataArray:
    known = ", ".join(partners)
    for partner in named:
        if partner not in partners:
            problems.append(Problem(f"{path}[{partner!r}]",
                                    f"unknown partner (partners: {known})", partner))
    return xr.DataArray([float(named.get(p, 0.0)) for p in partners],
                        coords={D.PARTNER: partners}, dims=D.PARTNER)


def _describe(values: xr.DataArray) -> str:
    if values.ndim != 1:
        return f"lowest total {float(values.sum(D.PARTNER).min()):,.2f}"
    return ", ".join(f"{p} {v:,.2f}" for p, v in zip(
        values[D.PARTNER].to_numpy(), values.to_numpy(), strict=True))


def _normalise(weights: xr.DataArray, path: str, why: str, shown: xr.DataArray,
               problems: list[Problem]) -> xr.DataArray:
    total = weights.sum(D.PARTNER)
    if bool((total <= 0).any()):
        problems.append(Problem(path, f"cannot apply: {why} ({_describe(shown)})"))
    shares: xr.DataArray = weights / total.where(total > 0)
    return shares


def _rule_shares(rule: ShareRule, flows: xr.DataArray | xr.Dataset, path: str,
                 problems: list[Problem]) -> xr.DataArray:
    """Shares ``(…, partner)`` of one pool of cost under a sharing rule."""
    partners = [str(p) for p in flows[D.PARTNER].to_numpy()]
    df = flows[D.DISCOUNT_FACTOR]
    if isinstance(rule, FixedShares):
        return _partner_weights(rule.shares, partners, f"{path}.shares", problems)
    if isinstance(rule, ByHeadcount):
        fte = _partner_weights(rule.fte, partners, f"{path}.fte", problems)
        return fte / fte.sum()
    if isinstance(rule, ByGrossBenefit):
        benefit = present_value(flows[rule.basis], df)
        return _normalise(benefit.clip(min=0), path,
                          f"no partner receives a positive PV {rule.basis} benefit", benefit,
                          problems)
    assert isinstance(rule, ByNetBenefit)  # the last kind of ShareRule
    own_cost = flows[COST_BY_CATEGORY].sum(D.CATEGORY)
    net = present_value(flows[D.FISCAL], df) - present_value(own_cost, df)
    return _normalise(net.clip(min=0), path,
                      "no partner has a positive net benefit (PV fiscal benefit minus "
                      "PV of its own costs)", net, problems)


def _rule_category_shares(agreement: InvestmentAgreement, flows: xr.Dataset,
                          problems: list[Problem]) -> xr.DataArray:
    """Shares ``(…, category, partner)``: each category's cost by partner."""
    categories = [str(c) for c in flows[D.CATEGORY].to_numpy()]
    partners = [str(p) for p in flows[D.PARTNER].to_numpy()]
    rule = agreement.rule
    if isinstance(rule, InvestorRecoups):
        if rule.investor not in partners:
            problems.append(Problem("rule.investor",
                                    f"unknown partner (partners: {', '.join(partners)})",
                                    rule.investor))
        one = xr.DataArray([1.0 if p == rule.investor else 0.0 for p in partners],
                           coords={D.PARTNER: partners}, dims=D.PARTNER)
        return one.expand_dims({D.CATEGORY: categories})
    if isinstance(rule, PerCategory):
        given = ", ".join(rule.rules) or "none"
        for category in categories:
            if category not in rule.rules:
                problems.append(Problem(
                    "rule.rules", f"has no rule for the cost category {category!r} (rules "
                    f"given for: {given}; the case's categories: {', '.join(categories)})"))
        for category in rule.rules:
            if category not in categories:
                problems.append(Problem(
                    f"rule.rules[{category!r}]", "no cost line has this category (the "
                    f"case's categories: {', '.join(categories)})", category))
        parts = [
            _rule_shares(rule.rules[c], flows, f"rule.rules[{c!r}]", problems)
            if c in rule.rules else xr.full_like(flows[D.PARTNER], np.nan, dtype=float)
            for c in categories
        ]
        return xr.concat(xr.broadcast(*parts), dim=pd.Index(categories, name=D.CATEGORY))
    shares = _rule_shares(rule, flows, "rule", problems)
    return shares.expand_dims({D.CATEGORY: categories})


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


def _to_pennies(exact: xr.DataArray) -> xr.DataArray:
    """Contributions ``(…, partner, year)`` rounded to pennies, each year's sum exact."""
    partners = [str(p) for p in exact[D.PARTNER].to_numpy()]
    ranks = np.argsort(np.argsort(np.array(partners, dtype=object)))
    pennies: xr.DataArray = xr.apply_ufunc(
        _largest_remainder, exact * 100, input_core_dims=[[D.PARTNER]],
        output_core_dims=[[D.PARTNER]], kwargs={"ranks": ranks}, dask="parallelized",
        output_dtypes=[float],
    )
    return pennies.transpose(*exact.dims) / 100


def _gain_share(rule: InvestorRecoups, funded: xr.DataArray, cashable: xr.DataArray
                ) -> xr.DataArray:
    """Transfers ``(…, partner, year)`` under an investor-recoups gain share: received
    positive, paid negative."""
    cash = cashable.transpose(..., D.PARTNER, D.YEAR)
    partners = [str(p) for p in cash[D.PARTNER].to_numpy()]
    investor = partners.index(rule.investor)
    savers = np.array([p != rule.investor for p in partners])
    pool = np.where(savers[:, None], np.clip(cash.to_numpy(), 0, None), 0.0)
    target = (1 + rule.return_rate) * np.cumsum(
        funded.transpose(..., D.YEAR).to_numpy(), axis=-1)
    cap = math.inf if rule.cap is None else rule.cap
    transfer = np.zeros_like(pool)
    received = np.zeros(pool.shape[:-2])
    for t in range(pool.shape[-1]):
        available = pool[..., t].sum(axis=-1)
        owed = np.clip(np.minimum(target[..., t], cap) - received, 0, None)
        repay = np.minimum(available, owed)
        share = np.minimum(rule.investor_share * (available - repay),
                           np.clip(cap - received - repay, 0, None))
        got = repay + share
        with np.errstate(invalid="ignore", divide="ignore"):
            part = np.where(available[..., None] > 0, pool[..., t] / available[..., None], 0)
        transfer[..., t] = -got[..., None] * part
        transfer[..., investor, t] = got
        received = received + got
    return xr.DataArray(transfer, coords=cash.coords, dims=cash.dims)


def settle_flows(flows: xr.Dataset, agreement: InvestmentAgreement, *, name: str = ""
                 ) -> xr.Dataset:
    """Settle ``agreement`` on settlement flows (see :func:`settlement_flows`).

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
    problems: list[Problem] = []
    shares = _rule_category_shares(agreement, flows, problems)
    if problems:
        context = f"cannot settle agreement {name!r}" if name else "cannot settle agreement"
        unknown = any(p.message.startswith("unknown partner") for p in problems)
        error = (UnknownReferenceError if unknown else ValidationError)(
            problems, context=context)
        raise error
    by_category = flows[COST_BY_CATEGORY]
    df = flows[D.DISCOUNT_FACTOR]
    exact = xr.dot(shares, by_category.sum(D.PARTNER), dim=D.CATEGORY)
    contribution = _to_pennies(exact.transpose(..., D.PARTNER, D.YEAR))
    total_cost = contribution.sum(D.PARTNER)
    if isinstance(agreement.rule, InvestorRecoups):
        transfer = _gain_share(agreement.rule, total_cost, flows[D.CASHABLE])
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
    out["pv_cost_as_modelled"] = present_value(by_category.sum(D.CATEGORY), df)
    out["pv_contribution"] = present_value(contribution, df)
    out["pv_fiscal"] = present_value(fiscal, df)
    out["pv_cashable"] = present_value(flows[D.CASHABLE], df)
    out["pv_transfer"] = present_value(transfer, df)
    out["net"] = out["pv_fiscal"] + out["pv_transfer"] - out["pv_contribution"]
    out["net_cashable"] = out["pv_cashable"] + out["pv_transfer"] - out["pv_contribution"]
    if D.BASELINE_COST in flows:
        out["pv_baseline_cost"] = present_value(flows[D.BASELINE_COST], df)
    paid = out["pv_contribution"]
    out["roi"] = (out["pv_fiscal"] + out["pv_transfer"]) / paid.where(paid > 0)
    out["payback_year"] = payback(fiscal + transfer, contribution)
    out["discounted_payback_year"] = payback((fiscal + transfer) * df, contribution * df)
    pv_total = paid.sum(D.PARTNER)
    weight = (paid / pv_total.where(pv_total > 0)).rename({D.PARTNER: D.INVESTOR})
    out["flow"] = (weight * out["pv_fiscal"].rename({D.PARTNER: D.BENEFICIARY})).transpose(
        ..., D.INVESTOR, D.BENEFICIARY)
    for var in out.data_vars:
        if str(var) not in (D.SHARE, "roi", "payback_year", "discounted_payback_year",
                            D.DISCOUNT_FACTOR):
            out[var].attrs = {"units": "GBP", "price_base": flows.attrs.get("price_base")}
    out.attrs = {"agreement": name, "description": agreement.description,
                 "price_base": flows.attrs.get("price_base"), "case": flows.attrs.get("case", "")}
    return out


@attrs.frozen(kw_only=True)
class Settlement:
    """An investment agreement settled against one projection.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> deal = pb.InvestmentAgreement.fixed({"council": 0.25, "dwp": 0.75})
    >>> settlement = deal.settle(projection, name="quarter")
    >>> settlement.contributions.loc["council"].to_list()
    [41250.0, 13750.0, 0.0, 0.0]
    >>> settlement.worse_off
    ['council']
    """

    name: str
    """Name of the option (may be empty)."""
    agreement: InvestmentAgreement = attrs.field(repr=False)
    """The agreement settled."""
    dataset: xr.Dataset = attrs.field(repr=False)
    """Everything computed (see :func:`settle_flows`)."""

    def _single(self) -> xr.Dataset:
        extra = set(self.dataset["net"].dims) - {D.PARTNER}
        if extra:
            msg = (f"this settlement has the extra dimensions {sorted(map(str, extra))}; "
                   "read Settlement.dataset directly")
            raise ValueError(msg)
        return self.dataset

    @property
    def contributions(self) -> pd.DataFrame:
        """Contribution by partner (rows) and year (columns), GBP to the penny."""
        data = self._single()[D.CONTRIBUTION]
        return data.to_pandas()  # type: ignore[return-value]

    @property
    def transfers(self) -> pd.DataFrame:
        """Gain-share transfers by partner and year: received positive, paid negative."""
        return self._single()[D.TRANSFER].to_pandas()  # type: ignore[return-value]

    @property
    def shares(self) -> pd.DataFrame:
        """Each cost category's share by partner (rows: categories)."""
        return self._single()[D.SHARE].to_pandas()  # type: ignore[return-value]

    @property
    def flows(self) -> pd.DataFrame:
        """Money-flow matrix: PV fiscal benefit of each beneficiary (columns) bought with
        each partner's contribution (rows)."""
        return self._single()["flow"].to_pandas()  # type: ignore[return-value]

    @property
    def by_partner(self) -> pd.DataFrame:
        """Per partner: PV of the cost it bears in the projection, PV contribution under
        the agreement, PV fiscal and cashable benefit, PV transfers, net positions, ROI
        and payback years."""
        ds = self._single()
        frame = pd.DataFrame(
            {metric: ds[metric].to_numpy() for metric in PARTNER_METRICS},
            index=pd.Index(ds[D.PARTNER].to_numpy(), name=D.PARTNER),
        )
        for variable in ("payback_year", "discounted_payback_year"):
            frame[variable] = pd.array([year_or_none(v) for v in ds[variable].to_numpy()],
                                       dtype="Int64")
        return frame

    @property
    def pooled_budget(self) -> pd.DataFrame:
        """The pooled budget a partnership board signs: each partner's contribution to
        the pot by year (columns: financial years, then ``total`` and ``pv``), with a last
        row ``pot`` for the whole pot, GBP to the penny."""
        ds = self._single()
        contribution = ds[D.CONTRIBUTION].transpose(D.PARTNER, D.YEAR)
        values = contribution.to_numpy()
        frame = pd.DataFrame(
            np.vstack([values, values.sum(axis=0)]),
            columns=[int(y) for y in contribution[D.YEAR].to_numpy()],
            index=pd.Index([*map(str, contribution[D.PARTNER].to_numpy()), "pot"],
                           name=D.PARTNER))
        frame["total"] = frame.sum(axis=1)
        frame["pv"] = [*ds["pv_contribution"].to_numpy(), float(ds["pv_contribution"].sum())]
        return frame

    @property
    def pot_uses(self) -> pd.DataFrame:
        """What the pot pays for: cost by category (rows) and year (columns, then
        ``total`` and ``pv``), after optimism bias."""
        ds = self._single()
        pot = ds["pot_by_category"]
        uses = pd.DataFrame(pot.to_numpy(), columns=[int(y) for y in pot[D.YEAR].to_numpy()],
                            index=pd.Index(pot[D.CATEGORY].to_numpy(), name=D.CATEGORY))
        uses["total"] = uses.sum(axis=1)
        uses["pv"] = present_value(pot, ds[D.DISCOUNT_FACTOR]).to_numpy()
        return uses

    @property
    def pooled_summary(self) -> pd.DataFrame:
        """Each partner's contribution beside its "as is" reactive spend and its savings
        (present values): ``pv_contribution``, ``share_of_pot``, ``pv_baseline_cost``,
        ``contribution_share_of_baseline``, ``pv_saving`` (fiscal benefit),
        ``saving_share_of_baseline`` and ``net``."""
        ds = self._single()
        paid = ds["pv_contribution"].to_numpy()
        baseline = (ds["pv_baseline_cost"].to_numpy() if "pv_baseline_cost" in ds
                    else np.full(paid.shape, np.nan))
        saving = ds["pv_fiscal"].to_numpy()
        pot = paid.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            frame = pd.DataFrame({
                "pv_contribution": paid,
                "share_of_pot": paid / pot if pot > 0 else np.full(paid.shape, np.nan),
                "pv_baseline_cost": baseline,
                "contribution_share_of_baseline": np.where(baseline > 0, paid / baseline,
                                                           np.nan),
                "pv_saving": saving,
                "saving_share_of_baseline": np.where(baseline > 0, saving / baseline, np.nan),
                "net": ds["net"].to_numpy(),
            }, index=pd.Index(ds[D.PARTNER].to_numpy(), name=D.PARTNER))
        return frame

    @property
    def worse_off(self) -> list[str]:
        """Partners left with a negative net position."""
        frame = self.by_partner
        return [str(p) for p in frame.index[frame["net"] < 0]]


def settle(projection: Projection, agreement: InvestmentAgreement, *, name: str = ""
           ) -> Settlement:
    """Settle ``agreement`` against ``projection``.

    Raises
    ------
    placebudget.errors.ValidationError
        The agreement's rule cannot apply to this projection (see :func:`settle_flows`).
    """
    dataset = settle_flows(settlement_flows(projection), agreement, name=name)
    return Settlement(name=name, agreement=agreement, dataset=dataset)


#: Columns per option in :func:`compare_agreements`.
COMPARED: tuple[str, ...] = ("pv_contribution", "net", "roi", "worse_off")


def compare_agreements(projection: Projection,
                       agreements: Mapping[str, InvestmentAgreement]) -> pd.DataFrame:
    """Several agreements side by side, per partner.

    Returns
    -------
    pandas.DataFrame
        Rows: partners. Columns: a two-level index (option, metric) with metrics
        ``pv_contribution``, ``net``, ``roi`` and ``worse_off`` (``True`` where the partner
        is left with a negative net position under that option). The first option,
        ``"as modelled"``, is each partner bearing the costs the case gives it.

    Raises
    ------
    placebudget.errors.ValidationError
        An option cannot apply; the problems of every option are reported together.
    """
    if not agreements:
        msg = "agreements: must name at least one agreement to compare"
        raise ValueError(msg)
    problems: list[Problem] = []
    settlements: dict[str, Settlement] = {}
    for option, agreement in agreements.items():
        try:
            settlements[option] = settle(projection, agreement, name=option)
        except ValidationError as exc:
            problems.extend(p.prefixed(f"agreements[{option!r}]") for p in exc.problems)
    if problems:
        raise ValidationError(problems, context="cannot compare agreements")
    frames: dict[str, pd.DataFrame] = {}
    first = next(iter(settlements.values())).by_partner
    modelled_net = first["pv_fiscal"] - first["pv_cost_as_modelled"]
    frames["as modelled"] = pd.DataFrame({
        "pv_contribution": first["pv_cost_as_modelled"],
        "net": modelled_net,
        "roi": first["pv_fiscal"] / first["pv_cost_as_modelled"].where(
            first["pv_cost_as_modelled"] > 0),
        "worse_off": modelled_net < 0,
    })
    for option, settlement in settlements.items():
        frame = settlement.by_partner
        frames[option] = pd.DataFrame({
            "pv_contribution": frame["pv_contribution"],
            "net": frame["net"],
            "roi": frame["roi"],
            "worse_off": frame["net"] < 0,
        })
    table = pd.concat(frames, axis=1, names=["option", "metric"])
    return table
