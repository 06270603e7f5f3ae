"""The engine's arithmetic (``docs/method.md``) in numpy: written once, here.

:func:`project_arrays` projects and :func:`appraise_arrays` appraises arrays whose
trailing axes are the core dimensions of each variable (:data:`INPUT_DIMS`,
:data:`OUTPUT_DIMS`, :data:`METRIC_DIMS`) and whose leading axes (draws, places,
options) broadcast. The labelled engine (:func:`placebudget.engine.compute`,
:func:`placebudget.engine.appraise`) applies them to Datasets, on numpy or dask; a single
case is projected and appraised by them directly, without labels, from the arrays
:func:`placebudget.engine.build_inputs` is made of.

The maps from effects to interventions and outcomes, and from cost lines to
interventions and partners, are one-hot: given as a :class:`OneHot` (each row's column)
they cost work in proportion to the rows; given dense, they are checked and taken as
one-hot when they are, and contracted as they are otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.figures import FIGURES, headline

__all__ = ["INPUT_DIMS", "METRIC_DIMS", "OUTPUT_DIMS", "OneHot", "appraise_arrays",
           "by_intake_year", "decay", "effect_rate", "one_outcome_arrays", "per_member",
           "present_value", "project_arrays", "window"]

Array = np.ndarray[Any, Any]

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
}

#: The core dimensions of each figure :func:`project_arrays` gives: the projection's
#: variables (``docs/reference/dataset.md``), then the per-effect and per-line detail.
OUTPUT_DIMS: dict[str, tuple[str, ...]] = {
    D.PARTICIPANTS: (D.YEAR,),
    D.VOLUME: (D.YEAR, D.OUTCOME),
    D.COST: (D.PARTNER, D.YEAR),
    D.FISCAL: (D.PARTNER, D.YEAR, D.OUTCOME),
    D.CASHABLE: (D.PARTNER, D.YEAR, D.OUTCOME),
    D.TRANSFER_PAYMENT: (D.PARTNER, D.YEAR, D.OUTCOME),
    D.ECONOMIC: (D.YEAR, D.OUTCOME),
    D.SOCIAL: (D.YEAR, D.OUTCOME),
    D.BASELINE_COST: (D.PARTNER, D.YEAR, D.OUTCOME),
    D.REINVESTED: (D.YEAR,),
    D.REINVESTED_PARTICIPANTS: (D.YEAR,),
    D.RISK_COST: (D.PARTNER, D.YEAR),
    D.WEIGHTED_BENEFIT: (D.YEAR, D.OUTCOME),
    D.DISCOUNT_FACTOR: (D.YEAR,),
    "effect_volume": (D.EFFECT, D.YEAR),
    "interaction_factor": (D.EFFECT,),
    "line_cost": (D.COST_LINE, D.YEAR),
}

#: The projection figures :func:`appraise_arrays` reads.
APPRAISED: tuple[str, ...] = (
    D.COST, D.FISCAL, D.CASHABLE, D.TRANSFER_PAYMENT, D.ECONOMIC, D.SOCIAL, D.BASELINE_COST,
    D.REINVESTED, D.RISK_COST, D.WEIGHTED_BENEFIT, D.DISCOUNT_FACTOR)

#: The core dimensions of each metric :func:`appraise_arrays` gives, in its order: the
#: catalogue's metrics (:mod:`placebudget.figures`).
METRIC_DIMS: dict[str, tuple[str, ...]] = {
    name: found.dims for name, found in FIGURES.of("metric").items()}

#: The metrics that are payback years (left out when not asked for).
PAYBACK_METRICS = tuple(name for name, found in FIGURES.of("metric").items()
                        if found.kind == "year")

#: Relative tolerance when comparing cumulative benefit with cumulative cost (the live
#: Excel model's payback formulas write the same).
PAYBACK_RTOL = 1e-9

#: Elements of an effect × partner × year product small enough to hold whatever the
#: outcomes (below it, adding effects into outcomes beats a product a partner).
SMALL_PRODUCT = 2**20

#: Effects an outcome may have on average for the effect × partner × year product to be
#: held (it is then at most this many times the partner × year × outcome result).
FEW_EFFECTS = 4


class OneHot:
    """A one-hot map from rows (effects, cost lines) to columns (interventions, outcomes,
    partners): row ``k`` counts under column ``index[k]``.

    Examples
    --------
    >>> m = OneHot(np.array([1, 0, 1]), 2)
    >>> m.dense().tolist()
    [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
    >>> m.add_into(np.array([1.0, 2.0, 4.0]), axis=-1).tolist()
    [2.0, 5.0]
    """

    __slots__ = ("_groups", "index", "width")

    def __init__(self, index: Array, width: int) -> None:
        self.index = np.asarray(index, dtype=np.intp)
        self.width = int(width)
        self._groups: tuple[Any, ...] | None = None

    @classmethod
    def of(cls, array: Any) -> OneHot | Array:
        """``array`` as a :class:`OneHot` when it is one (0 and 1, one 1 a row, the same
        for every leading index), else as it is."""
        if isinstance(array, OneHot):
            return array
        array = np.asarray(array)
        if array.ndim > 2 and all(n == 1 for n in array.shape[:-2]):
            array = array.reshape(array.shape[-2:])
        if array.ndim != 2:
            return np.asarray(array)
        ones = array == 1
        if not ((ones | (array == 0)).all() and (ones.sum(axis=1) == 1).all()):
            return np.asarray(array)
        return cls(ones.argmax(axis=1) if array.shape[0] else np.zeros(0, np.intp),
                   array.shape[1])

    @property
    def rows(self) -> int:
        """The number of rows."""
        return len(self.index)

    def dense(self) -> Array:
        """The map as a rows × columns array of 0 and 1."""
        out = np.zeros((self.rows, self.width))
        out[np.arange(self.rows), self.index] = 1.0
        return out

    def take(self, values: Array, axis: int) -> Array:
        """Each row's value of its column: ``values`` indexed along ``axis`` (the
        columns) by :attr:`index`."""
        return np.take(values, self.index, axis=axis)

    def _grouping(self) -> tuple[Any, ...]:
        """(order, starts, columns of the starts, in order, one row a column in order)."""
        if self._groups is None:
            order = np.argsort(self.index, kind="stable")
            ranked = self.index[order]
            starts = (np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
                      if self.rows else np.zeros(0, np.intp))
            in_order = bool((order == np.arange(self.rows)).all())
            one_each = in_order and len(starts) == self.rows == self.width
            self._groups = (order, starts, ranked[starts], in_order, one_each)
        return self._groups

    def add_into(self, values: Array, axis: int) -> Array:
        """The sum of the rows of each column: ``values`` added along ``axis`` (the rows)
        into :attr:`width` columns, each column's rows in their order (0 for a column
        with none)."""
        axis = axis % values.ndim
        if self.width == 1:
            return np.asarray(values.sum(axis=axis, keepdims=True))
        order, starts, columns, in_order, one_each = self._grouping()
        if one_each:
            return values
        if not len(starts):
            shape = list(values.shape)
            shape[axis] = self.width
            return np.zeros(shape)
        sums = np.add.reduceat(values if in_order else np.take(values, order, axis=axis),
                               starts, axis=axis)
        if len(starts) == self.width:
            return sums
        shape = list(values.shape)
        shape[axis] = self.width
        out = np.zeros(shape)
        where: list[Any] = [slice(None)] * values.ndim
        where[axis] = columns
        out[tuple(where)] = sums
        return out


Map = OneHot | Array


def _take(mapping: Map, values: Array, axis: int) -> Array:
    """Rows' values from their columns' (``values`` along ``axis``, the columns)."""
    if isinstance(mapping, OneHot):
        return mapping.take(values, axis)
    moved = np.moveaxis(values, axis, -1)[..., None]  # (…, other, columns, 1)
    lead = mapping.shape[:-2]
    dense = mapping.reshape((*lead, *([1] * (moved.ndim - 2 - len(lead))), *mapping.shape[-2:]))
    return np.moveaxis((dense @ moved)[..., 0], -1, axis)


def _add_into(mapping: Map, values: Array, axis: int) -> Array:
    """Rows' ``values`` (along ``axis``) added into their columns."""
    if isinstance(mapping, OneHot):
        return mapping.add_into(values, axis)
    moved = np.moveaxis(values, axis, -1)[..., None, :]  # (…, other, 1, rows)
    lead = mapping.shape[:-2]
    dense = mapping.reshape((*lead, *([1] * (moved.ndim - 2 - len(lead))), *mapping.shape[-2:]))
    return np.moveaxis((moved @ dense)[..., 0, :], -1, axis)


