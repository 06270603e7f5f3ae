"""The local unit costs importer: found through its entry point, reading a real workbook
written with openpyxl, used by a case, and refusing bad rows with their row numbers."""

from __future__ import annotations

from pathlib import Path

import attrs
import openpyxl
import pytest
from placebudget_local_costs import SHEET, read_local_costs

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.testing import example_case, fresh_plugin_registry

HEADER = ["Code", "Description", "Agency", "Cost", "Per", "Price year", "Value type", "Source"]
ROWS = [
    [
        "WG1",
        "Police call-out to a domestic incident",
        "Police",
        312.5,
        "incident",
        "2015/16",
        "fiscal",
        "Force activity costing, 2016",
    ],
    [
        "WG5",
        "A year on Jobseeker's Allowance, local estimate",
        "DWP",
        9000,
        "person_year",
        2012,
        None,
        "Local benefits analysis, 2013",
    ],
]


def workbook(
    path: Path, rows: list[list[object]], *, sheet: str = SHEET, header: list[str] = HEADER
) -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_registered_through_its_entry_point() -> None:
    with fresh_plugin_registry(autoload=True) as registry:
        provided = registry.importers()["local-costs"]
        assert provided.plugin.distribution == "placebudget-example-local-costs"
        assert provided.spec.kind == "unit_costs"


def test_reads_every_row(tmp_path: Path) -> None:
    database = read_local_costs(workbook(tmp_path / "our-costs.xlsx", ROWS))
    assert database.name == "local:our-costs.xlsx"
    assert sorted(database) == ["WG1", "WG5"]
    call_out = database["WG1"]
    assert (call_out.value.magnitude, str(call_out.value.units)) == (312.5, "GBP / incident")
    assert (call_out.price_year, call_out.agency, call_out.value_type) == (2015, "Police", "fiscal")
    assert database["WG5"].price_year == 2012
    assert database["WG5"].value_type == "fiscal"  # blank means fiscal


def test_a_case_uses_the_workbook(tmp_path: Path) -> None:
    path = workbook(tmp_path / "our-costs.xlsx", ROWS)
    case = example_case()
    (programme,) = case.interventions
    (effect,) = programme.effects
    local = attrs.evolve(
        case,
        unit_costs=str(path),
        interventions=[
            attrs.evolve(programme, effects=[attrs.evolve(effect, fiscal={"dwp": "ucd:WG5"})])
        ],
    )
    with fresh_plugin_registry(autoload=True):
        fiscal = pb.project(local).dataset["fiscal"]
    # 200 × 0.75 engaged × 0.3 × (1 − 0.2) × (1 − 0.2) = 28.8 people into work in
    # 2013/14, each worth £9,000 to DWP at the case's 2012/13 price base
    assert float(fiscal.sel(partner="dwp", year=2013).sum()) == pytest.approx(28.8 * 9000)
    assert float(fiscal.sel(partner="nhs").sum()) == 0.0


def test_bad_rows_are_reported_with_row_and_column(tmp_path: Path) -> None:
    rows = [
        *ROWS,
        ["WG6", "Bad cost", "Council", "about 40", "incident", 2015, None, "x"],
        [None] * 8,  # blank rows are allowed
        ["WG7", "Bad unit", "Council", 12, "widget", "2015/16", None, "x"],
        ["WG8", "Bad year", "Council", 12, "incident", "last year", "moral", "x"],
    ]
    with pytest.raises(ValidationError) as caught:
        read_local_costs(workbook(tmp_path / "bad.xlsx", rows))
    lines = str(caught.value).splitlines()
    assert lines[0] == "cannot read unit costs from bad.xlsx (4 problems):"
    assert lines[1] == "  - Unit costs!row 4.Cost: must be a number of pounds, got 'about 40'"
    assert lines[2].startswith("  - Unit costs!row 6.Cost and Per: is not a known unit")
    assert lines[3].startswith("  - Unit costs!row 7.Price year: must be a financial year")
    assert lines[4] == (
        "  - Unit costs!row 7.Value type: must be one of fiscal, economic, social, got 'moral'"
    )


def test_missing_sheet_and_columns(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"sheet: no such sheet \(sheets: Costs\)"):
        read_local_costs(workbook(tmp_path / "a.xlsx", ROWS, sheet="Costs"))
    with pytest.raises(
        ValidationError,
        match=r"Unit costs!row 1: missing columns Per, "
        r"Price year",
    ):
        read_local_costs(workbook(tmp_path / "b.xlsx", [], header=HEADER[:4]))
    not_a_workbook = tmp_path / "c.xlsx"
    not_a_workbook.write_text("Code,Cost\n")
    with pytest.raises(ValidationError, match=r"is not a readable \.xlsx workbook"):
        read_local_costs(not_a_workbook)
