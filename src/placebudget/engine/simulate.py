"""Monte Carlo simulation: every draw at once, as a leading ``draw`` dimension.

:func:`simulate` samples the uncertain inputs of a case — from distributions given by path,
and otherwise from the spread its evidence grades imply — into an input Dataset with a
``draw`` dimension, and computes the projection once, vectorised over draws.
:func:`summarize` turns the per-draw appraisal into means, percentiles and the chance that
the case breaks even, in total and per partner.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> projection = simulate(example_case(), draws=2000, seed=1)
>>> projection.dataset.sizes["draw"]
2000
>>> summary = summarize(projection)
>>> round(summary.probabilities["npbi > 0"], 2)  # the example's rates are ungraded: 50 % spread
0.78
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._inputs import build_inputs, check_size
from placebudget.engine.appraise import appraise
from placebudget.engine.project import Projection
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import (
    BOUNDED_RATES,
    PERT,
    RATES,
    Beta,
    Distribution,
    GradeSpread,
    InputPath,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = ["RATES", "UncertaintySummary", "default_distribution", "sample", "sample_inputs",
           "simulate", "summarize"]

#: Rates that vary by default, with the spread of the effect's grade (the sensitivity
#: analysis varies the same ones).
VARIED_BY_DEFAULT: tuple[str, ...] = ("baseline", "impact")



def sample(distribution: Distribution, rng: np.random.Generator, size: int
           ) -> np.ndarray[Any, np.dtype[np.float64]]:
    """``size`` draws from ``distribution``."""
    d = distribution
    if isinstance(d, Normal):
        return rng.normal(d.mean, d.sd, size)
    if isinstance(d, LogNormal):
        sigma2 = np.log1p((d.sd / d.mean) ** 2)
        return rng.lognormal(np.log(d.mean) - sigma2 / 2, np.sqrt(sigma2), size)
    if isinstance(d, Uniform):
        return rng.uniform(d.low, d.high, size)
    if isinstance(d, Triangular):
        return rng.triangular(d.low, d.mode, d.high, size)
    if isinstance(d, PERT):
        width = d.high - d.low
        a = 1 + d.shape * (d.mode - d.low) / width
        b = 1 + d.shape * (d.high - d.mode) / width
        return d.low + width * rng.beta(a, b, size)
    assert isinstance(d, Beta)
    return d.low + (d.high - d.low) * rng.beta(d.alpha, d.beta, size)


def default_distribution(point: float, cv: float, *, bounded: bool) -> Distribution | None:
    """The distribution a grade's spread gives an input: a beta with mean ``point`` for a
    rate bounded to [0, 1], else a log-normal; ``None`` (fixed) with no spread or a zero
    point.

    Examples
    --------
    >>> d = default_distribution(0.3, 0.25, bounded=True)
    >>> round(d.mean, 6)
    0.3
    """
    if cv <= 0 or point <= 0 or (bounded and point >= 1):
        return None
    if not bounded:
        return LogNormal(mean=point, sd=cv * point)
    variance = min((cv * point) ** 2, 0.9 * point * (1 - point))
    k = point * (1 - point) / variance - 1
    return Beta(alpha=point * k, beta=(1 - point) * k)


def _spread(spread: GradeSpread | str | None) -> GradeSpread | None:
    if spread is None or isinstance(spread, GradeSpread):
        return spread
    if spread == "default":
        return GradeSpread.default()
    msg = "must be 'default', a GradeSpread or None"
    raise UnknownReferenceError.single(path="spread", message=msg, value=spread)


def simulate(
    case: BusinessCase,
    *,
    draws: int = 1000,
    seed: int | None = None,
    uncertainty: Mapping[str, Distribution] | None = None,
    spread: GradeSpread | str | None = "default",
    unit_costs: UnitCostDatabase | None = None,
) -> Projection:
    """Project ``case`` over ``draws`` Monte Carlo draws at once.

    The inputs are sampled by :func:`~placebudget.engine.sample_inputs` (see it for the
    parameters) and projected in one vectorised pass; the result has a leading ``draw`` dimension.
    """
    sampled = sample_inputs(case, draws=draws, seed=seed, uncertainty=uncertainty,
                            spread=spread, unit_costs=unit_costs)
    return Projection.from_inputs(sampled, case)


def sample_inputs(
    case: BusinessCase,
    *,
    draws: int = 1000,
    seed: int | None = None,
    uncertainty: Mapping[str, Distribution] | None = None,
    spread: GradeSpread | str | None = "default",
    unit_costs: UnitCostDatabase | None = None,
) -> xr.Dataset:
    """The engine's input Dataset of ``case`` with its uncertain inputs sampled along a
    leading ``draw`` dimension.

    Parameters
    ----------
    case
        The business case.
    draws
        Number of draws (the length of the ``draw`` dimension).
    seed
        Seed of the random generator; the same seed gives the same draws.
    uncertainty
        Distributions by input path, added to (and overriding) the case's own
        ``uncertainty``: the funnel (``interventions[0].engagement``, a rate, and
        ``interventions[0].cohort.intake``, a factor on every year's intake); rates
        (``interventions[0].effects[1].impact``) take the distribution of the rate;
        money (``…effects[1].fiscal['nhs']``,
        ``…effects[1].economic``, ``…effects[1].social``, ``interventions[0].costs[2]``)
        the distribution of a factor on the value given.
    spread
        Where no distribution is given, the baseline and impact of each effect, each of
        its values and each cost line vary with the coefficient of variation of their
        evidence grade in this table (``"default"``:
        :meth:`placebudget.model.GradeSpread.default`); ``None`` keeps them fixed.
    unit_costs
        Database for ``"ucd:CODE"`` values (see :func:`placebudget.engine.project`).

    Raises
    ------
    placebudget.errors.ValidationError
        An unknown path, a money distribution that can go negative, or a rate whose draws
        leave [0, 1] — nothing is clipped.
    """
    count: Any = draws
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValidationError.single(path="draws", message="must be a whole number of 1 "
                                     "or more", value=draws)
    table = _spread(spread)
    check_size(case, draws=count, what="simulate")
    inputs = build_inputs(case, database=unit_costs)
    rng = np.random.default_rng(seed)
    given = {**case.uncertainty, **(uncertainty or {})}
    effect_paths = [str(p) for p in inputs["effect_path"].to_numpy()]
    line_paths = [str(p) for p in inputs["line_path"].to_numpy()]
    partners = [str(p) for p in inputs[D.PARTNER].to_numpy()]
    problems: list[Problem] = []
    for path in given:
        parsed = InputPath.parse(path)
        if parsed is None or not parsed.exists_in(case):
            problems.append(Problem(f"uncertainty[{path!r}]", "is not an uncertain input of "
                                    "this case (funnel: interventions[i].engagement, "
                                    "interventions[i].cohort.intake; rates: effects[j]." +
                                    "/".join(RATES) + "; money: effects[j].fiscal['partner'], "
                                    "effects[j].economic, effects[j].social, costs[j])"))
    if problems:
        raise ValidationError(problems, context="cannot simulate")

    def draw_for(path: str, point: float, grade: int, *, bounded: bool,
                 default: bool) -> np.ndarray[Any, Any] | None:
        distribution = given.get(path)
        if distribution is None and default and table is not None:
            distribution = default_distribution(point, table.cv(grade), bounded=bounded)
        if distribution is None:
            return None
        values = sample(distribution, rng, draws)
        low, high = (0.0, 1.0) if bounded else (0.0, np.inf)
        if values.min() < low or values.max() > high:
            where = "[0, 1]" if bounded else "zero or more"
            problems.append(Problem(
                f"uncertainty[{path!r}]", f"draws must be {where} (drawn "
                f"{values.min():.3g} to {values.max():.3g}); use a bounded distribution "
                "such as beta, PERT, triangular or uniform", distribution))
        return values

    grades = inputs["effect_confidence"].to_numpy()
    new: dict[str, xr.DataArray] = {}
    draw_coord = {D.DRAW: np.arange(draws)}
    for rate in RATES:
        base = inputs[rate].to_numpy()
        array = np.broadcast_to(base, (draws, base.size)).copy()
        changed = False
        for e, path in enumerate(effect_paths):
            values = draw_for(f"{path}.{rate}", float(base[e]), int(grades[e]),
                              bounded=rate in BOUNDED_RATES,
                              default=rate in VARIED_BY_DEFAULT)
            if values is not None:
                array[:, e], changed = values, True
        if changed:
            new[rate] = xr.DataArray(array, dims=(D.DRAW, D.EFFECT), coords=draw_coord)
    fiscal_factor = np.ones((draws, len(effect_paths), len(partners)))
    fiscal = inputs["fiscal_value"].to_numpy()
    extra_factor = {kind: np.ones((draws, len(effect_paths))) for kind in ("economic",
                                                                           "social")}
    for e, path in enumerate(effect_paths):
        for p, partner in enumerate(partners):
            if fiscal[e, p] != 0 or f"{path}.fiscal['{partner}']" in given:
                values = draw_for(f"{path}.fiscal['{partner}']", 1.0, int(grades[e]),
                                  bounded=False, default=True)
                if values is not None:
                    fiscal_factor[:, e, p] = values
        for kind in ("economic", "social"):
            if inputs[f"{kind}_value"].to_numpy()[e] != 0 or f"{path}.{kind}" in given:
                values = draw_for(f"{path}.{kind}", 1.0, int(grades[e]), bounded=False,
                                  default=True)
                if values is not None:
                    extra_factor[kind][:, e] = values
    line_factor = np.ones((draws, len(line_paths)))
    line_grades = inputs["line_confidence"].to_numpy()
    for n, path in enumerate(line_paths):
        values = draw_for(path, 1.0, int(line_grades[n]), bounded=False, default=True)
        if values is not None:
            line_factor[:, n] = values
    if problems:
        raise ValidationError(problems, context="cannot simulate")
    factor_f = xr.DataArray(fiscal_factor, dims=(D.DRAW, D.EFFECT, D.PARTNER),
                            coords=draw_coord)
    factor_l = xr.DataArray(line_factor, dims=(D.DRAW, D.COST_LINE), coords=draw_coord)
    new["fiscal_value"] = inputs["fiscal_value"] * factor_f
    for kind, factor in extra_factor.items():
        new[f"{kind}_value"] = inputs[f"{kind}_value"] * xr.DataArray(
            factor, dims=(D.DRAW, D.EFFECT), coords=draw_coord)
    # the funnel: engagement (a rate) and intake (a factor), only where given
    n_i = len(case.interventions)
    engagement = np.broadcast_to(inputs["engagement"].to_numpy(), (draws, n_i)).copy()
    intake_factor = np.ones((draws, n_i))
    for i in range(n_i):
        values = draw_for(f"interventions[{i}].engagement", float(engagement[0, i]), 0,
                          bounded=True, default=False)
        if values is not None:
            engagement[:, i] = values
        values = draw_for(f"interventions[{i}].cohort.intake", 1.0, 0, bounded=False,
                          default=False)
        if values is not None:
            intake_factor[:, i] = values
    if problems:
        raise ValidationError(problems, context="cannot simulate")
    funnel_given = any(getattr(InputPath.parse(path), "part", None) in ("engagement",
                                                                       "intake")
                       for path in given)
    if funnel_given:
        new["engagement"] = xr.DataArray(engagement, dims=(D.DRAW, D.INTERVENTION),
                                         coords=draw_coord)
        new["intake"] = inputs["intake"] * xr.DataArray(
            intake_factor, dims=(D.DRAW, D.INTERVENTION), coords=draw_coord)
    new["line_amount"] = inputs["line_amount"] * factor_l
    new["line_per_participant"] = inputs["line_per_participant"] * factor_l
    sampled = inputs.assign(new)
    sampled.attrs = {**inputs.attrs, "draws": draws, "seed": "none" if seed is None else seed,
                     "spread": table.name if table is not None else "none"}
    return sampled


#: Headline metrics summarised over draws.
_SUMMARISED = ("pv_cost", "pv_fiscal", "pv_cashable", "npbi", "fiscal_roi", "pv_transfers",
               "pv_public", "nppv", "bcr", "pv_baseline_cost")


@attrs.frozen(kw_only=True)
class UncertaintySummary:
    """Monte Carlo results: distributions of the headline metrics and the chance of
    breaking even, in total and per partner."""

    metrics: xr.Dataset = attrs.field(repr=False)
    """Every appraisal metric per draw (see :func:`placebudget.engine.appraise`)."""
    table: pd.DataFrame
    """Per headline metric: mean, standard deviation and the 5th, 50th and 95th
    percentiles."""
    probabilities: dict[str, float]
    """``"npbi > 0"``, ``"fiscal_roi > 1"``, ``"nppv > 0"`` and ``"bcr > 1"``: the share of
    draws where each holds."""
    by_partner: pd.DataFrame
    """Per partner: mean, 5th and 95th percentile of the net position, and the share of
    draws where it is positive and where the partner's ROI exceeds 1."""


def summarize(projection: Projection) -> UncertaintySummary:
    """Summarise a simulated projection (one with a ``draw`` dimension)."""
    if D.DRAW not in projection.dataset.dims:
        msg = "this projection has no draw dimension; simulate() the case first"
        raise ValueError(msg)
    metrics = appraise(projection.dataset)
    rows = {}
    for name in _SUMMARISED:
        values = metrics[name].to_numpy()
        rows[name] = {"mean": np.nanmean(values), "sd": np.nanstd(values),
                      "p5": np.nanpercentile(values, 5), "p50": np.nanpercentile(values, 50),
                      "p95": np.nanpercentile(values, 95)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "metric"
    probabilities = {
        "npbi > 0": float((metrics["npbi"] > 0).mean()),
        "fiscal_roi > 1": float((metrics["fiscal_roi"] > 1).mean()),
        "nppv > 0": float((metrics["nppv"] > 0).mean()),
        "bcr > 1": float((metrics["bcr"] > 1).mean()),
    }
    net = metrics["partner_net"]
    by_partner = pd.DataFrame({
        "mean_net": net.mean(D.DRAW).to_numpy(),
        "p5_net": net.quantile(0.05, D.DRAW).to_numpy(),
        "p95_net": net.quantile(0.95, D.DRAW).to_numpy(),
        "p_net_positive": (net > 0).mean(D.DRAW).to_numpy(),
        "p_roi_above_1": (metrics["partner_roi"] > 1).mean(D.DRAW).to_numpy(),
    }, index=pd.Index(metrics[D.PARTNER].to_numpy(), name=D.PARTNER))
    return UncertaintySummary(metrics=metrics, table=table, probabilities=probabilities,
                              by_partner=by_partner)
