"""Distributions: validation, in cases and in case files."""

from __future__ import annotations

from pathlib import Path

import pytest

import placebudget as pb
from placebudget.engine.simulate import sample_inputs
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.io.case_file import structure_case, unstructure_case
from placebudget.model import PERT, Beta, GradeSpread, LogNormal, Normal, Triangular, Uniform
from placebudget.testing import example_case


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


def test_case_checks_uncertainty_paths() -> None:
    with pytest.raises(ValidationError) as info:
        example_case(uncertainty={
            "interventions[0].effects[3].impact": Triangular(low=0, mode=0.1, high=0.2),
            "impact": Triangular(low=0, mode=0.1, high=0.2),
            "interventions[0].costs[0]": 0.5,
        })
    found = [str(p) for p in info.value.problems]
    assert found == [
        "uncertainty['impact']: must name an input such as "
        "'interventions[0].effects[1].impact' or 'interventions[0].costs[0]', got 'impact'",
        "uncertainty['interventions[0].costs[0]']: must be a distribution (normal, "
        "lognormal, uniform, triangular, pert, beta), got 0.5",
    ]
    with pytest.raises(ValidationError, match=r"uncertainty\['interventions\[0\]\.effects"
                       r"\[3\]\.impact'\]: names an effect or cost line the case does not"):
        example_case(uncertainty={
            "interventions[0].effects[3].impact": Triangular(low=0, mode=0.1, high=0.2)})


def test_case_file_distributions_round_trip(tmp_path: Path) -> None:
    case = pb.load_case(example_path("west_cheshire"))
    assert case.uncertainty["interventions[0].effects[0].impact"] == PERT(
        low=0.2, mode=0.45, high=0.6)
    for suffix in (".toml", ".json", ".yaml"):
        pb.dump_case(case, tmp_path / f"case{suffix}")
        assert pb.load_case(tmp_path / f"case{suffix}") == case


def test_case_file_distribution_errors() -> None:
    data = unstructure_case(pb.load_case(example_path("west_cheshire")))
    data["uncertainty"]["interventions[0].effects[0].impact"]["distribution"] = "poisson"
    data["uncertainty"]["interventions[0].costs[0]"]["peak"] = 1.0
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    found = [str(p) for p in info.value.problems]
    assert found[0] == ("uncertainty['interventions[0].effects[0].impact'].distribution: "
                        "must be one of normal, lognormal, uniform, triangular, pert, beta, "
                        "got 'poisson'")
    assert found[1].startswith("uncertainty['interventions[0].costs[0]'].peak: is not a "
                               "known key")


def test_simulate_uses_the_case_distributions() -> None:
    case = pb.load_case(example_path("west_cheshire"))
    inputs = sample_inputs(case, draws=4000, seed=0, spread=None)
    impact = inputs["impact"].isel(effect=0)
    assert float(impact.min()) >= 0.2
    assert float(impact.max()) <= 0.6
    assert float(impact.mean()) == pytest.approx(PERT(low=0.2, mode=0.45, high=0.6).mean,
                                                 abs=0.005)
