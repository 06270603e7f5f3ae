"""The Dataset reference documents every variable of the projection Dataset."""

from __future__ import annotations

from pathlib import Path

import placebudget as pb
from placebudget.testing import example_case

DATASET_DOC = Path(__file__).parents[2] / "docs" / "reference" / "dataset.md"


def test_every_projection_variable_is_documented() -> None:
    text = DATASET_DOC.read_text(encoding="utf-8")
    documented = {line.split("`")[1] for line in text.splitlines()
                  if line.startswith("| `")}
    assert set(map(str, pb.project(example_case()).dataset.data_vars)) == documented
