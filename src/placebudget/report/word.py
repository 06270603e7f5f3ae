"""The Word report: the economic case of a Five Case Model business case, the outline of
:func:`~placebudget.report.report_contents` laid out with python-docx — numbered
sections, tables whose header repeats on every page (a wide table on a landscape page),
and the charts of :mod:`placebudget.report.charts` as pictures.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any

from placebudget.io import atomic_write_path
from placebudget.report import charts
from placebudget.report.contents import report_contents
from placebudget.report.outline import Bullets, Chart, Paragraph, Section, Table

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["build_document", "write_docx"]

#: The most columns a table takes on a portrait page; a wider one gets a landscape page.
PORTRAIT_COLUMNS = 8


def _orient(document: Any, landscape: bool) -> None:
    """Start a new page section in ``landscape`` (or portrait) orientation."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    current = document.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = height, width


def _table(document: Any, found: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    shown = found.shown
    _orient(document, len(shown) > PORTRAIT_COLUMNS)
    document.add_paragraph(found.caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(shown))
    grid.style = "Light Grid Accent 1"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    right = [found.numeric(c) for c in shown]
    for cell, text in zip(grid.rows[0].cells, found.header(), strict=True):
        cell.text = text
    rows = list(found.rows())
    for n, values in enumerate(rows):
        cells = grid.add_row().cells
        for k, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if right[k]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if found.total and n == len(rows) - 1:
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
    for row in grid.rows:
        # a row is never split across pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8.5)
    # the header repeats on every page a long table runs onto
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    document.add_paragraph()


def _section(document: Any, section: Section, number: int, results: Results) -> None:
    from docx.shared import Cm

    _orient(document, False)
    title = f"{number}. {section.title}" if section.level == 2 else section.title
    document.add_heading(title, level=section.level - 1)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _orient(document, False)
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            _orient(document, False)
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table) and block.audience != "machine":
            for _, part in block.parts():
                _table(document, part)
        elif isinstance(block, Chart):
            _orient(document, False)
            document.add_picture(io.BytesIO(charts.png(block.name, results)), width=Cm(15.5))
            document.paragraphs[-1].runs[0]._r.xpath("./w:drawing/*/wp:docPr")[0].set(
                "descr", block.alt)
            document.add_paragraph(block.caption, style="Caption")


def build_document(results: Results) -> Any:
    """The report as a python-docx ``Document`` (see the module notes)."""
    import docx

    contents = report_contents(results)
    document = docx.Document()
    document.core_properties.title = contents.title
    document.core_properties.subject = "Economic case"
    document.add_heading(contents.title, level=0)
    for paragraph in contents.lead:
        document.add_paragraph(paragraph)
    number = 0
    for section in contents.sections:
        number += section.level == 2
        _section(document, section, number, results)
    document.add_paragraph("Produced by placebudget.")
    return document


def write_docx(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the Word report atomically."""
    document = build_document(results)
    with atomic_write_path(path) as tmp:
        document.save(str(tmp))
