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

Each partner's net under every agreement option of the case, over the same draws:

>>> from placebudget.examples import example_path
>>> west = simulate_summary(pb.load_case(example_path("west_cheshire")), draws=500, seed=1)
>>> list(west.by_option.index.get_level_values("option").unique())
['as modelled', 'headcount', 'gross-benefit', 'mixed', 'council-invests']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import METRIC_DIMS, appraise_arrays
from placebudget.engine._core import one_outcome_arrays, project_arrays
from placebudget.engine._options import (
    AS_MODELLED,
    OPTION_STATISTICS,
    OptionNets,
    option_statistics,
)
from placebudget.engine._sampling import (
    default_distribution,
    sample,
    sample_case,
    sample_many,
)
from placebudget.engine._source import core_arrays
from placebudget.engine.appraisal import appraise, metrics_dataset
from placebudget.engine.projection import Projection
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.figures import FIGURES, figure
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import RATES, Distribution, GradeSpread

if TYPE_CHECKING:
    import xarray as xr

    from placebudget.reference import UnitCostDatabase

__all__ = [
    "AS_MODELLED",
    "BREAK_EVEN",
    "DEFAULT_CHUNK",
    "MAX_SIMULATE_BYTES",
    "RATES",
    "SUMMARISED",
    "UncertaintySummary",
    "break_even",
    "default_distribution",
    "sample",
    "sample_inputs",
    "sample_many",
    "simulate",
    "simulate_bytes",
    "simulate_summary",
    "summarize",
]

#: The memory budget of :func:`simulate` (bytes): 2 GiB. Every draw of a simulated
#: projection is held at once, so a number of draws whose arrays would need more (by
#: ``simulate_bytes``) is refused before anything is sampled; the summary of any number
#: of draws is :func:`~placebudget.engine.simulate_summary`'s, in the memory of a chunk.
MAX_SIMULATE_BYTES = 2 * 1024**3


def simulate_bytes(case: BusinessCase, *, draws: int) -> int:
    """The bytes :func:`simulate` holds for ``draws`` draws of ``case``, estimated from
    its dimensions before anything is allocated: per draw, the projection's money by
    partner, year and outcome (fiscal, cashable, transfers, dis-benefits, the reactive
    spend), by year and outcome (volumes, economic, social and weighted benefits and their
    health parts), by partner and year (costs and risks), by intervention and year
    (participants, reinvested participants), by year, and the benefit profile of every
    effect (effects × years × intake years), as 8-byte numbers (the peak of
    ``summarize(simulate(...))`` is close to it: 1.05 GiB measured for 100,000 draws of
    the troubled families example, whose estimate is 1.39 GiB).

    Examples
    --------
    >>> from placebudget.testing import example_case
    >>> round(simulate_bytes(example_case(), draws=1_000_000) / 1024**2)  # MiB
    1068
    """
    n_y, n_p = case.horizon, len(case.place.partners)
    n_o = len(case.outcomes)
    n_e = sum(len(i.effects) for i in case.interventions)
    n_i = len(case.interventions)
    per_draw = (
        5 * n_p * n_y * n_o
        + 6 * n_y * n_o
        + 2 * n_p * n_y
        + 2 * n_i * n_y
        + 2 * n_y
        + n_e * n_y * n_y
    )
    return 8 * draws * per_draw


def _check_seed(seed: object) -> None:
    """Refuse a seed the random generator cannot take (a clear error, not numpy's)."""
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed < 0):
        raise ValidationError.single(
            path="seed", message="must be a whole number of 0 or more, or None", value=seed
        )


