"""Read the Unit Cost Database (legacy ``.xls``, the same layout as ``.xlsx``, or CSV) into
unit cost records.

The thematic sheets (``Crime``, ``Health`` …) share one layout: two header rows, then one
row per cost until a block marked "Do not delete rows" that feeds the workbook's drop-down
lists. Rows that are not unit costs (blank rows, column totals) and rows that cannot be read
are reported with their sheet and row number in :attr:`UcdWorkbook.problems`; nothing is
dropped silently.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.io._workbooks import open_xlsx
from placebudget.model import DeflatorSeries, UnitCost
from placebudget.reference.unit_costs import UnitCostDatabase, ucd_unit
from placebudget.units import ureg

__all__ = [
    "THEMATIC_SHEETS",
    "UcdRow",
    "UcdWorkbook",
    "parse_financial_year",
    "read_ucd_csv",
    "read_ucd_workbook",
    "read_ucd_xls",
]

#: Sheets of the Unit Cost Database v1.2 holding unit costs, in workbook order.
THEMATIC_SHEETS: tuple[str, ...] = (
    "Crime",
    "Education & Skills",
    "Employment & Economy",
    "Fire",
    "Health",
    "Housing",
    "Social Services",
)

_FY = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2}|\d{4})\s*$")
_END_MARKER = "do not delete rows"


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


@attrs.frozen(kw_only=True)
class UcdRow:
    """A unit cost read from the workbook with where it came from and its cached figure."""

    cost: UnitCost
    """The unit cost record."""
    sheet: str
    """Sheet it was read from."""
    row: int
    """1-based row number in the sheet."""
    updated: float | None
    """The workbook's cached "updated cost/saving" (uprated to the target year)."""


@attrs.frozen(kw_only=True)
class UcdWorkbook:
    """What was read from a Unit Cost Database workbook."""

    rows: tuple[UcdRow, ...]
    """Every unit cost read, in sheet and row order."""
    deflators: DeflatorSeries | None
    """The workbook's own GDP deflator table (``Lookups`` sheet); none for CSV."""
    target_year: int | None
    """Year the cached "updated" column is uprated to (``Lookups`` cell K11); none for
    CSV, whose "updated" figures come from an unknown year."""
    problems: tuple[Problem, ...]
    """Rows not read, each with sheet, row and reason."""

    def database(self, name: str = "ucd") -> UnitCostDatabase:
        """The unit costs as a database keyed by code; lines sharing a code are kept as
        ``CODE#1``, ``CODE#2`` … (see
        :meth:`~placebudget.reference.UnitCostDatabase.from_records`)."""
        return UnitCostDatabase.from_records(
            name, (r.cost for r in self.rows), duplicates="number"
        )


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


class _Book:
    """The sheets of a workbook as lists of row values (0-based), whatever the format."""

    def __init__(self, sheets: dict[str, list[list[Any]]]) -> None:
        self.sheets = sheets

    @classmethod
    def open(cls, path: Path) -> _Book:
        suffix = path.suffix.lower()
        if suffix == ".xls":
            import xlrd

            try:
                book = xlrd.open_workbook(str(path))
            except (xlrd.XLRDError, OSError, ValueError, AssertionError) as exc:
                msg = f"is not a readable .xls Unit Cost Database workbook ({exc})"
                raise ValidationError.single(path=str(path), message=msg,
                                             value=path.name) from exc
            return cls({name: [book.sheet_by_name(name).row_values(r)
                               for r in range(book.sheet_by_name(name).nrows)]
                        for name in book.sheet_names()})
        if suffix == ".xlsx":
            with open_xlsx(path, what="Unit Cost Database workbook") as xbook:
                return cls({sheet.title: [["" if v is None else v for v in row]
                                          for row in sheet.iter_rows(values_only=True)]
                            for sheet in xbook.worksheets})
        msg = "must be a .xls or .xlsx workbook"
        raise ValidationError.single(path="path", message=msg, value=str(path))

    def cell(self, sheet: str, row: int, column: int) -> Any:
        rows = self.sheets[sheet]
        if row >= len(rows) or column >= len(rows[row]):
            return ""
        return rows[row][column]


def _read_lookups(book: _Book) -> tuple[DeflatorSeries, int]:
    target = parse_financial_year(book.cell("Lookups", 10, 10))
    if target is None:
        msg = "must hold the target financial year (such as 2014/15)"
        msg_0 = "Lookups!K11"
        raise ValidationError.single(msg_0, msg, book.cell("Lookups", 10, 10))
    values: dict[int, float] = {}
    for r in range(9, len(book.sheets["Lookups"])):
        fy = parse_financial_year(book.cell("Lookups", r, 12))
        change = _number(book.cell("Lookups", r, 13))
        index = _number(book.cell("Lookups", r, 15))
        if fy is None:
            continue
        if r > 9 and change is None:
            break  # the table runs on with flat, unfilled years: stop at the last real one
        if index is not None and index > 0:
            values[fy] = index
    series = DeflatorSeries(
        name="ucd-v1.2-workbook",
        values=values,
        source="GDP deflator table of the Unit Cost Database workbook (Lookups sheet)",
        note="1989/90 = 100; years marked 'f' in the workbook are forecasts",
    )
    return series, target


