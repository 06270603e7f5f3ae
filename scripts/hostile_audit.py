"""Hostile-input audit of the placebudget command line (issue 42's attempt families).

Generates about a thousand attempts -- one mutation per case-file field in TOML, JSON and
YAML on both ``examples/troubled_families.toml`` and ``examples/west_cheshire.toml``,
numeric extremes, hostile names, hostile files and paths, workbook and CSV bombs, outputs
(``-o`` onto inputs, read-only and private reports, users' dot files beside the output,
disk full), signals, concurrency, plugins and the documented Python path -- and runs each
through the real CLI in a subprocess, in a fresh temporary folder, under an address-space
cap (``RLIMIT_AS``, 4 GiB) and a timeout, with ``PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD=1``.

Each attempt declares what it expects (``refuse``; ``clean``: run with exit 0;
``warn``: exit 0 with a warning; ``either``: a clean run or a clear refusal) and the words
a clear error must name (the field, file or value). Its outcome is the first that applies:

``hang or blow-up``
    timeout, ``MemoryError``, killed by a signal, exit 137 or 139.
``lost or exposed file``
    an input changed or deleted, a user's file deleted, a temporary file left, a file's
    mode loosened (or a read-only file replaced).
``traceback``
    a Python traceback, ``Exception ignored``, or the CLI's internal-error exit
    ("this is a bug in placebudget").
``silently wrong``
    exit 0 where a refusal was expected (or a warning missing); or exit 0 with a
    non-finite figure printed, raw terminal control characters in the output, or case
    text that became live Markdown/HTML/LaTeX/formula in a report.
``clear error``
    non-zero exit with a message naming the field, file or value.
``unclear``
    non-zero exit whose message names none of them.
``ok``
    the expected clean run (or warning).

Run it from the repository root with the project's virtual environment, pointing
``--src`` at the source tree to audit (it goes first on ``PYTHONPATH``)::

    python scripts/hostile_audit.py --src src --jobs 2 --json audit.json > audit.txt

``--only FAMILY`` (repeatable) restricts to families, ``--limit N`` to the first N
attempts, ``--timeout S`` sets the per-run timeout (60 s), ``--list`` prints the
attempts without running them. Large files are generated in the attempt's temporary
folder and deleted with it. Nothing outside the temporary folders is written.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import copy
import hashlib
import json
import math
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = ("troubled_families", "west_cheshire")
MEMORY_CAP = 4 * 1024**3
OUTCOMES = (
    "clear error",
    "unclear",
    "traceback",
    "silently wrong",
    "hang or blow-up",
    "lost or exposed file",
    "ok",
)
CLI = "from placebudget.cli import main; raise SystemExit(main())"
REPORT_SUFFIXES = (".md", ".xlsx", ".docx", ".nc", ".csv", ".json", ".html", ".tex")

Setup = Callable[[Path], None]


@dataclass
class Attempt:
    """One hostile run: files written by ``setup`` into a fresh folder, then ``args``."""

    id: str
    family: str
    expect: str  # refuse | clean | warn | either
    args: list[str]
    setup: Setup
    names: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()  # files the command may create or change
    code: str | None = None  # python -c CODE instead of the CLI (args go to sys.argv)
    fsize: int | None = None  # RLIMIT_FSIZE in bytes
    kill: int | None = None  # signal sent once a new file appears, then the run repeated
    concurrent: int = 0  # run this many copies at once
    checks: tuple[str, ...] = ()  # md, html, tex, csv, xlsx: injection checks on outputs
    keep_mode: tuple[str, ...] = ()  # outputs whose mode must not loosen
    slow: bool = False


@dataclass
class Result:
    rc: int | None = None
    out: str = ""
    seconds: float = 0.0
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)


# -- case data and serialisation ---------------------------------------------------------


def load_example(name: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))


BASES = {name: load_example(name) for name in EXAMPLE_NAMES}
DELETE = object()


def dump(data: Any, fmt: str) -> str:
    if fmt == "toml":
        return tomli_w.dumps(_drop_none(data))
    if fmt == "json":
        return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def _drop_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_none(v) for v in data if v is not None]
    return data


def set_path(data: Any, path: tuple[Any, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


def get_path(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def walk(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any, bool]]:
    """(path, value, is_table) of every table and leaf."""
    if isinstance(data, dict):
        yield path, data, True
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for index, value in enumerate(data):
            yield from walk(value, (*path, index))
    else:
        yield path, data, False


def norm(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("*" if isinstance(k, int) else k for k in path)


def dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(root)"


def write_case(data: Any, fmt: str, name: str = "case") -> Setup:
    text = dump(data, fmt)

    def setup(folder: Path) -> None:
        (folder / f"{name}.{fmt}").write_text(text, encoding="utf-8")

    return setup


def write_text(name: str, text: str) -> Setup:
    def setup(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    return setup


def copy_example(name: str, as_name: str | None = None) -> Setup:
    def setup(folder: Path) -> None:
        shutil.copyfile(EXAMPLES / name, folder / (as_name or name))

    return setup


def both(*setups: Setup) -> Setup:
    def setup(folder: Path) -> None:
        for one in setups:
            one(folder)

    return setup


# -- family: one mutation per field ---------------------------------------------------------

NON_NEGATIVE = {
    "horizon",
    "start_year",
    "price_year",
    "population",
    "engagement",
    "baseline",
    "impact",
    "deadweight",
    "attribution",
    "displacement",
    "lag",
    "duration",
    "drop_off",
    "confidence",
    "cashable",
    "count",
    "investor_share",
    "low",
    "mode",
    "high",
}
REQUIRED_TEXT = {"id", "name", "outcome", "unit", "partner", "kind", "amount", "per_participant"}
ID_KEYS = {"id", "partner", "investor"}
ESC_TEXT = (
    "x\x1b]52;c;aGFja2Vk\x07\x1b]8;;http://evil.example\x07link\x1b]8;;\x07\x1b[2J\x1b]0;pwn\x07"
)
MD_TEXT = r"\[click\](javascript:alert(1)) <img src=x onerror=alert(1)> [a](http://evil.example)"
FORMULA_TEXT = '=HYPERLINK("http://evil.example","x")'
LATEX_TEXT = r"\input{/etc/passwd} \immediate\write18{id}"
LOOKALIKE = str.maketrans({"o": "о", "a": "а", "e": "е", "c": "с", "p": "р"})  # Cyrillic

NUM_MUTATIONS: list[tuple[str, Any]] = [
    ("wrong type", "abc"),
    ("negative", None),
    ("NaN", math.nan),
    ("inf", math.inf),
    ("2**63", 2**63),
    ("null", None),
    ("bool", True),
    ("1e308", 1e308),
    ("list", [1, 2]),
]
STR_MUTATIONS: list[tuple[str, Any]] = [
    ("wrong type", 42),
    ("empty", ""),
    ("NUL", "a\x00b"),
    ("ESC", ESC_TEXT),
    ("300 chars", "N" * 300),
    ("null", None),
    ("look-alike", None),
    ("injection", MD_TEXT),
    ("table", {"x": 1}),
]
TABLE_MUTATIONS = ("unknown key", "empty table", "wrong type")
EMPTY_REFUSED = {"place", "cohort", "intake", "interventions", "rule", "partners"}


def mutate_leaf(example: str, fmt: str, path: tuple[Any, ...], value: Any, turn: int) -> Attempt:
    data = copy.deepcopy(BASES[example])
    key = next((str(k) for k in reversed(path) if not isinstance(k, int)), "")
    parent = next((str(k) for k in reversed(path[:-1]) if not isinstance(k, int)), "")
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    table = NUM_MUTATIONS if numeric else STR_MUTATIONS
    kind, new = table[turn % len(table)]
    expect = "refuse"
    args = ["run", f"case.{fmt}"]
    checks: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    if numeric and kind == "negative":
        new = -value if value else -1
        expect = "refuse" if (key in NON_NEGATIVE or parent in {"intake", "fte"}) else "either"
    elif numeric and kind == "1e308":
        expect = "either"
    elif not numeric and kind == "empty":
        expect = "refuse" if key in REQUIRED_TEXT else "either"
    elif not numeric and kind == "look-alike":
        new = str(value).translate(LOOKALIKE)
        if new == value:
            new = "\u200b" + str(value)  # a zero-width space
        expect = "refuse" if key in ID_KEYS else "either"
    elif kind in {"ESC", "300 chars"}:
        expect = "refuse" if key in ID_KEYS else "either"
        if kind == "300 chars" and key == "name":
            args += ["-o", "r.docx"]
            outputs = ("r.docx",)
    elif kind == "injection":
        expect = "refuse" if key in ID_KEYS or key in {"amount", "unit"} else "either"
        args += ["-o", "r.md"]
        outputs = ("r.md",)
        checks = ("md",)
    if kind == "null" and fmt == "toml":
        kind, new = "missing", DELETE
        if not (key in REQUIRED_TEXT or key in NON_NEGATIVE):
            expect = "either"
    set_path(data, path, new)
    return Attempt(
        id=f"mutate/{example}/{fmt}/{dotted(path)}/{kind}",
        family="mutation",
        expect=expect,
        args=args,
        setup=write_case(data, fmt),
        names=(key, dotted(path)),
        outputs=outputs,
        checks=checks,
    )


def mutate_table(example: str, fmt: str, path: tuple[Any, ...], kind: str) -> Attempt:
    data = copy.deepcopy(BASES[example])
    key = next((str(k) for k in reversed(path) if not isinstance(k, int)), "(root)")
    names: tuple[str, ...] = (key, dotted(path))
    expect = "refuse"
    if kind == "unknown key":
        get_path(data, path)["frobnicate"] = 1
        names = ("frobnicate",)
    elif kind == "empty table":
        set_path(data, path, {})
        if key not in EMPTY_REFUSED and not isinstance(path[-1], int):
            expect = "either"
    else:
        set_path(data, path, "not a table")
    return Attempt(
        id=f"mutate/{example}/{fmt}/{dotted(path)}/{kind}",
        family="mutation",
        expect=expect,
        args=["run", f"case.{fmt}"],
        setup=write_case(data, fmt),
        names=names,
    )


def family_mutation() -> Iterator[Attempt]:
    for example in EXAMPLE_NAMES:
        seen: set[tuple[Any, ...]] = set()
        tables: list[tuple[Any, ...]] = []
        leaves: list[tuple[tuple[Any, ...], Any]] = []
        for path, value, is_table in walk(BASES[example]):
            if norm(path) in seen:
                continue
            seen.add(norm(path))
            if is_table:
                tables.append(path)
            else:
                leaves.append((path, value))
        for turn, (path, value) in enumerate(leaves):
            for f, fmt in enumerate(("toml", "json", "yaml")):
                yield mutate_leaf(example, fmt, path, value, turn * 3 + f)
        for turn, path in enumerate(tables):
            fmt = ("toml", "json", "yaml")[turn % 3]
            if path:
                yield mutate_table(example, fmt, path, TABLE_MUTATIONS[turn % 3])
            else:
                yield mutate_table(example, fmt, path, "unknown key")


# -- family: numeric extremes -------------------------------------------------------------


def family_numeric() -> Iterator[Attempt]:
    for example in EXAMPLE_NAMES:
        seen: set[tuple[Any, ...]] = set()
        for path, value, is_table in walk(BASES[example]):
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if is_table or not numeric or norm(path) in seen:
                continue
            seen.add(norm(path))
            key = next((str(k) for k in reversed(path) if not isinstance(k, int)), "")
            extremes: list[tuple[str, Any]] = [("1e300", 1e300)]
            if example == "west_cheshire":
                extremes = [("-1e300", -1e300)]
            for label, new in extremes:
                data = copy.deepcopy(BASES[example])
                set_path(data, path, new)
                yield Attempt(
                    id=f"numeric/{example}/{dotted(path)}/{label}",
                    family="numeric extremes",
                    expect="either",
                    args=["run", "case.toml"],
                    setup=write_case(data, "toml"),
                    names=(key, dotted(path)),
                )


# -- family: duplicate and odd keys ---------------------------------------------------------

DUP_TARGETS: list[tuple[tuple[Any, ...], Any]] = [
    (("horizon",), 60),
    (("start_year",), 1999),
    (("name",), "Other"),
    (("discounting",), "none"),
    (("place", "id"), "elsewhere"),
    (("place", "partners", 0, "id"), "fake"),
    (("interventions", 0, "engagement"), 0.01),
    (("interventions", 0, "effects", 0, "impact"), 0.99),
    (("interventions", 0, "costs", 0, "kind"), "capital"),
    (("interventions", 0, "cohort", "intake"), {"2013": 1}),
]


def with_duplicate(data: dict[str, Any], path: tuple[Any, ...], value: Any, fmt: str) -> str:
    data = copy.deepcopy(data)
    parent = get_path(data, path[:-1])
    rebuilt: dict[str, Any] = {}
    for key, old in parent.items():
        rebuilt[key] = old
        if key == path[-1]:
            rebuilt["__DUPLICATE__"] = value
    parent.clear()
    parent.update(rebuilt)
    text = dump(data, fmt)
    if fmt == "json":
        return text.replace('"__DUPLICATE__"', json.dumps(path[-1]), 1)
    return text.replace("__DUPLICATE__:", f"{path[-1]}:", 1)


YAML_ODD_KEYS = [
    ("root-null", "null: 1\n"),
    ("root-int", "7: x\n"),
    ("root-bool", "true: x\n"),
    ("root-tilde", "~: ~\n"),
    ("place-null", None),
    ("effect-int", None),
    ("intake-null", None),
    ("fiscal-int", None),
]


def family_keys() -> Iterator[Attempt]:
    for example in EXAMPLE_NAMES:
        base = BASES[example]
        for path, value in DUP_TARGETS:
            for fmt in ("json", "yaml"):
                text = with_duplicate(base, path, value, fmt)
                yield Attempt(
                    id=f"keys/{example}/{fmt}/duplicate {dotted(path)}",
                    family="duplicate and odd keys",
                    expect="refuse",
                    args=["run", f"case.{fmt}"],
                    setup=write_text(f"case.{fmt}", text),
                    names=(str(path[-1]),),
                )
        for label, prefix in YAML_ODD_KEYS:
            if prefix is not None:
                text = prefix + dump(base, "yaml")
            else:
                data = copy.deepcopy(base)
                target = {
                    "place-null": ("place",),
                    "effect-int": ("interventions", 0, "effects", 0),
                    "intake-null": ("interventions", 0, "cohort", "intake"),
                    "fiscal-int": ("interventions", 0, "effects", 0, "fiscal"),
                }[label]
                get_path(data, target)["__ODD__"] = 1
                odd = "null" if "null" in label else "42"
                text = dump(data, "yaml").replace("__ODD__", odd, 1)
            yield Attempt(
                id=f"keys/{example}/yaml/{label} key",
                family="duplicate and odd keys",
                expect="refuse",
                args=["run", "case.yaml"],
                setup=write_text("case.yaml", text),
                names=("null", "None", "7", "42", "True", "true"),
            )


# -- family: names (terminal, Markdown, HTML, LaTeX, formula injection, long, NUL) ------------

NAME_FIELDS: list[tuple[str, tuple[Any, ...]]] = [
    ("troubled_families", ("name",)),
    ("troubled_families", ("place", "name")),
    ("troubled_families", ("place", "partners", 1, "name")),
    ("troubled_families", ("interventions", 0, "name")),
    ("troubled_families", ("case_studies", 0, "name")),
    ("troubled_families", ("interventions", 0, "effects", 0, "description")),
    ("west_cheshire", ("name",)),
    ("west_cheshire", ("interventions", 1, "name")),
    ("west_cheshire", ("agreements", "headcount", "description")),
]
NAME_PAYLOADS: list[tuple[str, str, str, tuple[str, ...]]] = [
    # label, text, command kind, checks
    ("OSC 52 clipboard", "A\x1b]52;c;aGFja2Vk\x07B", "terminal", ()),
    ("OSC 8 link", "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "terminal", ()),
    ("clear screen", "A\x1b[2J\x1b[H", "terminal", ()),
    ("window title", "A\x1b]0;pwned\x07", "terminal", ()),
    ("C1 CSI", "A\x9b31mB", "terminal", ()),
    ("backspace/CR", "Safe\rEVIL\x08\x08", "terminal", ()),
    ("md backslash link", r"\[x\](javascript:alert(1))", ".md", ("md",)),
    ("md image", "![x](http://evil.example/t.png)", ".md", ("md",)),
    ("html", "<img src=x onerror=alert(1)><script>alert(1)</script>", ".html", ("html",)),
    ("latex", LATEX_TEXT, ".tex", ("tex",)),
    ("formula csv", FORMULA_TEXT, ".csv", ("csv",)),
    ("formula xlsx", FORMULA_TEXT, ".xlsx", ("xlsx",)),
    ("300 chars docx", "W" * 300, ".docx", ()),
    ("300 chars xlsx", "W" * 300, ".xlsx", ()),
    ("300 chars nc", "W" * 300, ".nc", ()),
    ("NUL", "A\x00B", ".xlsx", ()),
]


def family_names() -> Iterator[Attempt]:
    for example, path in NAME_FIELDS:
        for label, text, kind, checks in NAME_PAYLOADS:
            data = copy.deepcopy(BASES[example])
            set_path(data, path, text)
            args = ["run", "case.toml"]
            outputs: tuple[str, ...] = ()
            expect = "either"
            if path == ("case_studies", 0, "name"):
                args = ["cost-contacts", "case.toml"]
            elif kind != "terminal":
                args += ["-o", f"r{kind}"]
                outputs = (f"r{kind}",)
            if label == "NUL":
                expect = "refuse"
            yield Attempt(
                id=f"names/{example}/{dotted(path)}/{label}",
                family="names and injection",
                expect=expect,
                args=args,
                setup=write_case(data, "toml"),
                names=(str(path[-1]), dotted(path)),
                outputs=outputs,
                checks=checks if outputs else (),
            )


# -- family: hostile files and paths ---------------------------------------------------------


def _file_variants() -> list[tuple[str, str, Setup | None]]:
    """(label, path text, setup writing it) -- setup None: nothing written."""

    def loop(folder: Path) -> None:
        os.symlink("loop_b.csv", folder / "loop_a.csv")
        os.symlink("loop_a.csv", folder / "loop_b.csv")

    def directory(folder: Path) -> None:
        (folder / "adir.csv").mkdir()

    def fifo(folder: Path) -> None:
        os.mkfifo(folder / "pipe.csv")

    def junk(folder: Path) -> None:
        (folder / "junk.xlsx").write_bytes(os.urandom(4096))

    def not_xlsx_zip(folder: Path) -> None:
        with zipfile.ZipFile(folder / "plain.xlsx", "w") as archive:
            archive.writestr("hello.txt", "hello")

    def empty(folder: Path) -> None:
        (folder / "empty.csv").write_bytes(b"")

    def header_only(folder: Path) -> None:
        (folder / "header.csv").write_text("a,b,c\n")

    def binary_csv(folder: Path) -> None:
        (folder / "binary.csv").write_bytes(b"\x00\xff\xfe" * 2000)

    def dev_link(folder: Path) -> None:
        os.symlink("/dev/zero", folder / "zero.csv")

    return [
        ("missing file", "nowhere.csv", None),
        ("directory", "adir.csv", directory),
        ("symlink loop", "loop_a.csv", loop),
        ("/dev/zero", "/dev/zero", None),
        ("symlink to /dev/zero", "zero.csv", dev_link),
        ("FIFO", "pipe.csv", fifo),
        ("outside the folder", "../../../../etc/passwd", None),
        ("absolute /etc/shadow", "/etc/shadow", None),
        ("empty file", "empty.csv", empty),
        ("header only", "header.csv", header_only),
        ("binary junk csv", "binary.csv", binary_csv),
        ("junk xlsx", "junk.xlsx", junk),
        ("zip that is no workbook", "plain.xlsx", not_xlsx_zip),
    ]


def family_files() -> Iterator[Attempt]:
    tf = BASES["troubled_families"]
    for label, ref, make in _file_variants():
        made = make or (lambda folder: None)
        name = Path(ref).name
        slots: list[tuple[str, list[str], Setup]] = []
        data = copy.deepcopy(tf)
        data["unit_costs"] = ref
        slots.append(("unit_costs", ["run", "case.toml"], write_case(data, "toml")))
        data = copy.deepcopy(tf)
        data["deflators"] = {"file": ref}
        slots.append(("deflators", ["run", "case.toml"], write_case(data, "toml")))
        slots.append(
            (
                "actuals",
                ["evaluate", "west_cheshire.toml", ref],
                copy_example("west_cheshire.toml"),
            )
        )
        slots.append(
            ("places", ["aggregate", "west_cheshire.toml", ref], copy_example("west_cheshire.toml"))
        )
        slots.append(
            (
                "--database",
                ["cost-contacts", "troubled_families.toml", "--database", ref],
                copy_example("troubled_families.toml"),
            )
        )
        slots.append(("case file", ["run", ref], lambda folder: None))
        for slot, args, setup in slots:
            yield Attempt(
                id=f"files/{slot}/{label}",
                family="files and paths",
                expect="refuse",
                args=args,
                setup=both(setup, made),
                names=(slot.strip("-"), name, ref),
            )


# -- family: workbook and CSV bombs ----------------------------------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _cell(ref: str, value: Any) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_xlsx(
    path: Path,
    sheet: str,
    rows: Iterator[list[Any]],
    *,
    dimension: str | None = None,
    extra: str = "",
) -> None:
    """A minimal workbook, its one sheet's rows streamed; ``extra`` is raw XML appended
    to the sheet data (a far cell)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_RELS_NS}"><Relationship Id="rId1" '
            f'Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}"><sheets><sheet name="{sheet}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_RELS_NS}"><Relationship Id="rId1" '
            f'Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            head = f'<worksheet xmlns="{_MAIN}">'
            if dimension:
                head += f'<dimension ref="{dimension}"/>'
            out.write((head + "<sheetData>").encode())
            chunk: list[str] = []
            for r, row in enumerate(rows, start=1):
                cells = "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row))
                chunk.append(f'<row r="{r}">{cells}</row>')
                if len(chunk) >= 5000:
                    out.write("".join(chunk).encode())
                    chunk = []
            out.write(("".join(chunk) + extra + "</sheetData></worksheet>").encode())


