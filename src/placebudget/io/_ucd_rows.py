"""The rows of a Unit Cost Database thematic sheet: where each field is (found from the
header rows' text, never by position) and each row read into a unit cost record, or
reported with its sheet and row number (see :mod:`placebudget.io.ucd`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.io._ucd_book import cell_number, cell_text, header_key, parse_financial_year
from placebudget.model import PricedAmount, UnitCost
from placebudget.reference.unit_costs import ucd_unit
from placebudget.units import ureg

__all__ = [
    "END_MARKER",
    "V12_COLUMNS",
    "VALUE_KINDS",
    "UcdColumns",
    "UcdRow",
    "find_header",
    "read_rows",
]

#: What the first cells of the row after a sheet's last cost line start with.
END_MARKER = "do not delete rows"
#: The kinds of value a line can have.
VALUE_KINDS = ("fiscal", "economic", "social")


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
    EXPECTED = (
        "outcome category",
        "outcome detail",
        "cost code",
        "cost/saving detail",
        "unit",
        "agency bearing the cost/making the saving (level 1, level 2)",
        "fiscal, economic or social value (estimated cost/saving, year, updated cost/saving)",
        "original source",
        "rag assessment",
    )

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
        upper = [header_key(top[c]) if c < len(top) else "" for c in range(width)]
        lower = [header_key(second[c]) if c < len(second) else "" for c in range(width)]

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
            levels = [
                c for c in range(agency, min(agency + 2, width)) if lower[c].startswith("level")
            ]
            fields["agency_detail"] = agency + 1 if len(levels) == 2 else None
        values: dict[str, tuple[int, int, int | None]] = {}
        starts = [
            c
            for c, t in enumerate(upper)
            if re.fullmatch(r"(fiscal|economic|social) (value|cost)s?", t)
        ]
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
            msg = (
                f"has headers this reader cannot place (missing: {', '.join(missing)}); "
                f"found: {'; '.join(found) or 'none'}; expected: "
                f"{'; '.join(cls.EXPECTED)}"
            )
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
V12_COLUMNS = UcdColumns(
    category=0,
    detail=1,
    code=2,
    description=3,
    agency=4,
    agency_detail=5,
    unit=6,
    values={"fiscal": (7, 8, 9)},
    source=10,
    rag=11,
)


def find_header(table: Sequence[Sequence[Any]], where: str) -> tuple[UcdColumns, int]:
    """The columns of a sheet and the index of its first data row."""
    for r in range(min(len(table) - 1, 5)):
        if any(header_key(v) == "cost code" for v in table[r]):
            return UcdColumns.find(table[r], table[r + 1], where), r + 2
    top = table[0] if table else ()
    return UcdColumns.find(top, table[1] if len(table) > 1 else (), where), 2


def read_rows(
    table: Sequence[Sequence[Any]],
    name: str,
    first: int,
    columns: UcdColumns,
    rows: list[UcdRow],
    problems: list[Problem],
) -> None:
    """Read the unit cost rows of a sheet's ``table`` from row ``first`` into ``rows``,
    those it cannot read into ``problems`` (with the sheet ``name`` and row number)."""
    width = columns.width
    for r in range(first, len(table)):
        values = list(table[r]) + [""] * max(0, width - len(table[r]))
        where = f"{name}!row {r + 1}"
        if any(cell_text(v).lower().startswith(END_MARKER) for v in values[:3]):
            break
        if not any(cell_text(v) for v in values[:width]):
            continue  # an empty row carries nothing to lose
        read = _read_row(values, columns, name, r + 1, problems)
        if read is not None:
            rows.append(read)
        elif not problems or not problems[-1].path.startswith(where):
            problems.append(Problem(where, "not read: not a unit cost row", values[:10]))


def _cell(values: Sequence[Any], column: int | None) -> Any:
    return "" if column is None else values[column]


def _read_row(
    values: list[Any], columns: UcdColumns, sheet: str, row: int, problems: list[Problem]
) -> UcdRow | None:
    where = f"{sheet}!row {row}"
    code = cell_text(values[columns.code])
    if not code:
        problems.append(
            Problem(
                where,
                "not read: no cost code (a total or note row)",
                [v for v in values[:10] if cell_text(v)],
            )
        )
        return None
    unit_text = cell_text(values[columns.unit])
    unit = ucd_unit(unit_text)
    reasons = []
    if unit is None:
        reasons.append(f"unit {unit_text!r} is not one placebudget knows")
    read: dict[str, tuple[float, int]] = {}
    updated: dict[str, float] = {}
    for kind in VALUE_KINDS:
        if kind not in columns.values:
            continue
        estimate_col, year_col, updated_col = columns.values[kind]
        estimate, year_text = values[estimate_col], values[year_col]
        if not cell_text(estimate) and not cell_text(year_text):
            continue  # the line has no value of this kind
        value = cell_number(estimate)
        price_year = parse_financial_year(year_text)
        if value is None:
            reasons.append(f"{kind} cost {estimate!r} is not a number")
        if price_year is None:
            reasons.append(
                f"{kind} price year {year_text!r} is not a financial year such as 2002/03"
            )
        if value is not None and price_year is not None:
            read[kind] = (value, price_year)
            cached = cell_number(_cell(values, updated_col))
            if cached is not None:
                updated[kind] = cached
    if not read and not reasons:
        reasons.append("no fiscal, economic or social value")
    if reasons:
        problems.append(Problem(f"{where} ({code})", "not read: " + "; ".join(reasons)))
        return None
    rag = cell_text(_cell(values, columns.rag)).upper() or None
    priced = {
        kind: PricedAmount(amount=ureg.Quantity(value, f"GBP / ({unit})"), price_year=year)
        for kind, (value, year) in read.items()
    }
    try:
        cost = _unit_cost(code, values, columns, unit_text, rag, priced)
    except ValidationError as exc:
        problems.append(
            Problem(
                f"{where} ({code})",
                "not read: " + "; ".join(f"{p.path}: {p.message}" for p in exc.problems),
            )
        )
        return None
    return UcdRow(cost=cost, sheet=sheet, row=row, updated_values=updated)


def _unit_cost(
    code: str,
    values: list[Any],
    columns: UcdColumns,
    unit_text: str,
    rag: str | None,
    priced: dict[str, PricedAmount],
) -> UnitCost:
    return UnitCost(
        code=code,
        description=cell_text(values[columns.description]),
        unit_text=unit_text,
        agency=cell_text(_cell(values, columns.agency)),
        agency_detail=cell_text(_cell(values, columns.agency_detail)),
        rag=rag if rag in {"R", "A", "G"} else None,
        source=cell_text(_cell(values, columns.source)),
        category=cell_text(_cell(values, columns.category)),
        detail=cell_text(_cell(values, columns.detail)),
        fiscal=priced.get("fiscal"),
        economic=priced.get("economic"),
        social=priced.get("social"),
    )
