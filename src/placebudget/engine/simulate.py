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
0.79
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, get_args

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._core import (
    METRIC_DIMS,
    appraise_arrays,
    one_outcome_arrays,
    project_arrays,
)
from placebudget.engine._inputs import MAX_ARRAY_BYTES, build_inputs, check_size
from placebudget.engine.appraise import appraise, metrics_dataset
from placebudget.engine.project import Projection, core_arrays
from placebudget.engine.uncertain import UncertainInput, set_arrays, uncertain_inputs
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import (
    RATES,
    Beta,
    Distribution,
    GradeSpread,
    InputPath,
    LogNormal,
    Triangular,
    describe,
)

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = ["DEFAULT_CHUNK", "RATES", "UncertaintySummary", "default_distribution", "sample",
           "sample_inputs", "sample_many", "simulate", "simulate_summary", "summarize"]


#: The distribution kinds, in the order their draws are taken (that of the ``Distribution``
#: union: the draws of a seed depend on it).
_KINDS: tuple[type[Distribution], ...] = get_args(Distribution)


def sample_many(distributions: list[Distribution], rng: np.random.Generator, size: int
                ) -> np.ndarray[Any, np.dtype[np.float64]]:
    """``size`` draws of each of ``distributions``, as the columns of a ``(size, n)``
    array: one random call per kind of distribution, whatever their number."""
    out = np.empty((size, len(distributions)))
    for kind in _KINDS:
        columns = [k for k, d in enumerate(distributions) if type(d) is kind]
        if columns:
            found: list[Any] = [distributions[k] for k in columns]  # each a `kind`
            out[:, columns] = kind.draw_many(found, rng, (size, len(columns)))
    return out