UCD_HEADER = [
    "Category",
    "Detail",
    "Cost code",
    "Outcome detail",
    "Agency",
    "Agency detail",
    "Unit",
    "Fiscal cost estimate",
    "Year of estimate",
    "Updated cost",
    "Source",
    "RAG",
]
IMPORTERS: dict[str, tuple[str, list[Any], Callable[[int], list[Any]]]] = {
    # slot -> (sheet name, header, row maker)
    "unit_costs": (
        "Crime",
        UCD_HEADER,
        lambda i: [
            "CRIME",
            "ASB",
            f"ZZ{i}.0",
            f"Anti-social behaviour incident {i}",
            "Police",
            "",
            "Per incident",
            500,
            2002,
            600,
            "Synthetic",
            "R",
        ],
    ),
    "deflators": (
        "Deflators",
        ["financial year", "index", "forecast"],
        lambda i: [f"{1000 + i}", 50 + i * 1e-6, "no"],
    ),
    "actuals": (
        "Actuals",
        ["year", "start_month", "months", "group", "measure", "outcome", "partner", "value"],
        lambda i: [2013, 1, 6, "participants", "count", "repeat_domestic_abuse", "", i % 97],
    ),
    "places": (
        "Places",
        ["place", "name", "intake_scale", "value_scale", "cost_scale"],
        lambda i: [f"p{i}", f"Place {i}", 1.0, 1.0, 1.0],
    ),
}


