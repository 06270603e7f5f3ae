"""Hostile output: what the command line prints and writes from a case made by someone
else, and how it ends when something goes wrong. Each item runs the real command line in
a subprocess under a memory cap and a timeout (as ``test_hostile.py``): a case's names
cannot drive the terminal (escape sequences, BEL, C1 controls) nor be read as rich
markup, nor make a link in the Markdown report; a plugin ending the process, a missing
dask, a bad ``--scheduler`` or ``--seed`` are each one clear line and a non-zero exit."""

from __future__ import annotations

import copy
import json
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import _hostile as hostile
import pytest
from _hostile import TIMEOUT
from markdown_it import MarkdownIt

from placebudget.examples import example_path

BASE: dict[str, Any] = tomllib.loads(example_path("troubled_families").read_text())
ESC, BEL = "\x1b", "\x07"

#: Names that would act on a terminal printed raw: an OSC 52 clipboard write, an OSC 8
#: hidden link, a screen clear and cursor move, a window title, a C1 CSI, DEL, a bidi
#: override, and rich markup (a style and a link).
HOSTILE_NAMES = {
    "case": f"Case {ESC}]52;c;ZXZpbA=={BEL} [bold red]styled[/bold red]",
    "place": f"Place {ESC}]8;;http://evil.example{ESC}\\hidden{ESC}]8;;{ESC}\\ [link=http://e]l[/link]",
    "partner": f"Council {ESC}[2J{ESC}[H{BEL}",
    "intervention": f"Key workers {ESC}]0;pwned{BEL}\x9b31m\x7f\u202eevil",
}

#: What no output may hold: ESC, BEL, DEL, the C1 CSI and the bidi override.
RAW_CONTROLS = (b"\x1b", b"\x07", b"\x7f", "\x9b".encode(), "\u202e".encode())


def run_python(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``python -c code args`` in ``cwd``, capped, its output as bytes."""
    return hostile.run_python(code, *args, cwd=cwd, text=False)


def cli(*args: str, cwd: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    """The real command line, its output as bytes (so that every byte is seen)."""
    return hostile.cli(*args, cwd=cwd, timeout=timeout, text=False)


def hostile_case(folder: Path, **names: str) -> str:
    """The troubled families case with ``names`` (by :data:`HOSTILE_NAMES` keys), as
    ``c.json`` in ``folder``."""
    data = copy.deepcopy(BASE)
    named = {**HOSTILE_NAMES, **names}
    data["name"] = named["case"]
    data["place"]["name"] = named["place"]
    data["place"]["partners"][0]["name"] = named["partner"]
    data["interventions"][0]["name"] = named["intervention"]
    (folder / "c.json").write_text(json.dumps(data), encoding="utf-8")
    return "c.json"


def _no_raw_controls(output: bytes) -> None:
    for control in RAW_CONTROLS:
        assert control not in output, output[-3000:]


#: Names a terminal would read as rich markup if the console parsed it: printed as written.
MARKUP_NAMES = {
    "case": "Case [bold red]styled[/bold red]",
    "place": "Place [link=http://e]l[/link]",
    "partner": "Council [blink]x[/blink]",
    "intervention": "Key workers :warning: [/]",
}

COMMANDS = [["validate"], ["run"], ["simulate", "--draws", "200", "--seed", "1"], ["tornado"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_case_names_cannot_drive_the_terminal(command: list[str], tmp_path: Path) -> None:
    # a control character in a case's text is refused at validation, and the refusal
    # itself, which quotes the text, shows each control character as an escape
    name = hostile_case(tmp_path)
    run = cli(command[0], name, *command[1:], cwd=tmp_path)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output[-3000:]
    _no_raw_controls(output)
    assert b"Traceback" not in output
    err = run.stderr.decode()
    assert "name: must not hold control characters" in err
    assert "Key workers \\x1b]0;pwned\\x07" in err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_case_names_are_never_read_as_markup(command: list[str], tmp_path: Path) -> None:
    name = hostile_case(tmp_path, **MARKUP_NAMES)
    run = cli(command[0], name, *command[1:], cwd=tmp_path)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    _no_raw_controls(output)
    text = run.stdout.decode()
    if command[0] != "validate":  # validate names no one
        assert "Case [bold red]styled[/bold red]" in text
    if command[0] == "run":  # the partners by name
        assert "Council [blink]x[/blink]" in text


def test_an_error_line_cannot_drive_the_terminal(tmp_path: Path) -> None:
    name = hostile_case(tmp_path, **MARKUP_NAMES)
    run = cli("run", name, "-o", f"gone{ESC}]52;c;eA=={BEL}/r.md", cwd=tmp_path)
    assert run.returncode == 1
    _no_raw_controls(run.stdout + run.stderr)
    assert b"\\x1b]52;c;eA==\\x07" in run.stderr


def test_a_markdown_report_from_hostile_names_has_no_link_or_html(tmp_path: Path) -> None:
    name = hostile_case(
        tmp_path,
        case=r"\[click\](javascript:alert(1)) ![x](http://e/i.png) <http://e.example>",
        place="<img src=x onerror=alert(1)> [r]: http://e.example www.e.example",
        partner="Council *em* _u_ `code`",
        intervention="# Key workers\n- [x](y)",
    )
    run = cli("run", name, "-o", "r.md", cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    tokens = [
        t
        for block in MarkdownIt("commonmark").enable("table").parse(text)
        for t in [block, *(block.children or [])]
    ]
    assert not [t for t in tokens if t.type in ("link_open", "image", "html_inline", "html_block")]
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<a " not in rendered
    assert "<img" not in rendered
    _no_raw_controls(text.encode())


_PLUGIN = """
import sys
from placebudget.plugin import ReporterSpec, get_plugin_registry, hookimpl

def write(results, path):
    {body}

class Plugin:
    @hookimpl
    def placebudget_reporters(self):
        return [ReporterSpec(name="odd", suffix=".odd", description="Odd.", write=write)]

get_plugin_registry().register(Plugin(), name="odd")
from placebudget.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("body", "code", "expected"),
    [
        # the plugin's failure, caught where the registry calls it
        ("sys.exit(0)", 1, "the 'odd' report format failed (SystemExit: 0)"),
        ("sys.exit('done')", 1, "the 'odd' report format failed (SystemExit: done)"),
        ("raise RuntimeError('disk on fire')", 1, "RuntimeError: disk on fire"),
    ],
    ids=["exit 0", "exit text", "raises"],
)
def test_a_report_writer_that_exits_or_raises_fails_the_command(
    body: str, code: int, expected: str, tmp_path: Path
) -> None:
    (tmp_path / "c.toml").write_text(example_path("troubled_families").read_text())
    (tmp_path / "r.odd").write_text("the previous report")
    run = run_python(_PLUGIN.format(body=body), "run", "c.toml", "-o", "r.odd", cwd=tmp_path)
    err = run.stderr.decode()
    assert run.returncode == code, err[-3000:]
    assert expected in err
    assert "Traceback" not in err
    assert (tmp_path / "r.odd").read_text() == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.toml", "r.odd"]


