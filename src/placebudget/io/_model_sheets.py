"""Reading the sheets of a live Excel model within bounds, and finding what was changed
in its structure: a sheet missing (renamed or deleted), a label or key that is not where
the model wrote it (rows or columns inserted, deleted or moved), a formula overwritten by
a value, or a formula where the model has none.

Cells are read as they are stored — a formula as its text, never evaluated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.io._model_cells import Read, same
from placebudget.io._model_marker import Marker, read_marker

__all__: list[str] = []

#: Most data a model workbook may declare uncompressed (bytes): 64 MiB, some thirty
#: times the largest bundled example's.
MAX_MODEL_UNCOMPRESSED = 64 * 1024 * 1024
#: Cells read beyond those the model wrote (notes an analyst added on its sheets).
SPARE_CELLS = 50_000
#: Problems of structure shown for each sheet.
_SHOWN = 5
#: A logical value as LibreOffice saves it: a formula, but a constant.
_LOGICAL = ("=TRUE()", "=FALSE()")


@attrs.frozen(kw_only=True)
class Book:
    """What was read of a model workbook: its hidden sheet, its sheets' names, the
    values of the cells the marker names and every sheet's formula cells."""

    marker: Marker
    sheets: tuple[str, ...]
    values: dict[tuple[str, str], Read]
    formulas: dict[str, set[tuple[int, int]]]


def read_book(path: Path) -> Book:
    """Read the model workbook ``path``: its hidden sheet, then the sheets it names,
    cell by cell within a bound.

    Raises
    ------
    placebudget.errors.ValidationError
        Over a size limit, not a workbook, not a placebudget model, or holding more
        cells than the model wrote by far.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from placebudget.io._workbooks import READ_ERRORS, check_sheets, unreadable
    from placebudget.io.limits import check_zip

    name = path.name
    check_zip(path, field=str(path), uncompressed=MAX_MODEL_UNCOMPRESSED)
    check_sheets(path)  # no sheet past the limits of rows, columns and cells
    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except ValidationError:
        raise
    except READ_ERRORS as exc:
        raise unreadable(path, "workbook", exc) from exc
    try:
        marker = read_marker(book, name)
        wanted: dict[str, set[str]] = {}
        for cell in marker.cells:
            wanted.setdefault(cell.sheet, set()).add(cell.address)
        for sheet, address, _ in marker.labels:
            wanted.setdefault(sheet, set()).add(address)
        titles = set(wanted) | set(marker.formulas)
        budget = (
            sum(len(v) for v in wanted.values())
            + sum(len(v) for v in marker.formulas.values())
            + SPARE_CELLS
        )
        values: dict[tuple[str, str], Read] = {}
        formulas: dict[str, set[tuple[int, int]]] = {}
        for title in book.sheetnames:
            if title not in titles:
                continue
            ws = book[title]
            ws.reset_dimensions()  # every cell stored, whatever the sheet declares
            found = formulas.setdefault(title, set())
            here = wanted.get(title, set())
            for row in ws.iter_rows():
                for stored in row:
                    value = getattr(stored, "value", None)
                    if value is None:
                        continue
                    budget -= 1
                    if budget < 0:
                        msg = "holds far more cells than the model placebudget wrote: not read"
                        where = f"sheet {title!r}"
                        raise ValidationError.single(where, msg)
                    formula = stored.data_type == "f"
                    r, c = int(stored.row or 0), int(stored.column or 0)
                    if formula and _formula_text(value).upper() not in _LOGICAL:
                        found.add((r, c))
                    address = f"{get_column_letter(c)}{r}"
                    if address in here:
                        values[(title, address)] = (
                            _formula_text(value) if formula else value,
                            formula,
                        )
        return Book(marker=marker, sheets=tuple(book.sheetnames), values=values, formulas=formulas)
    except ValidationError:
        raise
    except READ_ERRORS as exc:  # a sheet's XML, parsed as it is read
        raise unreadable(path, "workbook", exc) from exc
    finally:
        book.close()


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # an array formula
    return str(text)


def structure_problems(book: Book) -> list[Problem]:
    """What was changed in the structure of the model (see the module notes)."""
    marker = book.marker
    problems: list[Problem] = []
    needed = (
        {c.sheet for c in marker.cells} | {s for s, _, _ in marker.labels} | set(marker.formulas)
    )
    missing = sorted(needed - set(book.sheets))
    for title in missing:
        problems.append(
            Problem(
                f"sheet {title!r}",
                "is missing: the model has a sheet of this name (renamed or deleted?)",
            )
        )
    if missing:
        return problems
    shown: dict[str, int] = {}

    def add(sheet: str, address: str, message: str, value: Any = None) -> None:
        shown[sheet] = shown.get(sheet, 0) + 1
        if shown[sheet] <= _SHOWN:
            problems.append(
                Problem(f"{sheet}!{address}", message)
                if value is None
                else Problem(f"{sheet}!{address}", message, value)
            )

    for sheet, address, expected in marker.labels:
        value, formula = book.values.get((sheet, address), (None, False))
        if (
            formula
            or not same(value, expected)
            or (isinstance(value, str) != isinstance(expected, str))
        ):
            add(
                sheet,
                address,
                f"holds {value!r} where the model has {expected!r} (rows or "
                "columns inserted, deleted or moved?)",
            )
    inputs = {(c.sheet, c.address) for c in marker.cells}
    from openpyxl.utils import get_column_letter

    for sheet, recorded in marker.formulas.items():
        actual = book.formulas.get(sheet, set())
        for r, c in sorted(recorded - actual):
            address = f"{get_column_letter(c)}{r}"
            add(
                sheet,
                address,
                "holds no formula where the model has one (a formula "
                "overwritten by a value, or rows or columns inserted or deleted?)",
            )
        for r, c in sorted(actual - recorded):
            address = f"{get_column_letter(c)}{r}"
            if (sheet, address) in inputs:
                continue  # a formula in an input cell: refused with its field
            add(
                sheet,
                address,
                "holds a formula where the model has none (rows or columns "
                "inserted, or a formula added?)",
            )
    for sheet, count in shown.items():
        if count > _SHOWN:
            problems.append(
                Problem(f"sheet {sheet!r}", f"and {count - _SHOWN} more cells changed like these")
            )
    return problems