def _outcomes(mapping: Map, per_effect: Array) -> Array:
    """``(…, effect, year)`` figures added into their outcomes: ``(…, year, outcome)``."""
    return np.swapaxes(_add_into(mapping, per_effect, axis=-2), -1, -2)


def _outcomes_by_partner(mapping: Map, volume: Array, value: Array) -> Array:
    """``Σ_effect volume (…, effect, year) · value (…, effect, partner)`` into each
    effect's outcome: ``(…, partner, year, outcome)``.

    A one-hot map with no more effects than a few per outcome (or a small product) adds
    each effect's figures into its outcome, holding the effect × partner × year product
    (no bigger than a few times the result); otherwise each partner's figures are one
    matrix product with the map, holding an effect × year array at a time."""
    if isinstance(mapping, OneHot) and mapping.width == 1:
        return (np.swapaxes(value, -1, -2) @ volume)[..., None]  # a sum over effects
    lead = np.broadcast_shapes(value.shape[:-2], volume.shape[:-2])
    product = int(np.prod(lead)) * value.shape[-2] * value.shape[-1] * volume.shape[-1]
    if isinstance(mapping, OneHot) and (
            mapping.rows <= FEW_EFFECTS * mapping.width or product <= SMALL_PRODUCT):
        # laid out (…, partner, year, effect): the effects the innermost, longest axis
        per_effect = (np.swapaxes(value, -1, -2)[..., :, None, :]
                      * np.swapaxes(volume, -1, -2)[..., None, :, :])
        return mapping.add_into(per_effect, axis=-1)
    dense = mapping.dense() if isinstance(mapping, OneHot) else np.asarray(mapping)
    partners = value.shape[-1]
    out = np.empty((*np.broadcast_shapes(lead, dense.shape[:-2]), partners,
                    volume.shape[-1], dense.shape[-1]))
    moved = np.swapaxes(volume, -1, -2)  # (…, year, effect)
    for p in range(partners):
        out[..., p, :, :] = (moved * value[..., None, :, p]) @ dense
    return out


