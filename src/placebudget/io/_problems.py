"""Translating the converter's exceptions into problems, each with its path in the case
file (``interventions[0].effects[2].impact: must be within [0, 1], got 1.3``)."""

from __future__ import annotations

from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from placebudget.errors import Problem, ValidationError

__all__ = ["problems_from"]


def problems_from(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return [p.prefixed(path) for p in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ""
        if attrs_fields := getattr(exc.cl, "__attrs_attrs__", None):
            allowed = f" (allowed: {', '.join(a.name for a in attrs_fields)})"
        return [
            Problem(f"{path}.{key}" if path else str(key), f"is not a known key{allowed}")
            for key in sorted(exc.extra_fields, key=str)  # a key from Python may be any value
        ]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            if hasattr(note, "name"):
                where = f"{path}.{note.name}" if path else note.name
            else:
                where = f"{path}[{note.index!r}]"
            found.extend(problems_from(inner, where))
        for inner in without_notes:
            found.extend(problems_from(inner, path))
        return found
    if isinstance(exc, KeyError):
        return [Problem(path, "is required")]
    if isinstance(exc, ValueError | TypeError):
        return [Problem(path, f"has the wrong type or value ({exc})")]
    return [Problem(path, str(exc))]
