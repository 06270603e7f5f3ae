"""Every report's assumptions say which GDP deflator series uprated the amounts, that the
bundled financial-year series is derived from calendar years (0.75 × one + 0.25 × the
next) and which series uprated the Green Book (``gb:``) values (issue 39, point 5): one
sentence, from the outline, in every format."""

from __future__ import annotations

import html
import json
from pathlib import Path

import attrs
import pytest

import placebudget as pb
from placebudget import api
from placebudget.examples import example_path
from placebudget.model import DeflatorExtension
from placebudget.plugin import get_plugin_registry
from placebudget.report import report_contents
from placebudget.report.frames import prices_sentence

DERIVED = "derived from HM Treasury's calendar-year series as 0.75 × one year + 0.25 × the next"


@pytest.fixture(scope="module")
def northtown() -> pb.Results:
    return pb.compute_results(pb.project(pb.load_case(example_path("northtown"))))


def assumption(results: pb.Results, name: str) -> str:
    frame = report_contents(results).tables()["assumptions"].frame
    return str(frame.set_index("assumption").loc[name, "value"])


def test_the_sentence_names_both_series(northtown: pb.Results) -> None:
    sentence = assumption(northtown, "prices and deflators")
    assert sentence == prices_sentence(northtown.appraisal)
    assert sentence.startswith(
        "Prices: every amount is uprated to 2023/24 prices with the GDP deflator series "
        "hmt-2025-12 (by financial year, " + DERIVED
    )
    assert (
        "the Green Book values (gb:carbon, gb:wellby) keep their calendar-year price base "
        "and are uprated with the calendar-year series hmt-2025-12-calendar, the price base "
        "taken as calendar 2023." in sentence
    )
    vintages = report_contents(northtown).tables()["assumptions"].frame["assumption"]
    assert "vintage: GDP deflators by calendar year hmt-2025-12-calendar" in set(vintages)


def test_a_case_without_gb_values_names_the_series_they_would_use() -> None:
    case = pb.load_case(example_path("west_cheshire"))
    sentence = prices_sentence(pb.project(case).appraise())
    assert DERIVED in sentence
    assert sentence.endswith(
        "no Green Book (gb:) values are used (they would keep their calendar-year price "
        "base and be uprated with the calendar-year series hmt-2025-12-calendar)."
    )


def test_a_workbook_series_is_named_with_its_note_not_as_derived() -> None:
    case = attrs.evolve(pb.load_case(example_path("west_cheshire")), deflators="ucd-v1.2")
    sentence = prices_sentence(pb.project(case).appraise())
    assert "with the GDP deflator series ucd-v1.2 (by financial year; years from 2013/14 " in (
        sentence
    )
    assert DERIVED not in sentence


def test_an_extended_series_is_still_named_derived_and_its_assumed_years_shown() -> None:
    case = pb.load_case(example_path("northtown"))
    extended = DeflatorExtension(series="hmt-2025-12", extend_to=2025, growth=0.02)
    result = pb.project(attrs.evolve(case, price_year=2025, deflators=extended)).appraise()
    sentence = prices_sentence(result)
    assert "series hmt-2025-12+2.0%-to-2025 (by financial year, " + DERIVED in sentence
    assert "hmt-2025-12-calendar+2.0%-to-2025, the price base taken as calendar 2025 " in (sentence)
    assert "(calendar years 2025 assumed)." in sentence


@pytest.mark.parametrize("suffix", [".md", ".html", ".json", ".xlsx", ".docx"])
def test_every_format_carries_it(northtown: pb.Results, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"case{suffix}"
    get_plugin_registry().reporter_for(path).write(northtown, path)
    sentence = prices_sentence(northtown.appraisal)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        cells = {c.value for s in book.worksheets for row in s.iter_rows() for c in row}
        assert sentence in cells
    elif suffix == ".docx":
        from docx import Document

        paragraphs = [p.text for p in Document(str(path)).paragraphs]
        cells = [c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells]
        assert sentence in paragraphs + cells
    elif suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))["assumptions"]
        assert {"assumption": "prices and deflators", "value": sentence} in rows
    else:
        text = path.read_text(encoding="utf-8")
        assert sentence in (html.unescape(text) if suffix == ".html" else text)


def test_the_live_model_of_a_case_on_an_imported_workbooks_deflators(tmp_path: Path) -> None:
    # the series is the workbook's own, named by the database: the live model keeps each
    # value at the price base (as the engine uprated it) and its figures are the engine's
    workbook = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    if not workbook.is_dir():
        workbook = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    workbook = workbook / "unit-cost-database" / "UnitCostDatabase-v1.2.xls"
    if not workbook.is_file():
        pytest.skip(f"the Unit Cost Database v1.2 workbook is not at {workbook}")
    from openpyxl import load_workbook

    database = api.unit_costs(str(workbook))
    case = pb.load_case(example_path("west_cheshire"))
    case = attrs.evolve(case, unit_costs=database.name, deflators=database.name)
    results = pb.compute_results(pb.project(case, unit_costs=database))
    assert results.appraisal.npbi == pytest.approx(1_198_146.22, abs=0.01)
    path = tmp_path / "model.xlsx"
    get_plugin_registry().reporter_for(path).write(results, path)
    cells = {c.value for s in load_workbook(path).worksheets for r in s.iter_rows() for c in r}
    assert prices_sentence(results.appraisal) in cells


def test_the_live_model_uprates_gb_values_by_the_calendar_series(northtown: pb.Results) -> None:
    # Northtown values WELLBYs (calendar 2019 prices) and carbon (calendar 2022): with the
    # price base edited from 2023/24 to 2020/21 on the Inputs sheet, the Prices sheet
    # uprates them by cal(2020) / cal(2019) and cal(2020) / cal(2022) (the calendar
    # table on the Inputs sheet), and the workbook's PV social value is the engine's
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    from placebudget.report.workbook import build_workbook, cached_values, defined_name

    book = build_workbook(northtown)
    ((title, reference),) = list(book.defined_names["price_base"].destinations)
    book[title][reference.replace("$", "")].value = 2020
    assert "calendar_index" in book.defined_names
    values = cached_values(book)
    ((title, reference),) = list(book.defined_names[defined_name("pv_social")].destinations)
    letters, row = coordinate_from_string(reference.replace("$", ""))
    got = values[(title, row, column_index_from_string(letters))]
    case = attrs.evolve(pb.load_case(example_path("northtown")), price_year=2020)
    assert float(got) == pytest.approx(float(pb.project(case).appraise().pv_social), rel=1e-9)
