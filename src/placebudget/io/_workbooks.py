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


@contextlib.contextmanager
def open_xlsx(path: str | os.PathLike[str], *, what: str = "workbook") -> Iterator[Workbook]:
    """Open ``path`` read-only with cached values, and close it after the block.

    Raises
    ------
    placebudget.errors.ValidationError
        ``path``: is not a readable .xlsx ``what`` — the file is missing, not a zip
        archive or not a workbook, or its XML is malformed.
    """
    from openpyxl import load_workbook

    path = Path(path)
    check_zip(path, field=str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
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
    except READ_ERRORS as exc:
        raise unreadable(path, what, exc) from exc
    return rows


def sheet_rows(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    *,
    what: str = "workbook",
    max_rows: int = MAX_ROWS,
) -> list[tuple[Any, ...]]:
    """The rows of ``sheet`` (the first sheet when ``None``) as tuples of cell values,
    within ``max_rows`` rows and the limits of :func:`read_sheet`.

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
    with open_xlsx(path, what=what) as book:
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