def _slot_command(slot: str, ref: str) -> tuple[list[str], Setup]:
    if slot == "unit_costs":
        data = copy.deepcopy(BASES["troubled_families"])
        data["unit_costs"] = ref
        return ["run", "case.toml"], write_case(data, "toml")
    if slot == "deflators":
        data = copy.deepcopy(BASES["troubled_families"])
        data["deflators"] = {"file": ref}
        return ["run", "case.toml"], write_case(data, "toml")
    if slot == "actuals":
        return ["evaluate", "west_cheshire.toml", ref], copy_example("west_cheshire.toml")
    return ["aggregate", "west_cheshire.toml", ref], copy_example("west_cheshire.toml")


def _sparse(slot: str, far: str) -> Setup:
    sheet, header, row = IMPORTERS[slot]

    def setup(folder: Path) -> None:
        write_xlsx(
            folder / "bomb.xlsx",
            sheet,
            iter([header, row(1)]),
            dimension=f"A1:{far}",
            extra=f'<row r="{far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{_cell(far, 1)}</row>',
        )

    return setup


def _zip_bomb(folder: Path) -> None:
    with zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            block = b" " * (1 << 20)
            for _ in range(1100):  # 1.1 GiB of spaces, about 1 MiB compressed
                out.write(block)


def _rows_xlsx(slot: str, count: int) -> Setup:
    sheet, header, row = IMPORTERS[slot]

    def setup(folder: Path) -> None:
        rows = (header if i == 0 else row(i) for i in range(count + 1))
        write_xlsx(folder / "big.xlsx", sheet, rows)

    return setup


