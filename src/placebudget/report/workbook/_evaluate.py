"""The cached values of the live model: every formula cell evaluated once, in Python,
over the cells written, and stored beside its formula in the saved file, so that a reader
that does not recalculate (pandas, openpyxl's ``data_only``, mail and file previews)
shows the numbers a recalculation shows.

:class:`Evaluator` reads the formulas placebudget writes — arithmetic, comparison and
``&``; cell, range and defined-name references (on any sheet); ``SUM``, ``SUMIF``,
``SUMPRODUCT``, ``IF``, ``AND``, ``OR``, ``NOT``, ``MAX``, ``MIN``, ``ABS``, ``INT``,
``ROUND``, ``INDEX``, ``MATCH`` (exact), ``TEXT`` (``"0"``), ``RIGHT``, ``ISNUMBER``
and ``IFERROR`` — with Excel's rules (a blank is 0 in arithmetic and ignored by ``SUM``;
``SUMPRODUCT`` counts text as 0; ``IF`` evaluates only the branch taken). A function or
a form it does not know raises, so a formula that cannot be cached is never written
with a wrong value. :func:`store_values` writes the values into the saved workbook.
The formulas are read by :mod:`._formula_parser`, the functions are
:mod:`._excel_functions`, and Excel's values and rules for them :mod:`._excel_values`.

Examples
--------
>>> from openpyxl import Workbook
>>> book = Workbook()
>>> sheet = book.active
>>> sheet.title = "Data"
>>> sheet["A1"], sheet["A2"], sheet["A3"] = 2, 3, "=SUMPRODUCT(A1:A2,A1:A2)+IF(A1>1,1,1/0)"
>>> Evaluator(book).cell("Data", 3, 1)
14.0
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import numpy as np

from placebudget.report.workbook._excel_functions import FUNCTIONS
from placebudget.report.workbook._excel_values import (
    _DIV0,
    _NAME,
    _NUM,
    _REF,
    _VALUE,
    ExcelError,
    _compare,
    _number,
    _numbers,
    _scalar,
    _text,
)
from placebudget.report.workbook._formula_parser import Node, _column, _Parser, _reference

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

__all__ = ["Evaluator", "ExcelError", "store_values"]


class Evaluator:
    """The value of every cell of an openpyxl workbook whose formulas placebudget wrote
    (see the module docstring), each formula evaluated once."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._cells: dict[str, dict[tuple[int, int], Any]] = {
            sheet.title: sheet._cells for sheet in book.worksheets
        }
        self._names: dict[str, Node] = {}
        for name, defined in book.defined_names.items():
            self._names[name] = ("ref", *_reference(str(defined.attr_text), ""))
        self._values: dict[tuple[str, int, int], Any] = {}
        self._busy: set[tuple[str, int, int]] = set()

    # -- cells ----------------------------------------------------------------------------
    def cell(self, sheet: str, row: int, column: int) -> Any:
        """The value of one cell: its constant, or its formula's value (an
        :class:`ExcelError` for an error)."""
        key = (sheet, row, column)
        if key in self._values:
            return self._values[key]
        found = self._cells[sheet].get((row, column))
        if found is None:
            return None
        if found.data_type != "f":
            return found.value
        if key in self._busy:
            msg = f"a circular reference at {sheet}!{found.coordinate}"
            raise ValueError(msg)
        self._busy.add(key)
        try:
            tree = _Parser(str(found.value)[1:], sheet).parse()
            try:
                value = _scalar(self._eval(tree))
            except ExcelError as error:
                value = error
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and not math.isfinite(value):
                value = ExcelError(_NUM)
        finally:
            self._busy.discard(key)
        self._values[key] = value
        return value

    def formulas(self) -> Iterator[tuple[str, int, int]]:
        """Every formula cell: ``(sheet, row, column)``."""
        for sheet, cells in self._cells.items():
            for (row, column), cell in cells.items():
                if cell.data_type == "f":
                    yield sheet, row, column

    def evaluate_all(
        self, order: Callable[[tuple[str, int, int]], Any] | None = None
    ) -> dict[tuple[str, int, int], Any]:
        """Every formula cell's value, evaluated in ``order`` (by default column by
        column, so that a year's cells are computed after the year before: the chains
        of references stay short)."""
        cells = sorted(self.formulas(), key=order or (lambda k: (k[2], k[1])))
        for sheet, row, column in cells:
            self.cell(sheet, row, column)
        return {key: self._values[key] for key in cells}

    def _range(self, sheet: str, r1: int, c1: int, r2: int, c2: int) -> np.ndarray:
        if sheet not in self._cells:
            raise ExcelError(_REF)
        out = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out[r - r1, c - c1] = self.cell(sheet, r, c)
        return out

    # -- expressions ----------------------------------------------------------------------
    def _eval(self, node: Node) -> Any:
        kind = node[0]
        if kind == "value":
            return node[1]
        if kind == "ref":
            _, sheet, r1, c1, r2, c2 = node
            if (r1, c1) == (r2, c2):
                value = self.cell(sheet, r1, c1)
                if isinstance(value, ExcelError):
                    raise value
                return value
            return self._range(sheet, r1, c1, r2, c2)
        if kind == "name":
            found = self._names.get(node[1])
            if found is None:
                raise ExcelError(_NAME)
            return self._eval(found)
        if kind == "neg":
            return self._arithmetic("*", -1.0, self._eval(node[1]))
        if kind == "pos":
            return self._eval(node[1])
        if kind == "op":
            _, operator, left, right = node
            a, b = self._eval(left), self._eval(right)
            if operator == "&":
                return _text(a) + _text(b)
            if operator in ("=", "<>", "<", ">", "<=", ">="):
                if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                    shape = np.broadcast_shapes(np.shape(a), np.shape(b))
                    aa = np.broadcast_to(np.asarray(a, dtype=object), shape)
                    bb = np.broadcast_to(np.asarray(b, dtype=object), shape)
                    out = np.empty(shape, dtype=object)
                    for index in np.ndindex(shape):
                        out[index] = _compare(operator, aa[index], bb[index])
                    return out
                return _compare(operator, a, b)
            return self._arithmetic(operator, a, b)
        if kind == "call":
            _, function, args = node
            handler = FUNCTIONS.get(function)
            if handler is None:
                msg = f"the function {function} is not one the cached values know"
                raise ValueError(msg)
            return handler(self, args)
        msg = f"cannot evaluate {node!r}"
        raise ValueError(msg)

    @staticmethod
    def _arithmetic(operator: str, a: Any, b: Any) -> Any:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            x: Any = _numbers(a) if isinstance(a, np.ndarray) else np.asarray(_number(a))
            y: Any = _numbers(b) if isinstance(b, np.ndarray) else np.asarray(_number(b))
            if np.isnan(x).any() or np.isnan(y).any():
                raise ExcelError(_VALUE)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                out = {
                    "+": np.add,
                    "-": np.subtract,
                    "*": np.multiply,
                    "/": np.divide,
                    "^": np.power,
                }[operator](x, y)
            if not np.isfinite(out).all():
                raise ExcelError(_DIV0)
            return out.astype(object)
        u, v = _number(a), _number(b)
        if operator == "+":
            return u + v
        if operator == "-":
            return u - v
        if operator == "*":
            return u * v
        if operator == "/":
            if v == 0:
                raise ExcelError(_DIV0)
            return u / v
        if operator == "^":
            try:
                return float(u**v)
            except (OverflowError, ZeroDivisionError):
                raise ExcelError(_NUM) from None
        msg = f"unknown operator {operator!r}"
        raise ValueError(msg)


