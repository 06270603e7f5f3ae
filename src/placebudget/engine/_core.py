"""The projection's arithmetic (``docs/method.md``) in numpy: written once, here.

:func:`project_arrays` projects arrays whose trailing axes are the core dimensions of each
variable (:data:`INPUT_DIMS`, :data:`OUTPUT_DIMS`) and whose leading axes (draws, places,
options) broadcast; the appraisal's arithmetic is
:mod:`~placebudget.engine._appraisal_core`'s. The labelled engine
(:func:`placebudget.engine.compute`, :func:`placebudget.engine.appraise`) applies them to
Datasets, on numpy or dask; a single case is projected and appraised by them directly,
without labels, from the arrays :func:`placebudget.engine.build_inputs` is made of. The
maps from effects and cost lines to what they count under are one-hot
(:mod:`~placebudget.engine._onehot`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._onehot import (
    Array,
    Map,
    OneHot,
    add_into,
    outcomes,
    outcomes_by_partner,
    take,
)
from placebudget.figures import FIGURES

__all__ = [
    "INPUT_DIMS",
    "OUTPUT_DIMS",
    "beyond_horizon_arrays",
    "beyond_horizon_years",
    "by_intake_year",
    "convolve",
    "decay",
    "effect_rate",
    "interaction_factor",
    "one_outcome_arrays",
    "per_member",
    "project_arrays",
    "window",
]

#: The core dimensions (trailing axes, in this order) of each input the projection reads;
#: from ``social_index`` on, optional.
INPUT_DIMS: dict[str, tuple[str, ...]] = {
    D.INTAKE: (D.INTERVENTION, D.YEAR),
    D.ENGAGEMENT: (D.INTERVENTION,),
    D.EFFECT_INTERVENTION: (D.EFFECT, D.INTERVENTION),
    D.EFFECT_OUTCOME: (D.EFFECT, D.OUTCOME),
    D.BASELINE: (D.EFFECT,),
    D.IMPACT: (D.EFFECT,),
    D.DEADWEIGHT: (D.EFFECT,),
    D.DISPLACEMENT: (D.EFFECT,),
    D.ATTRIBUTION: (D.EFFECT,),
    D.BENEFIT_OPTIMISM_BIAS: (D.EFFECT,),
    D.DROP_OFF: (D.EFFECT,),
    D.ECONOMIC_VALUE: (D.EFFECT,),
    D.SOCIAL_VALUE: (D.EFFECT,),
    D.LAG: (D.EFFECT,),
    D.DURATION: (D.EFFECT,),
    D.FISCAL_VALUE: (D.EFFECT, D.PARTNER),
    D.CASHABLE_SHARE: (D.EFFECT, D.PARTNER),
    D.TRANSFER_SHARE: (D.EFFECT, D.PARTNER),
    D.LINE_INTERVENTION: (D.COST_LINE, D.INTERVENTION),
    D.LINE_PARTNER: (D.COST_LINE, D.PARTNER),
    D.LINE_AMOUNT: (D.COST_LINE, D.YEAR),
    D.LINE_PER_PARTICIPANT: (D.COST_LINE,),
    D.COST_OPTIMISM_BIAS: (D.COST_LINE,),
    D.DISCOUNT_FACTOR: (D.YEAR,),
    D.SOCIAL_INDEX: (D.EFFECT, D.YEAR),
    D.SOCIAL_HEALTH: (D.EFFECT,),
    D.HEALTH_DISCOUNT_FACTOR: (D.YEAR,),
    D.DISTRIBUTIONAL_WEIGHT: (D.INTERVENTION,),
    D.RISK_PROBABILITY: (D.RISK,),
    D.RISK_AMOUNT: (D.RISK, D.YEAR),
    D.RISK_PARTNER: (D.RISK, D.PARTNER),
    D.PAIR_FIRST: (D.PAIR, D.EFFECT),
    D.PAIR_SECOND: (D.PAIR, D.EFFECT),
    D.PAIR_OVERLAP: (D.PAIR,),
    D.EFFECT_ADJUSTMENT: (D.EFFECT,),
    D.REINVEST_SHARE: (),
    D.REINVEST_CAP: (),
    D.REINVEST_INTO: (D.INTERVENTION,),
    D.REINVEST_FROM: (D.PARTNER,),
    D.VALUE_SCALE: (),
    D.EFFECT_DIRECTION: (D.EFFECT,),
}

#: The core dimensions of each figure :func:`project_arrays` gives: the projection's
#: variables (``docs/reference/dataset.md``), then the per-effect and per-line detail.
OUTPUT_DIMS: dict[str, tuple[str, ...]] = {
    name: found.dims for name, found in FIGURES.items() if found.role in ("variable", "detail")
}


def effect_rate(a: Mapping[str, Any]) -> Array:
    """Outcome units changed per engaged participant-year of each effect, before
    interactions: baseline × impact × (1 − deadweight) × (1 − displacement) ×
    attribution × (1 − optimism bias), ``(…, effect)``. With a direction ``σ``
    (:data:`~placebudget.engine.dims.EFFECT_DIRECTION`, −1 for an effect that
    increases its outcome), ``σ`` × the same with ``(1 − σ × optimism bias)``: a
    dis-benefit's rate is negative and its optimism bias raises it, as it raises a
    cost."""
    bias = a[D.BENEFIT_OPTIMISM_BIAS]
    direction = a.get(D.EFFECT_DIRECTION)
    rate = (
        a[D.BASELINE]
        * a[D.IMPACT]
        * (1 - a[D.DEADWEIGHT])
        * (1 - a[D.DISPLACEMENT])
        * a[D.ATTRIBUTION]
    )
    if direction is None:
        return np.asarray(rate * (1 - bias))
    return np.asarray(direction * rate * (1 - direction * bias))


def per_member(a: Mapping[str, Any]) -> Array:
    """The "as is" reactive cost of one cohort member for one year, ``(…, intervention,
    partner)``: ``Σ_effects baseline × fiscal value`` of each intervention's effects."""
    return _valued(
        a,
        add_into(
            OneHot.of(a[D.EFFECT_INTERVENTION]),
            a[D.BASELINE][..., None] * a[D.FISCAL_VALUE],
            axis=-2,
        ),
        core=2,
    )