def effect_rate(a: Mapping[str, Any]) -> Array:
    """Outcome units changed per engaged participant-year of each effect, before
    interactions: baseline × impact × (1 − deadweight) × (1 − displacement) ×
    attribution × (1 − optimism bias), ``(…, effect)``."""
    return np.asarray(a[D.BASELINE] * a[D.IMPACT] * (1 - a[D.DEADWEIGHT])
                      * (1 - a[D.DISPLACEMENT]) * a[D.ATTRIBUTION]
                      * (1 - a[D.BENEFIT_OPTIMISM_BIAS]))


def per_member(a: Mapping[str, Any]) -> Array:
    """The "as is" reactive cost of one cohort member for one year, ``(…, intervention,
    partner)``: ``Σ_effects baseline × fiscal value`` of each intervention's effects."""
    return _valued(a, _add_into(OneHot.of(a[D.EFFECT_INTERVENTION]),
                                a[D.BASELINE][..., None] * a[D.FISCAL_VALUE], axis=-2),
                   core=2)


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
    shares = (1.0 - np.asarray(drop_off, dtype=float))[..., None] ** np.clip(since_first, 0,
                                                                             None)
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
        out[..., tau:] += weights[..., tau:tau + 1] * people[..., :n - tau]
    return out


def interaction_factor(a: Mapping[str, Any], rate: Array, effect_intervention: Map
                       ) -> Array | None:
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
    engaged = _take(effect_intervention, engaged_i, axis=-1)  # (…, effect)
    people_first = (first @ engaged[..., None])[..., 0]
    people_second = (second @ engaged[..., None])[..., 0]
    overlap_first = a[D.PAIR_OVERLAP]
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap_second = np.where(people_second > 0,
                                  overlap_first * people_first / people_second, 0.0)
    cut = (first * (overlap_first * impact_second / 2)[..., None]
           + second * (overlap_second * impact_first / 2)[..., None])
    return np.asarray(np.prod(1 - cut, axis=-2) * adjustment)


