"""The Markdown report: the outline of :func:`~placebudget.report.report_contents` laid
out as Markdown headings, paragraphs and tables."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from placebudget.io import atomic_write
from placebudget.report.contents import report_contents
from placebudget.report.outline import Bullets, Chart, Paragraph, Section, Table

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["escape", "render_markdown", "table_lines", "write_markdown"]


_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "`": "\\`",
        "\n": " ",
        "\r": " ",
    }
)


def escape(text: object) -> str:
    """Text from a case file made inert in Markdown: no HTML (``<script>``, ``<img
    onerror>``), no links or images (``[x](javascript:…)``), no table breaks.

    Examples
    --------
    >>> escape("<b>A&E</b> [x](javascript:alert(1)) | y")
    '&lt;b&gt;A&amp;E&lt;/b&gt; \\\\[x\\\\](javascript:alert(1)) \\\\| y'
    """
    return str(text).translate(_ESCAPES)


def table_lines(found: Table) -> list[str]:
    """A table as Markdown lines: headers in words, figures right aligned, a total row
    in bold."""
    shown = found.shown
    lines = [
        "| " + " | ".join(escape(h) for h in found.header()) + " |",
        "|" + "|".join("---:" if found.numeric(c) else "---" for c in shown) + "|",
    ]
    rows = list(found.rows())
    for n, row in enumerate(rows):
        cells = [escape(cell) for cell in row]
        if found.total and n == len(rows) - 1:
            cells = [f"**{cell}**" for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _section(section: Section) -> list[str]:
    out = ["#" * section.level + " " + escape(section.title), ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out += [escape(block.text), ""]
        elif isinstance(block, Bullets):
            out += [*(f"- {escape(item)}" for item in block.items), ""]
        elif isinstance(block, Table) and block.audience != "machine":
            for value, part in block.parts():
                if value is not None:
                    out += ["#" * (section.level + 1) + " " + escape(part.caption), ""]
                out += [*table_lines(part), ""]
        elif isinstance(block, Chart):
            out += [f"*{escape(block.caption)}* {escape(block.alt)}", ""]
    return out


def render_markdown(results: Results) -> str:
    """The report as Markdown text."""
    contents = report_contents(results)
    out = [f"# {escape(contents.title)}", ""]
    for paragraph in contents.lead:
        out += [escape(paragraph), ""]
    for section in contents.sections:
        if section.blocks and not all(
            isinstance(b, Table) and b.audience == "machine" for b in section.blocks
        ):
            out += _section(section)
    out += ["Produced by placebudget.", ""]
    return "\n".join(out)


def write_markdown(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the Markdown report atomically."""
    text = render_markdown(results)
    with atomic_write(path) as handle:
        handle.write(text)
