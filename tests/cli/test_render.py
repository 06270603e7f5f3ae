"""What the command line prints goes through one place that makes every control
character visible and reads no markup: plain text, tables, label–value lines and the
error line."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from placebudget.cli import _render
from placebudget.cli._app import SEED
from placebudget.cli._render import Printer, key_values, printable, table

HOSTILE = "A\x1b]52;c;ZXZpbA==\x07B\x1b[2J\x9b31m\x7f\u202eC [bold red]x[/bold red] [link=http://e]y[/link]"
SHOWN = (
    "A\\x1b]52;c;ZXZpbA==\\x07B\\x1b[2J\\x9b31m\\x7f\\u202eC [bold red]x[/bold red] "
    "[link=http://e]y[/link]"
)


def test_printable_shows_every_control_and_keeps_tabs_and_lines() -> None:
    assert printable(HOSTILE) == SHOWN
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("\r\b\x00\x85\u2066") == "\\x0d\\x08\\x00\\x85\\u2066"
    assert printable("£1.2m — Troubled families › cost") == "£1.2m — Troubled families › cost"


def _printed(renderable: object) -> str:
    printer = Printer(stderr=False)
    stream = io.StringIO()
    printer.console.file = stream
    printer.print(renderable)
    return stream.getvalue()


@pytest.mark.parametrize(
    "renderable",
    [
        HOSTILE,
        table(pd.DataFrame({"name": [HOSTILE]}, index=[HOSTILE]), {"name": HOSTILE}, index="id"),
        table(pd.DataFrame({"n": [1.0]}), {"n": "n"}, title=HOSTILE),
        key_values([(HOSTILE, HOSTILE)], width=200),
    ],
    ids=["text", "table", "title", "key values"],
)
def test_printed_text_has_no_control_and_no_markup(renderable: object) -> None:
    out = _printed(renderable)
    assert not set(out) & {"\x1b", "\x07", "\x9b", "\x7f", "\u202e"}
    assert "".join(SHOWN.split()) in "".join(out.split())  # (a title wraps to its table)


def test_a_renderable_built_elsewhere_is_made_printable_too() -> None:
    from rich.table import Table

    grid = Table.grid()
    grid.add_row("X\x1b[2JY")
    assert _printed(grid) == "X\\x1b[2JY\n"


def test_the_error_line_is_printable(capsys: pytest.CaptureFixture[str]) -> None:
    from placebudget.cli._app import _fail

    _fail(f"placebudget run: error: {HOSTILE}")
    assert capsys.readouterr().err == f"placebudget run: error: {SHOWN}\n"


def test_seeds_are_whole_numbers_from_0_to_2_to_the_32_less_1() -> None:
    assert SEED.convert("0", None, None) == 0
    assert SEED.convert(str(2**32 - 1), None, None) == 2**32 - 1
    for bad in ("-1", str(2**32), "1.5"):
        with pytest.raises(Exception, match=r"range|not a valid integer"):
            SEED.convert(bad, None, None)


def test_no_colour_or_style_is_written() -> None:
    assert Printer(stderr=False).console.color_system is None
    assert _render.console().console.no_color or _render.console().console.color_system is None


def test_a_plugin_writer_ending_the_process_fails_the_command(tmp_path: object) -> None:
    import sys
    from pathlib import Path

    import placebudget as pb
    from placebudget.cli import cli
    from placebudget.examples import example_path
    from placebudget.plugin import ReporterSpec
    from placebudget.testing import fresh_plugin_registry

    class Quits:
        @pb.hookimpl
        def placebudget_reporters(self) -> list[ReporterSpec]:
            return [
                ReporterSpec(
                    name="quits",
                    suffix=".quits",
                    description="Ends the process.",
                    write=lambda results, path: sys.exit(0),
                )
            ]

    folder = Path(str(tmp_path))
    with fresh_plugin_registry(Quits()):
        result = CliRunner().invoke(
            cli, ["run", str(example_path("west_cheshire")), "-o", str(folder / "r.quits")]
        )
    # the plugin's failure, caught where the registry calls it: one line, exit 1
    assert result.exit_code == 1
    assert "the 'quits' report format failed (SystemExit: 0)" in result.stderr
    assert not list(folder.iterdir())
