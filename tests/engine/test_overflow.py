"""Figures past the largest number are refused, naming the inputs that gave them, never
shown as £inf: costed contacts and evaluated actuals."""

from __future__ import annotations

import pytest

import placebudget as pb
from placebudget.engine import cost_contacts
from placebudget.engine.evaluation import evaluate
from placebudget.errors import ValidationError
from placebudget.model import Actuals, Observation
from placebudget.testing import example_case

OUTCOME = "jsa_into_work"


def test_a_count_whose_cost_overflows_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        cost_contacts({"CR6.0": 1e308, "HE3.0": 5}, database="ucd-v1.2", price_year=2013)
    (problem,) = info.value.problems
    assert problem.path == "contacts['CR6.0'].count"
    assert "beyond the largest number (inf)" in problem.message


def test_counts_whose_total_overflows_are_named_together() -> None:
    # each line is finite (1.5e308) but the two together are not
    each = {
        code: 1.5e308 / cost_contacts({code: 1.0}, database="ucd-v1.2", price_year=2013).total
        for code in ("CR6.0", "CR1.0")
    }
    with pytest.raises(ValidationError) as info:
        cost_contacts(each, database="ucd-v1.2", price_year=2013)
    (problem,) = info.value.problems
    assert problem.path == "contacts['CR6.0'].count, contacts['CR1.0'].count"
    assert problem.message.startswith("together give a cost beyond the largest number")


def _actuals(*costs: float, count: float = 60, people: float = 150) -> Actuals:
    rows = [
        Observation(year=2013, months=6, group="participants", measure="people", value=people),
        Observation(
            year=2013,
            months=6,
            group="participants",
            measure="count",
            outcome=OUTCOME,
            value=count,
        ),
    ]
    rows += [
        Observation(
            year=2013,
            start_month=1 + 6 * i,
            months=6,
            group="participants",
            measure="cost",
            partner="council",
            value=cost,
        )
        for i, cost in enumerate(costs)
    ]
    return Actuals(observations=rows)


@pytest.fixture(scope="module")
def projection() -> pb.Projection:
    return pb.project(example_case())


def test_costs_to_date_that_overflow_are_refused(projection: pb.Projection) -> None:
    with pytest.raises(ValidationError) as info:
        evaluate(projection, _actuals(1e308, 1e308))
    (problem,) = info.value.problems
    assert problem.path == "actuals.observations[2].value, actuals.observations[3].value"
    assert "together give a cost beyond the largest number (inf)" in problem.message


def test_a_rate_that_overflows_names_the_count_and_the_group(projection: pb.Projection) -> None:
    with pytest.raises(ValidationError) as info:
        evaluate(projection, _actuals(1.0, count=1e308, people=1e-10))
    (problem,) = info.value.problems
    assert problem.path == "actuals.observations[0].value, actuals.observations[1].value"


def test_large_but_finite_actuals_still_evaluate(projection: pb.Projection) -> None:
    result = evaluate(projection, _actuals(1e300, 1e300))
    assert result.totals["actual_cost"] == pytest.approx(2e300)


def _with_intake(value: float) -> pb.BusinessCase:
    import attrs

    case = example_case()
    intervention = case.interventions[0]
    year = min(intervention.cohort.intake)
    cohort = attrs.evolve(intervention.cohort, intake={year: value})
    return attrs.evolve(case, interventions=[attrs.evolve(intervention, cohort=cohort)])


def test_figures_each_finite_that_add_up_past_the_largest_number_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        pb.project(_with_intake(1e304))
    assert info.value.problems[0].path.startswith("interventions[0].")
    assert "add up past" in info.value.problems[0].message


def test_a_large_case_short_of_the_limit_still_appraises() -> None:
    appraisal = pb.project(_with_intake(1e12)).appraise()
    assert appraisal.pv_cost > 0
