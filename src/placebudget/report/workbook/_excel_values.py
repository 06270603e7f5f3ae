"""Excel's values and its rules for them, as the cached values (:mod:`._evaluate`) apply
them: its error values (:class:`ExcelError`), a value as a number, as text and as one
cell, and its comparison and rounding."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


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
