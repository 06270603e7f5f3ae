"""Projection: from a business case to the projection Dataset (``docs/reference/dataset.md``).

:func:`compute` is the arithmetic, a pure vectorised ``Dataset → Dataset`` function that
keeps any extra leading dimensions of its input (``draw``, ``place``, ``option``) and stays
lazy on dask-backed input. :func:`project` builds the inputs from a case and wraps the
result in a :class:`Projection`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._inputs import build_inputs, case_database, case_deflators
from placebudget.engine.contacts import CostedCaseStudy, cost_case_studies
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    import pandas as pd

    from placebudget.engine.appraise import Appraisal
    from placebudget.engine.settlement import Settlement
    from placebudget.model import InvestmentAgreement
    from placebudget.reference import UnitCostDatabase

__all__ = ["ALL_OUTCOMES", "Projection", "compute", "decay", "effect_rate", "followed",
           "interaction_factor", "one_outcome", "profile", "project", "reinvest",
           "spread_over_years", "window"]


def _elapsed(inputs: xr.Dataset) -> xr.DataArray:
    """Years since intake, ``0 … horizon − 1``, along :data:`~placebudget.engine.dims.ELAPSED`."""
    return xr.DataArray(np.arange(inputs.sizes[D.YEAR]), dims=D.ELAPSED)


def decay(inputs: xr.Dataset) -> xr.DataArray:
    """Share of an effect's full yearly change that falls ``τ`` years after intake
    (``elapsed``): ``(1 − drop_off)^(τ − lag)`` for ``lag ≤ τ < lag + duration``, else 0.
    Dims ``(…, effect, elapsed)``, ``τ = 0 … horizon − 1``."""
    since_first = _elapsed(inputs) - inputs[D.LAG]
    active = (since_first >= 0) & (since_first < inputs[D.DURATION])
    # clip so that 0 ** negative never happens: masked out by `active` anyway
    shares = (1.0 - inputs[D.DROP_OFF]) ** since_first.clip(min=0)
    return shares.where(active, 0.0).transpose(..., D.ELAPSED)


def window(inputs: xr.Dataset) -> xr.DataArray:
    """1 while a cohort member is followed for an effect, from the intake year to the
    last year of its benefit (``0 ≤ τ < lag + duration``), else 0. Dims ``(…, effect,
    elapsed)``."""
    inside: xr.DataArray = (_elapsed(inputs) < inputs[D.LAG] + inputs[D.DURATION]
                            ).astype(float)
    return inside.transpose(..., D.ELAPSED)


def _by_intake_year(inputs: xr.Dataset, by_elapsed: xr.DataArray) -> xr.DataArray:
    """A profile by years since intake as ``(…, effect, year, intake_year)``: its value
    at ``τ = year − intake_year``, 0 before the intake year."""
    years = inputs[D.YEAR]
    elapsed = years - years.rename({D.YEAR: D.INTAKE_YEAR})
    spread: xr.DataArray = by_elapsed.isel({D.ELAPSED: elapsed.clip(min=0)}).where(
        elapsed >= 0, 0.0)
    return spread.drop_vars([D.YEAR, D.INTAKE_YEAR]).assign_coords(
        {D.YEAR: years.to_numpy(), D.INTAKE_YEAR: years.to_numpy()}).transpose(
        ..., D.YEAR, D.INTAKE_YEAR)


def profile(inputs: xr.Dataset) -> xr.DataArray:
    """:func:`decay` for people entering in ``intake_year``, by ``year``: dims ``(…,
    effect, year, intake_year)``."""
    return _by_intake_year(inputs, decay(inputs))


def followed(inputs: xr.Dataset) -> xr.DataArray:
    """:func:`window` for people entering in ``intake_year``, by ``year``: dims ``(…,
    effect, year, intake_year)``."""
    return _by_intake_year(inputs, window(inputs))


def _convolve(weights: Any, people: Any) -> Any:
    """``out[…, t] = Σ_τ weights[…, τ] · people[…, t − τ]`` over ``0 ≤ τ ≤ t`` (numpy
    core of :func:`spread_over_years`): a pass a year since intake, each over the
    whole leading shape, never the ``(…, year, intake_year)`` array."""
    n = people.shape[-1]
    lead = np.broadcast_shapes(weights.shape[:-1], people.shape[:-1])
    out = np.zeros((*lead, n))
    for tau in range(min(n, weights.shape[-1])):
        share = weights[..., tau:tau + 1]
        if not share.any():  # no effect active this many years after intake
            continue
        out[..., tau:] += share * people[..., :n - tau]
    return out


def spread_over_years(by_elapsed: xr.DataArray, entering: xr.DataArray) -> xr.DataArray:
    """``Σ_intake_year by_elapsed(year − intake_year) · entering(intake_year)``: what
    people ``entering`` each year ``(…, year)`` give by year under a profile by years
    since intake ``(…, elapsed)`` (:func:`decay`, :func:`window`), the contraction of
    :func:`profile` with them without building it. Stays lazy on dask.

    Examples
    --------
    >>> by_elapsed = xr.DataArray([1.0, 0.5, 0.0], dims="elapsed")
    >>> entering = xr.DataArray([10.0, 20.0, 0.0], dims="year", coords={"year": [1, 2, 3]})
    >>> spread_over_years(by_elapsed, entering).values.tolist()
    [10.0, 25.0, 10.0]
    """
    spread: xr.DataArray = xr.apply_ufunc(
        _convolve, by_elapsed, entering, input_core_dims=[[D.ELAPSED], [D.YEAR]],
        output_core_dims=[[D.YEAR]], dask="parallelized", output_dtypes=[float],
        # the years of a projection are few: one chunk along them costs little
        dask_gufunc_kwargs={"allow_rechunk": True})
    return spread


def _money(array: xr.DataArray, price_base: Any, description: str) -> xr.DataArray:
    array.attrs = {"units": "GBP", "price_base": price_base, "description": description}
    return array


def _dot(*arrays: xr.DataArray, dim: str | list[str]) -> xr.DataArray:
    """``xr.dot`` with einsum's contraction-order optimisation (BLAS where it can)."""
    result: xr.DataArray = xr.dot(*arrays, dim=dim, optimize=True)
    return result


