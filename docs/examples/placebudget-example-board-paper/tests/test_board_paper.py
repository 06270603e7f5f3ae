"""The board paper format: found through its entry point and by suffix, its figures those
of the appraisal, its options those of compare_agreements, and never half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from placebudget_board_paper import WIDTH, render

import placebudget as pb
from placebudget.cli import main
from placebudget.examples import actuals_path, example_path
from placebudget.report import format_money
from placebudget.testing import fresh_plugin_registry


@pytest.fixture(scope="module")
def results() -> pb.Results:
    return pb.compute_results(
        pb.project(pb.load_case(example_path("west_cheshire"))), sensitivity=False
    )


@pytest.fixture(scope="module")
def result(results: pb.Results) -> pb.Appraisal:
    return results.appraisal


def test_registered_and_chosen_by_suffix() -> None:
    with fresh_plugin_registry(autoload=True) as registry:
        provided = registry.reporters()["board-paper"]
        assert provided.plugin.distribution == "placebudget-example-board-paper"
        assert registry.reporter_for("summary.txt") is provided.spec


def test_figures_and_options(results: pb.Results, result: pb.Appraisal) -> None:
    text = render(results)
    lines = text.splitlines()
    assert lines[0] == "West Cheshire: domestic abuse and integrated joint teams — West Cheshire"
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[5] == "What failure costs today and who pays"
    total = next(line.split() for line in lines if line.startswith("  total "))
    assert total[1] == format_money(result.pv_baseline_cost) == "£38,520,686"
    start = lines.index("", 7) + 1
    headline = {
        line[:38].strip(): line[38:].strip() for line in lines[start : lines.index("", start)]
    }
    assert headline["Present value of costs"] == format_money(result.pv_cost) == "£2,842,843"
    assert headline["Fiscal return on investment"] == "1.40"
    assert headline["Payback year"] == "2016/17"
    council = result.by_partner.loc["council"]
    council_lines = [line.split() for line in lines if line.startswith("  council ")]
    assert council_lines[0][1] == format_money(council["pv_baseline_cost"])  # reactive as is
    assert council_lines[1] == [
        "council",
        format_money(council["pv_cost"]),
        format_money(council["pv_fiscal"]),
        format_money(council["net"]),
    ]
    assert "council, probation would be worse off" in text
    table = pb.compare_agreements(result.projection, result.projection.case.agreements)
    options = council_lines[2]
    assert options[1:] == [
        format_money(table.loc["council", (o, "net")])
        for o in table.columns.get_level_values("option").unique()
    ]
    assert "Forecast against actuals" not in text


def test_written_by_the_cli_with_an_evaluation(tmp_path: Path) -> None:
    out = tmp_path / "board.txt"
    with fresh_plugin_registry(autoload=True):
        assert (
            main(
                [
                    "evaluate",
                    str(example_path("west_cheshire")),
                    str(actuals_path("west_cheshire")),
                    "-o",
                    str(out),
                ]
            )
            == 0
        )
    text = out.read_text()
    # the synthetic West Cheshire actuals: £276,149 realised against £436,199 forecast
    assert "  fiscal benefit  £436,199  £276,149" in text
    assert "  cost            £445,800  £382,000" in text
    assert "Evidence: net of comparison group." in text


def test_a_failed_write_leaves_the_previous_file(results: pb.Results, tmp_path: Path) -> None:
    import attrs

    out = tmp_path / "board.txt"
    with fresh_plugin_registry(autoload=True) as registry:
        reporter = registry.reporter_for(out)
        reporter.write(results, out)
        before = out.read_text()
        with pytest.raises(AttributeError):
            reporter.write(attrs.evolve(results, evaluation=object()), out)
    assert out.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["board.txt"]
