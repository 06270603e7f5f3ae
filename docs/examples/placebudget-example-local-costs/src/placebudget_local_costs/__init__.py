"""An area's own unit costs, read from an Excel workbook in a simple layout.

The workbook has a sheet ``Unit costs`` whose first row names the columns (in any order;
other columns are ignored) and whose other rows are one cost each:

============  ==========================================================================
column        what it holds
============  ==========================================================================
Code          the code cases refer to (``"ucd:<Code>"``); unique
Description   what the cost is
Agency        who bears the cost or makes the saving
Cost          money per unit, in pounds
Per           the unit, as placebudget names it (``incident``, ``person_year``, …)
Price year    financial year of the prices: ``2015/16`` or ``2015``
Value type    ``fiscal``, ``economic`` or ``social`` (blank: fiscal)
Source        where the figure comes from
============  ==========================================================================

Every row that cannot be read is reported with its row number and column; none is
skipped except rows that are entirely blank.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs

import placebudget as pb
from placebudget.errors import Problem, ValidationError
from placebudget.io import sheet_rows
from placebudget.io.ucd import parse_financial_year
from placebudget.model import VALUE_TYPES, PricedAmount, UnitCost
from placebudget.plugin import ImporterSpec
from placebudget.reference import UnitCostDatabase

__all__ = ["COLUMNS", "SHEET", "placebudget_importers", "read_local_costs"]

#: The sheet the costs are on.
SHEET = "Unit costs"
#: Column heading → UnitCost field; every column is required except "Value type".
COLUMNS = {
    "Code": "code",
    "Description": "description",
    "Agency": "agency",
    "Cost": "cost",
    "Per": "per",
    "Price year": "price_year",
    "Value type": "value_type",
    "Source": "source",
}


_HEADINGS = {field: column for column, field in COLUMNS.items()} | {
    "value": "Cost",
    "amount": "Cost and Per",
    "unit_text": "Per",
}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _year(value: Any) -> Any:
    """A financial year from ``2015``, ``"2015"`` or ``"2015/16"``; anything else is
    returned as it is, for the model to refuse with the value shown."""
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = _text(value)
    parsed = parse_financial_year(text)
    if parsed is not None:
        return parsed
    return int(text) if text.isdigit() else value


def read_local_costs(path: str | os.PathLike[str], *, sheet: str = SHEET) -> UnitCostDatabase:
    """Read the workbook at ``path`` into a unit cost database named after the file.

    Raises
    ------
    placebudget.errors.ValidationError
        The file is not a workbook, the sheet or a column is missing, or rows are invalid
        — every problem, each with its row.
    """
    path = Path(path)
    rows = sheet_rows(path, sheet)
    header = [_text(v) for v in rows[0]] if rows else []
    missing = [c for c in COLUMNS if c != "Value type" and c not in header]
    if missing:
        msg = f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        raise ValidationError.single(path=f"{sheet}!row 1", message=msg, value=header)
    where = {field: header.index(column) for column, field in COLUMNS.items() if column in header}
    costs: list[UnitCost] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        cells = {field: row[i] if i < len(row) else None for field, i in where.items()}
        location = f"{sheet}!row {number}"
        cost = cells["cost"]
        if isinstance(cost, bool) or not isinstance(cost, int | float):
            problems.append(Problem(f"{location}.Cost", "must be a number of pounds", cost))
            continue
        kind = _text(cells.get("value_type")) or "fiscal"
        try:
            value = PricedAmount(
                amount=f"{cost} GBP/{_text(cells['per'])}", price_year=_year(cells["price_year"])
            )
        except ValidationError as exc:
            problems.extend(
                attrs.evolve(p, path=f"{location}.{_HEADINGS.get(p.path, p.path)}")
                for p in exc.problems
            )
            value = None
        if kind not in VALUE_TYPES:
            problems.append(
                Problem(f"{location}.Value type", f"must be one of {', '.join(VALUE_TYPES)}", kind)
            )
        if value is None or kind not in VALUE_TYPES:
            continue
        try:
            costs.append(
                UnitCost(
                    code=_text(cells["code"]),
                    description=_text(cells["description"]),
                    agency=_text(cells["agency"]),
                    source=_text(cells["source"]),
                    unit_text=f"Per {_text(cells['per'])}",
                    fiscal=value if kind == "fiscal" else None,
                    economic=value if kind == "economic" else None,
                    social=value if kind == "social" else None,
                )
            )
        except ValidationError as exc:
            # name the column as the sheet heads it, not the model's field
            problems.extend(
                attrs.evolve(p, path=f"{location}.{_HEADINGS.get(p.path, p.path)}")
                for p in exc.problems
            )
    if problems:
        raise ValidationError(problems, context=f"cannot read unit costs from {path.name}")
    if not costs:
        raise ValidationError.single(path=sheet, message="has no unit costs")
    return UnitCostDatabase.from_records(
        f"local:{path.name}", costs, source=f"{path.name}, sheet {sheet!r}"
    )


def _load(path: str | os.PathLike[str], **options: Any) -> UnitCostDatabase:
    return read_local_costs(path, **options)


@pb.hookimpl
def placebudget_importers() -> list[ImporterSpec]:
    """The local unit costs importer."""
    return [
        ImporterSpec(
            name="local-costs",
            kind="unit_costs",
            suffixes=(".xlsx",),
            load=_load,
            description=f"An area's own unit costs: sheet {SHEET!r}, one row per cost.",
        )
    ]
