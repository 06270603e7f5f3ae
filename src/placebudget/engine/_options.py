"""Each partner's net position under every agreement option of a case, draw by draw, for
the Monte Carlo summary (:mod:`~placebudget.engine.simulation`): a chunk of draws'
projection (the numpy core's figures under one outcome) made into settlement flows
with a leading ``draw`` dimension, each option settled on them
(:func:`~placebudget.engine.agreements.settle_flows`, which keeps the draws), and only
the nets kept — draws × options × partners numbers, whatever the size of the projection.

A draw in which an option's rule cannot apply (a benefit-based rule when no partner
has the benefit it divides by) has no net under that option (NaN): the option's figures
are over the draws it settles. An option that settles in no draw at all is an error.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._shares import COST_BY_CATEGORY
from placebudget.errors import ValidationError

if TYPE_CHECKING:
    from placebudget.model import InvestmentAgreement

__all__ = ["AS_MODELLED", "OPTION_STATISTICS", "OptionNets", "option_statistics", "settled_nets"]

#: The option of costs as the case assigns them (each partner bearing its own cost
#: lines), listed first.
AS_MODELLED = "as modelled"

#: The columns of :attr:`UncertaintySummary.by_option
#: <placebudget.engine.UncertaintySummary.by_option>`, as in ``by_partner``.
OPTION_STATISTICS: tuple[str, ...] = ("mean_net", "p5_net", "p95_net", "p_net_positive")


class OptionNets:
    """The net position of each partner under each agreement option of a case, filled
    a chunk of draws at a time into one array ``(draw, option, partner)`` — the first
    option :data:`AS_MODELLED`, then the case's in its order."""

    def __init__(
        self, agreements: Mapping[str, InvestmentAgreement], inputs: xr.Dataset, draws: int
    ) -> None:
        self.agreements = dict(agreements)
        self.options = [AS_MODELLED, *self.agreements]
        self.partners = [str(p) for p in inputs[D.PARTNER].to_numpy()]
        self.years = inputs[D.YEAR].to_numpy()
        categories = np.asarray(inputs[D.LINE_CATEGORY].to_numpy(), dtype=object)
        self.categories = sorted({str(c) for c in categories})
        # cost line → partner and cost line → category, one-hot
        self.line_partner = np.asarray(
            inputs[D.LINE_PARTNER].transpose(D.COST_LINE, D.PARTNER).to_numpy(), dtype=float
        )
        self.line_category = np.array(
            [[float(str(c) == k) for k in self.categories] for c in categories]
        ).reshape(len(categories), len(self.categories))
        self.discount = np.asarray(inputs[D.DISCOUNT_FACTOR].to_numpy(), dtype=float)
        self.attrs = {
            "price_base": inputs.attrs.get("price_base"),
            "case": inputs.attrs.get("case", ""),
        }
        self.nets = np.full((draws, len(self.options), len(self.partners)), np.nan)
        self.settled = np.zeros(len(self.options), dtype=np.int64)
        self.errors: dict[str, ValidationError] = {}

    def flows(self, figures: Mapping[str, Any], start: int, stop: int) -> xr.Dataset:
        """The settlement flows of draws ``start`` to ``stop − 1`` from their projected
        ``figures`` (under one outcome)."""
        n, p, y = stop - start, len(self.partners), len(self.years)
        line_cost = np.broadcast_to(figures["line_cost"], (n, *self.line_partner.shape[:1], y))
        by_category = np.einsum("dly,lp,lc->dpyc", line_cost, self.line_partner, self.line_category)
        fiscal = np.broadcast_to(figures[D.FISCAL][..., 0], (n, p, y))
        cashable = np.broadcast_to(figures[D.CASHABLE][..., 0], (n, p, y))
        coords = {
            D.DRAW: np.arange(start, stop),
            D.PARTNER: self.partners,
            D.YEAR: self.years,
            D.CATEGORY: self.categories,
        }
        return xr.Dataset(
            {
                COST_BY_CATEGORY: ((D.DRAW, D.PARTNER, D.YEAR, D.CATEGORY), by_category),
                D.FISCAL: ((D.DRAW, D.PARTNER, D.YEAR), fiscal),
                D.CASHABLE: ((D.DRAW, D.PARTNER, D.YEAR), cashable),
                D.DISCOUNT_FACTOR: ((D.YEAR,), self.discount),
            },
            coords=coords,
            attrs=self.attrs,
        )

    def add(self, figures: Mapping[str, Any], partner_net: Any, start: int, stop: int) -> None:
        """Settle every option on draws ``start`` to ``stop − 1`` and keep each
        partner's net (``partner_net``: the nets as modelled)."""
        self.nets[start:stop, 0] = partner_net
        self.settled[0] += stop - start
        flows = self.flows(figures, start, stop)
        for k, (name, agreement) in enumerate(self.agreements.items(), start=1):
            self.nets[start:stop, k] = _nets(flows, agreement, name, self.errors)
            self.settled[k] += int(np.isfinite(self.nets[start:stop, k]).all(axis=-1).sum())

    def check(self) -> None:
        """Refuse an option that settles in no draw: its rule cannot apply (the error
        of its first draw, which names every problem)."""
        for k, name in enumerate(self.options[1:], start=1):
            if self.settled[k] == 0 and len(self.nets) and name in self.errors:
                raise self.errors[name]

    def dataset(self) -> xr.DataArray:
        """The nets as ``option_net (draw, option, partner)``."""
        return xr.DataArray(
            self.nets,
            dims=(D.DRAW, D.OPTION, D.PARTNER),
            coords={D.OPTION: self.options},
            attrs={"units": "GBP", "price_base": self.attrs["price_base"]},
        )


