"""LaTeX tables: one booktabs table per report table, figures formatted, case text
escaped."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

import placebudget as pb
from placebudget.examples import example_path
from placebudget.plugin import get_plugin_registry
from placebudget.report import report_contents
from placebudget.report.tables import format_money


def write(results: pb.Results, path: Path) -> str:
    get_plugin_registry().reporter_for(path).write(results, path)
    return path.read_text()


def test_every_table_is_written_with_its_caption_and_label(tmp_path: Path) -> None:
    results = pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))
    result = results.appraisal
    text = write(results, tmp_path / "tables.tex")
    tables = [
        name if value is None else f"{name}-{value}"
        for name, t in report_contents(results).tables("human").items()
        for value, part in t.parts()
        if not part.frame.empty
    ]
    labels = re.findall(r"\\label\{tab:([\w-]+)\}", text)
    assert labels == tables
    assert text.count("\\begin{table}[htbp]") == len(tables)
    assert text.count("\\toprule") == text.count("\\bottomrule") == len(tables)
    summary = text.split("\\label{tab:summary}")[1].split("\\end{table}")[0]
    assert f"Net present budget impact & {format_money(result.npbi)} \\\\" in summary
    partners = text.split("\\label{tab:partners}")[1].split("\\end{table}")[0]
    body = partners.split("\\midrule")[1].split("\\bottomrule")[0].strip().splitlines()
    assert len(body) == len(result.by_partner)
    assert "\\begin{tabular}{lrrrrr}" in text  # figures right aligned


def test_case_text_cannot_inject_latex(tmp_path: Path) -> None:
    case = pb.load_case(example_path("west_cheshire"))
    hostile = "Evil & co_%\n\\input{/etc/passwd} $x$ {}"
    place = attrs.evolve(
        case.place,
        partners=[attrs.evolve(case.place.partners[0], name=hostile), *case.place.partners[1:]],
    )
    projection = pb.project(attrs.evolve(case, name=hostile, place=place))
    text = write(pb.compute_results(projection, sensitivity=False), tmp_path / "tables.tex")
    assert "\\input{/etc/passwd}" not in text
    assert "Evil \\& co\\_\\%" in text
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in text
    assert "\\$x\\$" in text
