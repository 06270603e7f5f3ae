"""Actuals files: CSV and Excel read back, and bad rows named by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from placebudget.errors import ValidationError
from placebudget.examples import actuals_path
from placebudget.io.actuals import load_actuals, write_actuals_csv
from placebudget.plugin import get_plugin_registry


def test_example_actuals() -> None:
    actuals = load_actuals(actuals_path("west_cheshire"))
    assert len(actuals.observations) == 12
    assert actuals.has_comparison
    first = actuals.observations[0]
    assert (first.period, first.measure, first.value) == ("2013/14 months 1-6", "people", 105)
    assert get_plugin_registry().importer_for(actuals_path(), "actuals").name == "actuals"


def test_csv_round_trip_and_excel(tmp_path: Path) -> None:
    from openpyxl import Workbook

    actuals = load_actuals(actuals_path())
    write_actuals_csv(actuals, tmp_path / "again.csv")
    assert load_actuals(tmp_path / "again.csv").observations == actuals.observations
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["year", "months", "group", "measure", "outcome", "partner", "value"])
    sheet.append([2013, 6, "participants", "people", None, None, 105])
    sheet.append([2013, 6, "participants", "count", "repeat_domestic_abuse", None, 105])
    book.save(tmp_path / "actuals.xlsx")
    read = load_actuals(tmp_path / "actuals.xlsx")
    assert [o.value for o in read.observations] == [105, 105]
    assert read.observations[1].outcome == "repeat_domestic_abuse"


def test_bad_rows_are_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "year,months,group,measure,outcome,partner,value\n"
        "2013,6,participants,people,,,150\n"
        "2013,6,participants,count,repeat_domestic_abuse,,-4\n"
        "2013,6,control,people,,,10\n"
        "2013,14,participants,cost,,council,1000\n"
        "2013,x,participants,people,,,1\n"
    )
    with pytest.raises(ValidationError) as info:
        load_actuals(path)
    found = [str(p) for p in info.value.problems]
    assert found == [
        "bad.csv!row 3.value: must be zero or more, got -4.0",
        "bad.csv!row 4.group: must be one of participants, comparison, got 'control'",
        "bad.csv!row 5.months: must be a month of the financial year, 1 (April) to 12 "
        "(March), got 14",
        "bad.csv!row 6.months: must be a month of the financial year, 1 (April) to 12 "
        "(March), got 'x'",
    ]


def test_overlaps_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "overlap.csv"
    path.write_text(
        "year,start_month,months,group,measure,value\n"
        "2013,1,6,participants,people,150\n"
        "2013,4,6,participants,people,160\n"
    )
    with pytest.raises(
        ValidationError,
        match=r"overlap\.csv!row 3: overlaps row 2 "
        r"\(participants people\), got '2013/14 months 4-9'",
    ):
        load_actuals(path)
    path.write_text("year,group,measure,amount\n2013,participants,people,1\n")
    with pytest.raises(ValidationError) as info:
        load_actuals(path)
    assert [str(p) for p in info.value.problems] == [
        "overlap.csv!row 1: has unknown columns (allowed: year, start_month, months, group, "
        "measure, outcome, partner, value, source), got ['amount']",
        "overlap.csv!row 1: lacks the columns, got ['value']",
    ]
    (tmp_path / "fake.xlsx").write_text("no")
    with pytest.raises(ValidationError, match=r"not a readable \.xlsx"):
        load_actuals(tmp_path / "fake.xlsx")
