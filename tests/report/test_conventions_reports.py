"""Every report states the conventions of EAC, EANC and payback and shows the payback's
margin and period (issue 39, point 7); the live workbook follows the case's annuity
convention."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import placebudget as pb
from placebudget.examples import example_path
from placebudget.report.contents import HEADLINE, conventions_sentence, report_contents
from placebudget.report.workbook import OUTPUT_NAMES, write_workbook

from .test_workbook import _assert_reproduces

MARGINS = (
    "payback_period",
    "payback_shortfall",
    "payback_surplus",
    "discounted_payback_period",
    "discounted_payback_shortfall",
    "discounted_payback_surplus",
)


def _results(name: str, **changes: object) -> pb.Results:
    case = pb.load_case(example_path(name))
    return pb.compute_results(pb.project(attrs.evolve(case, **changes) if changes else case))


@pytest.fixture(scope="module")
def west_cheshire() -> pb.Results:
    return _results("west_cheshire")


def test_the_margins_are_headline_figures_of_every_report_and_of_the_workbook() -> None:
    assert set(MARGINS) <= set(HEADLINE)
    assert set(MARGINS) <= set(OUTPUT_NAMES)


def test_the_summary_states_the_conventions_and_the_margin(west_cheshire: pb.Results) -> None:
    text = conventions_sentence(west_cheshire)
    assert "all 5 appraisal years, 2013/14 (undiscounted) included (an annuity due" in text
    # West Cheshire misses payback in 2015/16 by £1,655 (0.06 % of its cost)
    assert "reaches cumulative cost in 2016/17, £894,469 ahead" in text
    assert "£1,655 short at the end of 2015/16: a payback period of 3.00 years" in text
    assert "£34,022 short at the end of 2015/16: a payback period of 3.04 years" in text
    summary = report_contents(west_cheshire).sections[0]
    assert any(getattr(block, "text", None) == text for block in summary.blocks)


def test_an_annuity_immediate_is_stated() -> None:
    text = conventions_sentence(_results("troubled_families", annuity="immediate"))
    assert "the 6 appraisal years without the first, 2013/14 (an annuity immediate" in text
    assert "does not reach cumulative cost within the horizon" in text


def test_markdown_json_and_csv_carry_the_margins(west_cheshire: pb.Results, tmp_path: Path) -> None:
    pb.write_report(west_cheshire, tmp_path / "report.md")
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| Shortfall the year before payback | £1,655 |" in markdown
    assert "| Payback period (years) | 3.00 |" in markdown
    assert "| equivalent annual cost (EAC, EANC) | present value divided by the sum" in markdown
    pb.write_report(west_cheshire, tmp_path / "report.json")
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert document["summary"]["payback_shortfall"] == pytest.approx(1654.75, abs=0.01)
    assert document["summary"]["payback_period"] == pytest.approx(3.0018, abs=1e-4)
    rows = {row["assumption"]: row["value"] for row in document["assumptions"]}
    assert "annuity due" in rows["equivalent annual cost (EAC, EANC)"]


def test_the_terminal_prints_the_conventions(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from placebudget.cli import cli

    out = CliRunner().invoke(
        cli, ["run", str(example_path("west_cheshire")), "-o", str(tmp_path / "r.md")]
    )
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert "Shortfall the year before payback £1,655" in text
    assert "EAC and EANC divide a present value by the sum of the discount factors" in text


@pytest.mark.parametrize("annuity", ["due", "immediate"])
def test_the_workbook_follows_the_annuity_convention(annuity: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    case = attrs.evolve(pb.load_case(example_path("west_cheshire")), annuity=annuity)
    path = tmp_path / "model.xlsx"
    write_workbook(pb.compute_results(pb.project(case)), path)
    assert _assert_reproduces(load_workbook(path, data_only=True), case) > 200
    formulas = load_workbook(path)
    ((title, reference),) = list(formulas.defined_names["eanc"].destinations)
    formula = formulas[title][reference.replace("$", "")].value
    assert ("INDEX(discount_factor,1,1)" in formula) == (annuity == "immediate")


def test_explain_gives_the_payback_margin_and_period(west_cheshire: pb.Results) -> None:
    from placebudget.report.explain import explain

    notes = explain(west_cheshire.appraisal, "payback_year").notes
    assert (
        "Margin: £894,469 ahead at the end of 2016/17, £1,655 short at the end of 2015/16; "
        "payback period 3.00 years from the start of 2013/14"
    ) in notes[-1]