#: From this many outcomes on, effects' figures are added into their outcomes effect by
#: effect (:func:`_into_outcomes`); below, one contraction over the effects (einsum, with
#: BLAS) is faster and holds no per-effect product.
DENSE_OUTCOMES = 64


def _into_outcomes(*per_effect: xr.DataArray, by_outcome: xr.DataArray) -> xr.DataArray:
    """``Σ_effect Π per_effect · by_outcome``: each effect's figures (the product of
    ``per_effect``) added into its outcome.

    The map from effects to outcomes is one-hot (each effect counts under one outcome),
    so with many outcomes the sum is taken within each outcome's effects, in effect
    order — work in proportion to the effects, where the dense contraction over the map
    would take effects × outcomes. With fewer than :data:`DENSE_OUTCOMES` outcomes, a map
    that is not one-hot, or one not yet computed (dask), it is contracted as it is."""
    if getattr(by_outcome.data, "dask", None) is not None:  # unknown until computed
        return _dot(*per_effect, by_outcome, dim=D.EFFECT)
    coords = {name: coord for name, coord in by_outcome.coords.items()
              if D.EFFECT not in coord.dims}
    if by_outcome.sizes[D.OUTCOME] == 1 and bool((by_outcome == 1).all()):
        # every effect under one outcome (one_outcome): a sum over the effects
        return _dot(*per_effect, dim=D.EFFECT).expand_dims(D.OUTCOME, axis=-1).assign_coords(
            coords)
    if by_outcome.sizes[D.OUTCOME] < DENSE_OUTCOMES:
        return _dot(*per_effect, by_outcome, dim=D.EFFECT)
    weights = by_outcome.transpose(D.EFFECT, D.OUTCOME).to_numpy()
    if weights.ndim != 2 or not (((weights == 0) | (weights == 1)).all()
                                 and (weights.sum(axis=1) == 1).all()):
        return _dot(*per_effect, by_outcome, dim=D.EFFECT)
    owner = weights.argmax(axis=1)
    order = np.argsort(owner, kind="stable")
    ranked = owner[order]
    starts: Any = (np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(ranked)
                   else [])
    outcomes = weights.shape[1]
    in_order = bool((order == np.arange(len(order))).all())
    # each outcome its own effect, in order: the figures are the effects' as they are
    one_each = in_order and len(ranked) == outcomes

    def added(values: Any) -> Any:
        if one_each:
            return values.astype(float, copy=False)
        sums = np.add.reduceat(values if in_order else values[..., order], starts,
                               axis=-1) if len(starts) else None
        if sums is not None and len(starts) == outcomes:
            return sums  # every outcome has effects, in order
        out = np.zeros((*values.shape[:-1], outcomes), dtype=float)
        if sums is not None:
            out[..., ranked[starts]] = sums
        return out

    product = per_effect[0]
    for factor in per_effect[1:]:
        product = product * factor
    summed: xr.DataArray = xr.apply_ufunc(
        added, product, input_core_dims=[[D.EFFECT]], output_core_dims=[[D.OUTCOME]],
        dask="parallelized", output_dtypes=[float],
        dask_gufunc_kwargs={"output_sizes": {D.OUTCOME: outcomes}})
    return summed.assign_coords(coords)