def decay(lag: Array, duration: Array, drop_off: Array, years: int) -> Array:
    """Share of an effect's full yearly change that falls ``τ`` years after intake:
    ``(1 − drop_off)^(τ − lag)`` for ``lag ≤ τ < lag + duration``, else 0, ``(…,
    effect, τ)`` for ``τ = 0 … years − 1``.

    Examples
    --------
    >>> decay(np.array([1]), np.array([2]), np.array([0.5]), 4).tolist()
    [[0.0, 1.0, 0.5, 0.0]]
    """
    since_first = np.arange(years) - np.asarray(lag)[..., None]
    active = (since_first >= 0) & (since_first < np.asarray(duration)[..., None])
    # clipped so that 0 ** negative never happens: masked out by `active` anyway
    shares = (1.0 - np.asarray(drop_off, dtype=float))[..., None] ** np.clip(since_first, 0, None)
    return np.where(active, shares, 0.0)


def window(lag: Array, duration: Array, years: int) -> Array:
    """1 while a cohort member is followed for an effect, from the intake year to the
    last year of its benefit (``0 ≤ τ < lag + duration``), else 0: ``(…, effect, τ)``."""
    inside = np.arange(years) < (np.asarray(lag) + np.asarray(duration))[..., None]
    return np.asarray(inside, dtype=float)


def by_intake_year(by_elapsed: Array) -> Array:
    """A profile by years since intake ``(…, τ)`` as ``(…, year, intake_year)``: its
    value at ``τ = year − intake_year``, 0 before the intake year."""
    n = by_elapsed.shape[-1]
    elapsed = np.arange(n)[:, None] - np.arange(n)[None, :]
    return np.where(elapsed >= 0, by_elapsed[..., np.clip(elapsed, 0, None)], 0.0)