def _feedback(saving: Array, kernel: Array, share: Array, cap: Array, cost: Array
              ) -> tuple[Array, Array]:
    """Solve the reinvestment feedback year by year.

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


def _reinvest(a: Mapping[str, Any], planned: Array, rate: Array, maps: _Maps
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
    cash_value = _valued(a, ((a[D.FISCAL_VALUE] * a[D.CASHABLE_SHARE])
                             @ np.asarray(a[D.REINVEST_FROM], dtype=float)[..., None])[..., 0],
                         core=1)
    per_effect = (rate * cash_value)[..., None, None] * profile  # (…, effect, year, intake)
    kernel = _add_into(maps.effect_intervention, per_effect, axis=-3)
    saving = np.einsum("...iyk,...ik->...y", kernel, planned)
    target = np.asarray(a[D.REINVEST_INTO], dtype=float)
    per_line = a[D.LINE_PER_PARTICIPANT] * (1 + a[D.COST_OPTIMISM_BIAS])
    cost = (_take(maps.line_intervention, target, axis=-1) * per_line).sum(axis=-1)
    extra, money = _feedback(saving, np.einsum("...iyk,...i->...yk", kernel, target),
                             a[D.REINVEST_SHARE], a[D.REINVEST_CAP], cost)
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
    """The four maps of the inputs, each a :class:`OneHot` when it is one."""

    __slots__ = ("effect_intervention", "effect_outcome", "line_intervention",
                 "line_partner")

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
    return _outcomes(mapping, weight[..., None] * profile)


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
    return _outcomes_by_partner(mapping, weight[..., None] * profile, value)


def project_arrays(a: Mapping[str, Any], *, detail: bool = True) -> dict[str, Array]:
    """The projection (:data:`OUTPUT_DIMS`) of the inputs ``a`` (:data:`INPUT_DIMS`:
    each array's trailing axes its core dimensions in that order; the maps arrays or
    :class:`OneHot`; leading axes broadcast, aligned from the right). Each figure has
    the leading axes of the inputs it is computed from (broadcast among themselves).
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
    effect_participants = _take(maps.effect_intervention, participants_i, axis=-2)
    # each effect's volume is rate (…, effect) × spread (…, effect, year): the two are
    # kept apart, so that a draw's rates never make a draw × effect × year array
    # unless the figures are by outcome or the detail is asked for
    spread = convolve(decay(a[D.LAG], a[D.DURATION], a[D.DROP_OFF], n_years),
                      effect_participants)
    by_outcome = maps.effect_outcome
    fiscal_value = a[D.FISCAL_VALUE]
    economic_rate = rate * a[D.ECONOMIC_VALUE]
    social_rate = rate * a[D.SOCIAL_VALUE]
    # values that change by year (carbon, VPF) follow their year profile
    social_spread = spread * a[D.SOCIAL_INDEX] if D.SOCIAL_INDEX in a else spread
    economic = _valued(a, _weighted_outcomes(by_outcome, economic_rate, spread), core=2)
    social = _valued(a, _weighted_outcomes(by_outcome, social_rate, social_spread), core=2)
    if D.DISTRIBUTIONAL_WEIGHT in a:
        weight = _take(maps.effect_intervention, a[D.DISTRIBUTIONAL_WEIGHT], axis=-1)
        weighted = _valued(a, _weighted_outcomes(by_outcome, economic_rate * weight, spread)
                           + _weighted_outcomes(by_outcome, social_rate * weight,
                                                social_spread), core=2)
    else:
        weighted = economic + social
    # the "as is" reactive cost: the whole intake (before engagement) with the extra
    # intake reinvestment buys (extra participants go only to an intervention with
    # engagement above 0, so elsewhere the 1 divides zeros), followed from intake to the
    # last year of each effect's benefit, × baseline × fiscal value
    engagement = a[D.ENGAGEMENT]
    cohort = a[D.INTAKE] + extra / np.where(engagement > 0, engagement, 1.0)[..., None]
    members = convolve(window(a[D.LAG], a[D.DURATION], n_years),
                       _take(maps.effect_intervention, cohort, axis=-2))
    line_participants = _take(maps.line_intervention, participants_i, axis=-2)
    line_cost = ((a[D.LINE_AMOUNT] + a[D.LINE_PER_PARTICIPANT][..., None] * line_participants)
                 * (1 + a[D.COST_OPTIMISM_BIAS])[..., None])
    cost = _add_into(maps.line_partner, line_cost, axis=-2)  # (…, partner, year)
    if D.RISK_PROBABILITY in a:
        risk_cost = np.einsum("...r,...ry,...rp->...py", a[D.RISK_PROBABILITY],
                              a[D.RISK_AMOUNT], a[D.RISK_PARTNER])
    else:  # no risk register
        risk_cost = np.zeros(cost.shape)
    out = {
        D.PARTICIPANTS: participants_i.sum(axis=-2),
        D.VOLUME: _weighted_outcomes(by_outcome, rate, spread),
        D.COST: cost,
        D.FISCAL: _valued(a, _weighted_by_partner(by_outcome, fiscal_value, rate, spread),
                          core=3),
        D.CASHABLE: _valued(a, _weighted_by_partner(
            by_outcome, fiscal_value * a[D.CASHABLE_SHARE], rate, spread), core=3),
        D.TRANSFER_PAYMENT: _valued(a, _weighted_by_partner(
            by_outcome, fiscal_value * a[D.TRANSFER_SHARE], rate, spread), core=3),
        D.ECONOMIC: economic,
        D.SOCIAL: social,
        D.BASELINE_COST: _valued(a, _weighted_by_partner(
            by_outcome, fiscal_value, a[D.BASELINE], members), core=3),
        D.REINVESTED: reinvested,
        D.REINVESTED_PARTICIPANTS: extra.sum(axis=-2),
        D.RISK_COST: risk_cost,
        D.WEIGHTED_BENEFIT: weighted,
        D.DISCOUNT_FACTOR: np.asarray(a[D.DISCOUNT_FACTOR], dtype=float),
        "interaction_factor": (np.ones(np.shape(a[D.BASELINE])) if interaction is None
                               else interaction),
        "line_cost": line_cost,
    }
    if detail:
        out["effect_volume"] = rate[..., None] * spread  # (…, effect, year)
    return out


