"""What a :class:`~placebudget.engine.Projection` is computed from: an
:class:`InputSource`, one interface over the two kinds of inputs a projection has.

- :class:`ResolvedSource`: a case's resolved inputs
  (:class:`~placebudget.engine._inputs.ResolvedInputs`, from
  :func:`placebudget.engine.project`): arrays without labels, projected with numpy and
  labelled only when read; the input Dataset built when first asked for.
- :class:`DatasetSource`: an input Dataset (from :func:`placebudget.engine.simulate`,
  :meth:`~placebudget.engine.Projection.from_inputs`), which may have extra leading
  dimensions (draws, places) and be dask-backed: labelled figures are computed over it
  by :func:`~placebudget.engine._labelled.compute`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from placebudget.engine._core import INPUT_DIMS
from placebudget.engine._inputs import MAPS, VALUE_TRACES, ResolvedInputs
from placebudget.engine._labelled import compute, label_figures, one_outcome
from placebudget.engine._onehot import OneHot

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["DatasetSource", "InputSource", "ResolvedSource", "core_arrays"]

#: The numpy figures of a source's inputs (by outcome, or under one outcome), computed
#: when called.
Figures = Callable[[], Mapping[str, Any]]


class InputSource(Protocol):
    """The inputs of a projection, as the projection reads them."""

    @property
    def resolved(self) -> ResolvedInputs | None:
        """The case's resolved inputs, when the inputs are a case's."""

    @property
    def attrs(self) -> Mapping[str, Any]:
        """The inputs' attributes (case, place, price base …), without the value
        traces."""

    def arrays(self) -> dict[str, Any]:
        """The inputs as the engine's core reads them (``placebudget.engine._core``):
        arrays by name, the maps one-hot where they are; a ValueError when the inputs
        have extra dimensions (draws, places)."""

    def values(self, name: str) -> Any:
        """The values of an input variable (a map as its 0/1 array) or coordinate."""

    def __contains__(self, name: object) -> bool:
        """Whether the inputs hold a variable or coordinate ``name``."""

    def dataset(self) -> xr.Dataset:
        """The engine's input Dataset (:func:`placebudget.engine.build_inputs`)."""

    def trace_rows(self) -> list[list[Any]]:
        """The value traces as rows of
        :data:`~placebudget.engine._inputs.VALUE_TRACE_COLUMNS`."""

    def labelled(self, figures: Figures, *, summed: bool) -> xr.Dataset:
        """The projection Dataset with its detail, by outcome or (``summed``) under one
        outcome; ``figures`` gives the same figures with numpy (core dimensions only),
        which a source may label rather than compute them again."""


class ResolvedSource:
    """A case's resolved inputs as an :class:`InputSource`: projected with numpy and
    labelled with the resolved coordinates; the input Dataset built once, when first
    asked for."""

    __slots__ = ("_dataset", "resolved")

    def __init__(self, resolved: ResolvedInputs) -> None:
        self.resolved = resolved
        self._dataset: xr.Dataset | None = None

    @property
    def attrs(self) -> Mapping[str, Any]:
        return self.resolved.attrs

    def arrays(self) -> dict[str, Any]:
        return self.resolved.arrays()

    def values(self, name: str) -> Any:
        return self.resolved.values(name)

    def __contains__(self, name: object) -> bool:
        return name in self.resolved

    def dataset(self) -> xr.Dataset:
        if self._dataset is None:
            self._dataset = self.resolved.dataset()
        return self._dataset

    def trace_rows(self) -> list[list[Any]]:
        return self.resolved.trace_rows()

    def labelled(self, figures: Figures, *, summed: bool) -> xr.Dataset:
        return label_figures(figures(), self.resolved.coords, self.resolved.attrs, summed=summed)


def core_arrays(inputs: xr.Dataset) -> dict[str, Any]:
    """An input Dataset's variables as the engine's core reads them: arrays by name, the
    core dimensions trailing in their order (any others ahead), the maps one-hot where
    they are."""
    arrays: dict[str, Any] = {
        name: inputs[name].transpose(..., *INPUT_DIMS[name]).to_numpy()
        for name in INPUT_DIMS
        if name in inputs.data_vars
    }
    for name in MAPS:
        arrays[name] = OneHot.of(arrays[name])
    return arrays


class DatasetSource:
    """An input Dataset as an :class:`InputSource`: its labelled projection computed over
    it (any extra leading dimension carried through, lazily on dask-backed inputs)."""

    __slots__ = ("inputs",)

    resolved: None = None

    def __init__(self, inputs: xr.Dataset) -> None:
        self.inputs = inputs

    @property
    def attrs(self) -> Mapping[str, Any]:
        return {k: v for k, v in self.inputs.attrs.items() if k != VALUE_TRACES}

    def arrays(self) -> dict[str, Any]:
        inputs = self.inputs
        extra = {
            d
            for name in INPUT_DIMS
            if name in inputs.data_vars
            for d in inputs[name].dims
            if d not in INPUT_DIMS[name]
        }
        if extra:
            msg = (
                f"these inputs have the extra dimensions {sorted(map(str, extra))}; use "
                "placebudget.engine.appraise(projection.totals) for metrics by draw or "
                "place"
            )
            raise ValueError(msg)
        return core_arrays(inputs)

    def values(self, name: str) -> Any:
        return np.asarray(self.inputs[name].to_numpy())

    def __contains__(self, name: object) -> bool:
        return name in self.inputs

    def dataset(self) -> xr.Dataset:
        return self.inputs

    def trace_rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = json.loads(self.inputs.attrs.get(VALUE_TRACES, "[]"))
        return rows

    def labelled(self, figures: Figures, *, summed: bool) -> xr.Dataset:
        # an overflowing figure is reported by project's check, not as a numpy warning
        with np.errstate(over="ignore", invalid="ignore"):
            return compute(one_outcome(self.inputs) if summed else self.inputs)
