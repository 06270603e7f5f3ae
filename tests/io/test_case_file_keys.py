"""Case files say each thing once: a key given twice in a JSON or YAML table (TOML
refuses it itself) and a YAML key that is not text are refused, naming the key and its
lines, rather than the last value silently winning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.io.case_file import read_data, unstructure_case
from placebudget.testing import example_case


def _json_text() -> str:
    return json.dumps(unstructure_case(example_case()), indent=2)


def test_a_json_key_given_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    lines = _json_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith('  "horizon": ')) + 1
    lines.insert(first, '  "horizon": 60,')
    path = tmp_path / "case.json"
    path.write_text("\n".join(lines))
    with pytest.raises(ValidationError) as info:
        pb.load_case(path)
    (problem,) = info.value.problems
    assert problem.path == "case.json"
    assert f"repeats the key 'horizon' (lines {first} and {first + 1})" in problem.message


def test_a_repeated_key_deep_in_json_is_found_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"name": "x",\n "place": {"id": 1,\n  "a": {"b": 1,\n "b": 2}}}')
    with pytest.raises(ValidationError, match=r"repeats the key 'b' \(lines 3 and 4\)"):
        read_data(path)


def test_the_same_key_in_different_json_tables_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"a": {"id": 1}, "b": {"id": 2}}')
    assert read_data(path)[1] == {"a": {"id": 1}, "b": {"id": 2}}


def test_a_yaml_key_given_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("name: x\nhorizon: 6\nplace:\n  id: a\nhorizon: 60\n")
    with pytest.raises(ValidationError) as info:
        pb.load_case(path)
    (problem,) = info.value.problems
    assert "repeats the key 'horizon' (lines 2 and 5)" in problem.message
    assert str(problem).startswith("case.yaml: repeats the key")


def test_a_yaml_year_written_as_a_number_and_as_text_is_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("intake:\n  2013: 1\n  '2013': 2\n")
    with pytest.raises(ValidationError, match=r"repeats the key '2013' \(lines 2 and 3\)"):
        read_data(path)


@pytest.mark.parametrize(
    ("key", "shown"), [("~", "null"), ("null", "null"), ("true", "True"), ("1.5", "1.5")]
)
def test_a_yaml_key_that_is_not_text_is_refused_with_its_line(
    tmp_path: Path, key: str, shown: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(f"name: x\n{key}: a\n")
    with pytest.raises(ValidationError) as info:
        pb.load_case(path)
    (problem,) = info.value.problems
    assert problem.line == 2
    assert f"has the key {shown} " in problem.message
    assert "not text" in problem.message


def test_a_yaml_whole_number_key_is_read_as_its_text(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("name: x\n1: a\nintake:\n  2013: 5\n")
    assert read_data(path)[1] == {"name": "x", "1": "a", "intake": {"2013": 5}}
    with pytest.raises(ValidationError, match=r"1: is not a known key"):
        pb.load_case(path)


def test_a_key_that_is_not_text_in_python_data_is_named() -> None:
    data = unstructure_case(example_case())
    data[1] = "x"
    data[None] = "y"
    with pytest.raises(ValidationError) as info:
        pb.structure_case(data)
    paths = {p.path for p in info.value.problems}
    assert {"1", "None"} <= paths
