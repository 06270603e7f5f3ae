"""The Unit Cost Database v1.4 workbook read for real: columns by header text, fiscal,
economic and social values, transfer payments from the cell comments, line structure and
the workbook's own cached "updated" figures as the parity target."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from placebudget.errors import ValidationError
from placebudget.io.ucd import UcdColumns, parse_transfer_comment, read_ucd_csv, read_ucd_workbook
from placebudget.reference import unit_costs
from placebudget.reference.unit_costs import transfer_statements


@pytest.fixture(scope="module")
def v14(ucd_v14: Path):  # type: ignore[no-untyped-def]
    return read_ucd_workbook(ucd_v14)


def test_every_cached_figure_is_reproduced(v14) -> None:  # type: ignore[no-untyped-def]
    assert v14.edition == "v1.4"
    assert v14.target_year == 2015  # Lookups "Current Year" reads 2015/16
    assert v14.deflators.name == "ucd-v1.4-workbook"
    checked = {"fiscal": 0, "economic": 0, "social": 0}
    for row in v14.rows:
        for kind, cached in row.updated_values.items():
            priced = row.cost.amount_of(kind)
            factor = v14.deflators.uprating([priced.price_year], v14.target_year)[0]
            assert float(priced.amount.magnitude) * factor == pytest.approx(cached, abs=0.01), (
                row.sheet,
                row.row,
                row.cost.code,
                kind,
            )
            checked[kind] += 1
    assert sum(checked.values()) == 778
    assert checked["economic"] > 0
    assert checked["social"] > 0
    assert len(v14.rows) == 683
    # the one row not read is a note without a cost code, reported with where it is
    (problem,) = v14.problems
    assert "no cost code" in problem.message
    assert "!row" in problem.path


def test_forecast_deflator_years_are_flagged(v14) -> None:  # type: ignore[no-untyped-def]
    assert sorted(v14.deflators.forecast) == [2014, 2015, 2016, 2017, 2018, 2019]
    assert v14.deflators.status(2013) == "outturn"
    assert v14.deflators.status(2015) == "forecast"


def test_values_of_each_kind_and_the_line_structure(v14) -> None:  # type: ignore[no-untyped-def]
    db = v14.database("ucd-v1.4")
    jsa = db["E&E1.0"]
    assert float(jsa.amount_of("fiscal").amount.magnitude) == 9_800
    assert float(jsa.amount_of("economic").amount.magnitude) == 14_044
    assert jsa.social is None
    assert jsa.rag == "G"
    assert (jsa.level, jsa.parent, jsa.components) == ("headline", None, ("E&E1.0.1", "E&E1.0.2"))
    assert (db["E&E1.0.1"].level, db["E&E1.0.1"].parent) == ("constituent", "E&E1.0")
    assert db["E&E1.1"].level == "subsidiary"
    # an economic-only line (trainee productivity) reads with no fiscal value or agency
    assert db["E&S8.1"].value_types == ("economic",)


def test_constituents_add_up_to_their_headline(v14) -> None:  # type: ignore[no-untyped-def]
    # Guidance sheet: constituent costs are those the parent cost is derived from; where
    # every constituent is in the parent's prices and unit, they sum to it
    db = v14.database("ucd-v1.4")
    summed = 0
    for line in db.values():
        parts = [db[c] for c in line.components]
        if not parts or line.fiscal is None or any(p.fiscal is None for p in parts):
            continue
        if any(
            p.fiscal.price_year != line.fiscal.price_year  # type: ignore[union-attr]
            or p.fiscal.amount.units != line.fiscal.amount.units  # type: ignore[union-attr]
            for p in parts
        ):
            continue
        total = sum(float(p.fiscal.amount.magnitude) for p in parts)  # type: ignore[union-attr]
        if total == pytest.approx(float(line.fiscal.amount.magnitude), rel=0.01):
            summed += 1
    assert db["E&E1.0"].components == ("E&E1.0.1", "E&E1.0.2")  # 9,800 = 9,234 + 566
    assert summed >= 10


def test_transfers_come_from_the_fiscal_value_comments(v14) -> None:  # type: ignore[no-untyped-def]
    stated = {s.code: s.amount for s in v14.transfers}
    assert stated["E&E1.0"] == 9_234
    assert stated["E&E2.0"] == 7_500
    assert stated["E&E3.0"] == 7_004
    assert [c for c, a in stated.items() if a is None] == [
        "E&S5.0",
        "E&S6.0",
        "E&S7.0",
        "E&S8.0",
        "E&S9.0",
        "E&S10.0",
        "E&S11.0",
        "E&S12.0",
        "E&S13.0",
    ]
    db = v14.database()
    assert db["E&E1.0"].transfer == pytest.approx(9_234 / 9_800)
    assert db["E&E1.0.1"].transfer == 1.0  # benefits payments: wholly a transfer
    assert db["E&E1.0.2"].transfer == 0.0  # improved health: a real saving to the NHS
    assert db["E&S5.0"].transfer == 1.0
    # the bundled statements (used for editions without comments) are these
    assert {(s.code, s.amount) for s in transfer_statements()} == set(stated.items())


def test_the_bundled_tables_are_the_workbooks(ucd_v14: Path, ucd_xls: Path) -> None:
    for name, path in (("ucd-v1.4", ucd_v14), ("ucd-v1.2", ucd_xls)):
        fresh = read_ucd_workbook(path).database(name)
        bundled = unit_costs(name)
        assert list(fresh) == list(bundled), name
        for code in fresh:
            a, b = fresh[code], bundled[code]
            assert a.value_types == b.value_types, code
            for kind in a.value_types:
                pa, pb_ = a.amount_of(kind), b.amount_of(kind)
                assert float(pa.amount.magnitude) == pytest.approx(float(pb_.amount.magnitude))
                assert (pa.amount.units, pa.price_year) == (pb_.amount.units, pb_.price_year)
            assert (a.agency, a.rag, a.transfer, a.level, a.parent, a.components) == (
                b.agency,
                b.rag,
                b.transfer,
                b.level,
                b.parent,
                b.components,
            ), code


def test_v12_takes_the_v14_transfers_for_the_same_codes(ucd_xls: Path) -> None:
    db = read_ucd_workbook(ucd_xls).database()
    assert db["E&E1.0"].transfer == pytest.approx(9_234 / 9_800)
    assert db["E&E1.0.1"].transfer == 1.0
    assert db["E&S5.0"].transfer == 1.0


def test_parse_transfer_comment() -> None:
    assert parse_transfer_comment(
        "the £7,500 fiscal benefit to DWP should be excluded, as it is a transfer payment"
    ) == (True, 7500.0)
    assert parse_transfer_comment("") == (False, None)


def _sheet_workbook(path: Path, header: list[list[object]], rows: list[list[object]]) -> Path:
    book = Workbook()
    book.remove(book.worksheets[0])
    for name in ("Guidance", "Crime", "Lookups"):
        book.create_sheet(name)
    book["Guidance"].append(["Unit Cost Database (v.9.9): Guidance"])
    for row in header + rows:
        book["Crime"].append(row)
    lookups = book["Lookups"]
    for _ in range(8):
        lookups.append([])
    lookups.append(
        [None] * 10
        + ["Current Year", None, "Year", "% change on previous year", "decimal", "GDP cumulative"]
    )
    lookups.append([None] * 12 + ["2019/20", 1.0, 0.01, 100.0])
    lookups.append([None] * 10 + ["2020/21", "f", "2020/21", 2.0, 0.02, 102.0])
    book.save(path)
    return path


def test_a_later_edition_with_moved_columns_reads_by_header(tmp_path: Path) -> None:
    header = [
        [
            "Cost code",
            "Unit",
            "Cost / saving detail",
            "Social value",
            None,
            None,
            "Fiscal value",
            None,
            None,
            "RAG assessment",
            "Agency bearing the cost / making the fiscal saving",
            None,
        ],
        [
            None,
            None,
            None,
            "Estimated cost/saving",
            "Year",
            "Updated cost/saving",
            "Estimated cost/saving",
            "Year",
            "Updated cost/saving",
            None,
            "Level 1",
            "Level 2",
        ],
    ]
    rows = [
        [
            "CR1.0",
            "Per incident",
            "An incident",
            50,
            "2019/20",
            51,
            100,
            "2019/20",
            102,
            "A",
            "Police",
            None,
        ]
    ]
    workbook = read_ucd_workbook(
        _sheet_workbook(tmp_path / "v9.xlsx", header, rows), sheets=["Crime"]
    )
    (row,) = workbook.rows
    assert workbook.edition == "v9.9"
    assert workbook.deflators.name == "ucd-v9.9-workbook"
    assert sorted(workbook.deflators.forecast) == [2020]
    assert workbook.target_year == 2020
    assert float(row.cost.amount_of("fiscal").amount.magnitude) == 100
    assert float(row.cost.amount_of("social").amount.magnitude) == 50
    assert (row.cost.agency, row.cost.rag) == ("Police", "A")
    assert row.updated_values == {"fiscal": 102, "social": 51}


def test_a_sheet_whose_headers_cannot_be_placed_is_refused(tmp_path: Path) -> None:
    header = [
        ["Outcome category", "Description", "Unit", "Fiscal value", None, None],
        [None, None, None, "Estimated cost/saving", "Year", "Updated cost/saving"],
    ]
    path = _sheet_workbook(
        tmp_path / "bad.xlsx", header, [["X", "Y", "Per incident", 1, "2019/20", 1]]
    )
    with pytest.raises(ValidationError) as info:
        read_ucd_workbook(path, sheets=["Crime"])
    message = str(info.value)
    assert "bad.xlsx!Crime" in message
    assert "missing: code, description" in message
    assert "found: outcome category; description; unit; fiscal value" in message
    assert "expected: outcome category; outcome detail; cost code" in message


def test_a_workbook_with_no_cost_lines_raises(tmp_path: Path) -> None:
    header = [
        ["Cost code", "Cost / saving detail", "Unit", "Fiscal value", None, None],
        [None, None, None, "Estimated cost/saving", "Year", "Updated cost/saving"],
    ]
    path = _sheet_workbook(
        tmp_path / "empty.xlsx", header, [["CR1.0", "Galaxy", "Per galaxy", 1, "2019/20", 1]]
    )
    with pytest.raises(ValidationError, match="holds no unit cost lines") as info:
        read_ucd_workbook(path, sheets=["Crime"])
    assert "unit 'Per galaxy' is not one placebudget knows" in str(info.value)


def test_a_headed_csv_in_the_v14_layout(tmp_path: Path) -> None:
    path = tmp_path / "ours.csv"
    path.write_text(
        "Outcome category,Outcome detail,Cost code,Cost / saving detail,Unit,"
        "Agency bearing the cost / making the fiscal saving,,Fiscal value,,,Economic value,"
        ",,Social value,,,Original source,RAG assessment\n"
        ",,,,,Level 1,Level 2,Estimated cost/saving,Year,Updated cost/saving,"
        "Estimated cost/saving,Year,Updated cost/saving,Estimated cost/saving,Year,"
        "Updated cost/saving,,\n"
        "CRIME,LOCAL,LC1.0,Local call-out,Per incident,Police,,300,2023/24,,,,,25,2023/24,,"
        "Local finance team,G\n",
        encoding="utf-8",
    )
    (row,) = read_ucd_csv(path).rows
    assert row.cost.value_types == ("fiscal", "social")
    assert float(row.cost.amount_of("social").amount.magnitude) == 25


def test_ucd_columns_expected_lists_every_field() -> None:
    assert "cost code" in UcdColumns.EXPECTED


def test_a_plugin_import_with_no_cost_lines_raises(tmp_path: Path) -> None:
    import placebudget as pb
    from placebudget.plugin import ImporterSpec
    from placebudget.reference import UnitCostDatabase
    from placebudget.testing import fresh_plugin_registry

    class Nothing:
        @pb.hookimpl
        def placebudget_importers(self) -> list[ImporterSpec]:
            return [
                ImporterSpec(
                    name="nothing",
                    kind="unit_costs",
                    suffixes=(".costs",),
                    description="Reads no lines.",
                    load=lambda path: UnitCostDatabase("nothing", {}),
                )
            ]

    path = tmp_path / "ours.costs"
    path.write_text("nothing here")
    with (
        fresh_plugin_registry(Nothing()) as registry,
        pytest.raises(ValidationError, match=r"ours\.costs: holds no unit cost lines"),
    ):
        pb.unit_costs(str(path), registry=registry)