def _number(value: Any) -> float | None:
    """A cell as a number: numbers as they are, text such as ``" £1,089 "`` parsed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = _text(value).replace("£", "").replace(",", "").strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text)


def _read_rows(table: Sequence[Sequence[Any]], name: str, first: int, rows: list[UcdRow],
               problems: list[Problem]) -> None:
    for r in range(first, len(table)):
        values = list(table[r]) + [""] * max(0, 12 - len(table[r]))
        where = f"{name}!row {r + 1}"
        if _text(values[0]).lower().startswith(_END_MARKER):
            break
        if not any(_text(v) for v in values[:12]):
            continue  # an empty row carries nothing to lose
        read = _read_row(values, name, r + 1, problems)
        if read is not None:
            rows.append(read)
        elif not problems or not problems[-1].path.startswith(where):
            problems.append(Problem(where, "not read: not a unit cost row", values[:10]))


def read_ucd_workbook(
    path: str | os.PathLike[str], *, sheets: Sequence[str] = THEMATIC_SHEETS
) -> UcdWorkbook:
    """Read the unit costs and deflator table of a Unit Cost Database workbook, ``.xls``
    or ``.xlsx`` (the v1.2 layout).

    Raises
    ------
    placebudget.errors.ValidationError
        The file is not a readable workbook or lacks the expected sheets.
    """
    path = Path(path)
    book = _Book.open(path)
    missing = [s for s in (*sheets, "Lookups") if s not in book.sheets]
    if missing:
        msg = f"lacks the sheets {', '.join(missing)}"
        raise ValidationError.single(str(path), msg, path.name)
    deflators, target = _read_lookups(book)
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    for name in sheets:
        _read_rows(book.sheets[name], name, 2, rows, problems)
    return UcdWorkbook(rows=tuple(rows), deflators=deflators, target_year=target,
                       problems=tuple(problems))


def read_ucd_xls(
    path: str | os.PathLike[str], *, sheets: Sequence[str] = THEMATIC_SHEETS
) -> UcdWorkbook:
    """Read a Unit Cost Database ``.xls`` workbook (see :func:`read_ucd_workbook`)."""
    return read_ucd_workbook(path, sheets=sheets)


def read_ucd_csv(path: str | os.PathLike[str]) -> UcdWorkbook:
    """Read unit costs from a CSV file with the columns of a thematic sheet (category,
    detail, code, description, agency, agency detail, unit, cost, price year, updated
    cost, source, RAG, then anything), with or without header rows — such as the
    third-party ``csv-extract-*.csv`` files, whose figures are text like ``" £648 "``
    and whose descriptions hold line breaks.

    Rows that cannot be read are reported with their row number, never dropped silently.

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be read as CSV text, or no row at all is a unit cost.
    """
    import csv

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror})"
        raise ValidationError.single(path=str(path), message=msg, value=path.name) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else ""
        if not text:
            msg = "is not UTF-8 or Windows-1252 text"
            raise ValidationError.single(path=str(path), message=msg, value=path.name) from None
    if "\x00" in text:
        msg = "is not a CSV text file (it holds NUL bytes)"
        raise ValidationError.single(path=str(path), message=msg, value=path.name)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        msg = f"is not valid CSV ({exc})"
        raise ValidationError.single(path=str(path), message=msg, value=path.name) from exc
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    for r, record in enumerate(table):
        if any(_text(v) for v in record) and len(record) < 12:
            problems.append(Problem(f"{path.name}!row {r + 1}",
                                    f"not read: {len(record)} columns, expected at least 12",
                                    record[:6]))
            table[r] = []
    _read_rows(table, path.name, 0, rows, problems)
    if not rows:
        msg = ("holds no unit cost rows (columns: category, detail, code, description, "
               "agency, agency detail, unit, cost, price year, updated, source, RAG)")
        raise ValidationError([Problem(str(path), msg, path.name), *problems[:5]])
    return UcdWorkbook(rows=tuple(rows), deflators=None, target_year=None,
                       problems=tuple(problems))


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _read_row(values: list[Any], sheet: str, row: int, problems: list[Problem]) -> UcdRow | None:
    where = f"{sheet}!row {row}"
    code = _text(values[2])
    if not code:
        problems.append(Problem(where, "not read: no cost code (a total or note row)",
                                [v for v in values[:10] if _text(v)]))
        return None
    unit_text = _text(values[6])
    unit = ucd_unit(unit_text)
    value = _number(values[7])
    price_year = parse_financial_year(values[8])
    reasons = []
    if unit is None:
        reasons.append(f"unit {unit_text!r} is not one placebudget knows")
    if value is None:
        reasons.append(f"cost {values[7]!r} is not a number")
    if price_year is None:
        reasons.append(f"price year {values[8]!r} is not a financial year such as 2002/03")
    if reasons:
        problems.append(Problem(f"{where} ({code})", "not read: " + "; ".join(reasons)))
        return None
    rag = _text(values[11]).upper() or None
    cost = UnitCost(
        code=code,
        description=_text(values[3]),
        value=ureg.Quantity(value, f"GBP / ({unit})"),
        price_year=int(price_year),  # type: ignore[arg-type]
        unit_text=unit_text,
        agency=_text(values[4]),
        agency_detail=_text(values[5]),
        rag=rag if rag in {"R", "A", "G"} else None,
        source=_text(values[10]),
        category=_text(values[0]),
        detail=_text(values[1]),
    )
    updated = _number(values[9])
    return UcdRow(cost=cost, sheet=sheet, row=row, updated=updated)
