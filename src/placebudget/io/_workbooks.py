"""Reading ``.xlsx`` workbooks with openpyxl, every failure a ValidationError naming the
file or the sheet, and tables of rows from a workbook or a CSV file."""

from __future__ import annotations

import contextlib
import csv
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placebudget.errors import ValidationError
from placebudget.io.limits import MAX_INPUT_BYTES, check_zip, read_text

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["open_xlsx", "sheet_rows", "table_rows"]


@contextlib.contextmanager
def open_xlsx(path: str | os.PathLike[str], *, what: str = "workbook") -> Iterator[Workbook]:
    """Open ``path`` read-only with cached values, and close it after the block.

    Raises
    ------
    placebudget.errors.ValidationError
        ``path``: is not a readable .xlsx ``what`` — the file is missing, not a zip
        archive or not a workbook.
    """
    from openpyxl import load_workbook

    path = Path(path)
    check_zip(path, field=str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        msg = f"is not a readable .xlsx {what} ({exc})"
        raise ValidationError.single(path=str(path), message=msg, value=path.name) from exc
    try:
        yield book
    finally:
        book.close()


def sheet_rows(
    path: str | os.PathLike[str], sheet: str | None = None, *, what: str = "workbook"
) -> list[tuple[Any, ...]]:
    """The rows of ``sheet`` (the first sheet when ``None``) as tuples of cell values.

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
        The file is not a readable workbook, or has no sheet called ``sheet``.
    """
    with open_xlsx(path, what=what) as book:
        if sheet is None:
            chosen = book.worksheets[0]
        elif sheet in book.sheetnames:
            chosen = book[sheet]
        else:
            msg = f"no such sheet (sheets: {', '.join(book.sheetnames)})"
            raise ValidationError.single(path="sheet", message=msg, value=sheet)
        return list(chosen.iter_rows(values_only=True))


def table_rows(path: str | os.PathLike[str]) -> list[list[Any]]:
    """The rows of a table file: the first sheet of an ``.xlsx`` workbook, or a CSV file
    (any other suffix; read within :data:`~placebudget.io.limits.MAX_INPUT_BYTES`, a
    byte-order mark dropped), each row a list of cells.

    Raises
    ------
    placebudget.errors.ValidationError
        The file is too large, not UTF-8, or not a readable workbook.
    """
    file = Path(path)
    if file.suffix.lower() == ".xlsx":
        return [list(row) for row in sheet_rows(file)]
    text = read_text(file, field=str(file), limit=MAX_INPUT_BYTES).removeprefix("\ufeff")
    return [list(row) for row in csv.reader(text.splitlines())]
