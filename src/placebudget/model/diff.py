"""What differs between versions of a business case, field by field.

Examples
--------
>>> import attrs
>>> from placebudget.testing import example_case, example_intervention
>>> base = example_case()
>>> other = attrs.evolve(base, horizon=6,
...                      interventions=[example_intervention(engagement=0.5)])
>>> for path, values in differences({"base": base, "other": other}).items():
...     print(path, values)
interventions[0].engagement {'base': 0.75, 'other': 0.5}
horizon {'base': 4, 'other': 6}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["MISSING", "differences", "flatten"]

#: Shown for a field one case has and another has not.
MISSING = "(absent)"


def _leaf(value: Any) -> Any:
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return f"{float(value.magnitude):g} {value.units:~}"
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a model object by its path (``interventions[0].effects[1].impact``)."""
    out: dict[str, Any] = {}
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            path = f"{prefix}.{field.name}" if prefix else field.name
            out.update(flatten(getattr(value, field.name), path))
        tag = getattr(type(value), "tag", None)
        if isinstance(tag, str):
            out[f"{prefix}.by" if prefix else "by"] = tag
    elif isinstance(value, Mapping):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}[{key!r}]"))
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix] = _leaf(value)
    return out


def differences(cases: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each field whose value is not the same in every case, with the value in each
    (:data:`MISSING` where a case has no such field), in the order fields first appear."""
    flat = {name: flatten(case) for name, case in cases.items()}
    paths: dict[str, None] = {}
    for values in flat.values():
        paths.update(dict.fromkeys(values))
    out: dict[str, dict[str, Any]] = {}
    for path in paths:
        row = {name: values.get(path, MISSING) for name, values in flat.items()}
        if len({repr(v) for v in row.values()}) > 1:
            out[path] = row
    return out
