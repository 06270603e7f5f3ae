"""Issue 39, point 1: the optimism bias table that may decide the sign is named in every
headline with its status, every report carries the headline with optimism bias off and
on, and a case's own table is one line of its file."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine.sensitivity import optimism_bias_sensitivity
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.plugin import get_plugin_registry
from placebudget.report.contents import (
    optimism_bias_sentence,
    optimism_bias_statement,
    report_contents,
)
from placebudget.testing import example_case

#: What the headline says of the bundled table (its CSV marks every grade unconfirmed).
GM = (
    "Optimism bias: GM grade table (gm-cba-2014; 0/5/10/15/25/40% by evidence grade 1 "
    "to 6) — values not confirmed from the published guidance."
)
#: What it says of a case's own 0/5/10/20/30/40 % table.
LOCAL = (
    "Optimism bias: the case's own table (local; 0/5/10/20/30/40% by evidence grade 1 "
    "to 6) — given in the case, not a bundled published table."
)


@pytest.fixture(scope="module")
def troubled() -> pb.Results:
    case = pb.load_case(example_path("troubled_families"))
    return pb.compute_results(pb.project(case), sensitivity=False)


def _with_table(tmp_path: Path, line: str) -> Path:
    """The troubled families case file with its ``optimism_bias`` line replaced."""
    text = example_path("troubled_families").read_text(encoding="utf-8")
    assert 'optimism_bias = "gm-cba-2014"\n' in text
    path = tmp_path / "troubled_families.toml"
    path.write_text(text.replace('optimism_bias = "gm-cba-2014"\n', line + "\n"), "utf-8")
    return path


# -- the figures ----------------------------------------------------------------------


def test_with_and_without_optimism_bias_by_hand() -> None:
    # The example case states its optimism bias explicitly: 20 % on its one effect, 10 %
    # on its one cost line (council, £150,000 in 2012/13 and £50,000 in 2013/14, 2012
    # prices, discounted at 3.5 %).
    #   PV cost without = 150,000 + 50,000 / 1.035        = 198,309.18
    #   PV cost with    = 1.10 × 198,309.18                = 218,140.10
    # Every benefit is a product with (1 − 0.20), so PV fiscal without = PV fiscal / 0.8:
    #   NPBI without = PV fiscal / 0.8 − 198,309.18
    results = pb.compute_results(pb.project(example_case()), sensitivity=False)
    a = results.appraisal
    assert a.pv_cost == pytest.approx(1.1 * (150_000 + 50_000 / 1.035), abs=0.01)
    assert a.pv_cost == pytest.approx(218_140.10, abs=0.01)
    table = results.optimism_bias
    assert table is not None
    assert list(table.index) == ["with", "without"]
    assert table.loc["with", "npbi"] == pytest.approx(a.npbi, rel=1e-12)
    assert table.loc["with", "bcr"] == pytest.approx(a.bcr, rel=1e-12)
    without = a.pv_fiscal / 0.8 - 198_309.18
    assert table.loc["without", "npbi"] == pytest.approx(without, abs=0.01)
    # 613,493.62 / 0.8 − 198,309.18 = 766,867.03 − 198,309.18 = 568,557.85
    assert a.pv_fiscal == pytest.approx(613_493.62, abs=0.01)
    assert table.loc["without", "npbi"] == pytest.approx(568_557.85, abs=0.01)
    assert table.loc["without", "fiscal_roi"] == pytest.approx(
        (a.pv_fiscal / 0.8) / (150_000 + 50_000 / 1.035), rel=1e-9
    )


def test_troubled_families_turns_on_its_optimism_bias_table(troubled: pb.Results) -> None:
    # measured by issue 39 from the method's definitions: −£155,665 with the GM grade
    # table, +£595,987 with every rate 0
    table = troubled.optimism_bias
    assert table is not None
    assert table.loc["with", "npbi"] == pytest.approx(-155_664.77, abs=0.01)
    assert table.loc["without", "npbi"] == pytest.approx(595_986.85, abs=0.01)
    assert table.loc["with", "npbi"] == pytest.approx(troubled.appraisal.npbi, rel=1e-12)
    assert table.loc["with", "bcr"] == pytest.approx(troubled.appraisal.bcr, rel=1e-12)
    assert table.loc["with", "bcr"] == pytest.approx(2.0591, abs=5e-5)
    assert table.loc["without", "bcr"] == pytest.approx(2.5583, abs=5e-5)
    assert pd.isna(table.loc["with", "payback_year"])  # never within the horizon
    assert table.loc["without", "payback_year"] == 2016
    sentence = optimism_bias_sentence(troubled)
    assert "would be £595,987 against -£155,665 as stated" in sentence
    assert sentence.endswith("optimism bias decides the sign of the net present budget impact.")


def test_without_optimism_bias_is_the_case_with_every_rate_zero() -> None:
    # the row "without" is the case itself with every optimism bias stated as 0
    import attrs

    case = example_case()
    (programme,) = case.interventions
    zero = attrs.evolve(
        programme,
        effects=[attrs.evolve(e, optimism_bias=0.0) for e in programme.effects],
        costs=[attrs.evolve(c, optimism_bias=0.0) for c in programme.costs],
    )
    direct = pb.compute_results(
        pb.project(attrs.evolve(case, interventions=[zero])), sensitivity=False
    ).appraisal
    table = optimism_bias_sensitivity(pb.project(case))
    for metric in ("npbi", "fiscal_roi", "nppv", "bcr"):
        assert table.loc["without", metric] == pytest.approx(direct.summary()[metric], rel=1e-12)


@given(
    benefit=st.floats(min_value=0, max_value=0.95),
    cost=st.floats(min_value=0, max_value=2),
)
def test_without_optimism_bias_does_not_depend_on_the_rates_stated(
    benefit: float, cost: float
) -> None:
    # whatever rates the case states, the row without optimism bias is the same, and
    # (benefits all gains, costs all outlays) it is never worse than the row with it
    import attrs

    case = example_case()
    (programme,) = case.interventions
    stated = attrs.evolve(
        programme,
        effects=[attrs.evolve(e, optimism_bias=benefit) for e in programme.effects],
        costs=[attrs.evolve(c, optimism_bias=cost) for c in programme.costs],
    )
    table = optimism_bias_sensitivity(pb.project(attrs.evolve(case, interventions=[stated])))
    reference = _example_without()
    for metric in ("npbi", "fiscal_roi", "nppv", "bcr"):
        assert table.loc["without", metric] == pytest.approx(reference[metric], rel=1e-9)
    assert table.loc["with", "npbi"] <= table.loc["without", "npbi"] + 1e-6
    assert table.loc["with", "bcr"] <= table.loc["without", "bcr"] + 1e-12


@functools.cache
def _example_without() -> pd.Series:
    """The example case's headline with every optimism bias rate 0."""
    return optimism_bias_sensitivity(pb.project(example_case())).loc["without"]


