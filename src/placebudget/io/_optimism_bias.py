"""A case's own optimism bias table, in one line of its file: inline,

.. code-block:: toml

    optimism_bias = { grades = [0, 0.05, 0.10, 0.20, 0.30, 0.40] }
    optimism_bias = { name = "ours", grades = { 1 = 0, 2 = 0.05, 3 = 0.1, 4 = 0.2,
                      5 = 0.3, 6 = 0.4 } }

or read from a CSV file in the case file's folder (``grade,rate`` and, optionally,
``description`` and ``confirmed`` columns — the bundled table's layout),

.. code-block:: toml

    optimism_bias = { file = "optimism_bias.csv" }

Every problem is reported with its path (``optimism_bias.grades[4]``,
``optimism_bias.file``) and what was expected."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from placebudget.errors import Problem, ValidationError
from placebudget.model import GradeRate, OptimismBiasTable

__all__ = [
    "LOCAL_NAME",
    "optimism_bias_from_file",
    "structure_optimism_bias",
    "unstructure_optimism_bias",
]

#: The name of a table a case gives without naming it.
LOCAL_NAME = "local"

#: Most bytes an optimism bias file may hold (six rows and their descriptions).
MAX_FILE_BYTES = 64 * 1024

_GRADES = (1, 2, 3, 4, 5, 6)
_INLINE_KEYS = ("name", "grades", "source")
_FILE_KEYS = ("file", "name", "source")


def _rate(value: Any, path: str, problems: list[Problem]) -> float | None:
    """``value`` as a rate within [0, 1], or None after recording why it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(Problem(path, "must be a number from 0 to 1 (0.4 = 40 %)", value))
        return None
    if not 0 <= value <= 1:
        problems.append(Problem(path, "must be from 0 to 1 (0.4 = 40 %)", value))
        return None
    return float(value)


def _text(value: Any, path: str, problems: list[Problem]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(path, "must be text", value))
        return ""
    return value


def _unknown(value: Mapping[str, Any], allowed: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(str(key), f"is not a known key (allowed: {', '.join(allowed)})")
        for key in value
        if key not in allowed
    ]


def _grade_rate(value: Any, path: str, problems: list[Problem]) -> GradeRate | None:
    """One grade's entry: a rate, or a table of ``rate``, ``description``, ``confirmed``."""
    if not isinstance(value, Mapping):
        rate = _rate(value, path, problems)
        return None if rate is None else GradeRate(rate=rate)
    found = len(problems)
    problems += [p.prefixed(path) for p in _unknown(value, ("rate", "description", "confirmed"))]
    if "rate" not in value:
        problems.append(Problem(f"{path}.rate", "is required"))
        return None
    rate = _rate(value["rate"], f"{path}.rate", problems)
    description = value.get("description", "")
    if not isinstance(description, str):
        problems.append(Problem(f"{path}.description", "must be text", description))
    confirmed = value.get("confirmed", False)
    if not isinstance(confirmed, bool):
        problems.append(Problem(f"{path}.confirmed", "must be true or false", confirmed))
    if rate is None or len(problems) > found:
        return None
    return GradeRate(rate=rate, description=description, confirmed=confirmed)


def structure_optimism_bias(value: Any) -> OptimismBiasTable:
    """The table a case file gives inline (see the module notes): ``grades`` six rates
    for grades 1 to 6 in order, or a table by grade (``1 = 0.05`` or ``1 = { rate =
    0.05, description = "…" }``); ``name`` (default :data:`LOCAL_NAME`) and ``source``
    optional.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem found, each with its path within the table (``grades[4]``).

    Examples
    --------
    >>> table = structure_optimism_bias({"grades": [0, 0.05, 0.1, 0.2, 0.3, 0.4]})
    >>> table.name, table.rate(4)
    ('local', 0.2)
    >>> structure_optimism_bias({"grades": [0, 0.05, 0.1, 2, 0.3, 0.4]})
    Traceback (most recent call last):
    ...
    placebudget.errors.ValidationError: invalid optimism bias table (1 problem):
      - grades[4]: must be from 0 to 1 (0.4 = 40 %), got 2
    """
    if not isinstance(value, Mapping):
        msg = "must be a bundled table's name or a table with grades (or a file)"
        raise ValidationError.single(path="", message=msg, value=value)
    if "file" in value:
        msg = "is read relative to the case file: load the case with load_case"
        raise ValidationError.single(path="file", message=msg, value=value["file"])
    problems = _unknown(value, _INLINE_KEYS)
    name = _text(value.get("name", LOCAL_NAME), "name", problems)
    source = value.get("source", "given in the case file")
    if not isinstance(source, str):
        problems.append(Problem("source", "must be text", source))
    grades: dict[int, GradeRate | None] = {}
    given = value.get("grades")
    if given is None:
        problems.append(Problem("grades", "is required: six rates, for grades 1 to 6"))
    elif isinstance(given, list | tuple):
        if len(given) != len(_GRADES):
            msg = "must give six rates, for grades 1 to 6 in order"
            problems.append(Problem("grades", msg, list(given)))
        else:
            grades = {
                g: _grade_rate(v, f"grades[{g}]", problems)
                for g, v in zip(_GRADES, given, strict=True)
            }
    elif isinstance(given, Mapping):
        keys = {str(k): v for k, v in given.items()}
        wrong = sorted(k for k in keys if k not in {str(g) for g in _GRADES})
        missing = [g for g in _GRADES if str(g) not in keys]
        if wrong or missing:
            msg = "must give a rate for each of grades 1 to 6" + (
                f" (missing: {', '.join(map(str, missing))})" if missing else ""
            )
            problems.append(Problem("grades", msg, sorted(keys)))
        else:
            grades = {g: _grade_rate(keys[str(g)], f"grades[{g}]", problems) for g in _GRADES}
    else:
        msg = "must be six rates for grades 1 to 6, or a table of them by grade"
        problems.append(Problem("grades", msg, given))
    if problems:
        raise ValidationError(problems, context="invalid optimism bias table")
    return OptimismBiasTable(
        name=name,
        grades={g: rate for g, rate in grades.items() if rate is not None},
        source=str(source),
    )