def present_value(flow: Array, discount: Array, *, partner: bool = False) -> Array:
    """``Σ_year discount · flow`` (year the last axis; ``partner``: the flow has a
    partner axis before it, which the discount factors have not).

    Examples
    --------
    >>> present_value(np.array([[100., 100.], [0., 50.]]), np.array([1., 0.5]),
    ...               partner=True).tolist()
    [150.0, 25.0]
    """
    if discount.ndim == 1:
        return np.asarray(flow @ discount)
    return np.asarray((flow * (discount[..., None, :] if partner else discount)).sum(axis=-1))


def payback_years(benefit: Array, cost: Array, years: Array) -> Array:
    """The first of ``years`` in which cumulative ``benefit`` reaches cumulative ``cost``
    (year the last axis); only years with some cumulative cost count, so a partner who
    spends nothing has no payback year. NaN where payback is not reached.

    Examples
    --------
    >>> payback_years(np.array([0., 60., 60.]), np.array([100., 0., 0.]),
    ...               np.array([2012, 2013, 2014])).tolist()
    2014.0
    """
    cum_benefit = np.cumsum(benefit, axis=-1)
    cum_cost = np.cumsum(cost, axis=-1)
    reached = (cum_benefit >= cum_cost * (1 - PAYBACK_RTOL)) & (cum_cost > 0)
    first = np.asarray(years, dtype=float)[reached.argmax(axis=-1)]
    return np.where(reached.any(axis=-1), first, np.nan)