def convolve(weights: Array, people: Array) -> Array:
    """``out[…, t] = Σ_τ weights[…, τ] · people[…, t − τ]`` over ``0 ≤ τ ≤ t``: what
    people entering each year give by year under a profile by years since intake, a
    pass a year since intake over the whole leading shape (never the year × intake
    year array).

    Examples
    --------
    >>> convolve(np.array([1.0, 0.5, 0.0]), np.array([10.0, 20.0, 0.0])).tolist()
    [10.0, 25.0, 10.0]
    """
    n = people.shape[-1]
    lead = np.broadcast_shapes(weights.shape[:-1], people.shape[:-1])
    out = np.zeros((*lead, n))
    # only the years since intake in which some effect is active
    active = np.flatnonzero(weights[..., :n].reshape(-1, min(n, weights.shape[-1])).any(axis=0))
    for tau in active.tolist():
        out[..., tau:] += weights[..., tau : tau + 1] * people[..., : n - tau]
    return out


def interaction_factor(a: Mapping[str, Any], rate: Array, effect_intervention: Map) -> Array | None:
    """The factor on each effect's volume ``(…, effect)`` from interactions between
    interventions: for each pair of effects on one outcome with net impacts ``a`` and
    ``b`` (``rate / baseline``), the shared people change by ``1 − (1 − a)(1 − b)``
    rather than ``a + b``, so each effect's volume on them is cut by half of ``a · b``:
    the first's by ``s · b / 2``, the second's by ``s' · a / 2``, where ``s`` is the share
    of the first's participants also in the second (``pair_overlap``) and ``s' = s · P₁ /
    P₂`` the share of the second's (engaged participants over all intake years, so that
    a draw or a place with other intakes keeps the shared people the same people); then
    the stated adjustments (``effect_adjustment``). ``None`` without interactions."""
    if D.EFFECT_ADJUSTMENT not in a:
        return None
    adjustment = np.asarray(a[D.EFFECT_ADJUSTMENT], dtype=float)
    first = a.get(D.PAIR_FIRST)
    if first is None or first.shape[-2] == 0:
        return adjustment
    second = a[D.PAIR_SECOND]
    baseline = a[D.BASELINE]
    with np.errstate(divide="ignore", invalid="ignore"):
        net = np.where(baseline > 0, rate / baseline, 0.0)  # no baseline: nothing shared
    impact_first = (first @ net[..., None])[..., 0]  # (…, pair)
    impact_second = (second @ net[..., None])[..., 0]
    engaged_i = (a[D.INTAKE] * a[D.ENGAGEMENT][..., None]).sum(axis=-1)  # (…, intervention)
    engaged = take(effect_intervention, engaged_i, axis=-1)  # (…, effect)
    people_first = (first @ engaged[..., None])[..., 0]
    people_second = (second @ engaged[..., None])[..., 0]
    overlap_first = a[D.PAIR_OVERLAP]
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap_second = np.where(
            people_second > 0, overlap_first * people_first / people_second, 0.0
        )
    cut = (
        first * (overlap_first * impact_second / 2)[..., None]
        + second * (overlap_second * impact_first / 2)[..., None]
    )
    return np.asarray(np.prod(1 - cut, axis=-2) * adjustment)


def _feedback(
    saving: Array, kernel: Array, share: Array, cap: Array, cost: Array
) -> tuple[Array, Array]:
    """Solve the reinvestment feedback year by year.

    ``saving (…, year)`` is the cashable saving without reinvestment, ``kernel (…, year,
    intake_year)`` the cashable saving in ``year`` per extra participant entering in
    ``intake_year``; ``share``, ``cap`` and ``cost`` (per participant) broadcast over the
    leading dimensions. Returns the extra participants and the money reinvested, by the
    year they are spent in."""
    n = saving.shape[-1]
    lead = np.broadcast_shapes(
        saving.shape[:-1], kernel.shape[:-2], np.shape(share), np.shape(cap), np.shape(cost)
    )
    extra = np.zeros((*lead, n))
    money = np.zeros((*lead, n))
    for year in range(n - 1):
        total = saving[..., year] + np.einsum("...k,...k->...", kernel[..., year, :], extra)
        # a place that costs nothing cannot be bought (a sampled cost of zero): no spend
        spend = np.where(cost > 0, np.minimum(share * np.maximum(total, 0.0), cap), 0.0)
        money[..., year + 1] = spend
        extra[..., year + 1] = np.divide(spend, cost, out=np.zeros_like(spend), where=cost > 0)
    return extra, money


