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

import contextlib
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._core import (
    INPUT_DIMS,
    OUTPUT_DIMS,
    one_outcome_arrays,
    present_value,
    project_arrays,
)
from placebudget.engine._inputs import build_inputs
from placebudget.engine.project import compute, core_arrays
from placebudget.engine.simulate import sample_inputs
from placebudget.errors import Problem, ValidationError
from placebudget.figures import FIGURES, headline
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = ["PLACE_COLUMNS", "Aggregate", "aggregate", "place_scales",
           "present_values"]

#: Columns a place table may have (besides ``<intervention id>.intake_scale``).
PLACE_COLUMNS: tuple[str, ...] = ("name", "intake_scale", "value_scale", "cost_scale")


def place_scales(places: pd.DataFrame, interventions: list[str]) -> xr.Dataset:
    """Check a place table and turn it into ``intake_scale (place, intervention)``,
    ``value_scale (place)`` and ``cost_scale (place)``.

    Raises
    ------
    placebudget.errors.ValidationError
        Unknown columns, duplicate or missing place ids, values that are not finite
        numbers of 0 or more — every problem, with its row.
    """
    problems: list[Problem] = []
    allowed = {*PLACE_COLUMNS, *(f"{i}.intake_scale" for i in interventions)}
    for column in places.columns:
        if column not in allowed:
            problems.append(Problem(f"places.{column}", "is not a place table column "
                                    f"(allowed: {', '.join(sorted(allowed))})"))
    ids = [str(i) for i in places.index]
    if len(places) == 0:
        problems.append(Problem("places", "must have at least one place"))
    seen: set[str] = set()
    for place in ids:
        if place in seen or not place or place == "nan":
            problems.append(Problem("places.index", "place ids must be unique and given",
                                    place))
        seen.add(place)
    numeric: dict[str, np.ndarray[Any, Any]] = {}
    for column in places.columns:
        if column == "name" or column not in allowed:
            continue
        values = pd.to_numeric(places[column], errors="coerce").to_numpy(dtype=float)
        for place, raw, value in zip(ids, places[column], values, strict=True):
            if not np.isfinite(value) or value < 0:
                problems.append(Problem(f"places[{place!r}].{column}",
                                        "must be a finite number of 0 or more", raw))
        numeric[column] = values
    if problems:
        raise ValidationError(problems, context="invalid place table")
    n = len(ids)
    ones = np.ones(n)
    overall = numeric.get("intake_scale", ones)
    intake = np.stack([overall * numeric.get(f"{i}.intake_scale", ones)
                       for i in interventions], axis=1) if interventions else np.ones((n, 0))
    coords = {D.PLACE: ids}
    return xr.Dataset({
        "intake_scale": ((D.PLACE, D.INTERVENTION), intake),
        "value_scale": ((D.PLACE,), numeric.get("value_scale", ones)),
        "cost_scale": ((D.PLACE,), numeric.get("cost_scale", ones)),
    }, coords={**coords, D.INTERVENTION: interventions})


#: The inputs a place scales, each by a column of the place table (``scales``); its
#: ``value_scale`` is the engine's input of that name, which multiplies the figures made
#: of values rather than the values (they are linear in them).
_SCALED: dict[str, str] = {
    D.INTAKE: "intake_scale", D.LINE_AMOUNT: "cost_scale",
    D.LINE_PER_PARTICIPANT: "cost_scale", D.RISK_AMOUNT: "cost_scale"}


def _per_place(inputs: xr.Dataset, scales: xr.Dataset) -> xr.Dataset:
    """Inputs with a ``place`` dimension (kept ahead of the others except ``draw``)."""
    lead = (D.DRAW, D.PLACE)
    scaled = {name: inputs[name] * scales[column] for name, column in _SCALED.items()
              if name in inputs}
    scaled[D.VALUE_SCALE] = scales["value_scale"]
    return inputs.assign({name: value.transpose(*[d for d in lead if d in value.dims], ...)
                          for name, value in scaled.items()})


