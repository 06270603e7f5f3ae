"""The Unit Cost Database in its other layouts: .xlsx written from the real workbook,
the third-party CSV extract, CSV in the sheet layout, bad files, and a case that points
at its own database file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import attrs
import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.io.ucd import read_ucd_csv, read_ucd_workbook
from placebudget.reference import deflator_series


@pytest.fixture(scope="module")
def ucd_xlsx(tmp_path_factory: pytest.TempPathFactory, ucd_xls: Path) -> Path:
    """The real workbook's values (every sheet, the cached figures included) saved as
    .xlsx with openpyxl, as a user re-saving it in a newer Excel would have."""
    import xlrd
    from openpyxl import Workbook

    source = xlrd.open_workbook(str(ucd_xls))
    book = Workbook()
    book.remove(book.worksheets[0])
    for name in source.sheet_names():
        sheet, out = source.sheet_by_name(name), book.create_sheet(name)
        for r in range(sheet.nrows):
            out.append([None if v == "" else v for v in sheet.row_values(r)])
    path = tmp_path_factory.mktemp("ucd") / "UnitCostDatabase-v1.2.xlsx"
    book.save(path)
    return path


def test_xlsx_reads_like_the_xls(ucd_xls: Path, ucd_xlsx: Path) -> None:
    xls, xlsx = read_ucd_workbook(ucd_xls), read_ucd_workbook(ucd_xlsx)
    assert xlsx.target_year == xls.target_year == 2014
    assert len(xlsx.rows) == len(xls.rows) == 673
    for a, b in zip(xlsx.rows, xls.rows, strict=True):
        # openpyxl writes floats to 15 significant digits, so the last bit may differ
        assert float(a.cost.value.magnitude) == pytest.approx(float(b.cost.value.magnitude))
        assert attrs.evolve(a.cost, fiscal=b.cost.fiscal) == b.cost
        assert (a.sheet, a.row) == (b.sheet, b.row)
    assert [p.path for p in xlsx.problems] == [p.path for p in xls.problems]
    # the same parity: uprating with the workbook's own table gives its cached figures
    assert xlsx.deflators is not None
    checked = 0
    for row in xlsx.rows:
        if row.updated is not None:
            factor = xlsx.deflators.uprating([row.cost.price_year], 2014)[0]
            assert float(row.cost.value.magnitude) * factor == pytest.approx(row.updated, abs=0.01)
            checked += 1
    assert checked == 672


def test_third_party_csv_extract(shared_data: Path, ucd_xls: Path) -> None:
    folder = shared_data / "unit-cost-database"
    workbook = read_ucd_workbook(ucd_xls).database("xls")
    read = 0
    updated: list[tuple[int, float, float]] = []
    for path in sorted(folder.glob("csv-extract-*.csv")):
        extract = read_ucd_csv(path)
        assert extract.problems == ()
        assert extract.target_year is None
        for row in extract.rows:
            cost = row.cost
            same = [workbook[c] for c in workbook if c.split("#")[0] == cost.code]
            # the extract gives costs in whole pounds (SS2.9: 44 for the workbook's 44.06)
            assert any(
                abs(float(w.value.magnitude) - float(cost.value.magnitude)) <= 0.5
                and w.price_year == cost.price_year
                and w.value.units == cost.value.units
                for w in same
            ), cost.code
            if row.updated is not None and float(cost.value.magnitude) >= 1000:
                updated.append((cost.price_year, float(cost.value.magnitude), row.updated))
        read += len(extract.rows)
    assert read == 673
    # its "updated" figures (whole pounds) come from one target year other than 2014/15:
    # find the year whose deflator ratio explains all of them
    series = deflator_series("ucd-v1.2").values
    fits = [
        target
        for target in series
        if all(
            abs(value * series[target] / series[year] - figure) <= 0.5 + 1e-3 * figure
            for year, value, figure in updated
        )
    ]
    assert fits
    assert 2014 not in fits


def test_csv_in_the_sheet_layout_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "local.csv"
    path.write_text(
        "category,detail,code,description,agency,agency detail,unit,cost,price year,"
        "updated,source,RAG\n"
        'CRIME,LOCAL,LC1.0,"Local police call-out,\nper incident",Police,,Per incident,'
        '"£1,250",2023/24,,Local finance team 2024,G\n'
        "CRIME,LOCAL,LC1.1,Broken row,Police,,Per fortnight,100,2023/24,,x,G\n"
        "too,short\n"
    )
    workbook = read_ucd_csv(path)
    (row,) = workbook.rows
    assert row.cost.code == "LC1.0"
    assert row.cost.description == "Local police call-out, per incident"
    assert float(row.cost.value.magnitude) == 1250
    assert row.cost.rag == "G"
    assert [str(p) for p in workbook.problems] == [
        "local.csv!row 4: not read: 2 columns, expected at least 12, got ['too', 'short']",
        "local.csv!row 1 (code): not read: unit 'unit' is not one placebudget knows; fiscal "
        "cost 'cost' is not a number; fiscal price year 'price year' is not a financial year "
        "such as 2002/03",
        "local.csv!row 3 (LC1.1): not read: unit 'Per fortnight' is not one placebudget knows",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.xlsx", None, r"not a readable \.xlsx"),
        ("text.xlsx", b"this is not a spreadsheet", r"not a readable \.xlsx"),
        ("text.xls", b"this is not a spreadsheet", r"not a readable \.xls"),
        ("binary.csv", b"\x00\x01\x02PK\x03\x04" * 50, r"not a CSV text file"),
        ("empty.csv", b"a,b,c\n", r"holds no unit cost rows"),
    ],
)
def test_bad_files(
    tmp_path: Path, ucd_xlsx: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:  # the first half of a real workbook
        data = ucd_xlsx.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    reader = read_ucd_csv if name.endswith(".csv") else read_ucd_workbook
    with pytest.raises(ValidationError, match=message):
        reader(path)


def test_a_case_can_point_at_its_own_database(
    tmp_path: Path, ucd_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ucd_xlsx, tmp_path / "our-costs.xlsx")
    text = (
        example_path("west_cheshire")
        .read_text()
        .replace('unit_costs = "ucd-v1.2"', 'unit_costs = "our-costs.xlsx"')
    )
    case_path = tmp_path / "case.toml"
    case_path.write_text(text)
    case = pb.load_case(case_path)
    assert case.unit_costs == str((tmp_path / "our-costs.xlsx").resolve())
    ours = pb.project(case).appraise()
    bundled = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    assert pb.load_case(example_path("west_cheshire")).unit_costs == "ucd-v1.2"
    assert ours.pv_fiscal == pytest.approx(bundled.pv_fiscal)  # same figures, other file
    # a missing file is a clear error naming the field
    case_path.write_text(text.replace("our-costs.xlsx", "missing.xlsx"))
    assert main(["validate", str(case_path)]) == 1
    assert re.search(
        r"unit_costs \(line \d+\): is not a bundled database name or a readable "
        "file",
        capsys.readouterr().err,
    )


def test_unit_costs_command_reads_a_file(
    ucd_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["unit-costs", "search", "domestic", "police", "--database", str(ucd_xlsx)]) == 0
    out = capsys.readouterr().out
    assert "CR2.0.3" in out
    assert "3 of 673 lines of " in out
    assert main(["unit-costs", "show", "CR2.0.3"]) == 0
    shown = capsys.readouterr().out
    assert "415.00 GBP / incident" in shown
    assert "RAG rating           A (confidence grade 4)" in shown
    assert main(["unit-costs", "show", "CR7.1.3", "--database", "ucd-v1.2"]) == 1
    assert "choose one of CR7.1.3#1" in capsys.readouterr().err
