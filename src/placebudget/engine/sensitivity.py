"""One-way sensitivity: each uncertain input at its low and high value (the tornado), and
the switching value at which the case stops breaking even.

Every scenario is a row of a leading ``scenario`` dimension, so all of them are computed
in one vectorised pass. The inputs are those :func:`~placebudget.engine.simulate.simulate`
varies by default — each effect's baseline and impact, each of its values and each cost
line, the rows of :func:`~placebudget.engine.uncertain.uncertain_inputs` that vary by
default — with low and high at ``point × (1 ∓ cv)`` for the coefficient of variation of the
input's evidence grade (rates are kept within [0, 1], the range they are defined on; the
table shows the values used).

Examples
--------
>>> from placebudget.testing import example_case
>>> table = tornado(example_case())
>>> table.index[0]
'work_support › jsa_into_work › baseline'
>>> round(float(table.loc["work_support › jsa_into_work › impact", "switching_value"]), 4)
0.1067
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._inputs import build_inputs
from placebudget.engine.appraise import appraise
from placebudget.engine.project import compute, one_outcome
from placebudget.engine.uncertain import UncertainInput, set_inputs, uncertain_inputs
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import GradeSpread

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = ["SCENARIO", "tornado"]

#: Leading dimension of the sensitivity scenarios.
SCENARIO = "scenario"

#: A scenario: one uncertain input set to one value (a rate, or a factor on money).
Setting = tuple[UncertainInput, float]


def _scenarios(inputs: xr.Dataset, settings: list[Setting]) -> xr.Dataset:
    """``inputs`` with a leading scenario dimension: row ``s`` sets one input to a value
    (rates) or multiplies it by a factor (money)."""
    return set_inputs(inputs, [(target, np.array([value]), slice(row, row + 1))
                               for row, (target, value) in enumerate(settings)],
                      SCENARIO, len(settings))


#: Memory a batch of sensitivity scenarios may take (bytes): scenarios are projected this
#: many at a time, so a case with thousands of inputs never needs them all at once.
SCENARIO_BATCH_BYTES = 256 * 1024**2


def _batch_size(inputs: xr.Dataset) -> int:
    """Scenarios per batch: the budget over a scenario's largest arrays (the benefit
    profile, effects × years², and the money variables, partners × years, projected
    under one outcome)."""
    n_e, n_y, n_p = inputs.sizes[D.EFFECT], inputs.sizes[D.YEAR], inputs.sizes[D.PARTNER]
    per_scenario = 8 * (4 * n_e * n_y * n_y + 12 * n_p * n_y + 4 * n_e * n_p * n_y)
    return max(1, SCENARIO_BATCH_BYTES // max(per_scenario, 1))


def _metric(inputs: xr.Dataset, settings: list[Setting], metric: str
            ) -> np.ndarray[Any, Any]:
    size = _batch_size(inputs)
    parts = [np.asarray(appraise(compute(one_outcome(
        _scenarios(inputs, settings[start:start + size]))))[metric].to_numpy())
             for start in range(0, len(settings), size)]
    return np.concatenate(parts) if parts else np.zeros(0)


def tornado(
    case: BusinessCase,
    *,
    metric: str = "npbi",
    spread: GradeSpread | None = None,
    unit_costs: UnitCostDatabase | None = None,
    iterations: int = 30,
) -> pd.DataFrame:
    """One-way sensitivity of ``metric`` to each uncertain input, largest swing first.

    Parameters
    ----------
    case
        The business case.
    metric
        An appraisal metric (``npbi``, ``nppv``, ``fiscal_roi``, ``bcr``, ``pv_fiscal`` …);
        the switching value is where ``npbi``/``nppv`` cross 0 and ratios cross 1.
    spread
        Coefficient of variation by grade for the low and high values
        (:meth:`placebudget.model.GradeSpread.default`).
    unit_costs
        Database for ``"ucd:CODE"`` values.
    iterations
        Secant steps allowed when finding switching values.

    Returns
    -------
    pandas.DataFrame
        Index: input name (``work_support › jsa_into_work › impact``). Columns:
        ``point``, ``low``, ``high`` (rates as rates, money as factors on the value
        given), ``metric_low``, ``metric_high``, ``swing``,
        ``switching_value`` (the input value at which the metric crosses its threshold,
        NaN if it never does within the input's range) and ``switching_change`` (that
        value as a relative change from the point).
    """
    table = spread or GradeSpread.default()
    inputs = build_inputs(case, database=unit_costs)
    targets = [t for t in uncertain_inputs(inputs) if t.default]
    threshold = 1.0 if metric in ("fiscal_roi", "bcr") else 0.0
    base = float(appraise(compute(one_outcome(inputs)))[metric])
    rows = []
    settings = []
    for target in targets:
        if target.range is not None:  # a published range (Green Book appraisal value)
            low, high = target.range
        else:
            cv = table.cv(target.grade)
            low, high = target.point * (1 - cv), target.point * (1 + cv)
            high = min(high, target.bounds[1])
        rows.append((target.name, target.point, low, high))
        settings += [(target, low), (target, high)]
    values = _metric(inputs, settings, metric).reshape(len(targets), 2)
    frame = pd.DataFrame(rows, columns=["input", "point", "low", "high"]).set_index("input")
    frame["metric_low"], frame["metric_high"] = values[:, 0], values[:, 1]
    frame["swing"] = (frame["metric_high"] - frame["metric_low"]).abs()
    frame["switching_value"] = _switching(inputs, targets, frame, metric, threshold, base,
                                          iterations)
    frame["switching_change"] = frame["switching_value"] / frame["point"] - 1
    frame.attrs = {"metric": metric, "base": base, "threshold": threshold,
                   "spread": table.name}
    return frame.sort_values("swing", ascending=False, kind="stable")


def _switching(inputs: xr.Dataset, targets: list[UncertainInput], frame: pd.DataFrame,
               metric: str, threshold: float, base: float, iterations: int) -> np.ndarray[Any, Any]:
    """Secant search, all inputs at once, from (point, base) and (high, metric_high)."""
    x0 = frame["point"].to_numpy(dtype=float).copy()
    y0 = np.full(len(targets), base) - threshold
    x1 = frame["high"].to_numpy(dtype=float).copy()
    y1 = frame["metric_high"].to_numpy(dtype=float) - threshold
    upper = np.array([target.bounds[1] for target in targets])
    scale = max(abs(base), 1.0)
    found = np.full(len(targets), np.nan)
    active = np.abs(y1 - y0) > 1e-12 * scale
    for _ in range(iterations):
        if not active.any():
            break
        with np.errstate(divide="ignore", invalid="ignore"):
            x2 = x1 - y1 * (x1 - x0) / (y1 - y0)
        outside = active & ((x2 < 0) | (x2 > upper) | ~np.isfinite(x2))
        active &= ~outside
        # an input whose search has ended is set to its last finite value, never to a
        # step that left its range (an infinite step would poison the whole batch)
        step = np.where(active, x2, x1)
        settings = [(target, float(step[k])) for k, target in enumerate(targets)]
        y2 = _metric(inputs, settings, metric) - threshold
        done = active & (np.abs(y2) <= 1e-9 * scale)
        found[done] = x2[done]
        active &= ~done
        x0, y0, x1, y1 = x1, y1, np.where(active, x2, x1), np.where(active, y2, y1)
        active &= np.abs(y1 - y0) > 1e-12 * scale
    return found
