"""The checks a case's references need, run on the plain data of a case that failed to
build, so that one round of ``validate`` reports them beside the field errors: partners
named but not in the place, Unit Cost Database codes that are not in the database or are
priced in another unit than the outcome's, and price years with no deflator.

A case that builds gets the same checks from the model and the engine (with the same
messages); these run only where the model stopped before reaching them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from placebudget.errors import Problem, ValidationError
from placebudget.model import UnitValue
from placebudget.model.case import DEFAULT_DEFLATORS, DEFAULT_UNIT_COSTS
from placebudget.model.partners import unknown_partner
from placebudget.model.values import code_unit_problem

__all__ = ["reference_problems"]


def _tables(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _values(effect: Mapping[str, Any], where: str) -> Iterator[tuple[str, str, Any, str]]:
    """(path, kind, raw value, partner or '') of an effect's values."""
    fiscal = effect.get("fiscal")
    if isinstance(fiscal, Mapping):
        for partner, raw in fiscal.items():
            yield f"{where}.fiscal[{partner!r}]", "fiscal", raw, str(partner)
    for kind in ("economic", "social"):
        if kind in effect:
            yield f"{where}.{kind}", kind, effect[kind], ""


def _code(raw: Any) -> str | None:
    amount = raw.get("amount") if isinstance(raw, Mapping) else raw
    if isinstance(amount, str) and amount.strip().startswith("ucd:"):
        return amount.strip()[4:]
    return None


def _database(data: Mapping[str, Any]) -> Any:
    from placebudget.reference import unit_costs
    from placebudget.reference.unit_costs import BUNDLED_DATABASES

    name = data.get("unit_costs", DEFAULT_UNIT_COSTS)
    if not isinstance(name, str) or name not in BUNDLED_DATABASES:
        return None  # a file: read by the importers when the case builds
    return unit_costs(name)


def _series(data: Mapping[str, Any]) -> Any:
    from placebudget.reference import DEFLATOR_SERIES, deflator_series

    name = data.get("deflators", DEFAULT_DEFLATORS)
    if isinstance(name, str) and name in DEFLATOR_SERIES:
        return deflator_series(name)
    return None  # extended or from a file: checked when the case builds


def _check_price_year(value: Any, path: str, series: Any, problems: list[Problem]) -> None:
    if series is None or not isinstance(value, int) or isinstance(value, bool):
        return
    if value not in series.values:
        problems.append(Problem(path, series.missing_message(), value))


def reference_problems(data: Any) -> list[Problem]:
    """The reference problems of a case's plain data (see the module notes).

    Examples
    --------
    >>> data = {"place": {"partners": [{"id": "nhs"}]}, "price_year": 1900,
    ...         "interventions": [{"costs": [{"partner": "NHS", "price_year": 2013}]}]}
    >>> for problem in reference_problems(data):
    ...     print(problem.path, "|", problem.message[:40])
    price_year | has no GDP deflator in series 'hmt-2025-
    interventions[0].costs[0].partner | unknown partner (did you mean 'nhs'?) (k
    """
    if not isinstance(data, Mapping):
        return []
    problems: list[Problem] = []
    place = data.get("place")
    partners = (
        [str(p["id"]) for p in _tables(place.get("partners")) if isinstance(p.get("id"), str)]
        if isinstance(place, Mapping)
        else []
    )

    def partner_problem(path: str, partner: Any) -> None:
        if partners and isinstance(partner, str) and partner not in partners:
            problems.append(Problem(path, unknown_partner(partner, partners), partner))

    database = _database(data)
    series = _series(data)
    _check_price_year(data.get("price_year"), "price_year", series, problems)
    for i, intervention in enumerate(_tables(data.get("interventions"))):
        where = f"interventions[{i}]"
        for j, effect in enumerate(_tables(intervention.get("effects"))):
            here = f"{where}.effects[{j}]"
            unit = effect.get("unit")
            for path, kind, raw, partner in _values(effect, here):
                if partner:
                    partner_problem(path, partner)
                if isinstance(raw, Mapping):
                    _check_price_year(raw.get("price_year"), f"{path}.price_year", series, problems)
                code = _code(raw)
                if code is None or database is None:
                    continue
                try:
                    value = UnitValue.from_unit_cost(database[code], kind=kind)
                except ValidationError as exc:
                    problems += [p.prefixed(path) for p in exc.problems]
                    continue
                if not isinstance(unit, str):
                    continue
                try:
                    value.per(unit, field=f"{path}.amount")
                except ValidationError:
                    problems.append(code_unit_problem(f"ucd:{code}", value, unit, f"{path}.amount"))
        for j, line in enumerate(_tables(intervention.get("costs"))):
            here = f"{where}.costs[{j}]"
            partner_problem(f"{here}.partner", line.get("partner"))
            _check_price_year(line.get("price_year"), f"{here}.price_year", series, problems)
    for n, risk in enumerate(_tables(data.get("risks"))):
        partner_problem(f"risks[{n}].partner", risk.get("partner"))
        _check_price_year(risk.get("price_year"), f"risks[{n}].price_year", series, problems)
    return problems
