"""The resolved inputs of a case: the :class:`ResolvedInputs` container (what the
engine projects a single case from, and makes its input Dataset of), the order its
variables and coordinates are laid out in (:func:`_laid_out`), the maps it holds as
:class:`~placebudget.engine._onehot.OneHot` (:data:`MAPS`), and :func:`input_values`,
which reads a variable from it or from an input Dataset."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs._uprating import VALUE_TRACES, _name, _path
from placebudget.engine._onehot import OneHot
from placebudget.units import quantity_text

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MAPS", "ResolvedInputs", "input_values"]

#: The inputs that map effects and cost lines to interventions, outcomes and partners
#: (:class:`~placebudget.engine._onehot.OneHot` in :class:`ResolvedInputs`, 0/1 arrays in
#: the inputs Dataset).
MAPS: tuple[str, ...] = (
    D.EFFECT_INTERVENTION,
    D.EFFECT_OUTCOME,
    D.LINE_INTERVENTION,
    D.LINE_PARTNER,
)

#: The order of the input variables (the optional ones where a case has them): the
#: interventions', the effects', the cost lines', the discount factors, what the Green
#: Book appraisal adds, then the optional blocks.
_VARIABLES: tuple[str, ...] = (
    D.INTAKE,
    D.ENGAGEMENT,
    D.EFFECT_INTERVENTION,
    D.EFFECT_OUTCOME,
    D.BASELINE,
    D.IMPACT,
    D.DEADWEIGHT,
    D.DISPLACEMENT,
    D.ATTRIBUTION,
    D.BENEFIT_OPTIMISM_BIAS,
    D.DROP_OFF,
    D.ECONOMIC_VALUE,
    D.SOCIAL_VALUE,
    D.LAG,
    D.DURATION,
    D.FISCAL_VALUE,
    D.CASHABLE_SHARE,
    D.TRANSFER_SHARE,
    D.LINE_INTERVENTION,
    D.LINE_PARTNER,
    D.LINE_AMOUNT,
    D.LINE_PER_PARTICIPANT,
    D.COST_OPTIMISM_BIAS,
    D.DISCOUNT_FACTOR,
    D.SOCIAL_INDEX,
    D.SOCIAL_HEALTH,
    D.HEALTH_DISCOUNT_FACTOR,
    D.SOCIAL_LOW,
    D.SOCIAL_HIGH,
    D.LINE_OB_UPPER,
    D.LINE_MITIGATION,
    D.DISTRIBUTIONAL_WEIGHT,
    D.RISK_PROBABILITY,
    D.RISK_AMOUNT,
    D.RISK_PARTNER,
    D.PAIR_FIRST,
    D.PAIR_SECOND,
    D.PAIR_OVERLAP,
    D.EFFECT_ADJUSTMENT,
    D.REINVEST_SHARE,
    D.REINVEST_CAP,
    D.REINVEST_INTO,
    D.REINVEST_FROM,
    D.EFFECT_DIRECTION,
)

#: The order of the input coordinates (the risks' where a case has them): the dimension
#: coordinates of partners, years, outcomes, interventions, effects and cost lines, each
#: (but effects and cost lines) followed by its labels, then the effects' and cost
#: lines' labels.
_COORDS: tuple[str, ...] = (
    D.PARTNER,
    D.PARTNER_KIND,
    D.DEPARTMENT,
    D.YEAR,
    D.OUTCOME,
    D.THEME,
    D.OUTCOME_UNIT,
    D.INTERVENTION,
    D.COHORT_UNIT,
    D.EFFECT,
    D.COST_LINE,
    D.LINE_CATEGORY,
    D.EFFECT_PATH,
    D.EFFECT_NAME,
    D.EFFECT_CONFIDENCE,
    D.LINE_PATH,
    D.LINE_NAME,
    D.LINE_CONFIDENCE,
    D.LINE_KIND,
    D.RISK,
)


def _laid_out(order: tuple[str, ...], *parts: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``parts`` (each name in one part only) in ``order``, any name not
    in it after, as met."""
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    return {**{name: merged[name] for name in order if name in merged}, **merged}


class ResolvedInputs:
    """The engine's inputs for one case, resolved without xarray: what
    :func:`build_inputs` makes its Dataset of, and what a single case is projected from
    directly (:func:`placebudget.engine.project`).

    ``data_vars`` and ``coords`` map names to ``(dims, values)`` (or values, for a
    dimension coordinate), the maps (:data:`MAPS`) as
    :class:`~placebudget.engine._onehot.OneHot`; ``attrs`` are the Dataset's attributes
    but the value traces, which are kept as rows (:meth:`trace_rows`).

    Parameters
    ----------
    data_vars
        The variables: ``{name: (dims, values)}``.
    coords
        The coordinates: ``{name: values}`` for a dimension's, ``{name: (dim, values)}``
        for labels along one.
    attrs
        The attributes but the value traces.
    traces
        The value traces as :meth:`_Uprater.record
        <placebudget.engine._inputs._uprating._Uprater.record>` keeps them.
    """

    __slots__ = ("attrs", "coords", "data_vars", "traces")

    def __init__(
        self,
        data_vars: dict[str, Any],
        coords: dict[str, Any],
        attrs: dict[str, Any],
        traces: list[list[Any]],
    ) -> None:
        self.data_vars = data_vars
        self.coords = coords
        self.attrs = attrs
        self.traces = traces

    def arrays(self) -> dict[str, Any]:
        """Each variable's values by name (the maps as ``OneHot``)."""
        return {name: value for name, (_, value) in self.data_vars.items()}

    def dense(self, name: str) -> Any:
        """A variable's values, a map as its 0/1 array."""
        value = self.data_vars[name][1]
        return value.dense() if isinstance(value, OneHot) else value

    def values(self, name: str) -> Any:
        """The values of a variable (a map as its 0/1 array) or of a coordinate."""
        if name in self.data_vars:
            return self.dense(name)
        value = self.coords[name]
        return np.asarray(value[1] if isinstance(value, tuple) else value)

    def __contains__(self, name: object) -> bool:
        return name in self.data_vars or name in self.coords

    def trace_rows(self) -> list[list[Any]]:
        """The value traces as rows of :data:`VALUE_TRACE_COLUMNS`: the name, the path
        and ``given`` as text."""
        return [
            [
                _name(row[0]),
                row[1] if isinstance(row[1], str) else _path(*row[1]),
                row[2],
                row[3] if isinstance(row[3], str) else quantity_text(row[3]),
                *row[4:],
            ]
            for row in self.traces
        ]

    def dataset(self) -> xr.Dataset:
        """The engine's input Dataset (:func:`build_inputs`)."""
        import xarray as xr

        data_vars = {name: (dims, self.dense(name)) for name, (dims, _) in self.data_vars.items()}
        return xr.Dataset(
            data_vars, self.coords, {**self.attrs, VALUE_TRACES: json.dumps(self.trace_rows())}
        )


def input_values(inputs: xr.Dataset | ResolvedInputs, name: str) -> np.ndarray[Any, Any]:
    """A variable's (a map as its 0/1 array) or coordinate's values, from an input
    Dataset or a case's resolved inputs.

    Parameters
    ----------
    inputs
        An input Dataset (:func:`build_inputs`) or a case's resolved inputs.
    name
        The variable's or coordinate's name.

    Returns
    -------
    numpy.ndarray
        Its values.
    """
    if isinstance(inputs, ResolvedInputs):
        return np.asarray(inputs.values(name))
    return np.asarray(inputs[name].to_numpy())
