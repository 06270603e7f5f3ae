"""Checking a case as :func:`~placebudget.engine.project` would, without projecting it
when that can be avoided: what ``placebudget validate`` runs.

A case is checked by resolving every reference it makes (unit cost codes, appraisal
values, deflators, tables — as ``build_inputs`` does, without making a Dataset), costing
its case studies, and making sure no figure of its projection can pass the largest float:
a bound on every money figure is taken from the resolved inputs (each factor at its
largest, every participant counted in every year), and only a case whose bound is not
far below the largest float — or a case that reinvests, whose feedback has no such
bound — is projected to find the effects and lines that overflow. None of it needs
xarray.

Examples
--------
>>> from placebudget.testing import example_case
>>> check_case(example_case())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs import case_database, case_deflators, resolve_inputs
from placebudget.engine._onehot import OneHot

if TYPE_CHECKING:
    from placebudget.model import BusinessCase
    from placebudget.reference import UnitCostDatabase

__all__ = ["OVERFLOW_MARGIN", "check_case", "money_bound"]

#: How far below the largest float (1.8e308) the bound must stay for the projection to be
#: skipped: a factor of 1e8, far more than the rounding of any sum the engine takes.
OVERFLOW_MARGIN = 1e8


def check_case(case: BusinessCase, *, unit_costs: UnitCostDatabase | None = None) -> None:
    """Raise what :func:`~placebudget.engine.project` would raise for ``case``, and
    nothing when it would project it.

    Parameters
    ----------
    case
        The business case.
    unit_costs
        Database to resolve ``"ucd:CODE"`` values from, as for ``project``.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem resolving the case against its reference data, costing its case
        studies, or (found by projecting it) an effect or line whose figures overflow.
    """
    database = case_database(case) if unit_costs is None else unit_costs
    bound = money_bound(resolve_inputs(case, database=database).arrays())
    if not bound < np.finfo(float).max / OVERFLOW_MARGIN:
        from placebudget.engine.projection import project

        project(case, unit_costs=database)  # names the effects and lines that overflow
        return
    if case.case_studies:
        from placebudget.engine.contacts import cost_case_studies

        cost_case_studies(
            case, database=database, deflators=case_deflators(case, database=database)
        )


def money_bound(inputs: dict[str, Any]) -> float:
    """An upper bound on the size of every money figure of the projection of ``inputs``
    (the engine's input variables as arrays by name, the maps arrays or
    ``OneHot``), its present values and running
    totals: infinite when the case reinvests, whose participants feed back on its
    savings.

    Each effect's volume in any year is at most its rate (times the largest factor its
    interactions can give) times every member of every cohort, since a profile is at
    most 1; its money at most that times the sum of its values' sizes; a cost line's at
    most its amounts plus its cost per participant times every participant, after
    optimism bias; a risk's at most its costs. A running total or present value adds at
    most one such figure a year (discount factors are at most 1)."""
    if D.REINVEST_SHARE in inputs:
        return float("inf")
    with np.errstate(over="ignore", invalid="ignore"):
        engaged = np.abs(inputs[D.INTAKE] * inputs[D.ENGAGEMENT][:, None])
        # every member of every cohort (the reactive cost as is follows the whole intake)
        people = float(np.abs(inputs[D.INTAKE]).sum()) * max(
            1.0, float(np.abs(inputs[D.ENGAGEMENT]).max(initial=0.0))
        )
        net = np.abs(
            inputs[D.IMPACT]
            * (1 - inputs[D.DEADWEIGHT])
            * (1 - inputs[D.DISPLACEMENT])
            * inputs[D.ATTRIBUTION]
            * (1 - inputs[D.BENEFIT_OPTIMISM_BIAS] * inputs.get(D.EFFECT_DIRECTION, 1.0))
        )
        baseline = np.abs(inputs[D.BASELINE])
        factor = _interaction_bound(inputs, net, engaged.sum(axis=1))
        social = np.abs(inputs[D.SOCIAL_VALUE])
        if D.SOCIAL_INDEX in inputs:
            social = social * np.abs(inputs[D.SOCIAL_INDEX]).max(axis=1, initial=0.0)
        weight = (
            float(np.abs(inputs[D.DISTRIBUTIONAL_WEIGHT]).max(initial=1.0))
            if D.DISTRIBUTIONAL_WEIGHT in inputs
            else 1.0
        )
        values = (
            np.abs(inputs[D.FISCAL_VALUE]).sum(axis=1) + np.abs(inputs[D.ECONOMIC_VALUE]) + social
        )
        # the effect's volume (rate × factor) and the reactive cost as it stands (baseline)
        benefits = float((baseline * (net * factor + 1) * values).sum()) * people * weight
        uplift = 1 + np.abs(inputs[D.COST_OPTIMISM_BIAS])
        costs = float(
            (
                uplift
                * (
                    np.abs(inputs[D.LINE_AMOUNT]).sum(axis=1)
                    + np.abs(inputs[D.LINE_PER_PARTICIPANT]) * people
                )
            ).sum()
        )
        risks = float(np.abs(inputs[D.RISK_AMOUNT]).sum()) if D.RISK_AMOUNT in inputs else 0.0
        years = inputs[D.INTAKE].shape[1]
        return float((benefits + costs + risks) * (years + 1))


def _interaction_bound(inputs: dict[str, Any], net: Any, engaged: Any) -> Any:
    """The largest size each effect's interaction factor can have: its adjustment times,
    for each pair it is in, 1 plus the pair's largest cut (the shared share of the
    participants, scaled by the ratio of the two interventions' participants, times the
    other effect's net impact over 2)."""
    n_e = net.shape[0]
    if D.PAIR_FIRST not in inputs:
        return np.ones(n_e)
    first, second = inputs[D.PAIR_FIRST], inputs[D.PAIR_SECOND]
    by_intervention = inputs[D.EFFECT_INTERVENTION]
    people = (
        by_intervention.take(engaged, axis=-1)
        if isinstance(by_intervention, OneHot)
        else by_intervention @ engaged
    )  # each effect's participants
    people_first, people_second = first @ people, second @ people
    ratio = np.divide(
        people_first, people_second, out=np.zeros_like(people_first), where=people_second > 0
    )
    overlap = np.abs(inputs[D.PAIR_OVERLAP])
    cut = overlap * (first @ net + second @ net) * (1 + ratio) / 2
    grows = np.prod(np.where((first + second) > 0, 1 + cut[:, None], 1.0), axis=0)
    return np.abs(inputs[D.EFFECT_ADJUSTMENT]) * grows