def _feedback(saving: Any, kernel: Any, share: Any, cap: Any, cost: Any) -> tuple[Any, Any]:
    """Solve the reinvestment feedback year by year (numpy core of :func:`reinvest`).

    ``saving (…, year)`` is the cashable saving without reinvestment, ``kernel (…, year,
    intake_year)`` the cashable saving in ``year`` per extra participant entering in
    ``intake_year``; ``share``, ``cap`` and ``cost`` (per participant) broadcast over the
    leading dimensions. Returns the extra participants and the money reinvested, by the
    year they are spent in."""
    n = saving.shape[-1]
    lead = np.broadcast_shapes(saving.shape[:-1], kernel.shape[:-2], np.shape(share),
                               np.shape(cap), np.shape(cost))
    extra = np.zeros((*lead, n))
    money = np.zeros((*lead, n))
    for year in range(n - 1):
        total = saving[..., year] + np.einsum("...k,...k->...", kernel[..., year, :], extra)
        # a place that costs nothing cannot be bought (a sampled cost of zero): no spend
        spend = np.where(cost > 0, np.minimum(share * np.maximum(total, 0.0), cap), 0.0)
        money[..., year + 1] = spend
        extra[..., year + 1] = np.divide(spend, cost, out=np.zeros_like(spend),
                                         where=cost > 0)
    return extra, money


def reinvest(inputs: xr.Dataset, participants: xr.DataArray, rate: xr.DataArray,
             spread_profile: xr.DataArray | None = None
             ) -> tuple[xr.DataArray, xr.DataArray]:
    """Extra engaged participants ``(…, intervention, year)`` bought by reinvesting cashable
    savings, and the money reinvested ``(…, year)``, by the year it is spent.

    The saving of year *t* is the cashable benefit of the partners in ``reinvest_from``
    over every outcome, counting the extra participants of years up to *t*; ``share`` of
    it (none when it is not positive), at most ``cap``, buys participants of the
    intervention in ``reinvest_into`` in year *t + 1* at its cost per participant
    (per-participant lines after optimism bias). The feedback is solved year by year,
    vectorised over any leading dimensions. Without ``reinvest_share`` in ``inputs``,
    nothing is reinvested. ``spread_profile`` is :func:`profile` of ``inputs`` (found
    when not given)."""
    if "reinvest_share" not in inputs:
        return xr.zeros_like(participants), xr.zeros_like(participants.sum(D.INTERVENTION))
    if spread_profile is None:
        spread_profile = profile(inputs)
    cash_value = _dot(inputs[D.FISCAL_VALUE] * inputs[D.CASHABLE_SHARE],
                      inputs[D.REINVEST_FROM], dim=D.PARTNER)
    kernel = _dot(inputs[D.EFFECT_INTERVENTION], rate * cash_value * spread_profile,
                  dim=D.EFFECT)  # (…, intervention, year, intake_year) per participant
    saving = _dot(kernel, participants.rename({D.YEAR: D.INTAKE_YEAR}),
                  dim=[D.INTERVENTION, D.INTAKE_YEAR])
    target = inputs[D.REINVEST_INTO]
    per_line = inputs[D.LINE_PER_PARTICIPANT] * (1 + inputs[D.COST_OPTIMISM_BIAS])
    cost = _dot(_dot(inputs[D.LINE_INTERVENTION], target, dim=D.INTERVENTION), per_line,
                dim=D.COST_LINE)
    extra, money = xr.apply_ufunc(
        _feedback, saving, _dot(kernel, target, dim=D.INTERVENTION),
        inputs[D.REINVEST_SHARE], inputs[D.REINVEST_CAP], cost,
        input_core_dims=[[D.YEAR], [D.YEAR, D.INTAKE_YEAR], [], [], []],
        output_core_dims=[[D.YEAR], [D.YEAR]], dask="parallelized",
        output_dtypes=[float, float],
        # the years of a projection are few: one chunk along them costs little
        dask_gufunc_kwargs={"allow_rechunk": True})
    return (extra * target).transpose(..., D.INTERVENTION, D.YEAR), money


def effect_rate(inputs: xr.Dataset) -> xr.DataArray:
    """Outcome units changed per engaged participant-year of each effect, before
    interactions: baseline × impact × (1 − deadweight) × (1 − displacement) ×
    attribution × (1 − optimism bias)."""
    return (
        inputs[D.BASELINE]
        * inputs[D.IMPACT]
        * (1 - inputs[D.DEADWEIGHT])
        * (1 - inputs[D.DISPLACEMENT])
        * inputs[D.ATTRIBUTION]
        * (1 - inputs[D.BENEFIT_OPTIMISM_BIAS])
    )


