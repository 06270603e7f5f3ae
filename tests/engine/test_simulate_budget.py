"""``simulate`` holds every draw at once: it refuses a number of draws whose arrays would
pass its memory budget before sampling anything, naming ``simulate_summary``; a seed the
generator cannot take is a clear error."""

from __future__ import annotations

import pytest

import placebudget as pb
from placebudget.engine.simulation import MAX_SIMULATE_BYTES, sample_inputs, simulate_bytes
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.testing import example_case


def test_draws_past_the_budget_are_refused_naming_simulate_summary() -> None:
    case = pb.load_case(example_path("troubled_families"))
    assert simulate_bytes(case, draws=1_000_000) > MAX_SIMULATE_BYTES
    with pytest.raises(ValidationError) as caught:
        pb.simulate(case, draws=1_000_000, seed=1)
    (problem,) = caught.value.problems
    assert problem.path == "draws"
    assert "simulate_summary()" in str(caught.value)
    assert "budget of 2 GiB" in str(caught.value)


def test_the_budget_can_be_set_and_lifted() -> None:
    case = example_case()
    needed = simulate_bytes(case, draws=50)
    with pytest.raises(ValidationError, match="must be at most 49 for this case"):
        pb.simulate(case, draws=50, seed=1, max_bytes=needed - 1)
    assert pb.simulate(case, draws=50, seed=1, max_bytes=needed).dataset.sizes["draw"] == 50
    assert pb.simulate(case, draws=50, seed=1, max_bytes=None).dataset.sizes["draw"] == 50


@pytest.mark.parametrize("name", ["troubled_families", "west_cheshire", "northtown"])
def test_the_estimate_covers_what_a_projection_holds(name: str) -> None:
    case = pb.load_case(example_path(name))
    projection = pb.simulate(case, draws=100, seed=1)
    held = sum(v.nbytes for v in projection.dataset.data_vars.values())
    estimate = simulate_bytes(case, draws=100)
    assert held <= estimate <= 2 * held


@pytest.mark.parametrize("seed", [-1, 1.5, True, "1"])
def test_a_seed_the_generator_cannot_take_is_refused(seed: object) -> None:
    for run in (pb.simulate, pb.simulate_summary, sample_inputs):
        with pytest.raises(ValidationError, match="seed: must be a whole number of 0 or more"):
            run(example_case(), draws=10, seed=seed)  # type: ignore[operator]
