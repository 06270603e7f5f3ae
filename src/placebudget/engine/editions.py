"""Warnings for Unit Cost Database codes run against an edition they were not written for.

Editions renumber lines: ``CR6.0`` is an arrest (£593) in v1.2 and a court event
(£6,837) in v1.4. A case says which edition its unqualified ``"ucd:CODE"`` values were
written for (:attr:`~placebudget.model.BusinessCase.codes_edition`, else the database its
``unit_costs`` names); run against another database (a changed ``unit_costs``, or one
given to :func:`placebudget.engine.project`), each such code whose line means another
thing there is warned about, naming both lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from placebudget.errors import Problem, ValidationError
from placebudget.model import BusinessCase, UnitCost, UnitValue
from placebudget.model.validation import financial_year_label
from placebudget.model.values import split_reference
from placebudget.reference import BUNDLED_DATABASES, UnitCostDatabase, unit_costs
from placebudget.reference.editions import edition_change

__all__ = ["codes_written_for", "edition_warnings"]


_OTHER = ("economic", "social")


def codes_written_for(case: BusinessCase) -> str:
    """The database a case's unqualified ``ucd:`` codes were written for: its
    ``codes_edition``, else the database its ``unit_costs`` names."""
    return case.codes_edition or case.unit_costs


def _codes(case: BusinessCase) -> Iterator[tuple[str, str, str | None, str]]:
    """``(path, kind, edition, code)`` of every Unit Cost Database code the case uses:
    its effects' ``ucd:`` values and its case studies' contacts (``edition`` is ``None``
    for an unqualified code)."""
    for i, intervention in enumerate(case.interventions):
        for j, effect in enumerate(intervention.effects):
            where = f"interventions[{i}].effects[{j}]"
            found: list[tuple[str, str, UnitValue | None]] = [
                (f"{where}.fiscal[{partner!r}]", "fiscal", value)
                for partner, value in effect.fiscal.items()
            ]
            found += [(f"{where}.{kind}", kind, getattr(effect, kind)) for kind in _OTHER]
            for path, kind, value in found:
                if value is not None and value.code is not None:
                    yield path, kind, value.edition, value.code
    for k, study in enumerate(case.case_studies):
        for side in ("before", "after"):
            for text in getattr(study, side) or {}:
                reference = split_reference(text)
                edition, code = (None, text) if reference is None else reference
                yield f"case_studies[{k}].{side}[{text!r}]", "fiscal", edition, code


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _meaning(line: UnitCost, kind: str, edition: str) -> str:
    """A line as the warning names it: description, value, unit and price year."""
    priced = line.amount_of(kind) if kind in line.value_types else None
    priced = priced or line.amount_of(line.value_type)
    amount = float(priced.amount.magnitude)
    return (
        f"in {edition} {line.description!r} ({(line.unit_text or 'each').lower()}, "
        f"£{amount:,.0f} in {financial_year_label(priced.price_year)} prices)"
    )


def edition_warnings(case: BusinessCase, database: UnitCostDatabase) -> list[Problem]:
    """A warning for each unqualified Unit Cost Database code of ``case`` (in its
    effects' values and its case studies' contacts) whose line means another
    thing in ``database`` than in the edition the case's codes were written for
    (``codes_written_for``): between the bundled editions, the codes the reviewed
    list (``ucd_edition_changes.csv``) marks changed; against an imported database, a
    code whose description differs from the bundled edition's. Each names the code,
    both lines (description, unit, value) and both editions.

    Examples
    --------
    >>> import attrs, placebudget as pb
    >>> from placebudget.examples import example_path
    >>> case = pb.load_case(example_path("troubled_families"))
    >>> warnings = edition_warnings(case, pb.unit_costs("ucd-v1.4"))
    >>> print(warnings[0].message[:72])
    ucd:CR6.0 was written for ucd-v1.2 and the case is run against ucd-v1.4,
    """
    written_for = codes_written_for(case)
    if written_for == database.name or written_for not in BUNDLED_DATABASES:
        return []
    before = unit_costs(written_for)
    problems: list[Problem] = []
    for path, kind, edition, code in _codes(case):
        if edition is not None or code not in before:
            continue
        if code not in database:
            continue  # an unknown code is an error when the case is projected
        old, new = before[code], database[code]
        if database.name in BUNDLED_DATABASES:
            if edition_change(code, written_for, database.name) is None:
                continue
        elif _folded(old.description) == _folded(new.description):
            continue
        try:
            meant, got = _meaning(old, kind, written_for), _meaning(new, kind, database.name)
        except ValidationError:
            continue
        problems.append(
            Problem(
                path,
                f"ucd:{code} was written for {written_for} and the case is run against "
                f"{database.name}, where the code means another line: {meant}; {got}. "
                f"Write {written_for}:{code} to keep the line it was written for, or "
                f"set codes_edition = {database.name!r} once the codes are checked",
            )
        )
    from placebudget.model import case_names, named

    return named(problems, case_names(case))
