"""The cell kit of the workbooks: number formats, column letters, a sheet being written
(:class:`Sheet`: a cursor over rows, styles, and references into it) and a report table
as cells (:func:`table_cells`, :func:`write_table`).

Layout of the live model: rows are things, columns from ``H`` (:data:`FIRST_YEAR`) are
years.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from placebudget.figures import FIGURES
from placebudget.model import financial_year_label
from placebudget.report.outline import Table, table
from placebudget.report.tables import plain

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: Number format of each kind of figure (:data:`placebudget.figures.KINDS`; ``discount``
#: the factor's former name), shared by the value-only workbook and the live model.
NUMBER_FORMATS: dict[str, str] = {
    "whole": "0",
    "input": "0.000",
    "discount": "0.0000",
    "factor": "0.0000",
    "ratio": "0.00",
    "share": "0.0%",
    "money": '"£"#,##0;[Red]-"£"#,##0',
    "money_per_unit": '"£"#,##0.00;[Red]-"£"#,##0.00',
    "count": "#,##0.0",
    "number": "General",
}

MONEY = NUMBER_FORMATS["money"]
PENCE = '"£"#,##0.00;[Red]-"£"#,##0.00'
SHARE = NUMBER_FORMATS["share"]
RATIO = NUMBER_FORMATS["ratio"]
COUNT = NUMBER_FORMATS["count"]
FACTOR = NUMBER_FORMATS["discount"]
YEAR = NUMBER_FORMATS["whole"]
#: The first year column (H): columns A–G hold labels, keys and per-row figures.
FIRST_YEAR = 8


def col(index: int) -> str:
    """The letter of column ``index`` (1 = ``A``)."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def yc(t: int) -> str:
    """The column letter of year ``t`` (0 = the first year).

    Examples
    --------
    >>> yc(0), yc(2)
    ('H', 'J')
    """
    return col(FIRST_YEAR + t)


