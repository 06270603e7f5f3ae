"""An aggregate of many places on dask (:mod:`~placebudget.engine.aggregation`): the
labelled projection of every place, laid out when first read, in memory or lazily a
chunk of places a task (:class:`Layout`), and the totals reduced inside each chunk's task
(:func:`chunked_totals`), chunks sized to keep a task's peak memory within dask's chunk
size (:func:`chunk_size`)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._labelled import compute
from placebudget.engine._places import SharedInputs, per_place, place_totals

__all__ = [
    "Layout",
    "chunk_size",
    "chunked_totals",
    "join",
    "place_blocks",
    "progress_bar",
    "project_places",
]

#: Projection variables an aggregate leaves out (per effect and per cost line detail).
LEFT_OUT = ("effect_volume", "line_cost")


def project_places(inputs: xr.Dataset, scales: xr.Dataset) -> xr.Dataset:
    """The projection of the places of ``scales``, in memory."""
    dataset = compute(per_place(inputs, scales))
    return dataset[[n for n in dataset.data_vars if n not in LEFT_OUT]]


def _values(dataset: xr.Dataset, name: str) -> Any:
    return dataset[name].to_numpy()


def assemble(
    template: xr.Dataset,
    parts: list[Any],
    sizes: list[int],
    places: np.ndarray[Any, Any],
    draws: xr.DataArray | None,
) -> xr.Dataset:
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
            blocks.append(
                da.from_delayed(  # type: ignore[no-untyped-call]
                    values, shape=tuple(shape), dtype=variable.dtype, meta=empty
                )
            )
        joined = da.concatenate(blocks, axis=axis)  # type: ignore[no-untyped-call]
        variables[str(name)] = xr.Variable(variable.dims, joined, attrs=variable.attrs)
    coords = {
        name: coord.variable
        for name, coord in template.coords.items()
        if D.PLACE not in coord.dims and D.DRAW not in coord.dims
    }
    if draws is not None:
        coords[D.DRAW] = draws.variable
    return xr.Dataset(variables, coords={**coords, D.PLACE: places}, attrs=template.attrs)


#: A totals task's peak memory over its projection under one outcome: the projection
#: and the temporaries it is computed through (measured with tracemalloc: 1.35 to 1.6 on
#: the bundled examples).
_WORKING = 2


def chunk_size(chunks: int | str, per_place: int, places: int, threads: int) -> int:
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
class Layout:
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
            dataset = project_places(self.inputs, self.scales)
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
        template = project_places(first, scales.isel({D.PLACE: slice(0, 1)}))
        n_draws = 1 if draws is None else draws.size
        # a place's figures: each variable of the first draw's times the draws
        per_place = sum(
            v.nbytes * (n_draws if D.DRAW in v.dims else 1) for v in template.data_vars.values()
        )
        blocks = place_blocks(
            scales, chunk_size(chunks, per_place, scales.sizes[D.PLACE], self.threads)
        )
        # each task carries the inputs (see chunked_totals)
        projected = [delayed(project_places, pure=True)(inputs, block) for block in blocks]
        return assemble(
            template,
            projected,
            [b.sizes[D.PLACE] for b in blocks],
            scales[D.PLACE].to_numpy(),
            draws,
        )


def place_blocks(scales: xr.Dataset, size: int) -> list[xr.Dataset]:
    """The place table's scales in chunks of ``size`` places."""
    return [
        scales.isel({D.PLACE: slice(start, start + size)})
        for start in range(0, scales.sizes[D.PLACE], size)
    ]


def chunked_totals(
    shared: SharedInputs, scales: xr.Dataset, chunks: int | str, threads: int
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
    recipes = tuple(
        (shared, block)
        for block in place_blocks(
            scales, chunk_size(chunks, per_place, scales.sizes[D.PLACE], threads)
        )
    )
    return tuple(delayed(place_totals, pure=True)(*recipe) for recipe in recipes), recipes


def join(totals: list[xr.Dataset]) -> xr.Dataset:
    """The chunks' present values, one after another along ``place``."""
    return xr.concat(
        totals,
        dim=D.PLACE,
        join="exact",
        coords="minimal",
        compat="equals",
        combine_attrs="drop_conflicts",
    )


@contextlib.contextmanager
def progress_bar(show: bool) -> Iterator[None]:
    """Show dask's progress bar (on standard error) while computing, if ``show``."""
    if not show:
        yield
        return
    import importlib

    bar: Any = importlib.import_module("dask.diagnostics").ProgressBar(out=sys.stderr)
    with bar:
        yield
