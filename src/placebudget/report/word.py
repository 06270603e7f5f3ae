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
    from pathlib import Path

    from placebudget.engine.results import Results

__all__ = [
    "MAX_PROPERTY_LENGTH",
    "REQUIRED_STYLES",
    "build_document",
    "metadata_title",
    "open_template",
    "write_docx",
]

#: The styles the paper is written in: a council's template must have each of them.
REQUIRED_STYLES: tuple[str, ...] = (
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Caption",
    "List Bullet",
    "Table Grid",
)

#: Width of one character of a table's text at 8.5 pt (cm), and a cell's padding.
_CHAR_CM, _PADDING_CM = 0.19, 0.45

#: Text width of an A4 page with the default margins (cm): portrait, landscape.
_PORTRAIT_CM, _LANDSCAPE_CM = 15.9, 24.7


def _widths(
    header: list[str],
    rows: list[list[str]],
    numeric: list[bool],
    *,
    available: float,
    char: float = _CHAR_CM,
) -> tuple[list[float], list[float]]:
    """Each column's width (cm) wanted and the least it can take: a figure's column as
    wide as its widest figure or header word (a figure never wraps), a text column as
    wide as its text up to 28 characters, down to its longest word."""
    longest = [max([len(r[k]) for r in rows] + [0]) for k in range(len(header))]
    words = [
        max([len(w) for text in [header[k], *(r[k] for r in rows)] for w in text.split()] + [1])
        for k in range(len(header))
    ]
    floor = [
        max(longest[k] if numeric[k] else 0, words[k]) * char + _PADDING_CM
        for k in range(len(header))
    ]
    need = [max(floor[k], min(longest[k], 28) * char + _PADDING_CM) for k in range(len(header))]
    excess = sum(need) - available
    if excess > 0:  # taken from the text columns, down to their longest word
        slack = [n - f for n, f in zip(need, floor, strict=True)]
        total = sum(slack)
        if total > 0:
            need = [n - s * min(1.0, excess / total) for n, s in zip(need, slack, strict=True)]
    return need, floor


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
    from docx.shared import Cm, Pt

    shown = found.shown
    right = [found.numeric(c) for c in shown]
    rows = list(found.rows())
    header = found.header()
    # portrait when the table fits at 6.5 pt or more (the page's text is never cut, and
    # wraps only at spaces); else a landscape page, at a smaller size if need be
    _, floor = _widths(header, rows, right, available=_PORTRAIT_CM)
    landscape = 8.5 * _PORTRAIT_CM / sum(floor) < 6.5
    available = _LANDSCAPE_CM if landscape else _PORTRAIT_CM
    size = round(min(8.5, 8.5 * available / sum(floor)), 1)
    widths = [
        Cm(w)
        for w in _widths(header, rows, right, available=available, char=_CHAR_CM * size / 8.5)[0]
    ]
    _orient(document, landscape)
    caption = document.add_paragraph(found.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True  # never a caption without its table
    grid = document.add_table(rows=1, cols=len(shown))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = text
    for n, values in enumerate(rows):
        cells = grid.add_row().cells
        for k, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            cell.width = widths[k]
            if right[k]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if found.total and n == len(rows) - 1:
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
    for cell, width in zip(grid.rows[0].cells, widths, strict=True):
        cell.width = width
    for cell in grid.rows[0].cells:  # the header row shaded and bold
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "DDE5F0")
        cell._tc.get_or_add_tcPr().append(shade)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    if len(grid.rows) <= 30:  # a short table is kept on one page, with its caption
        for row in grid.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    for row in grid.rows:
        # a row is never split across pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(size)
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
                "descr", block.alt
            )
            document.add_paragraph(block.caption, style="Caption")


