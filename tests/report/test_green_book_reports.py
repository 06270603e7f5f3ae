"""The Green Book tables in every report format, for the Northtown example (WELLBYs,
carbon, distributional weights, a capital line by project type, a risk register and an
interaction between its two interventions), written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import placebudget as pb
from placebudget.examples import example_path
from placebudget.plugin import get_plugin_registry
from placebudget.report.frames import report_frames
from placebudget.report.tables import column_label


@pytest.fixture(scope="module")
def result() -> pb.Appraisal:
    return pb.project(pb.load_case(example_path("northtown"))).appraise()


def write(result: pb.Appraisal, path: Path) -> Path:
    get_plugin_registry().reporter_for(path).write(result, path)
    return path


GREEN_BOOK = ["value_for_money", "interventions", "cost_per_outcome", "risks",
              "capital_optimism_bias", "distributional_weights", "interactions"]


def test_every_green_book_table_is_in_the_frames(result: pb.Appraisal) -> None:
    frames = report_frames(result)
    assert [name for name in frames if name in GREEN_BOOK] == GREEN_BOOK
    shown = frames["value_for_money"]
    # weighted beside, never instead of, the unweighted
    assert shown.loc["as appraised", "pv_public"] == pytest.approx(result.pv_public)
    weighted = next(i for i in shown.index if i.startswith("distributionally weighted"))
    assert shown.loc[weighted, "pv_public"] == pytest.approx(result.pv_public_weighted)
    assert frames["interventions"].loc["total", "pv_cost"] == pytest.approx(result.pv_cost)
    assumptions = dict(frames["assumptions"].itertuples(index=False, name=None))
    assert assumptions["Green Book edition"] == "2026"
    assert assumptions["appraisal values (gb:)"] == "gb:carbon, gb:wellby"
    assert "July 2021" in assumptions["vintage: appraisal value gb:wellby"]
    assert assumptions["costs of raising public funds (METB)"].startswith("not applied")


def test_a_case_without_green_book_items_gets_only_the_three_tables() -> None:
    frames = report_frames(pb.project(pb.load_case(example_path("west_cheshire"))).appraise())
    assert [name for name in frames if name in GREEN_BOOK] == GREEN_BOOK[:3]


def test_markdown_has_each_section(result: pb.Appraisal, tmp_path: Path) -> None:
    text = write(result, tmp_path / "case.md").read_text(encoding="utf-8")
    for title in ("## Value for money", "## By intervention", "## Cost per outcome",
                  "## Risk register", "## Capital optimism bias", "## Distributional weights",
                  "## Interactions between interventions"):
        assert title in text
    assert f"Value for money: **{result.vfm_category}**" in text
    assert "| contractor_failure | council | 10.0% |" in text
    assert "Vintage: appraisal value gb:wellby: July 2021" in text


def test_excel_has_a_sheet_for_each(result: pb.Appraisal, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(write(result, tmp_path / "case.xlsx"))
    for sheet in ("Value for money", "Interventions", "Cost per outcome", "Risk register",
                  "Capital optimism bias", "Distributional weights", "Interactions"):
        assert sheet in book.sheetnames
    mitigation = book["Capital optimism bias"]
    header = [c.value for c in mitigation[1]]
    rows = [[c.value for c in row] for row in mitigation.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [0.0, 0.25, 0.5, 0.75, 1.0]
    cost = header.index(column_label("pv_cost"))
    assert rows[2][cost] == pytest.approx(result.pv_cost)  # the case's own mitigation, 0.5
    assert mitigation.cell(row=2, column=1).number_format == "0.0%"


def test_json_and_html_carry_them(result: pb.Appraisal, tmp_path: Path) -> None:
    document = json.loads(write(result, tmp_path / "case.json").read_text())
    risks = {row["risk"]: row for row in document["risks"]}
    assert risks["total"]["pv_expected_cost"] == pytest.approx(result.pv_risk)
    assert [row["mitigation"] for row in document["capital_optimism_bias"]] == [
        0.0, 0.25, 0.5, 0.75, 1.0]
    html = write(result, tmp_path / "case.html").read_text(encoding="utf-8")
    assert "<h2>Interactions between interventions</h2>" in html
    assert 'data-table="risks"' in html


def test_pinned_to_2022_the_metb_sensitivity_is_reported(result: pb.Appraisal,
                                                        tmp_path: Path) -> None:
    case = attrs.evolve(result.projection.case, green_book="2022")
    pinned = pb.project(case).appraise()
    text = write(pinned, tmp_path / "case.md").read_text(encoding="utf-8")
    assert "sensitivity: METB at 20% of the net cost to the exchequer" in text
    assert pinned.pv_cost == pytest.approx(result.pv_cost)  # never in the headline
