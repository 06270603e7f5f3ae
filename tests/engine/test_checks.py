"""Checking a case without projecting it: the same errors as projecting, and a bound on
the money figures that is never below them."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import check_case
from placebudget.engine import dims as D
from placebudget.engine._inputs import resolve_inputs
from placebudget.engine.checks import money_bound
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.model import BusinessCase, Reinvestment

EXAMPLES = ("northtown", "west_cheshire", "troubled_families")


def _bound(case: BusinessCase) -> float:
    return money_bound(resolve_inputs(case).arrays())


def _largest_figure(case: BusinessCase) -> float:
    """The largest size of any money figure, running total or present value."""
    projection = pb.project(case).dataset
    found = 0.0
    for name in D.MONEY_VARIABLES:
        flows = projection[name]
        totals = flows.sum([d for d in flows.dims if d != D.YEAR]) if flows.ndim > 1 else flows
        found = max(found, float(abs(flows).max()), float(abs(totals.cumsum(D.YEAR)).max()))
    return found


def _scaled(case: BusinessCase, intake: float, value: float, overlap: float) -> BusinessCase:
    interventions = []
    for intervention in case.interventions:
        cohort = attrs.evolve(
            intervention.cohort,
            intake={year: n * intake for year, n in intervention.cohort.intake.items()},
        )
        effects = [
            attrs.evolve(
                effect,
                fiscal={
                    partner: attrs.evolve(
                        amount, amount=f"{amount.amount.magnitude * value} {amount.amount.units}"
                    )
                    if not isinstance(amount, str)
                    and getattr(amount, "amount", None) is not None
                    and not isinstance(amount.amount, str)
                    else amount
                    for partner, amount in effect.fiscal.items()
                },
            )
            for effect in intervention.effects
        ]
        interventions.append(attrs.evolve(intervention, cohort=cohort, effects=effects))
    interactions = [attrs.evolve(i, overlap=overlap) for i in case.interactions]
    return attrs.evolve(case, interventions=interventions, interactions=interactions)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_check_and_their_bound_holds(name: str) -> None:
    case = pb.load_case(example_path(name))
    check_case(case)
    assert _largest_figure(case) <= _bound(case) < np.inf


@settings(max_examples=25, deadline=None)
@given(intake=st.floats(1e-3, 1e4), value=st.floats(1e-3, 1e4), overlap=st.floats(0, 1))
def test_the_bound_is_never_below_a_figure(intake: float, value: float, overlap: float) -> None:
    """Northtown (two interventions sharing people, risks, case studies) scaled: the
    bound stays at or above every figure, running total and present value."""
    case = _scaled(pb.load_case(example_path("northtown")), intake, value, overlap)
    assert _largest_figure(case) <= _bound(case)


def test_an_overflowing_case_gets_the_projections_error() -> None:
    case = pb.load_case(example_path("northtown"))
    huge = _scaled(case, 1e300, 1e6, 0.3)
    with pytest.raises(ValidationError) as projected:
        pb.project(huge)
    with pytest.raises(ValidationError) as checked:
        check_case(huge)
    assert "beyond the largest number" in str(checked.value)
    assert checked.value.problems == projected.value.problems


def test_a_large_case_that_does_not_overflow_is_projected_and_passes() -> None:
    """A bound too close to the largest float is not an error: the case is projected."""
    case = _scaled(pb.load_case(example_path("northtown")), 1e150, 1e148, 0.3)
    assert not _bound(case) < np.finfo(float).max / 1e8
    pb.project(case)
    check_case(case)


def test_reference_problems_are_the_projections() -> None:
    case = pb.load_case(example_path("west_cheshire"))
    effect = case.interventions[0].effects[0]
    wrong = attrs.evolve(
        case,
        interventions=[
            attrs.evolve(
                case.interventions[0],
                effects=[
                    attrs.evolve(effect, fiscal=dict.fromkeys(effect.fiscal, "ucd:NO.SUCH.CODE")),
                    *case.interventions[0].effects[1:],
                ],
            ),
            *case.interventions[1:],
        ],
    )
    with pytest.raises(ValidationError) as projected:
        pb.project(wrong)
    with pytest.raises(ValidationError) as checked:
        check_case(wrong)
    assert checked.value.problems == projected.value.problems
    assert "NO.SUCH.CODE" in str(checked.value)


def test_a_reinvesting_case_has_no_bound_and_is_projected() -> None:
    case = pb.load_case(example_path("northtown"))
    reinvesting = attrs.evolve(
        case, reinvestment=Reinvestment(share=0.5, into=case.interventions[0].id)
    )
    assert _bound(reinvesting) == np.inf
    check_case(reinvesting)