@attrs.frozen(kw_only=True, eq=False)
class _Shared:
    """What every chunk's totals task reads: the inputs as the engine's core reads them
    (:func:`placebudget.engine.project.core_arrays`), each under one outcome, and the
    labels of the totals."""

    arrays: dict[str, Any]
    """The core's input arrays; those of :attr:`drawn` with a leading ``draw`` axis."""
    drawn: frozenset[str]
    """The inputs that vary by draw."""
    draws: Any
    """The ``draw`` coordinate, or ``None`` without draws."""
    partners: Any
    """The ``partner`` coordinate with its partner kinds and departments."""

    @classmethod
    def from_inputs(cls, inputs: xr.Dataset) -> _Shared:
        arrays = one_outcome_arrays(core_arrays(inputs))
        drawn = frozenset(name for name in arrays
                          if name in inputs.data_vars and D.DRAW in inputs[name].dims)
        partners = xr.Dataset(coords={name: coord.variable
                                      for name, coord in inputs.coords.items()
                                      if coord.dims == (D.PARTNER,)})
        return cls(arrays=arrays, drawn=drawn, partners=partners,
                   draws=inputs[D.DRAW].variable if D.DRAW in inputs.dims else None)

    def place_arrays(self, scales: xr.Dataset) -> dict[str, Any]:
        """The core's inputs for the places of ``scales``: a ``place`` axis after the
        ``draw`` axis (ahead of the core axes otherwise), the inputs a place scales
        multiplied by its column."""
        arrays = {name: np.expand_dims(array, 1) if name in self.drawn else array
                  for name, array in self.arrays.items()}
        columns = {column: scales[column].to_numpy()
                   for column in {*_SCALED.values(), "value_scale"}}
        for name, column in _SCALED.items():
            if name in arrays:
                factor = columns[column]
                # the place axis ahead of the input's core axes; the intake scale is
                # by place and intervention, the others by place
                core = len(INPUT_DIMS[name]) - (1 if factor.ndim == 2 else 0)
                arrays[name] = arrays[name] * factor.reshape(factor.shape + (1,) * core)
        arrays[D.VALUE_SCALE] = columns["value_scale"]  # by place, no core axis
        return arrays

    def present_values(self, scales: xr.Dataset) -> dict[str, tuple[tuple[str, ...], Any]]:
        """The present values of the places of ``scales`` (their dimensions and figures,
        by draw and place, and partner where they have one), projected with numpy under
        one outcome: the projection is held only while it is reduced."""
        figures = project_arrays(self.place_arrays(scales), detail=False)
        discount = figures[D.DISCOUNT_FACTOR]
        lead = ((D.DRAW,) if self.draws is not None else ()) + (D.PLACE,)
        shape = ((self.draws.size,) if self.draws is not None else ()) + (
            scales.sizes[D.PLACE],)
        found: dict[str, tuple[tuple[str, ...], Any]] = {}
        for total, name in _PRESENT_VALUES.items():
            core = OUTPUT_DIMS[name]
            flow = figures[name]
            if D.OUTCOME in core:  # one outcome: its only column
                flow = flow[..., 0]
            partner = D.PARTNER in core
            value = present_value(flow, discount, partner=partner)
            dims = lead + ((D.PARTNER,) if partner else ())
            full = shape + ((flow.shape[-2],) if partner else ())
            found[total] = (dims, value if value.shape == full
                            else np.broadcast_to(value, full).copy())
        return found

    def labelled(self, values: Mapping[str, tuple[tuple[str, ...], Any]],
                 scales: xr.Dataset) -> xr.Dataset:
        """Figures by name (their dimensions and arrays) as a Dataset with the labels of
        their places, partners and draws."""
        dims = {d for found, _ in values.values() for d in found}
        coords: dict[str, Any] = {}
        if D.PLACE in dims:
            coords[D.PLACE] = scales[D.PLACE].variable
        if D.DRAW in dims:
            coords[D.DRAW] = self.draws
        if D.PARTNER in dims:
            coords.update(self.partners.coords.variables)
        return xr.Dataset({name: (found, value) for name, (found, value) in values.items()},
                          coords=coords)

    def place_bytes(self, one: xr.Dataset) -> int:
        """What the projection under one outcome of the place of ``one`` (a place
        table's scales) weighs over every draw, projected from the first."""
        first = attrs.evolve(self, arrays={
            name: array[:1] if name in self.drawn else array
            for name, array in self.arrays.items()})
        draws = 1 if self.draws is None else self.draws.size
        figures = project_arrays(first.place_arrays(one), detail=False)
        # a figure with a draw axis ahead of its place axis weighs the draws
        return sum(int(np.asarray(array).nbytes)
                   * (draws if np.ndim(array) > len(OUTPUT_DIMS[name]) + 1 else 1)
                   for name, array in figures.items() if name in OUTPUT_DIMS)


