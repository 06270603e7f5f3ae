"""The live Excel model read back as a case: through the case importer hook (the command
line's run, validate and compare, ``pb.load_case``), ``run model.xlsx -o case.toml``, and
what is refused — input cells edited into an invalid case (each problem named by its
sheet, cell and field, all at once, nothing written), a workbook whose structure was
changed (named by its sheet and cell), a workbook placebudget did not write, and hostile
workbooks (sizes checked before parsing, time and memory bounded)."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.io.model_workbook import MARKER_SHEET, load_model_workbook
from placebudget.report.workbook import write_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model") / "model.xlsx"
    write_workbook(
        pb.compute_results(pb.project(pb.load_case(example_path("troubled_families")))), path
    )
    return path


def _edited(source: Path, target: Path, edit: Any) -> Path:
    from openpyxl import load_workbook

    book = load_workbook(source)
    edit(book)
    book.save(target)
    return target


def _named(book: Any, name: str, index: int = 0) -> Any:
    ((title, reference),) = list(book.defined_names[name].destinations)
    found = book[title][reference.replace("$", "")]
    return found if not isinstance(found, tuple) else found[index][0]


def _problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        pb.load_case(path)
    return [str(p) for p in raised.value.problems]


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


# -- through the importer hook and the command line ------------------------------------------
def test_the_model_is_a_case_importer() -> None:
    from placebudget.plugin import get_plugin_registry

    spec = get_plugin_registry().importer("model-workbook")
    assert spec.kind == "case"
    assert spec.suffixes == (".xlsx",)


def test_run_validate_and_compare_read_the_model(
    written: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = pb.load_case(example_path("troubled_families"))
    assert main(["validate", str(written)]) == 0
    assert "valid (1 intervention," in capsys.readouterr().out
    assert main(["run", str(written)]) == 0
    assert case.name in capsys.readouterr().out
    toml = tmp_path / "case.toml"
    assert main(["run", str(written), "-o", str(toml)]) == 0
    assert f"Case written to {toml}" in capsys.readouterr().out
    assert pb.load_case(toml) == case
    for suffix in (".json", ".yaml"):
        other = tmp_path / f"case{suffix}"
        assert main(["run", str(written), "-o", str(other)]) == 0
        assert pb.load_case(other) == case
    assert main(["compare", str(written), str(toml)]) == 0
    assert "The cases have the same inputs." in capsys.readouterr().out


def test_an_edited_model_runs_as_its_edited_case(written: Path, tmp_path: Path) -> None:
    path = _edited(
        written,
        tmp_path / "edited.xlsx",
        lambda book: setattr(_named(book, "effect_impact"), "value", 0.5),
    )
    read = load_model_workbook(path)
    assert read.interventions[0].effects[0].impact == 0.5
    assert main(["run", str(path), "-o", str(tmp_path / "report.md")]) == 0


# -- bad input --------------------------------------------------------------------------------
def test_an_impact_past_the_validation_is_refused_naming_cell_and_field(
    written: Path, tmp_path: Path
) -> None:
    path = _edited(
        written,
        tmp_path / "bad.xlsx",
        lambda book: setattr(_named(book, "effect_impact"), "value", 4.5),
    )
    assert _problems(path) == [
        "Inputs!F25: interventions[0].effects[0].impact: must be within [0, 1], got 4.5"
    ]


def test_every_problem_is_found_at_once(written: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        _named(book, "effect_impact").value = 4.5  # past the validation
        _named(book, "effect_deadweight", 1).value = "a third"  # text in a number cell
        _named(book, "engagement").value = "=0.8*1"  # a formula injected
        _named(book, "economic_price_year").value = None  # a year deleted
        _named(book, "effect_lag", 2).value = 1.5

    found = _problems(_edited(written, tmp_path / "bad.xlsx", edit))
    assert found == [
        "Inputs!C21: interventions[0].engagement: holds a formula: an input cell takes a "
        "value (placebudget never evaluates a formula it reads), got '=0.8*1'",
        "Inputs!Q25: interventions[0].effects[0].economic.price_year: is empty: give a number",
        "Inputs!F25: interventions[0].effects[0].impact: must be within [0, 1], got 4.5",
        "Inputs!G26: interventions[0].effects[1].deadweight: must be a number, got 'a third'",
        "Inputs!L27: interventions[0].effects[2].lag: must be a whole number, got 1.5",
    ]


def test_a_case_file_says_the_same(tmp_path: Path) -> None:
    """The same problem in a case file: the same message, by its line there."""
    text = example_path("troubled_families").read_text()
    path = tmp_path / "case.toml"
    path.write_text(text.replace("impact = 0.35", "impact = 4.5", 1))
    with pytest.raises(ValidationError) as raised:
        pb.load_case(path)
    (problem,) = raised.value.problems
    assert (problem.path, problem.message, problem.value) == (
        "interventions[0].effects[0].impact",
        "must be within [0, 1]",
        4.5,
    )


def test_a_bad_model_writes_nothing(written: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    _edited(
        written,
        folder / "bad.xlsx",
        lambda book: setattr(_named(book, "effect_impact"), "value", 4.5),
    )
    before = _snapshot(folder)
    for output in ("report.xlsx", "case.toml"):
        assert main(["run", str(folder / "bad.xlsx"), "-o", str(folder / output)]) == 1
    assert _snapshot(folder) == before


def test_a_price_year_without_deflator_is_named_by_its_cell(
    written: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _edited(
        written,
        tmp_path / "bad.xlsx",
        lambda book: setattr(_named(book, "economic_price_year"), "value", 1900),
    )
    assert main(["validate", str(path)]) == 1
    assert (
        "Inputs!Q25: interventions[0].effects[0].economic.price_year: has no GDP "
        "deflator" in capsys.readouterr().err
    )


def test_an_agreement_share_shown_twice_must_agree(tmp_path: Path) -> None:
    """A headcount rule for every cost category is shown under each category: changed
    under one only, it is refused naming the cells; changed alike, it is read."""
    from openpyxl import load_workbook

    case = pb.load_case(example_path("west_cheshire"))
    path = tmp_path / "model.xlsx"
    write_workbook(pb.compute_results(pb.project(case)), path)
    book = load_workbook(path)
    field = "agreements['headcount'].rule.fte['council']"
    cells = [
        row[2].value
        for row in book[MARKER_SHEET].iter_rows()
        if row[0].value == "cell" and row[4].value == field
    ]
    assert len(cells) == 2
    book["Agreements"][cells[0]].value = 20
    book.save(tmp_path / "one.xlsx")
    (problem,) = _problems(tmp_path / "one.xlsx")
    assert problem.startswith(
        f"Agreements!{cells[0]}, Agreements!{cells[1]}: {field}: is "
        "shown in 2 cells that must hold the same value"
    )
    book["Agreements"][cells[1]].value = 20
    book.save(tmp_path / "both.xlsx")
    rule: Any = pb.load_case(tmp_path / "both.xlsx").agreements["headcount"].rule
    assert rule.fte["council"] == 20


# -- structure ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("rows inserted in Inputs", "Inputs!A20: holds None where the model has 'Intervention'"),
        ("rows inserted in People", "People!"),
        ("a sheet renamed", "sheet 'Prices': is missing"),
        ("a formula overwritten", "Results!H10: holds no formula where the model has one"),
        ("a formula added", "Costs!A1: holds a formula where the model has none"),
        ("a year header deleted", "Inputs!J3: holds None where the model has 2015"),
        ("the hidden sheet edited", f"{MARKER_SHEET}!B2: does not match the sheet's records"),
    ],
)
def test_a_changed_structure_is_refused_naming_the_cell(
    written: Path, tmp_path: Path, change: str, expected: str
) -> None:
    def edit(book: Any) -> None:
        if change == "rows inserted in Inputs":
            book["Inputs"].insert_rows(20, 2)
        elif change == "rows inserted in People":
            book["People"].insert_rows(8, 1)
        elif change == "a sheet renamed":
            book["Prices"].title = "Prices (old)"
        elif change == "a formula overwritten":
            book["Results"]["H10"].value = 1234
        elif change == "a formula added":
            book["Costs"]["A1"].value = "=1+1"
        elif change == "a year header deleted":
            book["Inputs"]["J3"].value = None
        else:
            sheet = book[MARKER_SHEET]
            for row in sheet.iter_rows():
                if row[0].value == "cell" and row[4].value.endswith(".impact"):
                    row[5].value = 0.9
                    break

    found = _problems(_edited(written, tmp_path / "changed.xlsx", edit))
    assert any(p.startswith(expected) for p in found), found


def test_a_workbook_placebudget_did_not_write_is_not_a_model(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Costs"
    book.active.append(["Code", "Cost"])
    book.save(tmp_path / "other.xlsx")
    (problem,) = _problems(tmp_path / "other.xlsx")
    assert problem.startswith(
        "other.xlsx: is not a placebudget model: it has no sheet "
        f"'{MARKER_SHEET}' (its sheets: Costs)"
    )
    (tmp_path / "text.xlsx").write_text("not a workbook")
    (problem,) = _problems(tmp_path / "text.xlsx")
    assert "is not a readable .xlsx workbook" in problem


# -- hostile workbooks --------------------------------------------------------------------------
MEMORY_CAP = 2 * 1024**3
TIMEOUT = 60


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD": "1", "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "placebudget.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_cap,
        env=env,
        check=False,
    )


def _with_member(source: Path, target: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = old.read(item.filename)
            new.writestr(item, data if item.filename == name else content)


def _sheet_member(path: Path, title: str) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    index = book.sheetnames.index(title)
    book.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


def test_a_model_stuffed_with_cells_is_refused_within_time_and_memory(
    written: Path, tmp_path: Path
) -> None:
    """Two hundred thousand cells on a sheet of the model (a few MiB zipped, under the
    size limits and the row limit of every table): read cell by cell only to the bound,
    then refused."""
    member = _sheet_member(written, "Cover")
    cells = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>'
        for r in range(1, 100_001)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
        'formats.org/spreadsheetml/2006/main"><sheetData>' + cells + "</sheetData></worksheet>"
    ).encode()
    path = tmp_path / "stuffed.xlsx"
    _with_member(written, path, member, xml)
    run = _validate(path)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output[-2000:]
    assert "Traceback" not in output
    assert "holds far more cells than the model placebudget wrote" in output


def test_a_model_over_the_size_limit_is_refused_before_parsing(
    written: Path, tmp_path: Path
) -> None:
    """A sheet declaring 80 MiB uncompressed: refused from the zip directory."""
    member = _sheet_member(written, "Cover")
    path = tmp_path / "large.xlsx"
    _with_member(written, path, member, b" " * (80 * 1024 * 1024))
    run = _validate(path)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output[-2000:]
    assert "more than the limit of 64.0 MiB" in output
