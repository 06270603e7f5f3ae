"""Read a GDP deflator series from a CSV or Excel file supplied with a case.

The file has a header row and one row per financial year: the year (``2024/25`` or
``2024``), the index, and optionally whether the year is a forecast (``yes``/``no``,
``true``/``false``, ``f`` or blank). Years must run without gaps and appear once.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ours.csv"
>>> _ = path.write_text("financial year,index,forecast\\n2023/24,97.19,no\\n"
...                     "2024/25,99.5,yes\\n", encoding="utf-8")
>>> series = read_deflators(path)
>>> series.values[2024], sorted(series.forecast), series.name
(99.5, [2024], 'file:ours.csv')
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from placebudget.errors import Problem, ValidationError
from placebudget.io._workbooks import csv_rows, sheet_rows
from placebudget.io.ucd import parse_financial_year
from placebudget.model import DeflatorSeries, financial_year_label

__all__ = ["DEFLATOR_SUFFIXES", "read_deflators"]

#: File suffixes a deflator series can be read from.
DEFLATOR_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")

_YEAR_HEADERS = ("financial year", "financial_year", "year", "fy")
_INDEX_HEADERS = ("index", "value", "deflator", "gdp deflator")
_FORECAST_HEADERS = ("forecast",)
_TRUE = {"yes", "y", "true", "1", "f", "forecast"}
_FALSE = {"no", "n", "false", "0", "", "outturn"}
_MAX_ROWS = 1000


def _year(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    return parse_financial_year(text.replace("-", "/"))


def _index(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            return None
        number = float(text)
    return number if math.isfinite(number) and number > 0 else None


def _column(header: Sequence[str], names: tuple[str, ...]) -> int | None:
    for c, text in enumerate(header):
        if text in names:
            return c
    return None


def read_deflators(path: str | os.PathLike[str]) -> DeflatorSeries:
    """A deflator series from a CSV or ``.xlsx`` file (first sheet).

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be read, lacks a year or index column, or has a year that is not
        a financial year, an index that is not a positive number, a year given twice or a
        gap between years — every such row, with its line number.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DEFLATOR_SUFFIXES:
        msg = f"must be a {' or '.join(DEFLATOR_SUFFIXES)} file"
        raise ValidationError.single(path="deflators.file", message=msg, value=str(path))
    # read row by row, refused as soon as a row past the limit is met
    rows: Sequence[Sequence[Any]]
    if suffix == ".xlsx":
        rows = sheet_rows(path, what="deflator workbook", max_rows=_MAX_ROWS + 1)
    else:
        rows = csv_rows(path, field="deflators.file", max_rows=_MAX_ROWS + 1, strict=True)
    if not rows:
        raise ValidationError.single(path="deflators.file", message="is empty", value=str(path))
    header = [str(v if v is not None else "").strip().lower() for v in rows[0]]
    year_col = _column(header, _YEAR_HEADERS)
    index_col = _column(header, _INDEX_HEADERS)
    forecast_col = _column(header, _FORECAST_HEADERS)
    if year_col is None or index_col is None:
        msg = (
            "needs a header row with a year column (financial year) and an index "
            f"column (index), optionally forecast; found: {', '.join(header) or 'none'}"
        )
        raise ValidationError.single(path=str(path), message=msg)
    values: dict[int, float] = {}
    forecast: set[int] = set()
    problems: list[Problem] = []
    line_of: dict[int, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        cells = list(row) + [""] * (max(year_col, index_col, forecast_col or 0) + 1 - len(row))
        if not any(str(v if v is not None else "").strip() for v in cells):
            continue
        where = f"{path.name}!row {n}"
        year = _year(cells[year_col])
        index = _index(cells[index_col])
        if year is None or not 1900 <= year <= 2200:
            problems.append(
                Problem(
                    f"{where}.year",
                    "must be a financial year such as 2024/25 or 2024",
                    cells[year_col],
                )
            )
            continue
        if index is None:
            problems.append(
                Problem(f"{where}.index", "must be a positive number", cells[index_col])
            )
            continue
        if year in values:
            problems.append(
                Problem(
                    f"{where}.year",
                    f"is given twice (also on row {line_of[year]})",
                    cells[year_col],
                )
            )
            continue
        values[year] = index
        line_of[year] = n
        if forecast_col is not None:
            flag = str(cells[forecast_col] if cells[forecast_col] is not None else "")
            flag = flag.strip().lower()
            if flag in _TRUE:
                forecast.add(year)
            elif flag not in _FALSE:
                problems.append(Problem(f"{where}.forecast", "must be yes or no", flag))
    if values:
        gaps = sorted(set(range(min(values), max(values) + 1)) - set(values))
        if gaps:
            problems.append(
                Problem(
                    str(path),
                    "has gaps: no index for the years "
                    f"{', '.join(map(financial_year_label, gaps))}",
                    gaps,
                )
            )
    elif not problems:
        problems.append(Problem(str(path), "holds no years"))
    if problems:
        raise ValidationError(problems, context=f"cannot read the deflator series {path}")
    return DeflatorSeries(
        name=f"file:{path.name}",
        values=values,
        forecast=forecast,
        source=f"supplied with the case: {path.name}",
    )
