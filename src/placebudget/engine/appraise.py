"""Appraisal metrics (the method, ``docs/method.md``): present values, net budget impact,
returns and payback.

:func:`appraise` is a pure ``Dataset → Dataset`` function that keeps extra leading
dimensions (``draw``, ``place``); :class:`Appraisal` wraps the result of one projection with
scalar attributes and pandas views for reports.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.model import vfm_category

if TYPE_CHECKING:
    from placebudget.engine.project import Projection

__all__ = ["PAYBACK_RTOL", "Appraisal", "appraise", "payback", "present_value"]

#: Relative tolerance when comparing cumulative benefit with cumulative cost (the live
#: Excel model's payback formulas write the same).
PAYBACK_RTOL = 1e-9


def present_value(flow: xr.DataArray, discount: xr.DataArray) -> xr.DataArray:
    """``Σ_year discount · flow``, keeping every other dimension."""
    pv: xr.DataArray = xr.dot(flow, discount, dim=D.YEAR)
    return pv


def payback(benefit: xr.DataArray, cost: xr.DataArray) -> xr.DataArray:
    """The first year in which cumulative ``benefit`` reaches cumulative ``cost``.

    Only years with some cumulative cost count, so a partner who spends nothing has no
    payback year. NaN where payback is not reached within the horizon.

    Examples
    --------
    >>> years = {"year": [2012, 2013, 2014]}
    >>> b = xr.DataArray([0., 60., 60.], coords=years, dims="year")
    >>> c = xr.DataArray([100., 0., 0.], coords=years, dims="year")
    >>> int(payback(b, c))  # cumulative benefit 0, 60, 120 against 100 spent in 2012
    2014
    """
    cum_benefit = benefit.cumsum(D.YEAR)
    cum_cost = cost.cumsum(D.YEAR)
    reached = (cum_benefit >= cum_cost * (1 - PAYBACK_RTOL)) & (cum_cost > 0)
    first = reached.argmax(D.YEAR)
    year = benefit[D.YEAR].isel({D.YEAR: first}).drop_vars(D.YEAR, errors="ignore")
    return year.where(reached.any(D.YEAR)).astype(float)


def _ratio(numerator: xr.DataArray, denominator: xr.DataArray) -> xr.DataArray:
    return numerator / denominator.where(denominator > 0)


def appraise(projection: xr.Dataset, *, paybacks: bool = True) -> xr.Dataset:
    """Appraisal metrics of a projection Dataset, totals and per partner (without the
    four payback years when ``paybacks`` is false: a Monte Carlo summary that does not
    keep them need not find them).

    Returns a Dataset with scalar (per extra dimension) ``pv_cost``, ``pv_fiscal``,
    ``pv_cashable``, ``pv_economic``, ``pv_social``, ``pv_transfers``, ``pv_public``
    (fiscal less transfer payments, plus economic and social), ``pv_baseline_cost`` (the
    "as is" reactive cost), ``baseline_saving_share`` (``pv_fiscal / pv_baseline_cost``),
    ``pv_reinvested``, ``npbi``, ``fiscal_roi``, ``nppv``, ``bcr``, ``payback_year`` and
    ``discounted_payback_year``; the risk register's ``pv_risk`` (expected cost) with
    ``pv_cost_risk_adjusted``, ``npbi_risk_adjusted`` and ``nppv_risk_adjusted``; the
    distributionally weighted ``pv_weighted_benefit``, ``pv_public_weighted``,
    ``nppv_weighted`` and ``bcr_weighted``; ``eac`` (PV cost ÷ the sum of discount
    factors) and ``eanc`` (PV net cost, ``pv_cost − pv_public``, ÷ the same); and
    per-partner ``partner_pv_cost``, ``partner_pv_risk``,
    ``partner_pv_fiscal``, ``partner_pv_cashable``, ``partner_net``,
    ``partner_pv_baseline_cost``, ``partner_saving_share`` (the partner's saving as a
    share of its own reactive spend), ``partner_roi``, ``partner_payback_year`` and
    ``partner_discounted_payback_year``.
    """
    df = projection[D.DISCOUNT_FACTOR]
    cost_p = projection[D.COST]
    fiscal_p = projection[D.FISCAL].sum(D.OUTCOME, skipna=False)
    cashable_p = projection[D.CASHABLE].sum(D.OUTCOME, skipna=False)
    cost = cost_p.sum(D.PARTNER, skipna=False)
    fiscal = fiscal_p.sum(D.PARTNER, skipna=False)
    out: dict[str, xr.DataArray] = {}  # one Dataset made at the end, not one merge a metric
    out["pv_cost"] = present_value(cost, df)
    out["pv_fiscal"] = present_value(fiscal, df)
    out["pv_cashable"] = present_value(cashable_p.sum(D.PARTNER, skipna=False), df)
    out["pv_economic"] = present_value(projection[D.ECONOMIC].sum(D.OUTCOME, skipna=False), df)
    out["pv_social"] = present_value(projection[D.SOCIAL].sum(D.OUTCOME, skipna=False), df)
    out["pv_transfers"] = present_value(
        # summed as the fiscal benefit is (outcomes, then partners): a transfer share of 1
        # gives the fiscal benefit to the last digit
        projection[D.TRANSFER_PAYMENT].sum(D.OUTCOME, skipna=False).sum(
            D.PARTNER, skipna=False), df)
    out["pv_public"] = (out["pv_fiscal"] - out["pv_transfers"] + out["pv_economic"]
                        + out["pv_social"])
    baseline_p = projection[D.BASELINE_COST].sum(D.OUTCOME, skipna=False)
    out["pv_baseline_cost"] = present_value(baseline_p.sum(D.PARTNER, skipna=False), df)
    out["baseline_saving_share"] = _ratio(out["pv_fiscal"], out["pv_baseline_cost"])
    out["pv_reinvested"] = present_value(projection[D.REINVESTED], df)
    out["npbi"] = out["pv_fiscal"] - out["pv_cost"]
    out["fiscal_roi"] = _ratio(out["pv_fiscal"], out["pv_cost"])
    out["nppv"] = out["pv_public"] - out["pv_cost"]
    out["bcr"] = _ratio(out["pv_public"], out["pv_cost"])
    if paybacks:
        out["payback_year"] = payback(fiscal, cost)
        out["discounted_payback_year"] = payback(fiscal * df, cost * df)
    out["partner_pv_cost"] = present_value(cost_p, df)
    out["partner_pv_fiscal"] = present_value(fiscal_p, df)
    out["partner_pv_cashable"] = present_value(cashable_p, df)
    out["partner_net"] = out["partner_pv_fiscal"] - out["partner_pv_cost"]
    out["partner_pv_baseline_cost"] = present_value(baseline_p, df)
    out["partner_saving_share"] = _ratio(out["partner_pv_fiscal"],
                                         out["partner_pv_baseline_cost"])
    out["partner_roi"] = _ratio(out["partner_pv_fiscal"], out["partner_pv_cost"])
    risk_p = projection[D.RISK_COST]
    out["pv_risk"] = present_value(risk_p.sum(D.PARTNER, skipna=False), df)
    out["pv_cost_risk_adjusted"] = out["pv_cost"] + out["pv_risk"]
    out["npbi_risk_adjusted"] = out["pv_fiscal"] - out["pv_cost_risk_adjusted"]
    out["nppv_risk_adjusted"] = out["pv_public"] - out["pv_cost_risk_adjusted"]
    out["pv_weighted_benefit"] = present_value(
        projection[D.WEIGHTED_BENEFIT].sum(D.OUTCOME, skipna=False), df)
    out["pv_public_weighted"] = (out["pv_fiscal"] - out["pv_transfers"]
                                 + out["pv_weighted_benefit"])
    out["nppv_weighted"] = out["pv_public_weighted"] - out["pv_cost"]
    out["bcr_weighted"] = _ratio(out["pv_public_weighted"], out["pv_cost"])
    annuity = df.sum(D.YEAR, skipna=False)
    out["eac"] = out["pv_cost"] / annuity
    out["eanc"] = (out["pv_cost"] - out["pv_public"]) / annuity
    out["partner_pv_risk"] = present_value(risk_p, df)
    if paybacks:
        out["partner_payback_year"] = payback(fiscal_p, cost_p)
        out["partner_discounted_payback_year"] = payback(fiscal_p * df, cost_p * df)
    for name in out:
        if name.startswith(("pv_", "partner_pv_", "npbi", "nppv")) or name in (
                "partner_net", "eac", "eanc"):
            out[name].attrs = {"units": "GBP", "price_base": projection.attrs.get("price_base")}
    return xr.Dataset(out, attrs=dict(projection.attrs))


def year_or_none(value: float) -> int | None:
    """A payback year as an int, or ``None`` for NaN (not reached)."""
    return None if math.isnan(value) else int(value)


@attrs.frozen(kw_only=True)
class Appraisal:
    """Headline metrics of one projection, in GBP at the case's price base.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> result = pb.project(example_case()).appraise()
    >>> round(result.npbi, 2) == round(result.pv_fiscal - result.pv_cost, 2)
    True
    """

    metrics: xr.Dataset = attrs.field(repr=False)
    """All metrics as a Dataset (see :func:`appraise`)."""
    projection: Projection = attrs.field(repr=False)
    """The projection appraised."""
    pv_cost: float
    """Present value of all costs."""
    pv_fiscal: float
    """Present value of fiscal benefits."""
    pv_cashable: float
    """Present value of the cashable part of fiscal benefits."""
    pv_economic: float
    """Present value of economic benefits."""
    pv_social: float
    """Present value of social benefits."""
    pv_transfers: float
    """Present value of the fiscal benefits that are transfer payments (tax, social
    security benefits): part of ``pv_fiscal``, left out of ``pv_public``."""
    pv_public: float
    """Public value, ``pv_fiscal − pv_transfers + pv_economic + pv_social``: transfer
    payments move money between people and the state and create no value (UCD v1.4
    Guidance)."""
    pv_baseline_cost: float
    """Present value of the "as is" reactive cost of the cohort's outcomes without the
    intervention: what failure costs the partners."""
    baseline_saving_share: float
    """``pv_fiscal / pv_baseline_cost``: the share of the reactive cost the programme
    saves (NaN with no baseline cost)."""
    pv_reinvested: float
    """Present value of the cashable savings reinvested in extra intake (part of
    ``pv_cost``)."""
    npbi: float
    """Net present budget impact, ``pv_fiscal − pv_cost``."""
    fiscal_roi: float
    """Fiscal return on investment, ``pv_fiscal / pv_cost`` (NaN with no cost)."""
    nppv: float
    """Net present public value, ``pv_public − pv_cost``."""
    bcr: float
    """Benefit–cost ratio, ``pv_public / pv_cost`` (NaN with no cost)."""
    payback_year: int | None
    """First financial year cumulative fiscal benefit reaches cumulative cost, if any."""
    discounted_payback_year: int | None
    """The same with discounted flows."""
    pv_risk: float
    """Present value of the risk register's expected cost (probability × cost)."""
    pv_cost_risk_adjusted: float
    """``pv_cost + pv_risk``."""
    npbi_risk_adjusted: float
    """``pv_fiscal − pv_cost_risk_adjusted``."""
    nppv_risk_adjusted: float
    """``pv_public − pv_cost_risk_adjusted``."""
    pv_public_weighted: float
    """Public value with economic and social values weighted by each cohort's
    distributional weight (fiscal values never weighted); equals ``pv_public`` without
    weights."""
    nppv_weighted: float
    """``pv_public_weighted − pv_cost``."""
    bcr_weighted: float
    """``pv_public_weighted / pv_cost``."""
    eac: float
    """Equivalent annual cost: ``pv_cost`` ÷ the sum of the discount factors over the
    horizon."""
    eanc: float
    """Equivalent annual net cost: ``(pv_cost − pv_public)`` ÷ the sum of the discount
    factors over the horizon (negative when the case adds value)."""
    price_base: int
    """Price base year of the money figures."""

    @classmethod
    def from_projection(cls, projection: Projection) -> Appraisal:
        """Appraise a single (no draw or place dimension) projection (from its figures
        summed over outcomes, :attr:`~placebudget.engine.Projection.totals`)."""
        metrics = appraise(projection.totals)
        extra = set(metrics["pv_cost"].dims)
        if extra:
            msg = (
                f"this projection has the extra dimensions {sorted(map(str, extra))}; use "
                "placebudget.engine.appraise(projection.dataset) for per-draw metrics"
            )
            raise ValueError(msg)
        scalar = {name: float(metrics[name]) for name in (
            "pv_cost", "pv_fiscal", "pv_cashable", "pv_economic", "pv_social",
            "pv_transfers", "pv_public", "pv_baseline_cost", "baseline_saving_share",
            "pv_reinvested", "npbi", "fiscal_roi", "nppv", "bcr", "pv_risk",
            "pv_cost_risk_adjusted", "npbi_risk_adjusted", "nppv_risk_adjusted",
            "pv_public_weighted", "nppv_weighted", "bcr_weighted", "eac", "eanc")}
        return cls(
            metrics=metrics,
            projection=projection,
            payback_year=year_or_none(float(metrics["payback_year"])),
            discounted_payback_year=year_or_none(float(metrics["discounted_payback_year"])),
            price_base=projection.price_base,
            **scalar,
        )

    @property
    def vfm_category(self) -> str:
        """The value-for-money category of the BCR (poor, low, medium, high, very high;
        see :func:`placebudget.model.vfm_category`)."""
        return vfm_category(self.bcr)

    @property
    def payback_period(self) -> int | None:
        """Years from the start to payback (0 = the first year), if reached."""
        if self.payback_year is None:
            return None
        return self.payback_year - int(self.projection.totals[D.YEAR][0])

    @property
    def by_partner(self) -> pd.DataFrame:
        """Per partner: kind, PV cost borne, PV expected cost of the risks it bears, PV
        fiscal and cashable benefit received, net,
        PV "as is" reactive cost and the share of it saved, ROI and payback years
        (``<NA>`` when not reached or no cost)."""
        m = self.metrics
        ds = self.projection.totals
        frame = pd.DataFrame(
            {
                "kind": ds[D.PARTNER_KIND].to_numpy(),
                "department": ds[D.DEPARTMENT].to_numpy(),
                "pv_cost": m["partner_pv_cost"].to_numpy(),
                "pv_risk": m["partner_pv_risk"].to_numpy(),
                "pv_fiscal": m["partner_pv_fiscal"].to_numpy(),
                "pv_cashable": m["partner_pv_cashable"].to_numpy(),
                "net": m["partner_net"].to_numpy(),
                "pv_baseline_cost": m["partner_pv_baseline_cost"].to_numpy(),
                "saving_share": m["partner_saving_share"].to_numpy(),
                "roi": m["partner_roi"].to_numpy(),
                "payback_year": pd.array(
                    [year_or_none(v) for v in m["partner_payback_year"].to_numpy()], dtype="Int64"),
                "discounted_payback_year": pd.array(
                    [year_or_none(v) for v in m["partner_discounted_payback_year"].to_numpy()],
                    dtype="Int64"),
            },
            index=pd.Index(ds[D.PARTNER].to_numpy(), name=D.PARTNER),
        )
        return frame

    @property
    def by_outcome(self) -> pd.DataFrame:
        """Per outcome: theme, unit, total volume changed, PV of each benefit type and PV
        of the "as is" reactive cost."""
        ds = self.projection.dataset
        df = ds[D.DISCOUNT_FACTOR]
        fiscal = present_value(ds[D.FISCAL].sum(D.PARTNER), df)
        transfers = present_value(ds[D.TRANSFER_PAYMENT].sum(D.PARTNER), df)
        economic = present_value(ds[D.ECONOMIC], df)
        social = present_value(ds[D.SOCIAL], df)
        return pd.DataFrame(
            {
                "theme": ds[D.THEME].to_numpy(),
                "unit": ds[D.OUTCOME_UNIT].to_numpy(),
                "volume": ds[D.VOLUME].sum(D.YEAR).to_numpy(),
                "pv_fiscal": fiscal.to_numpy(),
                "pv_cashable": present_value(ds[D.CASHABLE].sum(D.PARTNER), df).to_numpy(),
                "pv_transfers": transfers.to_numpy(),
                "pv_economic": economic.to_numpy(),
                "pv_social": social.to_numpy(),
                "pv_public": (fiscal - transfers + economic + social).to_numpy(),
                "pv_baseline_cost": present_value(ds[D.BASELINE_COST].sum(D.PARTNER),
                                                  df).to_numpy(),
            },
            index=pd.Index(ds[D.OUTCOME].to_numpy(), name=D.OUTCOME),
        )

    @property
    def by_year(self) -> pd.DataFrame:
        """Per financial year: participants (and of them those bought by reinvestment),
        the "as is" reactive cost, undiscounted flows (cost, of it reinvested savings,
        benefits), net fiscal position and its running total, discount factor and
        discounted flows."""
        ds = self.projection.totals
        cost = ds[D.COST].sum(D.PARTNER).to_numpy()
        fiscal = ds[D.FISCAL].sum((D.PARTNER, D.OUTCOME)).to_numpy()
        df = ds[D.DISCOUNT_FACTOR].to_numpy()
        net = fiscal - cost
        return pd.DataFrame(
            {
                "participants": ds[D.PARTICIPANTS].to_numpy(),
                "reinvested_participants": ds[D.REINVESTED_PARTICIPANTS].to_numpy(),
                "baseline_cost": ds[D.BASELINE_COST].sum((D.PARTNER, D.OUTCOME)).to_numpy(),
                "cost": cost,
                "reinvested": ds[D.REINVESTED].to_numpy(),
                "fiscal": fiscal,
                "cashable": ds[D.CASHABLE].sum((D.PARTNER, D.OUTCOME)).to_numpy(),
                "transfers": ds[D.TRANSFER_PAYMENT].sum((D.PARTNER, D.OUTCOME)).to_numpy(),
                "economic": ds[D.ECONOMIC].sum(D.OUTCOME).to_numpy(),
                "social": ds[D.SOCIAL].sum(D.OUTCOME).to_numpy(),
                "net_fiscal": net,
                "cumulative_net_fiscal": np.cumsum(net),
                "discount_factor": df,
                "pv_cost": cost * df,
                "pv_fiscal": fiscal * df,
            },
            index=pd.Index(ds[D.YEAR].to_numpy(), name=D.YEAR),
        )

    @property
    def as_is(self) -> pd.DataFrame:
        """What failure costs today and who pays, per partner (present values): the
        reactive spend as is (``reactive_as_is``), the proactive investment it makes
        (``investment``, the cost it bears), its saving (``saving``, fiscal benefit), the
        saving as a share of its own reactive spend (``saving_share``) and the reactive
        spend with the programme (``reactive_with_programme``)."""
        partners = self.by_partner
        return pd.DataFrame({
            "kind": partners["kind"],
            "reactive_as_is": partners["pv_baseline_cost"],
            "investment": partners["pv_cost"],
            "saving": partners["pv_fiscal"],
            "saving_share": partners["saving_share"],
            "reactive_with_programme": partners["pv_baseline_cost"] - partners["pv_fiscal"],
        })

    @property
    def baseline_per_member(self) -> pd.DataFrame:
        """The reactive cost of one cohort member (person, family) in one year as is, by
        intervention (rows) and partner (columns), with the ``total`` and the cohort's
        ``unit``: ``Σ baseline × fiscal value`` over the intervention's outcomes, at the
        price base."""
        per_member = self.projection.baseline_per_member()
        # a copy with its own labels: the frame's index objects are the Dataset's
        frame = pd.DataFrame(per_member.to_numpy(), columns=per_member[D.PARTNER].to_numpy(),
                             index=pd.Index(per_member[D.INTERVENTION].to_numpy(),
                                            name=D.INTERVENTION))
        frame["total"] = frame.sum(axis=1)
        case = self.projection.case
        units = [i.cohort.unit for i in case.interventions] if case is not None else ""
        frame.insert(0, "unit", units)
        return frame

    def summary(self) -> dict[str, float | int | None]:
        """The headline metrics as a plain dict."""
        return {
            name: getattr(self, name)
            for name in ("pv_cost", "pv_fiscal", "pv_cashable", "pv_economic", "pv_social",
                         "pv_transfers", "pv_public", "npbi", "fiscal_roi", "nppv", "bcr",
                         "payback_year", "discounted_payback_year", "pv_baseline_cost",
                         "baseline_saving_share", "pv_reinvested", "pv_risk",
                         "pv_cost_risk_adjusted", "nppv_risk_adjusted", "pv_public_weighted",
                         "nppv_weighted", "bcr_weighted", "eac", "eanc")
        }