def simulate(
    case: BusinessCase,
    *,
    draws: int = 1000,
    seed: int | None = None,
    uncertainty: Mapping[str, Distribution] | None = None,
    spread: GradeSpread | str | None = "default",
    unit_costs: UnitCostDatabase | None = None,
    max_bytes: int | None = MAX_SIMULATE_BYTES,
) -> Projection:
    """Project ``case`` over ``draws`` Monte Carlo draws at once, every draw held in
    memory; for the summary of many draws,
    :func:`~placebudget.engine.simulate_summary` projects them a chunk at a time, in
    bounded memory.

    The inputs are sampled by :func:`~placebudget.engine.sample_inputs` (see it for the
    parameters) and projected in one vectorised pass; the result has a leading ``draw``
    dimension.

    Parameters
    ----------
    max_bytes
        The memory budget: a number of draws whose arrays would need more
        (``simulate_bytes``) is refused before anything is sampled. The default is
        ``MAX_SIMULATE_BYTES`` (2 GiB); ``None`` sets no budget.

    Raises
    ------
    placebudget.errors.ValidationError
        As :func:`~placebudget.engine.sample_inputs`, and for draws past the budget
        (naming :func:`~placebudget.engine.simulate_summary`, which has none).

    Examples
    --------
    >>> from placebudget.testing import example_case
    >>> try:
    ...     simulate(example_case(), draws=10**8)
    ... except ValidationError as error:
    ...     print(error.problems[0].message.split(":")[0])
    must be at most 1,917,396 for this case
    """
    _check_seed(seed)
    count: Any = draws
    if max_bytes is not None and isinstance(count, int) and not isinstance(count, bool):
        needed = simulate_bytes(case, draws=count)
        if needed > max_bytes:
            most = max_bytes // max(needed // count, 1)
            msg = (
                f"must be at most {most:,} for this case: every draw is held at once, and "
                f"{count:,} would need {needed / 1024**3:,.1f} GiB, more than the budget of "
                f"{max_bytes / 1024**3:,.3g} GiB (max_bytes); simulate_summary() gives the "
                "summary of any number of draws a chunk at a time, in bounded memory"
            )
            raise ValidationError(
                [Problem("draws", msg, count)], context=f"cannot simulate {case.name!r}"
            )
    sampled = sample_inputs(
        case, draws=draws, seed=seed, uncertainty=uncertainty, spread=spread, unit_costs=unit_costs
    )
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
    _check_seed(seed)
    return sample_case(
        case, draws=draws, seed=seed, uncertainty=uncertainty, spread=spread, unit_costs=unit_costs
    ).chunk(0, draws)


def _scalar_metrics(*names: str) -> tuple[str, ...]:
    """``names``, each checked to be a metric of the catalogue without a dimension."""
    scalars = [name for name, dims in METRIC_DIMS.items() if not dims]
    return tuple(figure(name, among=scalars, what="metric").name for name in names)


#: The headline metrics summarised over draws (the rows of
#: :attr:`UncertaintySummary.table`, in this order): scalar metrics of the catalogue
#: (:mod:`placebudget.figures`).
SUMMARISED: tuple[str, ...] = _scalar_metrics(
    "pv_cost",
    "pv_fiscal",
    "pv_cashable",
    "npbi",
    "fiscal_roi",
    "pv_transfers",
    "pv_public",
    "nppv",
    "bcr",
    "pv_baseline_cost",
    "pv_risk",
    "nppv_risk_adjusted",
    "nppv_weighted",
)

#: What breaking even is for a metric, by its kind in the catalogue: a net amount of money
#: above 0, a ratio above 1.
_BREAKS_EVEN_ABOVE: dict[str, float] = {"money": 0.0, "ratio": 1.0}


def break_even(name: str) -> tuple[str, float]:
    """The chance that metric ``name`` breaks even: its key in
    :attr:`UncertaintySummary.probabilities` and the value it must exceed (from the
    metric's kind in the catalogue: 0 for money, 1 for a ratio).

    Examples
    --------
    >>> break_even("npbi"), break_even("bcr")
    (('npbi > 0', 0.0), ('bcr > 1', 1.0))
    """
    threshold = _BREAKS_EVEN_ABOVE[FIGURES[name].kind]
    return f"{name} > {threshold:g}", threshold


