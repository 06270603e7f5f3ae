"""The labelled (xarray) face of the numpy core, below every module that reads labels.

:func:`apply_core` applies a function of the core's arrays to labelled inputs (extra
leading dimensions broadcast, lazily on dask); :func:`compute` is the projection of an
input Dataset through it, :func:`dressed` and :func:`label_figures` label a projection's
figures, and :func:`labelled_present_value`, :func:`labelled_payback` and
:func:`year_or_none` are what the agreements and the appraisal read from labelled flows.
The numpy arithmetic they apply is the core's (:mod:`~placebudget.engine._core`,
:mod:`~placebudget.engine._appraisal_core`); xarray is imported when first needed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import payback_years
from placebudget.engine._core import INPUT_DIMS, OUTPUT_DIMS, project_arrays
from placebudget.engine._inputs import VALUE_TRACES
from placebudget.figures import FIGURES

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "ALL_OUTCOMES",
    "LEAD_DIMS",
    "apply_core",
    "compute",
    "dressed",
    "label_figures",
    "labelled_payback",
    "labelled_present_value",
    "lead_first",
    "one_outcome",
    "year_or_none",
]

#: Leading dimensions of a projection, in this order ahead of any other.
LEAD_DIMS: tuple[str, ...] = (D.DRAW, D.PLACE, D.OPTION)

#: The one outcome of :func:`one_outcome`'s inputs.
ALL_OUTCOMES = "(all outcomes)"

#: The projection's figures, as the catalogue declares them (:mod:`placebudget.figures`).
_FIGURES = {name: found for name, found in FIGURES.items() if found.role in ("variable", "detail")}


def dressed(variables: Mapping[str, xr.DataArray], attrs: Mapping[str, Any]) -> xr.Dataset:
    """The projection Dataset of labelled figures: each with its description (and, for
    money, its units and price base), the inputs' attributes but the value traces."""
    import xarray as xr

    price_base = attrs.get("price_base")
    for name, array in variables.items():
        found = _FIGURES.get(name)
        description = None if found is None else found.doc
        if found is not None and found.money:
            array.attrs = {"units": "GBP", "price_base": price_base, "description": description}
        elif name == D.DISCOUNT_FACTOR:
            array.attrs = {"description": description, "schedule": attrs.get("discounting", "")}
        elif description is not None:
            array.attrs = {"description": description}
    return xr.Dataset(dict(variables), attrs={k: v for k, v in attrs.items() if k != VALUE_TRACES})


def lead_first(array: xr.DataArray, core: Sequence[str]) -> xr.DataArray:
    """``array`` with its ``core`` dimensions trailing and the others ahead of them,
    :data:`LEAD_DIMS` first."""
    lead = [d for d in array.dims if d not in core]
    order = [d for d in LEAD_DIMS if d in lead] + [d for d in lead if d not in LEAD_DIMS]
    return array.transpose(*order, *core)


def apply_core(
    function: Any,
    inputs: Mapping[str, xr.DataArray],
    input_dims: Mapping[str, Sequence[str]],
    outputs: Mapping[str, Sequence[str]],
) -> dict[str, xr.DataArray]:
    """``function`` (arrays by name → arrays by name, core dimensions trailing) applied
    to labelled ``inputs``: extra dimensions broadcast ahead of the core ones
    (:data:`LEAD_DIMS` first), lazily on dask (one task a block, the core dimensions in
    one chunk each)."""
    import xarray as xr

    names = list(inputs)
    wanted = list(outputs)

    def core(*arrays: Any) -> Any:
        given = dict(zip(names, arrays, strict=True))
        out = function(given)
        lead = np.broadcast_shapes(
            *(np.shape(a)[: np.ndim(a) - len(input_dims[n])] for n, a in given.items())
        )
        found = tuple(
            np.broadcast_to(out[n], (*lead, *np.shape(out[n])[np.ndim(out[n]) - len(outputs[n]) :]))
            for n in wanted
        )
        return found if len(found) > 1 else found[0]

    results = xr.apply_ufunc(
        core,
        *(inputs[n] for n in names),
        input_core_dims=[list(input_dims[n]) for n in names],
        output_core_dims=[list(outputs[n]) for n in wanted],
        dask="parallelized",
        output_dtypes=[float] * len(wanted),
        # the core dimensions of a projection are small: one chunk along each
        dask_gufunc_kwargs={"allow_rechunk": True},
    )
    if len(wanted) == 1:
        results = (results,)
    return {n: lead_first(r, outputs[n]) for n, r in zip(wanted, results, strict=True)}


