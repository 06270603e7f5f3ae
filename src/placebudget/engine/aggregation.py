"""Many places at once: one case run across a table of places, on numpy or dask.

A place table has one row per place (its index is the place id) and any of these
columns, each a non-negative number (1 when absent):

- ``intake_scale`` — multiplies every cohort's intake (local cohort size against the
  case's);
- ``<intervention id>.intake_scale`` — the same for one intervention;
- ``value_scale`` — multiplies every fiscal, economic and social value (local unit costs);
- ``cost_scale`` — multiplies every cost line and every risk's cost (local delivery costs).

:func:`aggregate` gives the projection a leading ``place`` dimension (after ``draw`` when
simulating) and sums to national totals by partner kind and by department. The totals
are present values of the places' projection under one outcome (the money figures
summed over outcomes), computed with numpy without labelling it; the labelled
projection by outcome, :attr:`Aggregate.dataset`, is built when it is first read. With
``chunks`` (or a ``dask.distributed`` client) the same arithmetic runs on dask, lazily
until :meth:`Aggregate.compute`, :meth:`Aggregate.compute_totals` or a total is asked
for, in chunks of places: each chunk is one task that projects its places in memory with
numpy, and the totals reduce each chunk to present values inside that task, so the
graph grows with the number of chunks, not with the projection's arithmetic, and memory
per worker is set by the chunk.

Examples
--------
>>> import pandas as pd
>>> from placebudget.testing import example_case
>>> places = pd.DataFrame({"intake_scale": [1.0, 2.0], "value_scale": [1.0, 1.1]},
...                       index=pd.Index(["wigan", "bolton"], name="place"))
>>> result = aggregate(example_case(), places)
>>> result.national()["pv_cost"].round(2)
np.float64(436280.19)
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._chunks import Layout, chunked_totals, join, progress_bar
from placebudget.engine._inputs import build_inputs
from placebudget.engine._places import (
    PLACE_COLUMNS,
    PRESENT_VALUES,
    SharedInputs,
    place_scales,
    place_totals,
    reduce_totals,
    reduced_totals,
)
from placebudget.engine.simulation import sample_inputs
from placebudget.errors import ValidationError
from placebudget.figures import headline
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = [
    "NATIONAL_COMPOSITES",
    "PLACE_COLUMNS",
    "Aggregate",
    "aggregate",
    "place_scales",
    "present_values",
]


@attrs.frozen(kw_only=True)
class Aggregate:
    """A case run across many places: the projection with a ``place`` dimension and its
    national totals."""

    _dataset: Any = attrs.field(alias="dataset", repr=False)
    """The projection, or the :class:`Layout` that labels it (and is replaced by it)
    when :attr:`dataset` is first read."""
    client: Any = attrs.field(default=None, repr=False)
    """The ``dask.distributed`` client computing it, if any."""
    progress: bool = False
    """Whether computing shows a progress bar."""
    totals: Any = attrs.field(default=None, repr=False)
    """Present values by place and partner (and draw), as ``present_values`` (of this
    module) gives them: when run in chunks, one ``dask.delayed`` Dataset a chunk, whose
    task reduces the chunk's projection to them, joined when they are computed — the
    totals never need the whole projection in memory; a Dataset once computed
    (:meth:`compute_totals`); ``None``: read from :attr:`dataset`."""
    _chunks: tuple[tuple[Any, Any], ...] = attrs.field(
        default=(), repr=False, alias="chunks", eq=False
    )
    """Each chunk's inputs and places, from which the totals are projected: what
    national, by-place and grouped totals reduce inside each chunk's one task."""

    @property
    def dataset(self) -> xr.Dataset:
        """The projection (``docs/reference/dataset.md``) with leading ``place`` (and
        ``draw``) dimensions, labelled when first read (the totals do not need it); dask
        backed (lazy) when run in chunks."""
        if isinstance(self._dataset, Layout):
            object.__setattr__(self, "_dataset", self._dataset())
        dataset: xr.Dataset = self._dataset
        return dataset

    @property
    def lazy(self) -> bool:
        """Whether the figures are dask arrays not yet computed."""
        if isinstance(self._dataset, Layout):
            return self._dataset.chunks is not None
        return any(
            getattr(v.data, "dask", None) is not None for v in self.dataset.data_vars.values()
        )

    def _compute(self, data: Any) -> Any:
        graph = getattr(data, "__dask_graph__", None)
        if graph is None or graph() is None:
            return data
        return self._compute_all((data,))[0]

    def compute(self) -> Aggregate:
        """The same aggregate with every figure computed (in memory): the whole
        projection of every place, from which the totals are then read (not projected
        again)."""
        return attrs.evolve(self, dataset=self._compute(self.dataset), totals=None)

    def compute_totals(self) -> Aggregate:
        """The same aggregate with the present values computed (what :meth:`national`,
        :meth:`by_place`, :meth:`by_partner_kind` and :meth:`by_department` read), the
        projection itself left as it is: a chunk's projection is held only while its
        chunk is reduced."""
        return attrs.evolve(self, totals=self._pv())

    def _pv(self) -> xr.Dataset:
        if self.totals is None:
            return present_values(self.dataset)
        if isinstance(self.totals, xr.Dataset):
            return self.totals
        # each chunk's totals computed where it was projected, and joined here: no
        # chunk's totals move between workers
        parts = self._compute_all(self.totals)
        return join(list(parts))

    def _compute_all(self, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """Dask collections ``parts`` computed together, on the client if there is one,
        with a progress bar if asked."""
        if self.client is not None:
            futures = self.client.compute(list(parts))
            if self.progress:
                import importlib

                show: Any = importlib.import_module("distributed").progress
                show(futures)
            return tuple(self.client.gather(futures))
        from dask.base import compute

        with progress_bar(self.progress):
            computed: tuple[Any, ...] = compute(*parts)  # type: ignore[no-untyped-call]
            return computed

    def _reduced(self, over: tuple[str, ...], *, by_place: bool = False) -> xr.Dataset:
        """The present values summed ``over`` dimensions and averaged over draws: in
        chunks, inside each chunk's task (only the chunk's reduced figures leave the
        worker), then added up (``by_place``: joined along ``place``) — sums and means
        over draws commute."""
        if self.totals is None or isinstance(self.totals, xr.Dataset) or not self._chunks:
            computed: xr.Dataset = self._compute(reduce_totals(self._pv(), over))
            return computed
        from dask.delayed import delayed

        # each chunk projected, reduced to present values and summed in one task
        parts = self._compute_all(
            tuple(
                delayed(reduced_totals, pure=True)(shared, block, over)
                for shared, block in self._chunks
            )
        )
        if by_place:
            return join(list(parts))
        total: xr.Dataset = parts[0]
        for part in parts[1:]:
            total = total + part
        return total

    def by_place(self) -> pd.DataFrame:
        """PV cost, fiscal benefit and net budget impact per place (means over draws)."""
        computed = self._reduced((D.PARTNER,), by_place=True)
        frame: pd.DataFrame = computed.to_dataframe()[["pv_cost", "pv_fiscal", "pv_cashable"]]
        frame["npbi"] = headline(
            {"pv_fiscal": frame["pv_fiscal"].to_numpy(), "pv_cost": frame["pv_cost"].to_numpy()},
            only=["npbi"],
        )["npbi"]
        return frame

    def national(self) -> pd.Series:
        """National totals over places (means over draws): PVs (the reactive cost as is
        among them), net present budget impact,
        fiscal ROI, public value (transfer payments left out), net present public value and
        benefit–cost ratio."""
        pv = self._reduced((D.PLACE, D.PARTNER))
        found = headline(
            {str(name): float(pv[name]) for name in pv.data_vars}, only=NATIONAL_COMPOSITES
        )
        return pd.Series({name: float(value) for name, value in found.items()})

    def _grouped(self, coordinate: str) -> pd.DataFrame:
        computed = self._reduced((D.PLACE,))
        # the figures alone: the partners' kinds and departments (coordinates) are not
        # summed into text columns
        frame: pd.DataFrame = (
            computed[["pv_cost", "pv_fiscal", "pv_cashable"]].reset_coords(drop=True).to_dataframe()
        )
        frame = frame.groupby(computed[coordinate].to_numpy()).sum()
        frame.index.name = coordinate
        frame["net"] = headline(
            {
                "partner_pv_fiscal": frame["pv_fiscal"].to_numpy(),
                "partner_pv_cost": frame["pv_cost"].to_numpy(),
            },
            only=["partner_net"],
        )["partner_net"]
        positive = frame["net"].clip(lower=0).sum()
        frame["share_of_net_benefit"] = frame["net"] / positive if positive > 0 else np.nan
        return frame

    def by_partner_kind(self) -> pd.DataFrame:
        """National PV cost, benefit and net by partner kind, with each kind's share of
        the total net benefit (of the kinds that come out ahead)."""
        return self._grouped(D.PARTNER_KIND)

    def by_department(self) -> pd.DataFrame:
        """The same by national department — the allocation of net benefit across
        departments the pilots published."""
        return self._grouped(D.DEPARTMENT)


def present_values(projection: xr.Dataset) -> xr.Dataset:
    """The present values of a projection with a ``place`` dimension, by place and
    partner (and draw): ``pv_cost``, ``pv_fiscal``, ``pv_cashable``, ``pv_transfers``,
    ``pv_economic``, ``pv_social`` and ``pv_baseline_cost`` — what the national totals
    add up."""
    df = projection[D.DISCOUNT_FACTOR]

    def pv(name: str) -> xr.DataArray:
        flows = projection[name]
        over = [d for d in (D.OUTCOME, D.YEAR) if d in flows.dims]
        total: xr.DataArray = xr.dot(flows, df, dim=over)
        return total

    found = {total: pv(name) for total, name in PRESENT_VALUES.items()}
    # health values at the health discount factors (the same as the case's when off)
    if D.HEALTH_SOCIAL in projection:
        health = projection[D.HEALTH_SOCIAL]
        extra = projection[D.HEALTH_DISCOUNT_FACTOR] - df
        found["pv_social"] = found["pv_social"] + xr.dot(
            health, extra, dim=[d for d in (D.OUTCOME, D.YEAR) if d in health.dims]
        )
    return xr.Dataset(found)


#: The composite figures of the national totals (:meth:`Aggregate.national`).
NATIONAL_COMPOSITES: tuple[str, ...] = ("npbi", "fiscal_roi", "pv_public", "nppv", "bcr")


def _from_cases(
    cases: Mapping[str, BusinessCase],
    *,
    draws: int | None,
    seed: int | None,
    unit_costs: UnitCostDatabase | None,
    **simulate_options: Any,
) -> xr.Dataset:
    """One projection per case, stacked along ``place`` with exact alignment."""
    from placebudget.engine.projection import Projection
    from placebudget.errors import AlignmentError

    if not cases:
        raise ValidationError.single(path="cases", message="must name at least one case")
    projections = []
    for name, one in cases.items():
        inputs = (
            build_inputs(one, database=unit_costs)
            if draws is None
            else sample_inputs(
                one, draws=draws, seed=seed, unit_costs=unit_costs, **simulate_options
            )
        )
        projections.append(
            Projection.from_inputs(inputs, one).dataset.expand_dims({D.PLACE: [name]})
        )
    from placebudget.engine.people import people_aligned

    projections = people_aligned(projections)  # participants of each case's interventions
    try:
        stacked = xr.concat(
            projections,
            dim=D.PLACE,
            join="exact",
            coords="minimal",
            compat="equals",
            combine_attrs="drop_conflicts",
        )
    except ValueError as exc:
        msg = f"the cases must have the same partners, years and outcomes to be added up ({exc})"
        raise AlignmentError(msg) from exc
    lead = [d for d in (D.DRAW, D.PLACE) if d in stacked.dims]
    return stacked.transpose(*lead, ...)


def aggregate(
    case: BusinessCase | Mapping[str, BusinessCase],
    places: pd.DataFrame | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunks: int | str | None = None,
    client: Any = None,
    progress: bool | None = None,
    unit_costs: UnitCostDatabase | None = None,
    **simulate_options: Any,
) -> Aggregate:
    """Run ``case`` across every place of ``places`` — or add up one case per place.

    Parameters
    ----------
    case
        The business case, as it would run in one place; or a mapping of place id →
        case, each projected on its own and added up (they must have the same partners,
        years and outcomes).
    places
        The place table (see the module notes); not used with a mapping of cases.
    draws, seed
        Monte Carlo draws (see :func:`placebudget.engine.simulate`); ``None`` runs the case
        deterministically. Further ``simulate`` options pass through.
    chunks
        Places per dask chunk, or ``"auto"``: as many places as keep each chunk
        within dask's ``array.chunk-size`` (128 MiB unless configured), in a multiple of
        as many chunks as threads (the client's, or this machine's cores). For the
        totals each chunk is one task that projects its places with numpy under one
        outcome and reduces them to present values, and what the task holds at its
        peak is kept within the size; for :attr:`Aggregate.dataset`, each chunk of the
        projection by outcome is. ``None`` computes in memory (unless a client is
        given, which implies ``"auto"``): the totals in one pass with numpy, the
        projection when it is read.
    client
        A ``dask.distributed`` client to compute on; threads otherwise.
    progress
        Show a progress bar while computing; by default when standard error is a
        terminal.
    unit_costs
        Database for ``"ucd:CODE"`` values.

    Raises
    ------
    placebudget.errors.ValidationError
        The place table is invalid, or the case cannot be projected or simulated.
    """
    show = sys.stderr.isatty() if progress is None else progress
    if isinstance(case, Mapping):
        if places is not None:
            msg = "give a place table or a mapping of cases, not both"
            raise ValidationError.single(path="places", message=msg)
        stacked = _from_cases(
            case, draws=draws, seed=seed, unit_costs=unit_costs, **simulate_options
        )
        if chunks is not None or client is not None:
            stacked = stacked.chunk({D.PLACE: chunks or 16})
        return Aggregate(dataset=stacked, client=client, progress=show)
    if places is None:
        raise ValidationError.single(path="places", message="a place table is required")
    if draws is None:
        inputs = build_inputs(case, database=unit_costs)
    else:
        inputs = sample_inputs(
            case, draws=draws, seed=seed, unit_costs=unit_costs, **simulate_options
        )
    scales = place_scales(places, [str(i) for i in inputs[D.INTERVENTION].to_numpy()])
    if client is not None and chunks is None:
        chunks = "auto"
    shared = SharedInputs.from_inputs(inputs)
    if chunks is None:  # the totals in memory, projected with numpy under one outcome
        layout = Layout(inputs=inputs, scales=scales, chunks=None, threads=1)
        return Aggregate(
            dataset=layout, totals=place_totals(shared, scales), client=client, progress=show
        )
    _check_chunks(chunks)
    import dask.system

    threads = max(
        1, sum(client.nthreads().values()) if client is not None else dask.system.CPU_COUNT
    )
    layout = Layout(inputs=inputs, scales=scales, chunks=chunks, threads=threads)
    totals, recipes = chunked_totals(shared, scales, chunks, threads)
    return Aggregate(dataset=layout, totals=totals, client=client, progress=show, chunks=recipes)


def _check_chunks(chunks: object) -> None:
    if chunks == "auto" or (
        isinstance(chunks, int | np.integer) and not isinstance(chunks, bool) and chunks >= 1
    ):
        return
    raise ValidationError.single(
        path="chunks",
        value=chunks,
        message="must be a whole number of places of 1 or more, or 'auto'",
    )
