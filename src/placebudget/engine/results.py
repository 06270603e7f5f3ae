"""The results of a case, computed once: what every report lays out.

:func:`compute_results` takes a projection and computes its appraisal, every agreement
option's settlement, the one-way sensitivity (from the projection's own resolved
inputs, so the unit cost database and deflators it was projected with are the ones the
sensitivity uses), the Green Book tables, and — when given — the Monte Carlo summary
and the evaluation. The :class:`Results` it returns are read by every report writer,
the command line's tables and the outline of :func:`placebudget.report.report_contents`;
none of them computes again.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.examples import example_path
>>> results = compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))
>>> list(results.settlements)
['headcount', 'gross-benefit', 'mixed', 'council-invests']
>>> round(results.appraisal.npbi)
1136400
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from placebudget.errors import Problem, ValidationError

if TYPE_CHECKING:
    import pandas as pd

    from placebudget.engine._projection_base import ProjectionBase
    from placebudget.engine.appraisal import Appraisal
    from placebudget.engine.evaluation import Evaluation
    from placebudget.engine.settlement import Settlement
    from placebudget.engine.simulation import UncertaintySummary
    from placebudget.model import BusinessCase, InvestmentAgreement

__all__ = ["Results", "compute_results", "settle_all"]


def settle_all(
    projection: ProjectionBase, agreements: Mapping[str, InvestmentAgreement]
) -> dict[str, Settlement]:
    """Every agreement settled against ``projection``, by option name, in their order.

    Raises
    ------
    placebudget.errors.ValidationError
        An option cannot apply; the problems of every option are reported together.
    """
    from placebudget.engine.agreements import settle

    if not agreements:
        msg = "agreements: must name at least one agreement to compare"
        raise ValueError(msg)
    problems: list[Problem] = []
    settlements: dict[str, Settlement] = {}
    for option, agreement in agreements.items():
        try:
            settlements[option] = settle(projection, agreement, name=option)
        except ValidationError as exc:
            problems.extend(p.prefixed(f"agreements[{option!r}]") for p in exc.problems)
    if problems:
        raise ValidationError(problems, context="cannot compare agreements")
    return settlements


@attrs.frozen(kw_only=True)
class Results:
    """Everything a report shows of one case, computed once by
    :func:`~placebudget.engine.compute_results`."""

    projection: ProjectionBase = attrs.field(repr=False)
    """The projection of the case."""
    appraisal: Appraisal = attrs.field(repr=False)
    """Its appraisal (headline, per partner, per year, per outcome)."""
    settlements: Mapping[str, Settlement] = attrs.field(factory=dict, repr=False)
    """Each agreement option of the case settled, by name, in the case's order."""
    sensitivity: pd.DataFrame | None = attrs.field(default=None, repr=False)
    """The one-way sensitivity of the net present budget impact (the tornado), or
    ``None`` when it was not asked for."""
    green_book: Mapping[str, pd.DataFrame] = attrs.field(factory=dict, repr=False)
    """The Green Book tables (see :func:`placebudget.engine.green_book.tables`)."""
    uncertainty: UncertaintySummary | None = attrs.field(default=None, repr=False)
    """The Monte Carlo summary, when one was computed."""
    optimism_bias: pd.DataFrame | None = attrs.field(default=None, repr=False)
    """The headline figures with optimism bias as the case states it and without any
    (``placebudget.engine.sensitivity.optimism_bias_sensitivity``), or ``None`` for a
    projection of bare inputs."""
    evaluation: Evaluation | None = attrs.field(default=None, repr=False)
    """The evaluation against actuals, when there is one."""
    warnings: tuple[str, ...] = attrs.field(default=(), repr=False)
    """What ``placebudget validate`` warns of for the case, each as ``"where: what"``
    (:func:`placebudget.engine.case_warnings` with the database the projection used):
    every report states them."""

    @property
    def case(self) -> BusinessCase | None:
        """The business case projected (``None`` for a projection of bare inputs)."""
        return self.projection.case


def compute_results(
    projection: ProjectionBase,
    *,
    uncertainty: UncertaintySummary | None = None,
    evaluation: Evaluation | None = None,
    sensitivity: bool = True,
) -> Results:
    """The :class:`~placebudget.engine.Results` of ``projection``: its appraisal, every
    agreement option of its case settled, the one-way sensitivity (unless
    ``sensitivity`` is false), the headline figures with and without optimism bias and the
    Green Book tables, with the Monte Carlo summary
    and the evaluation given.

    Raises
    ------
    placebudget.errors.ValidationError
        An agreement option of the case cannot apply to the projection.
    """
    from placebudget.engine import green_book
    from placebudget.engine.appraisal import Appraisal
    from placebudget.engine.sensitivity import optimism_bias_sensitivity, tornado

    appraisal = Appraisal.from_projection(projection)
    appraisal.beyond_horizon  # noqa: B018  (computed here, once: the reports read it)
    case = projection.case
    settlements = settle_all(projection, case.agreements) if case and case.agreements else {}
    return Results(
        projection=projection,
        appraisal=appraisal,
        settlements=settlements,
        sensitivity=tornado(projection) if sensitivity and case is not None else None,
        green_book=green_book.tables(appraisal),
        uncertainty=uncertainty,
        evaluation=evaluation,
        optimism_bias=(
            optimism_bias_sensitivity(projection) if projection.resolved is not None else None
        ),
        warnings=_warnings(projection),
    )


def _warnings(projection: ProjectionBase) -> tuple[str, ...]:
    """The case's validation warnings as every report states them, checked against the
    bundled database the projection used (an imported one: the case's own warnings and
    those its database tells, when it can be read)."""
    from placebudget.engine.contacts import case_warnings
    from placebudget.errors import PlaceBudgetError
    from placebudget.reference import BUNDLED_DATABASES, unit_costs

    case = projection.case
    if case is None:
        return ()
    name = str(projection.attrs.get("unit_costs", ""))
    try:
        database = unit_costs(name) if name in BUNDLED_DATABASES else None
        found = case_warnings(case, unit_costs=database)
    except PlaceBudgetError:  # a database file out of reach here: the case's own
        found = case.warnings()
    return tuple(str(warning) for warning in found)
