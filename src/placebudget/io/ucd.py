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

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.io._ucd_book import Book, cell_text, header_key, parse_financial_year, read_lookups
from placebudget.io._ucd_rows import V12_COLUMNS, UcdColumns, UcdRow, find_header, read_rows
from placebudget.io._workbooks import csv_rows
from placebudget.io.limits import MAX_UNIT_COST_ROWS
from placebudget.model import DeflatorSeries
from placebudget.reference.unit_costs import (
    TransferStatement,
    UnitCostDatabase,
    apply_transfers,
    transfer_statements,
    with_structure,
)

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

_TRANSFER = re.compile(
    r"the\s+(?:£\s*(?P<amount>[\d,]+(?:\.\d+)?)\s+)?fiscal\s+(?:benefit|value|saving)s?"
    r"[^.]*?should\s+be\s+excluded[^.]*?transfer\s+payment",
    re.IGNORECASE | re.DOTALL,
)


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
        database = UnitCostDatabase.from_records(
            name, with_structure(numbered.values()), source=source
        )
        own = None
        if self.deflators is not None:  # selectable as deflators = "<name>"
            note = (
                f"the workbook's own table (Lookups sheet) of {source}; "
                f"{self.deflators.note}".rstrip("; ")
            )
            own = attrs.evolve(self.deflators, name=name, note=note)
        return attrs.evolve(database, not_read=tuple(self.problems), deflators=own)


def _statements_from_comments(
    book: Book,
    sheets: Sequence[str],
    columns: Mapping[str, UcdColumns],
    rows: Sequence[UcdRow],
    edition: str,
) -> list[TransferStatement]:
    found = []
    at = {(row.sheet, row.row - 1): row for row in rows}
    for (sheet, r, c), text in sorted(book.comments.items()):
        if sheet not in sheets or (sheet, r) not in at:
            continue
        if c != columns[sheet].values.get("fiscal", (-1, -1, None))[0]:
            continue
        is_transfer, amount = parse_transfer_comment(text)
        if is_transfer:
            found.append(
                TransferStatement(
                    code=at[(sheet, r)].cost.code,
                    amount=amount,
                    source=f"Unit Cost Database {edition}, comment on the fiscal value of "
                    f"{sheet}!row {r + 1}".replace("  ", " "),
                )
            )
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
    book = Book.open(path)
    missing = [s for s in (*sheets, "Lookups") if s not in book.sheets]
    if missing:
        msg = f"lacks the sheets {', '.join(missing)}"
        raise ValidationError.single(str(path), msg, path.name)
    edition = book.edition()
    deflators, target = read_lookups(book, edition)
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    columns: dict[str, UcdColumns] = {}
    header_problems: list[Problem] = []
    for name in sheets:
        try:
            columns[name], first = find_header(book.sheets[name], f"{path.name}!{name}")
        except ValidationError as exc:
            header_problems.extend(exc.problems)
            continue
        read_rows(book.sheets[name], name, first, columns[name], rows, problems)
    if header_problems:
        raise ValidationError(header_problems, context=f"cannot read {path}")
    statements = _statements_from_comments(book, sheets, columns, rows, edition)
    return _finish(
        path,
        rows,
        problems,
        deflators,
        target,
        edition,
        statements if statements else list(transfer_statements()),
    )


def _finish(
    path: Path,
    rows: list[UcdRow],
    problems: list[Problem],
    deflators: DeflatorSeries | None,
    target: int | None,
    edition: str,
    statements: list[TransferStatement],
) -> UcdWorkbook:
    if not rows:
        msg = "holds no unit cost lines (a database with nothing in it cannot be used)"
        raise ValidationError([Problem(str(path), msg, path.name), *problems[:5]])
    costs = apply_transfers(with_structure(r.cost for r in rows), statements, name=path.name)
    placed = tuple(attrs.evolve(r, cost=c) for r, c in zip(rows, costs, strict=True))
    return UcdWorkbook(
        rows=placed,
        deflators=deflators,
        target_year=target,
        problems=tuple(problems),
        edition=edition,
        transfers=tuple(statements),
    )


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

    The file is read row by row within
    :data:`~placebudget.io.limits.MAX_UNIT_COST_ROWS` rows (and the other limits of
    :mod:`placebudget.io.limits`), refused as soon as it passes one.

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be read as CSV text, is over a limit, its headers cannot be
        placed, or no row at all is a unit cost.
    """
    path = Path(path)
    table: list[list[Any]] = list(
        csv_rows(
            path,
            max_rows=MAX_UNIT_COST_ROWS,
            encodings=(("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")),
            strict=True,
        )
    )
    headed = any(header_key(v) == "cost code" for row in table[:5] for v in row)
    if headed:
        columns, first = find_header(table, path.name)
    else:
        columns, first = V12_COLUMNS, 0
    rows: list[UcdRow] = []
    problems: list[Problem] = []
    needed = columns.width
    for r, record in enumerate(table):
        if r >= first and any(cell_text(v) for v in record) and len(record) < needed:
            problems.append(
                Problem(
                    f"{path.name}!row {r + 1}",
                    f"not read: {len(record)} columns, expected at least {needed}",
                    record[:6],
                )
            )
            table[r] = []
    read_rows(table, path.name, first, columns, rows, problems)
    if not rows:
        msg = (
            "holds no unit cost rows (columns: category, detail, code, description, "
            "agency, agency detail, unit, cost, price year, updated, source, RAG)"
        )
        raise ValidationError([Problem(str(path), msg, path.name), *problems[:5]])
    return _finish(path, rows, problems, None, None, "", list(transfer_statements()))