def _breaking_even(*names: str) -> tuple[str, ...]:
    """``names``, each checked to be summarised (:data:`SUMMARISED`) and of a kind that
    breaks even (money or a ratio)."""
    for name in names:
        if name not in SUMMARISED or FIGURES[name].kind not in _BREAKS_EVEN_ABOVE:
            msg = f"{name!r} is not a summarised metric of money or a ratio"
            raise ValueError(msg)
    return names


#: The metrics whose chance of breaking even the summary gives
#: (:attr:`UncertaintySummary.probabilities`, in this order; see :func:`break_even`).
BREAK_EVEN: tuple[str, ...] = _breaking_even("npbi", "fiscal_roi", "nppv", "bcr")


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
    by_option: pd.DataFrame = attrs.field(factory=lambda: _no_options())
    """Each partner's net position under every agreement option of the case, over the
    same draws: indexed by ``(option, partner)`` — the options ``"as modelled"`` (costs
    as the case assigns them: the rows of :attr:`by_partner`) and then the case's, in
    its order — with ``mean_net``, ``p5_net``, ``p95_net`` and ``p_net_positive`` as in
    :attr:`by_partner` (in a draw where an option's rule cannot apply, as a benefit-based
    rule when no partner has the benefit it divides by, that option has no net: its
    figures are over the draws it settles). Each draw is settled as
    :func:`~placebudget.engine.settle` settles the case, whole pennies and all; the
    per-draw nets are :attr:`metrics`' ``option_net``."""


def _no_options() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=[D.OPTION, D.PARTNER])
    return pd.DataFrame(
        {name: pd.Series([], dtype=float) for name in OPTION_STATISTICS}, index=index
    )


def _drawn_inputs(recorded: str) -> pd.DataFrame:
    rows = json.loads(recorded)
    return pd.DataFrame(rows, columns=["input", "kind", "distribution", "source"]).set_index(
        "input"
    )


def summarize(projection: Projection) -> UncertaintySummary:
    """Summarise a simulated projection (one with a ``draw`` dimension), each partner's
    net under every agreement option of its case among it (each option settled over the
    draws)."""
    if D.DRAW not in projection.inputs.dims:
        msg = "this projection has no draw dimension; simulate() the case first"
        raise ValueError(msg)
    metrics = appraise(projection.totals)
    agreements = projection.case.agreements if projection.case is not None else {}
    if agreements:
        from placebudget.engine._options import settled_nets
        from placebudget.engine.agreements import settlement_flows

        draws = metrics.sizes[D.DRAW]
        net = metrics["partner_net"].transpose(D.DRAW, D.PARTNER).to_numpy()
        metrics = metrics.assign(
            option_net=settled_nets(
                settlement_flows(projection),
                agreements,
                np.broadcast_to(net, (draws, net.shape[-1])),
            )
        )
    return _summary(metrics, projection.inputs.attrs.get("drawn_inputs", "[]"))


#: Draws projected at once by :func:`~placebudget.engine.simulate_summary` unless told
#: otherwise: the engine's arrays for a chunk, not the number of draws, set the peak
#: memory.
DEFAULT_CHUNK = 10_000

