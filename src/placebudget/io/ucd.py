"""Read the Unit Cost Database workbook (legacy ``.xls``) into unit cost records.

The thematic sheets (``Crime``, ``Health`` …) share one layout: two header rows, then one
row per cost until a block marked "Do not delete rows" that feeds the workbook's drop-down
lists. Rows that are not unit costs (blank rows, column totals) and rows that cannot be read
are reported with their sheet and row number in :attr:`UcdWorkbook.problems`; nothing is
dropped silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.model import DeflatorSeries, UnitCost
from placebudget.reference.unit_costs import UnitCostDatabase, ucd_unit
from placebudget.units import ureg

__all__ = ["THEMATIC_SHEETS", "UcdRow", "UcdWorkbook", "parse_financial_year", "read_ucd_xls"]

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
    deflators: DeflatorSeries
    """The workbook's own GDP deflator table (``Lookups`` sheet)."""
    target_year: int
    """Year the cached "updated" column is uprated to (``Lookups`` cell K11)."""
    problems: tuple[Problem, ...]
    """Rows not read, each with sheet, row and reason."""

    def database(self, name: str = "ucd") -> UnitCostDatabase:
        """The unit costs as a database keyed by code; lines sharing a code are kept as
        ``CODE#1``, ``CODE#2`` … (see :meth:`UnitCostDatabase.from_records`)."""
        return UnitCostDatabase.from_records(
            name, (r.cost for r in self.rows), duplicates="number"
        )


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def _read_lookups(book: Any) -> tuple[DeflatorSeries, int]:
    sheet = book.sheet_by_name("Lookups")
    target = parse_financial_year(sheet.cell_value(10, 10))
    if target is None:
        msg = "must hold the target financial year (such as 2014/15)"
        msg_0 = "Lookups!K11"
        raise ValidationError.single(msg_0, msg, sheet.cell_value(10, 10))
    values: dict[int, float] = {}
    for r in range(9, sheet.nrows):
        fy = parse_financial_year(sheet.cell_value(r, 12))
        change = sheet.cell_value(r, 13)
        index = sheet.cell_value(r, 15)
        if fy is None:
            continue
        if r > 9 and not isinstance(change, float):
            break  # the table runs on with flat, unfilled years: stop at the last real one
        if isinstance(index, float) and index > 0:
            values[fy] = index
    series = DeflatorSeries(
        name="ucd-v1.2-workbook",
        values=values,
        source="GDP deflator table of the Unit Cost Database workbook (Lookups sheet)",
        note="1989/90 = 100; years marked 'f' in the workbook are forecasts",
    )
    return series, target


def read_ucd_xls(
    path: str | os.PathLike[str], *, sheets: Sequence[str] = THEMATIC_SHEETS
) -> UcdWorkbook:
    """Read the unit costs and deflator table of a Unit Cost Database ``.xls`` workbook.

    Raises
    ------
    placebudget.errors.ValidationError
        The file is not a readable ``.xls`` workbook or lacks the expected sheets.
    """
    import xlrd

    path = Path(path)
    try:
        book = xlrd.open_workbook(str(path))
    except (xlrd.XLRDError, OSError, ValueError) as exc:
        msg = f"is not a readable .xls Unit Cost Database workbook ({exc})"
        raise ValidationError.single(str(path), msg, path.name) from exc
    missing = [s for s in (*sheets, "Lookups") if s not in book.sheet_names()]
    if missing:
        msg = f"lacks the sheets {', '.join(missing)}"
        raise ValidationError.single(str(path), msg, path.name)
    deflators, target = _read_lookups(book)
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    for name in sheets:
        sheet = book.sheet_by_name(name)
        for r in range(2, sheet.nrows):
            values = sheet.row_values(r)
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
    return UcdWorkbook(rows=tuple(rows), deflators=deflators, target_year=target,
                       problems=tuple(problems))


def _read_row(values: list[Any], sheet: str, row: int, problems: list[Problem]) -> UcdRow | None:
    where = f"{sheet}!row {row}"
    code = _text(values[2])
    if not code:
        problems.append(Problem(where, "not read: no cost code (a total or note row)",
                                [v for v in values[:10] if _text(v)]))
        return None
    unit_text = _text(values[6])
    unit = ucd_unit(unit_text)
    value = values[7]
    price_year = parse_financial_year(values[8])
    reasons = []
    if unit is None:
        reasons.append(f"unit {unit_text!r} is not one placebudget knows")
    if not isinstance(value, float):
        reasons.append(f"cost {value!r} is not a number")
    if price_year is None:
        reasons.append(f"price year {values[8]!r} is not a financial year such as 2002/03")
    if reasons:
        problems.append(Problem(f"{where} ({code})", "not read: " + "; ".join(reasons)))
        return None
    rag = _text(values[11]).upper() or None
    cost = UnitCost(
        code=code,
        description=_text(values[3]),
        value=ureg.Quantity(float(value), f"GBP / ({unit})"),
        price_year=int(price_year),  # type: ignore[arg-type]
        unit_text=unit_text,
        agency=_text(values[4]),
        agency_detail=_text(values[5]),
        rag=rag if rag in {"R", "A", "G"} else None,
        source=_text(values[10]),
        category=_text(values[0]),
        detail=_text(values[1]),
    )
    updated = values[9] if isinstance(values[9], float) else None
    return UcdRow(cost=cost, sheet=sheet, row=row, updated=updated)
