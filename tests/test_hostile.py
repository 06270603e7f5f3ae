"""Hostile and broken input: a corpus generated here (nothing large is committed), each
item run through the real command line in a subprocess under a memory cap and a timeout, so
a regression fails instead of hanging CI or exhausting the machine. Every item must end in
one message and a non-zero exit (or a clean run where the input is merely odd), never a
traceback; no file of the run may change and no temporary file may remain."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _hostile import TIMEOUT, cli, limits

from placebudget.examples import example_path

BASE: dict[str, Any] = tomllib.loads(example_path("troubled_families").read_text())


def case(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def with_effect(**changes: Any) -> dict[str, Any]:
    data = case()
    data["interventions"][0]["effects"][0].update(changes)
    return data


def json_file(name: str, data: Any) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
        return ["validate", name]

    return make


def text_file(name: str, text: str | bytes, *command: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return [*(command or ("validate",)), name]

    return make


TOML = example_path("troubled_families").read_text(encoding="utf-8")


def _fifo_database(folder: Path) -> list[str]:
    os.mkfifo(folder / "costs.csv")
    (folder / "case.json").write_text(json.dumps(case(unit_costs="costs.csv")))
    return ["validate", "case.json"]


def _fifo_deflators(folder: Path) -> list[str]:
    os.mkfifo(folder / "deflators.csv")
    (folder / "case.json").write_text(json.dumps(case(deflators={"file": "deflators.csv"})))
    return ["validate", "case.json"]


def _fifo_actuals(folder: Path) -> list[str]:
    os.mkfifo(folder / "actuals.csv")
    (folder / "case.json").write_text(json.dumps(case()))
    return ["evaluate", "case.json", "actuals.csv"]


def _symlink_loop(folder: Path) -> list[str]:
    (folder / "a.toml").symlink_to(folder / "b.toml")
    (folder / "b.toml").symlink_to(folder / "a.toml")
    return ["validate", "a.toml"]


def _zip_bomb(folder: Path) -> list[str]:
    with zipfile.ZipFile(folder / "costs.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MiB of zeros in well under a megabyte
                member.write(block)
    return ["unit-costs", "search", "police", "--database", "costs.xlsx"]


def _output_is_the_case(folder: Path) -> list[str]:
    (folder / "c.json").write_text(json.dumps(case()))
    return ["run", "c.json", "-o", "c.json"]


def _missing_folder(folder: Path) -> list[str]:
    (folder / "c.json").write_text(json.dumps(case()))
    return ["run", "c.json", "-o", "nowhere/report.md"]


def _formula_line(folder: Path) -> list[str]:
    # a unit cost CSV in the v1.2 column order (category, detail, code, description,
    # agency, agency detail, unit, cost, price year, updated cost, source, RAG)
    (folder / "costs.csv").write_text(
        "CRIME,ANTI-SOCIAL BEHAVIOUR,CR1.0,Further action,Police,,Per incident,=1+1,"
        "2002/03,,LSE 2003,R\n"
        "CRIME,ANTI-SOCIAL BEHAVIOUR,CR1.1,No further action,Police,,Per incident,35,"
        "2002/03,,LSE 2003,R\n",
        encoding="utf-8",
    )
    return ["unit-costs", "show", "CR1.1", "--database", "costs.csv"]


def _deep_yaml() -> str:
    return "a: " + "[" * 200 + "]" * 200 + "\n"


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _set_cost_amount(amount: str) -> dict[str, Any]:
    data = case()
    data["interventions"][0]["costs"][1]["amounts"] = {"2013": amount}
    return data


def _set_cohort_unit(unit: str) -> dict[str, Any]:
    data = case()
    data["interventions"][0]["cohort"]["unit"] = unit
    return data


def _set_intake(value: float) -> dict[str, Any]:
    data = case()
    data["interventions"][0]["cohort"]["intake"]["2013"] = value
    return data


#: name → (make the input and return the command, exit code, text the message must hold)
CORPUS: dict[str, tuple[Callable[[Path], list[str]], int, str]] = {
    "expression in a per-participant cost": (
        text_file(
            "c.toml",
            TOML.replace(
                'per_participant = "3400 GBP/family"',
                'per_participant = "3400 GBP/family * 10**10**10"',
            ),
        ),
        1,
        "with no arithmetic",
    ),
    "expression in a cost line amount": (
        json_file("c.json", _set_cost_amount("150000 GBP * 10**10**10")),
        1,
        "with no arithmetic",
    ),
    "expression in a unit value": (
        json_file(
            "c.json",
            with_effect(
                fiscal={"nhs": {"amount": "415 GBP/incident * 10**10**10", "price_year": 2013}}
            ),
        ),
        1,
        "with no arithmetic",
    ),
    "expression in a cohort unit": (
        json_file("c.json", _set_cohort_unit("family * 10**10**10")),
        1,
        "with no arithmetic",
    ),
    "money that is not a number": (
        json_file(
            "c.json",
            with_effect(fiscal={"nhs": {"amount": "lots GBP/incident", "price_year": 2013}}),
        ),
        1,
        "must be a number and a unit",
    ),
    "YAML alias bomb": (text_file("c.yaml", ALIAS_BOMB), 1, "aliases (*name) are not allowed"),
    "deep YAML": (text_file("c.yaml", _deep_yaml()), 1, "nesting deeper than 32"),
    "deep JSON": (
        text_file("c.json", "[" * 100_000 + "]" * 100_000),
        1,
        "deeper than the limit of 32",
    ),
    "deep TOML": (
        text_file("c.toml", "a = " + "[" * 50_000 + "]" * 50_000 + "\n"),
        1,
        "deeper than the limit of 32",
    ),
    "case file too large": (
        text_file("c.toml", "# " + "x" * (9 * 1024 * 1024) + "\n"),
        1,
        "larger than the limit of 8.0 MiB",
    ),
    "not UTF-8": (text_file("c.toml", b'name = "\xff\xfe"\n'), 1, "is not UTF-8 text"),
    "a directory as the case": (
        lambda folder: (folder / "d.toml").mkdir() or ["validate", "d.toml"],
        1,
        "is not a regular file",
    ),
    "a FIFO as the unit cost database": (_fifo_database, 1, "is not a regular file"),
    "a FIFO as the deflator file": (_fifo_deflators, 1, "is not a regular file"),
    "a FIFO as the actuals": (_fifo_actuals, 1, "is not a regular file"),
    "a symlink loop": (_symlink_loop, 1, "symbolic links"),
    "an xlsx decompression bomb": (_zip_bomb, 1, "a decompression bomb"),
    "-o is the case file": (_output_is_the_case, 1, "is an input of this run"),
    "-o in a missing folder": (_missing_folder, 1, "does not exist"),
    "text where a table is expected": (
        json_file("c.json", case(place="borough")),
        1,
        "place: must be a table of Place fields",
    ),
    "horizon 6.5": (
        json_file("c.json", case(horizon=6.5)),
        1,
        "horizon: must be a whole number, got 6.5",
    ),
    "horizon true": (
        json_file("c.json", case(horizon=True)),
        1,
        "horizon: must be a whole number, got True",
    ),
    "horizon 1e6": (json_file("c.json", case(horizon=1e6)), 1, "horizon: must be a whole"),
    "horizon a million": (
        json_file("c.json", case(horizon=1_000_000)),
        1,
        "horizon: must be at most 300",
    ),
    "a number as text": (
        json_file("c.json", with_effect(baseline="1.2")),
        1,
        "baseline: must be a number, got '1.2'",
    ),
    "a number for a name": (json_file("c.json", case(name=12)), 1, "name: must be text"),
    "an intake that overflows": (
        json_file("c.json", _set_intake(1e308)),
        1,
        "beyond the largest number",
    ),
    "a unit cost line that is a formula": (_formula_line, 0, "'=1+1' is not a number"),
    "a lag past the horizon": (
        json_file("c.json", with_effect(lag=10)),
        0,
        "key_workers › domestic_violence: the 2013/14, 2014/15 and 2015/16 intakes'",
    ),
}


def _snapshot(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            found[path.name] = "-"
            continue
        found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_input(name: str, tmp_path: Path) -> None:
    make, code, expected = CORPUS[name]
    command = make(tmp_path)
    before = _snapshot(tmp_path)
    run = cli(*command, cwd=tmp_path)
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output[-3000:]
    assert run.returncode == code, output[-3000:]
    assert expected in output, output[-3000:]
    assert _snapshot(tmp_path) == before  # nothing changed, nothing left behind


#: Text a spreadsheet would take for a formula (or a DDE command) if it were not written
#: as text: by its first character, ``=``, ``+``, ``-`` or ``@``.
FORMULAS = ('=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)")


def test_markup_and_formulas_from_a_case_are_inert(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt
    from openpyxl import load_workbook

    data = case(
        name="<script>alert(1)</script> [x](javascript:alert(1)) \\[y\\](http://evil.example)"
    )
    data["place"]["name"] = f"{FORMULAS[0]} <img src=x onerror=alert(1)>"
    data["place"]["partners"][1]["name"] = FORMULAS[1]
    data["place"]["partners"][2]["name"] = FORMULAS[3]
    data["interventions"][0]["name"] = FORMULAS[2]
    data["place"]["partners"][0]["id"] = "-council"
    for effect in data["interventions"][0]["effects"]:
        effect["fiscal"] = {
            ("-council" if k == "council" else k): v for k, v in effect["fiscal"].items()
        }
    for line in data["interventions"][0]["costs"]:
        line["partner"] = "-council" if line["partner"] == "council" else line["partner"]
    (tmp_path / "c.json").write_text(json.dumps(data))
    for output in ("r.md", "r.csv", "r.xlsx", "values.xlsx"):
        values = ["--values-only"] if output == "values.xlsx" else []
        run = cli("run", "c.json", "-o", output, *values, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    # the Markdown as a renderer reads it: no link, image, autolink or HTML of any form
    text = (tmp_path / "r.md").read_text()
    parser = MarkdownIt("commonmark").enable("table")
    tokens = [t for block in parser.parse(text) for t in [block, *(block.children or [])]]
    assert not [t for t in tokens if t.type in ("link_open", "image", "html_inline", "html_block")]
    rendered = parser.render(text)
    assert "<a " not in rendered
    assert "<img" not in rendered
    assert "<script" not in rendered
    assert "&lt;script&gt;" in rendered  # shown as the text it is
    csv_text = (tmp_path / "r.csv").read_text()
    assert "\n-council" not in csv_text
    assert ",-council," not in csv_text
    assert ",'-council," in csv_text
    # both workbooks: every cell holding a case's formula-looking text (ids, names, and
    # the texts made of them) is text with a quote prefix, never a formula
    for name in ("r.xlsx", "values.xlsx"):
        book = load_workbook(tmp_path / name)
        found = [
            c
            for sheet in book
            for row in sheet.iter_rows()
            for c in row
            if isinstance(c.value, str)
            and c.value[:1] in "=+-@"
            and any(f in c.value for f in (*FORMULAS, "-council"))
        ]
        assert {
            f for f in (*FORMULAS, "-council") if any(c.value.startswith(f) for c in found)
        } == {
            *FORMULAS,
            "-council",
        }, name
        assert [
            (c.parent.title, c.coordinate, c.value)
            for c in found
            if c.data_type != "s" or not c.quotePrefix
        ] == [], name


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(TOML)
    (tmp_path / "r.xlsx").write_bytes(b"the previous report")
    env = {**os.environ, "PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "import placebudget.report.workbook as workbook\n"
            "original = workbook._resolve\n"
            "def slow(*args, **kwargs):\n"
            "    original(*args, **kwargs)\n"
            "    print('writing', flush=True)\n"
            "    time.sleep(60)\n"
            "workbook._resolve = slow\n"
            "from placebudget.cli import main\n"
            "sys.exit(main(['run', 'c.toml', '-o', 'r.xlsx']))\n",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=limits(),
    )
    assert process.stdout is not None
    deadline = time.monotonic() + TIMEOUT
    while "writing" not in process.stdout.readline():
        assert time.monotonic() < deadline
        assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err
    assert (tmp_path / "r.xlsx").read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.toml", "r.xlsx"]


def test_stale_temporary_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    # a writer killed outright (SIGKILL) halfway through the workbook, beside users'
    # files whose names an earlier sweep took for its own (".r.<8 characters>.xlsx")
    (tmp_path / "c.toml").write_text(TOML)
    users = [".r.original.xlsx", ".r.a1b2c3d4.xlsx", ".r.xlsx.final_v2.tmp"]
    for name in users:
        (tmp_path / name).write_text("someone else's")
        os.utime(tmp_path / name, (time.time() - 3600, time.time() - 3600))
    env = {**os.environ, "PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "import placebudget.report.workbook as workbook\n"
            "def halfway(source, target, *args):\n"
            "    target.write(b'half a workbook')\n"
            "    target.flush()\n"
            "    print('writing', flush=True)\n"
            "    time.sleep(60)\n"
            "workbook.store_values = halfway\n"
            "from placebudget.cli import main\n"
            "sys.exit(main(['run', 'c.toml', '-o', 'r.xlsx']))\n",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=limits(),
    )
    assert process.stdout is not None
    deadline = time.monotonic() + TIMEOUT
    while "writing" not in process.stdout.readline():
        assert time.monotonic() < deadline
        assert process.poll() is None
    process.kill()
    process.communicate(timeout=60)
    partial = sorted(set(tmp_path.iterdir()) - {tmp_path / n for n in [*users, "c.toml"]})
    assert len(partial) == 1  # one temporary file, not one inside another
    assert partial[0].read_bytes() == b"half a workbook"
    run = cli("run", "c.toml", "-o", "r.xlsx", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert not partial[0].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*users, "c.toml", "r.xlsx"])
    assert all((tmp_path / name).read_text() == "someone else's" for name in users)
