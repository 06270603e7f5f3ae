"""Hostile tables for the importers (issue 42, findings 1, 2 and 11): sparse-cell workbook
bombs, a million rows of a valid-looking database, oversized CSV files of every importer,
malformed or entity-laden sheet XML and a symbolic link loop in a case's ``unit_costs``.
Generated here in ``tmp_path`` (nothing large is committed) and run through the real
command line in a subprocess under a 4 GiB address-space cap and a timeout, as
``test_hostile.py`` does: each must end in one clear message naming the file and a
non-zero exit, never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import copy
import json
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _hostile import cli
from openpyxl import Workbook

from placebudget.examples import example_path

BASE: dict[str, Any] = tomllib.loads(example_path("troubled_families").read_text())
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _case_with(folder: Path, **changes: Any) -> str:
    data = copy.deepcopy(BASE)
    data.update(changes)
    (folder / "case.json").write_text(json.dumps(data), encoding="utf-8")
    return "case.json"


def _workbook(path: Path, sheet_xml: Callable[[], Iterator[bytes]]) -> Path:
    """A workbook whose first sheet (``Crime``) is the XML ``sheet_xml`` yields."""
    book = Workbook()
    book.active.title = "Crime"
    book.active["A1"] = "Cost code"
    book.save(path)
    plain = path.with_suffix(".plain.xlsx")
    path.rename(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as member:
                    for chunk in sheet_xml():
                        member.write(chunk)
            else:
                out.writestr(info, source.read(info))
    plain.unlink()
    return path


def _sheet(rows: Iterator[bytes], dimension: str | None = None) -> Callable[[], Iterator[bytes]]:
    def xml() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}">'.encode()
        if dimension:
            yield f'<dimension ref="{dimension}"/>'.encode()
        yield b"<sheetData>"
        yield from rows
        yield b"</sheetData></worksheet>"

    return xml


def _one_cell(ref: str, row: int, dimension: str | None) -> Callable[[], Iterator[bytes]]:
    cells = iter(
        [
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>Cost code</t></is></c></row>',
            f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode(),
        ]
    )
    return _sheet(cells, dimension)


def _million_rows() -> Iterator[bytes]:
    for start in range(1, 1_000_001, 10_000):
        yield b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r)
            for r in range(start, start + 10_000)
        )


def _bomb(ref: str, row: int, dimension: str | None) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        _workbook(folder / "far.xlsx", _one_cell(ref, row, dimension))
        return ["unit-costs", "search", "police", "--database", "far.xlsx"]

    return make


def _case_naming_a_bomb(folder: Path) -> list[str]:
    _workbook(folder / "far.xlsx", _one_cell("XFD1048576", 1048576, None))
    return ["validate", _case_with(folder, unit_costs="far.xlsx")]


def _million_row_workbook(folder: Path) -> list[str]:
    _workbook(folder / "big.xlsx", _sheet(_million_rows()))
    return ["unit-costs", "search", "police", "--database", "big.xlsx"]


_UCD_LINE = "CRIME,LOCAL,LC{0}.0,Local call-out,Police,,Per incident,300,2013/14,310,Local team,G\n"


def _lines(path: Path, header: str, line: str, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        for start in range(0, count, 10_000):
            handle.write("".join(line.format(i) for i in range(start, start + 10_000)))


def _million_row_csv(folder: Path) -> list[str]:
    _lines(folder / "costs.csv", "", _UCD_LINE, 1_000_000)
    return ["unit-costs", "search", "police", "--database", "costs.csv"]


def _million_row_csv_in_a_case(folder: Path) -> list[str]:
    _lines(folder / "costs.csv", "", _UCD_LINE, 1_000_000)
    return ["validate", _case_with(folder, unit_costs="costs.csv")]


def _million_deflator_years(folder: Path) -> list[str]:
    _lines(folder / "d.csv", "financial year,index\n", "2024/25,99.5\n", 1_000_000)
    return ["validate", _case_with(folder, deflators={"file": "d.csv"})]


def _million_actuals(folder: Path) -> list[str]:
    header = "year,months,group,measure,outcome,partner,value\n"
    _lines(folder / "a.csv", header, "2013,6,participants,people,,,150\n", 1_000_000)
    return ["evaluate", _case_with(folder), "a.csv"]


def _overlapping_actuals(folder: Path) -> list[str]:
    header = "year,months,group,measure,outcome,partner,value\n"
    _lines(folder / "a.csv", header, "2013,6,participants,people,,,150\n", 40_000)
    return ["evaluate", _case_with(folder), "a.csv"]


def _malformed_xml(folder: Path) -> list[str]:
    _workbook(folder / "bad.xlsx", lambda: iter([b"<worksheet><sheetData><row>"]))
    return ["unit-costs", "search", "police", "--database", "bad.xlsx"]


def _entities(folder: Path) -> list[str]:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="' + _MAIN.encode() + b'"><sheetData><row r="1"><c r="A1" '
        b't="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    _workbook(folder / "dtd.xlsx", lambda: iter([laughs]))
    return ["unit-costs", "search", "police", "--database", "dtd.xlsx"]


def _unit_costs_loop(folder: Path) -> list[str]:
    (folder / "a.xlsx").symlink_to(folder / "b.xlsx")
    (folder / "b.xlsx").symlink_to(folder / "a.xlsx")
    return ["validate", _case_with(folder, unit_costs="a.xlsx")]


CORPUS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "one cell at XFD1048576, declared": (
        _bomb("XFD1048576", 1048576, "A1:XFD1048576"),
        "declares cells up to A1:XFD1048576, more than the limit",
    ),
    "one cell at XFD1048576, undeclared": (
        _bomb("XFD1048576", 1048576, None),
        "past the limit of 50,000 rows",
    ),
    "one cell at XFD1, undeclared": (_bomb("XFD1", 1, None), "past the limit of 1,024 columns"),
    "one cell at A1048576, undeclared": (
        _bomb("A1048576", 1048576, None),
        "has a row numbered 1,048,576, past the limit of 50,000 rows",
    ),
    "a case naming a workbook bomb": (_case_naming_a_bomb, "past the limit"),
    "a million-row workbook": (_million_row_workbook, "past the limit of 50,000 rows"),
    "a million-row unit cost CSV": (_million_row_csv, "more than the limit of 50,000 rows"),
    "a case naming a million-row unit cost CSV": (
        _million_row_csv_in_a_case,
        "more than the limit of 50,000 rows",
    ),
    "a million deflator years": (_million_deflator_years, "more than the limit of 1,001 rows"),
    "a million actuals": (_million_actuals, "more than the limit of 50,001 rows"),
    "forty thousand overlapping actuals": (_overlapping_actuals, "overlaps row 2"),
    "malformed sheet XML": (_malformed_xml, "bad.xlsx"),
    "entities in sheet XML": (_entities, "refused for safety"),
    "a symlink loop in unit_costs": (
        _unit_costs_loop,
        "unit_costs: cannot be read (a loop of symbolic links)",
    ),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_table(name: str, tmp_path: Path) -> None:
    make, expected = CORPUS[name]
    run = cli(*make(tmp_path), cwd=tmp_path)
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "RuntimeError" not in output, output[-3000:]
    assert run.returncode == 1, output[-3000:]
    assert expected in output, output[-3000:]


def test_a_places_table_past_its_limit_is_refused(tmp_path: Path) -> None:
    _lines(tmp_path / "places.csv", "place,intake_scale\n", "p{0},1.0\n", 1_000_000)
    name = _case_with(tmp_path)
    run = cli("aggregate", name, "places.csv", cwd=tmp_path)
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output[-3000:]
    assert run.returncode != 0, output[-3000:]
    assert "places.csv" in output, output[-3000:]
    assert "more than the limit of 100,001 rows" in output, output[-3000:]