def _rows_csv(slot: str, count: int, pad: int = 0) -> Setup:
    _, header, row = IMPORTERS[slot]
    padding = "x" * pad

    def setup(folder: Path) -> None:
        with open(folder / "big.csv", "w", encoding="utf-8") as out:
            out.write(",".join(header) + (",note" if pad else "") + "\n")
            chunk: list[str] = []
            for i in range(1, count + 1):
                chunk.append(",".join(str(v) for v in row(i)) + (f",{padding}" if pad else ""))
                if len(chunk) >= 20000:
                    out.write("\n".join(chunk) + "\n")
                    chunk = []
            if chunk:
                out.write("\n".join(chunk) + "\n")

    return setup


def family_bombs() -> Iterator[Attempt]:
    for slot in IMPORTERS:
        for far in ("XFD1048576", "A1048576"):
            args, setup = _slot_command(slot, "bomb.xlsx")
            yield Attempt(
                id=f"bombs/{slot}/sparse cell at {far}",
                family="workbook and CSV bombs",
                expect="refuse",
                args=args,
                setup=both(setup, _sparse(slot, far)),
                names=("bomb.xlsx",),
                slow=True,
            )
        args, setup = _slot_command(slot, "big.csv")
        yield Attempt(
            id=f"bombs/{slot}/1,000,000-row CSV",
            family="workbook and CSV bombs",
            expect="either",
            args=args,
            setup=both(setup, _rows_csv(slot, 1_000_000)),
            names=("big.csv",),
            slow=True,
        )
        args, setup = _slot_command(slot, "big.csv")
        yield Attempt(
            id=f"bombs/{slot}/126 MiB CSV",
            family="workbook and CSV bombs",
            expect="refuse",
            args=args,
            setup=both(setup, _rows_csv(slot, 900_000, pad=90)),
            names=("big.csv",),
            slow=True,
        )
    for slot in ("unit_costs", "actuals"):
        args, setup = _slot_command(slot, "bomb.xlsx")
        yield Attempt(
            id=f"bombs/{slot}/zip bomb (1.1 GiB member)",
            family="workbook and CSV bombs",
            expect="refuse",
            args=args,
            setup=both(setup, _zip_bomb),
            names=("bomb.xlsx",),
            slow=True,
        )
    args, setup = _slot_command("unit_costs", "big.xlsx")
    yield Attempt(
        id="bombs/unit_costs/1,000,000-row workbook",
        family="workbook and CSV bombs",
        expect="either",
        args=args,
        setup=both(setup, _rows_xlsx("unit_costs", 1_000_000)),
        names=("big.xlsx",),
        slow=True,
    )


# -- family: outputs -----------------------------------------------------------------------


def _chmod(name: str, mode: int) -> Setup:
    def setup(folder: Path) -> None:
        (folder / name).chmod(mode)

    return setup


def _touch_old(*names: str) -> Setup:
    def setup(folder: Path) -> None:
        old = time.time() - 86400 * 30
        for name in names:
            (folder / name).write_text("a user's own file\n")
            os.utime(folder / name, (old, old))

    return setup


def _seed_report(name: str) -> Setup:
    def setup(folder: Path) -> None:
        (folder / name).write_text("an earlier report\n")

    return setup


def family_outputs() -> Iterator[Attempt]:
    tf = copy_example("troubled_families.toml", "case.toml")
    wc = copy_example("west_cheshire.toml")
    acts = copy_example("west_cheshire_actuals.csv", "actuals.csv")
    places = copy_example("places.csv")
    for fmt in ("toml", "json", "yaml"):
        yield Attempt(
            id=f"outputs/-o onto the case itself ({fmt})",
            family="outputs",
            expect="refuse",
            args=["run", f"case.{fmt}", "-o", f"case.{fmt}"],
            setup=write_case(BASES["troubled_families"], fmt),
            names=(f"case.{fmt}",),
        )
    deflator_csv = "financial year,index\n" + "".join(
        f"{y}/{(y + 1) % 100:02d},{50 + y - 1990}\n" for y in range(1990, 2031)
    )
    data = copy.deepcopy(BASES["troubled_families"])
    data["deflators"] = {"file": "deflators.csv"}
    with_deflators = both(write_case(data, "toml"), write_text("deflators.csv", deflator_csv))
    yield Attempt(
        id="outputs/-o onto the case's deflator CSV",
        family="outputs",
        expect="refuse",
        args=["run", "case.toml", "-o", "deflators.csv"],
        setup=with_deflators,
        names=("deflators.csv",),
    )
    yield Attempt(
        id="outputs/simulate -o onto the case's deflator CSV",
        family="outputs",
        expect="refuse",
        args=["simulate", "case.toml", "--draws", "50", "-o", "deflators.csv"],
        setup=with_deflators,
        names=("deflators.csv",),
    )

    def ucd_copy(folder: Path) -> None:
        src = ROOT / "src" / "placebudget" / "reference" / "data" / "unit_costs_ucd_v1_2.csv"
        if not src.exists():
            src = Path(SRC) / "placebudget" / "reference" / "data" / "unit_costs_ucd_v1_2.csv"
        shutil.copyfile(src, folder / "costs.csv")

    data = copy.deepcopy(BASES["troubled_families"])
    data["unit_costs"] = "costs.csv"
    yield Attempt(
        id="outputs/-o onto the case's unit-cost CSV",
        family="outputs",
        expect="refuse",
        args=["run", "case.toml", "-o", "costs.csv"],
        setup=both(write_case(data, "toml"), ucd_copy),
        names=("costs.csv",),
    )
    evaluate = ["evaluate", "west_cheshire.toml", "actuals.csv"]
    for label, extra, names in [
        ("--recalibrated onto the case", ["--recalibrated", "west_cheshire.toml"], ()),
        ("--recalibrated onto the actuals", ["--recalibrated", "actuals.csv"], ()),
        ("-o onto the actuals", ["-o", "actuals.csv"], ()),
        ("--recalibrated onto the -o report", ["-o", "r.md", "--recalibrated", "r.md"], ()),
        ("-o onto the case", ["-o", "west_cheshire.toml"], ()),
    ]:
        yield Attempt(
            id=f"outputs/evaluate {label}",
            family="outputs",
            expect="refuse",
            args=evaluate + extra,
            setup=both(wc, acts),
            names=("west_cheshire.toml", "actuals.csv", "r.md", "recalibrated", *names),
        )
    yield Attempt(
        id="outputs/aggregate -o onto the places table",
        family="outputs",
        expect="refuse",
        args=["aggregate", "west_cheshire.toml", "places.csv", "-o", "places.csv"],
        setup=both(wc, places),
        names=("places.csv",),
    )
    yield Attempt(
        id="outputs/aggregate -o onto the case",
        family="outputs",
        expect="refuse",
        args=["aggregate", "west_cheshire.toml", "places.csv", "-o", "west_cheshire.toml"],
        setup=both(wc, places),
        names=("west_cheshire.toml",),
    )
    yield Attempt(
        id="outputs/compare -o onto one of the cases",
        family="outputs",
        expect="refuse",
        args=["compare", "case.toml", "west_cheshire.toml", "-o", "case.toml"],
        setup=both(tf, wc),
        names=("case.toml",),
    )
    yield Attempt(
        id="outputs/-o into a missing folder",
        family="outputs",
        expect="refuse",
        args=["run", "case.toml", "-o", "no/such/dir/r.md"],
        setup=tf,
        names=("no/such/dir", "r.md"),
    )
    yield Attempt(
        id="outputs/-o onto a directory",
        family="outputs",
        expect="refuse",
        args=["run", "case.toml", "-o", "adir.md"],
        setup=both(tf, lambda folder: (folder / "adir.md").mkdir()),
        names=("adir.md",),
    )
    yield Attempt(
        id="outputs/-o with an unknown suffix",
        family="outputs",
        expect="refuse",
        args=["run", "case.toml", "-o", "r.exe"],
        setup=tf,
        names=("r.exe", ".exe"),
    )
    for suffix in REPORT_SUFFIXES:
        name = f"r{suffix}"
        yield Attempt(
            id=f"outputs/-o onto a read-only {suffix} report",
            family="outputs",
            expect="refuse",
            args=["run", "case.toml", "-o", name],
            setup=both(tf, _seed_report(name), _chmod(name, 0o444)),
            names=(name,),
        )
        yield Attempt(
            id=f"outputs/a private (0600) {suffix} report rewritten",
            family="outputs",
            expect="clean",
            args=["run", "case.toml", "-o", name],
            setup=both(tf, _seed_report(name), _chmod(name, 0o600)),
            names=(name,),
            outputs=(name,),
            keep_mode=(name,),
        )
        stem = "budget"
        users = (
            f".{stem}.original{suffix}",
            f".{stem}.final_v2{suffix}",
            f".{stem}.20240101{suffix}",
            f".{stem}.abcd1234{suffix}",
        )
        yield Attempt(
            id=f"outputs/users' .{stem}.XXXXXXXX{suffix} files beside the output",
            family="outputs",
            expect="clean",
            args=["run", "case.toml", "-o", f"{stem}{suffix}"],
            setup=both(tf, _touch_old(*users)),
            names=(f"{stem}{suffix}",),
            outputs=(f"{stem}{suffix}",),
        )
        yield Attempt(
            id=f"outputs/disk full (RLIMIT_FSIZE 8 KiB) writing {suffix}",
            family="outputs",
            expect="refuse",
            args=["run", "case.toml", "-o", name],
            setup=tf,
            names=(name, "space", "large", "full", "write"),
            fsize=8192,
        )
    yield Attempt(
        id="outputs/disk full (RLIMIT_FSIZE 8 KiB) simulate -o .nc",
        family="outputs",
        expect="refuse",
        args=["simulate", "case.toml", "--draws", "200", "-o", "r.nc"],
        setup=tf,
        names=("r.nc", "space", "large", "full", "write"),
        fsize=8192,
    )
    yield Attempt(
        id="outputs/disk full (RLIMIT_FSIZE 8 KiB) evaluate --recalibrated",
        family="outputs",
        expect="refuse",
        args=[*evaluate, "--recalibrated", "new.toml"],
        setup=both(wc, acts),
        names=("new.toml", "space", "large", "full", "write"),
        fsize=2048,
    )