@attrs.frozen(kw_only=True)
class Aggregate:
    """A case run across many places: the projection with a ``place`` dimension and its
    national totals."""

    _dataset: Any = attrs.field(alias="dataset", repr=False)
    """The projection, or the :class:`_Layout` that labels it (and is replaced by it)
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
    _chunks: tuple[tuple[Any, Any], ...] = attrs.field(default=(), repr=False,
                                                       alias="chunks", eq=False)
    """Each chunk's inputs and places, from which the totals are projected: what
    national, by-place and grouped totals reduce inside each chunk's one task."""

    @property
    def dataset(self) -> xr.Dataset:
        """The projection (``docs/reference/dataset.md``) with leading ``place`` (and
        ``draw``) dimensions, labelled when first read (the totals do not need it); dask
        backed (lazy) when run in chunks."""
        if isinstance(self._dataset, _Layout):
            object.__setattr__(self, "_dataset", self._dataset())
        dataset: xr.Dataset = self._dataset
        return dataset

    @property
    def lazy(self) -> bool:
        """Whether the figures are dask arrays not yet computed."""
        if isinstance(self._dataset, _Layout):
            return self._dataset.chunks is not None
        return any(getattr(v.data, "dask", None) is not None
                   for v in self.dataset.data_vars.values())

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
        return _join(list(parts))

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

        with _progress_bar(self.progress):
            computed: tuple[Any, ...] = compute(*parts)  # type: ignore[no-untyped-call]
            return computed

    def _reduced(self, over: tuple[str, ...], *, by_place: bool = False) -> xr.Dataset:
        """The present values summed ``over`` dimensions and averaged over draws: in
        chunks, inside each chunk's task (only the chunk's reduced figures leave the
        worker), then added up (``by_place``: joined along ``place``) — sums and means
        over draws commute."""
        if self.totals is None or isinstance(self.totals, xr.Dataset) or not self._chunks:
            computed: xr.Dataset = self._compute(_reduce(self._pv(), over))
            return computed
        from dask.delayed import delayed

        # each chunk projected, reduced to present values and summed in one task
        parts = self._compute_all(tuple(
            delayed(_reduced_totals, pure=True)(shared, block, over)
            for shared, block in self._chunks))
        if by_place:
            return _join(list(parts))
        total: xr.Dataset = parts[0]
        for part in parts[1:]:
            total = total + part
        return total

    def by_place(self) -> pd.DataFrame:
        """PV cost, fiscal benefit and net budget impact per place (means over draws)."""
        computed = self._reduced((D.PARTNER,), by_place=True)
        frame: pd.DataFrame = computed.to_dataframe()[["pv_cost", "pv_fiscal", "pv_cashable"]]
        frame["npbi"] = headline({"pv_fiscal": frame["pv_fiscal"].to_numpy(),
                                  "pv_cost": frame["pv_cost"].to_numpy()},
                                 only=["npbi"])["npbi"]
        return frame

    def national(self) -> pd.Series:
        """National totals over places (means over draws): PVs (the reactive cost as is
        among them), net present budget impact,
        fiscal ROI, public value (transfer payments left out), net present public value and
        benefit–cost ratio."""
        pv = self._reduced((D.PLACE, D.PARTNER))
        found = headline({str(name): float(pv[name]) for name in pv.data_vars},
                         only=NATIONAL_COMPOSITES)
        return pd.Series({name: float(value) for name, value in found.items()})

    def _grouped(self, coordinate: str) -> pd.DataFrame:
        computed = self._reduced((D.PLACE,))
        frame: pd.DataFrame = computed[["pv_cost", "pv_fiscal", "pv_cashable"]].to_dataframe()
        frame = frame.groupby(computed[coordinate].to_numpy()).sum()
        frame.index.name = coordinate
        frame["net"] = headline({"partner_pv_fiscal": frame["pv_fiscal"].to_numpy(),
                                 "partner_pv_cost": frame["pv_cost"].to_numpy()},
                                only=["partner_net"])["partner_net"]
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


