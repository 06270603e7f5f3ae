"""The JSON report's published schema: committed beside the writer, printed by
``placebudget schema --report``, and every bundled example's JSON report — with and without
a Monte Carlo summary, and West Cheshire with its evaluation — valid against it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.examples import ACTUALS, EXAMPLES, actuals_path, example_path
from placebudget.io.actuals import load_actuals
from placebudget.report.data import (
    REPORT_SCHEMA_ID,
    committed_report_schema,
    report_schema_text,
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(committed_report_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_in_sync() -> None:
    assert committed_report_schema() == report_schema_text(), (
        "src/placebudget/report/report.schema.json is stale: regenerate it with "
        'python -c "from placebudget.report.data import report_schema_text; '
        "print(report_schema_text(), end='')\" > src/placebudget/report/report.schema.json"
    )


def _written(results: pb.Results, path: Path) -> dict[str, Any]:
    pb.write_report(results, path)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("extras", [False, True], ids=["plain", "monte-carlo-evaluation"])
def test_every_examples_json_report_is_valid(
    validator: jsonschema.Draft202012Validator, name: str, extras: bool, tmp_path: Path
) -> None:
    case = pb.load_case(example_path(name))
    projection = pb.project(case)
    evaluation = (
        pb.evaluate(projection, load_actuals(actuals_path(name)))
        if extras and name in ACTUALS
        else None
    )
    uncertainty = pb.simulate_summary(case, draws=300, seed=11) if extras else None
    document = _written(
        pb.compute_results(projection, evaluation=evaluation, uncertainty=uncertainty),
        tmp_path / "r.json",
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]
    assert errors == []
    assert document["$schema"] == REPORT_SCHEMA_ID
    assert ("monte_carlo" in document) is extras
    assert ("evaluation" in document) is (extras and name in ACTUALS)


def test_a_disbenefit_cases_json_report_is_valid(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    """A dis-benefit's own table (by partner and year) and its column of the table by
    year are described by the committed schema."""
    from placebudget.testing import example_disbenefit_case

    document = _written(
        pb.compute_results(pb.project(example_disbenefit_case()), sensitivity=False),
        tmp_path / "r.json",
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]
    assert errors == []
    # the NHS bears £6,000 + £6,000 / 1.035 (placebudget.testing.example_disbenefit_case)
    assert document["summary"]["pv_disbenefit"] == pytest.approx(11_797.10, abs=0.005)
    assert [row["partner"] for row in document["disbenefits"]] == ["nhs"]


def test_the_schema_refuses_what_the_writer_never_writes(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    results = pb.compute_results(
        pb.project(pb.load_case(example_path("west_cheshire"))), sensitivity=False
    )
    document = _written(results, tmp_path / "r.json")
    assert validator.is_valid(document)
    cases = []
    unnamed = copy.deepcopy(document)
    del unnamed["partners"][0]["partner_name"]  # an id without its name
    cases.append(unnamed)
    wide = copy.deepcopy(document)
    wide["pooled_budget"][0]["2013/14"] = 1.0  # a year as a key
    cases.append(wide)
    labelled = copy.deepcopy(document)
    labelled["years"][0]["year"] = "2013/14"  # a year as its label
    cases.append(labelled)
    unknown = copy.deepcopy(document)
    unknown["tables"] = []
    cases.append(unknown)
    for broken in cases:
        assert not validator.is_valid(broken)


def test_schema_command_prints_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--report"]) == 0
    assert capsys.readouterr().out == committed_report_schema()