# -- family: signals and concurrency --------------------------------------------------------


def family_signals() -> Iterator[Attempt]:
    tf = copy_example("troubled_families.toml", "case.toml")
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        for suffix in (".docx", ".xlsx", ".nc", ".html"):
            yield Attempt(
                id=f"signals/{sig.name} mid-write of {suffix}, then rerun",
                family="signals and concurrency",
                expect="clean",
                args=["run", "case.toml", "-o", f"r{suffix}"],
                setup=tf,
                names=(f"r{suffix}",),
                outputs=(f"r{suffix}",),
                kill=int(sig),
            )
        yield Attempt(
            id=f"signals/{sig.name} mid-write of simulate -o .nc, then rerun",
            family="signals and concurrency",
            expect="clean",
            args=["simulate", "case.toml", "--draws", "20000", "-o", "r.nc"],
            setup=tf,
            names=("r.nc",),
            outputs=("r.nc",),
            kill=int(sig),
        )
    for suffix in (".xlsx", ".md", ".docx"):
        yield Attempt(
            id=f"concurrency/4 runs at once onto the same {suffix}",
            family="signals and concurrency",
            expect="clean",
            args=["run", "case.toml", "-o", f"r{suffix}"],
            setup=tf,
            names=(f"r{suffix}",),
            outputs=(f"r{suffix}",),
            concurrent=4,
        )


# -- family: command line, Python API and odd cases ---------------------------------------------


def family_misc() -> Iterator[Attempt]:
    tf = copy_example("troubled_families.toml", "case.toml")
    wc = copy_example("west_cheshire.toml")
    places = copy_example("places.csv")
    base = BASES["troubled_families"]
    yield Attempt(
        id="cli/simulate --seed -1",
        family="command line and API",
        expect="refuse",
        args=["simulate", "case.toml", "--draws", "10", "--seed", "-1"],
        setup=tf,
        names=("seed", "-1"),
    )
    yield Attempt(
        id="cli/tornado --metric bogus",
        family="command line and API",
        expect="refuse",
        args=["tornado", "case.toml", "--metric", "bogus"],
        setup=tf,
        names=("metric", "bogus"),
    )
    yield Attempt(
        id="cli/aggregate --scheduler bogus",
        family="command line and API",
        expect="refuse",
        args=["aggregate", "west_cheshire.toml", "places.csv", "--scheduler", "bogus"],
        setup=both(wc, places),
        names=("scheduler", "bogus"),
    )
    yield Attempt(
        id="cli/aggregate --chunks -3",
        family="command line and API",
        expect="refuse",
        args=["aggregate", "west_cheshire.toml", "places.csv", "--chunks", "-3"],
        setup=both(wc, places),
        names=("chunks", "-3"),
    )
    yield Attempt(
        id="cli/simulate --draws 10000000",
        family="command line and API",
        expect="either",
        args=["simulate", "case.toml", "--draws", "10000000"],
        setup=tf,
        names=("draws", "10000000", "10,000,000"),
        slow=True,
    )
    yield Attempt(
        id="cli/aggregate --draws 10000000",
        family="command line and API",
        expect="either",
        args=["aggregate", "west_cheshire.toml", "places.csv", "--draws", "10000000"],
        setup=both(wc, places),
        names=("draws", "10000000", "10,000,000"),
        slow=True,
    )
    yield Attempt(
        id="cli/explain an unknown figure",
        family="command line and API",
        expect="refuse",
        args=["explain", "case.toml", "no_such_figure"],
        setup=tf,
        names=("no_such_figure",),
    )
    yield Attempt(
        id="cli/unit-costs show an unknown code",
        family="command line and API",
        expect="refuse",
        args=["unit-costs", "show", "NOPE9.9"],
        setup=tf,
        names=("NOPE9.9",),
    )
    yield Attempt(
        id="cli/run a 9 MiB case file",
        family="command line and API",
        expect="refuse",
        args=["run", "case.toml"],
        setup=write_text("case.toml", "# " + "x" * (9 * 1024 * 1024) + "\n" + dump(base, "toml")),
        names=("case.toml", "MiB", "large"),
    )
    yield Attempt(
        id="cli/run a JSON case nested 100,000 deep",
        family="command line and API",
        expect="refuse",
        args=["run", "case.json"],
        setup=write_text("case.json", "[" * 100_000 + "]" * 100_000),
        names=("case.json", "deep", "nest"),
    )
    yield Attempt(
        id="cli/run a YAML billion-laughs case",
        family="command line and API",
        expect="refuse",
        args=["run", "case.yaml"],
        setup=write_text(
            "case.yaml",
            "a: &a [x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                for i in range(8)
            )
            + "name: *i\n",
        ),
        names=("case.yaml", "alias", "anchor", "deep", "large"),
    )
    yield Attempt(
        id="cli/run a YAML case with a python tag",
        family="command line and API",
        expect="refuse",
        args=["run", "case.yaml"],
        setup=write_text("case.yaml", "name: !!python/object/apply:os.system ['echo pwned']\n"),
        names=("case.yaml", "tag", "python"),
    )
    for label, value in [("{}", {}), ("[]", [])]:
        data = copy.deepcopy(base)
        data["interventions"] = value
        yield Attempt(
            id=f"cli/interventions = {label}",
            family="command line and API",
            expect="refuse",
            args=["run", "case.toml"],
            setup=write_case(data, "toml"),
            names=("interventions",),
        )
    # a look-alike partner (Cyrillic o) next to the real one, taking a fiscal value
    data = copy.deepcopy(base)
    fake = copy.deepcopy(data["place"]["partners"][1])
    fake["id"] = "pоlice"
    fake["name"] = "Greater Manchester Pоlice"
    data["place"]["partners"].append(fake)
    data["interventions"][0]["effects"][1]["fiscal"] = {
        "pоlice": data["interventions"][0]["effects"][1]["fiscal"]["police"]
    }
    for fmt in ("toml", "json", "yaml"):
        yield Attempt(
            id=f"cli/look-alike partner id 'pоlice' ({fmt})",
            family="command line and API",
            expect="refuse",
            args=["run", f"case.{fmt}"],
            setup=write_case(data, fmt),
            names=("pоlice", "look-alike", "confusable", "id"),
        )
    for field_name, value in [("lag", 2**63), ("duration", 2**63), ("lag", 10**6)]:
        data = copy.deepcopy(base)
        data["interventions"][0]["effects"][0][field_name] = value
        yield Attempt(
            id=f"cli/{field_name} = {value}",
            family="command line and API",
            expect="refuse",
            args=["run", "case.toml"],
            setup=write_case(data, "toml"),
            names=(field_name,),
        )
    data = copy.deepcopy(base)
    data["case_studies"][0]["before"]["CR1.1"]["count"] = 1e308
    data["case_studies"][0]["before"]["CR6.0"]["count"] = 1e308
    yield Attempt(
        id="cli/cost-contacts with counts of 1e308 (non-finite total)",
        family="command line and API",
        expect="refuse",
        args=["cost-contacts", "case.toml"],
        setup=write_case(data, "toml"),
        names=("count", "CR1.1", "CR6.0", "finite"),
    )
    acts = "year,start_month,months,group,measure,outcome,partner,value,source\n"
    acts += "2013,1,6,participants,people,,,1e308,x\n2013,1,6,participants,count,"
    acts += "repeat_domestic_abuse,,1e308,x\n"
    yield Attempt(
        id="cli/evaluate with actuals of 1e308",
        family="command line and API",
        expect="refuse",
        args=["evaluate", "west_cheshire.toml", "actuals.csv"],
        setup=both(wc, write_text("actuals.csv", acts)),
        names=("value", "actuals.csv", "finite"),
    )
    python_path = [
        ("pb.simulate(case, draws=1_000_000)", "s = pb.simulate(case, draws=1_000_000, seed=1)"),
        (
            "pb.summarize(pb.simulate(case, draws=1_000_000))",
            "s = pb.summarize(pb.simulate(case, draws=1_000_000, seed=1))",
        ),
        (
            "pb.simulate_summary(case, draws=1_000_000)",
            "s = pb.simulate_summary(case, draws=1_000_000, seed=1)",
        ),
    ]
    for label, line in python_path:
        code = (
            "import placebudget as pb, placebudget.errors as e, sys\n"
            "case = pb.load_case('case.toml')\n"
            f"try:\n    {line}\n"
            "except e.PlaceBudgetError as exc:\n"
            "    print('error:', exc, file=sys.stderr); raise SystemExit(1) from None\n"
        )
        yield Attempt(
            id=f"api/{label}",
            family="command line and API",
            expect="either",
            args=[],
            setup=tf,
            names=("draws", "simulate_summary", "memory"),
            code=code,
            slow=True,
        )