def sample(distribution: Distribution, rng: np.random.Generator, size: int
           ) -> np.ndarray[Any, np.dtype[np.float64]]:
    """``size`` draws from ``distribution``."""
    return sample_many([distribution], rng, size)[:, 0]


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
        Distributions by input name, added to (and overriding) the case's own
        ``uncertainty`` (names by ids or positions, see
        :class:`placebudget.model.InputPath`): the funnel (``work_support › engagement``,
        a rate, and ``work_support › intake``, a factor on every year's intake); rates
        (``work_support › jsa_into_work › impact``) take the distribution of the rate;
        money (``… › jsa_into_work › fiscal › nhs``, ``… › economic``, ``… › social``,
        ``work_support › costs › intervention``) the distribution of a factor on the
        value given.
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
    return _sample(case, draws=draws, seed=seed, uncertainty=uncertainty, spread=spread,
                   unit_costs=unit_costs).chunk(0, draws)


def _check_kept(case: BusinessCase, draws: int) -> None:
    """Refuse draws whose kept metrics (what a chunked simulation holds for every draw at
    once) would need more than ``MAX_ARRAY_BYTES``."""
    # the inputs are drawn a chunk at a time: only the metrics are kept for every draw
    per_draw = 8 * (len(_SUMMARISED) + 2 * len(case.place.partners))
    if per_draw * draws > MAX_ARRAY_BYTES:
        most = MAX_ARRAY_BYTES // per_draw
        msg = (f"must be at most {most:,} for this case: each draw keeps {per_draw:,} bytes "
               f"of metrics, and {draws:,} draws would need "
               f"{per_draw * draws / 1024**3:,.1f} GiB, more than the limit of "
               f"{MAX_ARRAY_BYTES / 1024**3:,.0f} GiB")
        raise ValidationError([Problem("draws", msg, draws)], context="cannot simulate")


class _Streams:
    """The numbers :func:`sample_many` and the risk events draw for every draw, a chunk
    of draws at a time: each kind of distribution draws its columns from a generator of
    its own, started where one call for every draw would start it (found by a first pass
    that draws a chunk at a time, noting each column's lowest and highest draw, and keeps
    only the first chunk), so that the chunks, taken in order, hold the same numbers.

    The last kind needs no first pass when nothing is drawn after it (``rest``: no risk
    events) and its draws cannot leave their ``bounds``: it draws from the generator
    where the other kinds' first passes left it, chunk after chunk."""

    def __init__(self, distributions: list[Distribution], rng: np.random.Generator,
                 draws: int, chunk: int, *, bounds: list[tuple[float, float]],
                 rest: bool) -> None:
        self.width = len(distributions)
        self.low = np.full(self.width, np.inf)
        self.high = np.full(self.width, -np.inf)
        self.kinds: list[tuple[type[Distribution], list[int], list[Any],
                               np.random.Generator]] = []
        # the first chunk's numbers are kept from the first pass (and its generator set
        # after them), so that a simulation of one chunk draws its numbers once
        self.first: list[np.ndarray[Any, np.dtype[np.float64]] | None] = []
        present = [kind for kind in _KINDS if any(type(d) is kind for d in distributions)]
        for kind in present:
            columns = [k for k, d in enumerate(distributions) if type(d) is kind]
            found: list[Any] = [distributions[k] for k in columns]
            if kind is present[-1] and not rest and all(
                    distributions[k].within(*bounds[k]) for k in columns):
                self.first.append(None)  # drawn chunk by chunk, in order, from rng
                self.kinds.append((kind, columns, found, rng))
                continue
            after_first: Any = None
            for first in range(0, draws, chunk):
                block = kind.draw_many(found, rng, (min(chunk, draws - first), len(columns)))
                if first == 0:
                    self.first.append(block)
                    after_first = rng.bit_generator.state
                self.low[columns] = np.minimum(self.low[columns], block.min(axis=0))
                self.high[columns] = np.maximum(self.high[columns], block.max(axis=0))
            generator = np.random.Generator(type(rng.bit_generator)())
            generator.bit_generator.state = after_first
            self.kinds.append((kind, columns, found, generator))
        self.rest = rng  # where the risk events are drawn, after every input
        self.taken = 0

    def take(self, start: int, size: int) -> np.ndarray[Any, np.dtype[np.float64]]:
        """The values of draws ``start`` to ``start + size − 1`` (chunks in order), one
        row an input."""
        if start != self.taken:
            msg = f"chunks are drawn in order: draw {self.taken} next, not {start}"
            raise ValueError(msg)
        out = np.empty((self.width, size))
        for k, (kind, columns, found, generator) in enumerate(self.kinds):
            kept = self.first[k] if start == 0 else None
            if kept is not None:
                if len(kept) != size:
                    msg = f"the first chunk has {len(kept)} draws, not {size}"
                    raise ValueError(msg)
                out[columns] = kept.T
            else:
                out[columns] = kind.draw_many(found, generator, (size, len(columns))).T
        if start == 0:
            self.first = []  # held no longer than needed
        self.taken += size
        return out


@attrs.frozen
class _Sample:
    """Every draw of a case's uncertain inputs, before they are set into input Datasets:
    ``values (draw, input)`` for the inputs ``drawn`` and, with a risk register,
    ``happened (draw, risk)`` — or, for a chunked simulation, the ``streams`` that draw
    them a chunk at a time; :meth:`chunk` sets a range of draws into the engine's input
    Dataset."""

    inputs: xr.Dataset
    drawn: list[UncertainInput]
    draws: int
    attrs: dict[str, Any]
    values: np.ndarray[Any, np.dtype[np.float64]] | None = None
    happened: np.ndarray[Any, np.dtype[np.bool_]] | None = None
    streams: _Streams | None = None
    probability: np.ndarray[Any, np.dtype[np.float64]] | None = None

    def _drawn(self, start: int, stop: int) -> tuple[dict[str, Any], Any]:
        """The input variables draws ``start`` to ``stop − 1`` set (draw axis first), and
        which risks happened in them (``None`` without risks); chunked: in order."""
        size = stop - start
        if self.streams is not None:
            by_input = self.streams.take(start, size)
            happened = (None if self.probability is None else
                        self.streams.rest.random((size, self.probability.size))
                        < self.probability)
        else:
            assert self.values is not None
            by_input = np.ascontiguousarray(self.values[start:stop].T)  # an input a row
            happened = None if self.happened is None else self.happened[start:stop]
        arrays = set_arrays(
            self.inputs, [(t, by_input[k], slice(None)) for k, t in enumerate(self.drawn)],
            size, always=(D.FISCAL_VALUE, D.ECONOMIC_VALUE, D.SOCIAL_VALUE,
                          D.LINE_AMOUNT, D.LINE_PER_PARTICIPANT))
        return arrays, happened

    def chunk(self, start: int, stop: int) -> xr.Dataset:
        """The input Dataset of draws ``start`` to ``stop − 1``, with those draw numbers
        (chunked: in order)."""
        arrays, happened = self._drawn(start, stop)
        numbers = np.arange(start, stop)
        sampled = self.inputs.assign({
            name: xr.DataArray(values, dims=(D.DRAW, *self.inputs[name].dims),
                               coords={D.DRAW: numbers})
            for name, values in arrays.items()})
        if happened is not None:
            sampled = sampled.assign({D.RISK_PROBABILITY: xr.DataArray(
                happened.astype(float), dims=(D.DRAW, D.RISK), coords={D.DRAW: numbers})})
        sampled.attrs = dict(self.attrs)
        return sampled

    def chunk_arrays(self, base: Mapping[str, Any], start: int, stop: int) -> dict[str, Any]:
        """The engine's input arrays of draws ``start`` to ``stop − 1`` (those drawn with a
        leading draw axis, the others as in ``base``, the inputs' core arrays)."""
        arrays, happened = self._drawn(start, stop)
        out = {**base, **arrays}
        if happened is not None:
            out[D.RISK_PROBABILITY] = happened.astype(float)
        return out


def _sample(case: BusinessCase, *, draws: int, seed: int | None,
            uncertainty: Mapping[str, Distribution] | None,
            spread: GradeSpread | str | None, unit_costs: UnitCostDatabase | None,
            chunk: int | None = None) -> _Sample:
    """Draw every uncertain input of ``case`` (see :func:`sample_inputs`); with ``chunk``,
    the engine's arrays are sized for chunks of that many draws."""
    count: Any = draws
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValidationError.single(path="draws", message="must be a whole number of 1 "
                                     "or more", value=draws)
    table = _spread(spread)
    check_size(case, draws=count if chunk is None else min(count, chunk), what="simulate")
    inputs = build_inputs(case, database=unit_costs)
    rng = np.random.default_rng(seed)
    given: dict[str, Distribution] = {}
    keys: dict[str, str] = {}  # name → the key the distribution was given by
    problems: list[Problem] = []
    for path, spread_of in {**case.uncertainty, **(uncertainty or {})}.items():
        parsed = InputPath.parse(path)
        name = None if parsed is None else parsed.name_in(case)
        if name is None:
            problems.append(Problem(f"uncertainty[{path!r}]", "is not an uncertain input of "
                                    "this case (by ids: '<intervention> › engagement', "
                                    "'<intervention> › intake', '<intervention> › <outcome> "
                                    "› " + "/".join(RATES) + "', '<intervention> › <outcome> "
                                    "› fiscal › <partner>', '… › economic', '… › social', "
                                    "'<intervention> › costs › <line>')", path))
        else:
            given[name], keys[name] = spread_of, path
    if problems:
        raise ValidationError(problems, context="cannot simulate")
    drawn: list[UncertainInput] = []
    distributions: list[Distribution] = []
    sources: list[str] = []
    for target in uncertain_inputs(inputs, given):
        distribution = given.get(target.name)
        source = "stated in the case"
        if distribution is None and target.range is not None and table is not None:
            # a published range (a Green Book appraisal value's) is its default spread
            distribution = Triangular(low=target.range[0], mode=1.0, high=target.range[1])
            source = "published range"
        elif distribution is None and target.default and table is not None:
            distribution = default_distribution(target.point, table.cv(target.grade),
                                                bounded=target.bounded)
            source = (f"evidence grade {target.grade}" if target.grade else
                      "no evidence grade (grade 6 spread)")
        if distribution is not None:
            drawn.append(target)
            distributions.append(distribution)
            sources.append(source)
    if chunk is not None:
        _check_kept(case, draws)
    risks = bool(inputs.sizes.get(D.RISK, 0))
    streams = None if chunk is None else _Streams(
        distributions, rng, draws, chunk, bounds=[t.bounds for t in drawn], rest=risks)
    values = sample_many(distributions, rng, draws) if streams is None else None
    for k, target in enumerate(drawn):
        low, high = target.bounds
        drawn_low, drawn_high = ((values[:, k].min(), values[:, k].max()) if values is not None
                                 else (streams.low[k], streams.high[k]))  # type: ignore[union-attr]
        if drawn_low < low or drawn_high > high:
            where = "[0, 1]" if target.bounded else "zero or more"
            key = keys.get(target.name, target.name)
            problems.append(Problem(
                f"uncertainty[{key!r}]", f"draws must be {where} (drawn {drawn_low:.3g}"
                f" to {drawn_high:.3g}); use a bounded distribution "
                "such as beta, PERT, triangular or uniform", distributions[k]))
    if problems:
        raise ValidationError(problems, context="cannot simulate")
    happened, probability = None, None
    if risks:
        # each risk is an event: it happens in a draw with its probability, drawn after
        # every other input so that a case without risks draws as before
        probability = inputs[D.RISK_PROBABILITY].to_numpy()
        if streams is None:
            happened = rng.random((draws, probability.size)) < probability
    # the values and costs always carry the draw dimension, drawn or not (see chunk)
    attributes = {**inputs.attrs, "draws": draws, "seed": "none" if seed is None else seed,
                  "spread": table.name if table is not None else "none",
                  "drawn_inputs": json.dumps([
                      [t.name, t.kind, describe(d), source] for t, d, source
                      in zip(drawn, distributions, sources, strict=True)])}
    return _Sample(inputs, drawn, draws, attributes, values=values, happened=happened,
                   streams=streams, probability=probability)




#: Headline metrics summarised over draws.
_SUMMARISED = ("pv_cost", "pv_fiscal", "pv_cashable", "npbi", "fiscal_roi", "pv_transfers",
               "pv_public", "nppv", "bcr", "pv_baseline_cost", "pv_risk",
               "nppv_risk_adjusted", "nppv_weighted")


@attrs.frozen(kw_only=True)
class UncertaintySummary:
    """Monte Carlo results: distributions of the headline metrics and the chance of
    breaking even, in total and per partner."""

    metrics: xr.Dataset = attrs.field(repr=False)
    """The appraisal metrics per draw (see :func:`placebudget.engine.appraise`): every
    one from :func:`~placebudget.engine.summarize`, those the summary is computed from
    (or every one with ``keep="all"``) from :func:`~placebudget.engine.simulate_summary`."""
    table: pd.DataFrame
    """Per headline metric: mean, standard deviation and the 5th, 50th and 95th
    percentiles."""
    probabilities: dict[str, float]
    """``"npbi > 0"``, ``"fiscal_roi > 1"``, ``"nppv > 0"`` and ``"bcr > 1"``: the share of
    draws where each holds."""
    by_partner: pd.DataFrame
    """Per partner: mean, 5th and 95th percentile of the net position, and the share of
    draws where it is positive and where the partner's ROI exceeds 1."""
    inputs: pd.DataFrame = attrs.field(factory=lambda: _drawn_inputs("[]"))
    """The inputs drawn, by name: their ``kind`` (``rate``, or ``money`` drawn as a factor
    on the value given), ``distribution`` and where it came from (``source``: stated in
    the case, an evidence grade's spread or a published range)."""


def _drawn_inputs(recorded: str) -> pd.DataFrame:
    rows = json.loads(recorded)
    return pd.DataFrame(rows, columns=["input", "kind", "distribution", "source"]
                        ).set_index("input")


def summarize(projection: Projection) -> UncertaintySummary:
    """Summarise a simulated projection (one with a ``draw`` dimension)."""
    if D.DRAW not in projection.inputs.dims:
        msg = "this projection has no draw dimension; simulate() the case first"
        raise ValueError(msg)
    return _summary(appraise(projection.totals),
                    projection.inputs.attrs.get("drawn_inputs", "[]"))


#: Draws projected at once by :func:`simulate_summary` unless told otherwise: the engine's
#: arrays for a chunk, not the number of draws, set the peak memory.
DEFAULT_CHUNK = 10_000

#: The per-draw metrics :func:`simulate_summary` keeps by default: those its summary is
#: computed from.
_KEPT = (*_SUMMARISED, "partner_net", "partner_roi")


def simulate_summary(
    case: BusinessCase,
    *,
    draws: int = 1000,
    seed: int | None = None,
    uncertainty: Mapping[str, Distribution] | None = None,
    spread: GradeSpread | str | None = "default",
    unit_costs: UnitCostDatabase | None = None,
    chunk: int = DEFAULT_CHUNK,
    keep: str = "summarised",
    on_chunk: Any = None,
) -> UncertaintySummary:
    """The Monte Carlo summary of ``case`` in bounded memory: the draws are those of
    :func:`~placebudget.engine.simulate` with the same seed (see
    :func:`~placebudget.engine.sample_inputs` for the parameters),
    projected and appraised ``chunk`` draws at a time, and only each draw's metrics kept,
    so that peak memory is set by the chunk, not by the number of draws.

    Parameters
    ----------
    chunk
        Draws projected at once (a whole number of 1 or more).
    keep
        The per-draw metrics kept in
        :attr:`~placebudget.engine.UncertaintySummary.metrics`:
        ``"summarised"`` (those the summary is computed from: the headline metrics,
        each partner's net position and ROI) or ``"all"`` (every metric of
        :func:`placebudget.engine.appraise`).
    on_chunk
        Called with the number of draws done after each chunk (a progress bar).

    Raises
    ------
    placebudget.errors.ValidationError
        As :func:`~placebudget.engine.sample_inputs`, and for a ``chunk`` or ``keep`` it
        cannot take.

    Examples
    --------
    >>> from placebudget.testing import example_case
    >>> chunked = simulate_summary(example_case(), draws=2000, seed=1, chunk=300)
    >>> whole = summarize(simulate(example_case(), draws=2000, seed=1))
    >>> bool(np.allclose(chunked.table, whole.table, rtol=1e-12, atol=0))
    True
    """
    size: Any = chunk
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise ValidationError.single(path="chunk", message="must be a whole number of 1 or "
                                     "more (draws projected at once)", value=chunk)
    if keep not in ("summarised", "all"):
        raise UnknownReferenceError.single(path="keep", message="must be 'summarised' or "
                                           "'all'", value=keep)
    sampled = _sample(case, draws=draws, seed=seed, uncertainty=uncertainty, spread=spread,
                      unit_costs=unit_costs, chunk=size)
    inputs = sampled.inputs
    # the chunks are projected by the engine's numpy core directly, every effect under
    # one outcome (every metric is a sum over outcomes), without the per-effect detail
    base = one_outcome_arrays(core_arrays(inputs))
    years = inputs[D.YEAR].to_numpy()
    names = [name for name in METRIC_DIMS if keep == "all" or name in _KEPT]
    # each kept metric is written into an array of every draw, allocated once: no chunk
    # is held after it is appraised, and nothing is concatenated
    n_p = inputs.sizes[D.PARTNER]
    kept = {name: np.empty((sampled.draws, *(n_p for _ in METRIC_DIMS[name])))
            for name in names}
    for start in range(0, sampled.draws, size):
        stop = min(start + size, sampled.draws)
        figures = project_arrays(sampled.chunk_arrays(base, start, stop), detail=False)
        metrics = appraise_arrays(figures, years, paybacks=keep == "all")
        for name, into in kept.items():
            into[start:stop] = metrics[name]  # a metric no draw changes is repeated
        if on_chunk is not None:
            on_chunk(stop)
    partners = {name: inputs[name].to_numpy()
                for name in (D.PARTNER, D.PARTNER_KIND, D.DEPARTMENT)}
    dataset = metrics_dataset(kept, partners, sampled.attrs,
                              lead={D.DRAW: np.arange(sampled.draws)})
    return _summary(dataset, sampled.attrs.get("drawn_inputs", "[]"))


def _summary(metrics: xr.Dataset, drawn_inputs: str) -> UncertaintySummary:
    """The summary of per-draw metrics."""
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
        # undefined (NaN) for a partner that bears no cost in any draw
        "p_roi_above_1": (metrics["partner_roi"] > 1).mean(D.DRAW).where(
            metrics["partner_roi"].notnull().any(D.DRAW)).to_numpy(),  # noqa: PD004
    }, index=pd.Index(metrics[D.PARTNER].to_numpy(), name=D.PARTNER))
    return UncertaintySummary(metrics=metrics, table=table, probabilities=probabilities,
                              by_partner=by_partner, inputs=_drawn_inputs(drawn_inputs))
