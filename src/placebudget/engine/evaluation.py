"""Closing the loop: actual results against the forecast, and a recalibrated case.

For each period and outcome the participants' observed rate is ``count / (people ×
months / 12)`` per person-year. The counterfactual rate is the comparison group's when
there is one (*net of comparison group*), else the case's baseline (*gross: before/after,
no counterfactual*). The change achieved is ``(counterfactual − observed rate) × people ×
months / 12`` outcome units; the forecast for a part-year is the projection's year
pro-rated by ``months / 12``, shown as ``share_of_year``. The realised fiscal benefit is
the change achieved valued as in the case, per partner.

Two impacts are observed, and named apart everywhere:

- the **net impact observed** (``net_impact_observed``), ``1 − observed rate /
  counterfactual rate``: the share of the outcome the programme removed net of what the
  comparison group shows would have happened anyway (without a comparison group the
  counterfactual is the case's baseline, and it is the gross impact);
- the **gross impact observed** (``gross_impact_observed``), ``1 − observed rate /
  baseline``: the before/after change against the case's baseline — what a case's
  ``impact`` input is (the share of the baseline removed, before deadweight), and so what
  :func:`recalibrate` writes into the case as its impact.

With a comparison group the implied deadweight — the part of the before/after change
that the comparison group shows would have happened anyway — is ``1 − (comparison −
observed) / (baseline − observed)``, so that ``baseline × gross impact × (1 − implied
deadweight)`` is the change net of the comparison group, ``comparison − observed``.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.model import Actuals, Observation
>>> from placebudget.testing import example_case
>>> actuals = Actuals(observations=[
...     Observation(year=2013, group="participants", measure="people", value=150),
...     Observation(year=2013, group="participants", measure="count",
...                 outcome="jsa_into_work", value=100),
... ])
>>> evaluation = evaluate(pb.project(example_case()), actuals)
>>> evaluation.basis
'gross (before/after, no counterfactual)'
>>> round(float(evaluation.outcomes["actual_change"].iloc[0]), 6)
50.0
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from placebudget.engine import dims as D
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import NAME_SEPARATOR, Actuals, BusinessCase

if TYPE_CHECKING:
    from placebudget.engine.projection import Projection

__all__ = ["BASIS_GROSS", "BASIS_NET", "Evaluation", "evaluate", "gross_impact", "recalibrate"]

BASIS_GROSS = "gross (before/after, no counterfactual)"
BASIS_NET = "net of comparison group"


@attrs.frozen(kw_only=True)
class Evaluation:
    """Forecast against actual results."""

    basis: str
    """``BASIS_NET`` (``"net of comparison group"``) when every evaluated outcome has a
    comparison group, else ``BASIS_GROSS`` (or a mix, stated per row)."""
    outcomes: pd.DataFrame
    """Per period and outcome: share of the year, people, observed and counterfactual
    rates, forecast and actual change, variance, the net impact observed
    (``net_impact_observed``) and basis."""
    fiscal: pd.DataFrame
    """Per period, outcome and partner: forecast and realised fiscal benefit, variance."""
    costs: pd.DataFrame
    """Per period and partner: forecast (pro-rated) and actual cost, variance."""
    estimates: pd.DataFrame
    """Per outcome over all periods: the net and gross impact observed
    (``net_impact_observed``, ``gross_impact_observed``) and (with a comparison group)
    the implied deadweight, next to the case's impact and deadweight
    (``assumed_impact``, ``assumed_deadweight``)."""
    totals: pd.Series
    """Realised fiscal benefit and cost to date, and their forecasts, for the periods
    observed."""


#: The figures of the rows of an outcome summed over periods for its estimates.
_SUMMED = ("_count", "_c_count", "_exposure", "_c_exposure")


def _finite_sum(values: list[float]) -> bool:
    """Whether ``values`` add up to a finite number (``math.fsum`` raises rather than
    overflowing)."""
    try:
        return math.isfinite(math.fsum(values))
    except (OverflowError, ValueError):
        return False


def _overflow(indices: list[int], what: str) -> Problem:
    """A problem naming the observations whose values give a figure past the largest
    number (the first few, and how many more)."""
    shown = [f"actuals.observations[{i}].value" for i in sorted(set(indices))]
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    message = f"{what} beyond the largest number (inf): check these values"
    return Problem(", ".join(shown[:3]) + more, message)


def _problem(problems: list[Problem], index: int, message: str, value: Any) -> None:
    problems.append(Problem(f"actuals.observations[{index}]", message, value))


def evaluate(projection: Projection, actuals: Actuals) -> Evaluation:
    """Compare ``actuals`` with the forecast of ``projection``.

    Raises
    ------
    placebudget.errors.ValidationError
        Observations naming outcomes or partners the case does not have, periods outside
        the appraisal, counts without the group size for the same period.
    """
    case = projection.case
    if case is None:
        msg = "the projection must come from a case (pb.project(case))"
        raise ValueError(msg)
    ds = projection.dataset
    if D.DRAW in ds.dims or D.PLACE in ds.dims:
        msg = "evaluate a deterministic projection of one place"
        raise ValueError(msg)
    outcomes = [str(o) for o in ds[D.OUTCOME].to_numpy()]
    partners = [str(p) for p in ds[D.PARTNER].to_numpy()]
    years = [int(y) for y in ds[D.YEAR].to_numpy()]
    problems: list[Problem] = []
    people: dict[tuple[str, int, int, int], float] = {}
    for index, obs in enumerate(actuals.observations):
        if obs.outcome is not None and obs.outcome not in outcomes:
            _problem(
                problems, index, f"unknown outcome (the case's: {', '.join(outcomes)})", obs.outcome
            )
        if obs.partner is not None and obs.partner not in partners:
            _problem(
                problems, index, f"unknown partner (the case's: {', '.join(partners)})", obs.partner
            )
        if obs.year not in years:
            _problem(
                problems,
                index,
                f"period is outside the appraisal years {years[0]}-{years[-1]}",
                obs.period,
            )
        if obs.measure == "people":
            people[(obs.group, obs.year, obs.start_month, obs.months)] = obs.value
    for index, obs in enumerate(actuals.observations):
        if obs.measure == "count":
            size = people.get((obs.group, obs.year, obs.start_month, obs.months))
            if not size:
                _problem(
                    problems,
                    index,
                    f"needs the number of people in the {obs.group} "
                    "group for the same period (measure = people)",
                    obs.period,
                )
    if problems:
        raise UnknownReferenceError(problems, context="cannot evaluate these actuals")

    effects = _first_effects(case)
    inputs = projection.inputs
    effect_index = {str(o): e for e, o in enumerate(inputs[D.EFFECT_PATH].to_numpy())}
    outcome_rows: list[dict[str, Any]] = []
    fiscal_rows: list[dict[str, Any]] = []
    counts = [
        (i, o)
        for i, o in enumerate(actuals.observations)
        if o.measure == "count" and o.group == "participants"
    ]
    people_at = {
        (o.group, o.year, o.start_month, o.months): i
        for i, o in enumerate(actuals.observations)
        if o.measure == "people"
    }
    overflows: list[Problem] = []
    comparison = {
        (o.outcome, o.year, o.start_month, o.months): o
        for o in actuals.observations
        if o.measure == "count" and o.group == "comparison"
    }
    for at, obs in counts:
        assert obs.outcome is not None
        share = obs.months / 12
        exposure = people[("participants", obs.year, obs.start_month, obs.months)] * share
        observed = obs.value / exposure
        path, effect = effects[obs.outcome]
        other = comparison.get((obs.outcome, obs.year, obs.start_month, obs.months))
        if other is not None:
            c_exposure = people[("comparison", obs.year, obs.start_month, obs.months)] * share
            counterfactual, basis = other.value / c_exposure, BASIS_NET
        else:
            c_exposure, counterfactual, basis = 0.0, effect.baseline, BASIS_GROSS
        actual = (counterfactual - observed) * exposure
        sources = [at, people_at[("participants", obs.year, obs.start_month, obs.months)]]
        if other is not None:
            sources += [
                actuals.observations.index(other),
                people_at[("comparison", obs.year, obs.start_month, obs.months)],
            ]
        if not all(math.isfinite(x) for x in (observed, counterfactual, actual)):
            overflows.append(_overflow(sources, "gives a rate or change"))
            continue
        forecast = float(ds[D.VOLUME].sel({D.YEAR: obs.year, D.OUTCOME: obs.outcome})) * share
        outcome_rows.append(
            {
                "period": obs.period,
                "year": obs.year,
                "outcome": obs.outcome,
                "share_of_year": share,
                "people": exposure / share,
                "observed_rate": observed,
                "counterfactual_rate": counterfactual,
                "basis": basis,
                "forecast_change": forecast,
                "actual_change": actual,
                "variance": actual - forecast,
                "net_impact_observed": 1 - observed / counterfactual
                if counterfactual > 0
                else float("nan"),
                "_exposure": exposure,
                "_count": obs.value,
                "_c_exposure": c_exposure,
                "_c_count": other.value if other is not None else 0.0,
            }
        )
        values = inputs[D.FISCAL_VALUE].isel({D.EFFECT: effect_index[path]})
        for partner in partners:
            value = float(values.sel({D.PARTNER: partner}))
            forecast_fiscal = (
                float(
                    ds[D.FISCAL].sel({D.PARTNER: partner, D.YEAR: obs.year, D.OUTCOME: obs.outcome})
                )
                * share
            )
            if value == 0 and forecast_fiscal == 0:
                continue
            if not math.isfinite(actual * value - forecast_fiscal):
                overflows.append(_overflow(sources, f"gives a fiscal benefit to {partner}"))
                break
            fiscal_rows.append(
                {
                    "period": obs.period,
                    "outcome": obs.outcome,
                    "partner": partner,
                    "forecast": forecast_fiscal,
                    "realised": actual * value,
                    "variance": actual * value - forecast_fiscal,
                }
            )
    cost_rows = [
        {
            "period": o.period,
            "partner": o.partner,
            "share_of_year": o.months / 12,
            "forecast": float(ds[D.COST].sel({D.PARTNER: o.partner, D.YEAR: o.year}))
            * o.months
            / 12,
            "actual": o.value,
            "variance": o.value
            - float(ds[D.COST].sel({D.PARTNER: o.partner, D.YEAR: o.year})) * o.months / 12,
        }
        for o in actuals.observations
        if o.measure == "cost"
    ]
    cost_at = [i for i, o in enumerate(actuals.observations) if o.measure == "cost"]
    if not _finite_sum([o.value for o in actuals.observations if o.measure == "cost"]):
        overflows.append(_overflow(cost_at, "together give a cost"))
    if not overflows:
        for outcome in dict.fromkeys(r["outcome"] for r in outcome_rows):
            mine = [r for r in outcome_rows if r["outcome"] == outcome]
            if not all(_finite_sum([r[k] for r in mine]) for k in _SUMMED):
                overflows.append(
                    _overflow(
                        [i for i, o in counts if o.outcome == outcome],
                        f"together give a count or group size of {outcome}",
                    )
                )
        if not _finite_sum([r["realised"] for r in fiscal_rows]):
            overflows.append(_overflow([i for i, _ in counts], "together give a fiscal benefit"))
    if overflows:
        raise ValidationError(overflows, context="cannot evaluate these actuals")
    outcome_frame = pd.DataFrame(outcome_rows)
    estimates = _estimates(outcome_frame, effects)
    visible = [c for c in outcome_frame.columns if not str(c).startswith("_")]
    fiscal_frame = pd.DataFrame(
        fiscal_rows, columns=["period", "outcome", "partner", "forecast", "realised", "variance"]
    )
    cost_frame = pd.DataFrame(
        cost_rows, columns=["period", "partner", "share_of_year", "forecast", "actual", "variance"]
    )
    bases = set(outcome_frame["basis"]) if len(outcome_frame) else {BASIS_GROSS}
    totals = pd.Series(
        {
            "forecast_fiscal": fiscal_frame["forecast"].sum(),
            "realised_fiscal": fiscal_frame["realised"].sum(),
            "forecast_cost": cost_frame["forecast"].sum(),
            "actual_cost": cost_frame["actual"].sum(),
        }
    )
    totals["realised_net"] = float(totals["realised_fiscal"]) - float(totals["actual_cost"])
    if not math.isfinite(totals["realised_net"]):
        problem = _overflow([*cost_at, *(i for i, _ in counts)], "give a net benefit")
        raise ValidationError([problem], context="cannot evaluate these actuals")
    return Evaluation(
        basis=bases.pop() if len(bases) == 1 else "mixed: see each row",
        outcomes=outcome_frame[visible] if len(outcome_frame) else outcome_frame,
        fiscal=fiscal_frame,
        costs=cost_frame,
        estimates=estimates,
        totals=totals,
    )


def _first_effects(case: BusinessCase) -> dict[str, tuple[str, Any]]:
    """Each outcome's first effect (its path and the Effect), whose assumptions the
    evaluation compares with."""
    found: dict[str, tuple[str, Any]] = {}
    for i, intervention in enumerate(case.interventions):
        for j, effect in enumerate(intervention.effects):
            found.setdefault(effect.outcome, (f"interventions[{i}].effects[{j}]", effect))
    return found


def _estimates(frame: pd.DataFrame, effects: dict[str, tuple[str, Any]]) -> pd.DataFrame:
    rows = []
    if len(frame) == 0:
        return pd.DataFrame(
            columns=[
                "outcome",
                "basis",
                "months_observed",
                "observed_rate",
                "counterfactual_rate",
                "net_impact_observed",
                "gross_impact_observed",
                "assumed_impact",
                "implied_deadweight",
                "assumed_deadweight",
            ]
        )
    for outcome, group in frame.groupby("outcome", sort=False):
        _, effect = effects[str(outcome)]
        observed = group["_count"].sum() / group["_exposure"].sum()
        net = bool((group["basis"] == BASIS_NET).all())
        if net:
            counterfactual = group["_c_count"].sum() / group["_c_exposure"].sum()
            gross = effect.baseline - observed
            implied = 1 - (counterfactual - observed) / gross if gross > 0 else float("nan")
        else:
            counterfactual, implied = effect.baseline, float("nan")
        rows.append(
            {
                "outcome": outcome,
                "basis": BASIS_NET if net else BASIS_GROSS,
                "months_observed": round(float(group["share_of_year"].sum()) * 12),
                "observed_rate": observed,
                "counterfactual_rate": counterfactual,
                "net_impact_observed": 1 - observed / counterfactual
                if counterfactual > 0
                else float("nan"),
                "gross_impact_observed": gross_impact(observed, effect.baseline),
                "assumed_impact": effect.impact,
                "implied_deadweight": implied,
                "assumed_deadweight": effect.deadweight,
            }
        )
    return pd.DataFrame(rows).set_index("outcome")


def gross_impact(observed_rate: float, baseline: float) -> float:
    """The gross impact observed: ``1 − observed rate / baseline``, the before/after change
    as a share of the case's baseline (NaN with no baseline).

    Examples
    --------
    >>> round(gross_impact(1.8667, 3.0), 4)
    0.3778
    """
    return 1 - observed_rate / baseline if baseline > 0 else float("nan")


def recalibrate(case: BusinessCase, evaluation: Evaluation) -> tuple[BusinessCase, pd.DataFrame]:
    """A new case whose evaluated outcomes take the observed estimates, and the list of
    what changed.

    With a comparison group the effect's impact becomes the gross impact observed (the
    before/after change ``1 − observed / baseline``, not the net impact observed, which
    deadweight would then count twice) and its deadweight the implied deadweight, so that
    ``baseline × impact × (1 − deadweight)`` is the change the comparison shows; the
    confidence grade improves to 3, or to 2 with at least a year of data (never worsens).
    Without one, only the impact is replaced, by the gross impact observed (then the same
    as the net), and the grade is
    kept: before/after evidence does not justify more confidence. An outcome that did not
    improve gets impact 0, and the table says so. The table's columns: ``input`` (the
    input's name by ids, ``key_workers › child_into_care › impact``), ``path`` (by
    positions), ``before``, ``after`` and ``reason``.
    """
    changes: list[dict[str, Any]] = []
    effects = _first_effects(case)
    interventions = list(case.interventions)
    for outcome, row in evaluation.estimates.iterrows():
        path, effect = effects[str(outcome)]
        i, j = (int(part.split("]")[0]) for part in path.split("[")[1:])
        gross = float(row["gross_impact_observed"])
        gross = 0.0 if gross != gross else gross  # no baseline: nothing observed to change
        updates: dict[str, Any] = {}
        notes: dict[str, str] = {}
        if row["basis"] == BASIS_NET:
            implied = float(row["implied_deadweight"])
            if gross <= 0 or not 0 <= implied <= 1:
                updates["impact"], updates["deadweight"] = 0.0, effect.deadweight
                notes["impact"] = (
                    "observed no improvement net of the comparison group (net impact "
                    f"observed {float(row['net_impact_observed']):.3f}, gross impact "
                    f"observed {gross:.3f})"
                )
            else:
                updates["impact"], updates["deadweight"] = gross, implied
                notes["impact"] = (
                    "gross impact observed, the before/after change against the case's "
                    "baseline; the net impact observed, against the comparison group's "
                    f"rate, is {float(row['net_impact_observed']):.3f}"
                )
                notes["deadweight"] = "implied by the comparison group"
            target = 2 if int(row["months_observed"]) >= 12 else 3
            if effect.confidence is not None and effect.confidence > target:
                updates["confidence"] = target
                notes["confidence"] = "local comparison-group evidence"
        else:
            updates["impact"] = max(gross, 0.0)
            notes["impact"] = (
                "gross impact observed (before/after, no counterfactual)"
                if gross > 0
                else f"observed no improvement (gross impact observed {gross:.3f})"
            )
        for field, value in list(updates.items()):
            before = getattr(effect, field)
            if isinstance(before, float) and math.isclose(
                value, before, rel_tol=1e-12, abs_tol=1e-15
            ):
                del updates[field]  # the same figure, up to rounding
            elif value != before:
                name = NAME_SEPARATOR.join((interventions[i].id, effect.outcome, field))
                changes.append(
                    {
                        "input": name,
                        "path": f"{path}.{field}",
                        "before": before,
                        "after": value,
                        "reason": notes.get(field, ""),
                    }
                )
        effect = attrs.evolve(effect, **updates)
        effects_i = list(interventions[i].effects)
        effects_i[j] = effect
        interventions[i] = attrs.evolve(interventions[i], effects=effects_i)
    new_case = attrs.evolve(case, interventions=interventions)
    return new_case, pd.DataFrame(
        changes, columns=["input", "path", "before", "after", "reason"], dtype=object
    )