def _reinvest(
    a: Mapping[str, Any], planned: Array, rate: Array, maps: _Maps
) -> tuple[Array, Array]:
    """Extra engaged participants ``(…, intervention, year)`` bought by reinvesting
    cashable savings, and the money reinvested ``(…, year)``, by the year it is spent.

    The saving of year *t* is the cashable benefit of the partners in ``reinvest_from``
    over every outcome, counting the extra participants of years up to *t*; ``share`` of
    it (none when it is not positive), at most ``cap``, buys participants of the
    intervention in ``reinvest_into`` in year *t + 1* at its cost per participant
    (per-participant lines after optimism bias). Without ``reinvest_share``, nothing is
    reinvested."""
    if D.REINVEST_SHARE not in a:
        return np.zeros(planned.shape), np.zeros(planned.shape[:-2] + planned.shape[-1:])
    n = planned.shape[-1]
    profile = by_intake_year(decay(a[D.LAG], a[D.DURATION], a[D.DROP_OFF], n))
    cash_value = _valued(
        a,
        (
            (a[D.FISCAL_VALUE] * a[D.CASHABLE_SHARE])
            @ np.asarray(a[D.REINVEST_FROM], dtype=float)[..., None]
        )[..., 0],
        core=1,
    )
    per_effect = (rate * cash_value)[..., None, None] * profile  # (…, effect, year, intake)
    kernel = add_into(maps.effect_intervention, per_effect, axis=-3)
    saving = np.einsum("...iyk,...ik->...y", kernel, planned)
    target = np.asarray(a[D.REINVEST_INTO], dtype=float)
    per_line = a[D.LINE_PER_PARTICIPANT] * (1 + a[D.COST_OPTIMISM_BIAS])
    cost = (take(maps.line_intervention, target, axis=-1) * per_line).sum(axis=-1)
    extra, money = _feedback(
        saving,
        np.einsum("...iyk,...i->...yk", kernel, target),
        a[D.REINVEST_SHARE],
        a[D.REINVEST_CAP],
        cost,
    )
    return extra[..., None, :] * target[..., :, None], money


def _valued(a: Mapping[str, Any], figure: Array, *, core: int) -> Array:
    """``figure`` (``core`` trailing core axes), a figure of values just computed (no
    input's array, nor a view of one), times the inputs' value scale
    (:data:`~placebudget.engine.dims.VALUE_SCALE`) when they have one — in place when it
    has the scale's leading axes already. Every figure is linear in the values, so a
    place's scale multiplies the figures, not the effect × partner values they are
    contracted from."""
    if D.VALUE_SCALE not in a:
        return figure
    scale = np.asarray(a[D.VALUE_SCALE], dtype=float)
    scale = scale.reshape(scale.shape + (1,) * core)
    if np.broadcast_shapes(figure.shape, scale.shape) == figure.shape:
        figure *= scale
        return figure
    return np.asarray(figure * scale)


