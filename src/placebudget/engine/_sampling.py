"""Drawing a case's uncertain inputs for the Monte Carlo simulation
(:mod:`~placebudget.engine.simulation`): each distribution's draws (:func:`sample_many`),
the default distribution of an input from its evidence grade's spread, and every draw of a
case's inputs (:func:`sample_case`), for every draw at once or, for a chunked simulation,
a chunk of draws at a time from random streams that give the same numbers
(:class:`_Streams`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, get_args

import attrs
import numpy as np
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import METRIC_DIMS
from placebudget.engine._inputs import MAX_ARRAY_BYTES, build_inputs, check_size
from placebudget.engine.uncertain import (
    UncertainInput,
    set_arrays,
    stated_distributions,
    uncertain_inputs,
)
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import BusinessCase
from placebudget.model.uncertainty import (
    Beta,
    Distribution,
    GradeSpread,
    LogNormal,
    Triangular,
    describe,
)

if TYPE_CHECKING:
    from placebudget.reference import UnitCostDatabase

__all__ = ["Sample", "default_distribution", "sample", "sample_case", "sample_many"]


#: The distribution kinds, in the order their draws are taken (that of the ``Distribution``
#: union: the draws of a seed depend on it).
_KINDS: tuple[type[Distribution], ...] = get_args(Distribution)


def sample_many(
    distributions: list[Distribution], rng: np.random.Generator, size: int
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


def sample(
    distribution: Distribution, rng: np.random.Generator, size: int
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


def _check_kept(
    case: BusinessCase, draws: int, kept: tuple[str, ...], per_partner: int = 0
) -> None:
    """Refuse draws whose ``kept`` metrics, and ``per_partner`` more numbers a partner
    (what a chunked simulation holds for every draw at once), would need more than
    ``MAX_ARRAY_BYTES``."""
    # the inputs are drawn a chunk at a time: only the metrics are kept for every draw
    partners = len(case.place.partners)
    per_draw = 8 * (
        sum(partners if METRIC_DIMS[name] else 1 for name in kept) + per_partner * partners
    )
    if per_draw * draws > MAX_ARRAY_BYTES:
        most = MAX_ARRAY_BYTES // per_draw
        msg = (
            f"must be at most {most:,} for this case: each draw keeps {per_draw:,} bytes "
            f"of metrics, and {draws:,} draws would need "
            f"{per_draw * draws / 1024**3:,.1f} GiB, more than the limit of "
            f"{MAX_ARRAY_BYTES / 1024**3:,.0f} GiB"
        )
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

    def __init__(
        self,
        distributions: list[Distribution],
        rng: np.random.Generator,
        draws: int,
        chunk: int,
        *,
        bounds: list[tuple[float, float]],
        rest: bool,
    ) -> None:
        self.width = len(distributions)
        self.low = np.full(self.width, np.inf)
        self.high = np.full(self.width, -np.inf)
        self.kinds: list[tuple[type[Distribution], list[int], list[Any], np.random.Generator]] = []
        # the first chunk's numbers are kept from the first pass (and its generator set
        # after them), so that a simulation of one chunk draws its numbers once
        self.first: list[np.ndarray[Any, np.dtype[np.float64]] | None] = []
        present = [kind for kind in _KINDS if any(type(d) is kind for d in distributions)]
        for kind in present:
            columns = [k for k, d in enumerate(distributions) if type(d) is kind]
            found: list[Any] = [distributions[k] for k in columns]
            if (
                kind is present[-1]
                and not rest
                and all(distributions[k].within(*bounds[k]) for k in columns)
            ):
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
class Sample:
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
            happened = (
                None
                if self.probability is None
                else self.streams.rest.random((size, self.probability.size)) < self.probability
            )
        else:
            assert self.values is not None
            by_input = np.ascontiguousarray(self.values[start:stop].T)  # an input a row
            happened = None if self.happened is None else self.happened[start:stop]
        arrays = set_arrays(
            self.inputs,
            [(t, by_input[k], slice(None)) for k, t in enumerate(self.drawn)],
            size,
            always=(
                D.FISCAL_VALUE,
                D.ECONOMIC_VALUE,
                D.SOCIAL_VALUE,
                D.LINE_AMOUNT,
                D.LINE_PER_PARTICIPANT,
            ),
        )
        return arrays, happened

    def chunk(self, start: int, stop: int) -> xr.Dataset:
        """The input Dataset of draws ``start`` to ``stop − 1``, with those draw numbers
        (chunked: in order)."""
        arrays, happened = self._drawn(start, stop)
        numbers = np.arange(start, stop)
        sampled = self.inputs.assign(
            {
                name: xr.DataArray(
                    values, dims=(D.DRAW, *self.inputs[name].dims), coords={D.DRAW: numbers}
                )
                for name, values in arrays.items()
            }
        )
        if happened is not None:
            sampled = sampled.assign(
                {
                    D.RISK_PROBABILITY: xr.DataArray(
                        happened.astype(float), dims=(D.DRAW, D.RISK), coords={D.DRAW: numbers}
                    )
                }
            )
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


def sample_case(
    case: BusinessCase,
    *,
    draws: int,
    seed: int | None,
    uncertainty: Mapping[str, Distribution] | None,
    spread: GradeSpread | str | None,
    unit_costs: UnitCostDatabase | None,
    chunk: int | None = None,
    kept: tuple[str, ...] = (),
    kept_per_partner: int = 0,
) -> Sample:
    """Draw every uncertain input of ``case`` (see
    :func:`~placebudget.engine.sample_inputs`); with ``chunk``, the engine's arrays are
    sized for chunks of that many draws, and the metrics ``kept`` for every draw (and
    ``kept_per_partner`` more numbers a partner) must fit the size limit."""
    count: Any = draws
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValidationError.single(
            path="draws", message="must be a whole number of 1 or more", value=draws
        )
    table = _spread(spread)
    check_size(case, draws=count if chunk is None else min(count, chunk), what="simulate")
    inputs = build_inputs(case, database=unit_costs)
    rng = np.random.default_rng(seed)
    given, keys = stated_distributions(case, uncertainty, context="cannot simulate")
    problems: list[Problem] = []
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
            distribution = default_distribution(
                target.point, table.cv(target.grade), bounded=target.bounded
            )
            source = (
                f"evidence grade {target.grade}"
                if target.grade
                else "no evidence grade (grade 6 spread)"
            )
        if distribution is not None:
            drawn.append(target)
            distributions.append(distribution)
            sources.append(source)
    if chunk is not None:
        _check_kept(case, draws, kept, kept_per_partner)
    risks = bool(inputs.sizes.get(D.RISK, 0))
    streams = (
        None
        if chunk is None
        else _Streams(
            distributions, rng, draws, chunk, bounds=[t.bounds for t in drawn], rest=risks
        )
    )
    values = sample_many(distributions, rng, draws) if streams is None else None
    for k, target in enumerate(drawn):
        low, high = target.bounds
        drawn_low, drawn_high = (
            (values[:, k].min(), values[:, k].max())
            if values is not None
            else (streams.low[k], streams.high[k])  # type: ignore[union-attr]
        )
        if drawn_low < low or drawn_high > high:
            where = "[0, 1]" if target.bounded else "zero or more"
            key = keys.get(target.name, target.name)
            problems.append(
                Problem(
                    f"uncertainty[{key!r}]",
                    f"draws must be {where} (drawn {drawn_low:.3g}"
                    f" to {drawn_high:.3g}); use a bounded distribution "
                    "such as beta, PERT, triangular or uniform",
                    distributions[k],
                )
            )
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
    attributes = {
        **inputs.attrs,
        "draws": draws,
        "seed": "none" if seed is None else seed,
        "spread": table.name if table is not None else "none",
        "drawn_inputs": json.dumps(
            [
                [t.name, t.kind, describe(d), source]
                for t, d, source in zip(drawn, distributions, sources, strict=True)
            ]
        ),
    }
    return Sample(
        inputs,
        drawn,
        draws,
        attributes,
        values=values,
        happened=happened,
        streams=streams,
        probability=probability,
    )
