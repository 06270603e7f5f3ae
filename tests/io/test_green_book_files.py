"""Green Book items in case files: read, written back, and refused with their paths and
lines when they are wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.examples import example_path


def test_the_northtown_case_round_trips(tmp_path: Path) -> None:
    case = pb.load_case(example_path("northtown"))
    assert case.distributional_weights is not None
    assert case.distributional_weights.eta == 1.3
    assert [r.id for r in case.risks] == ["contractor_failure", "key_worker_turnover"]
    assert case.risks[1].cost == {2025: 80_000, 2026: 80_000}
    assert case.interactions[0].between == ("family_support", "warm_homes")
    line = case.interventions[1].costs[0]
    assert (line.kind, line.project_type, line.mitigation) == ("capital", "standard_buildings", 0.5)
    assert case.interventions[0].effects[0].social is not None
    assert case.interventions[0].effects[0].social.appraisal_code == "wellby"
    for suffix in (".toml", ".json", ".yaml"):
        path = tmp_path / f"case{suffix}"
        pb.dump_case(case, path)
        assert pb.load_case(path) == case


def test_green_book_errors_carry_paths_and_lines(tmp_path: Path) -> None:
    text = example_path("northtown").read_text(encoding="utf-8")
    text = text.replace("probability = 0.1\n", "probability = 1.1\n")
    text = text.replace("overlap = 0.3\n", "overlap = 0.3\nadjustment = 0.7\n")
    text = text.replace("eta = 1.3\n", "eta = -1\n")
    text = text.replace("income = 14000\n", "")
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        pb.load_case(path)
    lines = text.splitlines()
    found = {p.path: p.line for p in info.value.problems}
    assert found["risks[0].probability"] == lines.index("probability = 1.1") + 1
    assert found["interactions[0].adjustment"] == lines.index("adjustment = 0.7") + 1
    assert found["distributional_weights.eta"] == lines.index("eta = -1") + 1
    message = str(info.value)
    assert "must be within [-0.5, 0.5]" in message
    assert "risks[0].probability" in message
    assert "must be within [0, 1], got 1.1" in message


def test_a_missing_income_with_weights_is_named(tmp_path: Path) -> None:
    text = example_path("northtown").read_text(encoding="utf-8")
    path = tmp_path / "case.toml"
    path.write_text(text.replace("income = 14000\n", ""), encoding="utf-8")
    with pytest.raises(
        ValidationError, match="is required when the case applies distributional weights"
    ) as info:
        pb.load_case(path)
    assert info.value.problems[0].path == "interventions[1].cohort.income"


def test_an_unknown_project_type_or_code_is_named_on_projection(tmp_path: Path) -> None:
    text = example_path("northtown").read_text(encoding="utf-8")
    text = text.replace('project_type = "standard_buildings"', 'project_type = "castle"')
    text = text.replace('social = "gb:carbon"', 'social = "gb:carbonn"')
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    case = pb.load_case(path)
    with pytest.raises(ValidationError) as info:
        pb.project(case)
    paths = {p.path for p in info.value.problems}
    assert paths == {
        "interventions[1].costs[0].project_type",
        "interventions[1].effects[1].social.amount",
    }
