"""The self-contained HTML report: the outline of
:func:`~placebudget.report.report_contents` as one page, its charts inline SVG, no
external files or scripts.

The page is laid out by Jinja2 templates (``placebudget/report/templates``) with
autoescaping on: every text a case carries is escaped by the template engine, and the
only markup let through unescaped is the charts' SVG, which matplotlib writes. The
section and table partials (``_section.html.j2``, ``_table.html.j2``) take the laid-out
blocks of :func:`section_view`, so that any page showing a report's sections renders
them the same way.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from placebudget.io import atomic_write
from placebudget.report import charts
from placebudget.report.contents import report_contents
from placebudget.report.outline import Bullets, Chart, Paragraph, Section, Table

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2
    from markupsafe import Markup

    from placebudget.engine.results import Results

__all__ = ["render_html", "section_view", "templates", "write_html"]


@functools.cache
def templates() -> jinja2.Environment:
    """The report templates (``placebudget/report/templates``), autoescaped, undefined
    names an error."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("placebudget.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _table_view(found: Table) -> dict[str, Any]:
    """A table part as the ``_table.html.j2`` partial lays it out."""
    shown = found.shown
    head = [{"text": found.label(c), "numeric": found.numeric(c)} for c in shown]
    rows = []
    for n, cells in enumerate(found.rows()):
        row = [
            {
                "text": text,
                "classes": " ".join(
                    c
                    for c, on in (
                        ("num", found.numeric(column)),
                        ("worse", found.flagged(n, column)),
                    )
                    if on
                ),
            }
            for column, text in zip(shown, cells, strict=True)
        ]
        rows.append({"cells": row, "total": found.total and n == len(found.frame) - 1})
    return {
        "kind": "table",
        "name": found.name,
        "caption": found.caption,
        "head": head,
        "rows": rows,
    }


def section_view(
    section: Section,
    results: Results,
    *,
    chart: Callable[[Chart], Markup] | None = None,
) -> dict[str, Any]:
    """``section`` laid out for the ``_section.html.j2`` partial: its blocks in order as
    paragraphs, bullets, table parts (not the tables for machines) and charts (inline
    SVG, or the markup ``chart`` gives for the chart: the workbench's ``<img>`` of it)."""
    from markupsafe import Markup

    blocks: list[dict[str, Any]] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            blocks.append({"kind": "paragraph", "text": block.text})
        elif isinstance(block, Bullets):
            blocks.append({"kind": "bullets", "items": list(block.items)})
        elif isinstance(block, Table) and block.audience != "machine":
            blocks += [_table_view(part) for _, part in block.parts()]
        elif isinstance(block, Chart):
            # matplotlib's SVG, its texts escaped by matplotlib: the one markup let through
            svg = (
                Markup(charts.svg(block.name, results, alt=block.alt))
                if chart is None
                else chart(block)
            )
            blocks.append({"kind": "chart", "svg": svg, "caption": block.caption})
    return {
        "name": section.name,
        "title": section.title,
        "level": min(section.level, 6),
        "blocks": blocks,
    }


def render_html(results: Results) -> str:
    """The report as one HTML document."""
    contents = report_contents(results)
    sections = [section_view(section, results) for section in contents.sections]
    return templates().get_template("report.html.j2").render(contents=contents, sections=sections)


def write_html(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the HTML report atomically."""
    text = render_html(results)
    with atomic_write(path) as handle:
        handle.write(text)