def compute(inputs: xr.Dataset) -> xr.Dataset:
    """The projection Dataset (see the Dataset reference) computed from the engine's input
    Dataset.

    Parameters
    ----------
    inputs
        As built by :func:`placebudget.engine.build_inputs`; any variable may carry extra
        leading dimensions (such as ``draw``), which are carried through.

    Returns
    -------
    xarray.Dataset
        ``participants``, ``volume``, ``cost``, ``fiscal``, ``cashable``,
        ``transfer_payment``, ``economic``, ``social``, ``baseline_cost``,
        ``reinvested``, ``reinvested_participants``, ``risk_cost``,
        ``weighted_benefit``, ``discount_factor``, the health parts ``health_social``
        and ``health_weighted_benefit`` and ``health_discount_factor``, plus the per-effect
        ``effect_volume`` and ``interaction_factor`` and per-line ``line_cost`` kept as
        detail. Every figure has every extra dimension of the inputs.
    """
    core = {name: inputs[name] for name in INPUT_DIMS if name in inputs.data_vars}
    return dressed(apply_core(project_arrays, core, INPUT_DIMS, OUTPUT_DIMS), inputs.attrs)


def one_outcome(inputs: xr.Dataset) -> xr.Dataset:
    """The same inputs with every effect counted under one outcome,
    :data:`ALL_OUTCOMES`: their projection's money figures are the projection's summed
    over outcomes (what every appraisal metric reads), without the outcome axis of the
    partner × year × outcome arrays. Its ``volume`` adds units of different outcomes and
    is not to be read.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> summed = compute(one_outcome(projection.inputs))
    >>> dict(summed.sizes)["outcome"]
    1
    >>> float(abs(summed["fiscal"].sum() - projection.dataset["fiscal"].sum())) < 1e-6
    True
    """
    import xarray as xr

    effects = inputs.sizes[D.EFFECT]
    merged = inputs.drop_vars(
        [D.EFFECT_OUTCOME, D.OUTCOME, D.THEME, D.OUTCOME_UNIT], errors="ignore"
    )
    merged[D.EFFECT_OUTCOME] = xr.DataArray(
        np.ones((effects, 1)), dims=(D.EFFECT, D.OUTCOME), coords={D.OUTCOME: [ALL_OUTCOMES]}
    )
    return merged


def label_figures(
    figures: Mapping[str, Any], coords: Mapping[str, Any], attrs: Mapping[str, Any], *, summed: bool
) -> xr.Dataset:
    """A single case's figures (arrays by name, :data:`~placebudget.engine._core.OUTPUT_DIMS`
    each) as the projection Dataset with its detail, labelled with ``coords`` (name →
    values for a dimension's, ``(dim, values)`` for labels along one) and ``attrs``;
    ``summed``: the figures are under one outcome, :data:`ALL_OUTCOMES`, as
    :func:`one_outcome` makes them."""
    import xarray as xr

    labels = dict(coords)
    if summed:
        for name in (D.THEME, D.OUTCOME_UNIT):
            labels.pop(name)
        labels[D.OUTCOME] = [ALL_OUTCOMES]
    variables = {}
    for name, dims in OUTPUT_DIMS.items():
        own = {
            c: v
            for c, v in labels.items()
            if (c in dims) or (isinstance(v, tuple) and v[0] in dims)
        }
        variables[name] = xr.DataArray(figures[name], dims=dims, coords=own)
    return dressed(variables, attrs)


def labelled_present_value(flow: xr.DataArray, discount: xr.DataArray) -> xr.DataArray:
    """``Σ_year discount · flow``, keeping every other dimension (the labelled face of
    :func:`placebudget.engine._appraisal_core.present_value`)."""
    import xarray as xr

    pv: xr.DataArray = xr.dot(flow, discount, dim=D.YEAR)
    return pv


def labelled_payback(benefit: xr.DataArray, cost: xr.DataArray) -> xr.DataArray:
    """The first year in which cumulative ``benefit`` reaches cumulative ``cost``.

    Only years with some cumulative cost count, so a partner who spends nothing has no
    payback year. NaN where payback is not reached within the horizon.

    Examples
    --------
    >>> import xarray as xr
    >>> years = {"year": [2012, 2013, 2014]}
    >>> b = xr.DataArray([0., 60., 60.], coords=years, dims="year")
    >>> c = xr.DataArray([100., 0., 0.], coords=years, dims="year")
    >>> int(labelled_payback(b, c))  # cumulative benefit 0, 60, 120 against 100 spent in 2012
    2014
    """
    import xarray as xr

    years = benefit[D.YEAR].to_numpy()
    found: xr.DataArray = xr.apply_ufunc(
        payback_years,
        benefit,
        cost,
        kwargs={"years": years},
        input_core_dims=[[D.YEAR], [D.YEAR]],
        dask="parallelized",
        output_dtypes=[float],
        dask_gufunc_kwargs={"allow_rechunk": True},
    )
    return found


def year_or_none(value: float) -> int | None:
    """A payback year as an int, or ``None`` for NaN (not reached)."""
    return None if math.isnan(value) else int(value)