def interaction_factor(inputs: xr.Dataset, rate: xr.DataArray) -> xr.DataArray | None:
    """The factor on each effect's volume ``(…, effect)`` from interactions between
    interventions: for each pair of effects on one outcome with net impacts ``a`` and
    ``b`` (``rate / baseline``), the shared people change by ``1 − (1 − a)(1 − b)``
    rather than ``a + b``, so each effect's volume on them is cut by half of ``a · b``:
    the first's by ``s · b / 2``, the second's by ``s' · a / 2``, where ``s`` is the share
    of the first's participants also in the second (``pair_overlap``) and ``s' = s · P₁ /
    P₂`` the share of the second's (engaged participants over all intake years, so that
    a draw or a place with other intakes keeps the shared people the same people); then
    the stated adjustments (``effect_adjustment``). ``None`` without interactions (no
    ``effect_adjustment`` in ``inputs``)."""
    if D.EFFECT_ADJUSTMENT not in inputs:
        return None
    adjustment = inputs[D.EFFECT_ADJUSTMENT]
    if inputs.sizes.get(D.PAIR, 0) == 0:
        return adjustment
    baseline = inputs[D.BASELINE]
    net = (rate / baseline.where(baseline > 0)).fillna(0.0)  # no baseline: nothing shared
    first, second = inputs[D.PAIR_FIRST], inputs[D.PAIR_SECOND]
    impact_first = _dot(first, net, dim=D.EFFECT)
    impact_second = _dot(second, net, dim=D.EFFECT)
    # the shared people as a share of the second's participants: s · P₁ / P₂
    engaged = _dot(inputs[D.EFFECT_INTERVENTION],
                   (inputs[D.INTAKE] * inputs[D.ENGAGEMENT]).sum(D.YEAR), dim=D.INTERVENTION)
    people_first = _dot(first, engaged, dim=D.EFFECT)
    people_second = _dot(second, engaged, dim=D.EFFECT)
    overlap_first = inputs[D.PAIR_OVERLAP]
    overlap_second = (overlap_first * people_first
                      / people_second.where(people_second > 0)).fillna(0.0)
    cut = (first * (overlap_first * impact_second / 2)
           + second * (overlap_second * impact_first / 2))
    factor: xr.DataArray = (1 - cut).prod(D.PAIR) * adjustment
    return factor


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
        ``weighted_benefit`` and ``discount_factor``, plus the per-effect
        ``effect_volume`` and ``interaction_factor`` and per-line ``line_cost`` kept as
        detail.
    """
    price_base = inputs.attrs.get("price_base")
    rate = effect_rate(inputs)
    interaction = interaction_factor(inputs, rate)
    if interaction is not None:
        rate = rate * interaction
    planned = inputs[D.INTAKE] * inputs[D.ENGAGEMENT]
    extra, reinvested = reinvest(inputs, planned, rate)
    participants_i = planned + extra
    effect_participants = _dot(inputs[D.EFFECT_INTERVENTION], participants_i,
                                 dim=D.INTERVENTION)
    spread = spread_over_years(decay(inputs), effect_participants)
    effect_volume = rate * spread  # (…, effect, year)
    by_outcome = inputs[D.EFFECT_OUTCOME]
    volume = _into_outcomes(effect_volume, by_outcome=by_outcome)
    fiscal = _into_outcomes(effect_volume, inputs[D.FISCAL_VALUE], by_outcome=by_outcome)
    cashable = _into_outcomes(effect_volume, inputs[D.FISCAL_VALUE] * inputs[D.CASHABLE_SHARE],
                              by_outcome=by_outcome)
    transfer = _into_outcomes(effect_volume, inputs[D.FISCAL_VALUE] * inputs[D.TRANSFER_SHARE],
                              by_outcome=by_outcome)
    # the values (and the social values' year profile) are factors of the contraction:
    # no (…, effect, year) product is held for them
    social_value = inputs[D.SOCIAL_VALUE]
    if D.SOCIAL_INDEX in inputs:  # values that change by year (carbon, VPF)
        social_value = social_value * inputs[D.SOCIAL_INDEX]
    economic = _into_outcomes(effect_volume, inputs[D.ECONOMIC_VALUE], by_outcome=by_outcome)
    social = _into_outcomes(effect_volume, social_value, by_outcome=by_outcome)
    if D.DISTRIBUTIONAL_WEIGHT in inputs:
        weight = _dot(inputs[D.EFFECT_INTERVENTION], inputs[D.DISTRIBUTIONAL_WEIGHT],
                      dim=D.INTERVENTION)
        weighted = _into_outcomes(effect_volume, (inputs[D.ECONOMIC_VALUE] + social_value)
                                  * weight, by_outcome=by_outcome)
    else:
        weighted = economic + social
    baseline_cost = _baseline_cost(inputs, extra)

    line_participants = _dot(inputs[D.LINE_INTERVENTION], participants_i, dim=D.INTERVENTION)
    line_cost = (inputs[D.LINE_AMOUNT] + inputs[D.LINE_PER_PARTICIPANT] * line_participants) * (
        1 + inputs[D.COST_OPTIMISM_BIAS]
    )
    cost = _dot(inputs[D.LINE_PARTNER], line_cost, dim=D.COST_LINE)
    if D.RISK_PROBABILITY in inputs:
        risk_cost = _dot(inputs[D.RISK_PROBABILITY] * inputs[D.RISK_AMOUNT],
                         inputs[D.RISK_PARTNER], dim=D.RISK)
    else:  # no risk register
        risk_cost = xr.zeros_like(cost)

    participants = participants_i.sum(D.INTERVENTION)
    participants.attrs = {"description": "engaged participants entering each year"}
    extra_participants = extra.sum(D.INTERVENTION)
    extra_participants.attrs = {"description": "of participants, those bought by "
                                "reinvesting cashable savings"}
    volume.attrs = {"description": "outcome units changed (see outcome_unit)"}
    discount = inputs[D.DISCOUNT_FACTOR].copy()
    discount.attrs = {"description": "discount factor", "schedule": inputs.attrs.get(
        "discounting", "")}
    effect_volume.attrs = {"description": "outcome units changed, per effect"}
    out = xr.Dataset(
        {
            D.PARTICIPANTS: participants.transpose(..., D.YEAR),
            D.VOLUME: volume.transpose(..., D.YEAR, D.OUTCOME),
            D.COST: _money(cost.transpose(..., D.PARTNER, D.YEAR), price_base,
                           "cost borne, after optimism bias"),
            D.FISCAL: _money(fiscal.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME), price_base,
                             "fiscal benefit received"),
            D.CASHABLE: _money(cashable.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME),
                               price_base, "cashable part of the fiscal benefit"),
            D.TRANSFER_PAYMENT: _money(
                transfer.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME), price_base,
                "transfer payment part of the fiscal benefit (tax, benefits): in the "
                "financial case, left out of public value"),
            D.ECONOMIC: _money(economic.transpose(..., D.YEAR, D.OUTCOME), price_base,
                               "economic benefit"),
            D.SOCIAL: _money(social.transpose(..., D.YEAR, D.OUTCOME), price_base,
                             "social benefit"),
            D.BASELINE_COST: _money(
                baseline_cost.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME), price_base,
                "reactive cost of the cohort's outcomes as is (without the intervention)"),
            D.REINVESTED: _money(reinvested.transpose(..., D.YEAR), price_base,
                                 "cashable savings of the year before reinvested"),
            D.REINVESTED_PARTICIPANTS: extra_participants.transpose(..., D.YEAR),
            D.RISK_COST: _money(risk_cost.transpose(..., D.PARTNER, D.YEAR), price_base,
                                "expected cost of the risk register (probability × cost if "
                                "it happens; in a draw, the risks that happened)"),
            D.WEIGHTED_BENEFIT: _money(
                weighted.transpose(..., D.YEAR, D.OUTCOME), price_base,
                "economic and social benefit × each cohort's distributional weight"),
            D.DISCOUNT_FACTOR: discount,
            "effect_volume": effect_volume.transpose(..., D.EFFECT, D.YEAR),
            "interaction_factor": (xr.ones_like(inputs[D.BASELINE]) if interaction is None
                                   else interaction).transpose(..., D.EFFECT),
            "line_cost": _money(line_cost.transpose(..., D.COST_LINE, D.YEAR), price_base,
                                "cost of each line, after optimism bias"),
        },
        attrs={k: v for k, v in inputs.attrs.items() if k != "value_traces"},
    )
    return out


#: The one outcome of :func:`one_outcome`'s inputs.
ALL_OUTCOMES = "(all outcomes)"


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
    effects = inputs.sizes[D.EFFECT]
    merged = inputs.drop_vars([D.EFFECT_OUTCOME, D.OUTCOME, D.THEME, D.OUTCOME_UNIT],
                              errors="ignore")
    merged[D.EFFECT_OUTCOME] = xr.DataArray(np.ones((effects, 1)), dims=(D.EFFECT, D.OUTCOME),
                                            coords={D.OUTCOME: [ALL_OUTCOMES]})
    return merged


def _baseline_cost(inputs: xr.Dataset, extra: xr.DataArray) -> xr.DataArray:
    """The "as is" reactive cost ``(…, partner, year, outcome)``: cohort members followed
    × baseline per member per year × fiscal value. The cohort is the whole intake (before
    engagement), with the extra intake reinvestment buys (its participants over the
    engagement rate)."""
    engagement = inputs[D.ENGAGEMENT]
    # extra participants only go to an intervention with engagement above 0 (the case
    # refuses anything else), so elsewhere the 1 divides zeros
    cohort = inputs[D.INTAKE] + extra / engagement.where(engagement > 0, 1.0)
    per_effect = _dot(inputs[D.EFFECT_INTERVENTION], cohort, dim=D.INTERVENTION)
    members = spread_over_years(window(inputs), per_effect)  # (…, effect, year)
    cost = _into_outcomes(members, inputs[D.BASELINE], inputs[D.FISCAL_VALUE],
                          by_outcome=inputs[D.EFFECT_OUTCOME])
    return cost


_DETAIL = ("effect_volume", "line_cost", "interaction_factor")


def _split(full: xr.Dataset) -> tuple[xr.Dataset, xr.Dataset]:
    """A computed projection's main variables and its per-effect and per-line detail."""
    main = [name for name in full.data_vars if name not in _DETAIL]
    return full[main], full[list(_DETAIL)]


