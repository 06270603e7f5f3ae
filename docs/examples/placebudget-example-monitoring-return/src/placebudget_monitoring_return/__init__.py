"""Actual results from a quarterly monitoring return.

The workbook's sheet ``Quarterly return`` has a header row and one row per quarter and
group:

- ``Quarter``: the financial year and quarter, ``2024/25 Q1`` (Q1 is April to June);
- ``Group``: ``participants`` or ``comparison``;
- ``People``: people (or households) observed in that group that quarter;
- one column per outcome, headed by the case's outcome id: the count observed;
- one column per partner's cost, headed ``Cost: <partner id>``: money spent that quarter.

Blank cells are "not reported", never zero. Every other problem is reported with its row
and column.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import placebudget as pb
from placebudget.errors import Problem, ValidationError
from placebudget.io import sheet_rows
from placebudget.model import Actuals, Observation
from placebudget.plugin import ImporterSpec

__all__ = ["SHEET", "placebudget_importers", "read_monitoring_return"]

#: The sheet the return is on.
SHEET = "Quarterly return"
_QUARTER = re.compile(r"^(\d{4})/(\d{2})\s*Q([1-4])$")
_COST = re.compile(r"^Cost:\s*(\S+)$")


def _quarter(text: str) -> tuple[int, int] | None:
    """``"2024/25 Q2"`` → (2024, 4): the financial year and its first month (1 = April)."""
    match = _QUARTER.match(text.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return None
    return int(match[1]), 1 + 3 * (int(match[3]) - 1)


def read_monitoring_return(path: str | os.PathLike[str], *, sheet: str = SHEET) -> Actuals:
    """Read the monitoring return at ``path``.

    Raises
    ------
    placebudget.errors.ValidationError
        Not a workbook, no such sheet, a missing column, or invalid cells — every problem,
        each with its row and column.
    """
    path = Path(path)
    rows = sheet_rows(path, sheet)
    header = ["" if v is None else str(v).strip() for v in (rows[0] if rows else ())]
    missing = [c for c in ("Quarter", "Group", "People") if c not in header]
    if missing:
        msg = f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        raise ValidationError.single(path=f"{sheet}!row 1", message=msg, value=header)
    source = f"{path.name}, sheet {sheet!r}"
    observations: list[Observation] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        cells: dict[str, Any] = dict(zip(header, row, strict=False))
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        where = f"{sheet}!row {number}"
        period = _quarter(str(cells["Quarter"] or ""))
        if period is None:
            problems.append(
                Problem(
                    f"{where}.Quarter",
                    "must be a financial year and quarter such as '2024/25 Q1'",
                    cells["Quarter"],
                )
            )
            continue
        year, start_month = period
        for column, value in cells.items():
            if (
                column in ("Quarter", "Group")
                or not column
                or value is None
                or str(value).strip() == ""
            ):
                continue
            cost = _COST.match(column)
            measure, outcome, partner = (
                ("people", None, None)
                if column == "People"
                else ("cost", None, cost[1])
                if cost
                else ("count", column, None)
            )
            try:
                observations.append(
                    Observation(
                        year=year,
                        start_month=start_month,
                        months=3,
                        group=str(cells["Group"] or "").strip(),
                        measure=measure,
                        outcome=outcome,
                        partner=partner,
                        value=value,
                        source=source,
                    )
                )
            except ValidationError as exc:
                problems.extend(p.prefixed(f"{where}.{column}") for p in exc.problems)
    if problems:
        raise ValidationError(problems, context=f"cannot read the return {path.name}")
    try:
        return Actuals(observations=observations, description=source)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"cannot read the return {path.name}") from exc


def _load(path: str | os.PathLike[str], **options: Any) -> Actuals:
    return read_monitoring_return(path, **options)


@pb.hookimpl
def placebudget_importers() -> list[ImporterSpec]:
    """The monitoring return importer."""
    return [
        ImporterSpec(
            name="monitoring-return",
            kind="actuals",
            suffixes=(".xlsx",),
            load=_load,
            description=f"A quarterly monitoring return: sheet {SHEET!r}, a row per quarter "
            "and group.",
        )
    ]