def test_a_local_table_moves_troubled_families_as_the_issue_measured(tmp_path: Path) -> None:
    # a 0/5/10/20/30/40 % table in place of 0/5/10/15/25/40 %: −£296,108 (issue 39)
    inline = pb.load_case(
        _with_table(tmp_path, "optimism_bias = { grades = [0, 0.05, 0.10, 0.20, 0.30, 0.40] }")
    )
    folder = tmp_path / "file"
    folder.mkdir()
    (folder / "ours.csv").write_text(
        "grade,rate,description\n1,0,audited local data\n2,0.05,\n3,0.10,\n4,0.20,\n"
        "5,0.30,\n6,0.40,\n",
        encoding="utf-8",
    )
    from_file = pb.load_case(_with_table(folder, 'optimism_bias = { file = "ours.csv" }'))
    assert not isinstance(from_file.optimism_bias, str)
    assert from_file.optimism_bias.name == "ours"
    assert from_file.optimism_bias.grades[1].description == "audited local data"
    for case in (inline, from_file):
        results = pb.compute_results(pb.project(case), sensitivity=False)
        assert results.appraisal.npbi == pytest.approx(-296_108.24, abs=0.01)
        assert results.optimism_bias is not None
        assert results.optimism_bias.loc["without", "npbi"] == pytest.approx(595_986.85, abs=0.01)
    assert (
        optimism_bias_statement(pb.compute_results(pb.project(inline), sensitivity=False)) == LOCAL
    )
    by_grade = pb.load_case(
        _with_table(
            tmp_path,
            'optimism_bias = { name = "ours", grades = { 1 = 0, 2 = 0.05, 3 = 0.1, '
            "4 = 0.2, 5 = { rate = 0.3, description = 'estimates' }, 6 = 0.4 } }",
        )
    )
    assert not isinstance(by_grade.optimism_bias, str)
    assert [by_grade.optimism_bias.rate(g) for g in range(1, 7)] == [0, 0.05, 0.1, 0.2, 0.3, 0.4]