def _computed(inputs: xr.Dataset) -> xr.Dataset:
    # an overflowing figure is reported by project's check, not as a numpy warning
    with np.errstate(over="ignore", invalid="ignore"):
        return compute(inputs)


@attrs.frozen
class Projection:
    """A projected business case: the projection Dataset (``docs/reference/dataset.md``),
    the inputs it came from and the per-effect and per-cost-line detail.

    The figures are computed when first read: :attr:`totals` (every money figure summed
    over outcomes, what the appraisal reads) and :attr:`detail` together, :attr:`dataset`
    (by outcome) on its own, so an appraisal never builds the partner × year × outcome
    arrays that only the by-outcome views read.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> sorted(projection.dataset.data_vars)  # doctest: +NORMALIZE_WHITESPACE
    ['baseline_cost', 'cashable', 'cost', 'discount_factor', 'economic', 'fiscal',
     'participants', 'reinvested', 'reinvested_participants', 'risk_cost', 'social',
     'transfer_payment', 'volume', 'weighted_benefit']
    >>> dict(projection.totals.sizes)["outcome"]
    1
    """

    inputs: xr.Dataset = attrs.field(repr=False)
    """The engine's input Dataset (uprated values, rates, one-hot maps)."""
    case: BusinessCase | None = attrs.field(default=None, repr=False)
    """The case projected, when there is one."""
    case_studies: tuple[CostedCaseStudy, ...] = attrs.field(default=(), repr=False,
                                                            kw_only=True)
    """The case's costed families (its ``case_studies``), at the price base."""
    _dataset: xr.Dataset | None = attrs.field(default=None, repr=False, kw_only=True,
                                              alias="dataset", eq=False)
    _detail: xr.Dataset | None = attrs.field(default=None, repr=False, kw_only=True,
                                             alias="detail", eq=False)
    _totals: xr.Dataset | None = attrs.field(default=None, repr=False, kw_only=True,
                                             alias="totals", eq=False)

    @classmethod
    def from_inputs(cls, inputs: xr.Dataset, case: BusinessCase | None = None, *,
                    case_studies: tuple[CostedCaseStudy, ...] = ()) -> Projection:
        """The projection of an input Dataset (computed when first read)."""
        return cls(inputs, case, case_studies=case_studies)

    @property
    def dataset(self) -> xr.Dataset:
        """The projection (``docs/reference/dataset.md``): participants, volume, cost,
        fiscal, cashable, transfer_payment, economic, social and discount_factor, by
        outcome."""
        if self._dataset is None:
            object.__setattr__(self, "_dataset", _split(_computed(self.inputs))[0])
        assert self._dataset is not None
        return self._dataset

    @property
    def totals(self) -> xr.Dataset:
        """The projection with every effect counted under one outcome,
        :data:`ALL_OUTCOMES` (:func:`one_outcome`): the money figures of :attr:`dataset`
        summed over outcomes, from which every appraisal metric is computed. Its
        ``volume`` adds units of different outcomes and is not to be read."""
        if self._totals is None:
            totals, detail = _split(_computed(one_outcome(self.inputs)))
            object.__setattr__(self, "_totals", totals)
            if self._detail is None:
                object.__setattr__(self, "_detail", detail)
        assert self._totals is not None
        return self._totals

    @property
    def detail(self) -> xr.Dataset:
        """Per-effect volumes (``effect_volume``) and interaction factors
        (``interaction_factor``), and per-cost-line costs (``line_cost``)."""
        if self._detail is None:
            self.totals  # noqa: B018 - computed with the totals
        assert self._detail is not None
        return self._detail

    @property
    def price_base(self) -> int:
        """Price base year of every money variable."""
        return int(self.inputs.attrs["price_base"])

    def to_frame(self, variable: str | Sequence[str] | None = None) -> pd.DataFrame:
        """A variable of the projection as a tidy long table: one row per cell of its own
        dimensions (a cost is never repeated across outcomes), columns ``variable``, the
        dimensions (``draw``, ``place``, ``partner``, ``year``, ``outcome``: those the
        variable has, missing where it has not) and ``value`` and ``units``.

        Parameters
        ----------
        variable
            A variable of :attr:`dataset` (``docs/reference/dataset.md``), several, or
            ``None`` for all of them, one after another.

        Raises
        ------
        placebudget.errors.UnknownReferenceError
            A name that is not a variable of the projection.

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.testing import example_case
        >>> projection = pb.project(example_case())
        >>> cost = projection.to_frame("cost")
        >>> list(cost.columns)
        ['variable', 'partner', 'year', 'value', 'units']
        >>> bool(cost["value"].sum() == projection.dataset["cost"].sum())
        True
        >>> table = projection.to_frame()
        >>> float(table.loc[table["variable"] == "cost", "value"].sum()) == float(
        ...     cost["value"].sum())
        True
        """
        import pandas as pd

        from placebudget.errors import UnknownReferenceError

        names = (list(self.dataset.data_vars) if variable is None
                 else [variable] if isinstance(variable, str) else list(variable))
        unknown = [name for name in names if name not in self.dataset.data_vars]
        if unknown:
            known = ", ".join(str(v) for v in self.dataset.data_vars)
            msg = f"must be a variable of the projection ({known})"
            raise UnknownReferenceError.single(path="variable", message=msg,
                                               value=unknown[0])
        parts = []
        for name in names:
            array = self.dataset[name]
            frame = array.reset_coords(drop=True).to_dataframe(name="value").reset_index()
            frame.insert(0, "variable", str(name))
            frame["units"] = array.attrs.get("units", "")
            parts.append(frame)
        table = pd.concat(parts, ignore_index=True)
        order = [d for d in (D.DRAW, D.PLACE, D.PARTNER, D.YEAR, D.OUTCOME)
                 if d in table.columns]
        other = [c for c in table.columns if c not in ("variable", "value", "units", *order)]
        table = table[["variable", *order, *other, "value", "units"]]
        if D.YEAR in table.columns and table[D.YEAR].isna().any():
            table[D.YEAR] = table[D.YEAR].astype("Int64")
        return table

    def value_traces(self) -> pd.DataFrame:
        """How every value and cost of the case was found and brought to the price base:
        one row per input (``domestic_abuse › repeat_domestic_abuse › fiscal › nhs``,
        ``… › costs › set_up › amounts › 2013``) with ``path``, ``kind`` (fiscal,
        economic, social, cost), ``given`` (what the case says: ``ucd:CR2.0.1``,
        ``650 GBP / incident``), ``source`` (the database line's citation, the appraisal
        value's, or the cost line's description), ``published`` (£ per ``unit`` in
        ``price_year`` prices), ``deflator_factor`` (price base deflator over the price
        year's), ``uprated`` (``published × deflator_factor``, £ at the price base) and,
        for fiscal values, ``cashable`` and ``transfer`` shares.

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.examples import example_path
        >>> traces = pb.project(pb.load_case(example_path("west_cheshire"))).value_traces()
        >>> row = traces.loc["domestic_abuse › repeat_domestic_abuse › fiscal › nhs"]
        >>> row["given"], float(row["published"]), int(row["price_year"])
        ('ucd:CR2.0.1', 1171.0, 2008)
        >>> round(float(row["deflator_factor"]), 4), round(float(row["uprated"]), 2)
        (1.0975, 1285.12)
        """
        import json

        import pandas as pd

        from placebudget.engine._inputs import VALUE_TRACE_COLUMNS, VALUE_TRACES

        rows = json.loads(self.inputs.attrs.get(VALUE_TRACES, "[]"))
        frame = pd.DataFrame(rows, columns=list(VALUE_TRACE_COLUMNS))
        return frame.set_index("input")

    def cost_by_category(self) -> xr.DataArray:
        """Cost ``(…, partner, year, category)`` grouped by cost line category."""
        lines = self.detail["line_cost"] * self.inputs[D.LINE_PARTNER]
        if lines.sizes[D.COST_LINE] == 0:  # no cost lines, no categories
            empty = lines.sum(D.COST_LINE).expand_dims({D.CATEGORY: np.array([], dtype=object)})
            return empty.transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)
        return lines.groupby(self.inputs[D.LINE_CATEGORY]).sum(D.COST_LINE).rename(
            line_category=D.CATEGORY).transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)

    def baseline_per_member(self) -> xr.DataArray:
        """The "as is" reactive cost of one cohort member for one year, ``(…,
        intervention, partner)``: ``Σ_effects baseline × fiscal value`` at the price
        base."""
        inputs = self.inputs
        per_member: xr.DataArray = _dot(inputs[D.EFFECT_INTERVENTION],
                                        inputs[D.BASELINE] * inputs[D.FISCAL_VALUE],
                                        dim=D.EFFECT)
        per_member.attrs = {"units": "GBP", "price_base": self.price_base,
                            "description": "reactive cost per cohort member per year"}
        return per_member.transpose(..., D.INTERVENTION, D.PARTNER)

    def appraise(self) -> Appraisal:
        """The appraisal metrics of this projection (see :class:`Appraisal`)."""
        from placebudget.engine.appraise import Appraisal

        return Appraisal.from_projection(self)

    def settle(self, agreement: InvestmentAgreement, *, name: str = "") -> Settlement:
        """Each partner's contribution, benefit, net position and the money flows under
        ``agreement`` (see :func:`placebudget.engine.settle`).

        Raises
        ------
        placebudget.errors.ValidationError
            The agreement's rule cannot apply to this projection.

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.testing import example_case
        >>> settlement = pb.project(example_case()).settle(pb.InvestmentAgreement.by_net_benefit())
        >>> settlement.worse_off
        []
        """
        from placebudget.engine.agreements import settle

        return settle(self, agreement, name=name)