def appraise_arrays(p: Mapping[str, Array], years: Array, *, paybacks: bool = True
                    ) -> dict[str, Array]:
    """The appraisal metrics (:data:`METRIC_DIMS`) of projection figures ``p`` (those of
    :data:`APPRAISED`, core dimensions trailing as in :data:`OUTPUT_DIMS`) over
    ``years`` (the financial years of the year axis); the four payback years only when
    ``paybacks``. The present values are computed here — sums over outcomes, then
    partners, then years — and every composite figure from them by
    :func:`placebudget.figures.headline`."""
    df = p[D.DISCOUNT_FACTOR]
    cost_p = p[D.COST]
    fiscal_p = p[D.FISCAL].sum(axis=-1)
    cashable_p = p[D.CASHABLE].sum(axis=-1)
    baseline_p = p[D.BASELINE_COST].sum(axis=-1)
    risk_p = p[D.RISK_COST]
    cost = cost_p.sum(axis=-2)
    fiscal = fiscal_p.sum(axis=-2)
    pv: dict[str, Array] = {
        "pv_cost": present_value(cost, df),
        "pv_fiscal": present_value(fiscal, df),
        "pv_cashable": present_value(cashable_p.sum(axis=-2), df),
        "pv_economic": present_value(p[D.ECONOMIC].sum(axis=-1), df),
        "pv_social": present_value(p[D.SOCIAL].sum(axis=-1), df),
        # summed as the fiscal benefit is (outcomes, then partners): a transfer share of
        # 1 gives the fiscal benefit to the last digit
        "pv_transfers": present_value(p[D.TRANSFER_PAYMENT].sum(axis=-1).sum(axis=-2), df),
        "pv_baseline_cost": present_value(baseline_p.sum(axis=-2), df),
        "pv_reinvested": present_value(p[D.REINVESTED], df),
        "partner_pv_cost": present_value(cost_p, df, partner=True),
        "partner_pv_fiscal": present_value(fiscal_p, df, partner=True),
        "partner_pv_cashable": present_value(cashable_p, df, partner=True),
        "partner_pv_baseline_cost": present_value(baseline_p, df, partner=True),
        "pv_risk": present_value(risk_p.sum(axis=-2), df),
        "pv_weighted_benefit": present_value(p[D.WEIGHTED_BENEFIT].sum(axis=-1), df),
        "partner_pv_risk": present_value(risk_p, df, partner=True),
        "annuity_factor": df.sum(axis=-1),
    }
    if paybacks:
        # the total's and each partner's, undiscounted and discounted, found together
        partner_df = df[..., None, :]
        benefits = np.concatenate([fiscal[..., None, :], fiscal_p], axis=-2)
        costs = np.concatenate([cost[..., None, :], cost_p], axis=-2)
        found = payback_years(np.stack([benefits, benefits * partner_df]),
                              np.stack([costs, costs * partner_df]), years)
        pv["payback_year"] = found[0, ..., 0]
        pv["discounted_payback_year"] = found[1, ..., 0]
        pv["partner_payback_year"] = found[0, ..., 1:]
        pv["partner_discounted_payback_year"] = found[1, ..., 1:]
    derived = headline(pv)
    return {name: derived[name] for name in METRIC_DIMS if name in derived}


#: Metrics in GBP at the price base.
MONEY_METRICS = frozenset(name for name in METRIC_DIMS if FIGURES[name].money)
