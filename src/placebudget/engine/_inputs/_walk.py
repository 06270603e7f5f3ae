"""The walk over a case that resolves its inputs (:func:`resolve_inputs`, and
:func:`build_inputs`, its Dataset): each intervention, effect and cost line handed to
the accumulator owning its columns, every problem collected on the way and raised
together, then the accumulators' columns laid out as :class:`ResolvedInputs`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs._blocks import _interactions, _reinvestment, _risks, _weights
from placebudget.engine._inputs._costs import _CostLines
from placebudget.engine._inputs._effects import _Effects
from placebudget.engine._inputs._index import _Interventions, _Outcomes, _Partners
from placebudget.engine._inputs._limits import check_size
from placebudget.engine._inputs._resolved import _COORDS, _VARIABLES, ResolvedInputs, _laid_out
from placebudget.engine._inputs._tables import (
    _case_tables,
    _CaseTables,
    case_database,
    optimism_bias_attrs,
)
from placebudget.engine._inputs._uprating import _Uprater
from placebudget.errors import Problem, ValidationError
from placebudget.model import BusinessCase, case_names, named
from placebudget.reference import (
    BUNDLED_DATABASES,
    HEALTH_SCHEDULE,
    UnitCostDatabase,
    discount_schedule,
)

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["build_inputs", "resolve_inputs"]


def build_inputs(case: BusinessCase, *, database: UnitCostDatabase | None = None) -> xr.Dataset:
    """The engine's input Dataset for ``case``.

    Parameters
    ----------
    case
        The case.
    database
        Its unit cost database, if already read (else read as the case names it).

    Returns
    -------
    xarray.Dataset
        The input variables, coordinates and attributes, with the value traces.

    Raises
    ------
    placebudget.errors.ValidationError
        A code is unknown, a unit does not fit, a price year has no deflator, a table
        name is unknown — every such problem in the case, together.
    """
    return resolve_inputs(case, database=database).dataset()


def resolve_inputs(
    case: BusinessCase, *, database: UnitCostDatabase | None = None
) -> ResolvedInputs:
    """What :func:`build_inputs` makes its Dataset of, resolved without xarray.

    Parameters
    ----------
    case
        The case.
    database
        Its unit cost database, if already read (else read as the case names it).

    Returns
    -------
    ResolvedInputs
        The input variables, coordinates, attributes and value traces.

    Raises
    ------
    placebudget.errors.ValidationError
        As :func:`build_inputs`.
    """
    check_size(case)
    if database is None:
        database = case_database(case)
    tables = _case_tables(case, database)
    problems: list[Problem] = []
    uprate = _Uprater(tables.deflators, case.price_year, problems, tables.calendar)
    years, start = np.array(case.years), case.start_year
    grade_bias = {grade: tables.optimism_bias.rate(grade) for grade in range(1, 7)}
    partners = _Partners(case.place.partners)
    interventions = _Interventions(len(case.interventions), years, start)
    outcomes = _Outcomes()
    effects = _Effects(years, partners.index, database, uprate, grade_bias)
    lines = _CostLines(years, start, partners.index, uprate, grade_bias)
    for intervention in case.interventions:
        i = interventions.add(intervention)
        for j, effect in enumerate(intervention.effects):
            o = outcomes.add(effect.outcome, intervention.theme, effect.unit)
            effects.add(i, o, intervention, j, effect)
        for j, (line, name) in enumerate(
            zip(intervention.costs, intervention.cost_names, strict=True)
        ):
            lines.add(i, intervention, j, line, name)
    effects.check_double_counts()
    risks = _risks(case, partners.index, uprate)
    edition = case.codes_edition
    if edition is not None and edition not in BUNDLED_DATABASES and edition != database.name:
        msg = (
            f"is neither a bundled unit cost database ({', '.join(BUNDLED_DATABASES)}) nor "
            f"the one the case is run against ({database.name!r})"
        )
        problems.append(Problem("codes_edition", msg, edition))
    if problems:
        raise ValidationError(
            named(problems, case_names(case)), context=f"cannot project {case.name!r}"
        )

    n_i = len(interventions)
    data_vars = _laid_out(
        _VARIABLES,
        interventions.arrays(),
        effects.arrays(n_i, len(outcomes)),
        lines.arrays(n_i),
        {D.DISCOUNT_FACTOR: ((D.YEAR,), tables.schedule.factors(len(years)))},
        _health(case, effects.health_of, len(years)),
        _weights(case),
        risks,
        _interactions(case, effects.intervention_of, effects.outcome_of),
        _reinvestment(case, partners.index),
    )
    coords = _laid_out(
        _COORDS,
        partners.coords(),
        {D.YEAR: years},
        outcomes.coords(),
        interventions.coords(),
        effects.coords(),
        lines.coords(),
        {D.RISK: [r.id for r in case.risks]} if case.risks else {},
    )
    attrs = _attrs(case, tables, database, uprate, effects.appraisal_codes)
    return ResolvedInputs(data_vars, coords, attrs, uprate.traces)


def _named_editions(case: BusinessCase, database: UnitCostDatabase) -> list[str]:
    """The databases other than ``database`` that the case's codes name
    (``"ucd-v1.2:CR6.0"``), sorted."""
    found = set()
    for intervention in case.interventions:
        for effect in intervention.effects:
            for value in (*effect.fiscal.values(), effect.economic, effect.social):
                edition = None if value is None else value.edition
                if edition is not None and edition != database.name:
                    found.add(edition)
    return sorted(found)


def _health(case: BusinessCase, health_of: list[bool], n_years: int) -> dict[str, Any]:
    """Which effects' social values are health values (``social_health``) and the health
    discount factors, when the case discounts health values apart
    (:attr:`~placebudget.model.BusinessCase.health_discounting`) and has some; else
    nothing (every value at the case's schedule)."""
    if not case.health_discounting or not any(health_of):
        return {}
    return {
        D.SOCIAL_HEALTH: ((D.EFFECT,), np.array(health_of, dtype=float)),
        D.HEALTH_DISCOUNT_FACTOR: (
            (D.YEAR,),
            discount_schedule(HEALTH_SCHEDULE).factors(n_years),
        ),
    }


def _attrs(
    case: BusinessCase,
    tables: _CaseTables,
    database: UnitCostDatabase,
    uprate: _Uprater,
    appraisal_codes: set[str],
) -> dict[str, Any]:
    """The inputs' attributes: what the case is, and the reference data it was resolved
    with (the tables, the deflator years forecast or assumed, the appraisal values)."""
    series = tables.deflators
    return {
        "case": case.name,
        "place": case.place.id,
        "price_base": case.price_year,
        "start_year": case.start_year,
        "discounting": tables.schedule.name,
        "annuity": case.annuity,
        "health_discounting": (
            HEALTH_SCHEDULE
            if case.health_discounting
            and any(e.health_valued for i in case.interventions for e in i.effects)
            else ""
        ),
        "deflators": series.name,
        "deflator_note": series.note,
        "deflator_coverage": series.coverage,
        "deflator_forecast_years": uprate.years_with("forecast"),
        "deflator_assumed_years": uprate.years_with("assumed"),
        "unit_costs": database.name,
        "unit_cost_editions": ", ".join(_named_editions(case, database)),
        "optimism_bias_table": tables.optimism_bias.name,
        **optimism_bias_attrs(case, tables.optimism_bias),
        "green_book": case.green_book,
        "appraisal_values": ", ".join(f"gb:{c}" for c in sorted(appraisal_codes)),
        "appraisal_deflators": tables.calendar.name if appraisal_codes else "",
        "appraisal_deflator_assumed_years": uprate.calendar_years_with("assumed"),
    }
