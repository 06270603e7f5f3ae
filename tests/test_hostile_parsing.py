"""Hostile parsing, validation and numbers: input that used to be read silently wrong
(a key given twice, an empty list of interventions, a look-alike id, a figure past the
largest number shown as £inf) or to end in a raw error (a YAML key that is not text, a
lag of 2**63). Each item runs through the real command line in a subprocess under a
memory cap and a timeout and must end in one clear message and a non-zero exit, never a
traceback, with no file of the run changed."""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _hostile import cli

from placebudget.examples import example_path

BASE: dict[str, Any] = tomllib.loads(example_path("troubled_families").read_text())
WEST_CHESHIRE = example_path("west_cheshire")


def case(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def with_effect(**changes: Any) -> dict[str, Any]:
    data = case()
    data["interventions"][0]["effects"][0].update(changes)
    return data


def text_file(name: str, text: str, *command: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / name).write_text(text, encoding="utf-8")
        return [*(command or ("validate",)), name]

    return make


def json_file(name: str, data: Any, *command: str) -> Callable[[Path], list[str]]:
    return text_file(name, json.dumps(data, indent=2), *command)


def _toml(data: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(data)


def _line_of(text: str, line: str) -> int:
    """The number of the first line of ``text`` that is ``line`` (the examples the base
    case comes from grow and shrink)."""
    return text.splitlines().index(line) + 1


def _repeated_json_horizon() -> str:
    text = json.dumps(case(horizon=6), indent=2)
    return text.replace('"horizon": 6,', '"horizon": 6,\n  "horizon": 60,', 1)


def _repeated_yaml_horizon() -> str:
    import yaml

    text = yaml.safe_dump(case(horizon=6), sort_keys=False)
    return text.replace("horizon: 6\n", "horizon: 6\nhorizon: 60\n", 1)


def _look_alike_partner() -> str:
    """The police partner's id with a Cyrillic о, every reference to it following."""
    text = json.dumps(BASE, indent=2, ensure_ascii=False)
    return text.replace('"police"', '"p\u043elice"').replace(
        '"kind": "p\u043elice"', '"kind": "police"'
    )


def _overflowing_case_study() -> dict[str, Any]:
    data = case()
    data["case_studies"][0]["before"]["CR6.0"] = {"count": 1e308}
    return data


def _overflowing_actuals(folder: Path) -> list[str]:
    (folder / "case.toml").write_bytes(WEST_CHESHIRE.read_bytes())
    actuals = WEST_CHESHIRE.with_name("west_cheshire_actuals.csv").read_text()
    lines = actuals.splitlines()
    costs = [i for i, line in enumerate(lines) if ",cost," in line][:2]
    for i in costs:  # each cost is finite, their sum is not
        fields = lines[i].split(",")
        fields[7] = "1e308"
        lines[i] = ",".join(fields)
    (folder / "actuals.csv").write_text("\n".join(lines) + "\n")
    return ["evaluate", "case.toml", "actuals.csv"]


FAMILY = 'id = "a"\nname = "Family A"\nbefore = { "CR1.0" = 1e308, "HE3.0" = 5 }\n'

#: name → (make the input and return the command, exit code, text the message must hold)
CORPUS: dict[str, tuple[Callable[[Path], list[str]], int, str]] = {
    "a JSON key given twice": (
        text_file("c.json", _repeated_json_horizon()),
        1,
        "repeats the key 'horizon' (lines",
    ),
    "a YAML key given twice": (
        text_file("c.yaml", _repeated_yaml_horizon()),
        1,
        "repeats the key 'horizon' (lines",
    ),
    "a YAML key that is a number": (
        text_file("c.yaml", "name: x\n1: a\n"),
        1,
        "1: is not a known key",
    ),
    "a YAML key that is null": (
        text_file("c.yaml", "name: x\n~: a\n"),
        1,
        "c.yaml (line 2): has the key null (NoneType), not text",
    ),
    "interventions = {}": (
        text_file("c.toml", _toml(case(interventions={}))),
        1,
        f"interventions (line {_line_of(_toml(case(interventions={})), '[interventions]')}): "
        "must list at least one intervention",
    ),
    "an empty list of interventions": (
        json_file("c.json", case(interventions=[])),
        1,
        "interventions: must list at least one intervention",
    ),
    "a look-alike partner id": (
        text_file("c.json", _look_alike_partner()),
        1,
        "U+043E CYRILLIC SMALL LETTER O) at position 2",
    ),
    "a NUL in the case name": (
        json_file("c.json", case(name="Troubled\x00families")),
        1,
        "name: must not hold control characters",
    ),
    "an escape sequence in a name": (
        json_file("c.json", case(name="x\x1b]52;c;aGVsbG8=\x07")),
        1,
        "name: must not hold control characters",
    ),
    "lag 2**63": (
        json_file("c.json", with_effect(lag=2**63)),
        1,
        "lag: must be a whole number within [0, 300]",
    ),
    "duration 2**63": (
        json_file("c.json", with_effect(duration=2**63)),
        1,
        "duration: must be a whole number within [1, 300]",
    ),
    "a count of contacts costing £inf": (
        text_file("family.toml", FAMILY, "cost-contacts"),
        1,
        "before['CR1.0'].count: gives a cost beyond the largest number (inf)",
    ),
    "a case study costing £inf": (
        json_file("c.json", _overflowing_case_study(), "run"),
        1,
        "case_studies[0].before['CR6.0'].count: gives a cost beyond the largest number",
    ),
    "actual costs adding up to £inf": (
        _overflowing_actuals,
        1,
        "together give a cost beyond the largest number (inf)",
    ),
}


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_parsing(name: str, tmp_path: Path) -> None:
    make, code, expected = CORPUS[name]
    command = make(tmp_path)
    before = _snapshot(tmp_path)
    run = cli(*command, cwd=tmp_path)
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "£inf" not in output, output[-3000:]
    assert run.returncode == code, output[-3000:]
    assert expected in output, output[-3000:]
    assert _snapshot(tmp_path) == before  # nothing changed, nothing left behind
