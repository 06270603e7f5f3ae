"""Read the Unit Cost Database (``.xls``, ``.xlsx`` or CSV) into unit cost records.

Every edition of the database shares one family of layouts: thematic sheets (``Crime``,
``Health`` …) with two header rows, then one row per cost until a block marked "Do not
delete rows" that feeds the workbook's drop-down lists, and a ``Lookups`` sheet with the
GDP deflator table and the target year of the "updated" figures. The columns move between
editions (v1.2 has one fiscal value per line; v1.4 has fiscal, economic and social values and
puts the unit before the agency), so they are found by their header text, never by position.

Rows that are not unit costs (blank rows, column totals) and rows that cannot be read are
reported with their sheet and row number in :attr:`UcdWorkbook.problems`; nothing is
dropped silently, and a file that yields no cost lines at all is refused.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.io.limits import check_input_file, check_zip
from placebudget.model import DeflatorSeries, PricedAmount, UnitCost
from placebudget.reference.unit_costs import (
    TransferStatement,
    UnitCostDatabase,
    apply_transfers,
    transfer_statements,
    ucd_unit,
    with_structure,
)
from placebudget.units import ureg

__all__ = [
    "THEMATIC_SHEETS",
    "UcdColumns",
    "UcdRow",
    "UcdWorkbook",
    "parse_financial_year",
    "parse_transfer_comment",
    "read_ucd_csv",
    "read_ucd_workbook",
    "read_ucd_xls",
]

#: Sheets of the Unit Cost Database holding unit costs, in workbook order.
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
_KINDS = ("fiscal", "economic", "social")


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


_TRANSFER = re.compile(
    r"the\s+(?:£\s*(?P<amount>[\d,]+(?:\.\d+)?)\s+)?fiscal\s+(?:benefit|value|saving)s?"
    r"[^.]*?should\s+be\s+excluded[^.]*?transfer\s+payment", re.IGNORECASE | re.DOTALL)


def parse_transfer_comment(text: str) -> tuple[bool, float | None]:
    """Read a fiscal value cell's comment: whether it says (part of) the value is a transfer
    payment to leave out of public value, and the amount it names, if any.

    Examples
    --------
    >>> parse_transfer_comment("When calculating total public value, the £9,234 fiscal "
    ...                        "benefit to DWP should be excluded, as it is a transfer payment.")
    (True, 9234.0)
    >>> parse_transfer_comment("the fiscal benefit to HMT should be excluded, as it is a "
    ...                        "transfer payment")
    (True, None)
    >>> parse_transfer_comment("Updated with 2014-15 values")
    (False, None)
    """
    match = _TRANSFER.search(text or "")
    if match is None:
        return False, None
    amount = match.group("amount")
    return True, float(amount.replace(",", "")) if amount else None


@attrs.frozen(kw_only=True)
class UcdRow:
    """A unit cost read from the workbook with where it came from and its cached figures."""

    cost: UnitCost
    """The unit cost record."""
    sheet: str
    """Sheet it was read from."""
    row: int
    """1-based row number in the sheet."""
    updated_values: Mapping[str, float] = attrs.field(factory=dict)
    """The workbook's cached "updated cost/saving" of each value (uprated to the target
    year), by kind (fiscal, economic, social)."""

    @property
    def updated(self) -> float | None:
        """The cached updated figure of the line's first value."""
        return self.updated_values.get(self.cost.value_type)


