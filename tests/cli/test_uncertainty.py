"""``simulate``, ``tornado`` and ``aggregate`` from the command line: the figures they print
are the library's, reports carry them, bad input is one line, and progress is shown on a
terminal only."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.examples import example_path
from placebudget.report.tables import format_money, format_share

WEST = example_path("west_cheshire")


@pytest.fixture(scope="module")
def case() -> pb.Case:
    return pb.load_case(WEST)


def test_simulate_prints_the_library_figures(
    case: pb.Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "sim.json"
    assert main(["simulate", str(WEST), "--draws", "3000", "--seed", "4", "-o", str(report)]) == 0
    printed = capsys.readouterr()
    # not a terminal: no progress bar, only the case's warnings
    assert all(line.startswith("placebudget: warning:") for line in printed.err.splitlines())
    expected = pb.summarize(pb.simulate(case, draws=3000, seed=4))
    npbi = expected.table.loc["npbi"]
    line = next(
        row
        for row in printed.out.splitlines()
        if row.strip().startswith("Net present budget impact ")
    )
    assert line.split("impact", 1)[1].split() == [
        format_money(npbi[s]) for s in ("mean", "sd", "p5", "p50", "p95")
    ]
    chance = next(
        row
        for row in printed.out.splitlines()
        if row.strip().startswith("Net present budget impact above zero")
    )
    assert chance.split()[-1] == format_share(expected.probabilities["npbi > 0"])
    council = next(row for row in printed.out.splitlines() if row.strip().startswith("council "))
    assert council.split()[1] == format_money(expected.by_partner.loc["council", "mean_net"])
    assert "domestic_abuse › repeat_domestic_abuse › impact" in printed.out
    assert "stated in the case" in printed.out
    # each partner's net under each agreement option, over the same draws
    options = printed.out.split("under each agreement option", 1)[1]
    for option in ("as modelled", *case.agreements):
        assert f"  {option} " in options
    mixed = expected.by_option.loc[("mixed", "council")]
    row = next(line for line in options.splitlines() if line.strip().startswith("mixed"))
    assert row.split()[1:4] == [
        "council",
        format_money(mixed["mean_net"]),
        format_money(mixed["p5_net"]),
    ]
    document = json.loads(report.read_text())
    mean = next(r["mean"] for r in document["monte_carlo"] if r["metric"] == "npbi")
    assert mean == pytest.approx(npbi["mean"])


def test_simulate_without_spread_varies_only_the_stated_inputs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", str(WEST), "--draws", "200", "--seed", "1", "--spread", "none"]) == 0
    printed = capsys.readouterr().out
    assert "Inputs drawn (2;" in printed  # the case's two [uncertainty] entries


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--draws", "1"], "Invalid value for '--draws'"),
        (["--draws", "many"], "Invalid value for '--draws'"),
        (["-o", str(WEST), "-f", "markdown"], "is an input of this run"),
        (["-o", str(WEST)], "no report format writes .toml"),
        (["-o", "/no/such/folder/r.md"], "does not exist"),
    ],
)
def test_simulate_refuses_bad_arguments(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(WEST), *arguments]) != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_run_says_it_found_uncertainty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(WEST)]) == 0
    printed = capsys.readouterr().out
    assert "The case has 2 [uncertainty] distributions" in printed
    assert f"placebudget simulate {WEST} --draws 10000 --seed 1" in printed


def test_tornado_prints_the_library_table(
    case: pb.Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "sensitivity.md"
    assert main(["tornado", str(WEST), "-o", str(report)]) == 0
    printed = capsys.readouterr().out
    expected = pb.tornado(case)
    rows = [row.strip() for row in printed.splitlines() if " › " in row]
    assert [row.split("  ")[0] for row in rows] == list(expected.index)
    first = expected.iloc[0]
    assert format_money(first["metric_low"]) in rows[0]
    assert format_money(first["swing"]) in rows[0]
    assert f"{first['switching_value']:,.3f}" in rows[0]
    # each row shows the range it used and whether it crosses break-even within it
    for row, (name, found) in zip(rows, expected.iterrows(), strict=True):
        assert found["range_source"] in row, name
        assert row.endswith("yes" if found["crosses"] else "no"), name
    assert "never" in printed
    # the sentence counts exactly the rows whose switching value lies within their range
    crossing = int(expected["crosses"].sum())
    assert crossing == 1  # the stated PERT's low impact, 0.2, is below break-even (0.273)
    assert f"{crossing} of {len(expected)} inputs alone could make npbi cross 0" in printed
    assert "switching value" in report.read_text().lower()


def test_tornado_uses_the_ranges_the_case_states(
    case: pb.Case, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tornado", str(WEST)]) == 0
    printed = capsys.readouterr().out
    impact = next(
        row
        for row in printed.splitlines()
        if row.strip().startswith("domestic_abuse › repeat_domestic_abuse › impact")
    )
    assert impact.split()[5:10] == ["0.450", "0.200", "0.600", "stated", "in"]
    cost = next(
        row
        for row in printed.splitlines()
        if row.strip().startswith("domestic_abuse › costs › intervention")
    )
    assert cost.split()[5:8] == ["1.000", "0.900", "1.400"]
    assert cost.rstrip().endswith("no")


def test_tornado_on_a_ratio(case: pb.Case, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tornado", str(WEST), "--metric", "bcr"]) == 0
    printed = capsys.readouterr().out
    bcr = pb.project(case).appraise().bcr
    assert f"one-way sensitivity of bcr ({bcr:.2f} as appraised" in printed
    assert "£" not in printed.split("bcr at high", 1)[1].splitlines()[1]


@pytest.fixture
def places(tmp_path: Path) -> Path:
    path = tmp_path / "places.csv"
    path.write_text(
        "place,name,intake_scale,value_scale,cost_scale\n"
        "wigan,Wigan,1.0,1.0,1.0\nbolton,Bolton,2.0,1.1,1.2\n"
        "bury,Bury,0.5,0.9,0.8\n"
    )
    return path


def national_lines(printed: str) -> dict[str, str]:
    lines = printed.split("By department")[0].splitlines()[2:]
    return {" ".join(line.split()[:-1]): line.split()[-1] for line in lines if line.strip()}


@pytest.mark.parametrize("scheduler", ["threads", "processes"])
def test_aggregate_on_local_schedulers(
    case: pb.Case, places: Path, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "aggregate",
                str(WEST),
                str(places),
                "--draws",
                "50",
                "--seed",
                "3",
                "--chunks",
                "2",
                "--scheduler",
                scheduler,
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    from placebudget.io.places import read_places

    expected = pb.aggregate(case, read_places(places), draws=50, seed=3).national()
    shown = national_lines(printed)
    assert shown["Net present budget impact"] == format_money(expected["npbi"])
    assert shown["Present value of costs"] == format_money(expected["pv_cost"])
    assert "across 3 places (means over draws" in printed
    assert "Department of Health" in printed


def test_aggregate_on_a_distributed_scheduler(
    case: pb.Case, places: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    ) as cluster:
        assert (
            main(["aggregate", str(WEST), str(places), "--scheduler", cluster.scheduler_address])
            == 0
        )
    printed = capsys.readouterr().out
    from placebudget.io.places import read_places

    expected = pb.aggregate(case, read_places(places)).national()
    assert national_lines(printed)["Net present budget impact"] == format_money(expected["npbi"])


@pytest.mark.parametrize("suffix", [".csv", ".json", ".md", ".xlsx"])
def test_aggregate_writes_its_tables(
    case: pb.Case, places: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from placebudget.io.places import read_places

    output = tmp_path / f"national{suffix}"
    assert main(["aggregate", str(WEST), str(places), "-o", str(output)]) == 0
    assert f"Tables written to {output}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["national" + suffix, "places.csv"]
    computed = pb.aggregate(case, read_places(places))
    national, kinds = computed.national(), computed.by_partner_kind()
    if suffix == ".csv":
        rows = pd.read_csv(output)
        assert list(rows.columns) == ["table", "row", "figure", "value", "unit"]
        assert list(rows["table"].unique()) == [
            "national",
            "by_place",
            "by_partner_kind",
            "by_department",
        ]
        npbi = rows[(rows["table"] == "national") & (rows["figure"] == "npbi")]
        assert npbi["value"].item() == pytest.approx(national["npbi"], abs=0.005)
        assert npbi["unit"].item() == "GBP"
        share = rows[
            (rows["table"] == "by_partner_kind")
            & (rows["row"] == "nhs")
            & (rows["figure"] == "share_of_net_benefit")
        ]
        assert share["value"].item() == pytest.approx(kinds.loc["nhs", "share_of_net_benefit"])
        assert set(rows[rows["table"] == "by_place"]["row"]) == {"wigan", "bolton", "bury"}
    elif suffix == ".json":
        document = json.loads(output.read_text())
        assert document["tables"]["national"]["npbi"] == round(national["npbi"], 2)
        bolton = next(r for r in document["tables"]["by_place"] if r["place"] == "bolton")
        assert bolton["place_name"] == "Bolton"
        assert document["units"]["bcr"] == "ratio"
    elif suffix == ".md":
        text = output.read_text()
        assert f"| Net present budget impact | {format_money(national['npbi'])} |" in text
        assert "| Partner kind | PV cost |" in text  # the catalogue's labels
        assert "| NHS |" in text
        assert "| Bolton |" in text
    else:
        from openpyxl import load_workbook

        book = load_workbook(output)
        assert book.sheetnames == [
            "National totals",
            "By place",
            "By partner kind",
            "By department",
        ]
        sheet = book["By partner kind"]
        assert [c.value for c in sheet[2]][:2] == ["Partner kind", "PV cost"]
        assert sheet["B3"].number_format.startswith('"£"#,##0')


def test_aggregate_refuses_an_unknown_suffix_before_computing(
    places: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import placebudget.engine

    def computing(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed")

    monkeypatch.setattr(placebudget.engine, "aggregate", computing)
    assert main(["aggregate", str(WEST), str(places), "-o", str(tmp_path / "t.pdf")]) == 1
    err = capsys.readouterr().err
    assert "aggregate writes .csv, .json, .md or .xlsx, not .pdf" in err
    assert not (tmp_path / "t.pdf").exists()
    assert main(["aggregate", str(WEST), str(places), "-o", str(places)]) == 1
    assert "is an input of this run" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,intake_scale\nwigan,1\n", "must have a 'place' column"),
        ("place,intake_scale\nwigan,-1\n", "places['wigan'].intake_scale: must be a finite"),
        ("place,intake_scale\nwigan,=1+1\n", "places['wigan'].intake_scale: must be a finite"),
        ("place,intake_scales\nwigan,1\n", "places.intake_scales: is not a place table column"),
        ("place,intake_scale\nwigan,1,2\n", "row 2: has 3 cells for 2 columns"),
        ("", "is empty"),
    ],
)
def test_aggregate_reports_a_bad_place_table(
    tmp_path: Path, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "places.csv"
    path.write_text(text)
    assert main(["aggregate", str(WEST), str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_aggregate_refuses_an_unreachable_scheduler(
    places: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["aggregate", str(WEST), str(places), "--scheduler", "tcp://127.0.0.1:9"]) == 1
    assert "cannot connect to a dask scheduler" in capsys.readouterr().err


@pytest.mark.parametrize("chunks", ["0", "-2", "1.5", "lots"])
def test_aggregate_refuses_bad_chunks(
    places: Path, chunks: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["aggregate", str(WEST), str(places), "--chunks", chunks]) == 2
    err = capsys.readouterr().err
    assert (
        f"Invalid value for '--chunks': must be a whole number of places of 1 or more, "
        f"or 'auto', got '{chunks}'" in err
    )
    assert "Traceback" not in err


def _stderr_on_a_terminal(arguments: list[str], cwd: Path) -> tuple[int, str, bytes]:
    """Run the command with standard error on a pseudo-terminal; its exit code, standard
    output (a pipe) and what the terminal received."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "placebudget.cli", *arguments],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=cwd,
        env=env,
    )
    os.close(follower)
    received = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed when the process ended
                break
            if not chunk:
                break
            received += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=60), out, received


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        (["simulate", str(WEST), "--draws", "20000", "--seed", "1"], b"Monte Carlo, 20,000 draws"),
        (["tornado", str(WEST)], b"Sensitivity"),
        (["run", str(WEST), "-o", "report.html"], b"Appraisal: appraisal, agreements and"),
    ],
)
def test_progress_on_a_terminal_and_none_on_a_pipe(
    tmp_path: Path, arguments: list[str], shown: bytes
) -> None:
    code, out, terminal = _stderr_on_a_terminal(arguments, tmp_path)
    assert code == 0
    assert shown in terminal
    assert b"\x1b[" in terminal  # drawn (and cleared) with terminal control codes
    assert shown.decode() not in out  # standard output stays clean for a pipe
    piped = subprocess.run(
        [sys.executable, "-m", "placebudget.cli", *arguments],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    assert piped.returncode == 0
    assert all(line.startswith(b"placebudget: warning:") for line in piped.stderr.splitlines())
    assert piped.stdout.decode() == out


def test_aggregate_progress_on_a_terminal(places: Path, tmp_path: Path) -> None:
    code, out, terminal = _stderr_on_a_terminal(
        ["aggregate", str(WEST), str(places), "--draws", "20", "--chunks", "1"], tmp_path
    )
    assert code == 0
    assert b"3 places" in terminal
    assert "By department" in out


def test_places_from_a_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from placebudget.io.places import read_places

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["place", "intake_scale"], ["wigan", 1.5], ["bolton", "2"]):
        sheet.append(row)
    book.save(tmp_path / "places.xlsx")
    frame = read_places(tmp_path / "places.xlsx")
    pd.testing.assert_frame_equal(
        frame,
        pd.DataFrame(
            {"intake_scale": [1.5, 2.0]}, index=pd.Index(["wigan", "bolton"], name="place")
        ),
    )