def _reduce(pv: xr.Dataset, over: tuple[str, ...]) -> xr.Dataset:
    """Present values summed ``over`` dimensions and averaged over draws."""
    reduced = pv.sum(over)
    return reduced.mean(D.DRAW) if D.DRAW in reduced.dims else reduced


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

    return xr.Dataset({total: pv(name) for total, name in _PRESENT_VALUES.items()})


_PRESENT_VALUES: dict[str, str] = {
    name: str(FIGURES[name].flow) for name in (
        "pv_cost", "pv_fiscal", "pv_cashable", "pv_transfers", "pv_economic", "pv_social",
        "pv_baseline_cost")}

#: The composite figures of the national totals (:meth:`Aggregate.national`).
NATIONAL_COMPOSITES: tuple[str, ...] = ("npbi", "fiscal_roi", "pv_public", "nppv", "bcr")

#: Projection variables an aggregate leaves out (per effect and per cost line detail).
_LEFT_OUT = ("effect_volume", "line_cost")

def _project_places(inputs: xr.Dataset, scales: xr.Dataset) -> xr.Dataset:
    """The projection of the places of ``scales``, in memory."""
    dataset = compute(_per_place(inputs, scales))
    return dataset[[n for n in dataset.data_vars if n not in _LEFT_OUT]]


def _place_totals(shared: _Shared, scales: xr.Dataset) -> xr.Dataset:
    """The present values of the places of ``scales`` (as :func:`present_values` gives
    them)."""
    return shared.labelled(shared.present_values(scales), scales)


def _reduced_totals(shared: _Shared, scales: xr.Dataset, over: tuple[str, ...]
                    ) -> xr.Dataset:
    """The present values of the places of ``scales`` summed ``over`` dimensions and
    averaged over draws."""
    return _reduce(_place_totals(shared, scales), over)


def _values(dataset: xr.Dataset, name: str) -> Any:
    return dataset[name].to_numpy()


def _assemble(template: xr.Dataset, parts: list[Any], sizes: list[int],
              places: np.ndarray[Any, Any], draws: xr.DataArray | None) -> xr.Dataset:
    """A dask-backed Dataset shaped like ``template`` (one place, and one draw of
    ``draws`` when there are draws) whose ``place`` axis is the chunks ``parts``
    (delayed Datasets of ``sizes`` places each)."""
    import dask.array as da
    from dask.delayed import delayed

    variables: dict[str, Any] = {}
    for name, variable in template.data_vars.items():
        if D.PLACE not in variable.dims:
            variables[str(name)] = variable
            continue
        axis = variable.dims.index(D.PLACE)
        blocks = []
        for part, size in zip(parts, sizes, strict=True):
            shape = list(variable.shape)
            shape[axis] = size
            if draws is not None and D.DRAW in variable.dims:
                shape[variable.dims.index(D.DRAW)] = draws.size
            values = delayed(_values, pure=True)(part, name)
            empty = np.empty((0,) * variable.ndim, dtype=variable.dtype)
            blocks.append(da.from_delayed(  # type: ignore[no-untyped-call]
                values, shape=tuple(shape), dtype=variable.dtype, meta=empty))
        joined = da.concatenate(blocks, axis=axis)  # type: ignore[no-untyped-call]
        variables[str(name)] = xr.Variable(variable.dims, joined, attrs=variable.attrs)
    coords = {name: coord.variable for name, coord in template.coords.items()
              if D.PLACE not in coord.dims and D.DRAW not in coord.dims}
    if draws is not None:
        coords[D.DRAW] = draws.variable
    return xr.Dataset(variables, coords={**coords, D.PLACE: places}, attrs=template.attrs)


