"""The Green Book tables in every report format, for the Northtown example (WELLBYs,
carbon, distributional weights, a capital line by project type, a risk register and an
interaction between its two interventions), written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pandas as pd
import pytest

import placebudget as pb
from placebudget.examples import example_path
from placebudget.plugin import get_plugin_registry
from placebudget.report import report_contents
from placebudget.report.tables import column_label


@pytest.fixture(scope="module")
def results() -> pb.Results:
    return pb.compute_results(pb.project(pb.load_case(example_path("northtown"))))


@pytest.fixture(scope="module")
def result(results: pb.Results) -> pb.Appraisal:
    return results.appraisal


def write(results: pb.Results, path: Path) -> Path:
    get_plugin_registry().reporter_for(path).write(results, path)
    return path


def report_frames(results: pb.Results) -> dict[str, pd.DataFrame]:
    """Every table's frame, those with row labels indexed by them."""
    frames = {name: t.frame for name, t in report_contents(results).tables().items()}
    indexed = {"value_for_money": "basis", "interventions": "intervention"}
    return {
        name: f.set_index(indexed[name]) if name in indexed else f for name, f in frames.items()
    }


GREEN_BOOK = [
    "value_for_money",
    "interventions",
    "cost_per_outcome",
    "risks",
    "capital_optimism_bias",
    "distributional_weights",
    "interactions",
]


def test_every_green_book_table_is_in_the_frames(results: pb.Results, result: pb.Appraisal) -> None:
    frames = report_frames(results)
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
    frames = report_frames(
        pb.compute_results(
            pb.project(pb.load_case(example_path("west_cheshire"))), sensitivity=False
        )
    )
    assert [name for name in frames if name in GREEN_BOOK] == GREEN_BOOK[:3]


def test_markdown_has_each_section(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    text = write(results, tmp_path / "case.md").read_text(encoding="utf-8")
    for title in (
        "## Value for money",
        "### By intervention",
        "### Cost per outcome",
        "### Risk register",
        "### Capital optimism bias",
        "### Distributional weights",
        "### Interactions between interventions",
    ):
        assert f"\n{title}\n" in text
    assert f"which is {result.vfm_category} value for money" in text
    assert "| contractor_failure | Northtown Council | 10.0% |" in text
    assert "| vintage: appraisal value gb:wellby | July 2021" in text


def test_excel_has_a_sheet_for_each(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(write(results, tmp_path / "case.xlsx"))
    for sheet in (
        "Value for money",
        "Interventions",
        "Cost per outcome",
        "Risk register",
        "Capital optimism bias",
        "Distributional weights",
        "Interactions",
    ):
        assert sheet in book.sheetnames
    from placebudget.report.workbook import TABLE_ROW

    mitigation = book["Capital optimism bias"]  # a value sheet: its table under a banner
    header = [c.value for c in mitigation[TABLE_ROW]]
    rows = [
        [c.value for c in row]
        for row in mitigation.iter_rows(min_row=TABLE_ROW + 1)
        if row[0].value is not None
    ][:5]
    assert [r[0] for r in rows] == [0.0, 0.25, 0.5, 0.75, 1.0]
    cost = header.index(column_label("pv_cost"))
    assert rows[2][cost] == pytest.approx(result.pv_cost)  # the case's own mitigation, 0.5
    assert mitigation.cell(row=TABLE_ROW + 1, column=1).number_format == "0.0%"


def test_json_and_html_carry_them(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    document = json.loads(write(results, tmp_path / "case.json").read_text())
    risks = {row["risk"]: row for row in document["risks"]}
    assert risks["total"]["pv_expected_cost"] == pytest.approx(result.pv_risk)
    assert [row["mitigation"] for row in document["capital_optimism_bias"]] == [
        0.0,
        0.25,
        0.5,
        0.75,
        1.0,
    ]
    html = write(results, tmp_path / "case.html").read_text(encoding="utf-8")
    assert "<h3>Interactions between interventions</h3>" in html
    assert 'data-table="risks"' in html


def test_pinned_to_2022_the_metb_sensitivity_is_reported(
    result: pb.Appraisal, tmp_path: Path
) -> None:
    case = attrs.evolve(result.projection.case, green_book="2022")
    pinned = pb.project(case).appraise()
    text = write(
        pb.compute_results(pinned.projection, sensitivity=False), tmp_path / "case.md"
    ).read_text(encoding="utf-8")
    assert "sensitivity: METB at 20% of the net cost to the exchequer" in text
    assert pinned.pv_cost == pytest.approx(result.pv_cost)  # never in the headline