def one_outcome_arrays(a: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs ``a`` with every effect counted under one outcome: their projection's
    money figures are summed over outcomes (what every appraisal metric reads), without
    an outcome axis."""
    return {**a, D.EFFECT_OUTCOME: OneHot(np.zeros(np.shape(a[D.BASELINE])[-1], np.intp), 1)}


class _Maps:
    """The four maps of the inputs, each a :class:`~placebudget.engine._onehot.OneHot`
    when it is one."""

    __slots__ = ("effect_intervention", "effect_outcome", "line_intervention", "line_partner")

    def __init__(self, a: Mapping[str, Any]) -> None:
        self.effect_intervention = OneHot.of(a[D.EFFECT_INTERVENTION])
        self.effect_outcome = OneHot.of(a[D.EFFECT_OUTCOME])
        self.line_intervention = OneHot.of(a[D.LINE_INTERVENTION])
        self.line_partner = OneHot.of(a[D.LINE_PARTNER])


def _summed(mapping: Map) -> bool:
    """Whether ``mapping`` counts every effect under one outcome (a sum over effects)."""
    return isinstance(mapping, OneHot) and mapping.width == 1


def _weighted_outcomes(mapping: Map, weight: Array, profile: Array) -> Array:
    """``weight (…, effect) · profile (…, effect, year)`` added into each effect's
    outcome: ``(…, year, outcome)``. Under one outcome, a contraction over the effects
    that holds no per-effect product."""
    if _summed(mapping):
        if profile.ndim == 2:  # the same profile for every leading index: one product
            return (weight @ profile)[..., None]
        return np.swapaxes(weight[..., None, :] @ profile, -1, -2)
    return outcomes(mapping, weight[..., None] * profile)


def _weighted_by_partner(mapping: Map, value: Array, weight: Array, profile: Array) -> Array:
    """``Σ_effect value (…, effect, partner) · weight (…, effect) · profile (…, effect,
    year)`` into each effect's outcome: ``(…, partner, year, outcome)``. Under one
    outcome, one contraction over the effects (the weights a factor of the values, no
    per-effect product by year held)."""
    if _summed(mapping):
        weighted = value * weight[..., None]  # (…, effect, partner)
        if profile.ndim == 2 and weighted.ndim == 2:  # a single case
            return (weighted.T @ profile)[..., None]
        if profile.ndim == 2:  # the same profile for every leading index: one product
            return np.tensordot(weighted, profile, axes=([-2], [0]))[..., None]
        return (np.swapaxes(weighted, -1, -2) @ profile)[..., None]
    return outcomes_by_partner(mapping, weight[..., None] * profile, value)


def _health_parts(
    a: Mapping[str, Any], maps: _Maps, social_rate: Array, social_spread: Array, social: Array
) -> tuple[Array, Array]:
    """The parts of the social and weighted benefit ``(…, year, outcome)`` that are
    health values (``social_health`` 1), discounted with the health discount factor:
    ``social_rate × social_health`` spread as the social benefit is (× each cohort's
    distributional weight for the weighted part). Zeros without ``social_health``."""
    if D.SOCIAL_HEALTH not in a:
        zeros = np.zeros(social.shape)
        return zeros, zeros
    by_outcome = maps.effect_outcome
    health_rate = social_rate * a[D.SOCIAL_HEALTH]
    health = _valued(a, _weighted_outcomes(by_outcome, health_rate, social_spread), core=2)
    if D.DISTRIBUTIONAL_WEIGHT not in a:
        return health, health
    weight = take(maps.effect_intervention, a[D.DISTRIBUTIONAL_WEIGHT], axis=-1)
    weighted = _valued(
        a, _weighted_outcomes(by_outcome, health_rate * weight, social_spread), core=2
    )
    return health, weighted


def project_arrays(a: Mapping[str, Any], *, detail: bool = True) -> dict[str, Array]:
    """The projection (:data:`OUTPUT_DIMS`) of the inputs ``a`` (:data:`INPUT_DIMS`:
    each array's trailing axes its core dimensions in that order; the maps arrays or
    :class:`~placebudget.engine._onehot.OneHot`; leading axes broadcast, aligned from the
    right). Each figure has the leading axes of the inputs it is computed from (broadcast
    among themselves).
    Without ``detail``, the per-effect volumes (``effect_volume``), which a projection
    under one outcome does not otherwise hold, are left out."""
    maps = _Maps(a)
    n_years = a[D.INTAKE].shape[-1]
    rate = effect_rate(a)
    interaction = interaction_factor(a, rate, maps.effect_intervention)
    if interaction is not None:
        rate = rate * interaction
    planned = a[D.INTAKE] * a[D.ENGAGEMENT][..., None]  # (…, intervention, year)
    extra, reinvested = _reinvest(a, planned, rate, maps)
    participants_i = planned + extra
    effect_participants = take(maps.effect_intervention, participants_i, axis=-2)
    # each effect's volume is rate (…, effect) × spread (…, effect, year): the two are
    # kept apart, so that a draw's rates never make a draw × effect × year array
    # unless the figures are by outcome or the detail is asked for
    spread = convolve(decay(a[D.LAG], a[D.DURATION], a[D.DROP_OFF], n_years), effect_participants)
    by_outcome = maps.effect_outcome
    fiscal_value = a[D.FISCAL_VALUE]
    economic_rate = rate * a[D.ECONOMIC_VALUE]
    social_rate = rate * a[D.SOCIAL_VALUE]
    # values that change by year (carbon, VPF) follow their year profile
    social_spread = spread * a[D.SOCIAL_INDEX] if D.SOCIAL_INDEX in a else spread
    economic = _valued(a, _weighted_outcomes(by_outcome, economic_rate, spread), core=2)
    social = _valued(a, _weighted_outcomes(by_outcome, social_rate, social_spread), core=2)
    if D.DISTRIBUTIONAL_WEIGHT in a:
        weight = take(maps.effect_intervention, a[D.DISTRIBUTIONAL_WEIGHT], axis=-1)
        weighted = _valued(
            a,
            _weighted_outcomes(by_outcome, economic_rate * weight, spread)
            + _weighted_outcomes(by_outcome, social_rate * weight, social_spread),
            core=2,
        )
    else:
        weighted = economic + social
    health_social, health_weighted = _health_parts(a, maps, social_rate, social_spread, social)
    # the "as is" reactive cost: the whole intake (before engagement) with the extra
    # intake reinvestment buys (extra participants go only to an intervention with
    # engagement above 0, so elsewhere the 1 divides zeros), followed from intake to the
    # last year of each effect's benefit, × baseline × fiscal value
    engagement = a[D.ENGAGEMENT]
    cohort = a[D.INTAKE] + extra / np.where(engagement > 0, engagement, 1.0)[..., None]
    members = convolve(
        window(a[D.LAG], a[D.DURATION], n_years), take(maps.effect_intervention, cohort, axis=-2)
    )
    line_participants = take(maps.line_intervention, participants_i, axis=-2)
    line_cost = (a[D.LINE_AMOUNT] + a[D.LINE_PER_PARTICIPANT][..., None] * line_participants) * (
        1 + a[D.COST_OPTIMISM_BIAS]
    )[..., None]
    cost = add_into(maps.line_partner, line_cost, axis=-2)  # (…, partner, year)
    if D.RISK_PROBABILITY in a:
        risk_cost = np.einsum(
            "...r,...ry,...rp->...py", a[D.RISK_PROBABILITY], a[D.RISK_AMOUNT], a[D.RISK_PARTNER]
        )
    else:  # no risk register
        risk_cost = np.zeros(cost.shape)
    out = {
        D.PARTICIPANTS: participants_i,
        D.VOLUME: _weighted_outcomes(by_outcome, rate, spread),
        D.COST: cost,
        D.FISCAL: _valued(a, _weighted_by_partner(by_outcome, fiscal_value, rate, spread), core=3),
        D.CASHABLE: _valued(
            a,
            _weighted_by_partner(by_outcome, fiscal_value * a[D.CASHABLE_SHARE], rate, spread),
            core=3,
        ),
        D.DISBENEFIT: _valued(
            a,
            -_weighted_by_partner(by_outcome, fiscal_value, np.minimum(rate, 0.0), spread),
            core=3,
        ),
        D.TRANSFER_PAYMENT: _valued(
            a,
            _weighted_by_partner(by_outcome, fiscal_value * a[D.TRANSFER_SHARE], rate, spread),
            core=3,
        ),
        D.ECONOMIC: economic,
        D.SOCIAL: social,
        D.BASELINE_COST: _valued(
            a, _weighted_by_partner(by_outcome, fiscal_value, a[D.BASELINE], members), core=3
        ),
        D.REINVESTED: reinvested,
        D.REINVESTED_PARTICIPANTS: extra,
        D.RISK_COST: risk_cost,
        D.WEIGHTED_BENEFIT: weighted,
        D.DISCOUNT_FACTOR: np.asarray(a[D.DISCOUNT_FACTOR], dtype=float),
        D.HEALTH_SOCIAL: health_social,
        D.HEALTH_WEIGHTED_BENEFIT: health_weighted,
        D.HEALTH_DISCOUNT_FACTOR: np.asarray(
            a.get(D.HEALTH_DISCOUNT_FACTOR, a[D.DISCOUNT_FACTOR]), dtype=float
        ),
        "interaction_factor": (
            np.ones(np.shape(a[D.BASELINE])) if interaction is None else interaction
        ),
        "line_cost": line_cost,
    }
    if detail:
        out["effect_volume"] = rate[..., None] * spread  # (…, effect, year)
    return out


def beyond_horizon_years(a: Mapping[str, Any]) -> int:
    """How many years after the horizon's last the benefits of the inputs ``a`` run on:
    an intake in the last year ``H − 1`` benefits until ``H − 1 + ℓ + D − 1``, so
    ``max(ℓ + D) − 1`` years (0 without effects, or when none lasts past its intake
    year)."""
    reach = np.asarray(a[D.LAG]) + np.asarray(a[D.DURATION])
    return max(int(reach.max(initial=0)) - 1, 0)


def beyond_horizon_arrays(
    a: Mapping[str, Any], discount_after: Array, health_after: Array | None = None
) -> dict[str, Array]:
    """The present value of the benefits the inputs ``a`` give after the horizon's last
    year, which the projection and its appraisal do not count (``docs/method.md``).

    Every intake stays within the horizon: each engaged participant of the projection
    (with those reinvestment buys, nothing reinvested after the horizon) is followed past
    it on a year axis extended by ``discount_after``'s length (``(…, extra)``, the
    discount factors of the years after the last, the case's schedule continued), with
    no intake and no cost in the extra years; a value that changes by year
    (``social_index``) keeps its last year's; health values (``social_health``) are
    discounted with ``health_after``, the health schedule continued, when it is given.
    Returns, over the inputs' leading axes,
    ``fiscal_beyond_horizon``, ``transfers_beyond_horizon`` (by partner, ``(…,
    partner)``), ``economic_beyond_horizon`` and ``social_beyond_horizon`` (``(…)``).
    With no extra year, all are zero."""
    maps = _Maps(a)
    n_years = a[D.INTAKE].shape[-1]
    after = np.asarray(discount_after, dtype=float)
    extra_years = after.shape[-1]
    rate = effect_rate(a)
    interaction = interaction_factor(a, rate, maps.effect_intervention)
    if interaction is not None:
        rate = rate * interaction
    planned = a[D.INTAKE] * a[D.ENGAGEMENT][..., None]
    extra, _ = _reinvest(a, planned, rate, maps)
    people = take(maps.effect_intervention, planned + extra, axis=-2)  # (…, effect, year)
    people = np.concatenate([people, np.zeros((*people.shape[:-1], extra_years))], axis=-1)
    total = n_years + extra_years
    spread = convolve(decay(a[D.LAG], a[D.DURATION], a[D.DROP_OFF], total), people)[
        ..., n_years:
    ]  # (…, effect, extra year): volume per unit rate in each year after the horizon
    pv_spread = (spread * after[..., None, :]).sum(axis=-1)  # (…, effect)
    last_index = np.asarray(a[D.SOCIAL_INDEX])[..., -1] if D.SOCIAL_INDEX in a else 1.0
    pv_social_spread = pv_spread * last_index
    if health_after is not None and D.SOCIAL_HEALTH in a:  # health values at the health rate
        health = np.asarray(a[D.SOCIAL_HEALTH], dtype=float)  # (…, effect): 1 for health
        pv_health = (spread * np.asarray(health_after, dtype=float)[..., None, :]).sum(axis=-1)
        pv_social_spread = pv_social_spread * (1 - health) + pv_health * last_index * health
    volume = rate * pv_spread  # (…, effect): outcome units after the horizon, discounted
    fiscal_value = a[D.FISCAL_VALUE]  # (…, effect, partner)
    return {
        "fiscal_beyond_horizon": _valued(
            a, (volume[..., None] * fiscal_value).sum(axis=-2), core=1
        ),
        "transfers_beyond_horizon": _valued(
            a, (volume[..., None] * fiscal_value * a[D.TRANSFER_SHARE]).sum(axis=-2), core=1
        ),
        "economic_beyond_horizon": _valued(
            a, np.asarray((volume * a[D.ECONOMIC_VALUE]).sum(axis=-1)), core=0
        ),
        "social_beyond_horizon": _valued(
            a, np.asarray((rate * pv_social_spread * a[D.SOCIAL_VALUE]).sum(axis=-1)), core=0
        ),
    }
