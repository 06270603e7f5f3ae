"""Names a person can read for the parts of a case: the ids that lead to an input
(``key_workers › child_into_care › baseline``) rather than its position in lists
(``interventions[0].effects[6].baseline``), stable when interventions are added or
reordered.

Examples
--------
>>> readable_path("interventions[1].effects[0].fiscal['nhs'].amount",
...               [("a", ["truancy"], []), ("key_workers", ["child_into_care"], ["running"])])
'key_workers › child_into_care › fiscal › nhs › amount'
>>> readable_path("horizon", []) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from placebudget.errors import Problem

__all__ = ["NAME_SEPARATOR", "InterventionNames", "cost_line_names", "named", "readable_path"]

#: An intervention's id, the outcomes of its effects and the names of its cost lines.
InterventionNames = tuple[str, Sequence[str], Sequence[str]]

#: Between the parts of an input's readable name (``key_workers › child_into_care ›
#: baseline``); ``>`` is read as the same when a name is typed.
NAME_SEPARATOR = " › "

_STEP = re.compile(r"\.(\w+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
_INTERVENTION = re.compile(r"^interventions\[(\d+)\]")


def cost_line_names(lines: Sequence[tuple[str | None, str]]) -> tuple[str, ...]:
    """Each cost line's name from its ``(id, category)``: the id, else the category,
    numbered (``running#2``) when several lines without an id share it.

    Examples
    --------
    >>> cost_line_names([(None, "set_up"), (None, "running"), ("posts", "running"),
    ...                  (None, "running")])
    ('set_up', 'running#1', 'posts', 'running#2')
    """
    unnamed = [category for ident, category in lines if ident is None]
    counts: dict[str, int] = {}
    names = []
    for ident, category in lines:
        if ident is not None:
            names.append(ident)
            continue
        counts[category] = counts.get(category, 0) + 1
        names.append(category if unnamed.count(category) == 1 else f"{category}#{counts[category]}")
    return tuple(names)


def readable_path(path: str, interventions: Sequence[InterventionNames]) -> str | None:
    """The name by ids of a problem's ``path`` inside an intervention, given each
    intervention's ``(id, outcomes of its effects, names of its cost lines)`` (a case's:
    ``placebudget.model.case_names``): the intervention by its id, an effect by
    its outcome, a cost line by its name (``costs › running#2``), a key or index after
    them as itself. ``None`` for a path outside the interventions, or one whose
    intervention, effect or line is not in the list."""
    match = _INTERVENTION.match(path)
    if match is None or int(match.group(1)) >= len(interventions):
        return None
    ident, outcomes, costs = interventions[int(match.group(1))]
    parts = [ident]
    rest = path[match.end() :]
    position = 0
    steps: list[tuple[str | None, str | None]] = []
    while position < len(rest):
        step = _STEP.match(rest, position)
        if step is None:
            return None
        field, index, single, double = step.groups()
        steps.append(
            (field, index if index is not None else (single if single is not None else double))
        )
        position = step.end()
    for k, (field, key) in enumerate(steps):
        if field is not None:
            parts.append(field)
            continue
        assert key is not None
        before = steps[k - 1][0] if k else None
        if before in ("effects", "costs") and key.isdigit():
            names = outcomes if before == "effects" else costs
            if int(key) >= len(names):
                return None
            if before == "effects":
                parts.pop()  # an effect is named by its outcome alone
            parts.append(names[int(key)])
        else:
            parts.append(key)
    return NAME_SEPARATOR.join(parts)


def named(problems: Iterable[Problem], interventions: Sequence[InterventionNames]) -> list[Problem]:
    """``problems`` with the :attr:`~placebudget.errors.Problem.name` by ids of each one
    inside an intervention."""
    out = []
    for problem in problems:
        name = problem.name or readable_path(problem.path, interventions)
        out.append(attrs.evolve(problem, name=name) if name else problem)
    return out
