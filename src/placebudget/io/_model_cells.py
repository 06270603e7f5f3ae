"""The input cells of a live Excel model put into the plain data of its case: each cell
by its kind (:class:`~placebudget.io._model_marker.InputCell`), every problem collected
with the field's path and the cell, and where each problem of the case is in the
workbook (:func:`locate`).

A cell is read as a value, never evaluated: a formula in an input cell is refused.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from placebudget.errors import UNSET, Problem
from placebudget.io._model_marker import InputCell

__all__: list[str] = []

#: A cell as read: its value and whether it holds a formula.
Read = tuple[Any, bool]

_TOKEN = re.compile(
    r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(-?\d+)\]|\[('(?:[^'\\]|\\.)*'|"
    r"\"(?:[^\"\\]|\\.)*\")\]"
)


def tokens(path: str) -> list[str | int]:
    """The steps of a path: ``interventions[0].effects[1].fiscal['nhs']`` →
    ``['interventions', 0, 'effects', 1, 'fiscal', 'nhs']`` (numbers in brackets are
    list positions or integer keys, quoted text keys)."""
    found: list[str | int] = []
    at = 0
    while at < len(path):
        match = _TOKEN.match(path, at)
        if match is None or match.end() == at:
            msg = f"cannot read the path {path!r} at {path[at:]!r}"
            raise ValueError(msg)
        name, number, quoted = match.groups()
        if name is not None:
            found.append(name)
        elif number is not None:
            found.append(int(number))
        else:
            found.append(str(ast.literal_eval(quoted)))
        at = match.end()
    return found


_MISSING = object()


def _step(node: Any, step: str | int) -> Any:
    if isinstance(node, list):
        return node[step] if isinstance(step, int) and 0 <= step < len(node) else _MISSING
    if isinstance(node, dict):
        return node.get(step, _MISSING)
    return _MISSING


def get(data: Any, path: str) -> Any:
    """The value at ``path`` in plain data, or :data:`_MISSING`."""
    node = data
    for step in tokens(path):
        node = _step(node, step)
        if node is _MISSING:
            return _MISSING
    return node


def put(data: Any, path: str, value: Any) -> None:
    """Set ``path`` in plain data to ``value``, making the tables on the way."""
    steps = tokens(path)
    node = data
    for k, step in enumerate(steps):
        last = k == len(steps) - 1
        if isinstance(node, list) and isinstance(step, int):
            if not 0 <= step < len(node):
                msg = f"{path}: no item {step}"
                raise KeyError(msg)
            if last:
                node[step] = value
                return
            node = node[step]
            continue
        if not isinstance(node, dict):
            msg = f"{path}: not a table at {step!r}"
            raise KeyError(msg)
        if last:
            node[step] = value
            return
        if not isinstance(node.get(step), dict | list):
            node[step] = {}
        node = node[step]


def remove(data: Any, path: str) -> None:
    """Remove the key at ``path`` (nothing when it is not there)."""
    steps = tokens(path)
    parent = get(data, _parent(path)) if len(steps) > 1 else data
    if isinstance(parent, dict):
        parent.pop(steps[-1], None)


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same(value: Any, written: Any) -> bool:
    """Whether a cell still holds what was written (numbers compared as numbers)."""
    if _is_number(value) and _is_number(written):
        return float(value) == float(written)
    return bool(value == written)


def _whole(value: Any) -> Any:
    """A whole number stored as a float (``7.0``) as the whole number it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@attrs.define
class Reading:
    """Cells put into a case's plain data: the problems found and which cells changed."""

    data: dict[str, Any]
    cells: Sequence[InputCell]
    values: Mapping[tuple[str, str], Read]
    problems: list[Problem] = attrs.field(factory=list)
    changed: set[tuple[str, str]] = attrs.field(factory=set)

    def value(self, cell: InputCell) -> Any:
        return self.values.get((cell.sheet, cell.address), (None, False))[0]

    def problem(self, cell: InputCell, path: str, message: str, value: Any) -> None:
        self.problems.append(_at([cell], Problem(path, message, value)))

    def usable(self, cell: InputCell, *, number: bool = False, what: str = "a number") -> bool:
        """Whether the cell holds a value (and, with ``number``, a number); a problem
        is recorded when it does not."""
        value, formula = self.values.get((cell.sheet, cell.address), (None, False))
        if formula:
            self.problem(
                cell,
                cell.path,
                "holds a formula: an input cell takes a value "
                "(placebudget never evaluates a formula it reads)",
                value,
            )
            return False
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem(cell, cell.path, f"is empty: give {what}", UNSET)
            return False
        if number and not _is_number(value):
            self.problem(cell, cell.path, f"must be {what}", value)
            return False
        return True


def _at(cells: Sequence[InputCell], problem: Problem) -> Problem:
    shown = ", ".join(c.where for c in cells[:3]) + (", …" if len(cells) > 3 else "")
    return attrs.evolve(problem, name=f"{shown}: {problem.path}" if shown else None, line=None)


