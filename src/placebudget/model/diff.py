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
work_support › engagement {'base': 0.75, 'other': 0.5}
horizon {'base': 4, 'other': 6}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from placebudget.model.intervention import Effect, Intervention
from placebudget.model.naming import NAME_SEPARATOR

__all__ = ["MISSING", "differences", "flatten"]

#: Shown for a field one case has and another has not.
MISSING = "(absent)"


def _leaf(value: Any) -> Any:
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return f"{float(value.magnitude):g} {value.units:~}"
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


def _item_names(items: tuple[Any, ...] | list[Any], owner: Any, field: str) -> list[str]:
    """How the items of a list field are named: by id (an effect by its outcome, a cost
    line by its name in the intervention) when every item has a distinct one, else by
    position."""
    if isinstance(owner, Intervention) and field == "costs":
        return list(owner.cost_names)
    names = [getattr(item, "id", None) or getattr(item, "outcome", None) for item in items]
    if all(isinstance(name, str) for name in names) and len(set(names)) == len(names):
        return [str(name) for name in names]
    return [f"[{index}]" for index in range(len(items))]


def _join(prefix: str, part: str) -> str:
    return f"{prefix}{NAME_SEPARATOR}{part}" if prefix else part


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a model object by its name: the field names and the ids that lead to
    it (``work_support › jsa_into_work › impact``, ``work_support › costs › intervention ›
    amounts › 2012``: a case's interventions by their ids alone, an intervention's
    effects by their outcomes alone, a list of records without ids by position).

    Examples
    --------
    >>> from placebudget.testing import example_intervention
    >>> list(flatten(example_intervention()))[6:8]
    ['cohort › description', 'cohort › income']
    """
    out: dict[str, Any] = {}
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if isinstance(item, tuple | list) and item:
                names = _item_names(item, value, field.name)
                # a case's interventions by their ids alone, their effects by outcome
                here = (
                    prefix
                    if isinstance(item[0], Intervention | Effect)
                    else _join(prefix, field.name)
                )
                for name, element in zip(names, item, strict=True):
                    out.update(flatten(element, _join(here, name)))
            else:
                out.update(flatten(item, _join(prefix, field.name)))
        tag = getattr(type(value), "tag", None)
        if isinstance(tag, str):
            out[_join(prefix, "by")] = tag
    elif isinstance(value, Mapping):
        for key, item in value.items():
            out.update(flatten(item, _join(prefix, str(key))))
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            out.update(flatten(item, _join(prefix, f"[{index}]")))
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
