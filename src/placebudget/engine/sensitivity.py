"""One-way sensitivity: each uncertain input at its low and high value (the tornado), and
the switching value at which the case stops breaking even.

Every scenario is a row of a leading ``scenario`` dimension, so all of them are computed
in one vectorised pass. The inputs are those :func:`~placebudget.engine.simulate.simulate`
varies by default — each effect's baseline and impact, each of its values and each cost
line — with low and high at ``point × (1 ∓ cv)`` for the coefficient of variation of the
input's evidence grade (rates are kept within [0, 1], the range they are defined on; the
table shows the values used).

Examples
--------
>>> from placebudget.testing import example_case
>>> table = tornado(example_case())
>>> table.index[0]
'interventions[0].effects[0].baseline'
>>> round(float(table.loc["interventions[0].effects[0].impact", "switching_value"]), 4)
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
from placebudget.engine.project import compute
from placebudget.engine.simulate import VARIED_BY_DEFAULT
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import BOUNDED_RATES, GradeSpread

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = ["SCENARIO", "tornado"]

#: Leading dimension of the sensitivity scenarios.
SCENARIO = "scenario"

_RATES = VARIED_BY_DEFAULT


def _targets(inputs: xr.Dataset) -> list[tuple[str, str, tuple[int, ...], float, int]]:
    """(path, variable, index, point, grade) of every varied input; money inputs are
    factors with point 1."""
    found: list[tuple[str, str, tuple[int, ...], float, int]] = []
    paths = [str(p) for p in inputs["effect_path"].to_numpy()]
    grades = inputs["effect_confidence"].to_numpy()
    partners = [str(p) for p in inputs[D.PARTNER].to_numpy()]
    fiscal = inputs["fiscal_value"].to_numpy()
    for e, path in enumerate(paths):
        for rate in _RATES:
            found.append((f"{path}.{rate}", rate, (e,), float(inputs[rate][e]), int(grades[e])))
        for p, partner in enumerate(partners):
            if fiscal[e, p] != 0:
                found.append((f"{path}.fiscal['{partner}']", "fiscal_value", (e, p), 1.0,
                              int(grades[e])))
        for kind in ("economic", "social"):
            if float(inputs[f"{kind}_value"][e]) != 0:
                found.append((f"{path}.{kind}", f"{kind}_value", (e,), 1.0, int(grades[e])))
    line_grades = inputs["line_confidence"].to_numpy()
    for n, path in enumerate(str(p) for p in inputs["line_path"].to_numpy()):
        found.append((path, "line", (n,), 1.0, int(line_grades[n])))
    return found


def _scenarios(inputs: xr.Dataset, settings: list[tuple[str, tuple[int, ...], float, float]]
               ) -> xr.Dataset:
    """``inputs`` with a leading scenario dimension: row ``s`` sets one input (variable,
    index) to a value (rates) or multiplies it by a factor (money)."""
    n = len(settings)
    coords = {SCENARIO: np.arange(n)}
    new: dict[str, Any] = {}
    for variable in ("baseline", "impact", "fiscal_value", "economic_value", "social_value",
                     "line_amount", "line_per_participant"):
        new[variable] = np.broadcast_to(inputs[variable].to_numpy(),
                                        (n, *inputs[variable].shape)).copy()
    for s, (variable, index, value, point) in enumerate(settings):
        if variable in _RATES:
            new[variable][(s, *index)] = value
        elif variable == "line":
            new["line_amount"][s, index[0]] *= value / point
            new["line_per_participant"][s, index[0]] *= value / point
        else:
            new[variable][(s, *index)] *= value / point
    return inputs.assign({
        name: xr.DataArray(array, dims=(SCENARIO, *inputs[name].dims), coords=coords)
        for name, array in new.items()})


#: Memory a batch of sensitivity scenarios may take (bytes): scenarios are projected this
#: many at a time, so a case with thousands of inputs never needs them all at once.
SCENARIO_BATCH_BYTES = 256 * 1024**2


def _batch_size(inputs: xr.Dataset) -> int:
    """Scenarios per batch: the budget over a scenario's largest arrays (the benefit
    profile, effects × years², and the money variables, partners × years × outcomes)."""
    n_e, n_y = inputs.sizes[D.EFFECT], inputs.sizes[D.YEAR]
    n_p, n_o = inputs.sizes[D.PARTNER], inputs.sizes[D.OUTCOME]
    per_scenario = 8 * (4 * n_e * n_y * n_y + 12 * n_p * n_y * n_o + 4 * n_e * n_p * n_y)
    return max(1, SCENARIO_BATCH_BYTES // max(per_scenario, 1))


def _metric(inputs: xr.Dataset, settings: list[tuple[str, tuple[int, ...], float, float]],
            metric: str) -> np.ndarray[Any, Any]:
    size = _batch_size(inputs)
    parts = [np.asarray(appraise(compute(_scenarios(inputs, settings[start:start + size]))
                                 )[metric].to_numpy())
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
        Index: input path. Columns: ``point``, ``low``, ``high`` (rates as rates, money as
        factors on the value given), ``metric_low``, ``metric_high``, ``swing``,
        ``switching_value`` (the input value at which the metric crosses its threshold,
        NaN if it never does within the input's range) and ``switching_change`` (that
        value as a relative change from the point).
    """
    table = spread or GradeSpread.default()
    inputs = build_inputs(case, database=unit_costs)
    targets = _targets(inputs)
    threshold = 1.0 if metric in ("fiscal_roi", "bcr") else 0.0
    base = float(appraise(compute(inputs))[metric])
    rows = []
    settings = []
    for path, variable, index, point, grade in targets:
        cv = table.cv(grade)
        low, high = point * (1 - cv), point * (1 + cv)
        if variable in BOUNDED_RATES:
            high = min(high, 1.0)
        rows.append((path, point, low, high))
        settings += [(variable, index, low, point), (variable, index, high, point)]
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


def _switching(inputs: xr.Dataset, targets: list[tuple[str, str, tuple[int, ...], float, int]],
               frame: pd.DataFrame, metric: str, threshold: float, base: float,
               iterations: int) -> np.ndarray[Any, Any]:
    """Secant search, all inputs at once, from (point, base) and (high, metric_high)."""
    x0 = frame["point"].to_numpy(dtype=float).copy()
    y0 = np.full(len(targets), base) - threshold
    x1 = frame["high"].to_numpy(dtype=float).copy()
    y1 = frame["metric_high"].to_numpy(dtype=float) - threshold
    upper = np.array([1.0 if v in BOUNDED_RATES else np.inf
                      for _, v, _, _, _ in targets])
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
        settings = [(v, i, float(x2[k]), p) for k, (_, v, i, p, _) in enumerate(targets)]
        y2 = _metric(inputs, settings, metric) - threshold
        done = active & (np.abs(y2) <= 1e-9 * scale)
        found[done] = x2[done]
        active &= ~done
        x0, y0, x1, y1 = x1, y1, np.where(active, x2, x1), np.where(active, y2, y1)
        active &= np.abs(y1 - y0) > 1e-12 * scale
    return found