def read_cells(
    data: dict[str, Any], cells: Sequence[InputCell], values: Mapping[tuple[str, str], Read]
) -> Reading:
    """Put every input cell into ``data`` (the case as written, changed in place)."""
    reading = Reading(data, cells, values)
    for cell in cells:
        value, formula = values.get((cell.sheet, cell.address), (None, False))
        if formula or not same(value, cell.written):
            reading.changed.add((cell.sheet, cell.address))
    by_path: dict[str, list[InputCell]] = {}
    groups: dict[tuple[str, str], list[InputCell]] = {}
    for cell in cells:
        if cell.kind in _GROUPS:
            groups.setdefault((cell.kind, cell.group or cell.path), []).append(cell)
        else:
            by_path.setdefault(cell.path, []).append(cell)
    for path, alike in by_path.items():
        _single(reading, path, alike)
    for (kind, group), members in groups.items():
        _GROUPS[kind](reading, group, members)
    return reading


def _single(reading: Reading, path: str, alike: list[InputCell]) -> None:
    """A field held by one cell (or by several that must agree, such as a share
    shown under each cost category)."""
    changed = [c for c in alike if (c.sheet, c.address) in reading.changed]
    cell = changed[0] if changed else alike[0]
    kind = cell.kind
    if kind in ("override", "cost_override", "derived", "entry") and not changed:
        return  # as written: the case keeps what it had
    if kind == "derived":
        reading.problem(
            cell,
            path,
            cell.note or "is not an input the case holds: change it in the case file",
            reading.value(cell),
        )
        return
    value, formula = reading.values.get((cell.sheet, cell.address), (None, False))
    if any(not same(reading.value(c), value) for c in alike):
        shown = ", ".join(f"{c.where} = {reading.value(c)!r}" for c in alike)
        reading.problems.append(
            _at(
                alike,
                Problem(
                    path,
                    f"is shown in {len(alike)} cells that must hold the same value: change "
                    f"them alike ({shown})",
                ),
            )
        )
        return
    if formula or value is None or (isinstance(value, str) and not value.strip()):
        reading.usable(cell)
        return
    if kind == "cap":
        if isinstance(value, str) and value.strip().lower() == "none":
            value = None
    elif kind == "whole":
        value = _whole(value)
    if kind == "cost_override":
        line = _parent(path)
        remove(reading.data, f"{line}.project_type")
        remove(reading.data, f"{line}.mitigation")
    put(reading.data, path, value)


def _value_group(reading: Reading, group: str, members: list[InputCell]) -> None:
    """A unit value (a fiscal, economic or social value per outcome unit): its amount
    and price year, cashable and transfer shares. An amount or price year changed
    makes the value a literal amount in the outcome's unit, in the price year of its
    cell; a share changed sets that share."""
    changed = [m for m in members if (m.sheet, m.address) in reading.changed]
    if not changed:
        return
    parts = {m.path.rsplit(".", 1)[-1]: m for m in members}
    usable = [reading.usable(m, number=True) for m in parts.values()]
    if not all(usable):
        return
    number = {role: reading.value(m) for role, m in parts.items()}
    original = get(reading.data, group)
    value: dict[str, Any]
    if original is _MISSING or original is None:
        value = {}
    elif isinstance(original, str):
        value = {"amount": original}
    else:
        value = dict(original)
    roles = {m.path.rsplit(".", 1)[-1] for m in changed}
    amount = parts.get("amount")
    if roles & {"amount", "price_year"} or "amount" not in value:
        if amount is not None and amount.note == "indexed":
            reading.problem(
                amount,
                amount.path,
                "is a Green Book value whose value changes "
                "by year (its index on the Inputs sheet): change it in the case "
                "file",
                number["amount"],
            )
            return
        unit = amount.unit if amount is not None else ""
        value["amount"] = f"{number['amount']!r} GBP/{unit}"
        value["price_year"] = _whole(number["price_year"])
        for share in ("cashable", "transfer"):
            # a reference's shares came from its database line: keep them as shown
            if share in parts and (share in value or number[share] != 0):
                value[share] = number[share]
    for share in ("cashable", "transfer"):
        if share in roles:
            value[share] = number[share]
    put(reading.data, group, value)


def _line_group(reading: Reading, group: str, members: list[InputCell]) -> None:
    """A cost line or a risk: its amounts by year, amount per participant and price
    year, all in the price year of its cell; any changed rewrites the whole line from
    its cells."""
    changed = [m for m in members if (m.sheet, m.address) in reading.changed]
    if not changed:
        return
    usable = [reading.usable(m, number=True) for m in members]
    if not all(usable):
        return
    line = get(reading.data, group)
    if not isinstance(line, dict):
        return
    for m in members:
        last = tokens(m.path)[-1]
        value = reading.value(m)
        if last == "price_year":
            line["price_year"] = _whole(value)
        elif last == "per_participant":
            if line.get("per_participant") is not None or value != 0:
                line["per_participant"] = f"{value!r} GBP/{m.unit}"
        else:
            field = tokens(m.path)[-2]
            by_year = line.setdefault(str(field), {})
            year = int(m.key)
            if isinstance(by_year, dict) and (
                year in by_year or str(year) in by_year or value != 0
            ):
                by_year.pop(str(year), None)
                by_year[year] = value