_WITHOUT_DASK = """
import sys

class NoDask:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ModuleNotFoundError(f"No module named {name!r}")

sys.meta_path.insert(0, NoDask())
from placebudget.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_aggregate_without_dask_fails(tmp_path: Path) -> None:
    run = run_python(
        _WITHOUT_DASK,
        "aggregate",
        str(example_path("west_cheshire")),
        str(example_path("west_cheshire").with_name("places.csv")),
        cwd=tmp_path,
    )
    err = run.stderr.decode()
    assert run.returncode == 1, err
    assert "aggregate runs on dask: pip install 'placebudget[dask]'" in err
    assert "Traceback" not in err


def test_an_unknown_scheduler_is_refused_before_anything_runs(tmp_path: Path) -> None:
    case = example_path("west_cheshire")
    run = cli(
        "aggregate",
        str(case),
        str(case.with_name("places.csv")),
        "--scheduler",
        "bogus",
        cwd=tmp_path,
    )
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert "Invalid value for '--scheduler': must be threads, processes or the address" in err
    assert "'bogus'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["simulate", "aggregate"])
@pytest.mark.parametrize("seed", ["-1", str(2**32), "1.5"])
def test_a_seed_out_of_range_is_a_usage_error(command: str, seed: str, tmp_path: Path) -> None:
    case = example_path("west_cheshire")
    places = [str(case.with_name("places.csv"))] if command == "aggregate" else []
    run = cli(command, str(case), *places, "--seed", seed, cwd=tmp_path)
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert "Invalid value for '--seed'" in err
    assert "bug" not in err
    assert "Traceback" not in err


def test_a_300_character_name_writes_a_word_report(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["name"] = ("Troubled families whole-place budget " * 10)[:300]
    (tmp_path / "c.json").write_text(json.dumps(data))
    run = cli("run", "c.json", "-o", "r.docx", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    from docx import Document

    document = Document(str(tmp_path / "r.docx"))
    assert document.paragraphs[0].text == data["name"]  # the paper's title whole
    assert len(document.core_properties.title) <= 255
    assert data["name"].startswith(document.core_properties.title.removesuffix("…"))
