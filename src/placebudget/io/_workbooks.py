"""Reading ``.xlsx`` workbooks with openpyxl and tables of rows from a workbook or a CSV
file, every failure a ValidationError naming the file or the sheet.

Every table is read row by row and refused as soon as it passes a limit of
:mod:`placebudget.io.limits` (rows, columns, cells), so a sparse workbook whose one cell is
at XFD1048576, or a CSV file of a million rows, costs seconds and little memory rather than
exhausting it. Sheet XML is parsed by openpyxl with ``defusedxml`` (a dependency), and a
parse error is the file's error.
"""

from __future__ import annotations

import contextlib
import csv
import os
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placebudget.errors import ValidationError
from placebudget.io.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_INPUT_BYTES,
    MAX_ROWS,
    check_input_file,
    check_zip,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = [
    "READ_ERRORS",
    "Budget",
    "check_sheets",
    "csv_rows",
    "open_xlsx",
    "read_sheet",
    "sheet_rows",
    "table_rows",
    "unreadable",
]

#: What openpyxl raises for a damaged workbook: a broken archive or stream, a missing
#: part, malformed XML (``SyntaxError`` is the base of the XML parsers' errors) or XML
#: that ``defusedxml`` forbids (a ``ValueError``).
READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,
)


def unreadable(path: Path, what: str, exc: BaseException) -> ValidationError:
    """The error for a workbook openpyxl could not read (``exc`` one of
    :data:`READ_ERRORS`), naming the file; XML errors said as such."""
    if isinstance(exc, SyntaxError):
        reason = f"its XML is malformed: {exc}"
    elif type(exc).__module__.startswith("defusedxml"):
        reason = f"its XML holds a construct refused for safety (entities, DTD): {exc}"
    else:
        reason = str(exc) or type(exc).__name__
    msg = f"is not a readable .xlsx {what} ({reason})"
    return ValidationError.single(path=str(path), message=msg, value=path.name)


def _over(path: Path, message: str) -> ValidationError:
    return ValidationError.single(path=str(path), message=message, value=path.name)


class Budget:
    """The cells (or rows: ``unit``) still allowed in the tables of one file (see
    :data:`~placebudget.io.limits.MAX_CELLS`)."""

    def __init__(self, limit: int = MAX_CELLS, unit: str = "cells") -> None:
        self.limit = limit
        self.unit = unit
        self.left = limit

    def take(self, count: int, path: Path) -> None:
        """Count ``count`` more cells (rows) read from ``path``.

        Raises
        ------
        placebudget.errors.ValidationError
            The file passes the limit.
        """
        self.left -= count
        if self.left < 0:
            msg = f"holds more than the limit of {self.limit:,} {self.unit}: not read"
            raise _over(path, msg)


