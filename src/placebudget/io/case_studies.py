"""Files of costed families (``placebudget cost-contacts``): TOML, JSON or YAML.

A file holds one case study at the top level, or several as ``[[case_studies]]`` tables
(the form a case file uses), with optional ``unit_costs`` (a bundled database name or a
database file relative to the file), ``deflators`` (a bundled series name) and
``price_year``::

    unit_costs = "ucd-v1.2"
    price_year = 2013

    [[case_studies]]
    id = "family_a"
    name = "Family A"
    before = { "CR6.0" = 5, "HE3.0" = 5, "SS2.9" = 2 }
    after = { "HE3.0" = 1 }
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from placebudget.errors import Problem, ValidationError
from placebudget.io._converter import converter
from placebudget.io._problems import problems_from
from placebudget.io.case_file import read_data
from placebudget.io.limits import resolve_input
from placebudget.model import CaseStudy
from placebudget.model.validation import collecting, optional, year
from placebudget.reference.unit_costs import names_a_file

__all__ = ["CaseStudyFile", "load_case_studies"]

_TOP = ("case_studies", "unit_costs", "deflators", "price_year")


@collecting
@attrs.frozen(kw_only=True)
class CaseStudyFile:
    """What a costed-families file holds."""

    case_studies: tuple[CaseStudy, ...]
    """The case studies, in file order."""
    unit_costs: str | None = None
    """The database the codes are in (a bundled name or a resolved file path), if named."""
    deflators: str | None = None
    """The deflator series to uprate with, if named."""
    price_year: int | None = attrs.field(default=None, validator=optional(year))
    """The price base asked for, if any."""


def load_case_studies(path: str | os.PathLike[str]) -> CaseStudyFile:
    """Read case studies from a TOML, JSON or YAML file.

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be read or parsed, or a case study in it is not valid (every
        problem, with its path).
    """
    path = Path(path)
    _, data = read_data(path)
    if "case_studies" in data:
        unknown = sorted(set(data) - set(_TOP))
        studies = data["case_studies"]
    else:
        unknown = []
        studies = [{k: v for k, v in data.items() if k not in _TOP}]
    problems = [Problem(key, f"is not a known key (allowed: {', '.join(_TOP)})") for key in unknown]
    if not isinstance(studies, list) or not studies:
        problems.append(Problem("case_studies", "must be a list of case study tables", studies))
        raise ValidationError(problems, context=f"invalid {path.name}")
    parsed: list[CaseStudy] = []
    for index, study in enumerate(studies):
        where = f"case_studies[{index}]" if "case_studies" in data else ""
        try:
            parsed.append(converter.structure(study, CaseStudy))
        except (
            ClassValidationError,
            IterableValidationError,
            ValidationError,
            ForbiddenExtraKeysError,
        ) as exc:
            problems.extend(problems_from(exc, where))
    settings: dict[str, Any] = {}
    for key in ("unit_costs", "deflators"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(Problem(key, "must be a name or a file path", value))
        elif isinstance(value, str):
            settings[key] = (
                str(resolve_input(path.parent / value, field=key, source=path.name))
                if key == "unit_costs" and names_a_file(value)
                else value
            )
    try:  # the price year is checked by the model's own year validator
        found = CaseStudyFile(
            case_studies=tuple(parsed), price_year=data.get("price_year"), **settings
        )
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems, context=f"invalid {path.name}")
    return found
