"""The monitoring return importer: found through its entry point, reading a real
workbook written with openpyxl (picked over the built-in actuals reader for the same
suffix), evaluated against a case by hand, and refusing bad cells with row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from placebudget_monitoring_return import SHEET, read_monitoring_return

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.testing import example_case, fresh_plugin_registry

HEADER = ["Quarter", "Group", "People", "jsa_into_work", "Cost: council"]


def workbook(path: Path, rows: list[list[object]], *, header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_registered_and_chosen_for_its_layout(tmp_path: Path) -> None:
    path = workbook(tmp_path / "return.xlsx", [["2012/13 Q1", "participants", 150, 6, 40000]])
    with fresh_plugin_registry(autoload=True) as registry:
        provided = registry.importers()["monitoring-return"]
        assert provided.plugin.distribution == "placebudget-example-monitoring-return"
        # the built-in "actuals" importer also reads .xlsx; it refuses this layout first
        assert [s.name for s in registry.importers_for(path, "actuals")] == [
            "actuals",
            "monitoring-return",
        ]
        actuals = registry.load(path, "actuals")
    assert len(actuals.observations) == 3


def test_quarters_become_explicit_part_years(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "return.xlsx",
        [
            ["2012/13 Q1", "participants", 150, 6, 40000],
            ["2012/13 Q2", "participants", 150, 9, None],  # cost not reported: no row
            ["2012/13 Q2", "comparison", 300, 3, None],
        ],
    )
    observations = read_monitoring_return(path).observations
    periods = {(o.year, o.start_month, o.months) for o in observations}
    assert periods == {(2012, 1, 3), (2012, 4, 3)}
    assert [
        (o.group, o.measure, o.outcome, o.partner, o.value)
        for o in observations
        if o.start_month == 1
    ] == [
        ("participants", "people", None, None, 150),
        ("participants", "count", "jsa_into_work", None, 6),
        ("participants", "cost", None, "council", 40000),
    ]
    assert not any(o.measure == "cost" for o in observations if o.start_month == 4)


def test_evaluated_by_hand(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "return.xlsx",
        [
            ["2012/13 Q1", "participants", 150, 6, 40000],
            ["2012/13 Q1", "comparison", 300, 18, None],
        ],
    )
    evaluation = pb.evaluate(pb.project(example_case()), read_monitoring_return(path))
    row = evaluation.outcomes.iloc[0]
    # rates per person-year over a quarter: 6 / (150 × 3/12) and 18 / (300 × 3/12)
    assert row["observed_rate"] == pytest.approx(0.16)
    assert row["counterfactual_rate"] == pytest.approx(0.24)
    assert row["share_of_year"] == pytest.approx(0.25)
    assert row["actual_change"] == pytest.approx((0.24 - 0.16) * 150 * 0.25)
    assert row["net_impact_observed"] == pytest.approx(1 - 0.16 / 0.24)


def test_bad_cells_are_reported_with_row_and_column(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bad.xlsx",
        [
            ["2012/13 Q5", "participants", 150, 6, 40000],
            ["2012/13 Q2", "participant", 150, -1, 40000],
        ],
    )
    with pytest.raises(ValidationError) as caught:
        read_monitoring_return(path)
    message = str(caught.value)
    assert message.startswith("cannot read the return bad.xlsx (")
    assert (
        "Quarterly return!row 2.Quarter: must be a financial year and quarter such as "
        "'2024/25 Q1', got '2012/13 Q5'"
    ) in message
    assert "Quarterly return!row 3.People.group: must be one of participants, comparison" in message
    assert "Quarterly return!row 3.jsa_into_work.value" in message


def test_missing_columns(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx", [], header=["Quarter", "People"])
    with pytest.raises(ValidationError, match=r"Quarterly return!row 1: missing column Group"):
        read_monitoring_return(path)
