"""The optional blocks of a case as input variables, each none when the case has none:
distributional weights (:func:`_weights`), the risk register (:func:`_risks`),
interactions between interventions (:func:`_interactions`) and the reinvestment plan
(:func:`_reinvestment`). Each gives ``{name: (dims, values)}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs._uprating import _Uprater
from placebudget.model import BusinessCase

__all__: list[str] = []


def _weights(case: BusinessCase) -> dict[str, Any]:
    """Each intervention's distributional weight, only when the case applies weights."""
    weights = case.distributional_weights
    if weights is None:
        return {}
    # the case guarantees every cohort an income when it applies weights
    return {
        D.DISTRIBUTIONAL_WEIGHT: (
            (D.INTERVENTION,),
            np.array([weights.weight(float(i.cohort.income or 0.0)) for i in case.interventions]),
        )
    }


def _risks(
    case: BusinessCase, partner_index: Mapping[str, int], uprate: _Uprater
) -> dict[str, Any]:
    """The risk register as input variables: probability, cost if it happens by year at
    the price base, and the partner bearing it (none without risks)."""
    if not case.risks:
        return {}
    n_r, n_y = len(case.risks), case.horizon
    probability = np.zeros(n_r)
    amount = np.zeros((n_r, n_y))
    partner = np.zeros((n_r, len(partner_index)))
    for r, risk in enumerate(case.risks):
        probability[r] = risk.probability
        factor = uprate.factor(risk.price_year, f"risks[{r}]")
        for y, cost in risk.cost.items():
            amount[r, y - case.start_year] = cost * factor
        partner[r, partner_index[risk.partner]] = 1.0
    return {
        D.RISK_PROBABILITY: ((D.RISK,), probability),
        D.RISK_AMOUNT: ((D.RISK, D.YEAR), amount),
        D.RISK_PARTNER: ((D.RISK, D.PARTNER), partner),
    }


def _interactions(
    case: BusinessCase, effect_intervention: Sequence[int], effect_outcome: Sequence[int]
) -> dict[str, Any]:
    """Interactions as pairs of effects on one outcome (one pair per interaction and
    affected outcome), with the share of the first intervention's participants shared,
    and each effect's stated adjustment as a factor (none without interactions)."""
    if not case.interactions:
        return {}
    ids = [i.id for i in case.interventions]
    effect_of = {
        pair: e for e, pair in enumerate(zip(effect_intervention, effect_outcome, strict=True))
    }
    outcome_index = {o: n for n, o in enumerate(case.outcomes)}
    n_e = len(effect_intervention)
    first: list[Any] = []
    second: list[Any] = []
    overlap: list[float] = []
    adjustment = np.ones(n_e)
    for interaction in case.interactions:
        a, b = (ids.index(name) for name in interaction.between)
        outcomes = interaction.outcomes or tuple(
            o
            for o in case.outcomes
            if (a, outcome_index[o]) in effect_of and (b, outcome_index[o]) in effect_of
        )
        for outcome in outcomes:
            ea, eb = effect_of[(a, outcome_index[outcome])], effect_of[(b, outcome_index[outcome])]
            first.append(np.eye(n_e)[ea])
            second.append(np.eye(n_e)[eb])
            overlap.append(interaction.overlap)
            adjustment[[ea, eb]] *= 1 + interaction.adjustment
    n_pairs = len(first)
    return {
        D.PAIR_FIRST: ((D.PAIR, D.EFFECT), np.array(first).reshape(n_pairs, n_e)),
        D.PAIR_SECOND: ((D.PAIR, D.EFFECT), np.array(second).reshape(n_pairs, n_e)),
        D.PAIR_OVERLAP: ((D.PAIR,), np.array(overlap, dtype=float)),
        D.EFFECT_ADJUSTMENT: ((D.EFFECT,), adjustment),
    }


def _reinvestment(case: BusinessCase, partner_index: Mapping[str, int]) -> dict[str, Any]:
    """The reinvestment plan as input variables (none when the case does not reinvest):
    ``reinvest_share`` and ``reinvest_cap`` (GBP a year, infinite without a cap),
    ``reinvest_into (intervention)`` and ``reinvest_from (partner)`` as 0/1 masks."""
    plan, target = case.reinvestment, case.reinvested_into
    if plan is None or target is None:
        return {}
    into = np.zeros(len(case.interventions))
    into[target] = 1.0
    named = plan.partners or tuple(partner_index)
    from_partners = np.zeros(len(partner_index))
    for partner in named:
        from_partners[partner_index[partner]] = 1.0
    return {
        D.REINVEST_SHARE: ((), plan.share),
        D.REINVEST_CAP: ((), np.inf if plan.cap is None else plan.cap),
        D.REINVEST_INTO: ((D.INTERVENTION,), into),
        D.REINVEST_FROM: ((D.PARTNER,), from_partners),
    }