# -- the saved file ---------------------------------------------------------------------------
_FORMULA_CELL = re.compile(
    r'<c r="([A-Z]+)(\d+)"((?: s="\d+")?)><f>(.*?)</f><v></v></c>', re.DOTALL
)


def _cached(value: Any) -> tuple[str, str]:
    """The ``t`` attribute and ``<v>`` text of a cached value."""
    if isinstance(value, ExcelError):
        return ' t="e"', value.code
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, int | float):
        return "", repr(float(value))
    if value is None:
        return "", "0"
    return ' t="str"', escape(str(value))


def store_values(
    source: str | os.PathLike[str] | IO[bytes],
    target: str | os.PathLike[str] | IO[bytes],
    titles: list[str],
    values: Mapping[tuple[str, int, int], Any],
) -> int:
    """Write the workbook saved by openpyxl at ``source`` (a file or a file object; its
    sheets ``titles`` in order, saved as ``xl/worksheets/sheet1.xml`` …) to ``target``
    with ``values`` (``(sheet, row, column)`` → value) stored in its formula cells;
    returns how many were stored."""
    by_sheet: dict[str, dict[tuple[int, int], Any]] = {}
    for (sheet, row, column), value in values.items():
        by_sheet.setdefault(sheet, {})[(row, column)] = value
    parts = {f"xl/worksheets/sheet{k}.xml": title for k, title in enumerate(titles, start=1)}
    stored = 0
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as written,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            title = parts.get(info.filename)
            if title is not None and title in by_sheet:
                cells = by_sheet[title]

                def put(match: re.Match[str], cells: dict[tuple[int, int], Any] = cells) -> str:
                    nonlocal stored
                    letters, row, style, formula = match.groups()
                    key = (int(row), _column(letters))
                    if key not in cells:
                        return match.group(0)
                    kind, text = _cached(cells[key])
                    stored += 1
                    return f'<c r="{letters}{row}"{style}{kind}><f>{formula}</f><v>{text}</v></c>'

                data = _FORMULA_CELL.sub(put, data.decode("utf-8")).encode("utf-8")
            written.writestr(info, data)
    return stored