def test_a_local_table_round_trips_through_a_case_file(tmp_path: Path) -> None:
    from placebudget.io.case_file import dump_case, load_case

    for line in (
        "optimism_bias = { grades = [0, 0.05, 0.10, 0.20, 0.30, 0.40] }",
        "optimism_bias = { grades = { 1 = { rate = 0, description = 'audited', "
        "confirmed = true }, 2 = 0.05, 3 = 0.1, 4 = 0.2, 5 = 0.3, 6 = 0.4 } }",
    ):
        case = load_case(_with_table(tmp_path, line))
        dump_case(case, tmp_path / "again.toml")
        assert load_case(tmp_path / "again.toml") == case


@pytest.mark.parametrize(
    ("line", "path", "message"),
    [
        (
            "optimism_bias = { grades = [0, 0.05, 0.10, 0.20, 0.30] }",
            "optimism_bias.grades",
            "must give six rates, for grades 1 to 6 in order",
        ),
        (
            "optimism_bias = { grades = [0, 0.05, 0.10, 1.5, 0.30, 0.40] }",
            "optimism_bias.grades[4]",
            "must be from 0 to 1",
        ),
        (
            'optimism_bias = { grades = [0, 0.05, "ten", 0.2, 0.30, 0.40] }',
            "optimism_bias.grades[3]",
            "must be a number from 0 to 1",
        ),
        (
            "optimism_bias = { grades = { 1 = 0, 2 = 0.1 } }",
            "optimism_bias.grades",
            "must give a rate for each of grades 1 to 6 (missing: 3, 4, 5, 6)",
        ),
        (
            "optimism_bias = { rates = [0, 0.05, 0.10, 0.20, 0.30, 0.40] }",
            "optimism_bias.rates",
            "is not a known key (allowed: name, grades, source)",
        ),
        (
            "optimism_bias = { grades = { 1 = { rat = 0 }, 2 = 0.05, 3 = 0.1, 4 = 0.2, "
            "5 = 0.3, 6 = 0.4 } }",
            "optimism_bias.grades[1].rate",
            "is required",
        ),
        (
            'optimism_bias = { file = "../outside.csv" }',
            "optimism_bias.file",
            "must be a file in the case file's folder",
        ),
        (
            'optimism_bias = { file = "missing.csv" }',
            "optimism_bias.file",
            "cannot be read",
        ),
        (
            'optimism_bias = { file = "bad.csv" }',
            "optimism_bias.file",
            "line 3 of bad.csv: the rate must be a number from 0 to 1",
        ),
        (
            'optimism_bias = { file = "bad.csv", grades = [0, 0, 0, 0, 0, 0] }',
            "optimism_bias.grades",
            "is not a known key (allowed: file, name, source)",
        ),
    ],
)
def test_a_bad_local_table_is_refused_naming_the_field(
    tmp_path: Path, line: str, path: str, message: str
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (tmp_path / "outside.csv").write_text("grade,rate\n1,0\n", encoding="utf-8")
    (folder / "bad.csv").write_text(
        "grade,rate\n1,0\n2,five\n3,0.1\n4,0.2\n5,0.3\n6,0.4\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        pb.load_case(_with_table(folder, line))
    found = [p for p in caught.value.problems if p.path == path]
    assert found, [str(p) for p in caught.value.problems]
    assert any(message in p.message for p in found), [str(p) for p in found]


def test_the_same_csv_layout_as_the_bundled_table_is_read(tmp_path: Path) -> None:
    # a copy of the bundled file, one rate changed, is read as the case's own table
    from importlib import resources

    bundled = (
        resources.files("placebudget.reference")
        .joinpath("data/optimism_bias_grades.csv")
        .read_text(encoding="utf-8")
    )
    (tmp_path / "ob.csv").write_text(bundled.replace(",5,0.25,", ",5,0.30,"), encoding="utf-8")
    case = pb.load_case(_with_table(tmp_path, 'optimism_bias = { file = "ob.csv" }'))
    assert not isinstance(case.optimism_bias, str)
    assert case.optimism_bias.name == "gm-cba-2014"  # the file's table column
    assert case.optimism_bias.rate(5) == 0.30
    assert case.optimism_bias.grades[6].description.startswith("Expert judgement")


# -- every format ---------------------------------------------------------------------


def test_the_outline_names_the_table_before_the_headline_figures(troubled: pb.Results) -> None:
    summary = report_contents(troubled).section("summary")
    texts = [getattr(b, "text", getattr(b, "name", "")) for b in summary.blocks]
    # troubled families: the table decides the sign, and the summary says so
    named = GM[:-1] + (
        ": these rates decide the sign of the net present budget impact (-£155,665 as "
        "stated, £595,987 with every rate 0; see the table with and without optimism bias)."
    )
    assert named in texts
    assert texts.index(named) < texts.index("summary")  # before the headline table
    assert texts.index("summary") < texts.index("optimism_bias")


def _written(results: pb.Results, path: Path) -> Path:
    get_plugin_registry().reporter_for(path).write(results, path)
    return path


@pytest.mark.parametrize("suffix", [".md", ".html", ".tex"])
def test_text_reports_name_the_table_and_carry_the_row(
    troubled: pb.Results, tmp_path: Path, suffix: str
) -> None:
    text = _written(troubled, tmp_path / f"case{suffix}").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    # (the LaTeX file holds the tables only: its assumptions table names it)
    for part in ("GM grade table", "gm-cba-2014", "values not confirmed from the published"):
        assert part in flat, part
    if suffix != ".tex":  # the LaTeX file holds the tables only (their captions name it)
        assert "would be £595,987 against" in flat
    for row in ("As the case states it", "None (every rate 0)"):
        assert row in flat, row
    assert "595,987" in flat


def test_word_summary_names_the_table_and_carries_the_row(
    troubled: pb.Results, tmp_path: Path
) -> None:
    import docx

    document = docx.Document(str(_written(troubled, tmp_path / "case.docx")))
    paragraphs = [p.text for p in document.paragraphs]
    summary_end = next(k for k, p in enumerate(paragraphs) if p.startswith("2."))
    assert any(p.startswith(GM[:-1]) for p in paragraphs[:summary_end])  # in the summary
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["None (every rate 0)", "£595,987", "1.19", "£4,764,810", "2.56", "2016/17"] in cells
    assert ["As the case states it", "-£155,665", "0.95", "£3,406,535", "2.06", "–"] in cells


def test_live_workbook_summary_names_the_table_and_carries_the_row(
    troubled: pb.Results, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(_written(troubled, tmp_path / "case.xlsx"))
    summary = book["Summary"]
    rows = [[c.value for c in row] for row in summary.iter_rows(max_col=4)]
    assert ["Optimism bias table", "GM grade table (gm-cba-2014)", None, None] in rows
    assert ["Status", "values not confirmed from the published guidance", None, None] in rows
    figures = {r[0]: r[1:3] for r in rows if r[0] == "Net present budget impact" and r[2]}
    (npbi,) = figures.values()
    assert npbi[0] == pytest.approx(-155_664.77, abs=0.01)
    assert npbi[1] == pytest.approx(595_986.85, abs=0.01)
    # the values sheet, with the model's staleness check
    sheet = book["Optimism bias"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    row = next(r for r in values if "None (every rate 0)" in r)
    assert row[row.index("None (every rate 0)") + 1] == pytest.approx(595_986.85, abs=0.01)


def test_json_and_csv_name_the_table_and_carry_the_row(
    troubled: pb.Results, tmp_path: Path
) -> None:
    document = json.loads(_written(troubled, tmp_path / "case.json").read_text("utf-8"))
    assert document["optimism_bias_table"] == {
        "table": "gm-cba-2014",
        "title": "GM grade table",
        "rates": "0/5/10/15/25/40%",
        "status": "values not confirmed from the published guidance",
    }
    rows = {row["scenario"]: row for row in document["optimism_bias"]}
    assert rows["without"]["npbi"] == 595_986.85
    assert rows["with"]["npbi"] == -155_664.77
    table = pd.read_csv(_written(troubled, tmp_path / "case.csv"), keep_default_na=False)
    bias = table[table["table"] == "optimism_bias"]
    assert "values not confirmed from the published guidance" in set(bias["value"])
    npbi = bias[bias["figure"] == "npbi"].set_index("statistic")["value"].astype(float)
    assert npbi.to_dict() == {"with": -155_664.77, "without": 595_986.85}


def test_the_terminal_names_the_table_and_carries_the_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from placebudget.cli import main

    assert main(["run", str(example_path("troubled_families"))]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert GM in printed
    assert printed.index(GM) < printed.index("Net present budget impact")
    assert "None (every rate 0) £595,987 1.19 £4,764,810 2.56 2016/17" in printed
    assert "As the case states it -£155,665 0.95 £3,406,535 2.06 –" in printed