def _discount_group(reading: Reading, group: str, members: list[InputCell]) -> None:
    """The discount rates by year: any changed makes the case's schedule the rates of
    the cells (year 0, never discounted, in the first band)."""
    if not any((m.sheet, m.address) in reading.changed for m in members):
        return
    usable = [reading.usable(m, number=True) for m in members]
    if not all(usable):
        return
    rates = sorted((int(m.key), float(reading.value(m))) for m in members)
    bands: list[dict[str, Any]] = []
    for t, rate in rates:
        if bands and bands[-1]["rate"] == rate:
            bands[-1]["year_to"] = t
        else:
            bands.append({"year_from": t, "year_to": t, "rate": rate})
    if bands:
        bands[0]["year_from"] = 0
    old = get(reading.data, "discounting")
    name = (
        old
        if isinstance(old, str)
        else (old.get("name", "schedule") if isinstance(old, dict) else "schedule")
    )
    put(
        reading.data,
        "discounting",
        {
            "name": f"{name} as edited in the workbook",
            "bands": bands,
            "source": "the discount rates of the Excel model",
        },
    )


def _deflator_group(reading: Reading, group: str, members: list[InputCell]) -> None:
    """The GDP deflator series: any index changed makes the case's series the one of
    the cells."""
    if not any((m.sheet, m.address) in reading.changed for m in members):
        return
    usable = [reading.usable(m, number=True) for m in members]
    if not all(usable):
        return
    old = get(reading.data, "deflators")
    name = (
        old
        if isinstance(old, str)
        else (old.get("name", "deflators") if isinstance(old, dict) else "deflators")
    )
    if isinstance(old, dict) and "series" in old:
        name = str(
            old["series"]
            if isinstance(old["series"], str)
            else old["series"].get("name", "deflators")
        )
    put(
        reading.data,
        "deflators",
        {
            "name": f"{name} as edited in the workbook",
            "values": {int(m.key): reading.value(m) for m in members},
            "source": "the GDP deflator index of the Excel model",
        },
    )


def _reinvest_group(reading: Reading, group: str, members: list[InputCell]) -> None:
    """Whose savings are reinvested: the partners whose cell is 1."""
    if not any((m.sheet, m.address) in reading.changed for m in members):
        return
    usable = [reading.usable(m, number=True, what="1 or 0") for m in members]
    if not all(usable):
        return
    chosen = [m.key for m in members if reading.value(m) == 1]
    bad = [m for m in members if reading.value(m) not in (0, 1)]
    for m in bad:
        reading.problem(m, m.path, "must be 1 (reinvested) or 0", reading.value(m))
    if not chosen and not bad:
        reading.problem(
            members[0],
            group,
            "names no partner whose savings are "
            "reinvested: mark one with 1, or take the reinvestment out of the "
            "case",
            0,
        )
    if not bad and chosen:
        put(reading.data, group, chosen)


_GROUPS: dict[str, Callable[[Reading, str, list[InputCell]], None]] = {
    "value": _value_group,
    "line": _line_group,
    "discount": _discount_group,
    "deflator": _deflator_group,
    "reinvest_from": _reinvest_group,
}


def locate(
    problems: Iterable[Problem], cells: Sequence[InputCell], changed: set[tuple[str, str]]
) -> list[Problem]:
    """Each problem of the case read (found by the converter or the model) named by the
    cells of the workbook that hold its field (or a part of it, or the whole it is part
    of), those changed first; a problem no cell holds keeps its name."""
    by_path: dict[str, list[InputCell]] = {}
    for cell in cells:
        by_path.setdefault(cell.path, []).append(cell)
        if cell.group:
            by_path.setdefault(cell.group, []).append(cell)

    def first_changed(found: list[InputCell]) -> list[InputCell]:
        edited = [c for c in found if (c.sheet, c.address) in changed]
        return edited or found

    located: list[Problem] = []
    for problem in problems:
        path = problem.path
        found = by_path.get(path, [])
        if not found:
            found = [
                c
                for key, group in by_path.items()
                if key.startswith((f"{path}.", f"{path}["))
                for c in group
            ]
        parent = path
        while not found and parent:
            parent = _parent(parent)
            found = by_path.get(parent, []) if parent else []
        if not found:
            located.append(attrs.evolve(problem, line=None))
            continue
        unique = list(dict.fromkeys(first_changed(found)))
        located.append(_at(unique, problem))
    return located