def open_template(path: str | os.PathLike[str] | None) -> Any:
    """A new document on the Word template at ``path`` (its styles, page set-up, header
    and logo; its body left out), or on python-docx's clean default.

    Raises
    ------
    placebudget.errors.ValidationError
        ``path`` is not a readable .docx within the size limits, or lacks a style of
        :data:`REQUIRED_STYLES` (named, with the file).
    """
    import zipfile

    import docx

    from placebudget.errors import Problem, ValidationError
    from placebudget.io.limits import check_zip

    if path is None:
        return docx.Document()
    where = f"template {os.fspath(path)}"
    check_zip(path, field=where)
    try:
        document = docx.Document(os.fspath(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        msg = "is not a readable Word document (.docx)"
        raise ValidationError.single(path=where, message=msg, value=os.fspath(path)) from exc
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise ValidationError(
            [
                Problem(where, f"lacks the style {name!r} the paper is written in", os.fspath(path))
                for name in missing
            ],
            context="cannot write the Word paper",
        )
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):  # the template's own text goes; its last section stays
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _field(paragraph: Any, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) at the end of ``paragraph``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_and_footer(document: Any, title: str, *, final: bool, version: str) -> None:
    """Every page's header (the case, and DRAFT unless ``final``) and footer (page x of
    y, the date and the version)."""
    import datetime

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        # a template's own header (its logo, its name) is kept: the case's line follows it
        kept = [p for p in header.paragraphs if p.text.strip() or p._p.xpath(".//w:drawing")]
        top = (
            header.add_paragraph()
            if kept
            else (header.paragraphs[0] if header.paragraphs else header.add_paragraph())
        )
        run = top.add_run(title)
        run.font.size = Pt(8)
        if not final:
            mark = top.add_run("    DRAFT — for discussion, not for decision")
            mark.font.bold = True
            mark.font.size = Pt(8)
            mark.font.color.rgb = RGBColor(0xB2, 0x18, 0x2B)
        footer = section.footer
        footer.is_linked_to_previous = False
        kept = [p for p in footer.paragraphs if p.text.strip() or p._p.xpath(".//w:drawing")]
        bottom = (
            footer.add_paragraph()
            if kept
            else (footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph())
        )
        bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
        bottom.add_run("Page ")
        _field(bottom, "PAGE")
        bottom.add_run(" of ")
        _field(bottom, "NUMPAGES")
        bottom.add_run(
            f"  ·  {datetime.date.today():%d %B %Y}  ·  {version}{'' if final else '  ·  draft'}"
        )
        for run in bottom.runs:
            run.font.size = Pt(8)


def build_document(
    results: Results, *, final: bool = False, template: str | os.PathLike[str] | Path | None = None
) -> Any:
    """The report as a python-docx ``Document`` (see the module notes), on the Word
    ``template`` when given, marked as a draft on every page unless ``final``."""
    from placebudget._version import __version__

    document = open_template(template)
    contents = report_contents(results)
    document.core_properties.title = metadata_title(contents.title)
    document.core_properties.subject = "Economic case"
    document.add_heading(contents.title, level=0)
    for paragraph in contents.lead:
        document.add_paragraph(paragraph)
    number = 0
    for section in contents.sections:
        number += section.level == 2
        _section(document, section, number, results)
    last = document.paragraphs[-1] if document.paragraphs else None
    if (
        last is not None
        and not last.text
        and last._p.getnext() is not None
        and (last._p.getnext().tag.endswith("sectPr"))
    ):
        last._p.getparent().remove(last._p)  # no page of nothing but its header and footer
    digest = _digest(results)
    _header_and_footer(
        document, contents.title, final=final, version=f"case {digest}, placebudget {__version__}"
    )
    return document


#: Longest text a Word file's core properties take (its title, subject): 255 characters.
MAX_PROPERTY_LENGTH = 255


def metadata_title(title: str) -> str:
    """``title`` as the file's core properties take it: whole when it fits in
    :data:`MAX_PROPERTY_LENGTH` characters, else cut at a word (or, with no space late
    enough, inside one) and ended with "…". The paper's own title is always whole.

    Examples
    --------
    >>> metadata_title("Troubled families")
    'Troubled families'
    >>> cut = metadata_title("word " * 100)
    >>> len(cut) <= 255, cut.endswith("word…")
    (True, True)
    """
    if len(title) <= MAX_PROPERTY_LENGTH:
        return title
    head = title[: MAX_PROPERTY_LENGTH - 1]
    space = head.rfind(" ")
    if space >= MAX_PROPERTY_LENGTH // 2:
        head = head[:space]
    return head.rstrip() + "…"


def _digest(results: Results) -> str:
    """A short fingerprint of the case's inputs, which changes when any input does."""
    import hashlib

    case = results.case
    text = repr(case) if case is not None else repr(results.projection.attrs)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def write_docx(
    results: Results,
    path: str | os.PathLike[str],
    *,
    final: bool = False,
    template: str | os.PathLike[str] | None = None,
) -> None:
    """Write the Word report atomically: a draft (marked on every page) unless
    ``final``, on a council's Word ``template`` when given (checked before anything is
    written)."""
    document = build_document(results, final=final, template=template)
    with atomic_write_path(path) as tmp:
        document.save(str(tmp))
