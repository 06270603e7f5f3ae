"""An end-to-end floor written apart from the engine: from the case objects to the
present values a user reads, in plain Python over effects and cost lines and numpy over
years, using the case's sparsity (each effect feeds one outcome and a few partners).

It covers what :func:`benchmarks._cases.synthetic_case` builds — values and costs priced
at the case's price year, no risks, interactions, reinvestment, distributional weights
or capital lines — and refuses anything else rather than approximate it. It calls no
function of ``placebudget.engine``: only the reference tables (discount schedule,
optimism bias by grade) are read from the library."""

from __future__ import annotations

from typing import Any

import numpy as np

import placebudget as pb
from placebudget.reference import discount_schedule, optimism_bias_table


def _magnitude(quantity: Any) -> float:
    return float(quantity.magnitude)


def case_floor(case: pb.BusinessCase) -> dict[str, Any]:
    """The yearly ``fiscal`` benefit and ``cost`` by partner ``(partner, year)`` and their
    present values, ``pv_cost`` and ``pv_fiscal`` in total and by partner
    (``partner_pv_cost``, ``partner_pv_fiscal``), partners in the place's order."""
    if (case.risks or case.interactions or case.reinvestment is not None
            or case.distributional_weights is not None):
        msg = "the floor covers cases without risks, interactions, reinvestment or weights"
        raise ValueError(msg)
    n = case.horizon
    years = np.arange(case.start_year, case.start_year + n)
    factors = discount_schedule(case.discounting).factors(n)
    bias = optimism_bias_table(case.optimism_bias)
    partners = {p.id: k for k, p in enumerate(case.place.partners)}
    fiscal = np.zeros((len(partners), n))
    cost = np.zeros((len(partners), n))
    tau = np.arange(n)
    for intervention in case.interventions:
        intake = np.array([float(intervention.cohort.intake.get(int(y), 0.0)) for y in years])
        people = intake * intervention.engagement
        for effect in intervention.effects:
            grade_bias = (effect.optimism_bias if effect.optimism_bias is not None
                          else bias.rate(effect.confidence))
            rate = (effect.baseline * effect.impact * (1 - effect.deadweight)
                    * (1 - effect.displacement) * effect.attribution * (1 - grade_bias))
            since = tau - effect.lag
            profile = np.where((since >= 0) & (since < effect.duration),
                               (1 - effect.drop_off) ** np.clip(since, 0, None), 0.0)
            volume = rate * np.convolve(people, profile)[:n]  # units changed by year
            for partner, value in effect.fiscal.items():
                if value.price_year not in (None, case.price_year):
                    msg = "the floor covers values priced at the case's price year"
                    raise ValueError(msg)
                fiscal[partners[partner]] += volume * _magnitude(value.amount)
        for line in intervention.costs:
            if line.kind != "revenue" or line.price_year != case.price_year:
                msg = "the floor covers revenue lines priced at the case's price year"
                raise ValueError(msg)
            line_bias = (line.optimism_bias if line.optimism_bias is not None
                         else bias.rate(line.confidence))
            flow = np.array([float(line.amounts.get(int(y), 0.0)) for y in years])
            if line.per_participant is not None:
                flow = flow + _magnitude(line.per_participant) * people
            cost[partners[line.partner]] += (1 + line_bias) * flow
    partner_cost, partner_fiscal = cost @ factors, fiscal @ factors
    return {"fiscal": fiscal, "cost": cost, "pv_cost": float(partner_cost.sum()),
            "pv_fiscal": float(partner_fiscal.sum()), "partner_pv_cost": partner_cost,
            "partner_pv_fiscal": partner_fiscal}
