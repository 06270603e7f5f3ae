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
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import numpy as np

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

__all__ = ["Evaluator", "ExcelError", "store_values"]


class ExcelError(Exception):
    """An Excel error value (``#DIV/0!``, ``#N/A``, ``#VALUE!``), raised while a formula
    is evaluated and stored as the cell's value."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExcelError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)


_VALUE, _DIV0, _NA, _NUM, _REF, _NAME = "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#REF!", "#NAME?"

_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
        (?![\w(])
  | (?P<number>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?)
  | (?P<function>[A-Z][A-Z0-9.]*)\(
  | (?P<name>[A-Za-z_\\][\w.]*)
  | (?P<op><>|>=|<=|[-+*/^&=<>(),])
""",
    re.VERBOSE,
)

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _tokens(formula: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(formula):
        match = _TOKENS.match(formula, at)
        if match is None:
            msg = f"cannot read the formula {formula!r} at {formula[at:]!r}"
            raise ValueError(msg)
        kind = match.lastgroup or ""
        if kind != "space":
            found.append((kind, match.group(kind)))
        at = match.end()
    return found


#: A parsed formula: nested tuples ``(kind, …)``.
Node = tuple[Any, ...]


class _Parser:
    """Excel's precedence: comparison, ``&``, ``+ -``, ``* /``, ``^``, unary sign."""

    def __init__(self, formula: str, sheet: str) -> None:
        self.tokens = _tokens(formula)
        self.at = 0
        self.sheet = sheet
        self.formula = formula

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, value: str) -> None:
        token = self.peek()
        if token is None or token[1] != value:
            msg = f"expected {value!r} in {self.formula!r}"
            raise ValueError(msg)
        self.at += 1

    def parse(self) -> Node:
        node = self.comparison()
        if self.peek() is not None:
            msg = f"cannot read the formula {self.formula!r} after token {self.at}"
            raise ValueError(msg)
        return node

    def binary(self, operators: tuple[str, ...], lower: Callable[[], Node]) -> Node:
        node = lower()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in operators:
            self.take()
            node = ("op", token[1], node, lower())
        return node

    def comparison(self) -> Node:
        return self.binary(("=", "<>", "<", ">", "<=", ">="), self.concatenation)

    def concatenation(self) -> Node:
        return self.binary(("&",), self.additive)

    def additive(self) -> Node:
        return self.binary(("+", "-"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.binary(("*", "/"), self.power)

    def power(self) -> Node:
        return self.binary(("^",), self.unary)

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in "+-":
            self.take()
            operand = self.unary()
            return ("neg", operand) if token[1] == "-" else ("pos", operand)
        return self.primary()

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "number":
            return ("value", float(text))
        if kind == "string":
            return ("value", text[1:-1].replace('""', '"'))
        if kind == "ref":
            return ("ref", *_reference(text, self.sheet))
        if kind == "name":
            upper = text.upper()
            if upper in ("TRUE", "FALSE"):
                return ("value", upper == "TRUE")
            return ("name", text)
        if kind == "function":
            args: list[Node] = []
            if self.peek() == ("op", ")"):
                self.take()
                return ("call", text, tuple(args))
            while True:
                args.append(self.comparison())
                token = self.take()
                if token == ("op", ")"):
                    return ("call", text, tuple(args))
                if token != ("op", ","):
                    msg = f"expected ',' or ')' in {self.formula!r}"
                    raise ValueError(msg)
        if (kind, text) == ("op", "("):
            node = self.comparison()
            self.expect(")")
            return node
        msg = f"cannot read {text!r} in the formula {self.formula!r}"
        raise ValueError(msg)


def _reference(text: str, sheet: str) -> tuple[str, int, int, int, int]:
    """``(sheet, first row, first column, last row, last column)`` of a reference."""
    if "!" in text:
        sheet, _, text = text.rpartition("!")
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
    corners = [_CELL.fullmatch(part) for part in text.split(":")]
    (a, *rest) = corners
    b = rest[0] if rest else a
    if a is None or b is None:
        msg = f"not a reference: {text!r}"
        raise ValueError(msg)
    r1, c1, r2, c2 = int(a.group(2)), _column(a.group(1)), int(b.group(2)), _column(b.group(1))
    return sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


# -- values -----------------------------------------------------------------------------------
def _number(value: Any) -> float:
    """A scalar as a number in arithmetic (blank 0, TRUE 1; text is ``#VALUE!``)."""
    if isinstance(value, ExcelError):
        raise value
    if value is None:
        return 0.0
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, np.generic):
        return float(value)
    raise ExcelError(_VALUE)


def _numbers(array: np.ndarray, *, text: float = math.nan) -> np.ndarray:
    """An array of cells as floats (blank 0, booleans 1 and 0, text ``text``)."""
    out = np.empty(array.shape, dtype=float)
    flat = out.reshape(-1)
    for k, value in enumerate(array.reshape(-1)):
        if isinstance(value, ExcelError):
            raise value
        if value is None:
            flat[k] = 0.0
        elif isinstance(value, bool | int | float | np.generic):
            flat[k] = float(value)
        else:
            flat[k] = text
    return out


def _scalar(value: Any) -> Any:
    """One value: a one-cell array is its cell."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise ExcelError(_VALUE)
        return value.reshape(-1)[0]
    return value


def _text(value: Any) -> str:
    value = _scalar(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _compare(operator: str, a: Any, b: Any) -> bool:
    """Excel's comparison of two scalars: numbers before text before booleans, text
    without regard to case, a blank as 0 or as ``""``."""
    if isinstance(a, ExcelError):
        raise a
    if isinstance(b, ExcelError):
        raise b
    if a is None:
        a = "" if isinstance(b, str) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else 0.0

    def rank(v: Any) -> int:
        return 2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0

    ka: Any = (rank(a), a.lower() if isinstance(a, str) else float(a))
    kb: Any = (rank(b), b.lower() if isinstance(b, str) else float(b))
    return bool(
        {"=": ka == kb, "<>": ka != kb, "<": ka < kb, ">": ka > kb, "<=": ka <= kb, ">=": ka >= kb}[
            operator
        ]
    )


def _round_half_away(x: float, digits: int) -> float:
    scale = 10.0**digits
    return math.copysign(math.floor(abs(x) * scale + 0.5) / scale, x)


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
            handler = _FUNCTIONS.get(function)
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


# -- functions --------------------------------------------------------------------------------
def _each_number(values: Any, *, direct: bool) -> Iterator[float]:
    """The numbers ``SUM``, ``MAX`` and ``MIN`` count: in a range only numbers; a value
    typed in the call as a number."""
    if isinstance(values, np.ndarray):
        for value in values.reshape(-1):
            if isinstance(value, ExcelError):
                raise value
            if isinstance(value, int | float | np.generic) and not isinstance(value, bool):
                yield float(value)
        return
    if direct:
        yield (
            _number(values)
            if not isinstance(values, str)
            else _number(float(values) if _is_number_text(values) else values)
        )


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _sum(ev: Evaluator, args: tuple[Node, ...]) -> float:
    return math.fsum(x for arg in args for x in _each_number(ev._eval(arg), direct=True))


def _max(ev: Evaluator, args: tuple[Node, ...]) -> float:
    found = [x for arg in args for x in _each_number(ev._eval(arg), direct=True)]
    return max(found) if found else 0.0


def _min(ev: Evaluator, args: tuple[Node, ...]) -> float:
    found = [x for arg in args for x in _each_number(ev._eval(arg), direct=True)]
    return min(found) if found else 0.0


def _array(value: Any) -> np.ndarray:
    return value if isinstance(value, np.ndarray) else np.array([[value]], dtype=object)


def _sumproduct(ev: Evaluator, args: tuple[Node, ...]) -> float:
    arrays = [_numbers(_array(ev._eval(arg)), text=0.0) for arg in args]
    shape = arrays[0].shape
    if any(a.shape != shape for a in arrays):
        raise ExcelError(_VALUE)
    product: Any = np.ones(shape)
    for a in arrays:
        product = product * a
    return math.fsum(product.reshape(-1).tolist())


def _sumif(ev: Evaluator, args: tuple[Node, ...]) -> float:
    where = _array(ev._eval(args[0]))
    criterion = _scalar(ev._eval(args[1]))
    values = _array(ev._eval(args[2])) if len(args) > 2 else where
    if values.shape != where.shape:
        raise ExcelError(_VALUE)
    if isinstance(criterion, str):
        msg = "SUMIF with a text criterion is not one the cached values know"
        raise TypeError(msg)
    total = []
    for key, value in zip(where.reshape(-1), values.reshape(-1), strict=True):
        if key is None or isinstance(key, str | bool):
            continue
        if (
            float(key) == _number(criterion)
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            total.append(float(value))
    return math.fsum(total)


def _truth(value: Any) -> bool:
    value = _scalar(value)
    if isinstance(value, str):
        raise ExcelError(_VALUE)
    return bool(_number(value))


def _if(ev: Evaluator, args: tuple[Node, ...]) -> Any:
    if _truth(ev._eval(args[0])):
        return ev._eval(args[1])
    return ev._eval(args[2]) if len(args) > 2 else False


def _iferror(ev: Evaluator, args: tuple[Node, ...]) -> Any:
    try:
        value = _scalar(ev._eval(args[0]))
    except ExcelError:
        return ev._eval(args[1])
    return value


def _and(ev: Evaluator, args: tuple[Node, ...]) -> bool:
    values = [_truth(ev._eval(arg)) for arg in args]  # each evaluated, as Excel does
    return all(values)


def _or(ev: Evaluator, args: tuple[Node, ...]) -> bool:
    values = [_truth(ev._eval(arg)) for arg in args]
    return any(values)


def _not(ev: Evaluator, args: tuple[Node, ...]) -> bool:
    return not _truth(ev._eval(args[0]))


def _int(ev: Evaluator, args: tuple[Node, ...]) -> float:
    return float(math.floor(_number(_scalar(ev._eval(args[0])))))


def _abs(ev: Evaluator, args: tuple[Node, ...]) -> float:
    return abs(_number(_scalar(ev._eval(args[0]))))


def _round(ev: Evaluator, args: tuple[Node, ...]) -> float:
    digits = int(_number(_scalar(ev._eval(args[1])))) if len(args) > 1 else 0
    return _round_half_away(_number(_scalar(ev._eval(args[0]))), digits)


def _index(ev: Evaluator, args: tuple[Node, ...]) -> Any:
    array = _array(ev._eval(args[0]))
    r = int(_number(_scalar(ev._eval(args[1])))) if len(args) > 1 else 1
    c = int(_number(_scalar(ev._eval(args[2])))) if len(args) > 2 else 1
    if array.shape[0] == 1 and len(args) == 2:
        r, c = 1, r
    if not (1 <= r <= array.shape[0] and 1 <= c <= array.shape[1]):
        raise ExcelError(_REF)
    value = array[r - 1, c - 1]
    if isinstance(value, ExcelError):
        raise value
    return value


def _match(ev: Evaluator, args: tuple[Node, ...]) -> float:
    wanted = _scalar(ev._eval(args[0]))
    array = _array(ev._eval(args[1]))
    kind = _number(_scalar(ev._eval(args[2]))) if len(args) > 2 else 1.0
    if kind != 0:
        msg = "MATCH other than exact is not one the cached values know"
        raise ValueError(msg)
    for k, value in enumerate(array.reshape(-1)):
        if value is not None and not isinstance(value, ExcelError) and _compare("=", value, wanted):
            return float(k + 1)
    raise ExcelError(_NA)


def _text_function(ev: Evaluator, args: tuple[Node, ...]) -> str:
    value = _number(_scalar(ev._eval(args[0])))
    pattern = _scalar(ev._eval(args[1]))
    if pattern != "0":
        msg = f"TEXT with the format {pattern!r} is not one the cached values know"
        raise ValueError(msg)
    return str(int(_round_half_away(value, 0)))


def _right(ev: Evaluator, args: tuple[Node, ...]) -> str:
    text = _text(ev._eval(args[0]))
    count = int(_number(_scalar(ev._eval(args[1])))) if len(args) > 1 else 1
    return text[-count:] if count > 0 else ""


def _isnumber(ev: Evaluator, args: tuple[Node, ...]) -> bool:
    try:
        value = _scalar(ev._eval(args[0]))
    except ExcelError:
        return False
    return isinstance(value, int | float) and not isinstance(value, bool)


_FUNCTIONS: Mapping[str, Callable[[Evaluator, tuple[Node, ...]], Any]] = {
    "SUM": _sum,
    "SUMIF": _sumif,
    "SUMPRODUCT": _sumproduct,
    "IF": _if,
    "IFERROR": _iferror,
    "AND": _and,
    "OR": _or,
    "NOT": _not,
    "MAX": _max,
    "MIN": _min,
    "INT": _int,
    "ABS": _abs,
    "ROUND": _round,
    "INDEX": _index,
    "MATCH": _match,
    "TEXT": _text_function,
    "RIGHT": _right,
    "ISNUMBER": _isnumber,
}


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


def store_values(path: str, titles: list[str], values: Mapping[tuple[str, int, int], Any]) -> int:
    """Write ``values`` (``(sheet, row, column)`` → value) into the formula cells of the
    workbook saved at ``path`` by openpyxl (its sheets ``titles`` in order, saved as
    ``xl/worksheets/sheet1.xml`` …); returns how many were stored."""
    import shutil

    by_sheet: dict[str, dict[tuple[int, int], Any]] = {}
    for (sheet, row, column), value in values.items():
        by_sheet.setdefault(sheet, {})[(row, column)] = value
    parts = {f"xl/worksheets/sheet{k}.xml": title for k, title in enumerate(titles, start=1)}
    stored = 0
    temporary = f"{path}.values"
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
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
            target.writestr(info, data)
    shutil.move(temporary, path)
    return stored
