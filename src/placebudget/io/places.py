"""Reading a place table (one row per place, for :func:`placebudget.engine.aggregate`)
from a CSV or ``.xlsx`` file.

The first row is the header; a column ``place`` holds the place ids (they become the
index). The other columns are passed on as they are — the engine checks every value,
naming the place and the column — so nothing is dropped, filled or clipped here. The file
is read within the limits of :mod:`placebudget.io.limits`.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "places.csv"
>>> _ = path.write_text("place,intake_scale\\nwigan,1.0\\nbolton,2.5\\n")
>>> places = read_places(path)
>>> places.index.name, places.index.to_list(), places["intake_scale"].to_list()
('place', ['wigan', 'bolton'], [1.0, 2.5])
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from placebudget.errors import Problem, ValidationError
from placebudget.io._workbooks import table_rows

__all__ = ["MAX_PLACES", "read_places"]

#: Most places a table may have: every local authority of the UK is under 400.
MAX_PLACES = 100_000


def _number(value: Any) -> Any:
    """A cell as a number when it reads as one (never evaluated), else as it is."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return float(text.replace(",", "")) if text else None
        except ValueError:
            return value
    return value


def read_places(path: str | os.PathLike[str]) -> pd.DataFrame:
    """The place table in ``path`` (``.csv`` or ``.xlsx``), indexed by its ``place``
    column.

    Raises
    ------
    placebudget.errors.ValidationError
        The file is empty, too large, has no ``place`` column, a blank or repeated
        header, a row longer than the header, or more than :data:`MAX_PLACES` places
        (refused as soon as the row past the limit is read).
    """
    file = Path(path)
    rows = table_rows(file, max_rows=MAX_PLACES + 1)  # the header and the places
    if not rows:
        raise ValidationError.single(path=str(file), message="is empty", value=file.name)
    header = [str(cell or "").strip() for cell in rows[0]]
    problems: list[Problem] = []
    if "place" not in header:
        problems.append(
            Problem(
                f"{file.name}: header",
                "must have a 'place' column (the place ids)",
                ", ".join(header),
            )
        )
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name or name in seen:
            problems.append(
                Problem(f"{file.name}: header column {number}", "must be a name given once", name)
            )
        seen.add(name)
    body = [row for row in rows[1:] if any(str(c or "").strip() for c in row)]
    for number, row in enumerate(rows[1:], start=2):
        extra = [c for c in row[len(header) :] if str(c or "").strip()]
        if extra:
            problems.append(
                Problem(
                    f"{file.name}: row {number}",
                    f"has {len(row)} cells for {len(header)} columns",
                    extra[0],
                )
            )
    if problems:
        raise ValidationError(problems, context=f"invalid place table {file.name}")
    cells = [[*row[: len(header)], *[None] * (len(header) - len(row))] for row in body]
    frame = pd.DataFrame(cells, columns=header, dtype=object)
    ids = frame.pop("place").map(lambda v: "" if v is None else str(v).strip())
    frame = frame.map(_number).infer_objects()
    frame.index = pd.Index(ids.to_list(), name="place")
    return frame
