"""The Markdown report: the outline of :func:`~placebudget.report.report_contents` laid
out as Markdown headings, paragraphs and tables."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from placebudget.io import atomic_write
from placebudget.report.contents import report_contents
from placebudget.report.outline import Bullets, Chart, Paragraph, Section, Table

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["escape", "render_markdown", "table_lines", "write_markdown"]


#: Characters written as HTML entities: no tag, comment, autolink or entity from text.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

#: What Markdown (CommonMark, and GitHub's tables, strikethrough, maths and autolinks, or
#: markdown-it's linkify) would act on in text: the backslash first of all (so that text
#: cannot escape an escape: ``\[x\](url)``), code, emphasis (``_`` but inside a word,
#: where it is none: ``person_year``), links and images, headings,
#: table cells, strikethrough, maths; and what a renderer finding links in plain text
#: would link: a scheme's ``://``, a dot between a word and a letter (``evil.com``, not
#: ``1.5``) and ``@``. Each is written with a backslash before it (which also splits the
#: text where a link would be found), but ``&``, ``<`` and ``>``: an entity. Control
#: characters, line breaks among them (they would end a paragraph, list item or table
#: row, or drive a terminal showing the file), and the bidirectional overrides and
#: isolates (text shown in another order than it is read) are a space.
_ACTIVE = re.compile(
    r":(?=//)|(?<=\w)\.(?=[^\W\d_])|_(?![^\W_])|(?<![^\W_])_|[\\`*\[\]#|~^$!{}@&<>]"
    r"|[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

#: What starts a block where the text of a paragraph, list item or heading begins: a
#: list marker (``-``, ``+``, ``1.``, ``1)``), a setext underline or thematic break
#: (``=``, ``-``); spaces before it (an indented code block) are dropped.
_BLOCK_START = re.compile(r"[ \t]*(?:([-+=])|([0-9]{1,9})([.)]))?")


def _escaped(found: re.Match[str]) -> str:
    character = found.group()
    if character in _ENTITIES:
        return _ENTITIES[character]
    if character.isprintable():
        return "\\" + character
    return " "


def _block_start(found: re.Match[str]) -> str:
    marker, number, delimiter = found.groups()
    if marker is not None:
        return "\\" + marker
    if number is not None:
        return number + "\\" + delimiter
    return ""


def escape(text: object) -> str:
    r"""Text from a case file made inert in Markdown, whatever renderer shows it: no
    HTML (``<script>``, ``<img onerror>``), no links, images or autolinks (``[x](url)``,
    ``\[x\](url)``, ``![x](y)``, ``<http://x>``, ``www.x.com``), no emphasis, code,
    heading, list or table break; line breaks become spaces. It renders as the text.

    Examples
    --------
    >>> print(escape(r"<b>A&E</b> \[x\](javascript:alert(1)) | y"))
    &lt;b&gt;A&amp;E&lt;/b&gt; \\\[x\\\](javascript:alert(1)) \| y
    >>> print(escape("1. see www.evil.com or x@y.org: 2.5 % of £1.2m"))
    1\. see www\.evil\.com or x\@y\.org: 2.5 % of £1.2m
    """
    return _BLOCK_START.sub(_block_start, _cell(text), count=1)


def _cell(text: object) -> str:
    """Text escaped for a table cell (where no block starts): :func:`escape` but for a
    leading ``-``, ``+``, ``=`` or number (a negative figure stays ``-£1.2m``)."""
    return _ACTIVE.sub(_escaped, str(text))


def table_lines(found: Table) -> list[str]:
    """A table as Markdown lines: headers in words, figures right aligned, a total row
    in bold."""
    shown = found.shown
    lines = [
        "| " + " | ".join(_cell(h) for h in found.header()) + " |",
        "|" + "|".join("---:" if found.numeric(c) else "---" for c in shown) + "|",
    ]
    rows = list(found.rows())
    for n, row in enumerate(rows):
        cells = [_cell(cell) for cell in row]
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
