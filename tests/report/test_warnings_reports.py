"""What ``validate`` warns of reaches the reader of every report: computed once with the
results (``Results.warnings``), a row of the assumptions each, and a line of the summary
saying how many."""

from __future__ import annotations

from pathlib import Path

import attrs

import placebudget as pb
from placebudget.examples import example_path
from placebudget.report.contents import report_contents


def test_a_case_run_against_another_edition_says_so_in_its_report(tmp_path: Path) -> None:
    case = attrs.evolve(pb.load_case(example_path("west_cheshire")), unit_costs="ucd-v1.4")
    results = pb.compute_results(pb.project(case), sensitivity=False)
    edition = [w for w in results.warnings if "ucd:HE3.0 was written for ucd-v1.2" in w]
    assert len(edition) == 1  # the A&E attendance is an ambulance call-out in v1.4
    assert any("past the horizon's last year 2017/18" in w for w in results.warnings)
    summary = report_contents(results).section("summary")
    assert any(
        getattr(block, "text", "").startswith(f"Validation gave {len(results.warnings)} warnings")
        for block in summary.blocks
    )
    pb.write_report(results, tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.count("| validation warning |") == len(results.warnings)


def test_a_case_without_warnings_has_no_such_line() -> None:
    results = pb.compute_results(
        pb.project(pb.load_case(example_path("troubled_families"))), sensitivity=False
    )
    assert results.warnings == ()
    summary = report_contents(results).section("summary")
    assert not any("Validation gave" in getattr(block, "text", "") for block in summary.blocks)
