"""Projection: from a business case to the projection Dataset (``docs/reference/dataset.md``).

The arithmetic is the numpy core's (``placebudget.engine._core``), written once.
:func:`compute` applies it to an input Dataset, a pure vectorised ``Dataset → Dataset``
function that keeps any extra leading dimensions of its input (``draw``, ``place``,
``option``) and stays lazy on dask-backed input. :func:`project` resolves a case and
wraps its projection in a :class:`Projection`, which computes a single case's figures
from the resolved arrays directly and labels them only when they are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from placebudget.engine import _core
from placebudget.engine import dims as D
from placebudget.engine._inputs import (
    case_database,
    case_deflators,
    resolve_inputs,
)
from placebudget.engine._labelled import ALL_OUTCOMES, LEAD_DIMS, apply_core, compute, one_outcome
from placebudget.engine._projection_base import ProjectionBase
from placebudget.engine.contacts import CostedCaseStudy, cost_case_studies
from placebudget.figures import FIGURES
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    import xarray as xr

    from placebudget.engine.appraisal import Appraisal
    from placebudget.engine.settlement import Settlement
    from placebudget.model import InvestmentAgreement
    from placebudget.reference import UnitCostDatabase

__all__ = [
    "ALL_OUTCOMES",
    "LEAD_DIMS",
    "Projection",
    "compute",
    "effect_rate",
    "followed",
    "one_outcome",
    "profile",
    "project",
]


def effect_rate(inputs: xr.Dataset) -> xr.DataArray:
    """Outcome units changed per engaged participant-year of each effect ``(…, effect)``,
    before interactions: baseline × impact × (1 − deadweight) × (1 − displacement) ×
    attribution × (1 − optimism bias); for an effect that increases its outcome,
    negative, with its optimism bias raising it (``placebudget.engine._core.effect_rate``)."""
    names = (
        D.BASELINE,
        D.IMPACT,
        D.DEADWEIGHT,
        D.DISPLACEMENT,
        D.ATTRIBUTION,
        D.BENEFIT_OPTIMISM_BIAS,
    ) + ((D.EFFECT_DIRECTION,) if D.EFFECT_DIRECTION in inputs.data_vars else ())
    return apply_core(
        lambda a: {"rate": _core.effect_rate(a)},
        {n: inputs[n] for n in names},
        dict.fromkeys(names, (D.EFFECT,)),
        {"rate": (D.EFFECT,)},
    )["rate"]


def _by_intake_year(inputs: xr.Dataset, shares: Any) -> xr.DataArray:
    import xarray as xr

    years = inputs[D.YEAR].to_numpy()
    return xr.DataArray(
        _core.by_intake_year(shares),
        dims=(D.EFFECT, D.YEAR, D.INTAKE_YEAR),
        coords={D.EFFECT: inputs[D.EFFECT].to_numpy(), D.YEAR: years, D.INTAKE_YEAR: years},
    )


def profile(inputs: xr.Dataset) -> xr.DataArray:
    """Share of an effect's full yearly change that falls in ``year`` for people entering
    in ``intake_year``: ``(1 − drop_off)^(τ − lag)`` for ``lag ≤ τ < lag + duration``
    where ``τ = year − intake_year``, else 0. Dims ``(effect, year, intake_year)``."""
    return _by_intake_year(
        inputs,
        _core.decay(
            inputs[D.LAG].to_numpy(),
            inputs[D.DURATION].to_numpy(),
            inputs[D.DROP_OFF].to_numpy(),
            inputs.sizes[D.YEAR],
        ),
    )


def followed(inputs: xr.Dataset) -> xr.DataArray:
    """Whether a cohort member entering in ``intake_year`` is followed in ``year`` for an
    effect: from the intake year to the last year of its benefit, ``0 ≤ τ < lag +
    duration``. Dims ``(effect, year, intake_year)``."""
    return _by_intake_year(
        inputs,
        _core.window(inputs[D.LAG].to_numpy(), inputs[D.DURATION].to_numpy(), inputs.sizes[D.YEAR]),
    )


@attrs.frozen
class Projection(ProjectionBase):
    """A projected business case: the projection Dataset (``docs/reference/dataset.md``),
    the inputs it came from and the per-effect and per-cost-line detail, which it
    appraises and settles agreements on.

    The figures are computed when first read: :attr:`totals` (every money figure summed
    over outcomes, what the appraisal reads) and :attr:`detail` together, :attr:`dataset`
    (by outcome) on its own, so an appraisal never builds the partner × year × outcome
    arrays that only the by-outcome views read. A projection of a case
    (:func:`project`) computes them from the case's resolved arrays, and labels them
    (and builds :attr:`inputs`) only when they are read as Datasets; a projection of an
    input Dataset (:meth:`from_inputs`) computes them over it.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> sorted(projection.dataset.data_vars)  # doctest: +NORMALIZE_WHITESPACE
    ['baseline_cost', 'cashable', 'cost', 'disbenefit', 'discount_factor', 'economic',
     'fiscal', 'health_discount_factor', 'health_social', 'health_weighted_benefit',
     'participants', 'reinvested', 'reinvested_participants', 'risk_cost', 'social',
     'transfer_payment', 'volume', 'weighted_benefit']
    >>> dict(projection.totals.sizes)["outcome"]
    1
    """

    def appraise(self) -> Appraisal:
        """The appraisal metrics of this projection (see :class:`Appraisal`)."""
        from placebudget.engine.appraisal import Appraisal

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
    resolved = resolve_inputs(case, database=database)
    studies: tuple[CostedCaseStudy, ...] = ()
    if case.case_studies:
        studies = cost_case_studies(
            case, database=database, deflators=case_deflators(case, database=database)
        )
    projection = Projection.from_resolved(resolved, case, case_studies=studies)
    _check_finite(projection)
    return projection


#: The most the figures of a projection may add up to, all taken as positive: the largest
#: float (1.8e308) less room for the appraisal's uplifts and weights, so that no total,
#: present value or ratio can overflow to inf.
MAX_SUMMED = float(np.finfo(np.float64).max) / 1e3


def _check_summable(projection: Projection, flows: dict[str, Any], money: list[str]) -> None:
    """Refuse a projection whose figures are each finite but add up past
    :data:`MAX_SUMMED` (the appraisal's totals would be inf): name the effects and cost
    lines that give most of it."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = sum(float(np.abs(flows[name]).sum()) for name in money)
    if total <= MAX_SUMMED:
        return
    from placebudget.errors import Problem, ValidationError

    msg = (
        f"the figures add up past {MAX_SUMMED:.1e}, too near the largest number for "
        "the totals (they would be inf): check the intakes, rates and values"
    )
    case = projection.case.name if projection.case is not None else ""
    problems = [Problem(path, msg) for path in _largest(projection, flows)]
    raise ValidationError(problems or [Problem("", msg)], context=f"cannot project {case!r}")


def _largest(projection: Projection, flows: dict[str, Any]) -> list[str]:
    """The paths of the (up to three) effects and cost lines with the largest figures."""
    with np.errstate(over="ignore", invalid="ignore"):
        effects = np.abs(flows["effect_volume"]).sum(axis=1)
        lines = np.abs(flows["line_cost"]).sum(axis=1)
    named = [
        (float(size), str(path))
        for sizes, paths in (
            (effects, projection.input_values(D.EFFECT_PATH)),
            (lines, projection.input_values(D.LINE_PATH)),
        )
        for size, path in zip(sizes, paths, strict=True)
    ]
    return [path for _, path in sorted(named, key=lambda item: -item[0])[:3]]


def _check_finite(projection: Projection) -> None:
    """Refuse a projection whose figures overflow (an intake or a value near the largest
    float, 1.8e308): name each effect and cost line that gives a non-finite figure.

    The figures summed over outcomes are checked: a figure by outcome that overflows
    is a term of their sum, which then overflows too."""
    flows = projection.flows()
    money = [name for name, found in FIGURES.of("variable").items() if found.money]
    if all(bool(np.isfinite(flows[name]).all()) for name in money):
        _check_summable(projection, flows, money)
        return
    from placebudget.errors import Problem, ValidationError

    arrays = projection.core_inputs()
    with np.errstate(over="ignore", invalid="ignore"):
        money = (
            flows["effect_volume"]
            * (
                np.abs(arrays[D.FISCAL_VALUE]).max(axis=1, initial=0.0)
                + np.abs(arrays[D.ECONOMIC_VALUE])
                + np.abs(arrays[D.SOCIAL_VALUE])
            )[:, None]
        )
    bad_effects = ~np.isfinite(money).all(axis=1)
    bad_lines = ~np.isfinite(flows["line_cost"]).all(axis=1)
    problems = [
        Problem(
            str(path),
            "gives figures beyond the largest number (inf): check "
            "its rates, its values and the intake",
            "inf",
        )
        for path in projection.input_values(D.EFFECT_PATH)[bad_effects]
    ]
    problems += [
        Problem(
            str(path),
            "gives a cost beyond the largest number (inf): check its amounts and the intake",
            "inf",
        )
        for path in projection.input_values(D.LINE_PATH)[bad_lines]
    ]
    if not problems:  # each is finite, their sum over outcomes is not
        msg = (
            "gives figures that add up past the largest number (inf): check the intakes and values"
        )
        problems = [Problem(path, msg) for path in _largest(projection, flows)]
    if not problems:
        problems = [Problem("", "the projection overflows (inf): check intakes and values", "inf")]
    case = projection.case.name if projection.case is not None else ""
    raise ValidationError(problems, context=f"cannot project {case!r}")
