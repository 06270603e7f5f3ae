"""The case file ``placebudget init`` writes: valid as written, every required field of
the schema present, every field explained by a comment."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import placebudget as pb
from placebudget.io import structure_case
from placebudget.io.templates import case_template
from placebudget.plugin import ParameterSpec, ThemeSpec
from placebudget.testing import example_intervention

TOY = ThemeSpec(
    name="toy-work",
    title="Toy work support",
    description="Employment support, for tests.",
    partners={"dwp": "dwp", "nhs": "nhs", "council": "local_authority"},
    parameters=[
        ParameterSpec(
            name="start_year",
            default=2012,
            kind=int,
            minimum=1990,
            maximum=2100,
            description="first year of intake",
            source="choice of the case",
        ),
        ParameterSpec(
            name="engagement",
            default=0.75,
            minimum=0,
            maximum=1,
            description="share of the cohort who engage",
            source="judgement: test value",
            confidence=5,
        ),
    ],
    build=lambda start_year, engagement: [example_intervention(engagement=engagement)],
)


def _schema() -> dict[str, Any]:
    text = resources.files("placebudget.io").joinpath("case.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _missing_required(
    data: Any, schema: dict[str, Any], node: dict[str, Any], where: str
) -> list[str]:
    """Required fields of the schema not in ``data``, walking tables and lists."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    missing: list[str] = []
    if isinstance(data, dict) and "properties" in node:
        missing += [f"{where}.{key}" for key in node.get("required", []) if key not in data]
        for key, value in data.items():
            if key in node["properties"]:
                missing += _missing_required(
                    value, schema, node["properties"][key], f"{where}.{key}"
                )
    elif isinstance(data, list) and "items" in node:
        for n, item in enumerate(data):
            missing += _missing_required(item, schema, node["items"], f"{where}[{n}]")
    return missing


@pytest.mark.parametrize("theme", [None, TOY], ids=["written-out", "theme"])
def test_the_template_is_a_valid_case(theme: ThemeSpec | None, tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text(case_template(theme, file="case.toml"))
    case = structure_case(
        tomllib.loads(path.read_text()), themes={TOY.name: TOY} if theme else None
    )
    result = pb.project(case).appraise()
    assert result.pv_cost > 0
    # nothing in it that is probably a mistake; it values fiscal outcomes only, and says so
    assert [w.path for w in case.warnings()] == ([] if theme else ["interventions"])


def test_every_required_field_is_present() -> None:
    data = tomllib.loads(case_template())
    schema = _schema()
    assert _missing_required(data, schema, schema, "case") == []
    assert {"interventions", "place", "uncertainty"} - set(data) == {"uncertainty"}
    assert data["interventions"][0]["effects"][0]["fiscal"]


@pytest.mark.parametrize("theme", [None, TOY], ids=["written-out", "theme"])
def test_every_field_is_explained(theme: ThemeSpec | None) -> None:
    lines = case_template(theme).splitlines()
    block: list[str] = []
    unexplained = []
    for line in lines:
        if not line.strip():
            block = []
            continue
        block.append(line)
        key = re.match(r"^([A-Za-z_][\w-]*|\d{4}) = ", line)
        if key and not any(b.lstrip().startswith("#") for b in block):
            unexplained.append(line)
    assert unexplained == []


def test_a_theme_template_lists_its_partners_and_parameters() -> None:
    data = tomllib.loads(case_template(TOY))
    assert data["theme"] == "toy-work"
    assert [(p["id"], p["kind"]) for p in data["place"]["partners"]] == [
        ("dwp", "dwp"),
        ("nhs", "nhs"),
        ("council", "local_authority"),
    ]
    assert data["parameters"] == {"start_year": 2012, "engagement": 0.75}
    assert data["start_year"] == 2012  # the theme's own start year
    text = case_template(TOY).replace("\n# ", " ")
    assert (
        "share of the cohort who engage (float, at least 0, at most 1). Source: "
        "judgement: test value; evidence grade 5." in text
    )