def unstructure_optimism_bias(table: OptimismBiasTable) -> dict[str, Any]:
    """``table`` as a case file writes it: its rates as a list when they carry nothing
    else (no description, none confirmed), else by grade (``"1" = { rate = … }``);
    :func:`structure_optimism_bias` reads it back to an equal table."""
    entries = [table.grades[g] for g in _GRADES]
    plain = all(not e.description and not e.confirmed for e in entries)
    grades: Any = (
        [e.rate for e in entries]
        if plain
        else {
            str(g): {"rate": e.rate, "description": e.description, "confirmed": e.confirmed}
            for g, e in zip(_GRADES, entries, strict=True)
        }
    )
    return {"name": table.name, "grades": grades, "source": table.source}


def optimism_bias_from_file(spec: Mapping[str, Any], case_path: Path) -> OptimismBiasTable:
    """``optimism_bias = { file = "…" [, name = "…", source = "…"] }``: the table read from
    a CSV file in the case file's folder (or below it), with columns ``grade`` and
    ``rate`` and optionally ``description`` and ``confirmed`` (``yes``/``no``) — and a
    ``table`` column, as the bundled ``optimism_bias_grades.csv`` has, holding one name.

    Raises
    ------
    placebudget.errors.ValidationError
        An unknown key, a path outside the case file's folder, a file that cannot be
        read, or rows that are not six grades with a rate from 0 to 1 each; every
        problem named ``optimism_bias.file`` (or the key) with the file's path.
    """
    from placebudget.io.limits import read_text, resolve_input

    context = f"invalid {case_path.name}"
    field = "optimism_bias.file"
    problems = [p.prefixed("optimism_bias") for p in _unknown(spec, _FILE_KEYS)]
    name = spec["file"]
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(field, "must be the path of a CSV file", name))
    if problems:
        raise ValidationError(problems, context=context)
    folder = resolve_input(case_path.parent, field=field, source=case_path.name)
    found = resolve_input(case_path.parent / name, field=field, source=case_path.name)
    if not found.is_relative_to(folder):
        msg = f"must be a file in the case file's folder ({folder}) or below it"
        raise ValidationError([Problem(field, msg, name)], context=context)
    if found.suffix.lower() != ".csv":
        raise ValidationError([Problem(field, "must be a .csv file", name)], context=context)
    try:
        text = read_text(found, field=field, limit=MAX_FILE_BYTES)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=context) from exc
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    columns = set(rows[0]) if rows else set()
    missing = [c for c in ("grade", "rate") if c not in columns]
    if missing:
        msg = f"must have the columns grade and rate (missing: {', '.join(missing)})"
        raise ValidationError([Problem(field, msg, name)], context=context)
    tables = sorted({r["table"] for r in rows if r.get("table")})
    if len(tables) > 1:
        msg = "must hold one table (its table column names " + ", ".join(tables) + ")"
        raise ValidationError([Problem(field, msg, name)], context=context)
    by_grade: dict[str, Any] = {}
    for number, row in enumerate(rows, start=2):  # the header is line 1
        grade = (row.get("grade") or "").strip()
        where = f"line {number} of {name}"
        if grade not in {str(g) for g in _GRADES} or grade in by_grade:
            what = "is given twice" if grade in by_grade else "must be a grade from 1 to 6"
            problems.append(Problem(field, f"{where}: the grade {what}", grade))
            continue
        try:
            rate: Any = float((row.get("rate") or "").strip())
        except ValueError:
            rate = row.get("rate")
        wrong: list[Problem] = []
        _rate(rate, "", wrong)
        problems += [Problem(field, f"{where}: the rate {p.message}", p.value) for p in wrong]
        confirmed = (row.get("confirmed") or "no").strip().lower()
        if confirmed not in ("yes", "no"):
            msg = f"{where}: confirmed must be yes or no"
            problems.append(Problem(field, msg, confirmed))
        by_grade[grade] = {
            "rate": rate,
            "description": (row.get("description") or "").strip(),
            "confirmed": confirmed == "yes",
        }
    if problems:
        raise ValidationError(problems, context=context)
    inline = {
        "name": spec.get("name", tables[0] if tables else Path(name).stem),
        "grades": by_grade,
        "source": spec.get("source", f"read from {name}"),
    }
    try:
        return structure_optimism_bias(inline)
    except ValidationError as exc:
        raise ValidationError(
            [
                Problem(field, f"{name}, {p.path}: {p.message}", p.value)
                if p.path.startswith("grades")
                else p.prefixed("optimism_bias")
                for p in exc.problems
            ],
            context=context,
        ) from exc
