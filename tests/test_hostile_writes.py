"""Writes that never harm, through the real command line in subprocesses (memory cap and
timeout, as ``test_hostile.py``): a writer killed outright leaves a partial file that the
next write removes; the sweep of such files never touches a user's file; a disk that
fills up (``RLIMIT_FSIZE``, with SIGXFSZ ignored so that a write fails with EFBIG) gives
one clear line, no traceback and nothing left behind in every format; a rewritten report
keeps its permissions and a read-only one is refused; no output of a command lands on a
file it reads or on another of its outputs."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import _hostile as hostile
import pytest

from placebudget.examples import example_path

TIMEOUT = 300  # seconds for each run (a full disk is slow to reach)
TOML = example_path("troubled_families").read_text(encoding="utf-8")
WEST = example_path("west_cheshire").read_text(encoding="utf-8")
ACTUALS = (example_path("west_cheshire").parent / "west_cheshire_actuals.csv").read_text()
DEFLATORS = "financial year,index\n" + "".join(
    f"{year},{80 + (year - 1990) * 0.7:.2f}\n" for year in range(1990, 2031)
)


def cli(*args: str, cwd: Path, file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    return hostile.cli(*args, cwd=cwd, timeout=TIMEOUT, file_size=file_size)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _kill_while_writing(folder: Path, *args: str) -> list[str]:
    """Run the command and SIGKILL it once its temporary file has content; the hidden
    files it left."""
    process = subprocess.Popen(
        [sys.executable, "-m", "placebudget.cli", *args],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=hostile.env(),
        preexec_fn=hostile.limits(),
    )
    deadline = time.monotonic() + TIMEOUT
    try:
        while process.poll() is None:
            assert time.monotonic() < deadline
            partial = [p for p in folder.iterdir() if "placebudget-tmp" in p.name]
            if any(p.exists() and p.stat().st_size > 0 for p in partial):
                process.kill()
                break
            time.sleep(0.001)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the write finished before it was killed"
    return _hidden(folder)


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (["simulate", "c.toml", "--draws", "100000", "--seed", "1"], "r.nc"),
        (["run", "c.toml"], "r.xlsx"),
    ],
    ids=["netcdf", "xlsx"],
)
def test_a_write_killed_outright_is_cleaned_up_by_the_next(
    command: list[str], output: str, tmp_path: Path
) -> None:
    (tmp_path / "c.toml").write_text(TOML)
    (tmp_path / output).write_bytes(b"the previous report")
    left = _kill_while_writing(tmp_path, *command, "-o", output)
    assert len(left) == 1, left  # one level of temporary file, never one inside another
    assert left[0].startswith(f".{output}.placebudget-tmp-")
    assert (tmp_path / output).read_bytes() == b"the previous report"
    run = cli(*command, "-o", output, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert _hidden(tmp_path) == []  # the partial file is gone
    assert (tmp_path / output).read_bytes()[:4] in (b"PK\x03\x04", b"\x89HDF")


#: Users' files beside an output that an earlier sweep took for its own.
USERS_FILES = (
    ".budget.original.xlsx",
    ".budget.final_v2.xlsx",
    ".budget.xlsx.a1b2c3d4.tmp",
    ".notes.20240101.md",
    ".notes.md.x1y2z3w4.tmp",
    ".data.previous.nc",
    ".budget.xlsx.placebudget-tmp-notours.xlsx",
)


def test_the_sweep_never_touches_a_users_file(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(TOML)
    old = time.time() - 7 * 24 * 3600
    for name in USERS_FILES:
        (tmp_path / name).write_text("mine")
        os.utime(tmp_path / name, (old, old))
    for output in ("budget.xlsx", "notes.md", "data.nc"):
        run = cli("run", "c.toml", "-o", output, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    assert _hidden(tmp_path) == sorted(USERS_FILES)
    assert all((tmp_path / name).read_text() == "mine" for name in USERS_FILES)


@pytest.mark.parametrize(
    ("command", "output", "limit"),
    [
        (["simulate", "c.toml", "--draws", "2000", "--seed", "1"], "r.nc", 2_000),
        (["simulate", "c.toml", "--draws", "2000", "--seed", "1"], "r.nc", 40_000),
        (["run", "c.toml"], "r.xlsx", 10_000),
        (["run", "c.toml", "--values-only"], "r.xlsx", 5_000),
        (["run", "c.toml"], "r.docx", 2_000),
        (["run", "c.toml"], "r.docx", 40_000),
        (["run", "c.toml"], "r.md", 5_000),
        (["run", "c.toml"], "r.csv", 5_000),
    ],
    ids=[
        "netcdf-early",
        "netcdf-late",
        "xlsx",
        "xlsx-values",
        "docx-early",
        "docx-late",
        "md",
        "csv",
    ],
)
def test_a_full_disk_is_one_clear_line(
    command: list[str], output: str, limit: int, tmp_path: Path
) -> None:
    (tmp_path / "c.toml").write_text(TOML)
    run = cli(*command, "-o", output, cwd=tmp_path, file_size=limit)
    assert run.returncode == 1, run.stderr[-3000:]
    assert "Traceback" not in run.stderr + run.stdout
    assert "Exception ignored" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr[-3000:]
    assert f"{output} was not written: the file would be larger than the system allows" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.toml"]  # nothing left behind


@pytest.mark.parametrize("output", ["r.md", "r.xlsx", "r.nc", "r.docx"])
def test_a_rewritten_report_keeps_its_permissions(output: str, tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(TOML)
    (tmp_path / output).write_bytes(b"the previous report")
    os.chmod(tmp_path / output, 0o600)
    run = cli("run", "c.toml", "-o", output, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / output).read_bytes() != b"the previous report"
    assert stat.S_IMODE((tmp_path / output).stat().st_mode) == 0o600


def test_a_read_only_report_is_refused_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(TOML)
    (tmp_path / "r.md").write_text("signed off")
    os.chmod(tmp_path / "r.md", 0o444)
    run = cli("run", "c.toml", "-o", "r.md", cwd=tmp_path)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "r.md is read-only, so it is not replaced" in run.stderr
    assert (tmp_path / "r.md").read_text() == "signed off"
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o444


def _files(folder: Path) -> None:
    (folder / "deflators.csv").write_text(DEFLATORS)
    (folder / "sub").mkdir()
    os.link(folder / "deflators.csv", folder / "hard.csv")
    (folder / "link.csv").symlink_to(folder / "deflators.csv")
    named = 'deflators = { file = "deflators.csv" }'
    (folder / "c.toml").write_text(TOML.replace('deflators = "hmt-2025-12"', named))
    (folder / "wc.toml").write_text(WEST.replace('deflators = "hmt-2025-12"', named))
    (folder / "actuals.csv").write_text(ACTUALS)
    import docx

    docx.Document().save(str(folder / "paper.docx"))  # a council's Word template


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["run", "c.toml", "-o", "deflators.csv"], "is an input of this run (deflators.csv)"),
        (["run", "c.toml", "-o", "./sub/../deflators.csv"], "is an input of this run"),
        (["run", "c.toml", "-o", "hard.csv"], "is an input of this run (deflators.csv)"),
        (["run", "c.toml", "-o", "link.csv"], "is an input of this run (deflators.csv)"),
        (["tornado", "c.toml", "-o", "deflators.csv"], "is an input of this run"),
        (["simulate", "c.toml", "--draws", "10", "-o", "hard.csv"], "is an input of this run"),
        (["run", "c.toml", "-o", "paper.docx", "--template", "paper.docx"], "of --template"),
        (["evaluate", "wc.toml", "actuals.csv", "-o", "actuals.csv"], "is an input of this run"),
        (["evaluate", "wc.toml", "actuals.csv", "-o", "deflators.csv"], "is an input of this run"),
        (["evaluate", "wc.toml", "actuals.csv", "--recalibrated", "wc.toml"], "is an input"),
        (["evaluate", "wc.toml", "actuals.csv", "--recalibrated", "actuals.csv"], "is an input"),
        (["evaluate", "wc.toml", "actuals.csv", "--recalibrated", "hard.csv"], "is an input"),
        (
            ["evaluate", "wc.toml", "actuals.csv", "-o", "new.json", "--recalibrated", "new.json"],
            "is also the file of --recalibrated (new.json)",
        ),
        (
            [
                "evaluate",
                "wc.toml",
                "actuals.csv",
                "-f",
                "json",
                "--recalibrated",
                "wc-evaluation.json",
            ],
            "-o wc-evaluation.json is also the file of --recalibrated",
        ),
    ],
)
def test_no_output_lands_on_a_file_the_command_reads_or_writes(
    command: list[str], expected: str, tmp_path: Path
) -> None:
    _files(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    run = cli(*command, cwd=tmp_path)
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert expected in run.stderr, run.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # nothing written, nothing changed
