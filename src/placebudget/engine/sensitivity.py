"""One-way sensitivity: each uncertain input at its low and high value (the tornado), and
the switching value at which the case stops breaking even.

Every scenario is a row of a leading ``scenario`` dimension, so all of them are computed
in one vectorised pass. The inputs are those :func:`~placebudget.engine.simulate`
varies — each effect's baseline and impact, each of its values and each cost line (the
rows of :func:`~placebudget.engine.uncertain.uncertain_inputs` that vary by default), and
any other input the case states a distribution for. Each is taken over the range the
case gives it where it states one (its ``[uncertainty]`` distribution: a bounded
distribution's lowest and highest value, a normal or log-normal's 5th and 95th
percentiles), else over a published range (a Green Book appraisal value's), else at
``point × (1 ∓ cv)`` for the coefficient of variation of its evidence grade; rates are
kept within [0, 1], money at zero or more, the range they are defined on (the table shows
the values used, and which range each row took).

Examples
--------
>>> from placebudget.testing import example_case
>>> table = tornado(example_case())
>>> table.index[0]
'work_support › jsa_into_work › baseline'
>>> round(float(table.loc["work_support › jsa_into_work › impact", "switching_value"]), 4)
0.1067
>>> row = table.loc["work_support › jsa_into_work › impact"]
>>> row["range_source"], [round(float(row[end]), 4) for end in ("low", "high")]
('no evidence grade (±50%)', [0.15, 0.45])
>>> bool(row["crosses"])  # break-even at 0.1067, below the low end
False
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import METRIC_DIMS, PAYBACK_METRICS, appraise_arrays
from placebudget.engine._core import one_outcome_arrays, project_arrays
from placebudget.engine._inputs import ResolvedInputs, resolve_inputs
from placebudget.engine._projection_base import ProjectionBase
from placebudget.engine.uncertain import (
    UncertainInput,
    set_arrays,
    stated_distributions,
    uncertain_inputs,
)
from placebudget.figures import figure
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import Distribution, GradeSpread

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = [
    "OPTIMISM_BIAS_METRICS",
    "OPTIMISM_BIAS_SCENARIOS",
    "RANGE_SOURCES",
    "SCENARIO",
    "optimism_bias_sensitivity",
    "tornado",
]

#: Leading dimension of the sensitivity scenarios.
SCENARIO = "scenario"

#: A scenario: one uncertain input set to one value (a rate, or a factor on money).
Setting = tuple[UncertainInput, float]

#: Where a row's range comes from (:func:`tornado`'s ``range_source``): the case's own
#: distribution, a published range, or (as ``"evidence grade 4 (±25%)"``) the spread of
#: the input's evidence grade.
RANGE_SOURCES: tuple[str, ...] = ("stated in the case", "published range", "evidence grade")


class _Scenarios:
    """A case's inputs projected under one outcome (every metric is a sum over outcomes)
    by the engine's numpy core, with scenarios as a leading axis: row ``s`` sets one
    input to a value (rates) or multiplies it by a factor (money)."""

    def __init__(self, resolved: ResolvedInputs, metric: str) -> None:
        self.resolved = resolved
        self.metric = metric
        self.base = one_outcome_arrays(resolved.arrays())
        self.years = resolved.values(D.YEAR)

    def _appraised(self, arrays: dict[str, Any], size: int) -> np.ndarray[Any, Any]:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            metrics = appraise_arrays(
                project_arrays(arrays, detail=False),
                self.years,
                paybacks=self.metric in PAYBACK_METRICS,
                annuity=self.resolved.attrs.get("annuity", "due"),
            )
        # a metric the scenarios do not change has no scenario axis
        return np.broadcast_to(np.asarray(metrics[self.metric], dtype=float), (size,))

    def point(self) -> float:
        """The metric as the case gives it."""
        return float(self._appraised(self.base, 1)[0])

    def metric_of(self, settings: list[Setting]) -> np.ndarray[Any, Any]:
        """The metric in each scenario of ``settings``, a batch of them at a time."""
        size = _batch_size(self.base)
        parts = []
        for start in range(0, len(settings), size):
            batch = settings[start : start + size]
            arrays = {
                **self.base,
                **set_arrays(
                    self.resolved,
                    [
                        (target, np.array([value]), slice(row, row + 1))
                        for row, (target, value) in enumerate(batch)
                    ],
                    len(batch),
                ),
            }
            parts.append(self._appraised(arrays, len(batch)))
        return np.concatenate(parts) if parts else np.zeros(0)


#: Memory a batch of sensitivity scenarios may take (bytes): scenarios are projected this
#: many at a time, so a case with thousands of inputs never needs them all at once.
SCENARIO_BATCH_BYTES = 256 * 1024**2


def _batch_size(arrays: dict[str, Any]) -> int:
    """Scenarios per batch: the budget over a scenario's largest arrays (the effects'
    volumes, effects × years, the values by partner, effects × partners, and the money
    figures, partners × years, projected under one outcome)."""
    n_e, n_p = (int(n) for n in arrays[D.FISCAL_VALUE].shape)
    n_y = int(arrays[D.INTAKE].shape[-1])
    per_scenario = 8 * (8 * n_e * n_y + 6 * n_e * n_p + 12 * n_p * n_y)
    return max(1, SCENARIO_BATCH_BYTES // max(per_scenario, 1))


def tornado(
    case: BusinessCase | ProjectionBase,
    *,
    metric: str = "npbi",
    spread: GradeSpread | None = None,
    uncertainty: Mapping[str, Distribution] | None = None,
    unit_costs: UnitCostDatabase | None = None,
    iterations: int = 30,
) -> pd.DataFrame:
    """One-way sensitivity of ``metric`` to each uncertain input, largest swing first.

    Parameters
    ----------
    case
        The business case, or its projection: the projection's own resolved inputs are
        varied (the unit cost database and deflators it was projected with), without
        resolving the case again.
    metric
        An appraisal metric (``npbi``, ``nppv``, ``fiscal_roi``, ``bcr``, ``pv_fiscal`` …);
        the switching value is where ``npbi``/``nppv`` cross 0 and ratios cross 1.
    spread
        Coefficient of variation by grade for the low and high values of the inputs
        the case states no range for (:meth:`placebudget.model.GradeSpread.default`).
    uncertainty
        Distributions by input name, added to (and overriding) the case's own
        ``uncertainty`` (as :func:`~placebudget.engine.simulate` takes them): each
        stated input is taken over its distribution's range.
    unit_costs
        Database for ``"ucd:CODE"`` values.
    iterations
        Secant steps allowed when finding switching values.

    Returns
    -------
    pandas.DataFrame
        Index: input name (``work_support › jsa_into_work › impact``). Columns:
        ``point``, ``low``, ``high`` (rates as rates, money as factors on the value
        given): the range used, which is

        - the case's own distribution of the input where it states one
          (``range_source`` ``"stated in the case"``): a bounded distribution's
          (uniform, triangular, PERT, beta) lowest and highest value, a normal or
          log-normal's 5th and 95th percentiles;
        - else a published range (``"published range"``: a Green Book appraisal
          value's, such as the WELLBY's £10,000–£16,000);
        - else ``point × (1 ∓ cv)`` for the coefficient of variation of the input's
          evidence grade in ``spread`` (``"evidence grade 4 (±25%)"``; an input with no
          grade takes grade 6's spread: ``"no evidence grade (±50%)"``);

        each kept within the values the input may take (a rate within [0, 1], money at
        zero or more). Then ``range_source``, ``metric_low``, ``metric_high``,
        ``swing``, ``switching_value`` (the input value at which the metric reaches
        break-even — 0, or 1 for a ratio — NaN if it never does within the values the
        input may take), ``switching_change`` (that value as a relative change from the
        point) and ``crosses``: whether the switching value lies within ``[low,
        high]``, that is whether the input alone, over the range used, can take the
        metric across break-even.
    """
    table = spread or GradeSpread.default()
    figure(metric, among=METRIC_DIMS, what="metric")
    source = case.case if isinstance(case, ProjectionBase) else case
    resolved = case.resolved if isinstance(case, ProjectionBase) else None
    if resolved is None:
        if source is None:
            msg = "a projection of bare inputs has no case to vary: give the case"
            raise ValueError(msg)
        resolved = resolve_inputs(source, database=unit_costs)
    given = (
        {}
        if source is None
        else stated_distributions(source, uncertainty, context="cannot vary the inputs")[0]
    )
    scenarios = _Scenarios(resolved, metric)
    targets = [t for t in uncertain_inputs(resolved, given) if t.default or t.name in given]
    threshold = 1.0 if metric in ("fiscal_roi", "bcr") else 0.0
    base = scenarios.point()
    rows = []
    settings = []
    for target in targets:
        low, high, whence = _range(target, given.get(target.name), table)
        rows.append(
            (
                target.name,
                target.point,
                max(low, target.bounds[0]),
                min(high, target.bounds[1]),
                whence,
            )
        )
        settings += [(target, rows[-1][2]), (target, rows[-1][3])]
    values = scenarios.metric_of(settings).reshape(len(targets), 2)
    frame = pd.DataFrame(rows, columns=["input", "point", "low", "high", "range_source"]).set_index(
        "input"
    )
    frame["metric_low"], frame["metric_high"] = values[:, 0], values[:, 1]
    frame["swing"] = (frame["metric_high"] - frame["metric_low"]).abs()
    frame["switching_value"] = _switching(scenarios, targets, frame, threshold, base, iterations)
    frame["switching_change"] = frame["switching_value"] / frame["point"] - 1
    switching = frame["switching_value"]
    frame["crosses"] = (
        switching.notna() & (switching >= frame["low"]) & (switching <= frame["high"])
    ).astype(bool)
    frame.attrs = {"metric": metric, "base": base, "threshold": threshold, "spread": table.name}
    return frame.sort_values("swing", ascending=False, kind="stable")


def _range(
    target: UncertainInput, stated: Distribution | None, table: GradeSpread
) -> tuple[float, float, str]:
    """The low and high of one input and where they come from (see :func:`tornado`)."""
    if stated is not None:
        low, high = stated.interval()
        return low, high, RANGE_SOURCES[0]
    if target.range is not None:  # a published range (Green Book appraisal value)
        low, high = target.range
        return low, high, RANGE_SOURCES[1]
    cv = table.cv(target.grade)
    whence = (
        f"evidence grade {target.grade} (±{cv:.0%})"
        if target.grade
        else f"no evidence grade (±{cv:.0%})"
    )
    return target.point * (1 - cv), target.point * (1 + cv), whence


def _switching(
    scenarios: _Scenarios,
    targets: list[UncertainInput],
    frame: pd.DataFrame,
    threshold: float,
    base: float,
    iterations: int,
) -> np.ndarray[Any, Any]:
    """Secant search, all inputs at once, from (point, base) and the end of the range
    that moves the metric most (the high end when both move it alike)."""
    x0 = frame["point"].to_numpy(dtype=float).copy()
    y0 = np.full(len(targets), base) - threshold
    low, high = (frame[f"metric_{end}"].to_numpy(dtype=float) for end in ("low", "high"))
    to_low = np.abs(low - base) > np.abs(high - base)
    x1 = np.where(to_low, frame["low"].to_numpy(dtype=float), frame["high"].to_numpy(dtype=float))
    y1 = np.where(to_low, low, high) - threshold
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
        y2 = scenarios.metric_of(settings) - threshold
        done = active & (np.abs(y2) <= 1e-9 * scale)
        found[done] = x2[done]
        active &= ~done
        x0, y0, x1, y1 = x1, y1, np.where(active, x2, x1), np.where(active, y2, y1)
        active &= np.abs(y1 - y0) > 1e-12 * scale
    return found


#: The headline figures shown with optimism bias as the case states it and without any
#: (:func:`optimism_bias_sensitivity`), in order.
OPTIMISM_BIAS_METRICS: tuple[str, ...] = ("npbi", "fiscal_roi", "nppv", "bcr", "payback_year")

#: The rows of :func:`optimism_bias_sensitivity`: optimism bias as the case states it,
#: and every optimism bias rate 0.
OPTIMISM_BIAS_SCENARIOS: tuple[str, ...] = ("with", "without")


def optimism_bias_sensitivity(projection: ProjectionBase) -> pd.DataFrame:
    """The headline figures with optimism bias as the case states it and with every
    optimism bias rate 0 — the benefit optimism bias of each effect and the cost
    optimism bias of each cost line (by grade, explicit or by capital project type) —
    all else as it is: how much the optimism bias table decides.

    The scenarios are projected together by the engine's numpy core from the
    projection's own resolved inputs (the unit cost database and deflators it was
    projected with), as :func:`tornado`'s are.

    Parameters
    ----------
    projection
        The projection of a case.

    Returns
    -------
    pandas.DataFrame
        Index ``scenario`` (:data:`OPTIMISM_BIAS_SCENARIOS`: ``with``, ``without``);
        one column per metric of :data:`OPTIMISM_BIAS_METRICS` (a payback year NaN when
        it is not reached within the horizon).

    Raises
    ------
    ValueError
        ``projection`` is a projection of bare inputs (it has no resolved inputs).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> table = optimism_bias_sensitivity(pb.project(example_case()))
    >>> [round(float(v)) for v in table["npbi"]]
    [395354, 568558]
    """
    resolved = projection.resolved
    if resolved is None:
        msg = "a projection of bare inputs has no resolved inputs to set optimism bias in"
        raise ValueError(msg)
    base = one_outcome_arrays(resolved.arrays())
    without = {
        **base,
        D.BENEFIT_OPTIMISM_BIAS: np.zeros_like(base[D.BENEFIT_OPTIMISM_BIAS], dtype=float),
        D.COST_OPTIMISM_BIAS: np.zeros_like(base[D.COST_OPTIMISM_BIAS], dtype=float),
    }
    years = resolved.values(D.YEAR)
    rows = []
    for arrays in (base, without):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            metrics = appraise_arrays(project_arrays(arrays, detail=False), years, paybacks=True)
        rows.append([float(np.asarray(metrics[m], dtype=float)) for m in OPTIMISM_BIAS_METRICS])
    return pd.DataFrame(
        rows,
        index=pd.Index(list(OPTIMISM_BIAS_SCENARIOS), name="scenario"),
        columns=list(OPTIMISM_BIAS_METRICS),
    )