# -- family: plugins (registered in-process, autoload stays disabled) ----------------------------

_PLUGIN_PRELUDE = """
import sys, placebudget
from placebudget.plugin import get_plugin_registry
from placebudget.plugin.specs import ReporterSpec, ImporterSpec
class Plugin:
    pass
"""


def _plugin(body: str, register: str) -> str:
    return (
        _PLUGIN_PRELUDE
        + textwrap.dedent(body)
        + textwrap.dedent(register)
        + "\nfrom placebudget.cli import main\nsys.argv[0] = 'placebudget'\n"
        "raise SystemExit(main())\n"
    )


def family_plugins() -> Iterator[Attempt]:
    tf = copy_example("troubled_families.toml", "case.toml")
    reporter = """
    def write(results, path, **options):
        {action}
    @placebudget.hookimpl
    def placebudget_reporters():
        return [ReporterSpec(name={name!r}, suffix={suffix!r}, description="evil", write=write)]
    Plugin.placebudget_reporters = staticmethod(placebudget_reporters)
    """
    register = "get_plugin_registry().register(Plugin(), name='evil', distribution='evil')\n"
    cases = [
        (
            "reporter taking the .md suffix",
            "warn",
            reporter.format(action="open(path, 'w').write('EVIL')", name="evil-md", suffix=".md"),
            ["run", "case.toml", "-o", "r.md"],
            ("r.md",),
        ),
        (
            "reporter named markdown",
            "warn",
            reporter.format(action="open(path, 'w').write('EVIL')", name="markdown", suffix=".mdx"),
            ["run", "case.toml", "-o", "r.md"],
            ("r.md",),
        ),
        (
            "writer calling sys.exit(0)",
            "refuse",
            reporter.format(action="sys.exit(0)", name="quitter", suffix=".quit"),
            ["run", "case.toml", "-o", "r.quit"],
            (),
        ),
        (
            "writer raising KeyError",
            "refuse",
            reporter.format(action="raise KeyError('boom')", name="raiser", suffix=".boom"),
            ["run", "case.toml", "-o", "r.boom"],
            (),
        ),
        (
            "writer writing outside its path",
            "refuse",
            reporter.format(
                action="open('../escaped.txt', 'w').write('x')", name="escaper", suffix=".esc"
            ),
            ["run", "case.toml", "-o", "r.esc"],
            (),
        ),
    ]
    for label, expect, body, args, outputs in cases:
        yield Attempt(
            id=f"plugins/{label}",
            family="plugins",
            expect=expect,
            args=args,
            setup=tf,
            names=("evil", "quitter", "raiser", "escaper", "plugin", ".md", "markdown"),
            outputs=outputs,
            code=_plugin(body, register),
        )


FAMILIES: dict[str, Callable[[], Iterator[Attempt]]] = {
    "mutation": family_mutation,
    "numeric": family_numeric,
    "keys": family_keys,
    "names": family_names,
    "files": family_files,
    "bombs": family_bombs,
    "outputs": family_outputs,
    "signals": family_signals,
    "misc": family_misc,
    "plugins": family_plugins,
}

# -- running and classifying --------------------------------------------------------------------

SRC = str(ROOT / "src")
TIMEOUT = 60.0
MPL_DIR = Path(tempfile.gettempdir()) / "hostile-audit-mpl"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PLACEBUDGET"))}
    env.update(
        PYTHONPATH=SRC,
        PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD="1",
        PYTHONDONTWRITEBYTECODE="1",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MPLCONFIGDIR=str(MPL_DIR),
        COLUMNS="160",
    )
    return env


def _limits(fsize: int | None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        os.setsid()

    return apply


ZYGOTE = r"""
import json, os, resource, signal, sys
os.environ["PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD"] = "1"
for name in ("placebudget.cli", "placebudget", "numpy", "pandas", "xarray", "openpyxl", "docx",
             "matplotlib", "scipy.stats", "h5netcdf", "yaml", "pint", "jinja2", "rich", "dask"):
    try:
        __import__(name)
    except Exception:
        pass
import pkgutil, placebudget
for info in pkgutil.walk_packages(placebudget.__path__, "placebudget."):
    if ".web" in info.name or "__main__" in info.name:
        continue
    try:
        __import__(info.name)
    except Exception:
        pass
CAP = int(sys.argv[1])
control = sys.stdout
sys.stdout.flush()
print("ready", file=control, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if request["fsize"] is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (request["fsize"], request["fsize"]))
        os.chdir(request["folder"])
        out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0); os.dup2(out, 1); os.dup2(out, 2)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        sys.argv = ["-c", *request["args"]]
        exec(compile(request["code"], "<string>", "exec"), {"__name__": "__main__"})
        raise SystemExit(0)
    print(pid, file=control, flush=True)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), file=control, flush=True)
"""

_ZYGOTES = threading.local()
FORK_SERVER = False


def _zygote() -> subprocess.Popen[str] | None:
    proc = getattr(_ZYGOTES, "proc", None)
    if proc is not None and proc.poll() is None:
        return proc
    proc = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(MEMORY_CAP)],
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
        cwd=tempfile.gettempdir(),
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        return None
    _ZYGOTES.proc = proc
    return proc


