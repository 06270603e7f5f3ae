"""Expanding a case's ``theme`` key into the interventions an installed theme builds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.io._converter import clean, converter

if TYPE_CHECKING:
    from placebudget.model.themes import ThemeSpec

__all__ = ["expand_theme"]


def expand_theme(
    data: Mapping[str, Any], source: str, themes: Mapping[str, ThemeSpec] | None
) -> Any:
    """Replace ``theme`` and ``parameters`` by the interventions the theme of that name
    in ``themes`` builds, placed before any the file lists itself."""
    if "theme" not in data:
        if "parameters" in data:
            msg = 'is only allowed with a theme (theme = "name")'
            raise ValidationError.single(
                path="parameters", message=msg, value=dict(data["parameters"])
            )
        return data
    name = data["theme"]
    parameters = data.get("parameters", {})
    if not isinstance(name, str):
        msg = "must be the name of a theme"
        raise ValidationError.single(path="theme", message=msg, value=name)
    if not isinstance(parameters, Mapping):
        msg = "must be a table of parameter values"
        raise ValidationError.single(path="parameters", message=msg, value=parameters)
    spec = (themes or {}).get(name)
    if spec is None:
        known = ", ".join(sorted(themes or {})) or "none installed"
        msg = f"unknown theme (available: {known})"
        raise UnknownReferenceError([Problem("theme", msg, name)], context=f"invalid {source}")
    try:
        built = spec.interventions(parameters)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"invalid {source}") from exc
    rest = {k: v for k, v in data.items() if k not in ("theme", "parameters")}
    if spec.unit_costs and "unit_costs" not in rest:
        # the theme's codes are those of the edition it was written against
        rest["unit_costs"] = spec.unit_costs
    listed = rest.get("interventions", [])
    if not isinstance(listed, list):
        return data  # let the converter report it
    rest["interventions"] = [clean(converter.unstructure(i)) for i in built] + listed
    return rest
