"""The Excel functions the cached values (:mod:`._evaluate`) know, by name
(:data:`FUNCTIONS`), each evaluated with Excel's rules: ``SUM``, ``MAX`` and ``MIN``
count only the numbers of a range; ``SUMPRODUCT`` counts text as 0; ``IF`` evaluates
only the branch taken; ``SUMIF`` only with a number as criterion, ``MATCH`` only exact,
``TEXT`` only with the format ``"0"`` (any other raises)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from placebudget.report.workbook._excel_values import (
    _NA,
    _REF,
    _VALUE,
    ExcelError,
    _compare,
    _number,
    _numbers,
    _round_half_away,
    _scalar,
    _text,
)

if TYPE_CHECKING:
    from placebudget.report.workbook._formula_parser import Node


class Evaluator(Protocol):
    """What a function needs of the evaluator that calls it (``_evaluate.Evaluator``):
    an argument's value, evaluated only when the function asks for it."""

    def _eval(self, node: Node) -> Any: ...


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


FUNCTIONS: Mapping[str, Callable[[Evaluator, tuple[Node, ...]], Any]] = {
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