def _run_forked(attempt: Attempt, folder: Path, timeout: float, result: Result) -> bool:
    """Run the attempt in a child forked from a preloaded interpreter (the same CLI code,
    without paying the imports each time); False when no fork server is available."""
    proc = _zygote()
    if proc is None:
        return False
    assert proc.stdin is not None
    assert proc.stdout is not None
    out = folder.parent / "output.txt"
    request = {
        "folder": str(folder),
        "out": str(out),
        "args": attempt.args,
        "code": attempt.code or CLI,
        "fsize": attempt.fsize,
    }
    start = time.monotonic()
    proc.stdin.write(json.dumps(request) + "\n")
    proc.stdin.flush()
    pid = int(proc.stdout.readline())
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            result.timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    result.rc = int(proc.stdout.readline())
    result.seconds += time.monotonic() - start
    result.out += out.read_text("utf-8", "replace") if out.exists() else ""
    return True


def _command(attempt: Attempt) -> list[str]:
    if attempt.code is not None:
        return [sys.executable, "-c", attempt.code, *attempt.args]
    return [sys.executable, "-c", CLI, *attempt.args]


def _start(attempt: Attempt, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _command(attempt),
        cwd=folder,
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_limits(attempt.fsize),
    )


def _finish(proc: subprocess.Popen[bytes], timeout: float, result: Result) -> None:
    start = time.monotonic()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        result.timed_out = True
    result.seconds += time.monotonic() - start
    result.rc = proc.returncode
    result.out += out.decode("utf-8", "replace")


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """relative path -> (content digest, mode) of every entry (symlinks not followed)."""
    found: dict[str, tuple[str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    while block := handle.read(1 << 20):
                        digest.update(block)
                found[rel] = (digest.hexdigest(), stat.S_IMODE(info.st_mode))
            elif stat.S_ISLNK(info.st_mode):
                found[rel] = ("link:" + os.readlink(path), 0)
            else:
                found[rel] = (f"type:{stat.S_IFMT(info.st_mode)}", stat.S_IMODE(info.st_mode))
    return found


def run_attempt(attempt: Attempt, timeout: float) -> dict[str, Any]:
    result = Result()
    with tempfile.TemporaryDirectory(prefix="hostile-audit-") as tmp:
        folder = Path(tmp) / "work"
        folder.mkdir()
        try:
            attempt.setup(folder)
        except Exception as exc:  # a setup that fails is reported, not counted as a finding
            return _record(attempt, "harness error", result, [f"setup failed: {exc!r}"])
        before = snapshot(folder)
        if attempt.kill is not None:
            _run_killed(attempt, folder, before, timeout, result)
        elif attempt.concurrent:
            procs = [_start(attempt, folder) for _ in range(attempt.concurrent)]
            rcs = []
            for proc in procs:
                one = Result()
                _finish(proc, timeout, one)
                rcs.append(one.rc)
                result.out += one.out
                result.timed_out |= one.timed_out
                result.seconds = max(result.seconds, one.seconds)
            result.rc = next((rc for rc in rcs if rc != 0), 0)
        elif not (
            FORK_SERVER and attempt.code is None and _run_forked(attempt, folder, timeout, result)
        ):
            _finish(_start(attempt, folder), timeout, result)
        after = snapshot(folder)
        outside = sorted(set(os.listdir(tmp)) - {"work", "output.txt"})
        if outside:
            result.notes.append(f"written outside the folder: {', '.join(outside)}")
        fs = _filesystem(attempt, before, after)
        injected = _injections(attempt, folder, result) if result.rc == 0 else []
        if attempt.concurrent and result.rc == 0:
            injected += _valid_outputs(attempt, folder)
        # let the temporary folder go even if a run left a read-only file in it
        for dirpath, _, _ in os.walk(folder):
            os.chmod(dirpath, 0o700)
    outcome = classify(attempt, result, fs, injected)
    return _record(attempt, outcome, result, [*result.notes, *fs, *injected])


def _run_killed(
    attempt: Attempt,
    folder: Path,
    before: dict[str, tuple[str, int]],
    timeout: float,
    result: Result,
) -> None:
    assert attempt.kill is not None
    proc = _start(attempt, folder)
    start = time.monotonic()
    sent = False
    while proc.poll() is None and time.monotonic() - start < timeout:
        new = set(os.listdir(folder)) - set(before)
        sizes = []
        for name in new:
            with contextlib.suppress(OSError):
                sizes.append((folder / name).lstat().st_size)
        if len(new) > 1 or any(sizes):  # a partial with data in it, or a nested one
            os.killpg(proc.pid, attempt.kill)
            sent = True
            break
        time.sleep(0.01)
    first = Result()
    _finish(proc, timeout, first)
    if not sent:
        result.notes.append("the write ended before the signal could be sent")
    leftovers = set(snapshot(folder)) - set(before) - set(attempt.outputs)
    if attempt.kill != signal.SIGKILL and leftovers:
        result.notes.append(f"left after {signal.Signals(attempt.kill).name}: {sorted(leftovers)}")
    if attempt.kill != signal.SIGKILL and first.rc == 0 and sent:
        result.notes.append("exit 0 after the signal")
    if "Traceback (most recent call last)" in first.out:
        result.notes.append("traceback after the signal")
    result.out = first.out + "\n--- rerun ---\n"
    result.timed_out = first.timed_out
    _finish(_start(attempt, folder), timeout, result)


def _filesystem(
    attempt: Attempt, before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]
) -> list[str]:
    problems = []
    for rel, (digest, mode) in before.items():
        if rel not in after:
            problems.append(f"deleted: {rel}")
            continue
        new_digest, new_mode = after[rel]
        if rel not in attempt.outputs and new_digest != digest:
            problems.append(f"changed: {rel}")
        if new_mode & ~mode & 0o777:
            problems.append(f"mode loosened: {rel} {mode:o} -> {new_mode:o}")
    left = sorted(set(after) - set(before) - set(attempt.outputs))
    if left:
        problems.append(f"left behind: {', '.join(left)}")
    for rel in attempt.keep_mode:
        if rel in before and rel in after and after[rel][1] != before[rel][1]:
            message = f"mode changed: {rel} {before[rel][1]:o} -> {after[rel][1]:o}"
            if message.replace("changed", "loosened") not in " ".join(problems):
                problems.append(message)
    return problems


NON_FINITE = re.compile(r"£-?inf|£-?nan|(?<![\w.])-?(inf|nan|infinity)(?![\w])", re.IGNORECASE)
RAW_ERROR = re.compile(
    r"\b(TypeError|RuntimeError|KeyError|AttributeError|IndexError|OverflowError|ValueError|"
    r"ZeroDivisionError|RecursionError|UnicodeDecodeError|AssertionError|OSError|"
    r"NotImplementedError|UnboundLocalError|NameError|StopIteration)\b"
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]")


def _injections(attempt: Attempt, folder: Path, result: Result) -> list[str]:
    found = []
    shown = result.out.split("\n--- rerun ---\n")[-1]
    if NON_FINITE.search(shown):
        found.append(f"non-finite figure printed: {NON_FINITE.search(shown).group(0)!r}")
    if CONTROL.search(shown):
        found.append("raw control characters on the terminal")
    for check in attempt.checks:
        target = next((folder / o for o in attempt.outputs if (folder / o).exists()), None)
        if target is None:
            continue
        if check == "md":
            from markdown_it import MarkdownIt

            md = MarkdownIt("commonmark")
            md.validateLink = lambda url: True  # as a renderer that does not vet schemes
            html = md.render(target.read_text("utf-8", "replace"))
            if re.search(
                r"<a href=\"(javascript|http://evil)|<img src=\"(x|http://evil)|<script", html
            ):
                found.append("case text became a live link, image or HTML in the Markdown")
        elif check == "html":
            text = target.read_text("utf-8", "replace")
            if "<img src=x onerror" in text or "<script>alert(1)" in text:
                found.append("case text became live HTML")
        elif check == "tex":
            if r"\input{/etc/passwd}" in target.read_text("utf-8", "replace"):
                found.append("case text became live LaTeX")
        elif check == "csv":
            text = target.read_text("utf-8", "replace")
            if re.search(r'(^|,)"?=HYPERLINK', text, re.MULTILINE):
                found.append("case text became a spreadsheet formula in the CSV")
        elif check == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(target)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.data_type == "f" and "evil.example" in str(cell.value):
                            found.append(
                                f"case text became a formula ({sheet.title}!{cell.coordinate})"
                            )
                            break
    return found


def _valid_outputs(attempt: Attempt, folder: Path) -> list[str]:
    found = []
    for name in attempt.outputs:
        path = folder / name
        if not path.exists() or path.stat().st_size == 0:
            found.append(f"{name} missing or empty after concurrent runs")
        elif name.endswith((".xlsx", ".docx")):
            try:
                with zipfile.ZipFile(path) as archive:
                    if archive.testzip() is not None:
                        found.append(f"{name} corrupt")
            except zipfile.BadZipFile:
                found.append(f"{name} corrupt")
    return found


def classify(attempt: Attempt, result: Result, fs: list[str], injected: list[str]) -> str:
    out = result.out
    if (
        result.timed_out
        or result.rc is None
        or result.rc < 0
        or result.rc in (137, 139)
        or "MemoryError" in out
        or "Segmentation fault" in out
    ):
        return "hang or blow-up"
    if fs or any(n.startswith(("left after", "written outside")) for n in result.notes):
        return "lost or exposed file"
    if (
        "Traceback (most recent call last)" in out
        or "Exception ignored" in out
        or "this is a bug in placebudget" in out
        or any("traceback" in n for n in result.notes)
    ):
        return "traceback"
    if result.rc == 0:
        if injected or any(n == "exit 0 after the signal" for n in result.notes):
            return "silently wrong"
        if attempt.expect == "refuse":
            return "silently wrong"
        if attempt.expect == "warn" and "warn" not in out.lower():
            return "silently wrong"
        return "ok"
    folded = out.casefold()
    if RAW_ERROR.search(out):
        return "unclear"  # a raw Python exception's text, whatever else it names
    if any(name and name.casefold() in folded for name in attempt.names):
        return "clear error"
    return "unclear"


def _record(attempt: Attempt, outcome: str, result: Result, notes: list[str]) -> dict[str, Any]:
    tail = result.out[-800:]
    return {
        "id": attempt.id,
        "family": attempt.family,
        "expect": attempt.expect,
        "command": ["placebudget" if attempt.code is None else "python -c CODE", *attempt.args],
        "rc": result.rc,
        "seconds": round(result.seconds, 2),
        "timed_out": result.timed_out,
        "outcome": outcome,
        "notes": notes,
        "output_tail": tail,
    }


def attempts(only: list[str] | None) -> list[Attempt]:
    chosen = [a for name, make in FAMILIES.items() if not only or name in only for a in make()]
    ids = collections.Counter(a.id for a in chosen)
    seen: collections.Counter[str] = collections.Counter()
    for a in chosen:  # unique ids
        if ids[a.id] > 1:
            seen[a.id] += 1
            a.id += f" #{seen[a.id]}"
    return chosen


SHORT = {
    "clear error": "clear",
    "unclear": "unclear",
    "traceback": "traceback",
    "silently wrong": "silent-wrong",
    "hang or blow-up": "hang/blow-up",
    "lost or exposed file": "lost/exposed",
    "ok": "ok",
    "harness error": "harness-err",
}


def summary(records: list[dict[str, Any]]) -> str:
    families = list(dict.fromkeys(r["family"] for r in records))
    columns = [*OUTCOMES] + (
        ["harness error"] if any(r["outcome"] == "harness error" for r in records) else []
    )
    counts = collections.Counter((r["family"], r["outcome"]) for r in records)
    width = max(len(f) for f in [*families, "family", "total"]) + 2
    head = "family".ljust(width) + "".join(f"{SHORT[c]:>13}" for c in columns) + f"{'total':>8}"
    lines = [head, "-" * len(head)]
    for fam in [*families, "total"]:
        row = [
            sum(counts[(f, c)] for f in families) if fam == "total" else counts[(fam, c)]
            for c in columns
        ]
        lines.append(fam.ljust(width) + "".join(f"{n:>13}" for n in row) + f"{sum(row):>8}")
    lines.append("")
    bad = ("traceback", "silently wrong", "hang or blow-up", "lost or exposed file")
    for outcome in bad:
        picked = [r for r in records if r["outcome"] == outcome]
        lines.append(f"{outcome} ({len(picked)}):")
        for r in picked:
            note = "; ".join(r["notes"])[:200] or _last_line(r["output_tail"])
            lines.append(f"  - {r['id']}  [exit {r['rc']}, {r['seconds']} s] {note}")
        lines.append("")
    return "\n".join(lines)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return (lines[-1] if lines else "")[:200]


def main(argv: list[str] | None = None) -> int:
    global SRC, FORK_SERVER
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=str(ROOT / "src"), help="source tree to audit")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument("--json", type=Path, help="write the per-attempt results here")
    parser.add_argument("--list", action="store_true", help="list the attempts, run nothing")
    parser.add_argument("--match", help="only attempts whose id contains this text")
    parser.add_argument(
        "--fork-server",
        action="store_true",
        help="run each CLI attempt in a child forked from an interpreter that has imported "
        "the tree once (about 10 %% faster; by default every attempt starts a fresh "
        "interpreter, as a user's command does)",
    )
    parser.add_argument(
        "--summarize",
        type=Path,
        nargs="+",
        metavar="JSON",
        help="print the summary of saved --json runs (several are merged)",
    )
    options = parser.parse_args(argv)
    if options.summarize:
        runs = [json.loads(p.read_text(encoding="utf-8")) for p in options.summarize]
        merged = [r for run in runs for r in run["results"]]
        sources = ", ".join(sorted({run["src"] for run in runs}))
        print(f"placebudget hostile audit: {len(merged)} attempts, source {sources}\n")
        print(summary(merged))
        if options.json:
            options.json.write_text(
                json.dumps(
                    {"src": sources, "attempts": len(merged), "results": merged},
                    indent=1,
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
        return 0
    SRC = str(Path(options.src).resolve())
    FORK_SERVER = options.fork_server
    chosen = attempts(options.only)
    if options.match:
        chosen = [a for a in chosen if options.match in a.id]
    if options.limit:
        chosen = chosen[: options.limit]
    if options.list:
        for a in chosen:
            print(f"{a.family:26} {a.expect:7} {a.id}")
        print(f"{len(chosen)} attempts", file=sys.stderr)
        return 0
    MPL_DIR.mkdir(exist_ok=True)
    order = sorted(range(len(chosen)), key=lambda i: not chosen[i].slow)  # slow ones first
    records: list[dict[str, Any] | None] = [None] * len(chosen)
    lock = threading.Lock()
    done = 0
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
        futures = {pool.submit(run_attempt, chosen[i], options.timeout): i for i in order}
        for future in concurrent.futures.as_completed(futures):
            record = future.result()
            with lock:
                records[futures[future]] = record
                done += 1
                if done % 50 == 0 or chosen[futures[future]].slow:
                    elapsed = time.monotonic() - started
                    print(
                        f"[{done}/{len(chosen)} {elapsed:.0f} s] {record['id']}: "
                        f"{record['outcome']}",
                        file=sys.stderr,
                        flush=True,
                    )
    final = [r for r in records if r is not None]
    if options.json:
        options.json.write_text(
            json.dumps(
                {"src": SRC, "attempts": len(final), "results": final},
                indent=1,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    print(f"placebudget hostile audit: {len(final)} attempts, source {SRC}")
    print(f"wall time {time.monotonic() - started:.0f} s, {options.jobs} jobs\n")
    print(summary(final))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