@attrs.frozen(kw_only=True)
class UcdWorkbook:
    """What was read from a Unit Cost Database workbook."""

    rows: tuple[UcdRow, ...]
    """Every unit cost read, in sheet and row order."""
    deflators: DeflatorSeries | None
    """The workbook's own GDP deflator table (``Lookups`` sheet); none for CSV."""
    target_year: int | None
    """Year the cached "updated" column is uprated to (``Lookups`` "Current Year"); none
    for CSV, whose "updated" figures come from an unknown year."""
    problems: tuple[Problem, ...]
    """Rows not read, each with sheet, row and reason."""
    edition: str = ""
    """Edition of the database (``"v1.4"``), when the workbook names it."""
    transfers: tuple[TransferStatement, ...] = ()
    """The transfer payments the workbook states (fiscal value cell comments), or for an
    edition without such comments those of v1.4 for the same codes."""

    def database(self, name: str = "ucd") -> UnitCostDatabase:
        """The unit costs as a database keyed by code; lines sharing a code are kept as
        ``CODE#1``, ``CODE#2`` … (see
        :meth:`~placebudget.reference.UnitCostDatabase.from_records`)."""
        source = f"Unit Cost Database {self.edition}".strip()
        numbered = UnitCostDatabase.from_records(
            name, (r.cost for r in self.rows), duplicates="number", source=source
        )
        # components and parents by the numbered codes (CR7.0.3#1 …)
        database = UnitCostDatabase.from_records(name, with_structure(numbered.values()),
                                                 source=source)
        return attrs.evolve(database, not_read=tuple(self.problems))


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def _key(value: Any) -> str:
    """Header text folded for matching: lower case, no spaces around slashes."""
    return re.sub(r"\s*/\s*", "/", _text(value).lower())


