from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from placebudget.cli import main
from placebudget.examples import example_path


def test_demo_prints_summary_and_writes_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.md"
    assert main(["demo", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Net present budget impact" in printed
    import placebudget as pb

    for partner in pb.load_case(example_path("troubled_families")).place.partners:
        assert partner.name in printed  # partners by their names

    report = out.read_text()
    assert report.startswith("# Troubled families")
    assert "## Costs and benefits by partner" in report
    assert "## Benefits by outcome" in report


def test_validate_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(example_path())]) == 0
    assert capsys.readouterr().out == (
        f"{example_path()}: valid (1 intervention, 6 partners, 6 years)\n"
    )
    assert main(["run", str(example_path()), "-o", str(tmp_path / "r.md")]) == 0
    assert (tmp_path / "r.md").exists()


def test_errors_exit_non_zero_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nhorizon = 0\n')
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "placebudget validate: error:" in err
    assert "Traceback" not in err
    # the missing required fields are what is reported (horizon = 0 is checked once
    # they are given)
    assert "invalid bad.toml (4 problems):\n  - place: is required\n" in err


def test_console_script_runs_demo(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "placebudget.cli", "demo", "-o", str(tmp_path / "r.md")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Present value of costs" in result.stdout


def test_run_compares_the_case_agreements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "west.md"
    assert main(["run", str(example_path("west_cheshire")), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Net position by investment agreement option" in printed
    header = next(
        line
        for line in printed.splitlines()
        if line.strip().startswith("Partner") and "headcount" in line
    )
    assert header.split()[1:] == [
        "as",
        "modelled",
        "headcount",
        "gross-benefit",
        "mixed",
        "council-invests",
    ]
    report = out.read_text()
    assert "## Investment agreement options" in report
    council = next(
        line
        for line in report.splitlines()
        if line.startswith("| Cheshire West and Chester Council |") and "⚠" in line
    )
    # each option's contribution, then net: worse off as modelled and under headcount,
    # ahead under gross benefit
    cells = [c.strip() for c in council.strip("|").split("|")]
    assert cells[2].endswith("⚠")
    assert cells[4].endswith("⚠")
    assert not cells[6].endswith("⚠")


def test_validate_reports_a_broken_agreement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        example_path("west_cheshire")
        .read_text()
        .replace(
            "fte = { council = 14, police = 6, nhs = 5, probation = 2 } }\n\n[agreements.gross",
            "fte = { council = 14, fire = 6 } }\n\n[agreements.gross",
        )
    )
    case = tmp_path / "case.toml"
    case.write_text(text)
    assert main(["validate", str(case)]) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(case.read_text().splitlines(), 1) if "fire = 6" in text)
    assert f"agreements['headcount'].rule.fte['fire'] (line {line}): unknown partner" in err


def test_compare_prints_metrics_and_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = example_path("west_cheshire")
    other = tmp_path / "lower_impact.toml"
    other.write_text(
        base.read_text()
        .replace("impact = 0.45", "impact = 0.35")
        .replace("engagement = 0.7\n", "engagement = 0.6\n")
    )
    assert main(["compare", str(base), str(other)]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["west_cheshire.toml", "lower_impact.toml"]
    roi = next(line for line in out.splitlines() if "Fiscal return on investment" in line)
    assert roi.split()[-2:] == ["1.40", "1.07"]
    assert "Inputs that differ (2):" in out
    assert (
        "domestic_abuse › repeat_domestic_abuse › impact: west_cheshire.toml: 0.45  |  "
        "lower_impact.toml: 0.35"
    ) in out
    assert main(["compare", str(base)]) == 1
    assert "compare needs at least two case files" in capsys.readouterr().err


@pytest.fixture
def two_options(tmp_path: Path) -> list[str]:
    base = example_path("west_cheshire")
    other = tmp_path / "lower_impact.toml"
    other.write_text(base.read_text().replace("impact = 0.45", "impact = 0.35"))
    return [str(base), str(other)]


def test_compare_writes_the_comparison_by_suffix(
    two_options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import pandas as pd
    from openpyxl import load_workbook

    import placebudget as pb

    results = [pb.project(pb.load_case(Path(p))).appraise() for p in two_options]
    for suffix in (".md", ".csv", ".json", ".xlsx"):
        path = tmp_path / f"options{suffix}"
        assert main(["compare", *two_options, "--metric", "npbi", "-o", str(path)]) == 0
        assert f"Comparison written to {path}" in capsys.readouterr().out
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    text = (tmp_path / "options.md").read_text()
    assert "| Net present budget impact | £1,136,400 | £493,916 |" in text
    assert "## Options ranked by Net present budget impact" in text
    assert "Preferred: west_cheshire.toml" in text
    assert (
        "| Integrated domestic abuse service › Repeat domestic abuse › impact | 0.45 | 0.35 |"
    ) in text
    table = pd.read_csv(tmp_path / "options.csv", keep_default_na=False)
    npbi = table[(table["table"] == "headline") & (table["figure"] == "npbi")]
    assert npbi["option"].tolist() == ["west_cheshire.toml", "lower_impact.toml"]
    assert pd.to_numeric(npbi["value"]).tolist() == pytest.approx(
        [r.npbi for r in results], abs=0.005
    )
    ranks = table[(table["table"] == "ranking") & (table["figure"] == "rank")]
    assert dict(zip(ranks["option"], ranks["value"], strict=True)) == {
        "west_cheshire.toml": "1",
        "lower_impact.toml": "2",
    }
    inputs = table[table["table"] == "inputs"]
    assert set(inputs["input"]) == {"domestic_abuse › repeat_domestic_abuse › impact"}
    document = json.loads((tmp_path / "options.json").read_text())
    assert document["preferred"] == "west_cheshire.toml"
    assert document["metric"] == "npbi"
    assert [r["option"] for r in document["ranking"]] == ["west_cheshire.toml", "lower_impact.toml"]
    assert document["differences"] == [
        {
            "input": "domestic_abuse › repeat_domestic_abuse › impact",
            "input_name": "Integrated domestic abuse service › Repeat domestic abuse › impact",
            "values": {"west_cheshire.toml": 0.45, "lower_impact.toml": 0.35},
        }
    ]
    headline = {(r["figure"], r["option"]): r["value"] for r in document["headline"]}
    assert headline[("pv_cost", "west_cheshire.toml")] == round(results[0].pv_cost, 2)
    book = load_workbook(tmp_path / "options.xlsx")
    assert book.sheetnames == ["Headline", "Ranking", "Inputs that differ"]
    rows = {row[1].value: row for row in book["Headline"].iter_rows(min_row=2)}
    assert rows["npbi"][2].value == pytest.approx(results[0].npbi, abs=0.005)
    assert rows["npbi"][2].number_format.startswith('"£"')


def test_compare_refuses_an_unknown_suffix_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the cases do not even exist: the suffix is refused first
    assert (
        main(
            [
                "compare",
                str(tmp_path / "a.toml"),
                str(tmp_path / "b.toml"),
                "-o",
                str(tmp_path / "options.pdf"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "-o" in err
    assert "options.pdf" in err
    assert "a comparison is written to a file ending in one of .md" in err
    assert not list(tmp_path.iterdir())


def test_compare_refuses_to_write_over_an_input(
    two_options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import placebudget as pb

    as_json = tmp_path / "option.json"
    pb.dump_case(pb.load_case(Path(two_options[1])), as_json)
    original = as_json.read_text()
    assert main(["compare", two_options[0], str(as_json), "-o", str(as_json)]) == 1
    assert "is an input of this run" in capsys.readouterr().err
    assert as_json.read_text() == original


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["run"],
        ["validate"],
        ["compare"],
        ["unit-costs"],
        ["schema"],
        ["themes"],
        ["importers"],
        ["formats"],
        ["cost-contacts"],
        ["simulate"],
        ["tornado"],
        ["aggregate"],
        ["init"],
        ["explain"],
    ],
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert f"Usage: placebudget {' '.join(command)}".rstrip() in capsys.readouterr().out


def test_run_with_a_format_and_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(example_path("west_cheshire")), "--format", "json"]) == 0
    assert "Report (json) written to west_cheshire-report.json" in capsys.readouterr().out
    assert (tmp_path / "west_cheshire-report.json").read_text().startswith("{")
    assert main(["run", str(example_path("west_cheshire")), "-o", "r.pdf"]) == 1
    assert "no report format writes .pdf" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_cases_are_read_by_importer_plugins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.ini"
    case.write_text("[case]\n")
    assert main(["validate", str(case)]) == 1
    assert (
        "no importer reads case from .ini (readable: .json, .toml, .xlsx, .yaml, .yml)"
        in capsys.readouterr().err
    )


def test_evaluate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from placebudget.examples import actuals_path

    new_case = tmp_path / "recalibrated.toml"
    report = tmp_path / "evaluation.md"
    assert (
        main(
            [
                "evaluate",
                str(example_path("west_cheshire")),
                str(actuals_path()),
                "-o",
                str(report),
                "--recalibrated",
                str(new_case),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "forecast against actual — net of comparison group" in out
    assert (
        "Integrated domestic abuse service › Repeat domestic abuse › deadweight: 0.25 -> 0.3971"
    ) in out
    text = report.read_text()
    assert "## Evaluation: forecast against actual (net of comparison group)" in text
    assert "| 2013/14 months 1-6 | Repeat domestic abuse | 50.0% |" in text
    import placebudget as pb

    recalibrated = pb.load_case(new_case)
    assert recalibrated.interventions[0].effects[0].confidence == 2
    # the two impacts named apart: 0.268 net of the comparison group, 0.3778 the
    # before/after change the case's impact takes
    estimates = next(
        line
        for line in out.splitlines()
        if line.strip().startswith("Repeat domestic abuse ") and "months" not in line
    )
    assert estimates.split()[3:6] == ["0.268", "0.378", "0.450"]
    assert "net impact observed    gross impact observed    impact assumed" in out
    assert (
        "Repeat domestic abuse › impact: 0.45 -> 0.3778 (gross impact observed, the "
        "before/after change against the case's baseline; the net impact observed, "
        "against the comparison group's rate, is 0.268)"
    ) in out
    assert "(the case file's comments and layout kept)" in out


def test_the_recalibrated_case_keeps_every_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import placebudget as pb
    from placebudget.engine import evaluate, recalibrate
    from placebudget.examples import actuals_path
    from placebudget.io.actuals import load_actuals

    source = example_path("west_cheshire")
    new_case = tmp_path / "recalibrated.toml"
    assert (
        main(["evaluate", str(source), str(actuals_path()), "--recalibrated", str(new_case)]) == 0
    )
    capsys.readouterr()
    original, written = source.read_text().splitlines(), new_case.read_text().splitlines()
    comments = [line for line in original if line.lstrip().startswith("#")]
    assert comments
    assert [line for line in written if line.lstrip().startswith("#")] == comments
    # the same lines in the same order, only the recalibrated values changed
    assert len(written) == len(original)
    changed = [(a, b) for a, b in zip(original, written, strict=True) if a != b]
    assert [a.split(" = ")[0] for a, _ in changed] == [
        "impact",
        "deadweight",
        "confidence",
        "impact",
        "deadweight",
        "confidence",
    ]
    case = pb.load_case(source)
    expected, _ = recalibrate(case, evaluate(pb.project(case), load_actuals(actuals_path())))
    assert pb.load_case(new_case) == expected


def test_a_recalibrated_json_or_themed_case_is_written_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import placebudget as pb
    from placebudget.examples import actuals_path
    from placebudget.io.case_file import dump_case

    case = pb.load_case(example_path("west_cheshire"))
    as_json = tmp_path / "case.json"
    dump_case(case, as_json)
    new_case = tmp_path / "recalibrated.yaml"
    assert (
        main(["evaluate", str(as_json), str(actuals_path()), "--recalibrated", str(new_case)]) == 0
    )
    assert (
        "(written in full (the case file's comments are not kept: only a TOML case "
        "file's are))" in capsys.readouterr().out
    )
    assert pb.load_case(new_case).interventions[0].effects[0].confidence == 2


def test_unit_costs_show_and_search_give_every_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit-costs", "show", "E&E1.0"]) == 0
    shown = capsys.readouterr().out
    assert "database             ucd-v1.4" in shown
    assert "fiscal value         9,800.00 GBP / person_year in 2012/13 prices" in shown
    assert "economic value       14,044.00 GBP / person_year in 2012/13 prices" in shown
    assert "social value         –" in shown
    assert "transfer payment     94.2% of the fiscal value (left out of public value)" in shown
    assert "level                headline" in shown
    assert "made up of           E&E1.0.1, E&E1.0.2" in shown
    assert main(["unit-costs", "show", "E&E1.0.1"]) == 0
    shown = capsys.readouterr().out
    assert "part of              E&E1.0" in shown
    assert "transfer payment     100.0% of the fiscal value" in shown
    assert main(["unit-costs", "search", "NVQ", "Level", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "code",
        "fiscal",
        "£",
        "economic",
        "£",
        "social",
        "£",
        "RAG",
        "transfer",
        "unit",
        "description",
    ]
    row = next(line for line in lines if line.strip().startswith("E&S5.0 "))
    assert row.split()[:5] == ["E&S5.0", "82.70", "443.00", "G", "100%"]


def test_cost_contacts_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    family = tmp_path / "family.toml"
    family.write_text(
        'unit_costs = "ucd-v1.2"\nprice_year = 2013\n'
        'id = "family_a"\nname = "Family A"\n'
        '[before]\n"CR6.0" = 5\n"HE3.0" = 5\n"SS18.2" = "20 hour"\n'
        '[after]\n"HE3.0" = 1\n',
        encoding="utf-8",
    )
    assert main(["cost-contacts", str(family)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Costed at ucd-v1.2 fiscal values in 2013/14 prices")
    rows = {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line.startswith("  ") and line.split()
    }
    # CR6.0 £593 (2006/07) × 5 uprated to 2013/14; HE3.0 £109 (2011/12) × 5 then × 1
    assert rows["CR6.0"][:2] == ["5.00", "item"]
    assert rows["SS18.2"][:2] == ["20.00", "hour"]
    assert rows["Police"] == ["£3,429", "£0", "£3,429"]
    assert rows["NHS"] == ["£565", "£113", "£452"]
    # SS18.2 is £57 an hour in 2012/13: 20 hours are £1,163 at 2013/14 prices
    assert rows["Local"] == ["Authority", "£1,163", "£0", "£1,163"]
    assert rows["Total"] == ["£5,158", "£113", "£5,045"]


def test_cost_contacts_costs_a_case_files_case_studies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import placebudget as pb

    path = example_path("troubled_families")
    assert main(["cost-contacts", str(path)]) == 0
    out = capsys.readouterr().out
    assert "is not a known key" not in out
    assert out.startswith(
        "Troubled families: key worker programme: its case studies "
        "costed at ucd-v1.2 fiscal values in 2013/14 prices"
    )
    # as a run costs them: with the case's database and price base, each contact
    # charged to the case's partner (by name) of the agency's kind
    (costed,) = pb.project(pb.load_case(path)).case_studies
    names = {p.id: p.name for p in pb.load_case(path).place.partners}
    rows = {
        line.rsplit("£", 3)[0].strip(): line.split()[-3:]
        for line in out.splitlines()
        if line.startswith("  ") and line.count("£") == 3
    }
    from placebudget.figures import format_money

    for payer, row in costed.by_agency().iterrows():
        assert rows[names.get(str(payer), str(payer))] == [
            format_money(row["before"]),
            format_money(row["after"]),
            format_money(row["saving"]),
        ]
    assert rows["Total"][0] == format_money(costed.before.total)
    # a case file with no case studies is refused plainly
    bare = tmp_path / "bare.toml"
    bare.write_text(example_path("west_cheshire").read_text())
    assert main(["cost-contacts", str(bare)]) == 1
    assert "is a case file with no [[case_studies]]" in capsys.readouterr().err


def test_cost_contacts_refuses_a_count_that_does_not_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    family = tmp_path / "family.json"
    family.write_text(
        '{"id": "f", "name": "F", "before": {"SS18.2": 3, "CR6.0": -1}}', encoding="utf-8"
    )
    assert main(["cost-contacts", str(family), "--database", "ucd-v1.2"]) == 1
    err = capsys.readouterr().err
    assert "before['CR6.0'].count: must be zero or more, got -1" in err
    assert "Traceback" not in err
    family.write_text('{"id": "f", "name": "F", "before": {"SS18.2": 3}}', encoding="utf-8")
    assert main(["cost-contacts", str(family), "--database", "ucd-v1.2"]) == 1
    assert "before['SS18.2'].count: SS18.2 is costed per hour" in capsys.readouterr().err


def test_run_opens_with_what_failure_costs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["demo", "-o", str(tmp_path / "r.md")]) == 0
    lines = capsys.readouterr().out.splitlines()
    title = next(i for i, line in enumerate(lines) if "What failure costs today" in line)
    headline = next(i for i, line in enumerate(lines) if "Present value of costs" in line)
    assert title < headline
    total = next(line for line in lines if line.split()[:1] == ["Total"])
    assert total.split()[1] == "£45,110,003"
    assert any("Family A cost £12,677 in a year as is" in line for line in lines)


def test_run_writes_the_live_model_or_with_values_only_the_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    case = str(example_path("west_cheshire"))
    assert main(["run", case, "-o", str(tmp_path / "live.xlsx")]) == 0
    live = load_workbook(tmp_path / "live.xlsx")
    assert live.sheetnames[:2] == ["Cover", "Summary"]
    assert "npbi" in live.defined_names
    assert main(["run", case, "-o", str(tmp_path / "values.xlsx"), "--values-only"]) == 0
    values = load_workbook(tmp_path / "values.xlsx")
    assert "Pooled budget" in values.sheetnames
    assert not [c for s in values for row in s.iter_rows() for c in row if c.data_type == "f"]
    capsys.readouterr()
    # only an Excel report has a value-only form: refused before anything is written
    assert main(["run", case, "-o", str(tmp_path / "r.md"), "--values-only"]) == 1
    assert "--values-only: only an Excel report" in capsys.readouterr().err
    assert not (tmp_path / "r.md").exists()
    assert main(["tornado", case, "-o", str(tmp_path / "t.xlsx"), "--values-only"]) == 0
    assert "Sensitivity" in load_workbook(tmp_path / "t.xlsx").sheetnames


def test_run_writes_the_figures_or_with_projection_the_raw_projection_as_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    from placebudget.report.data import CSV_COLUMNS

    case = str(example_path("west_cheshire"))
    assert main(["run", case, "-o", str(tmp_path / "figures.csv")]) == 0
    figures = pd.read_csv(tmp_path / "figures.csv", keep_default_na=False)
    assert tuple(figures.columns) == CSV_COLUMNS
    assert main(["run", case, "-o", str(tmp_path / "raw.csv"), "--projection"]) == 0
    raw = pd.read_csv(tmp_path / "raw.csv", keep_default_na=False)
    assert list(raw.columns)[:5] == [
        "variable",
        "intervention",
        "intervention_name",
        "partner",
        "partner_name",
    ]
    capsys.readouterr()
    # refused for any other format before any work
    assert (
        main(
            ["run", str(tmp_path / "missing.toml"), "-o", str(tmp_path / "r.json"), "--projection"]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "--projection: only a CSV report (-o FILE.csv) takes it" in err
    assert not (tmp_path / "r.json").exists()
