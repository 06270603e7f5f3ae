"""Reading observed results (actuals) from CSV or Excel.

One row per figure, with the columns ``year``, ``start_month`` (optional, 1 = April),
``months`` (optional, 12 when blank), ``group`` (``participants`` or ``comparison``),
``measure`` (``people``, ``count`` or ``cost``), ``outcome``, ``partner``, ``value`` and
``source`` (optional). In Excel the first sheet holds the table.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "actuals.csv"
>>> _ = path.write_text("year,months,group,measure,outcome,partner,value\\n"
...                     "2013,6,participants,people,,,150\\n")
>>> load_actuals(path).observations[0].period
'2013/14 months 1-6'
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from placebudget.errors import Problem, ValidationError
from placebudget.io._workbooks import table_rows
from placebudget.model import Actuals, Observation

__all__ = ["ACTUALS_COLUMNS", "MAX_ACTUALS", "load_actuals", "write_actuals_csv"]

#: Most figures (rows below the header) an actuals table may have.
MAX_ACTUALS = 50_000
#: Most overlapping figures reported before the rest are left unsaid.
_SHOWN = 20

#: Columns of an actuals table, in order; ``start_month``, ``months`` and ``source`` may
#: be left out.
ACTUALS_COLUMNS: tuple[str, ...] = (
    "year",
    "start_month",
    "months",
    "group",
    "measure",
    "outcome",
    "partner",
    "value",
    "source",
)
_REQUIRED = ("year", "group", "measure", "value")
_POSITION = re.compile(r"observations\[(\d+)\]")


def _rows(path: Path) -> tuple[list[str], list[list[Any]]]:
    rows = table_rows(path, max_rows=MAX_ACTUALS + 1)  # the header and the figures
    if not rows:
        raise ValidationError.single(path=str(path), message="is empty", value=path.name)
    return [str(h or "").strip().lower() for h in rows[0]], rows[1:]


def _number(value: Any, kind: type) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = value.strip()
        try:
            return kind(float(value)) if kind is int and float(value).is_integer() else kind(value)
        except ValueError:
            return value  # the model reports it with its field name
    return int(value) if kind is int and float(value).is_integer() else value


def _observations(header: Sequence[str], rows: Iterable[Sequence[Any]], name: str) -> Actuals:
    problems: list[Problem] = []
    unknown = [h for h in header if h and h not in ACTUALS_COLUMNS]
    missing = [c for c in _REQUIRED if c not in header]
    if unknown or missing:
        if unknown:
            problems.append(
                Problem(
                    f"{name}!row 1",
                    f"has unknown columns (allowed: {', '.join(ACTUALS_COLUMNS)})",
                    unknown,
                )
            )
        if missing:
            problems.append(Problem(f"{name}!row 1", "lacks the columns", missing))
        raise ValidationError(problems, context=f"invalid actuals {name}")
    observations: list[Observation] = []
    rows_of: list[int] = []
    for number, row in enumerate(rows, start=2):
        cells = dict(zip(header, list(row) + [None] * (len(header) - len(row)), strict=False))
        if not any(str(v).strip() for v in cells.values() if v is not None):
            continue
        fields: dict[str, Any] = {
            "year": _number(cells.get("year"), int),
            "group": str(cells.get("group") or "").strip(),
            "measure": str(cells.get("measure") or "").strip(),
            "value": _number(cells.get("value"), float),
        }
        for optional, kind in (("start_month", int), ("months", int)):
            value = _number(cells.get(optional), kind)
            if value is not None:
                fields[optional] = value
        for text in ("outcome", "partner", "source"):
            value = str(cells.get(text) or "").strip()
            if value:
                fields[text] = value
        try:
            observations.append(Observation(**fields))
            rows_of.append(number)
        except ValidationError as exc:
            problems.extend(p.prefixed(f"{name}!row {number}") for p in exc.problems)
    if problems:
        raise ValidationError(problems, context=f"invalid actuals {name}")
    overlapping = _overlaps(observations, rows_of, name)
    if overlapping:
        raise ValidationError(overlapping, context=f"invalid actuals {name}")
    try:
        return Actuals(observations=observations, description=f"read from {name}")
    except ValidationError as exc:
        # point overlaps at file rows rather than list positions
        def row_of(match: re.Match[str]) -> str:
            return f"row {int(match.group(1)) + 2}"

        located = [
            Problem(
                f"{name}!{_POSITION.sub(row_of, p.path)}", _POSITION.sub(row_of, p.message), p.value
            )
            for p in exc.problems
        ]
        raise ValidationError(located, context=f"invalid actuals {name}") from exc


def _overlaps(observations: Sequence[Observation], rows: Sequence[int], name: str) -> list[Problem]:
    """The figures whose period overlaps an earlier one of the same group, measure,
    outcome and partner, found by sorting (not by comparing every pair), at most
    :data:`_SHOWN` of them."""
    periods: dict[tuple[Any, ...], list[tuple[int, int, int, Observation]]] = {}
    for observation, row in zip(observations, rows, strict=True):
        start = observation.year * 12 + observation.start_month
        periods.setdefault(observation.key, []).append(
            (start, row, start + observation.months, observation)
        )
    problems: list[Problem] = []
    for items in periods.values():
        items.sort(key=lambda item: (item[0], item[1]))
        reach, reach_row = None, 0
        for start, row, end, observation in items:
            if reach is not None and start < reach:
                what = " ".join(
                    x
                    for x in (
                        observation.group,
                        observation.measure,
                        observation.outcome,
                        observation.partner,
                    )
                    if x
                )
                problems.append(
                    Problem(
                        f"{name}!row {row}",
                        f"overlaps row {reach_row} ({what})",
                        observation.period,
                    )
                )
                if len(problems) >= _SHOWN:
                    problems.append(Problem(name, "has more overlapping figures, not listed"))
                    return problems
            if reach is None or end > reach:
                reach, reach_row = end, row
    return problems


def load_actuals(path: str | os.PathLike[str]) -> Actuals:
    """Read actuals from a ``.csv`` or ``.xlsx`` file.

    Raises
    ------
    placebudget.errors.ValidationError
        Unreadable file, more than :data:`MAX_ACTUALS` figures (refused as soon as the
        row past the limit is read), unknown or missing columns, or invalid rows (each
        with its row number): negative values, unknown groups or measures, overlapping
        periods.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        msg = "must be a .csv or .xlsx file"
        raise ValidationError.single(path="path", message=msg, value=str(path))
    header, rows = _rows(path)
    return _observations(header, rows, path.name)


def write_actuals_csv(actuals: Actuals, path: str | os.PathLike[str]) -> None:
    """Write actuals as CSV (atomically), in the layout :func:`load_actuals` reads."""
    from placebudget.io._atomic import atomic_write

    with atomic_write(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ACTUALS_COLUMNS)
        for o in actuals.observations:
            writer.writerow(
                [
                    o.year,
                    o.start_month,
                    o.months,
                    o.group,
                    o.measure,
                    o.outcome or "",
                    o.partner or "",
                    o.value,
                    o.source,
                ]
            )