def _column_name(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(min(max(column, 1), 18278))


def _column_of(ref: str) -> int:
    """The column number of a cell reference (``XFD7`` → 16384); past the last column
    of Excel for more than three letters."""
    from openpyxl.utils import column_index_from_string

    letters = ref[
        : len(ref) - len(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    ]
    if not letters:
        return 0
    if len(letters) > 3:
        return 18279
    return column_index_from_string(letters.upper())


def check_sheets(
    path: str | os.PathLike[str],
    *,
    what: str = "workbook",
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    max_cells: int = MAX_CELLS,
) -> None:
    """Refuse a workbook with a sheet that declares (``<dimension ref=…>``) or holds a
    row past ``max_rows``, a cell past column ``max_columns`` or more than ``max_cells``
    cells, before openpyxl reads it (openpyxl parses a whole sheet that declares no size
    when it opens it). Each sheet's XML is streamed from the archive with ``defusedxml``
    and forgotten row by row, and the scan stops at the first limit passed.

    Raises
    ------
    placebudget.errors.ValidationError
        A sheet is over a limit, or the file is not a readable workbook.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            titles = _sheet_titles(archive)
            for info in archive.infolist():
                if not info.is_dir() and info.filename.lower().endswith(".xml"):
                    name = titles.get(info.filename)
                    where = f"sheet {name!r}" if name else f"part {info.filename!r}"
                    with archive.open(info) as stream:
                        _check_sheet(stream, where, path, what, (max_rows, max_columns, max_cells))
    except ValidationError:
        raise
    except READ_ERRORS as exc:
        raise unreadable(path, what, exc) from exc


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """The titles of the sheets by their part in the archive, from the workbook's usual
    parts (none when they are missing, too large or unreadable: parts are then named)."""
    import posixpath

    from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        parts = [archive.getinfo(n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        if any(part.file_size > 16 * 1024 * 1024 for part in parts):
            return {}
        book, rels = (fromstring(archive.read(part)) for part in parts)
    except READ_ERRORS:
        return {}
    targets = {rel.get("Id"): str(rel.get("Target", "")) for rel in rels}
    titles: dict[str, str] = {}
    for element in book.iter():
        if str(element.tag).rpartition("}")[2] == "sheet":
            target = targets.get(element.get(relation), "")
            if target:
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                titles[posixpath.normpath(member)] = str(element.get("name", ""))
    return titles


class _NotASheet(Exception):
    """Raised to stop scanning a part that is not a worksheet."""


class _SheetScan:
    """The expat handlers of one sheet's scan: the sheet's declared size, rows, columns
    and cells checked element by element, no tree built. Declarations of a DTD, entities
    and external references are refused with ``defusedxml``'s errors, as ``defusedxml``
    does (it is what openpyxl reads the sheet with)."""

    def __init__(self, where: str, limits: tuple[int, int, int]) -> None:
        self.where = where
        self.max_rows, self.max_columns, self.max_cells = limits
        self.root = ""
        self.row = self.cells = 0
        self.over = ""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if not self.root:
            self.root = local
            if local != "worksheet":
                raise _NotASheet
            return
        if local == "c":
            self.cells += 1
            column = _column_of(attributes.get("r", ""))
            if column > self.max_columns:
                self.over = (
                    f"{self.where} has a cell at {attributes.get('r')}, past the limit of "
                    f"{self.max_columns:,} columns"
                )
            elif self.cells > self.max_cells:
                self.over = f"{self.where} holds more than the limit of {self.max_cells:,} cells"
        elif local == "row":
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            if self.row > self.max_rows:
                self.over = (
                    f"{self.where} has a row numbered {self.row:,}, past the limit of "
                    f"{self.max_rows:,} rows"
                )
        elif local == "dimension":
            self.dimension(attributes.get("ref", "A1"))
        if self.over:
            raise _NotASheet  # stop: the refusal is in self.over

    def dimension(self, ref: str) -> None:
        from openpyxl.utils.cell import range_boundaries

        _, _, right, bottom = range_boundaries(ref)
        if (bottom or 0) > self.max_rows or (right or 0) > self.max_columns:
            self.over = (
                f"{self.where} declares cells up to {ref}, more than the limit of "
                f"{self.max_rows:,} rows and {self.max_columns:,} columns"
            )


def _check_sheet(
    stream: Any, where: str, path: Path, what: str, limits: tuple[int, int, int]
) -> None:
    from xml.parsers import expat

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden  # type: ignore[import-untyped]

    # the arguments of expat's handlers, passed on as defusedxml's own handlers do
    def doctype(*args: Any) -> None:  # name, sysid, pubid, has internal subset
        raise DTDForbidden(*args[:3])

    def entity(*args: Any) -> None:  # name, is parameter, value, base, sysid, pubid, notation
        raise EntitiesForbidden(args[0], *args[2:])

    def unparsed(*args: Any) -> None:  # name, base, sysid, pubid, notation
        raise EntitiesForbidden(args[0], None, *args[1:])

    def external(*args: Any) -> int:  # context, base, sysid, pubid
        raise ExternalReferenceForbidden(*args[:4])

    scan = _SheetScan(where, limits)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = unparsed
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = scan.start
    try:
        while chunk := stream.read(1024 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _NotASheet:
        pass
    except expat.ExpatError as exc:
        if scan.root == "worksheet":  # a sheet openpyxl would fail to read
            error = SyntaxError(str(exc))
            raise unreadable(path, what, error) from exc
        return  # not XML: not a sheet (openpyxl reports a damaged part it needs)
    if scan.over:
        raise _over(path, f"{scan.over}: not read")


@contextlib.contextmanager
def open_xlsx(
    path: str | os.PathLike[str], *, what: str = "workbook", max_rows: int = MAX_ROWS
) -> Iterator[Workbook]:
    """Open ``path`` read-only with cached values, once its sheets are known to be within
    ``max_rows`` rows and the other limits (see ``check_sheets``), and close it after
    the block.

    Raises
    ------
    placebudget.errors.ValidationError
        ``path``: is not a readable .xlsx ``what`` — the file is missing, not a zip
        archive or not a workbook, or its XML is malformed.
    """
    from openpyxl import load_workbook

    path = Path(path)
    check_zip(path, field=str(path))
    check_sheets(path, what=what, max_rows=max_rows)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except ValidationError:
        raise
    except READ_ERRORS as exc:
        raise unreadable(path, what, exc) from exc
    try:
        yield book
    finally:
        book.close()


def read_sheet(
    sheet: Any,
    path: Path,
    *,
    what: str = "workbook",
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    cells: Budget | None = None,
    rows_in_file: Budget | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of a read-only ``sheet`` (an openpyxl ``ReadOnlyWorksheet``) of the
    workbook ``path`` as tuples of cell
    values, read one by one: refused when the sheet declares (``<dimension>``) or holds
    more than ``max_rows`` rows or ``max_columns`` columns, or passes ``cells`` (or
    ``rows_in_file``, a budget of rows shared by the sheets of the file).

    Raises
    ------
    placebudget.errors.ValidationError
        The sheet is over a limit, or its XML cannot be read.
    """
    budget = cells if cells is not None else Budget()
    title = sheet.title
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > max_rows or declared_columns > max_columns:
        msg = (
            f"sheet {title!r} declares cells up to {_column_name(declared_columns)}"
            f"{declared_rows} ({declared_rows:,} rows, {declared_columns:,} columns), more "
            f"than the limit of {max_rows:,} rows and {max_columns:,} columns: not read"
        )
        raise _over(path, msg)
    sheet.reset_dimensions()  # every row as stored, whatever the sheet declares
    rows: list[tuple[Any, ...]] = []
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows:
                msg = f"sheet {title!r} has more than the limit of {max_rows:,} rows: not read"
                raise _over(path, msg)
            if len(row) > max_columns:
                msg = (
                    f"sheet {title!r} has a cell in column {_column_name(len(row))} of row "
                    f"{number:,}, past the limit of {max_columns:,} columns: not read"
                )
                raise _over(path, msg)
            budget.take(len(row), path)
            if rows_in_file is not None:
                rows_in_file.take(1, path)
            rows.append(row)
    except ValidationError:
        raise
    except READ_ERRORS as exc:
        raise unreadable(path, what, exc) from exc
    width = max((len(row) for row in rows), default=0)
    budget.take(len(rows) * width - sum(len(row) for row in rows), path)  # the padding
    return [tuple(row) + (None,) * (width - len(row)) for row in rows]


def sheet_rows(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    *,
    what: str = "workbook",
    max_rows: int = MAX_ROWS,
) -> list[tuple[Any, ...]]:
    """The rows of ``sheet`` (the first sheet when ``None``) as tuples of cell values,
    within ``max_rows`` rows and the limits of ``read_sheet``.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "costs.xlsx"
    >>> book = openpyxl.Workbook()
    >>> book.active.title = "Unit costs"
    >>> book.active.append(["Code", "Cost"])
    >>> book.save(path)
    >>> sheet_rows(path, "Unit costs")
    [('Code', 'Cost')]
    >>> sheet_rows(path, "Costs")
    Traceback (most recent call last):
    ...
    placebudget.errors.ValidationError: sheet: no such sheet (sheets: Unit costs), got 'Costs'

    Raises
    ------
    placebudget.errors.ValidationError
        The file is not a readable workbook, has no sheet called ``sheet``, or the sheet
        is over a limit.
    """
    path = Path(path)
    with open_xlsx(path, what=what, max_rows=max_rows) as book:
        if sheet is None:
            if not book.worksheets:
                raise _over(path, f"is not a readable .xlsx {what} (it has no worksheet)")
            chosen = book.worksheets[0]
        elif sheet in book.sheetnames:
            chosen = book[sheet]
        else:
            msg = f"no such sheet (sheets: {', '.join(book.sheetnames)})"
            raise ValidationError.single(path="sheet", message=msg, value=sheet)
        return read_sheet(chosen, path, what=what, max_rows=max_rows)


def csv_rows(
    path: str | os.PathLike[str],
    *,
    field: str | None = None,
    max_rows: int = MAX_ROWS,
    encodings: Sequence[tuple[str, str]] = (("utf-8-sig", "UTF-8"),),
    strict: bool = False,
) -> list[list[str]]:
    """The rows of the CSV file ``path``, read one by one and refused as soon as they
    pass ``max_rows`` rows, :data:`~placebudget.io.limits.MAX_COLUMNS` columns or
    :data:`~placebudget.io.limits.MAX_CELLS` cells, never all read first. The text is
    decoded with the first of ``encodings`` (codec, name) that reads it all (a UTF-8
    byte-order mark dropped). ``field`` names the file in errors (its path by default).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("a,b\\n1,2\\n3,4\\n", encoding="utf-8")
    >>> csv_rows(path)
    [['a', 'b'], ['1', '2'], ['3', '4']]
    >>> csv_rows(path, max_rows=2, field="t.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    placebudget.errors.ValidationError: t.csv: has more than the limit of 2 rows: not read...

    Raises
    ------
    placebudget.errors.ValidationError
        The file is missing, too large, not text in one of ``encodings``, holds NUL
        bytes, is not valid CSV, or is over a limit.
    """
    file = Path(path)
    name = field if field is not None else str(file)
    checked = check_input_file(file, field=name, limit=MAX_INPUT_BYTES)
    for n, (codec, label) in enumerate(encodings):
        try:
            return _csv_rows(checked, name, codec, max_rows=max_rows, strict=strict)
        except UnicodeDecodeError as exc:
            if n + 1 < len(encodings):
                continue
            names = " or ".join(label for _, label in encodings)
            msg = f"is not {names} text; save it as UTF-8"
            raise ValidationError.single(path=name, message=msg, value=file.name) from exc
    msg = "no encoding given"  # pragma: no cover
    raise AssertionError(msg)  # pragma: no cover


def _csv_rows(path: Path, name: str, codec: str, *, max_rows: int, strict: bool) -> list[list[str]]:
    budget = Budget()
    rows: list[list[str]] = []
    msg = ""
    try:
        with path.open("r", encoding=codec, errors="strict", newline="") as handle:
            reader = csv.reader(handle, strict=strict)
            for row in reader:
                if len(rows) >= max_rows:
                    msg = f"has more than the limit of {max_rows:,} rows: not read"
                elif len(row) > MAX_COLUMNS:
                    msg = (
                        f"has {len(row):,} columns on line {reader.line_num:,}, more than the "
                        f"limit of {MAX_COLUMNS:,}: not read"
                    )
                elif any("\x00" in value for value in row):
                    msg = "is not a CSV text file (it holds NUL bytes)"
                elif budget.left < len(row):
                    msg = f"holds more than the limit of {budget.limit:,} cells: not read"
                if msg:
                    break
                budget.left -= len(row)
                rows.append(row)
    except csv.Error as exc:
        msg = f"is not valid CSV ({exc})"
        raise ValidationError.single(path=name, message=msg, value=path.name) from exc
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or type(exc).__name__})"
        raise ValidationError.single(path=name, message=msg, value=path.name) from exc
    if msg:
        raise ValidationError.single(path=name, message=msg, value=path.name)
    return rows


def table_rows(path: str | os.PathLike[str], *, max_rows: int = MAX_ROWS) -> list[list[Any]]:
    """The rows of a table file: the first sheet of an ``.xlsx`` workbook, or a CSV file
    (any other suffix; UTF-8, a byte-order mark dropped), each row a list of cells, read
    within ``max_rows`` rows and the limits of :mod:`placebudget.io.limits`.

    Raises
    ------
    placebudget.errors.ValidationError
        The file is too large, not UTF-8, not a readable workbook, or over a limit.
    """
    file = Path(path)
    if file.suffix.lower() == ".xlsx":
        return [list(row) for row in sheet_rows(file, max_rows=max_rows)]
    return csv_rows(file, max_rows=max_rows)