class _Book:
    """The sheets of a workbook as lists of row values (0-based), whatever the format, with
    the comments of ``.xlsx`` cells."""

    def __init__(self, sheets: dict[str, list[list[Any]]],
                 comments: dict[tuple[str, int, int], str] | None = None) -> None:
        self.sheets = sheets
        self.comments = comments or {}

    @classmethod
    def open(cls, path: Path) -> _Book:
        suffix = path.suffix.lower()
        check_input_file(path, field=str(path))
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
            return cls._open_xlsx(path)
        msg = "must be a .xls or .xlsx workbook"
        raise ValidationError.single(path="path", message=msg, value=str(path))

    @classmethod
    def _open_xlsx(cls, path: Path) -> _Book:
        import zipfile

        from openpyxl import load_workbook

        check_zip(path, field=str(path))  # before anything is inflated
        try:  # not read-only: cell comments (transfer payments) are only read this way
            book = load_workbook(path, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            msg = f"is not a readable .xlsx Unit Cost Database workbook ({exc})"
            raise ValidationError.single(path=str(path), message=msg, value=path.name) from exc
        sheets: dict[str, list[list[Any]]] = {}
        comments: dict[tuple[str, int, int], str] = {}
        try:
            for sheet in book.worksheets:
                rows = []
                for r, row in enumerate(sheet.iter_rows()):
                    rows.append(["" if c.value is None else c.value for c in row])
                    for c, cell in enumerate(row):
                        if cell.comment is not None:
                            comments[(sheet.title, r, c)] = cell.comment.text or ""
                sheets[sheet.title] = rows
        finally:
            book.close()
        return cls(sheets, comments)

    def cell(self, sheet: str, row: int, column: int) -> Any:
        rows = self.sheets[sheet]
        if row >= len(rows) or column >= len(rows[row]):
            return ""
        return rows[row][column]

    def edition(self) -> str:
        """``"v1.4"`` from a title such as "Unit Cost Database (v.1.4): Guidance"."""
        for name in ("Guidance", "Introduction"):
            for row in self.sheets.get(name, [])[:6]:
                for value in row:
                    match = re.search(r"\(v\.?\s*(\d+(?:\.\d+)*)\)", _text(value))
                    if match:
                        return f"v{match.group(1)}"
        return ""


@attrs.frozen(kw_only=True)
class UcdColumns:
    """Where each field of a thematic sheet is (0-based column numbers), found from the two
    header rows."""

    code: int
    """Cost code."""
    description: int
    """Cost / saving detail."""
    unit: int
    """Unit."""
    values: Mapping[str, tuple[int, int, int | None]]
    """Kind (fiscal, economic, social) → (estimated cost, year, updated cost) columns."""
    category: int | None = None
    """Outcome category."""
    detail: int | None = None
    """Outcome detail."""
    agency: int | None = None
    """Agency bearing the cost, level 1."""
    agency_detail: int | None = None
    """Agency, level 2."""
    source: int | None = None
    """Original source."""
    rag: int | None = None
    """RAG assessment."""

    #: What each field's header reads (folded), for the error naming what was expected.
    EXPECTED = ("outcome category", "outcome detail", "cost code", "cost/saving detail",
                "unit", "agency bearing the cost/making the saving (level 1, level 2)",
                "fiscal, economic or social value (estimated cost/saving, year, updated "
                "cost/saving)", "original source", "rag assessment")

    @classmethod
    def find(cls, top: Sequence[Any], second: Sequence[Any], where: str) -> UcdColumns:
        """Place the columns from the first (``top``) and second header rows.

        Raises
        ------
        placebudget.errors.ValidationError
            A required header (cost code, detail, unit, a value's estimate and year) is
            not there; the message lists the headers found and those expected.
        """
        width = max(len(top), len(second))
        upper = [_key(top[c]) if c < len(top) else "" for c in range(width)]
        lower = [_key(second[c]) if c < len(second) else "" for c in range(width)]

        def first(*tests: Any) -> int | None:
            for c, text in enumerate(upper):
                if any(test(text) for test in tests):
                    return c
            return None

        fields: dict[str, Any] = {
            "category": first(lambda t: t == "outcome category"),
            "detail": first(lambda t: t == "outcome detail"),
            "code": first(lambda t: t in ("cost code", "code")),
            "description": first(lambda t: t.startswith("cost/saving detail")),
            "unit": first(lambda t: t == "unit"),
            "source": first(lambda t: t.startswith("original source")),
            "rag": first(lambda t: t.startswith("rag")),
        }
        agency = first(lambda t: t.startswith("agency"))
        if agency is not None:
            fields["agency"] = agency
            levels = [c for c in range(agency, min(agency + 2, width))
                      if lower[c].startswith("level")]
            fields["agency_detail"] = agency + 1 if len(levels) == 2 else None
        values: dict[str, tuple[int, int, int | None]] = {}
        starts = [c for c, t in enumerate(upper)
                  if re.fullmatch(r"(fiscal|economic|social) (value|cost)s?", t)]
        for n, start in enumerate(starts):
            kind = upper[start].split()[0]
            end = starts[n + 1] if n + 1 < len(starts) else min(start + 3, width)
            group = range(start, end)
            estimate = next((c for c in group if lower[c].startswith("estimated")), None)
            year = next((c for c in group if lower[c] in ("year", "price year")), None)
            updated = next((c for c in group if lower[c].startswith("updated")), None)
            if estimate is not None and year is not None and kind not in values:
                values[kind] = (estimate, year, updated)
        missing = [name for name in ("code", "description", "unit") if fields[name] is None]
        if not values:
            missing.append("a fiscal, economic or social value with estimated cost and year")
        if missing:
            found = [t for t in (*upper, *lower) if t]
            msg = (f"has headers this reader cannot place (missing: {', '.join(missing)}); "
                   f"found: {'; '.join(found) or 'none'}; expected: "
                   f"{'; '.join(cls.EXPECTED)}")
            raise ValidationError.single(where, msg)
        return cls(values=values, **fields)

    @property
    def width(self) -> int:
        """One past the last column used."""
        used = [v for v in attrs.asdict(self, recurse=False).values() if isinstance(v, int)]
        used += [c for triple in self.values.values() for c in triple if c is not None]
        return max(used) + 1


#: The columns of a v1.2 thematic sheet (and of the third-party CSV extract), for CSV
#: files without header rows.
V12_COLUMNS = UcdColumns(category=0, detail=1, code=2, description=3, agency=4,
                         agency_detail=5, unit=6, values={"fiscal": (7, 8, 9)}, source=10,
                         rag=11)


def _find_header(table: Sequence[Sequence[Any]], where: str) -> tuple[UcdColumns, int]:
    """The columns of a sheet and the index of its first data row."""
    for r in range(min(len(table) - 1, 5)):
        if any(_key(v) == "cost code" for v in table[r]):
            return UcdColumns.find(table[r], table[r + 1], where), r + 2
    top = table[0] if table else ()
    return UcdColumns.find(top, table[1] if len(table) > 1 else (), where), 2


def _read_lookups(book: _Book, edition: str) -> tuple[DeflatorSeries, int]:
    sheet = book.sheets["Lookups"]
    target_at = year_at = None
    for r, row in enumerate(sheet[:40]):
        for c, value in enumerate(row):
            text = _key(value)
            if text == "current year" and target_at is None:
                target_at = (r, c)
            if text == "year" and year_at is None and _key(book.cell("Lookups", r, c + 1)
                                                          ).startswith("% change"):
                year_at = (r, c)
    if target_at is None or year_at is None:
        msg = ("must hold a 'Current Year' cell and a GDP deflator table headed 'Year', "
               "'% change on previous year' … 'GDP cumulative'")
        raise ValidationError.single(path="Lookups", message=msg)
    below = [book.cell("Lookups", target_at[0] + k, target_at[1]) for k in range(1, 4)]
    target = next((y for y in map(parse_financial_year, below) if y is not None), None)
    if target is None:
        msg = "must hold the target financial year (such as 2014/15) below 'Current Year'"
        raise ValidationError.single(path="Lookups", message=msg,
                                     value=next((v for v in below if _text(v)), ""))
    header, year_col = year_at
    index_col = next((c for c in range(year_col + 1, year_col + 6)
                      if _key(book.cell("Lookups", header, c)).startswith("gdp cumulative")),
                     year_col + 3)
    values: dict[int, float] = {}
    forecast: set[int] = set()
    for r in range(header + 1, len(sheet)):
        fy = parse_financial_year(book.cell("Lookups", r, year_col))
        change = _number(book.cell("Lookups", r, year_col + 1))
        index = _number(book.cell("Lookups", r, index_col))
        if fy is None:
            if values:
                break
            continue
        if r > header + 1 and change is None:
            break  # the table runs on with flat, unfilled years: stop at the last real one
        if index is not None and index > 0:
            values[fy] = index
            if _key(book.cell("Lookups", r, year_col - 1)) == "f":
                forecast.add(fy)
    label = edition or "workbook"
    series = DeflatorSeries(
        name=f"ucd-{label}-workbook",
        values=values,
        source=f"GDP deflator table of the Unit Cost Database {label} workbook (Lookups "
               "sheet)",
        note="1989/90 = 100; years marked 'f' in the workbook are forecasts",
        forecast=forecast,
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


def _read_rows(table: Sequence[Sequence[Any]], name: str, first: int, columns: UcdColumns,
               rows: list[UcdRow], problems: list[Problem]) -> None:
    width = columns.width
    for r in range(first, len(table)):
        values = list(table[r]) + [""] * max(0, width - len(table[r]))
        where = f"{name}!row {r + 1}"
        if any(_text(v).lower().startswith(_END_MARKER) for v in values[:3]):
            break
        if not any(_text(v) for v in values[:width]):
            continue  # an empty row carries nothing to lose
        read = _read_row(values, columns, name, r + 1, problems)
        if read is not None:
            rows.append(read)
        elif not problems or not problems[-1].path.startswith(where):
            problems.append(Problem(where, "not read: not a unit cost row", values[:10]))


def _statements_from_comments(book: _Book, sheets: Sequence[str],
                              columns: Mapping[str, UcdColumns],
                              rows: Sequence[UcdRow], edition: str) -> list[TransferStatement]:
    found = []
    at = {(row.sheet, row.row - 1): row for row in rows}
    for (sheet, r, c), text in sorted(book.comments.items()):
        if sheet not in sheets or (sheet, r) not in at:
            continue
        if c != columns[sheet].values.get("fiscal", (-1, -1, None))[0]:
            continue
        is_transfer, amount = parse_transfer_comment(text)
        if is_transfer:
            found.append(TransferStatement(
                code=at[(sheet, r)].cost.code, amount=amount,
                source=f"Unit Cost Database {edition}, comment on the fiscal value of "
                       f"{sheet}!row {r + 1}".replace("  ", " ")))
    return found


def read_ucd_workbook(
    path: str | os.PathLike[str], *, sheets: Sequence[str] = THEMATIC_SHEETS
) -> UcdWorkbook:
    """Read the unit costs and deflator table of a Unit Cost Database workbook, ``.xls``
    or ``.xlsx``, of any edition of the v1.x layout family (v1.2, v1.4 …).

    Transfer payments are taken from the comments on the fiscal value cells (v1.4); a
    workbook without such comments (v1.2) takes those v1.4 states for the same codes.

    Raises
    ------
    placebudget.errors.ValidationError
        The file is not a readable workbook, lacks the expected sheets, has a sheet whose
        headers cannot be placed, or holds no cost lines.
    """
    path = Path(path)
    book = _Book.open(path)
    missing = [s for s in (*sheets, "Lookups") if s not in book.sheets]
    if missing:
        msg = f"lacks the sheets {', '.join(missing)}"
        raise ValidationError.single(str(path), msg, path.name)
    edition = book.edition()
    deflators, target = _read_lookups(book, edition)
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    columns: dict[str, UcdColumns] = {}
    header_problems: list[Problem] = []
    for name in sheets:
        try:
            columns[name], first = _find_header(book.sheets[name], f"{path.name}!{name}")
        except ValidationError as exc:
            header_problems.extend(exc.problems)
            continue
        _read_rows(book.sheets[name], name, first, columns[name], rows, problems)
    if header_problems:
        raise ValidationError(header_problems, context=f"cannot read {path}")
    statements = _statements_from_comments(book, sheets, columns, rows, edition)
    return _finish(path, rows, problems, deflators, target, edition,
                   statements if statements else list(transfer_statements()))


def _finish(path: Path, rows: list[UcdRow], problems: list[Problem],
            deflators: DeflatorSeries | None, target: int | None, edition: str,
            statements: list[TransferStatement]) -> UcdWorkbook:
    if not rows:
        msg = "holds no unit cost lines (a database with nothing in it cannot be used)"
        raise ValidationError([Problem(str(path), msg, path.name), *problems[:5]])
    costs = apply_transfers(with_structure(r.cost for r in rows), statements,
                            name=path.name)
    placed = tuple(attrs.evolve(r, cost=c) for r, c in zip(rows, costs, strict=True))
    return UcdWorkbook(rows=placed, deflators=deflators, target_year=target,
                       problems=tuple(problems), edition=edition,
                       transfers=tuple(statements))


def read_ucd_xls(
    path: str | os.PathLike[str], *, sheets: Sequence[str] = THEMATIC_SHEETS
) -> UcdWorkbook:
    """Read a Unit Cost Database ``.xls`` workbook (see :func:`read_ucd_workbook`)."""
    return read_ucd_workbook(path, sheets=sheets)


def read_ucd_csv(path: str | os.PathLike[str]) -> UcdWorkbook:
    """Read unit costs from a CSV file laid out like a thematic sheet: with its two header
    rows (any edition; columns found by header text), or without headers in the v1.2
    column order (category, detail, code, description, agency, agency detail, unit, cost,
    price year, updated cost, source, RAG, then anything) — such as the third-party
    ``csv-extract-*.csv`` files, whose figures are text like ``" £648 "`` and whose
    descriptions hold line breaks.

    Rows that cannot be read are reported with their row number, never dropped silently.

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be read as CSV text, its headers cannot be placed, or no row at
        all is a unit cost.
    """
    import csv

    path = check_input_file(path, field=str(path))
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
    headed = any(_key(v) == "cost code" for row in table[:5] for v in row)
    if headed:
        columns, first = _find_header(table, path.name)
    else:
        columns, first = V12_COLUMNS, 0
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    needed = columns.width
    for r, record in enumerate(table):
        if r >= first and any(_text(v) for v in record) and len(record) < needed:
            problems.append(Problem(f"{path.name}!row {r + 1}",
                                    f"not read: {len(record)} columns, expected at least "
                                    f"{needed}", record[:6]))
            table[r] = []
    _read_rows(table, path.name, first, columns, rows, problems)
    if not rows:
        msg = ("holds no unit cost rows (columns: category, detail, code, description, "
               "agency, agency detail, unit, cost, price year, updated, source, RAG)")
        raise ValidationError([Problem(str(path), msg, path.name), *problems[:5]])
    return _finish(path, rows, problems, None, None, "", list(transfer_statements()))


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _cell(values: Sequence[Any], column: int | None) -> Any:
    return "" if column is None else values[column]


def _read_row(values: list[Any], columns: UcdColumns, sheet: str, row: int,
              problems: list[Problem]) -> UcdRow | None:
    where = f"{sheet}!row {row}"
    code = _text(values[columns.code])
    if not code:
        problems.append(Problem(where, "not read: no cost code (a total or note row)",
                                [v for v in values[:10] if _text(v)]))
        return None
    unit_text = _text(values[columns.unit])
    unit = ucd_unit(unit_text)
    reasons = []
    if unit is None:
        reasons.append(f"unit {unit_text!r} is not one placebudget knows")
    read: dict[str, tuple[float, int]] = {}
    updated: dict[str, float] = {}
    for kind in _KINDS:
        if kind not in columns.values:
            continue
        estimate_col, year_col, updated_col = columns.values[kind]
        estimate, year_text = values[estimate_col], values[year_col]
        if not _text(estimate) and not _text(year_text):
            continue  # the line has no value of this kind
        value = _number(estimate)
        price_year = parse_financial_year(year_text)
        if value is None:
            reasons.append(f"{kind} cost {estimate!r} is not a number")
        if price_year is None:
            reasons.append(f"{kind} price year {year_text!r} is not a financial year such "
                           "as 2002/03")
        if value is not None and price_year is not None:
            read[kind] = (value, price_year)
            cached = _number(_cell(values, updated_col))
            if cached is not None:
                updated[kind] = cached
    if not read and not reasons:
        reasons.append("no fiscal, economic or social value")
    if reasons:
        problems.append(Problem(f"{where} ({code})", "not read: " + "; ".join(reasons)))
        return None
    rag = _text(_cell(values, columns.rag)).upper() or None
    priced = {kind: PricedAmount(amount=ureg.Quantity(value, f"GBP / ({unit})"),
                                 price_year=year) for kind, (value, year) in read.items()}
    try:
        cost = _unit_cost(code, values, columns, unit_text, rag, priced)
    except ValidationError as exc:
        problems.append(Problem(f"{where} ({code})", "not read: " + "; ".join(
            f"{p.path}: {p.message}" for p in exc.problems)))
        return None
    return UcdRow(cost=cost, sheet=sheet, row=row, updated_values=updated)


def _unit_cost(code: str, values: list[Any], columns: UcdColumns, unit_text: str,
               rag: str | None, priced: dict[str, PricedAmount]) -> UnitCost:
    return UnitCost(
        code=code,
        description=_text(values[columns.description]),
        unit_text=unit_text,
        agency=_text(_cell(values, columns.agency)),
        agency_detail=_text(_cell(values, columns.agency_detail)),
        rag=rag if rag in {"R", "A", "G"} else None,
        source=_text(_cell(values, columns.source)),
        category=_text(_cell(values, columns.category)),
        detail=_text(_cell(values, columns.detail)),
        fiscal=priced.get("fiscal"),
        economic=priced.get("economic"),
        social=priced.get("social"),
    )
