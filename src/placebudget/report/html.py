"""The self-contained HTML report: the outline of
:func:`~placebudget.report.report_contents` as one page, its charts inline SVG, no
external files or scripts."""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING

from placebudget.io import atomic_write
from placebudget.report import charts
from placebudget.report.contents import report_contents
from placebudget.report.outline import Bullets, Chart, Paragraph, Section, Table

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["render_html", "write_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 68rem;
       color: #222; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e3e3e3; }
th { background: #f3f3f3; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; } th { vertical-align: bottom; }
td.worse { color: #b2182b; font-weight: 600; }
tr.total td { font-weight: 600; border-top: 2px solid #999; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr));
          gap: 1rem; } .chart { width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; }
.scroll { overflow-x: auto; max-width: 100%; }
"""


def _table(found: Table) -> str:
    shown = found.shown
    head = "".join(
        f'<th{" class=num" if found.numeric(c) else ""} scope="col">'
        f"{html.escape(found.label(c))}</th>"
        for c in shown
    )
    rows = []
    for n, cells in enumerate(found.rows()):
        tds = []
        for column, text in zip(shown, cells, strict=True):
            classes = [
                c
                for c, on in (("num", found.numeric(column)), ("worse", found.flagged(n, column)))
                if on
            ]
            css = f' class="{" ".join(classes)}"' if classes else ""
            tds.append(f"<td{css}>{html.escape(text)}</td>")
        total = ' class="total"' if found.total and n == len(found.frame) - 1 else ""
        rows.append(f"<tr{total}>{''.join(tds)}</tr>")
    # a wide table scrolls inside the page rather than widening it
    return (
        f'<div class="scroll"><table data-table="{html.escape(found.name)}">'
        f"<caption>{html.escape(found.caption)}</caption><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _section(section: Section, results: Results) -> list[str]:
    level = min(section.level, 6)
    out = [
        f'<section data-section="{html.escape(section.name)}">',
        f"<h{level}>{html.escape(section.title)}</h{level}>",
    ]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append(
                "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in block.items) + "</ul>"
            )
        elif isinstance(block, Table) and block.audience != "machine":
            out += [_table(part) for _, part in block.parts()]
        elif isinstance(block, Chart):
            svg = charts.svg(block.name, results, alt=block.alt)
            out.append(
                f"<figure>{svg}<figcaption>{html.escape(block.caption)}</figcaption></figure>"
            )
    out.append("</section>")
    return out


def render_html(results: Results) -> str:
    """The report as one HTML document."""
    contents = report_contents(results)
    title = html.escape(contents.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{_STYLE}</style></head><body><main>",
        f"<h1>{title}</h1>",
        *(f"<p>{html.escape(p)}</p>" for p in contents.lead),
    ]
    for section in contents.sections:
        parts += _section(section, results)
    parts.append("<p>Produced by placebudget.</p></main></body></html>")
    return "\n".join(parts)


def write_html(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the HTML report atomically."""
    text = render_html(results)
    with atomic_write(path) as handle:
        handle.write(text)