def project(case: BusinessCase, *, unit_costs: UnitCostDatabase | None = None) -> Projection:
    """Project ``case`` year by year: participants, outcomes changed, costs and benefits.

    Parameters
    ----------
    case
        The business case.
    unit_costs
        Database to resolve ``"ucd:CODE"`` values from; by default the bundled database
        the case names (its ``unit_costs``). A case naming a database file needs the
        database passed here, or :func:`placebudget.api.project`, which reads it with the
        installed importers.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem found resolving the case against its reference data, or costing
        its case studies.
    """
    database = case_database(case) if unit_costs is None else unit_costs
    inputs = build_inputs(case, database=database)
    projection = Projection.from_inputs(inputs, case)
    _check_finite(projection)
    if case.case_studies:
        studies = cost_case_studies(case, database=database, deflators=case_deflators(case))
        projection = attrs.evolve(projection, case_studies=studies)  # the figures kept
    return projection


def _check_finite(projection: Projection) -> None:
    """Refuse a projection whose figures overflow (an intake or a value near the largest
    float, 1.8e308): name each effect and cost line that gives a non-finite figure.

    The figures summed over outcomes are checked: a figure by outcome that overflows
    is a term of their sum, which then overflows too."""
    ds, detail, inputs = projection.totals, projection.detail, projection.inputs
    if all(bool(np.isfinite(ds[name]).all()) for name in D.MONEY_VARIABLES):
        return
    from placebudget.errors import Problem, ValidationError

    money = detail["effect_volume"] * (abs(inputs[D.FISCAL_VALUE]).max(D.PARTNER)
                                       + abs(inputs[D.ECONOMIC_VALUE])
                                       + abs(inputs[D.SOCIAL_VALUE]))
    bad_effects = ~xr.apply_ufunc(np.isfinite, money).all(D.YEAR)
    bad_lines = ~xr.apply_ufunc(np.isfinite, detail["line_cost"]).all(D.YEAR)
    problems = [Problem(str(path), "gives figures beyond the largest number (inf): check "
                        "its rates, its values and the intake", "inf")
                for path in inputs[D.EFFECT_PATH].to_numpy()[bad_effects.to_numpy()]]
    problems += [Problem(str(path), "gives a cost beyond the largest number (inf): check "
                         "its amounts and the intake", "inf")
                 for path in inputs[D.LINE_PATH].to_numpy()[bad_lines.to_numpy()]]
    if not problems:
        problems = [Problem("", "the projection overflows (inf): check intakes and values",
                            "inf")]
    raise ValidationError(problems, context=f"cannot project {ds.attrs.get('case', '')!r}")