#: A totals task's peak memory over its projection under one outcome: the projection
#: and the temporaries it is computed through (measured with tracemalloc: 1.35 to 1.6 on
#: the bundled examples).
_WORKING = 2


def _chunk_size(chunks: int | str, per_place: int, places: int, threads: int) -> int:
    """Places per chunk: as given, or (``"auto"``) at most about dask's
    ``array.chunk-size`` (128 MiB unless configured) of ``per_place`` bytes a place, in
    whole rounds of one chunk a thread (so no thread waits alone for a last chunk)."""
    if not isinstance(chunks, str):
        return chunks
    import dask.utils

    limit = dask.utils.parse_bytes(dask.config.get("array.chunk-size"))
    by_memory = max(1, limit // max(1, per_place))
    # a whole number of rounds of chunks, one chunk a thread each round, none too big
    count = threads * -(-places // (threads * by_memory))
    return max(1, -(-places // count))


@attrs.frozen(kw_only=True, eq=False)
class _Layout:
    """How the projection of many places is labelled when it is first read: in memory,
    or (``chunks``) lazily on dask, a task a chunk of places that projects the chunk
    in memory."""

    inputs: xr.Dataset
    """The engine's inputs."""
    scales: xr.Dataset
    """The place table's scales."""
    chunks: int | str | None
    """Places per chunk (or ``"auto"``); ``None``: in memory."""
    threads: int
    """The threads computing it (what ``"auto"`` chunks are a multiple of)."""

    def __call__(self) -> xr.Dataset:
        if self.chunks is None:
            dataset = _project_places(self.inputs, self.scales)
        else:
            dataset = self._chunked(self.chunks)
        dataset.attrs = {**dataset.attrs, "places": self.scales.sizes[D.PLACE]}
        return dataset

    def _chunked(self, chunks: int | str) -> xr.Dataset:
        from dask.delayed import delayed

        # the shapes and labels of one place's projection, from its first draw (its
        # figures are the chunks' to compute)
        inputs, scales = self.inputs, self.scales
        draws = inputs[D.DRAW] if D.DRAW in inputs.dims else None
        first = inputs if draws is None else inputs.isel({D.DRAW: slice(0, 1)})
        template = _project_places(first, scales.isel({D.PLACE: slice(0, 1)}))
        n_draws = 1 if draws is None else draws.size
        # a place's figures: each variable of the first draw's times the draws
        per_place = sum(v.nbytes * (n_draws if D.DRAW in v.dims else 1)
                        for v in template.data_vars.values())
        blocks = _blocks(scales, _chunk_size(chunks, per_place, scales.sizes[D.PLACE],
                                             self.threads))
        # each task carries the inputs (see _chunked_totals)
        projected = [delayed(_project_places, pure=True)(inputs, block) for block in blocks]
        return _assemble(template, projected, [b.sizes[D.PLACE] for b in blocks],
                         scales[D.PLACE].to_numpy(), draws)


def _blocks(scales: xr.Dataset, size: int) -> list[xr.Dataset]:
    """The place table's scales in chunks of ``size`` places."""
    return [scales.isel({D.PLACE: slice(start, start + size)})
            for start in range(0, scales.sizes[D.PLACE], size)]


def _chunked_totals(shared: _Shared, scales: xr.Dataset, chunks: int | str, threads: int
                    ) -> tuple[tuple[Any, ...], tuple[tuple[Any, Any], ...]]:
    """The present values by place, lazily on dask: a task per chunk of places projects
    the chunk with numpy under one outcome and reduces it to present values, so the
    graph has a task per chunk whatever the size of the projection, and the totals hold
    one chunk's projection per worker at a time. Returns the chunks' delayed totals and
    their recipes (the inputs and scales of each chunk)."""
    from dask.delayed import delayed

    # what a task holds at its peak: its projection under one outcome, and temporaries
    per_place = _WORKING * shared.place_bytes(scales.isel({D.PLACE: slice(0, 1)}))
    # each chunk's task carries the inputs it reads (a few hundred kilobytes), so that
    # any worker can take any chunk at once: no key held by one worker draws the
    # chunks to it, and no scatter waits for every worker before the first chunk
    recipes = tuple((shared, block) for block in _blocks(
        scales, _chunk_size(chunks, per_place, scales.sizes[D.PLACE], threads)))
    return tuple(delayed(_place_totals, pure=True)(*recipe) for recipe in recipes), recipes


def _join(totals: list[xr.Dataset]) -> xr.Dataset:
    """The chunks' present values, one after another along ``place``."""
    return xr.concat(totals, dim=D.PLACE, join="exact", coords="minimal",
                     compat="equals", combine_attrs="drop_conflicts")


@contextlib.contextmanager
def _progress_bar(show: bool) -> Iterator[None]:
    if not show:
        yield
        return
    import importlib

    bar: Any = importlib.import_module("dask.diagnostics").ProgressBar(out=sys.stderr)
    with bar:
        yield


def _from_cases(cases: Mapping[str, BusinessCase], *, draws: int | None, seed: int | None,
                unit_costs: UnitCostDatabase | None, **simulate_options: Any) -> xr.Dataset:
    """One projection per case, stacked along ``place`` with exact alignment."""
    from placebudget.engine.project import Projection
    from placebudget.errors import AlignmentError

    if not cases:
        raise ValidationError.single(path="cases", message="must name at least one case")
    projections = []
    for name, one in cases.items():
        inputs = (build_inputs(one, database=unit_costs) if draws is None else
                  sample_inputs(one, draws=draws, seed=seed, unit_costs=unit_costs,
                                **simulate_options))
        projections.append(Projection.from_inputs(inputs, one).dataset.expand_dims(
            {D.PLACE: [name]}))
    try:
        stacked = xr.concat(projections, dim=D.PLACE, join="exact", coords="minimal",
                            compat="equals", combine_attrs="drop_conflicts")
    except ValueError as exc:
        msg = ("the cases must have the same partners, years and outcomes to be added up "
               f"({exc})")
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
        stacked = _from_cases(case, draws=draws, seed=seed, unit_costs=unit_costs,
                              **simulate_options)
        if chunks is not None or client is not None:
            stacked = stacked.chunk({D.PLACE: chunks or 16})
        return Aggregate(dataset=stacked, client=client, progress=show)
    if places is None:
        raise ValidationError.single(path="places", message="a place table is required")
    if draws is None:
        inputs = build_inputs(case, database=unit_costs)
    else:
        inputs = sample_inputs(case, draws=draws, seed=seed, unit_costs=unit_costs,
                               **simulate_options)
    scales = place_scales(places, [str(i) for i in inputs[D.INTERVENTION].to_numpy()])
    if client is not None and chunks is None:
        chunks = "auto"
    shared = _Shared.from_inputs(inputs)
    if chunks is None:  # the totals in memory, projected with numpy under one outcome
        layout = _Layout(inputs=inputs, scales=scales, chunks=None, threads=1)
        return Aggregate(dataset=layout, totals=_place_totals(shared, scales),
                         client=client, progress=show)
    _check_chunks(chunks)
    import dask.system

    threads = max(1, sum(client.nthreads().values()) if client is not None
                  else dask.system.CPU_COUNT)
    layout = _Layout(inputs=inputs, scales=scales, chunks=chunks, threads=threads)
    totals, recipes = _chunked_totals(shared, scales, chunks, threads)
    return Aggregate(dataset=layout, totals=totals, client=client, progress=show,
                     chunks=recipes)


def _check_chunks(chunks: object) -> None:
    if chunks == "auto" or (isinstance(chunks, int | np.integer)
                            and not isinstance(chunks, bool) and chunks >= 1):
        return
    raise ValidationError.single(path="chunks", value=chunks,
                                 message="must be a whole number of places of 1 or more, "
                                         "or 'auto'")
