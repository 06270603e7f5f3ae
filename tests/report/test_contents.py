"""The one outline every format lays out: each column of each table is a declared figure
(never guessed from its name), and every format shows the same sections in the same
order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import placebudget as pb
from placebudget.examples import actuals_path, example_path
from placebudget.figures import FIGURES
from placebudget.io.actuals import load_actuals
from placebudget.report import report_contents
from placebudget.report.outline import Table

EXAMPLES = ("troubled_families", "west_cheshire", "northtown")


@pytest.fixture(scope="module", params=EXAMPLES)
def results(request: pytest.FixtureRequest) -> pb.Results:
    case = pb.load_case(example_path(request.param))
    projection = pb.project(case)
    evaluation = (
        pb.evaluate(projection, load_actuals(actuals_path()))
        if request.param == "west_cheshire"
        else None
    )
    return pb.compute_results(
        projection, evaluation=evaluation, uncertainty=pb.simulate_summary(case, draws=200, seed=3)
    )


def test_every_figure_column_is_declared(results: pb.Results) -> None:
    for found in report_contents(results).tables().values():
        for column in found.columns:
            dtype = found.frame[column].dtype
            if dtype.kind not in "fiu" or column in found.flags.values():
                continue
            if found.row_figure is not None and column != found.row_figure:
                assert set(found.frame[found.row_figure]) <= set(FIGURES), found.name
                continue
            assert found.kind(column) not in (None, "text"), (found.name, column)


def test_a_column_is_never_money_by_its_name() -> None:
    frame = __import__("pandas").DataFrame(
        {"social_worker_fte": [12.0], "planet": [3.0], "costume": [7.5]}
    )
    found = Table(name="t", caption="t", frame=frame)
    assert [found.cell(0, c) for c in frame.columns] == ["12", "3", "7.5"]


def test_every_human_format_has_the_same_sections(results: pb.Results, tmp_path: Path) -> None:
    import docx

    contents = report_contents(results)
    titles = [s.title for s in contents.sections]
    markdown = tmp_path / "r.md"
    pb.write_report(results, markdown)
    headings = [
        re.sub(r"^#+ ", "", line)
        for line in markdown.read_text().splitlines()
        if re.match(r"^#{2,3} ", line)
    ]
    assert [h for h in headings if h in titles] == titles
    page = tmp_path / "r.html"
    pb.write_report(results, page)
    found = re.findall(r'data-section="([^"]+)"', page.read_text())
    assert found == [s.name for s in contents.sections]
    paper = tmp_path / "r.docx"
    pb.write_report(results, paper)
    word = [
        p.text.split(". ", 1)[-1]
        for p in docx.Document(str(paper)).paragraphs
        if p.style.name in ("Heading 1", "Heading 2")
    ]
    assert word == titles


def test_the_json_holds_every_machine_table(results: pb.Results, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    pb.write_report(results, path)
    document = json.loads(path.read_text())
    for name, found in report_contents(results).tables("machine").items():
        if name == "summary":
            # money to the penny (a payback shortfall of £1,654.75 is small enough for
            # the rounding to exceed a relative tolerance)
            assert document["summary"] == pytest.approx(
                dict(results.appraisal.summary()), nan_ok=True, abs=0.005
            )
        else:
            assert len(document[name]) == len(found.frame), name


def test_writing_several_formats_computes_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from placebudget.engine import sensitivity

    results = pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))
    calls = []
    monkeypatch.setattr(sensitivity, "tornado", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(pb.Projection, "settle", lambda *a, **k: calls.append(a))  # type: ignore[method-assign]
    for suffix in (".md", ".html", ".json", ".tex", ".csv", ".docx"):
        pb.write_report(results, tmp_path / f"r{suffix}")
    assert calls == []


def test_a_case_whose_unit_costs_are_a_database_file_writes_every_format(tmp_path: Path) -> None:
    import csv

    from placebudget.model import financial_year_label

    database = pb.unit_costs("ucd-v1.2")
    table = tmp_path / "our-unit-costs.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)  # the v1.2 column order, without headers
        for code in (
            "CR2.0.1",
            "CR2.0.2",
            "CR2.0.3",
            "CR2.0.4",
            "HO3.0",
            "SS1.0",
            "HE3.0",
            "CR1.0",
            "CR3.2",
        ):
            line = database[code]
            assert line.fiscal is not None
            writer.writerow(
                [
                    line.category,
                    line.detail,
                    code,
                    line.description,
                    line.agency,
                    line.agency_detail,
                    line.unit_text,
                    line.fiscal.amount.magnitude,
                    financial_year_label(line.fiscal.price_year),
                    "",
                    line.source,
                    line.rag,
                ]
            )
    source = Path(example_path("west_cheshire")).read_text()
    case_file = tmp_path / "case.toml"
    case_file.write_text(source.replace('unit_costs = "ucd-v1.2"', f'unit_costs = "{table.name}"'))
    case = pb.load_case(case_file)
    results = pb.compute_results(pb.project(case))
    assert results.appraisal.npbi == pytest.approx(
        pb.project(pb.load_case(example_path("west_cheshire"))).appraise().npbi
    )
    for suffix in (".md", ".html", ".json", ".tex", ".csv", ".nc", ".docx", ".xlsx"):
        pb.write_report(results, tmp_path / f"r{suffix}")
        assert (tmp_path / f"r{suffix}").stat().st_size > 1000
