"""The case file JSON Schema: generated from the model, committed, and true to it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.examples import EXAMPLES, example_path
from placebudget.io.case_file import unstructure_case
from placebudget.io.schema import case_schema, committed_schema, schema_text


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_in_sync() -> None:
    assert committed_schema() == schema_text(), (
        "src/placebudget/io/case.schema.json is stale: regenerate it with "
        "'placebudget schema > src/placebudget/io/case.schema.json'"
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_are_valid(
    validator: jsonschema.Draft202012Validator, name: str, tmp_path: Path
) -> None:
    data = tomllib.loads(example_path(name).read_text())
    assert list(validator.iter_errors(data)) == []
    # and what dump_case writes, as JSON
    path = tmp_path / "case.json"
    pb.dump_case(pb.load_case(example_path(name)), path)
    assert list(validator.iter_errors(json.loads(path.read_text()))) == []


def test_schema_rejects_what_the_model_rejects(validator: jsonschema.Draft202012Validator) -> None:
    data = unstructure_case(pb.load_case(example_path("west_cheshire")))
    data["interventions"][0]["effects"][0]["impact"] = 1.3
    data["interventions"][0]["effects"][0]["impakt"] = 0.3
    data["interventions"][0]["costs"][0]["kind"] = "grant"
    data["agreements"]["headcount"]["rule"]["by"] = "staff"
    data["place"]["partners"][0]["kind"] = "army"
    data["horizon"] = 0
    paths = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(data))
    assert paths == [
        "agreements/headcount/rule",
        "horizon",
        "interventions/0/costs/0/kind",
        "interventions/0/effects/0",
        "interventions/0/effects/0/impact",
        "place/partners/0/kind",
    ]


def test_theme_cases_need_no_interventions(validator: jsonschema.Draft202012Validator) -> None:
    data = tomllib.loads(example_path("troubled_families").read_text())
    del data["interventions"]
    assert list(validator.iter_errors(data)) != []
    data["theme"] = "troubled-families"
    data["parameters"] = {"intake_per_year": 100}
    assert list(validator.iter_errors(data)) == []


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == case_schema()


def test_schema_takes_transfers_and_deflator_forms(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    from placebudget.model import DeflatorExtension
    from placebudget.testing import example_case

    case = example_case(
        deflators=DeflatorExtension(series="hmt-2025-12", extend_to=2026, growth=0.02)
    )
    data = unstructure_case(case)
    assert data["interventions"][0]["effects"][0]["fiscal"]["dwp"]["transfer"] == 1.0
    assert list(validator.iter_errors(data)) == []
    path = tmp_path / "case.toml"
    pb.dump_case(case, path)
    assert pb.load_case(path) == case
    for form in (
        {"file": "ours.csv"},
        {"file": "ours.csv", "extend_to": 2026, "growth": 0.02},
        "ucd-v1.4",
    ):
        assert list(validator.iter_errors({**data, "deflators": form})) == [], form
    data["interventions"][0]["effects"][0]["fiscal"]["dwp"]["transfer"] = 1.2
    data["deflators"] = {"file": "ours.csv", "extend_to": 2026}  # growth missing
    paths = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(data))
    assert paths == ["deflators", "interventions/0/effects/0/fiscal/dwp"]
