"""Every report states what the horizon cuts off (issue 39, point 3): West Cheshire's
2015/16 intake's avoided years in care run to 2018/19, a year past its horizon."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.examples import example_path
from placebudget.plugin import get_plugin_registry
from placebudget.report import report_contents

SENTENCE = "Benefits after 2017/18 are not counted: £69,702 present value (6.1% of NPBI)."


@pytest.fixture(scope="module")
def results() -> pb.Results:
    return pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))


def write(results: pb.Results, path: Path) -> Path:
    get_plugin_registry().reporter_for(path).write(results, path)
    return path


def test_the_outline_carries_it_in_the_assumptions(results: pb.Results) -> None:
    section = report_contents(results).section("assumptions")
    rows = {t.name: t for t in section.tables()}["assumptions"].frame
    found = rows.set_index("assumption")["value"]
    assert found["benefits after the horizon (not counted)"] == SENTENCE
    # never in the headline: the summary's NPBI is the pinned one
    summary = report_contents(results).tables()["summary"].frame.set_index("metric")
    assert round(float(summary.loc["npbi", "value"]), 2) == 1_136_400.41
    assert not summary.index.str.contains("beyond").any()


@pytest.mark.parametrize("suffix", [".md", ".html", ".tex"])
def test_text_formats(results: pb.Results, suffix: str, tmp_path: Path) -> None:
    text = write(results, tmp_path / f"case{suffix}").read_text(encoding="utf-8")
    assert (SENTENCE.replace("%", r"\%") if suffix == ".tex" else SENTENCE) in text


def test_word(results: pb.Results, tmp_path: Path) -> None:
    import docx

    document = docx.Document(str(write(results, tmp_path / "case.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert SENTENCE in cells


def test_excel(results: pb.Results, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(write(results, tmp_path / "case.xlsx"))
    found = [
        c.value
        for sheet in book
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("Benefits after")
    ]
    assert found == [SENTENCE]  # a value in the Assumptions sheet, not a formula


def test_json_and_csv_carry_the_figures(results: pb.Results, tmp_path: Path) -> None:
    document = json.loads(write(results, tmp_path / "case.json").read_text(encoding="utf-8"))
    assumptions = {row["assumption"]: row["value"] for row in document["assumptions"]}
    assert assumptions["benefits after the horizon (not counted)"] == SENTENCE
    figures = {row["metric"]: row["value"] for row in document["beyond_horizon"]}
    assert figures["fiscal_beyond_horizon"] == 69_701.87
    assert figures["benefit_beyond_horizon"] == 69_701.87
    assert figures["fiscal_beyond_horizon_share"] == pytest.approx(0.0613, abs=5e-5)
    by_partner = {
        row["partner"]: row["partner_fiscal_beyond_horizon"]
        for row in document["beyond_horizon_partners"]
    }
    assert by_partner == {"council": 69_701.87, "police": 0, "nhs": 0, "cjs": 0, "probation": 0}
    table = pd.read_csv(write(results, tmp_path / "case.csv"), keep_default_na=False)
    rows = table[table["table"] == "beyond_horizon"]
    total = rows[rows["figure"] == "fiscal_beyond_horizon"]
    assert float(total["value"].iloc[0]) == 69_701.87
    council = rows[
        (rows["figure"] == "partner_fiscal_beyond_horizon") & (rows["partner"] == "council")
    ]
    assert float(council["value"].iloc[0]) == 69_701.87


def test_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(example_path("west_cheshire"))]) == 0
    out = capsys.readouterr().out
    assert " ".join(SENTENCE.split()) in " ".join(out.split())
    # nothing cut off, nothing said
    assert main(["run", str(example_path("troubled_families"))]) == 0
    assert "are not counted" not in capsys.readouterr().out


def test_no_cut_off_says_none() -> None:
    results = pb.compute_results(pb.project(pb.load_case(example_path("troubled_families"))))
    rows = report_contents(results).tables()["assumptions"].frame.set_index("assumption")
    assert rows.loc["benefits after the horizon (not counted)", "value"] == (
        "none: every intake's benefit ends within the horizon"
    )
    figures = report_contents(results).tables()["beyond_horizon"].frame.set_index("metric")
    assert float(figures.loc["benefit_beyond_horizon", "value"]) == 0.0