#: The per-draw metrics :func:`~placebudget.engine.simulate_summary` keeps by default:
#: those its summary is computed from.
_KEPT = (*SUMMARISED, "partner_net", "partner_roi")


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
    so that peak memory is set by the chunk, not by the number of draws. In the same
    pass each chunk's draws are settled under every agreement option of the case and
    each partner's net position kept (draws × options × partners numbers:
    :attr:`~placebudget.engine.UncertaintySummary.by_option`).

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
    _check_seed(seed)
    size: Any = chunk
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise ValidationError.single(
            path="chunk",
            message="must be a whole number of 1 or more (draws projected at once)",
            value=chunk,
        )
    if keep not in ("summarised", "all"):
        raise UnknownReferenceError.single(
            path="keep", message="must be 'summarised' or 'all'", value=keep
        )
    options = 1 + len(case.agreements)
    sampled = sample_case(
        case,
        draws=draws,
        seed=seed,
        uncertainty=uncertainty,
        spread=spread,
        unit_costs=unit_costs,
        chunk=size,
        kept=_KEPT,
        kept_per_partner=options,
    )
    inputs = sampled.inputs
    # each partner's net under each agreement option, settled chunk by chunk
    nets = OptionNets(case.agreements, inputs, sampled.draws) if case.agreements else None
    # the chunks are projected by the engine's numpy core directly, every effect under
    # one outcome (every metric is a sum over outcomes), without the per-effect detail
    base = one_outcome_arrays(core_arrays(inputs))
    years = inputs[D.YEAR].to_numpy()
    names = [name for name in METRIC_DIMS if keep == "all" or name in _KEPT]
    # each kept metric is written into an array of every draw, allocated once: no chunk
    # is held after it is appraised, and nothing is concatenated
    n_p = inputs.sizes[D.PARTNER]
    kept = {name: np.empty((sampled.draws, *(n_p for _ in METRIC_DIMS[name]))) for name in names}
    for start in range(0, sampled.draws, size):
        stop = min(start + size, sampled.draws)
        figures = project_arrays(sampled.chunk_arrays(base, start, stop), detail=False)
        metrics = appraise_arrays(
            figures, years, paybacks=keep == "all", annuity=inputs.attrs.get("annuity", "due")
        )
        for name, into in kept.items():
            into[start:stop] = metrics[name]  # a metric no draw changes is repeated
        if nets is not None:
            nets.add(figures, metrics["partner_net"], start, stop)
        if on_chunk is not None:
            on_chunk(stop)
    partners = {name: inputs[name].to_numpy() for name in (D.PARTNER, D.PARTNER_KIND, D.DEPARTMENT)}
    dataset = metrics_dataset(
        kept, partners, sampled.attrs, lead={D.DRAW: np.arange(sampled.draws)}
    )
    if nets is not None:
        nets.check()
        dataset = dataset.assign(option_net=nets.dataset())
    return _summary(dataset, sampled.attrs.get("drawn_inputs", "[]"))


def _summary(metrics: xr.Dataset, drawn_inputs: str) -> UncertaintySummary:
    """The summary of per-draw metrics."""
    rows = {}
    for name in SUMMARISED:
        values = metrics[name].to_numpy()
        rows[name] = {
            "mean": np.nanmean(values),
            "sd": np.nanstd(values),
            "p5": np.nanpercentile(values, 5),
            "p50": np.nanpercentile(values, 50),
            "p95": np.nanpercentile(values, 95),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "metric"
    probabilities = {}
    for name in BREAK_EVEN:
        key, threshold = break_even(name)
        probabilities[key] = float((metrics[name] > threshold).mean())
    net = metrics["partner_net"]
    by_partner = pd.DataFrame(
        {
            "mean_net": net.mean(D.DRAW).to_numpy(),
            "p5_net": net.quantile(0.05, D.DRAW).to_numpy(),
            "p95_net": net.quantile(0.95, D.DRAW).to_numpy(),
            "p_net_positive": (net > 0).mean(D.DRAW).to_numpy(),
            # undefined (NaN) for a partner that bears no cost in any draw
            "p_roi_above_1": (metrics["partner_roi"] > 1)
            .mean(D.DRAW)
            .where(metrics["partner_roi"].notnull().any(D.DRAW))  # noqa: PD004
            .to_numpy(),
        },
        index=pd.Index(metrics[D.PARTNER].to_numpy(), name=D.PARTNER),
    )
    if "option_net" in metrics:
        by_option = option_statistics(metrics["option_net"])
    else:  # no agreement options: costs as modelled only
        by_option = option_statistics(net.expand_dims({D.OPTION: [AS_MODELLED]}))
    return UncertaintySummary(
        metrics=metrics,
        table=table,
        probabilities=probabilities,
        by_partner=by_partner,
        inputs=_drawn_inputs(drawn_inputs),
        by_option=by_option,
    )
