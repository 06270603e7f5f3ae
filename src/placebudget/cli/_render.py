"""Printing for the command line: one rich console and one table renderer, fed by the
report frames (pandas DataFrames) and formatting each column as the reports do."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.padding import Padding
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Columns",
    "Printer",
    "console",
    "error_console",
    "key_values",
    "paragraph",
    "printable",
    "progress",
    "stages",
    "table",
]

#: Column of a frame → its header, or (header, formatter of a cell).
Columns = Mapping[str, str | tuple[str, Callable[[Any], str]]]

#: Lines of a pipe or a file are this wide, so that tables are never folded.
_PIPE_WIDTH = 240

#: What a terminal would act on rather than show: the C0 controls but tab and line feed
#: (ESC starts every escape sequence: OSC 52 clipboard writes, OSC 8 links, CSI screen
#: clears, window titles; BEL, carriage return, backspace), DEL, the C1 controls (a
#: one-byte CSI or OSC on some terminals) and the bidirectional overrides and isolates
#: (text shown in another order than it is read).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    r"""``text`` as the terminal may show it: every control character a terminal would
    act on written as its escape (``\x1b``, ``\x07``, ``\u202e``), tabs and line
    breaks kept. Everything the command line prints goes through it (:class:`Printer`,
    :func:`table`, :func:`key_values` and the error line), so that text from a case file
    can neither drive the terminal nor be read as rich markup (the console takes none).

    Examples
    --------
    >>> printable("Troubled families\x1b]52;c;ZXZpbA==\x07 [bold]x[/bold]")
    'Troubled families\\x1b]52;c;ZXZpbA==\\x07 [bold]x[/bold]'
    """
    return _CONTROLS.sub(_shown, str(text))


class Printer:
    """A rich console whose lines end where their text does (tables are padded to their
    column widths; the padding at the end of a line is dropped)."""

    def __init__(self, *, stderr: bool) -> None:
        stream = sys.stderr if stderr else sys.stdout
        width = None if stream.isatty() else _PIPE_WIDTH
        # text from case files is printed as it is: no markup, emoji or highlighting,
        # and no colour or style (so that nothing the console writes is a control code)
        self.console = Console(
            stderr=stderr,
            width=width,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
            color_system=None,
        )

    def print(self, renderable: Any = "") -> None:
        """Print text or a table, every control character in it made visible
        (:func:`printable`): text before it is laid out, and the lines laid out again
        (a renderable built elsewhere)."""
        if isinstance(renderable, str):
            renderable = printable(renderable)
        with self.console.capture() as captured:
            self.console.print(renderable)
        lines = printable(captured.get()).splitlines()
        self.console.file.write("".join(line.rstrip() + "\n" for line in lines) or "\n")


def console() -> Printer:
    """A printer on standard output (built per command, so captured output works)."""
    return Printer(stderr=False)


def error_console() -> Printer:
    """A printer on standard error."""
    return Printer(stderr=True)


def _longest_word(text: str) -> int:
    return max([len(word) for word in text.split()] + [0])


class _Stacked:
    """A table that never cuts a cell: laid out whole when it fits the console's width,
    else its columns in groups, one under another, each group with the row labels (which
    wrap at spaces); a figure is never wrapped nor cut."""

    def __init__(
        self,
        header: list[str],
        rows: list[list[str]],
        right: list[bool],
        *,
        labelled: bool,
        title: str | None,
        indent: int,
    ) -> None:
        self.header, self.rows, self.right = header, rows, right
        self.labelled, self.title, self.indent = labelled, title, indent

    def _grid(
        self, columns: list[int], label_width: int | None, widths: list[int] | None = None
    ) -> Table:
        grid = Table(
            box=None,
            pad_edge=False,
            show_edge=False,
            padding=(0, 2),
            header_style=None,
            title=self.title,
            title_justify="left",
            title_style=None,
            show_header=any(self.header),
        )
        for k in columns:
            if self.labelled and k == 0:
                grid.add_column(self.header[0], no_wrap=False, width=label_width, overflow="fold")
            else:  # a header and a text wrap at spaces (a long word folds); a figure never
                grid.add_column(
                    self.header[k],
                    no_wrap=False,
                    width=None if widths is None else widths[k],
                    justify="right" if self.right[k] else "left",
                    overflow="fold",
                )
        for row in self.rows:
            grid.add_row(*(row[k] for k in columns))
        return grid

    def _need(self, k: int, *, compact: bool) -> int:
        """Column ``k``'s width with its padding: its header whole (or, ``compact``, its
        longest word) and its widest figure, or its text up to 24 characters."""
        header = _longest_word(self.header[k]) if compact else len(self.header[k])
        widest = max([header, *(len(r[k]) for r in self.rows)])
        return (widest if self.right[k] or not compact else min(widest, 24)) + 4

    def __rich_console__(self, console: Any, options: Any) -> Any:
        width = options.max_width - self.indent
        # each column is padded by 2 on either side, but at the table's edges: the whole
        # table when its headers fit on one line; else headers and texts wrap at spaces
        # (a figure never wraps), and the columns go in groups if need be
        first = 1 if self.labelled else 0
        for compact in (False, True):
            need = [self._need(k, compact=compact) for k in range(len(self.header))]
            contents = [n - 4 for n in need]
            if sum(need) - 4 <= width or len(need) <= first + 1:
                yield Padding(
                    self._grid(
                        list(range(len(need))), contents[0] if self.labelled else None, contents
                    ),
                    (0, 0, 0, self.indent),
                )
                return
        label = min(need[0], max(14, width // 3)) if self.labelled else 0
        groups: list[list[int]] = [[]]
        used = label
        for k in range(first, len(need)):
            if groups[-1] and used + need[k] - 2 > width:
                groups.append([])
                used = label
            groups[-1].append(k)
            used += need[k]
        for n, group in enumerate(groups):
            if n:
                yield ""
            columns = ([0] if self.labelled else []) + group
            yield Padding(
                self._grid(columns, label - 4 if self.labelled else None, contents),
                (0, 0, 0, self.indent),
            )


def table(
    frame: pd.DataFrame,
    columns: Columns,
    *,
    index: str | None = None,
    title: str | None = None,
    indent: int = 2,
    right: tuple[str, ...] = (),
    names: Mapping[str, str] | None = None,
) -> Any:
    """``frame``'s ``columns`` (in that order, under their headers) as a table for the
    console, the index first under the header ``index`` (left out when ``None``; its ids
    shown by their ``names``); numbers, and the columns named in ``right``, right
    aligned; the index's header capitalised and its summary rows (``total``, ``pot``) in
    words, as in the documents. With no header but empty ones, no header row. On a
    console too narrow for it, its columns are shown in groups one under another
    (:class:`_Stacked`): nothing is cut."""
    import pandas as pd

    from placebudget.report.tables import format_cell

    specs = {
        name: (spec, None) if isinstance(spec, str) else spec for name, spec in columns.items()
    }
    from placebudget.report.outline import SUMMARY_ROWS

    heading = (index or "")[:1].upper() + (index or "")[1:]
    header = [
        printable(h)
        for h in ([heading] if index is not None else []) + [h for h, _ in specs.values()]
    ]
    right_aligned = ([False] if index is not None else []) + [
        name in right
        or (
            name in frame
            and pd.api.types.is_numeric_dtype(frame[name])
            and not pd.api.types.is_bool_dtype(frame[name])
        )
        for name in specs
    ]
    rows = []
    for label, row in frame.iterrows():
        cells = (
            []
            if index is None
            else [(names or {}).get(str(label)) or SUMMARY_ROWS.get(str(label), str(label))]
        )
        for name, (_, formatter) in specs.items():
            value = row[name]
            cells.append(formatter(value) if formatter is not None else format_cell(value, name))
        rows.append([printable(cell) for cell in cells])
    return _Stacked(
        header,
        rows,
        right_aligned,
        labelled=index is not None,
        title=None if title is None else printable(title),
        indent=indent,
    )


def key_values(
    pairs: list[tuple[str, str]],
    *,
    width: int = 20,
    indent: int = 2,
    align: Literal["left", "right"] = "left",
) -> Padding:
    """Label–value lines, the labels in a column ``width`` wide."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(min_width=width, no_wrap=True)
    grid.add_column(justify=align, no_wrap=True)
    for label, value in pairs:
        grid.add_row(printable(label), printable(value))
    return Padding(grid, (0, 0, 0, indent), expand=False)


def paragraph(text: str, *, indent: int = 2) -> Padding:
    """A paragraph of text, wrapped at the console's width and indented by ``indent``
    (every line, the wrapped ones too)."""
    from rich.text import Text

    return Padding(Text(printable(text)), (0, 0, 0, indent), expand=False)


def progress() -> Progress:
    """A rich progress display on standard error, shown only when standard error is a
    terminal (a pipe or a file gets nothing) and cleared when it stops."""
    stream = sys.stderr
    shown = stream.isatty()
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream, markup=False, emoji=False, highlight=False),
        transient=True,
        disable=not shown,
    )


@contextlib.contextmanager
def stages(what: str, steps: list[str]) -> Iterator[Callable[[], None]]:
    """A progress bar of ``steps`` named stages on standard error (see :func:`progress`);
    the function it gives moves on to the next stage.

    Examples
    --------
    >>> with stages("Monte Carlo", ["sampling", "projecting"]) as next_stage:
    ...     next_stage()
    """
    with progress() as bar:
        task = bar.add_task(f"{what}: {steps[0]}", total=len(steps))
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            bar.update(task, advance=1, description=f"{what}: {steps[min(done, len(steps) - 1)]}")

        yield advance
        bar.update(task, completed=len(steps))