def _nets(
    flows: xr.Dataset, agreement: InvestmentAgreement, name: str, errors: dict[str, ValidationError]
) -> np.ndarray[Any, Any]:
    """Each draw's net position ``(draw, partner)`` under ``agreement`` (NaN in a draw
    where it cannot apply, the first such error kept in ``errors``)."""
    from placebudget.engine.agreements import settle_flows

    try:
        return (
            settle_flows(flows, agreement, name=name, positions=True)["net"]
            .transpose(D.DRAW, D.PARTNER)
            .to_numpy()
        )
    except ValidationError:
        pass
    # some draw cannot settle: each draw on its own
    out = np.full((flows.sizes[D.DRAW], flows.sizes[D.PARTNER]), np.nan)
    for k in range(flows.sizes[D.DRAW]):
        try:
            out[k] = (
                settle_flows(flows.isel({D.DRAW: [k]}), agreement, name=name, positions=True)["net"]
                .transpose(D.DRAW, D.PARTNER)
                .to_numpy()[0]
            )
        except ValidationError as exc:
            errors.setdefault(name, exc)
    return out


def settled_nets(
    flows: xr.Dataset,
    agreements: Mapping[str, InvestmentAgreement],
    partner_net: np.ndarray[Any, Any],
) -> xr.DataArray:
    """``option_net (draw, option, partner)`` of settlement flows with a ``draw``
    dimension (a simulated projection's): the nets as modelled (``partner_net``, draw ×
    partner), then under each of ``agreements``."""
    errors: dict[str, ValidationError] = {}
    parts = [
        partner_net,
        *(_nets(flows, agreement, name, errors) for name, agreement in agreements.items()),
    ]
    values = np.stack(parts, axis=1)
    for k, name in enumerate(agreements, start=1):
        if not np.isfinite(values[:, k]).any() and name in errors:
            raise errors[name]
    return xr.DataArray(
        values,
        dims=(D.DRAW, D.OPTION, D.PARTNER),
        coords={D.OPTION: [AS_MODELLED, *agreements]},
        attrs={"units": "GBP", "price_base": flows.attrs.get("price_base")},
    )


def option_statistics(nets: xr.DataArray) -> pd.DataFrame:
    """The statistics of the nets ``(draw, option, partner)`` by option and partner, as
    :attr:`UncertaintySummary.by_partner <placebudget.engine.UncertaintySummary.by_partner>`
    gives them (over the draws each option settles): ``mean_net``, ``p5_net``,
    ``p95_net`` and ``p_net_positive``."""
    values = nets.transpose(D.DRAW, D.OPTION, D.PARTNER).to_numpy()
    settled = np.isfinite(values)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an option settled in no draw
        mean = np.nanmean(values, axis=0)
        p5, p95 = np.nanquantile(values, [0.05, 0.95], axis=0)
        positive = (values > 0).sum(axis=0) / np.where(
            settled.any(axis=0), settled.sum(axis=0), np.nan
        )
    index = pd.MultiIndex.from_product(
        [[str(o) for o in nets[D.OPTION].to_numpy()], [str(p) for p in nets[D.PARTNER].to_numpy()]],
        names=[D.OPTION, D.PARTNER],
    )
    return pd.DataFrame(
        {
            "mean_net": mean.ravel(),
            "p5_net": p5.ravel(),
            "p95_net": p95.ravel(),
            "p_net_positive": positive.ravel(),
        },
        index=index,
    )