class Sheet:
    """One sheet being written: a cursor over rows, styles and references into it.

    A row in a reference (:meth:`ref`, :meth:`span`, :meth:`years_of`) is a number or a
    row placeholder (:func:`placebudget.report.workbook._context.row`).
    """

    def __init__(self, book: Workbook, title: str, n_years: int) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws: Worksheet = book.create_sheet(title)
        self.title = title
        self.n = n_years
        self.row = 1
        self._bold = Font(bold=True)
        self._head_fill = PatternFill("solid", fgColor="DDE5F0")
        self.input_font = Font(color="0000FF")
        self.input_fill = PatternFill("solid", fgColor="FFF2CC")
        self._title_font = Font(bold=True, size=14)
        self._section_font = Font(bold=True, size=12)
        self._wrap = Alignment(vertical="top", wrap_text=True)
        self._right = Alignment(horizontal="right")
        self._note_font = Font(italic=True, color="595959")
        self.bold_red = Font(bold=True, color="C00000")
        #: The input cells written: ``(row, column)`` → the rule they are checked with
        #: (:data:`VALIDATIONS`; ``None`` for none).
        self.entries: dict[tuple[int, int], str | None] = {}
        #: Header rows (their height is set from their wrapped labels when finished).
        self.header_rows: list[int] = []
        #: Whether the sheet is protected when finished (its input cells unlocked).
        self.protect = True
        #: The last row a chart on the sheet covers (the print area reaches it).
        self.chart_bottom = 0

    # -- references -------------------------------------------------------------------
    @property
    def quoted(self) -> str:
        """The sheet's title as a reference names it (quoted when it has a space)."""
        return f"'{self.title}'" if " " in self.title or "-" in self.title else self.title

    def ref(self, row: int | str, column: int) -> str:
        """The absolute reference of one cell, with the sheet (``Inputs!$B$7``)."""
        return f"{self.quoted}!${col(column)}${row}"

    def span(
        self, first: int | str, last: int | str, column_from: int | str, column_to: int | str
    ) -> str:
        """The absolute reference of a block of cells, with the sheet."""
        a = column_from if isinstance(column_from, str) else col(column_from)
        b = column_to if isinstance(column_to, str) else col(column_to)
        return f"{self.quoted}!${a}${first}:${b}${last}"

    def years_of(self, row: int | str) -> str:
        """The year cells of ``row``."""
        return f"{self.quoted}!${yc(0)}${row}:${yc(self.n - 1)}${row}"

    # -- writing ------------------------------------------------------------------------
    def put(
        self,
        row: int,
        column: int,
        value: Any,
        number_format: str | None = None,
        *,
        entry: bool = False,
        bold: bool = False,
        rule: str | None = None,
    ) -> Any:
        """Write a number, a formula (text starting ``=`` that placebudget wrote) or
        text; text from a case is never a formula (see :meth:`text`). A figure (a
        number format given) is right aligned, so that ``n/a`` lines up with numbers;
        an ``entry`` is an input cell (blue on yellow, unlocked, checked by ``rule`` of
        :data:`VALIDATIONS`)."""
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, float) and not math.isfinite(value):
            value = "n/a"
        cell.value = value
        if number_format is not None:
            cell.number_format = number_format
            cell.alignment = self._right
        if entry:
            cell.font, cell.fill = self.input_font, self.input_fill
            self.entries[(row, column)] = rule
        elif bold:
            cell.font = self._bold
        return cell

    def text(self, row: int, column: int, value: object, *, bold: bool = False) -> Any:
        """Text as text: a value starting ``=``, ``+``, ``-`` or ``@`` (a case file's id
        or description) is stored as a string with a quote prefix, never a formula."""
        cell = self.ws.cell(row=row, column=column)
        cell.value = "" if value is None else str(value)
        if cell.data_type == "f" or str(cell.value)[:1] in ("=", "+", "-", "@"):
            cell.data_type = "s"
            cell.quotePrefix = True
        if bold:
            cell.font = self._bold
        return cell

    def headline(self, text: str) -> None:
        """The sheet's title in A1; the cursor moves to row 2."""
        self.text(1, 1, text).font = self._title_font
        self.row = 2

    def heading(self, text: str) -> None:
        """A section heading at the cursor, after a blank row."""
        if self.row > 1:
            self.row += 1
        self.text(self.row, 1, text).font = self._section_font
        self.row += 1

    def note(self, text: str) -> None:
        """A line of text at the cursor."""
        self.text(self.row, 1, text)
        self.row += 1

    def setting(
        self, label: str, value: float | str, number_format: str, *, entry: bool = True
    ) -> int:
        """A row of a settings table: ``label`` in A and the value in B (``"none"`` for
        no cap is text, kept as an input). Returns its row."""
        row = self.row
        self.text(row, 1, label)
        self.put(row, 2, value, None if isinstance(value, str) else number_format, entry=entry)
        self.row += 1
        return row

    def header(
        self, labels: Sequence[str], *, years: Sequence[int] = (), after_years: Sequence[str] = ()
    ) -> int:
        """A bold header row: ``labels`` from column A, financial-year labels from H,
        then ``after_years``. Returns its row."""
        row = self.row
        cells = [(i + 1, label) for i, label in enumerate(labels)]
        cells += [(FIRST_YEAR + t, financial_year_label(int(y))) for t, y in enumerate(years)]
        cells += [(FIRST_YEAR + len(years) + i, label) for i, label in enumerate(after_years)]
        for column, label in cells:
            cell = self.text(row, column, label, bold=True)
            cell.fill = self._head_fill
            cell.alignment = self._wrap
        self.header_rows.append(row)
        self.row += 1
        return row

    def chart(self, chart: Any, row: int, column: str = "A") -> None:
        """Place ``chart`` with its top left corner at ``column``, ``row`` (the print area
        reaches its foot: about two rows a centimetre)."""
        self.ws.add_chart(chart, f"{column}{row}")
        self.chart_bottom = max(self.chart_bottom, row + int(2 * float(chart.height)) + 1)

    def small(self, row: int, column: int, value: str) -> Any:
        """A note in grey italics (a defined name, a remark)."""
        cell = self.text(row, column, value)
        cell.font = self._note_font
        return cell

    def group(self, first: int, last: int) -> None:
        """Rows ``first``–``last`` grouped (outline level 1) and hidden, kept for audit:
        expanding the group (after unprotecting the sheet) shows them."""
        if last < first:
            return
        from openpyxl.worksheet.properties import Outline

        self.ws.row_dimensions.group(first, last, outline_level=1, hidden=True)
        self.ws.sheet_properties.outlinePr = Outline(summaryBelow=False)

    def finish(
        self,
        widths: dict[int, float],
        *,
        freeze: str | None,
        landscape: bool = True,
        pages_tall: int = 0,
        title_rows: str | None = None,
        printed: bool = True,
    ) -> None:
        """Column widths, header heights, frozen panes, the page setup (A4, fitted to
        the width and, with ``pages_tall``, to that many pages), print titles (the rows
        above the frozen panes, or ``title_rows``), data validation of the input cells
        and the sheet's protection (no password; its input cells unlocked)."""
        ws = self.ws
        for column, width in widths.items():
            ws.column_dimensions[col(column)].width = width
        self._header_heights()
        if freeze:
            ws.freeze_panes = freeze
        if not printed:  # no print area: a hidden sheet is then not printed
            self._validate()
            if self.protect:
                self._protect()
            return
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = pages_tall
        from openpyxl.worksheet.properties import PageSetupProperties

        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        footer: Any = ws.oddFooter
        footer.center.text = "&A, page &P of &N"
        last_row, last_col = max(ws.max_row, self.chart_bottom, 1), max(ws.max_column, 1)
        ws.print_area = f"A1:{col(last_col)}{last_row}"
        if title_rows:
            ws.print_title_rows = title_rows
        elif freeze:
            rows = int("".join(ch for ch in freeze if ch.isdigit())) - 1
            if rows > 0:
                ws.print_title_rows = f"1:{rows}"
        self._validate()
        if self.protect:
            self._protect()

    def _header_heights(self) -> None:
        """Each header row tall enough for its wrapped labels (an office suite does not
        grow a row written with wrapped text, so a long header would cover the row
        below it)."""
        ws = self.ws
        for row in self.header_rows:
            lines = 1
            for (r, column), cell in ws._cells.items():
                if r != row or not isinstance(cell.value, str) or not cell.value:
                    continue
                width = ws.column_dimensions[col(column)].width or 8.43
                per_line = max(1, int(width))
                words = cell.value.split()
                count, used = 1, 0
                for word in words:
                    need = len(word) + (1 if used else 0)
                    if used and used + need > per_line:
                        count, used = count + 1, len(word)
                    else:
                        used += need
                lines = max(lines, count)
            if lines > 1:
                ws.row_dimensions[row].height = 15.0 * lines

    def _validate(self) -> None:
        """Data validation of the input cells, each by its rule (:data:`VALIDATIONS`)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        by_rule: dict[str, list[tuple[int, int]]] = {}
        for (row, column), rule in self.entries.items():
            if rule is not None:
                by_rule.setdefault(rule, []).append((row, column))
        for rule, cells in sorted(by_rule.items()):
            kind: Any
            operator: Any
            first: Any
            second: Any
            if rule.startswith("year:"):  # year:first:last, a year of the series
                _, low, high = rule.split(":")
                kind, operator, first, second, message = (
                    "whole",
                    "between",
                    low,
                    high,
                    f"A year of the deflator series ({low} to {high}: 2013 for 2013/14).",
                )
            else:
                kind, operator, first, second, message = VALIDATIONS[rule]
            check = DataValidation(
                type=kind,
                operator=operator,
                formula1=first,
                formula2=second,
                allow_blank=False,
                showErrorMessage=True,
                errorTitle="Not a valid input",
                error=message,
                showInputMessage=False,
            )
            check.sqref = _cell_ranges(cells)
            self.ws.add_data_validation(check)

    def _protect(self) -> None:
        """Formula cells locked, input cells unlocked, the sheet protected without a
        password (Review › Unprotect sheet, to change a formula knowingly)."""
        from openpyxl.styles import Protection

        unlocked = Protection(locked=False)
        for row, column in self.entries:
            self.ws.cell(row=row, column=column).protection = unlocked
        protection = self.ws.protection
        protection.sheet = True
        protection.formatColumns = protection.formatRows = protection.formatCells = False
        protection.autoFilter = protection.sort = False


#: Data validation of input cells by rule: (type, operator, formula1, formula2, message),
#: from the model's own rules (rates within [0, 1], counts and amounts not negative,
#: whole years).
VALIDATIONS: dict[str, tuple[str, str | None, str | None, str | None, str]] = {
    "share": ("decimal", "between", "0", "1", "A rate or share between 0 and 1 (0% to 100%)."),
    "non_negative": ("decimal", "greaterThanOrEqual", "0", None, "A number not below 0."),
    "number": ("decimal", "between", "-1E+300", "1E+300", "A number."),
    "whole": ("whole", "greaterThanOrEqual", "0", None, "A whole number not below 0."),
    "positive_whole": ("whole", "greaterThanOrEqual", "1", None, "A whole number of at least 1."),
    "factor": ("decimal", "greaterThan", "0", None, "A factor above 0."),
    "flag": ("whole", "between", "0", "1", "1 for yes, 0 for no."),
}


def _cell_ranges(cells: list[tuple[int, int]]) -> str:
    """Cells as a space-separated list of ranges (runs down a column joined)."""
    ranges: list[str] = []
    for column in sorted({c for _, c in cells}):
        rows = sorted(r for r, c in cells if c == column)
        start = previous = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == previous + 1:
                previous = r
                continue
            letter = col(column)
            ranges.append(
                f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}"
            )
            if r is not None:
                start = previous = r
    return " ".join(ranges)


# -- report tables ----------------------------------------------------------------------------
def _width(values: Any, column: str) -> float:
    longest = max(
        [len(column)] + [len(f"{v:,.0f}") if isinstance(v, float) else len(str(v)) for v in values]
    )
    return float(min(60, max(10, longest + 3)))


def _cell(value: Any, kind: str | None) -> tuple[Any, str | None]:
    """A value as a sheet's cell: a year as ``2016/17`` text, a number with the number
    format of its kind."""
    shown = plain(value)
    if not isinstance(shown, int | float) or isinstance(shown, bool):
        return shown, None
    if kind == "year":
        return financial_year_label(int(shown)), None
    return shown, None if kind is None else NUMBER_FORMATS.get(kind)


def _named(found: Table, column: str, value: Any) -> Any:
    """An id shown by its name (a partner, intervention, outcome, effect or input)."""
    if isinstance(value, str) and column in found.names:
        return found.names[column].get(value, value)
    return value


def table_cells(
    found: Table | pd.DataFrame, *, named: bool = False
) -> tuple[list[str], list[float], list[list[tuple[Any, str | None]]]]:
    """A report table as a sheet's cells: the header in words, each column's width, and
    each row's ``(value, number format)`` pairs, numbers formatted by the kind of figure
    each column holds (or each row, in a table of figures such as the headline; years
    as ``2016/17``). A DataFrame is taken as a table whose columns are named after the
    catalogue's figures. With ``named``, ids (partners, interventions,
    outcomes, effects, inputs) are shown by their names, and a table of figures named by
    a ``label`` column drops the column of the figures' ids: a sheet is read by people
    (the JSON and CSV reports keep the ids). Every other column is kept, those the
    paper formats leave out for width included."""
    if isinstance(found, pd.DataFrame):
        found = table("", "", found)
    flags = set(found.flags.values())
    dropped = (
        {found.row_figure}
        if named and found.row_figure is not None and "label" in found.columns
        else set()
    )
    columns = [c for c in found.columns if c not in flags and c not in dropped]
    frame = found.frame
    rows: list[list[tuple[Any, str | None]]] = []
    for r in range(len(frame)):
        figure = str(frame[found.row_figure].iloc[r]) if found.row_figure is not None else None
        of_row = FIGURES.get(figure) if figure is not None else None
        rows.append(
            [
                _cell(
                    _named(found, c, frame[c].iloc[r]) if named else frame[c].iloc[r],
                    of_row.kind
                    if of_row is not None and c not in (found.row_figure, "label", "unit")
                    else found.kind(c),
                )
                for c in columns
            ]
        )
    header = [found.label(c) for c in columns]
    widths = [_width([cells[k][0] for cells in rows], label) for k, label in enumerate(header)]
    return header, widths, rows


def write_table(s: Sheet, found: Table | pd.DataFrame, *, title: str | None = None) -> None:
    """A report table written as values at the sheet's cursor."""
    if title:
        s.heading(title)
    header, widths, rows = table_cells(found, named=True)
    s.header(header)
    for cells in rows:
        for column, (value, number_format) in enumerate(cells, start=1):
            if isinstance(value, str):
                s.text(s.row, column, value)
            else:
                s.put(s.row, column, value, number_format)
        s.row += 1
    for column, width in enumerate(widths, start=1):
        letter = col(column)
        current = s.ws.column_dimensions[letter].width or 0
        s.ws.column_dimensions[letter].width = max(float(current), width)
