"""The result of settling an agreement: :class:`~placebudget.engine.Settlement`, a view of
the settled Dataset as the tables a partnership board reads."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._labelled import labelled_present_value, year_or_none
from placebudget.model.agreements import InvestmentAgreement

__all__ = ["PARTNER_METRICS", "Settlement"]


def _median_year(years: np.ndarray) -> np.ndarray:
    """The median over draws (rows) of payback years per partner (columns), a year
    never reached (NaN) counting as later than every year: the first year by which at
    least half of the draws have paid back, NaN if fewer than half ever do."""
    later = np.where(np.isnan(years), np.inf, years)
    ordered = np.sort(later, axis=0)
    median = ordered[(len(ordered) - 1) // 2] if len(ordered) else np.full(years.shape[1:], np.inf)
    return np.where(np.isinf(median), np.nan, median)


#: Metrics per partner in :attr:`Settlement.by_partner`, in order.
PARTNER_METRICS: tuple[str, ...] = (
    "pv_cost_as_modelled",
    "pv_contribution",
    "pv_fiscal",
    "pv_cashable",
    "pv_transfer",
    "net",
    "net_cashable",
    "roi",
)


@attrs.frozen(kw_only=True)
class Settlement:
    """An investment agreement settled against one projection.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> deal = pb.InvestmentAgreement.fixed({"council": 0.25, "dwp": 0.75})
    >>> settlement = projection.settle(deal, name="quarter")
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
    """Everything computed (see :func:`placebudget.engine.settle_flows`)."""

    @property
    def draws(self) -> int | None:
        """The number of Monte Carlo draws it is settled over (a settlement of a
        simulated projection), or ``None``."""
        return self.dataset.sizes.get(D.DRAW)

    def _single(self, what: str = "") -> xr.Dataset:
        extra = set(self.dataset["net"].dims) - {D.PARTNER}
        if extra:
            more = (
                " (by_partner and worse_off give the figures over the draws)"
                if extra == {D.DRAW}
                else ""
            )
            msg = (
                f"this settlement has the extra dimensions {sorted(map(str, extra))}"
                f"{more}; read Settlement.dataset directly{what}"
            )
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
        and payback years.

        Settled over Monte Carlo draws (a simulated projection's: :attr:`draws`), the
        figures over the draws: each of ``settlement.PARTNER_METRICS`` is its mean over the
        draws (the ROI the mean of each draw's ROI, over the draws where the partner
        contributes), with ``p5_net`` and ``p95_net`` (the 5th and 95th percentiles of
        the net position) and ``p_net_positive`` (the share of draws in which it is
        above zero), as :attr:`UncertaintySummary.by_partner
        <placebudget.engine.UncertaintySummary.by_partner>` gives them; each payback
        year is the median draw's (the first year by which at least half of the draws
        have paid back; none if fewer than half ever do).

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.examples import example_path
        >>> case = pb.load_case(example_path("west_cheshire"))
        >>> simulated = pb.simulate(case, draws=500, seed=1)
        >>> over_draws = simulated.settle(case.agreements["mixed"]).by_partner
        >>> list(over_draws.columns[-4:])
        ['discounted_payback_year', 'p5_net', 'p95_net', 'p_net_positive']
        >>> bool((over_draws["p5_net"] <= over_draws["net"]).all())
        True
        """
        if self.draws is not None and set(self.dataset["net"].dims) == {D.DRAW, D.PARTNER}:
            return self._over_draws()
        ds = self._single()
        frame = pd.DataFrame(
            {metric: ds[metric].to_numpy() for metric in PARTNER_METRICS},
            index=pd.Index(ds[D.PARTNER].to_numpy(), name=D.PARTNER),
        )
        for variable in ("payback_year", "discounted_payback_year"):
            frame[variable] = pd.array(
                [year_or_none(v) for v in ds[variable].to_numpy()], dtype="Int64"
            )
        return frame

    def _over_draws(self) -> pd.DataFrame:
        """:attr:`by_partner` of a settlement over Monte Carlo draws."""
        ds = self.dataset
        frame = pd.DataFrame(
            {metric: ds[metric].mean(D.DRAW).to_numpy() for metric in PARTNER_METRICS},
            index=pd.Index(ds[D.PARTNER].to_numpy(), name=D.PARTNER),
        )
        for variable in ("payback_year", "discounted_payback_year"):
            frame[variable] = pd.array(
                [
                    year_or_none(v)
                    for v in _median_year(ds[variable].transpose(D.DRAW, D.PARTNER).to_numpy())
                ],
                dtype="Int64",
            )
        net = ds["net"]
        frame["p5_net"] = net.quantile(0.05, D.DRAW).to_numpy()
        frame["p95_net"] = net.quantile(0.95, D.DRAW).to_numpy()
        frame["p_net_positive"] = (net > 0).mean(D.DRAW).to_numpy()
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
            index=pd.Index([*map(str, contribution[D.PARTNER].to_numpy()), "pot"], name=D.PARTNER),
        )
        frame["total"] = frame.sum(axis=1)
        frame["pv"] = [*ds["pv_contribution"].to_numpy(), float(ds["pv_contribution"].sum())]
        return frame

    @property
    def pot_uses(self) -> pd.DataFrame:
        """What the pot pays for: cost by category (rows) and year (columns, then
        ``total`` and ``pv``), after optimism bias."""
        ds = self._single()
        pot = ds["pot_by_category"]
        uses = pd.DataFrame(
            pot.to_numpy(),
            columns=[int(y) for y in pot[D.YEAR].to_numpy()],
            index=pd.Index(pot[D.CATEGORY].to_numpy(), name=D.CATEGORY),
        )
        uses["total"] = uses.sum(axis=1)
        uses["pv"] = labelled_present_value(pot, ds[D.DISCOUNT_FACTOR]).to_numpy()
        return uses

    @property
    def pooled_summary(self) -> pd.DataFrame:
        """Each partner's contribution beside its "as is" reactive spend and its savings
        (present values): ``pv_contribution``, ``share_of_pot``, ``pv_baseline_cost``,
        ``contribution_share_of_baseline``, ``pv_saving`` (fiscal benefit),
        ``saving_share_of_baseline`` and ``net``."""
        ds = self._single()
        paid = ds["pv_contribution"].to_numpy()
        baseline = (
            ds["pv_baseline_cost"].to_numpy()
            if "pv_baseline_cost" in ds
            else np.full(paid.shape, np.nan)
        )
        saving = ds["pv_fiscal"].to_numpy()
        pot = paid.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            frame = pd.DataFrame(
                {
                    "pv_contribution": paid,
                    "share_of_pot": paid / pot if pot > 0 else np.full(paid.shape, np.nan),
                    "pv_baseline_cost": baseline,
                    "contribution_share_of_baseline": np.where(
                        baseline > 0, paid / baseline, np.nan
                    ),
                    "pv_saving": saving,
                    "saving_share_of_baseline": np.where(baseline > 0, saving / baseline, np.nan),
                    "net": ds["net"].to_numpy(),
                },
                index=pd.Index(ds[D.PARTNER].to_numpy(), name=D.PARTNER),
            )
        return frame

    @property
    def worse_off(self) -> list[str]:
        """Partners left with a negative net position (over Monte Carlo draws: a
        negative mean net position)."""
        frame = self.by_partner
        return [str(p) for p in frame.index[frame["net"] < 0]]
