"""A Unit Cost Database workbook's sheets as tables of cell values, whatever its format
(``.xls``, or ``.xlsx`` with the comments of its cells), the reading of cells (text,
numbers, financial years) and the ``Lookups`` sheet: the GDP deflator table and the
target year of the "updated" figures (see :mod:`placebudget.io.ucd`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placebudget.errors import ValidationError
from placebudget.io._workbooks import READ_ERRORS, Budget, check_sheets, read_sheet, unreadable
from placebudget.io.limits import (
    MAX_CELLS,
    MAX_UNIT_COST_ROWS,
    check_input_file,
    check_zip,
)
from placebudget.model import DeflatorSeries

if TYPE_CHECKING:
    from openpyxl.reader.excel import ExcelReader

__all__ = ["Book", "cell_number", "cell_text", "header_key", "parse_financial_year", "read_lookups"]

_WHAT = "Unit Cost Database workbook"
#: Largest part of cell comments read from a workbook (bytes, uncompressed).
_MAX_COMMENTS_BYTES = 16 * 1024 * 1024

_FY = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2}|\d{4})\s*$")


def parse_financial_year(text: Any) -> int | None:
    """``"2002/03"`` → 2002; ``None`` if the text is not a financial year.

    Examples
    --------
    >>> parse_financial_year("2002/03"), parse_financial_year("1999/00"), parse_financial_year("x")
    (2002, 1999, None)
    """
    match = _FY.match(str(text))
    if not match:
        return None
    first = int(match.group(1))
    second = int(match.group(2)[-2:])
    return first if (first + 1) % 100 == second else None


def cell_text(value: Any) -> str:
    """A cell's text with its white space runs made one space."""
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def header_key(value: Any) -> str:
    """Header text folded for matching: lower case, no spaces around slashes."""
    return re.sub(r"\s*/\s*", "/", cell_text(value).lower())


