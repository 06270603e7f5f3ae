"""Appraisal metrics (the method, ``docs/method.md``): present values, net budget impact,
returns and payback.

:func:`appraise` is a pure ``Dataset → Dataset`` function that keeps extra leading
dimensions (``draw``, ``place``); :class:`Appraisal` wraps the result of one projection with
scalar attributes and pandas views for reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import (
    APPRAISED,
    METRIC_DIMS,
    MONEY_METRICS,
    PAYBACK_METRICS,
    PAYBACK_RTOL,
    appraise_arrays,
)
from placebudget.engine._core import OUTPUT_DIMS
from placebudget.engine._core import per_member as _per_member
from placebudget.engine._inputs import VALUE_TRACES
from placebudget.engine._labelled import apply_core, year_or_none
from placebudget.engine.people import by_intervention as people_table
from placebudget.engine.people import common_unit
from placebudget.figures import FIGURES, figure, headline
from placebudget.model import vfm_category

if TYPE_CHECKING:
    import xarray as xr

    from placebudget.engine._projection_base import ProjectionBase

__all__ = ["PAYBACK_RTOL", "SCALAR_METRICS", "Appraisal", "appraise", "metrics_dataset"]


def appraise(projection: xr.Dataset, *, paybacks: bool = True) -> xr.Dataset:
    """Appraisal metrics of a projection Dataset, totals and per partner (without the
    four payback years when ``paybacks`` is false: a Monte Carlo summary that does not
    keep them need not find them). The arithmetic is the engine's numpy core
    (``placebudget.engine._appraisal_core.appraise_arrays``), applied over any extra
    dimensions (each metric has every extra dimension of the projection) and lazily on
    dask.

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
    ``partner_discounted_payback_year``; the whole case's ``payback_period`` (fractional,
    linear within the payback year), ``payback_shortfall`` (cumulative, at the end of the
    year before) and ``payback_surplus`` (at the end of the payback year), and the same
    ``discounted_payback_…``. EAC and EANC follow the projection's ``annuity`` attribute
    (the case's convention, ``"due"`` unless it says ``"immediate"``).
    """
    import xarray as xr

    years = projection[D.YEAR].to_numpy()
    names = [name for name in METRIC_DIMS if paybacks or name not in PAYBACK_METRICS]
    metrics = apply_core(
        lambda p: appraise_arrays(
            p, years, paybacks=paybacks, annuity=projection.attrs.get("annuity", "due")
        ),
        {name: projection[name] for name in APPRAISED},
        {name: OUTPUT_DIMS[name] for name in APPRAISED},
        {name: METRIC_DIMS[name] for name in names},
    )
    price_base = projection.attrs.get("price_base")
    for name in MONEY_METRICS.intersection(metrics):
        metrics[name].attrs = {"units": "GBP", "price_base": price_base}
    return xr.Dataset(metrics, attrs=dict(projection.attrs))


def metrics_dataset(
    values: Mapping[str, Any],
    partners: Mapping[str, Any],
    attrs: Mapping[str, Any],
    *,
    lead: Mapping[str, Any] | None = None,
) -> xr.Dataset:
    """Metrics as :func:`appraise` labels them, from arrays by name (:data:`METRIC_DIMS`,
    after the dimensions of ``lead``, name → coordinate): ``partners`` holds the
    ``partner``, ``partner_kind`` and ``department`` values, ``attrs`` the projection's
    attributes (its ``price_base`` the money metrics')."""
    import xarray as xr

    ahead = tuple(lead or {})
    money = {"units": "GBP", "price_base": attrs.get("price_base")}
    coords = {
        D.PARTNER: partners[D.PARTNER],
        D.PARTNER_KIND: (D.PARTNER, partners[D.PARTNER_KIND]),
        D.DEPARTMENT: (D.PARTNER, partners[D.DEPARTMENT]),
        **(lead or {}),
    }
    return xr.Dataset(
        {
            name: xr.DataArray(
                array,
                dims=(*ahead, *METRIC_DIMS[name]),
                attrs=dict(money) if name in MONEY_METRICS else {},
            )
            for name, array in values.items()
        },
        coords=coords,
        attrs={k: v for k, v in attrs.items() if k != VALUE_TRACES},
    )


#: The appraisal's scalar figures, read as its attributes (``result.npbi``), in the
#: catalogue's order: every metric without a dimension.
SCALAR_METRICS: tuple[str, ...] = tuple(name for name in METRIC_DIMS if not METRIC_DIMS[name])


@attrs.frozen(kw_only=True)
class Appraisal:
    """Headline metrics of one projection, in GBP at the case's price base.

    Every metric of the catalogue without a dimension (``SCALAR_METRICS``, see
    :mod:`placebudget.figures`) is an attribute: a float (NaN where undefined, as a
    ratio with no cost), or for a payback year an int or ``None`` (not reached).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> result = pb.project(example_case()).appraise()
    >>> round(result.npbi, 2) == round(result.pv_fiscal - result.pv_cost, 2)
    True
    """

    _values: Mapping[str, Any] = attrs.field(repr=False, alias="values", eq=False)
    """Every metric of :func:`appraise` as an array (a partner's by partner)."""
    projection: ProjectionBase = attrs.field(repr=False)
    """The projection appraised."""
    price_base: int
    """Price base year of the money figures."""
    _metrics: xr.Dataset | None = attrs.field(default=None, init=False, repr=False, eq=False)
    _beyond: Mapping[str, Any] | None = attrs.field(default=None, init=False, repr=False, eq=False)

    def __getattr__(self, name: str) -> float:
        if name in SCALAR_METRICS and FIGURES[name].kind != "year":
            return float(self._values[name])
        msg = f"{type(self).__name__!r} object has no attribute {name!r}"
        raise AttributeError(msg)

    @property
    def payback_year(self) -> int | None:
        """First financial year cumulative fiscal benefit reaches cumulative cost, if
        any."""
        return year_or_none(float(self._values["payback_year"]))

    @property
    def discounted_payback_year(self) -> int | None:
        """The same with discounted flows."""
        return year_or_none(float(self._values["discounted_payback_year"]))

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *SCALAR_METRICS})

    def figure(self, name: str) -> float | int | None:
        """The scalar figure ``name`` (a metric of ``SCALAR_METRICS``).

        Raises
        ------
        placebudget.errors.UnknownReferenceError
            A name that is not one, with the closest matches.
        """
        value: float | int | None = getattr(self, figure(name, among=SCALAR_METRICS).name)
        return value

    @property
    def metrics(self) -> xr.Dataset:
        """All metrics as a Dataset (see :func:`appraise`)."""
        if self._metrics is None:
            projection = self.projection
            partners = {
                name: projection.input_values(name)
                for name in (D.PARTNER, D.PARTNER_KIND, D.DEPARTMENT)
            }
            object.__setattr__(
                self, "_metrics", metrics_dataset(self._values, partners, projection.attrs)
            )
        assert self._metrics is not None
        return self._metrics

    @property
    def beyond_horizon(self) -> Mapping[str, Any]:
        """What the horizon cuts off: the present value of the benefits intakes within
        it give after its last year, by the catalogue's names (``benefit_beyond_horizon``,
        the public value as the headline would count it; ``fiscal_beyond_horizon`` and
        its share of the NPBI; ``partner_fiscal_beyond_horizon`` by partner; …), each a
        float (the partner's an array), computed when first read and never added to any
        headline figure (``docs/method.md``).

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.examples import example_path
        >>> case = pb.load_case(example_path("west_cheshire"))
        >>> round(pb.project(case).appraise().beyond_horizon["benefit_beyond_horizon"])
        69702
        """
        if self._beyond is None:
            from placebudget.engine._beyond_horizon import beyond_horizon

            object.__setattr__(
                self, "_beyond", beyond_horizon(self.projection, self.npbi, self.nppv)
            )
        assert self._beyond is not None
        return self._beyond

    @classmethod
    def from_projection(cls, projection: ProjectionBase) -> Appraisal:
        """Appraise a single (no draw or place dimension) projection (from its figures
        summed over outcomes, :meth:`~placebudget.engine.Projection.flows`).

        Raises
        ------
        ValueError
            The projection has extra dimensions (draws, places).
        """
        values = appraise_arrays(
            projection.flows(), projection.years, annuity=projection.attrs.get("annuity", "due")
        )
        return cls(values=values, projection=projection, price_base=projection.price_base)

    @property
    def vfm_category(self) -> str:
        """The value-for-money category of the BCR (very poor, poor, low, medium, high,
        very high;
        see :func:`placebudget.model.vfm_category`)."""
        return vfm_category(self.bcr)

    @property
    def payback_period(self) -> float | None:
        """Years from the start of the first year to payback, if reached: fractional,
        each year's net flow spread evenly through it (its whole number is the payback
        year's place, 0 = the first year; see ``payback_margins`` in
        ``placebudget.engine._appraisal_core``)."""
        value = float(self._values["payback_period"])
        return None if np.isnan(value) else value

    @property
    def by_partner(self) -> pd.DataFrame:
        """Per partner: kind, PV cost borne, PV expected cost of the risks it bears, PV
        fiscal and cashable benefit received, net,
        PV "as is" reactive cost and the share of it saved, ROI and payback years
        (``<NA>`` when not reached or no cost)."""
        m = self._values
        projection = self.projection
        frame = pd.DataFrame(
            {
                "kind": projection.input_values(D.PARTNER_KIND),
                "department": projection.input_values(D.DEPARTMENT),
                "pv_cost": m["partner_pv_cost"],
                "pv_risk": m["partner_pv_risk"],
                "pv_fiscal": m["partner_pv_fiscal"],
                "pv_cashable": m["partner_pv_cashable"],
                "net": m["partner_net"],
                "pv_baseline_cost": m["partner_pv_baseline_cost"],
                "saving_share": m["partner_saving_share"],
                "roi": m["partner_roi"],
                "payback_year": pd.array(
                    [year_or_none(v) for v in m["partner_payback_year"]], dtype="Int64"
                ),
                "discounted_payback_year": pd.array(
                    [year_or_none(v) for v in m["partner_discounted_payback_year"]], dtype="Int64"
                ),
            },
            index=pd.Index(projection.input_values(D.PARTNER), name=D.PARTNER),
        )
        return frame

    @property
    def by_outcome(self) -> pd.DataFrame:
        """Per outcome: theme, unit, total volume changed, PV of each benefit type and PV
        of the "as is" reactive cost."""
        projection = self.projection
        f = projection.outcome_flows()
        df = f[D.DISCOUNT_FACTOR]

        def pv(flow: Any, factor: Any = df) -> Any:  # (…, year, outcome) → (…, outcome)
            return np.einsum("...yo,y->...o", flow, factor)

        health = pv(f[D.HEALTH_SOCIAL], f[D.HEALTH_DISCOUNT_FACTOR] - df)

        figures = headline(
            {
                "pv_fiscal": pv(f[D.FISCAL].sum(axis=0)),
                "pv_cashable": pv(f[D.CASHABLE].sum(axis=0)),
                "pv_transfers": pv(f[D.TRANSFER_PAYMENT].sum(axis=0)),
                "pv_economic": pv(f[D.ECONOMIC]),
                "pv_social": pv(f[D.SOCIAL]) + health,
            },
            only=["pv_public"],
        )
        figures["pv_baseline_cost"] = pv(f[D.BASELINE_COST].sum(axis=0))
        return pd.DataFrame(
            {
                "theme": projection.input_values(D.THEME),
                "unit": projection.input_values(D.OUTCOME_UNIT),
                "volume": f[D.VOLUME].sum(axis=0),
                **figures,
            },
            index=pd.Index(projection.input_values(D.OUTCOME), name=D.OUTCOME),
        )

    @property
    def by_year(self) -> pd.DataFrame:
        """Per financial year, every figure of the projection that adds up over partners
        and outcomes (the catalogue's variables with a year: participants and those bought
        by reinvestment, cost, fiscal, cashable, transfer payment, economic and social
        benefit, the "as is" reactive cost, savings reinvested, the expected cost of
        risks, the weighted benefit), the people figures only when every intervention's
        cohort counts the same unit (else they are read by intervention,
        :attr:`participants_by_intervention`), the discount factor, the net fiscal
        position and its running total, and the discounted cost and fiscal benefit."""
        f = self.projection.flows()
        columns: dict[str, Any] = {}
        mixed = common_unit(self._cohort_units()) is None
        for name, found in FIGURES.of("variable").items():
            if D.YEAR not in found.dims or (found.kind == "count" and D.OUTCOME in found.dims):
                continue  # outcome units of different outcomes do not add up
            if mixed and D.INTERVENTION in found.dims:
                continue  # nor households and families: see participants_by_intervention
            values = np.asarray(f[name])
            over = tuple(axis for axis, dim in enumerate(found.dims) if dim != D.YEAR)
            columns[name] = values.sum(axis=over) if over else values
        cost, fiscal, df = columns[D.COST], columns[D.FISCAL], columns[D.DISCOUNT_FACTOR]
        net = fiscal - cost
        columns |= {
            "net_fiscal": net,
            "cumulative_net_fiscal": np.cumsum(net),
            "pv_cost": cost * df,
            "pv_fiscal": fiscal * df,
        }
        return pd.DataFrame(columns, index=pd.Index(self.projection.years, name=D.YEAR))

    @property
    def participants_by_intervention(self) -> pd.DataFrame:
        """Engaged participants entering each year, one row per intervention with its
        cohort's ``unit`` (household, family, person) and one column per financial year:
        interventions counting different units are never added up."""
        return self._people(D.PARTICIPANTS)

    @property
    def reinvested_participants_by_intervention(self) -> pd.DataFrame:
        """Participants bought by reinvestment, as :attr:`participants_by_intervention`."""
        return self._people(D.REINVESTED_PARTICIPANTS)

    def _cohort_units(self) -> list[str]:
        """Each intervention's cohort unit; ``""`` (unknown: never added up) for inputs
        that do not label them."""
        projection = self.projection
        if not projection.has_input(D.COHORT_UNIT):
            return ["" for _ in projection.input_values(D.INTERVENTION)]
        return [str(u) for u in projection.input_values(D.COHORT_UNIT)]

    def _people(self, name: str) -> pd.DataFrame:
        projection = self.projection
        return people_table(
            projection.flows()[name],
            projection.input_values(D.INTERVENTION),
            self._cohort_units(),
            projection.years,
        )

    @property
    def as_is(self) -> pd.DataFrame:
        """What failure costs today and who pays, per partner (present values): the
        reactive spend as is (``reactive_as_is``), the proactive investment it makes
        (``investment``, the cost it bears), its saving (``saving``, fiscal benefit), the
        saving as a share of its own reactive spend (``saving_share``) and the reactive
        spend with the programme (``reactive_with_programme``)."""
        partners = self.by_partner
        return pd.DataFrame(
            {
                "kind": partners["kind"],
                "reactive_as_is": partners["pv_baseline_cost"],
                "investment": partners["pv_cost"],
                "saving": partners["pv_fiscal"],
                "saving_share": partners["saving_share"],
                "reactive_with_programme": partners["pv_baseline_cost"] - partners["pv_fiscal"],
            }
        )

    @property
    def baseline_per_member(self) -> pd.DataFrame:
        """The reactive cost of one cohort member (person, family) in one year as is, by
        intervention (rows) and partner (columns), with the ``total`` and the cohort's
        ``unit``: ``Σ baseline × fiscal value`` over the intervention's outcomes, at the
        price base."""
        projection = self.projection
        per_member = _per_member(projection.core_inputs())  # (intervention, partner)
        frame = pd.DataFrame(
            per_member,
            columns=projection.input_values(D.PARTNER),
            index=pd.Index(projection.input_values(D.INTERVENTION), name=D.INTERVENTION),
        )
        frame["total"] = frame.sum(axis=1)
        case = self.projection.case
        units = [i.cohort.unit for i in case.interventions] if case is not None else ""
        frame.insert(0, "unit", units)
        return frame

    def summary(self) -> dict[str, float | int | None]:
        """The headline metrics as a plain dict: every scalar figure
        (``SCALAR_METRICS``), in the catalogue's order; a payback's margin and period
        ``None`` where payback is not reached, as the payback year is."""
        found: dict[str, float | int | None] = {}
        for name in SCALAR_METRICS:
            value = getattr(self, name)
            missing = isinstance(value, float) and np.isnan(value)
            found[name] = None if missing and name in PAYBACK_METRICS else value
        return found
