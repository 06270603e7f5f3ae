"""Tables read within their limits (issue 42): rows streamed and refused at the limit
without reading further, declared and real sheet sizes checked before openpyxl builds a
cell, XML errors the file's error, a symbolic link loop named by its field."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from placebudget.errors import ValidationError
from placebudget.io import places
from placebudget.io._workbooks import check_sheets, csv_rows, sheet_rows
from placebudget.io.actuals import load_actuals
from placebudget.io.deflators import read_deflators
from placebudget.io.limits import resolve_input
from placebudget.io.ucd import read_ucd_csv

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_sheet(path: Path, xml: bytes) -> Path:
    book = Workbook()
    book.active["A1"] = "x"
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            out.writestr(info, data)
    return path


def _sheet(body: str, dimension: str = "") -> bytes:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<worksheet xmlns="{_MAIN}">{declared}<sheetData>{body}</sheetData></worksheet>'.encode()
    )


def test_a_csv_is_refused_at_its_row_limit_without_reading_further(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    # past the limit the file is not even UTF-8: had it been read, that would be the error
    path.write_bytes(b"a,b\n1,2\n" + b"3,4\n" * 100_000 + b"\xff\xfe\n")
    with pytest.raises(ValidationError, match="more than the limit of 2 rows") as info:
        csv_rows(path, max_rows=2)
    assert str(path) in str(info.value)


def test_a_csv_row_past_the_column_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("," * 1024 + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="1,025 columns on line 1, more than the limit"):
        csv_rows(path)


def test_a_csv_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"a,b\x00\n")
    with pytest.raises(ValidationError, match="holds NUL bytes"):
        csv_rows(path)


def test_a_windows_1252_unit_cost_csv_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    path.write_bytes(
        b"CRIME,LOCAL,LC1.0,Local call-out \x96 night,Police,,Per incident,300,2013/14,310,"
        b"Local team,G\n"
    )
    (row,) = read_ucd_csv(path).rows
    assert "\u2013" in row.cost.description


@pytest.mark.parametrize(
    ("body", "dimension", "expected"),
    [
        ('<row r="1"><c r="XFD1048576"/></row>', "A1:XFD1048576", "declares cells up to"),
        ('<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "", "row numbered 1,048,576"),
        ('<row r="1"><c r="XFD1"><v>1</v></c></row>', "", "cell at XFD1, past the limit"),
        ('<row r="1"><c r="ABCD1"><v>1</v></c></row>', "", "cell at ABCD1, past the limit"),
    ],
)
def test_a_sparse_sheet_is_refused_before_openpyxl_reads_it(
    tmp_path: Path, body: str, dimension: str, expected: str
) -> None:
    path = _with_sheet(tmp_path / "far.xlsx", _sheet(body, dimension))
    with pytest.raises(ValidationError, match=expected) as info:
        sheet_rows(path)
    assert "far.xlsx" in str(info.value)


def test_a_sheet_past_the_cell_limit_is_refused(tmp_path: Path) -> None:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 30))
    path = _with_sheet(tmp_path / "many.xlsx", _sheet(body))
    with pytest.raises(ValidationError, match="more than the limit of 10 cells"):
        check_sheets(path, max_cells=10)
    check_sheets(path, max_cells=100)  # within it


def test_a_sheet_within_its_limits_is_read(tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>'
    path = _with_sheet(tmp_path / "ok.xlsx", _sheet(body, "A1:B3"))
    assert sheet_rows(path) == [(1, None), (None, None), (None, 2)]


def test_a_sheet_past_a_small_row_limit_is_refused_while_read(tmp_path: Path) -> None:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 12))
    path = _with_sheet(tmp_path / "rows.xlsx", _sheet(body))
    with pytest.raises(ValidationError, match="row numbered 11, past the limit of 10 rows"):
        sheet_rows(path, max_rows=10)


def test_malformed_sheet_xml_is_the_files_error(tmp_path: Path) -> None:
    path = _with_sheet(tmp_path / "bad.xlsx", b"<worksheet><sheetData><row>")
    with pytest.raises(ValidationError, match=r"is not a readable \.xlsx workbook") as info:
        sheet_rows(path)
    assert "bad.xlsx" in str(info.value)


def test_entities_in_sheet_xml_are_refused(tmp_path: Path) -> None:
    xml = (
        b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet xmlns="'
        + _MAIN.encode()
        + b'"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    path = _with_sheet(tmp_path / "dtd.xlsx", xml)
    with pytest.raises(ValidationError, match="refused for safety"):
        sheet_rows(path)


def test_openpyxl_parses_with_defusedxml() -> None:
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML


def test_a_deflator_file_past_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("financial year,index\n" + "2024/25,99.5\n" * 1001, encoding="utf-8")
    with pytest.raises(ValidationError, match="more than the limit of 1,001 rows"):
        read_deflators(path)


def test_places_past_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "MAX_PLACES", 3)
    path = tmp_path / "places.csv"
    path.write_text("place,x\na,1\nb,1\nc,1\n", encoding="utf-8")
    assert len(places.read_places(path)) == 3
    path.write_text("place,x\na,1\nb,1\nc,1\nd,1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="more than the limit of 4 rows"):
        places.read_places(path)


def test_overlapping_actuals_are_found_by_sorting_and_listed_briefly(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    header = "year,months,group,measure,outcome,partner,value\n"
    path.write_text(header + "2013,6,participants,people,,,150\n" * 5000, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_actuals(path)
    problems = info.value.problems
    assert problems[0].path == "a.csv!row 3"
    assert "overlaps row 2 (participants people)" in problems[0].message
    assert len(problems) == 21
    assert problems[-1].message == "has more overlapping figures, not listed"


def test_actuals_that_do_not_overlap_are_read(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "year,start_month,months,group,measure,outcome,partner,value\n"
        "2013,1,6,participants,people,,,150\n"
        "2013,7,6,participants,people,,,140\n"
        "2013,1,12,comparison,people,,,300\n",
        encoding="utf-8",
    )
    assert len(load_actuals(path).observations) == 3


def test_a_symlink_loop_is_named_by_its_field(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")
    with pytest.raises(ValidationError) as info:
        resolve_input(tmp_path / "a.xlsx", field="unit_costs", source="case.toml")
    (problem,) = info.value.problems
    assert problem.path == "case.toml: unit_costs"
    assert problem.message == "cannot be read (a loop of symbolic links)"


def test_a_case_study_file_with_a_unit_costs_loop_is_a_clear_error(tmp_path: Path) -> None:
    from placebudget.io.case_studies import load_case_studies

    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")
    path = tmp_path / "families.toml"
    path.write_text('unit_costs = "a.xlsx"\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="unit_costs: cannot be read"):
        load_case_studies(path)