def cell_number(value: Any) -> float | None:
    """A cell as a number: numbers as they are, text such as ``" £1,089 "`` parsed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = cell_text(value).replace("£", "").replace(",", "").strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text)


class Book:
    """The sheets of a workbook as lists of row values (0-based), whatever the format, with
    the comments of ``.xlsx`` cells."""

    def __init__(
        self,
        sheets: dict[str, list[list[Any]]],
        comments: dict[tuple[str, int, int], str] | None = None,
    ) -> None:
        self.sheets = sheets
        self.comments = comments or {}

    @classmethod
    def open(cls, path: Path) -> Book:
        """Read every sheet of the workbook ``path``, within the limits of
        :mod:`placebudget.io.limits` (at most
        :data:`~placebudget.io.limits.MAX_UNIT_COST_ROWS` rows in all its sheets).

        Raises
        ------
        placebudget.errors.ValidationError
            The file is not a readable ``.xls`` or ``.xlsx`` workbook, or is over a limit.
        """
        suffix = path.suffix.lower()
        check_input_file(path, field=str(path))
        if suffix == ".xls":
            return cls._open_xls(path)
        if suffix == ".xlsx":
            return cls._open_xlsx(path)
        msg = "must be a .xls or .xlsx workbook"
        raise ValidationError.single(path="path", message=msg, value=str(path))

    @classmethod
    def _open_xls(cls, path: Path) -> Book:
        import xlrd

        try:
            book = xlrd.open_workbook(str(path), on_demand=True)
        except (xlrd.XLRDError, OSError, ValueError, AssertionError, EOFError) as exc:
            msg = f"is not a readable .xls {_WHAT} ({exc})"
            raise ValidationError.single(path=str(path), message=msg, value=path.name) from exc
        sheets: dict[str, list[list[Any]]] = {}
        cells = rows = 0
        try:
            for name in book.sheet_names():
                try:
                    sheet = book.sheet_by_name(name)
                except (xlrd.XLRDError, ValueError, AssertionError, EOFError) as exc:
                    msg = f"is not a readable .xls {_WHAT} (sheet {name!r}: {exc})"
                    raise ValidationError.single(str(path), msg, path.name) from exc
                rows += sheet.nrows
                cells += sheet.nrows * sheet.ncols
                if rows > MAX_UNIT_COST_ROWS or cells > MAX_CELLS:
                    msg = (
                        f"holds more than the limit of {MAX_UNIT_COST_ROWS:,} rows or "
                        f"{MAX_CELLS:,} cells (sheet {name!r} passes it): not read"
                    )
                    raise ValidationError.single(str(path), msg, path.name)
                sheets[name] = [sheet.row_values(r) for r in range(sheet.nrows)]
        finally:
            book.release_resources()
        return cls(sheets)

    @classmethod
    def _open_xlsx(cls, path: Path) -> Book:
        from openpyxl.reader.excel import ExcelReader

        check_zip(path, field=str(path))  # before anything is inflated
        check_sheets(path, what=_WHAT, max_rows=MAX_UNIT_COST_ROWS)  # before cells are made
        try:
            reader = ExcelReader(path, read_only=True, data_only=True)
            reader.read()
        except ValidationError:
            raise
        except READ_ERRORS as exc:
            raise unreadable(path, _WHAT, exc) from exc
        sheets: dict[str, list[list[Any]]] = {}
        cells = Budget()
        rows = Budget(MAX_UNIT_COST_ROWS, "rows in all its sheets")
        try:
            for sheet in reader.wb.worksheets:
                table = read_sheet(
                    sheet,
                    path,
                    what=_WHAT,
                    max_rows=MAX_UNIT_COST_ROWS,
                    cells=cells,
                    rows_in_file=rows,
                )
                sheets[sheet.title] = [["" if v is None else v for v in row] for row in table]
            comments = _comments(reader, path)
        finally:
            reader.wb.close()
        return cls(sheets, comments)

    def cell(self, sheet: str, row: int, column: int) -> Any:
        rows = self.sheets[sheet]
        if row >= len(rows) or column >= len(rows[row]):
            return ""
        return rows[row][column]

    def edition(self) -> str:
        """``"v1.4"`` from a title such as "Unit Cost Database (v.1.4): Guidance"."""
        for name in ("Guidance", "Introduction"):
            for row in self.sheets.get(name, [])[:6]:
                for value in row:
                    match = re.search(r"\(v\.?\s*(\d+(?:\.\d+)*)\)", cell_text(value))
                    if match:
                        return f"v{match.group(1)}"
        return ""


def _comments(reader: ExcelReader, path: Path) -> dict[tuple[str, int, int], str]:
    """The text of the cell comments of each sheet, by (sheet, row, column) from 0: read
    from the comment parts the sheets refer to (a read-only workbook skips them), each
    within :data:`_MAX_COMMENTS_BYTES`."""
    from openpyxl.comments.comment_sheet import CommentSheet
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.constants import COMMENTS_NS
    from openpyxl.xml.functions import fromstring

    archive = reader.archive
    names = set(archive.namelist())
    found: dict[tuple[str, int, int], str] = {}
    try:
        for sheet, rel in reader.parser.find_sheets():
            rels_path = get_rels_path(rel.target)  # type: ignore[no-untyped-call]
            if rels_path not in names:
                continue
            for part in get_dependents(archive, rels_path).find(COMMENTS_NS):
                size = archive.getinfo(part.target).file_size
                if size > _MAX_COMMENTS_BYTES:
                    msg = (
                        f"holds {size:,} bytes of cell comments for sheet {sheet.name!r}, "
                        f"more than the limit of {_MAX_COMMENTS_BYTES:,}: not read"
                    )
                    raise ValidationError.single(str(path), msg, path.name)
                tree: Any = fromstring(archive.read(part.target))
                comments = CommentSheet.from_tree(tree)
                for ref, comment in comments.comments if comments is not None else []:
                    row, column = coordinate_to_tuple(ref)
                    found[(sheet.name, row - 1, column - 1)] = comment.text or ""
    except ValidationError:
        raise
    except READ_ERRORS as exc:
        raise unreadable(path, _WHAT, exc) from exc
    return found


def read_lookups(book: Book, edition: str) -> tuple[DeflatorSeries, int]:
    """The workbook's GDP deflator table and the target year of its "updated" figures,
    from its ``Lookups`` sheet."""
    sheet = book.sheets["Lookups"]
    target_at = year_at = None
    for r, row in enumerate(sheet[:40]):
        for c, value in enumerate(row):
            text = header_key(value)
            if text == "current year" and target_at is None:
                target_at = (r, c)
            if (
                text == "year"
                and year_at is None
                and header_key(book.cell("Lookups", r, c + 1)).startswith("% change")
            ):
                year_at = (r, c)
    if target_at is None or year_at is None:
        msg = (
            "must hold a 'Current Year' cell and a GDP deflator table headed 'Year', "
            "'% change on previous year' … 'GDP cumulative'"
        )
        raise ValidationError.single(path="Lookups", message=msg)
    below = [book.cell("Lookups", target_at[0] + k, target_at[1]) for k in range(1, 4)]
    target = next((y for y in map(parse_financial_year, below) if y is not None), None)
    if target is None:
        msg = "must hold the target financial year (such as 2014/15) below 'Current Year'"
        raise ValidationError.single(
            path="Lookups", message=msg, value=next((v for v in below if cell_text(v)), "")
        )
    header, year_col = year_at
    index_col = next(
        (
            c
            for c in range(year_col + 1, year_col + 6)
            if header_key(book.cell("Lookups", header, c)).startswith("gdp cumulative")
        ),
        year_col + 3,
    )
    values: dict[int, float] = {}
    forecast: set[int] = set()
    for r in range(header + 1, len(sheet)):
        fy = parse_financial_year(book.cell("Lookups", r, year_col))
        change = cell_number(book.cell("Lookups", r, year_col + 1))
        index = cell_number(book.cell("Lookups", r, index_col))
        if fy is None:
            if values:
                break
            continue
        if r > header + 1 and change is None:
            break  # the table runs on with flat, unfilled years: stop at the last real one
        if index is not None and index > 0:
            values[fy] = index
            if header_key(book.cell("Lookups", r, year_col - 1)) == "f":
                forecast.add(fy)
    label = edition or "workbook"
    series = DeflatorSeries(
        name=f"ucd-{label}-workbook",
        values=values,
        source=f"GDP deflator table of the Unit Cost Database {label} workbook (Lookups sheet)",
        note="1989/90 = 100; years marked 'f' in the workbook are forecasts",
        forecast=forecast,
    )
    return series, target
