"""The Dataset reference shows the catalogue's variables, and the catalogue declares
exactly the variables of the projection Dataset and the metrics of the appraisal."""

from __future__ import annotations

from pathlib import Path

import placebudget as pb
from placebudget.engine import appraise
from placebudget.figures import FIGURES, markdown_table
from placebudget.testing import example_case

DATASET_DOC = Path(__file__).parents[2] / "docs" / "reference" / "dataset.md"


def test_every_projection_variable_is_declared_and_documented() -> None:
    projection = pb.project(example_case())
    assert list(FIGURES.of("variable")) == sorted(
        map(str, projection.dataset.data_vars), key=list(FIGURES).index
    )
    assert set(FIGURES.of("variable")) == set(map(str, projection.dataset.data_vars))
    text = DATASET_DOC.read_text(encoding="utf-8")
    assert 'Markdown(markdown_table("variable"))' in text
    assert 'Markdown(markdown_table("metric"))' in text
    table = markdown_table("variable")
    assert all(f"| `{name}` |" in table for name in FIGURES.of("variable"))


def test_every_metric_is_declared() -> None:
    metrics = appraise(pb.project(example_case()).dataset)
    assert set(FIGURES.of("metric")) == set(map(str, metrics.data_vars))
