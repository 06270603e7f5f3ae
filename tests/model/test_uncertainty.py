"""Distributions: validation, in cases and in case files."""

from __future__ import annotations

import math
from pathlib import Path
from typing import get_args

import attrs
import numpy as np
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine.simulation import sample_inputs, sample_many
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.io.case_file import structure_case, unstructure_case
from placebudget.model import (
    PERT,
    Beta,
    Distribution,
    GradeSpread,
    InputPath,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from placebudget.testing import example_case, example_intervention


def test_fields_are_checked() -> None:
    with pytest.raises(ValidationError, match=r"sd: must be zero or more, got -1"):
        Normal(mean=0, sd=-1)
    with pytest.raises(ValidationError, match=r"mean: must be more than 0"):
        LogNormal(mean=0, sd=1)
    with pytest.raises(ValidationError, match=r"high: must be more than low \(1\), got 1"):
        Uniform(low=1, high=1)
    with pytest.raises(ValidationError, match=r"mode: must satisfy low <= mode <= high"):
        PERT(low=0, mode=2, high=1)
    with pytest.raises(ValidationError, match=r"alpha: must be more than 0"):
        Beta(alpha=0, beta=1)
    with pytest.raises(ValidationError, match=r"cvs\[6\]: must give a spread for every grade"):
        GradeSpread(name="x", cvs={1: 0.1})


def test_each_distribution_says_whether_its_draws_stay_within_bounds() -> None:
    rate, money = (0.0, 1.0), (0.0, math.inf)
    assert Beta(alpha=2, beta=3).within(*rate)  # [0, 1] from 0: never rounds above 1
    assert not Uniform(low=0.5, high=1.0).within(*rate)  # 0.5 + 0.5 × u can round above
    assert PERT(low=0.1, mode=0.3, high=0.9).within(*rate)
    assert not Triangular(low=-0.1, mode=0.3, high=0.9).within(*rate)
    assert LogNormal(mean=1, sd=0.2).within(*money)
    assert not LogNormal(mean=0.5, sd=0.1).within(*rate)
    assert Normal(mean=0.5, sd=0).within(*rate)
    assert not Normal(mean=0.5, sd=0.1).within(*rate)


def test_each_kind_draws_its_columns_in_one_call() -> None:
    found = [PERT(low=0, mode=0.2, high=1), PERT(low=1, mode=3, high=4, shape=2)]
    draws = PERT.draw_many(found, np.random.default_rng(5), (1000, 2))
    assert draws.shape == (1000, 2)
    assert (draws.min(axis=0) >= [0, 1]).all()
    assert (draws.max(axis=0) <= [1, 4]).all()
    assert sample_many(found, np.random.default_rng(5), 1000).tolist() == draws.tolist()
    assert [kind.__name__ for kind in get_args(Distribution)] == [
        "Normal",
        "LogNormal",
        "Uniform",
        "Triangular",
        "PERT",
        "Beta",
    ]  # the draw order


def test_case_checks_uncertainty_paths() -> None:
    with pytest.raises(ValidationError) as info:
        example_case(
            uncertainty={
                "interventions[0].effects[3].impact": Triangular(low=0, mode=0.1, high=0.2),
                "impact": Triangular(low=0, mode=0.1, high=0.2),
                "interventions[0].costs[0]": 0.5,
            }
        )
    found = [str(p) for p in info.value.problems]
    assert found == [
        "uncertainty['impact']: must name an input by ids, such as 'key_workers › "
        "child_into_care › impact' or 'key_workers › costs › running' (or by position: "
        "'interventions[0].effects[1].impact'), got 'impact'",
        "uncertainty['interventions[0].costs[0]']: must be a distribution (normal, "
        "lognormal, uniform, triangular, pert, beta), got 0.5",
    ]
    with pytest.raises(
        ValidationError,
        match=r"uncertainty\['interventions\[0\]\.effects"
        r"\[3\]\.impact'\]: names an intervention, effect, cost line or "
        r"partner the case does not have",
    ):
        example_case(
            uncertainty={
                "interventions[0].effects[3].impact": Triangular(low=0, mode=0.1, high=0.2)
            }
        )


def test_inputs_are_named_by_ids() -> None:
    case = example_case()
    for typed in (
        "work_support › jsa_into_work › impact",
        "work_support>jsa_into_work>impact",
        " work_support >  jsa_into_work › impact ",
        "interventions[0].effects[0].impact",
    ):
        parsed = InputPath.parse(typed)
        assert parsed is not None
        assert parsed.name_in(case) == "work_support › jsa_into_work › impact"
        assert parsed.locate(case) == InputPath(0, "effect", 0, "impact")
    assert InputPath.parse("work_support › jsa_into_work › fiscal › nhs").locate(case) == (
        InputPath(0, "effect", 0, "fiscal", "nhs")
    )
    assert InputPath.parse("work_support › engagement").locate(case) == InputPath(0, "engagement")
    assert InputPath.parse("work_support > intake").name_in(case) == "work_support › intake"
    assert InputPath.parse("work_support › costs › intervention").locate(case) == (
        InputPath(0, "cost", 0)
    )
    for missing in (
        "other › jsa_into_work › impact",
        "work_support › truancy › impact",
        "work_support › jsa_into_work › fiscal › police",
        "work_support › costs › running",
    ):
        assert InputPath.parse(missing).name_in(case) is None  # type: ignore[union-attr]
    for wrong in (
        "work_support › jsa_into_work › impakt",
        "work_support",
        "work_support › jsa_into_work › fiscal",
        "a › b › c › d › e",
        "work support › engagement",
    ):
        assert InputPath.parse(wrong) is None


def test_cost_lines_are_named_by_id_or_category() -> None:
    line = example_intervention().costs[0]
    iv = example_intervention(
        costs=[
            line,
            attrs.evolve(line, category="running"),
            attrs.evolve(line, category="running", id="posts"),
            attrs.evolve(line, category="running"),
        ]
    )
    assert iv.cost_names == ("intervention", "running#1", "posts", "running#2")
    case = example_case(interventions=[iv])
    assert InputPath.parse("work_support › costs › running#2").locate(case) == InputPath(
        0, "cost", 3
    )
    with pytest.raises(
        ValidationError,
        match=r"costs\[1\]\.id: names the same cost line as "
        r"costs\[0\]",
    ):
        example_intervention(costs=[line, attrs.evolve(line, id="intervention")])


def test_one_input_named_twice_is_refused() -> None:
    spread = Triangular(low=0, mode=0.1, high=0.2)
    with pytest.raises(
        ValidationError,
        match=r"uncertainty\['work_support > jsa_into_work > "
        r"impact'\]: names the same input as uncertainty\['interventions",
    ):
        example_case(
            uncertainty={
                "interventions[0].effects[0].impact": spread,
                "work_support > jsa_into_work > impact": spread,
            }
        )


def test_a_distribution_by_name_draws_as_by_position() -> None:
    spread = PERT(low=0.1, mode=0.3, high=0.4)
    by_position = sample_inputs(
        example_case(uncertainty={"interventions[0].effects[0].impact": spread}), draws=50, seed=3
    )
    by_name = sample_inputs(
        example_case(uncertainty={"work_support › jsa_into_work › impact": spread}),
        draws=50,
        seed=3,
    )
    xr.testing.assert_identical(by_position, by_name)


def test_case_file_distributions_round_trip(tmp_path: Path) -> None:
    case = pb.load_case(example_path("west_cheshire"))
    assert case.uncertainty["domestic_abuse › repeat_domestic_abuse › impact"] == PERT(
        low=0.2, mode=0.45, high=0.6
    )
    for suffix in (".toml", ".json", ".yaml"):
        pb.dump_case(case, tmp_path / f"case{suffix}")
        assert pb.load_case(tmp_path / f"case{suffix}") == case


def test_case_file_distribution_errors() -> None:
    data = unstructure_case(pb.load_case(example_path("west_cheshire")))
    data["uncertainty"]["domestic_abuse › repeat_domestic_abuse › impact"]["distribution"] = (
        "poisson"
    )
    data["uncertainty"]["domestic_abuse › costs › intervention"]["peak"] = 1.0
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    found = [str(p) for p in info.value.problems]
    assert found[0] == (
        "uncertainty['domestic_abuse › repeat_domestic_abuse › impact']."
        "distribution: "
        "must be one of normal, lognormal, uniform, triangular, pert, beta, "
        "got 'poisson'"
    )
    assert found[1].startswith(
        "uncertainty['domestic_abuse › costs › intervention'].peak: is not a known key"
    )


def test_simulate_uses_the_case_distributions() -> None:
    case = pb.load_case(example_path("west_cheshire"))
    inputs = sample_inputs(case, draws=4000, seed=0, spread=None)
    impact = inputs["impact"].isel(effect=0)
    assert float(impact.min()) >= 0.2
    assert float(impact.max()) <= 0.6
    assert float(impact.mean()) == pytest.approx(PERT(low=0.2, mode=0.45, high=0.6).mean, abs=0.005)
