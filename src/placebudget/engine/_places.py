"""A place table and the engine's inputs of many places
(:mod:`~placebudget.engine.aggregation`): the table checked and turned into each place's
scales (:func:`place_scales`), the inputs a place scales (:data:`SCALED`), and the
present values of places projected with numpy under one outcome
(:class:`SharedInputs`), which the totals of an aggregate add up, in memory or in each
chunk's task."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import health_present_value, present_value
from placebudget.engine._core import INPUT_DIMS, OUTPUT_DIMS, one_outcome_arrays, project_arrays
from placebudget.engine._source import core_arrays
from placebudget.errors import Problem, ValidationError
from placebudget.figures import FIGURES

__all__ = [
    "PLACE_COLUMNS",
    "PRESENT_VALUES",
    "SCALED",
    "SharedInputs",
    "per_place",
    "place_scales",
    "place_totals",
    "reduce_totals",
    "reduced_totals",
]

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
            problems.append(
                Problem(
                    f"places.{column}",
                    f"is not a place table column (allowed: {', '.join(sorted(allowed))})",
                )
            )
    ids = [str(i) for i in places.index]
    if len(places) == 0:
        problems.append(Problem("places", "must have at least one place"))
    seen: set[str] = set()
    for place in ids:
        if place in seen or not place or place == "nan":
            problems.append(Problem("places.index", "place ids must be unique and given", place))
        seen.add(place)
    numeric: dict[str, np.ndarray[Any, Any]] = {}
    for column in places.columns:
        if column == "name" or column not in allowed:
            continue
        values = pd.to_numeric(places[column], errors="coerce").to_numpy(dtype=float)
        for place, raw, value in zip(ids, places[column], values, strict=True):
            if not np.isfinite(value) or value < 0:
                problems.append(
                    Problem(
                        f"places[{place!r}].{column}", "must be a finite number of 0 or more", raw
                    )
                )
        numeric[column] = values
    if problems:
        raise ValidationError(problems, context="invalid place table")
    n = len(ids)
    ones = np.ones(n)
    overall = numeric.get("intake_scale", ones)
    intake = (
        np.stack([overall * numeric.get(f"{i}.intake_scale", ones) for i in interventions], axis=1)
        if interventions
        else np.ones((n, 0))
    )
    coords = {D.PLACE: ids}
    return xr.Dataset(
        {
            "intake_scale": ((D.PLACE, D.INTERVENTION), intake),
            "value_scale": ((D.PLACE,), numeric.get("value_scale", ones)),
            "cost_scale": ((D.PLACE,), numeric.get("cost_scale", ones)),
        },
        coords={**coords, D.INTERVENTION: interventions},
    )


#: The inputs a place scales, each by a column of the place table (``scales``); its
#: ``value_scale`` is the engine's input of that name, which multiplies the figures made
#: of values rather than the values (they are linear in them).
SCALED: dict[str, str] = {
    D.INTAKE: "intake_scale",
    D.LINE_AMOUNT: "cost_scale",
    D.LINE_PER_PARTICIPANT: "cost_scale",
    D.RISK_AMOUNT: "cost_scale",
}


def per_place(inputs: xr.Dataset, scales: xr.Dataset) -> xr.Dataset:
    """Inputs with a ``place`` dimension (kept ahead of the others except ``draw``)."""
    lead = (D.DRAW, D.PLACE)
    scaled = {
        name: inputs[name] * scales[column] for name, column in SCALED.items() if name in inputs
    }
    scaled[D.VALUE_SCALE] = scales["value_scale"]
    return inputs.assign(
        {
            name: value.transpose(*[d for d in lead if d in value.dims], ...)
            for name, value in scaled.items()
        }
    )


#: The present values an aggregate's totals add up, each of the projection variable it
#: discounts (summed over its other dimensions).
PRESENT_VALUES: dict[str, str] = {
    name: str(FIGURES[name].flow)
    for name in (
        "pv_cost",
        "pv_fiscal",
        "pv_cashable",
        "pv_transfers",
        "pv_economic",
        "pv_social",
        "pv_baseline_cost",
    )
}


@attrs.frozen(kw_only=True, eq=False)
class SharedInputs:
    """What every chunk's totals task reads: the inputs as the engine's core reads them
    (:func:`placebudget.engine._source.core_arrays`), each under one outcome, and the
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
    def from_inputs(cls, inputs: xr.Dataset) -> SharedInputs:
        arrays = one_outcome_arrays(core_arrays(inputs))
        drawn = frozenset(
            name for name in arrays if name in inputs.data_vars and D.DRAW in inputs[name].dims
        )
        partners = xr.Dataset(
            coords={
                name: coord.variable
                for name, coord in inputs.coords.items()
                if coord.dims == (D.PARTNER,)
            }
        )
        return cls(
            arrays=arrays,
            drawn=drawn,
            partners=partners,
            draws=inputs[D.DRAW].variable if D.DRAW in inputs.dims else None,
        )

    def place_arrays(self, scales: xr.Dataset) -> dict[str, Any]:
        """The core's inputs for the places of ``scales``: a ``place`` axis after the
        ``draw`` axis (ahead of the core axes otherwise), the inputs a place scales
        multiplied by its column."""
        arrays = {
            name: np.expand_dims(array, 1) if name in self.drawn else array
            for name, array in self.arrays.items()
        }
        columns = {
            column: scales[column].to_numpy() for column in {*SCALED.values(), "value_scale"}
        }
        for name, column in SCALED.items():
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
        shape = ((self.draws.size,) if self.draws is not None else ()) + (scales.sizes[D.PLACE],)
        found: dict[str, tuple[tuple[str, ...], Any]] = {}
        for total, name in PRESENT_VALUES.items():
            core = OUTPUT_DIMS[name]
            flow = figures[name]
            if D.OUTCOME in core:  # one outcome: its only column
                flow = flow[..., 0]
            partner = D.PARTNER in core
            value = present_value(flow, discount, partner=partner)
            if total == "pv_social":  # health values at the health discount factors
                value = value + health_present_value(
                    figures[D.HEALTH_SOCIAL][..., 0],
                    discount,
                    figures[D.HEALTH_DISCOUNT_FACTOR],
                )
            dims = lead + ((D.PARTNER,) if partner else ())
            full = shape + ((flow.shape[-2],) if partner else ())
            found[total] = (
                dims,
                value if value.shape == full else np.broadcast_to(value, full).copy(),
            )
        return found

    def labelled(
        self, values: Mapping[str, tuple[tuple[str, ...], Any]], scales: xr.Dataset
    ) -> xr.Dataset:
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
        return xr.Dataset(
            {name: (found, value) for name, (found, value) in values.items()}, coords=coords
        )

    def place_bytes(self, one: xr.Dataset) -> int:
        """What the projection under one outcome of the place of ``one`` (a place
        table's scales) weighs over every draw, projected from the first."""
        first = attrs.evolve(
            self,
            arrays={
                name: array[:1] if name in self.drawn else array
                for name, array in self.arrays.items()
            },
        )
        draws = 1 if self.draws is None else self.draws.size
        figures = project_arrays(first.place_arrays(one), detail=False)
        # a figure with a draw axis ahead of its place axis weighs the draws
        return sum(
            int(np.asarray(array).nbytes)
            * (draws if np.ndim(array) > len(OUTPUT_DIMS[name]) + 1 else 1)
            for name, array in figures.items()
            if name in OUTPUT_DIMS
        )


def reduce_totals(pv: xr.Dataset, over: tuple[str, ...]) -> xr.Dataset:
    """Present values summed ``over`` dimensions and averaged over draws."""
    reduced = pv.sum(over)
    return reduced.mean(D.DRAW) if D.DRAW in reduced.dims else reduced


def place_totals(shared: SharedInputs, scales: xr.Dataset) -> xr.Dataset:
    """The present values of the places of ``scales`` (as
    :func:`placebudget.engine.aggregation.present_values` gives them)."""
    return shared.labelled(shared.present_values(scales), scales)


def reduced_totals(shared: SharedInputs, scales: xr.Dataset, over: tuple[str, ...]) -> xr.Dataset:
    """The present values of the places of ``scales`` summed ``over`` dimensions and
    averaged over draws."""
    return reduce_totals(place_totals(shared, scales), over)
