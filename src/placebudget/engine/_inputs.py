"""Turn a :class:`~placebudget.model.BusinessCase` into the engine's input Dataset.

This is where a case meets its reference data: unit cost codes are resolved, every amount
is uprated to the case's price base, optimism bias is looked up by grade and the discount
schedule is expanded. Problems are collected over the whole case and raised together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import NAME_SEPARATOR as SEP
from placebudget.model import (
    BusinessCase,
    DeflatorExtension,
    DeflatorSeries,
    DiscountSchedule,
    OptimismBiasTable,
    UnitValue,
    case_names,
    code_unit_problem,
    financial_year_label,
    named,
)
from placebudget.reference import (
    UnitCostDatabase,
    appraisal_value,
    capital_optimism_bias,
    deflator_series,
    discount_schedule,
    optimism_bias_table,
    unit_costs,
)
from placebudget.reference.unit_costs import UnitCostLoader
from placebudget.units import quantity_text

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MAX_ARRAY_BYTES", "build_inputs", "case_database", "case_deflators", "check_size"]

#: Largest single array the engine allocates for one projection (bytes): 2 GiB. Checked
#: before anything is allocated, so a case (or a number of draws) that would need more is
#: refused with the sizes, never met with a MemoryError.
MAX_ARRAY_BYTES = 2 * 1024**3


def check_size(case: BusinessCase, *, draws: int = 1, what: str = "project") -> None:
    """Refuse a case whose largest engine array — draws × partners × years × outcomes
    (each money variable), or draws × effects × years² (the benefit profile) — would need
    more than ``MAX_ARRAY_BYTES`` (2 GiB).

    Raises
    ------
    placebudget.errors.ValidationError
        The array would be too large, naming its sizes and the limit.
    """
    n_y, n_p = case.horizon, len(case.place.partners)
    n_o = len(case.outcomes)
    n_e = sum(len(i.effects) for i in case.interventions)
    shapes = {"partners × years × outcomes": (n_p, n_y, n_o),
              "effects × years × intake years": (n_e, n_y, n_y)}
    for label, shape in shapes.items():
        needed = 8 * draws * int(np.prod(shape, dtype=np.float64))
        if needed > MAX_ARRAY_BYTES:
            sizes = " × ".join(f"{n:,}" for n in ((draws, *shape) if draws > 1 else shape))
            named = f"draws × {label}" if draws > 1 else label
            msg = (f"would need a {named} array of {sizes} ({needed / 1024**3:,.1f} GiB), "
                   f"more than the limit of {MAX_ARRAY_BYTES / 1024**3:,.0f} GiB")
            path = "draws" if draws > 1 else "horizon"
            raise ValidationError([Problem(path, msg, draws if draws > 1 else n_y)],
                                  context=f"cannot {what} {case.name!r}")


def _resolve_table(value: Any, loader: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return loader(value)
    except UnknownReferenceError as exc:
        problems.extend(Problem(path, p.message, value) for p in exc.problems)
        return None


def _resolve_deflators(value: Any, problems: list[Problem]) -> DeflatorSeries | None:
    if not isinstance(value, DeflatorExtension):
        found: DeflatorSeries | None = _resolve_table(value, deflator_series, "deflators",
                                                      problems)
        return found
    base = _resolve_table(value.series, deflator_series, "deflators.series", problems)
    return None if base is None else value.apply(base)


def case_database(case: BusinessCase, *,
                  loaders: Mapping[str, UnitCostLoader] | None = None) -> UnitCostDatabase:
    """The unit cost database a case names: a bundled one, or a file read by the loader
    ``loaders`` gives for its suffix (see :func:`placebudget.reference.unit_costs`).

    Raises
    ------
    placebudget.errors.ValidationError
        The name is not a bundled database, or the file cannot be read.
    """
    try:
        return unit_costs(case.unit_costs, loaders=loaders)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"cannot project {case.name!r}") from exc


def case_deflators(case: BusinessCase) -> DeflatorSeries:
    """The GDP deflator series a case names or gives (extended as it says).

    Raises
    ------
    placebudget.errors.ValidationError
        The series is not known.
    """
    problems: list[Problem] = []
    series = _resolve_deflators(case.deflators, problems)
    if series is None:
        raise ValidationError(named(problems, case_names(case)),
                              context=f"cannot project {case.name!r}")
    return series


class _Uprater:
    """The factors that uprate an amount from its price year to the case's price base
    (the deflator of the base over that of the year): it multiplies nothing itself, and
    records each year with no deflator as a problem (its factor NaN) and each year used."""

    def __init__(self, series: DeflatorSeries, price_base: int, problems: list[Problem]) -> None:
        self.series = series
        self.price_base = price_base
        self.problems = problems
        self.used: set[int] = {price_base}
        #: How each value and cost was found and uprated: a row of
        #: ``VALUE_TRACE_COLUMNS`` each.
        self.traces: list[list[Any]] = []

    def factor(self, year: int, path: str) -> float:
        """The factor from ``year``'s prices to the price base (``path`` names the input
        in a problem)."""
        if year not in self.series.values:
            self.problems.append(Problem(path, self.series.missing_message(), year))
            return np.nan
        self.used.add(year)
        return self.series.values[self.price_base] / self.series.values[year]

    def record(self, *, path: str, name: str, kind: str, given: str, source: str,
               published: float, unit: str, price_year: int, factor: float,
               cashable: float | None = None, transfer: float | None = None) -> None:
        """Record how the input at ``path`` (named by ids ``name``) was found
        (``given``, ``source``: what the case says and where the figure comes from) and
        uprated from ``price_year`` by ``factor`` (:meth:`factor`'s)."""
        self.traces.append([name, path, kind, given, source, published, unit, price_year,
                            factor, published * factor, cashable, transfer])

    def years_with(self, status: str) -> str:
        """The years used whose index is ``status`` (forecast, assumed), as text."""
        years = sorted(y for y in self.used if self.series.status(y) == status)
        return ", ".join(map(financial_year_label, years))


class _SocialValue:
    """What a Green Book appraisal value adds to an effect: its year profile and its
    range (factors on the value)."""

    def __init__(self, years: np.ndarray[Any, Any]) -> None:
        self.years = years
        self.index = np.ones(len(years))
        self.low = np.nan
        self.high = np.nan
        self.code: str | None = None


def _appraisal_amount(raw: UnitValue, unit: str, path: str, name: str, uprate: _Uprater,
                      social: _SocialValue) -> float | None:
    """A ``gb:`` social value per outcome ``unit`` at the price base, its year profile
    and range recorded in ``social``; None after recording why it cannot be had."""
    code = raw.appraisal_code or ""
    try:
        value = appraisal_value(code)
    except UnknownReferenceError as exc:
        uprate.problems.extend(Problem(f"{path}.amount", p.message, code)
                               for p in exc.problems)
        return None
    central = value.amount_in(int(social.years[0])) if value.by_year else value.central
    priced = UnitValue(f"{central!r} GBP/{value.unit}", price_year=value.price_year)
    try:
        amount = priced.per(unit, field=f"{path}.amount")
    except ValidationError:
        msg = (f"gb:{code} values outcomes counted in {value.unit}: the effect's unit must "
               f"be {value.unit} (or convertible to it)")
        uprate.problems.append(Problem(f"{path}.amount", msg, unit))
        return None
    missing = [int(y) for y in social.years
               if value.by_year and int(y) not in value.by_year]
    if missing:
        covered = f"{min(value.by_year)}-{max(value.by_year)}"
        uprate.problems.append(Problem(
            f"{path}.amount", f"gb:{code} has values for {covered} only: no value for "
            f"{', '.join(map(str, missing[:5]))}{' …' if len(missing) > 5 else ''} "
            "(shorten the horizon or give the value as an amount)", code))
        return None
    social.index = np.array([value.amount_in(int(y)) / central for y in social.years])
    if value.range is not None:
        social.low, social.high = value.range
    social.code = code
    factor = uprate.factor(value.price_year, f"{path}.price_year")
    uprate.record(path=path, name=name, kind=path.rsplit(".", 1)[-1], given=f"gb:{code}",
                  source=value.source, published=amount, unit=f"GBP/{unit}",
                  price_year=value.price_year, factor=factor)
    return amount * factor


def _resolve_value(
    value: UnitValue, kind: str, database: UnitCostDatabase, path: str,
    problems: list[Problem], codes: list[tuple[str, str]],
) -> UnitValue | None:
    if not value.is_reference:
        return value
    try:
        cost = database[value.code or ""]
        resolved = UnitValue.from_unit_cost(cost, kind=kind, cashable=value.cashable,
                                            transfer=value.transfer)
    except ValidationError as exc:
        problems.extend(p.prefixed(path) for p in exc.problems)
        return None
    codes.append((cost.code, path))
    return resolved


def _amount(
    raw: UnitValue, kind: str, unit: str, path: str, name: str, database: UnitCostDatabase,
    uprate: _Uprater, codes: list[tuple[str, str]],
) -> tuple[float, float, float] | None:
    """(amount per outcome ``unit`` at the price base, cashable share, transfer share), or
    None after recording why it cannot be had (``path`` in the case, ``name`` by ids)."""
    value = _resolve_value(raw, kind, database, path, uprate.problems, codes)
    if value is None:
        return None
    try:
        amount = value.per(unit, field=f"{path}.amount")
    except ValidationError as exc:
        uprate.problems.extend(
            [code_unit_problem(str(raw.amount), value, unit, f"{path}.amount")]
            if raw.is_reference else exc.problems)
        return None
    assert value.price_year is not None  # guaranteed by UnitValue
    factor = uprate.factor(value.price_year, f"{path}.price_year")
    given = raw.amount if isinstance(raw.amount, str) else quantity_text(raw.amount)
    uprate.record(path=path, name=name, kind=kind, given=given,
                  source=value.source or raw.source or "stated in the case",
                  published=amount, unit=f"GBP/{unit}", price_year=value.price_year,
                  factor=factor, cashable=value.cashable_share if kind == "fiscal" else None,
                  transfer=value.transfer_share if kind == "fiscal" else None)
    return amount * factor, value.cashable_share, value.transfer_share


def _double_counts(codes: list[tuple[str, str]], database: UnitCostDatabase,
                   problems: list[Problem]) -> None:
    """Refuse a line valued together with a line it is a constituent of (the headline
    already holds the constituent's money)."""
    where = dict(codes)
    for code, path in codes:
        parent = database[code].parent if code in database else None
        seen = {code}
        while parent is not None and parent not in seen:
            if parent in where:
                problems.append(Problem(
                    path, f"double counts the same money: {code} is a constituent of "
                    f"{parent}, which values this outcome too at {where[parent]}", code))
            seen.add(parent)
            parent = database[parent].parent if parent in database else None


def _reinvestment(case: BusinessCase, partner_index: Mapping[str, int]) -> dict[str, Any]:
    """The reinvestment plan as input variables (none when the case does not reinvest):
    ``reinvest_share`` and ``reinvest_cap`` (GBP a year, infinite without a cap),
    ``reinvest_into (intervention)`` and ``reinvest_from (partner)`` as 0/1 masks."""
    plan, target = case.reinvestment, case.reinvested_into
    if plan is None or target is None:
        return {}
    into = np.zeros(len(case.interventions))
    into[target] = 1.0
    named = plan.partners or tuple(partner_index)
    from_partners = np.zeros(len(partner_index))
    for partner in named:
        from_partners[partner_index[partner]] = 1.0
    return {
        D.REINVEST_SHARE: ((), plan.share),
        D.REINVEST_CAP: ((), np.inf if plan.cap is None else plan.cap),
        D.REINVEST_INTO: ((D.INTERVENTION,), into),
        D.REINVEST_FROM: ((D.PARTNER,), from_partners),
    }


def _social_index(effect_rows: list[dict[str, Any]], n_y: int) -> dict[str, Any]:
    """The year profile of the social values, only when one changes by year (none: the
    engine takes the values as they are)."""
    index = np.array([r["social_index"] for r in effect_rows], dtype=float).reshape(
        len(effect_rows), n_y)
    if (index == 1.0).all():
        return {}
    return {D.SOCIAL_INDEX: ((D.EFFECT, D.YEAR), index)}


def _weights(case: BusinessCase) -> dict[str, Any]:
    """Each intervention's distributional weight, only when the case applies weights."""
    weights = case.distributional_weights
    if weights is None:
        return {}
    # the case guarantees every cohort an income when it applies weights
    return {D.DISTRIBUTIONAL_WEIGHT: ((D.INTERVENTION,), np.array(
        [weights.weight(float(i.cohort.income or 0.0)) for i in case.interventions]))}


def _risks(case: BusinessCase, partner_index: Mapping[str, int], uprate: _Uprater
           ) -> dict[str, Any]:
    """The risk register as input variables: probability, cost if it happens by year at
    the price base, and the partner bearing it (none without risks)."""
    if not case.risks:
        return {}
    n_r, n_y = len(case.risks), case.horizon
    probability = np.zeros(n_r)
    amount = np.zeros((n_r, n_y))
    partner = np.zeros((n_r, len(partner_index)))
    for r, risk in enumerate(case.risks):
        probability[r] = risk.probability
        factor = uprate.factor(risk.price_year, f"risks[{r}].price_year")
        for y, cost in risk.cost.items():
            amount[r, y - case.start_year] = cost * factor
        partner[r, partner_index[risk.partner]] = 1.0
    return {D.RISK_PROBABILITY: ((D.RISK,), probability),
            D.RISK_AMOUNT: ((D.RISK, D.YEAR), amount),
            D.RISK_PARTNER: ((D.RISK, D.PARTNER), partner)}


def _interactions(case: BusinessCase, effect_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Interactions as pairs of effects on one outcome (one pair per interaction and
    affected outcome), with the share of the first intervention's participants shared,
    and each effect's stated adjustment as a factor (none without interactions)."""
    if not case.interactions:
        return {}
    ids = [i.id for i in case.interventions]
    effect_of = {(r["intervention"], r["outcome"]): e for e, r in enumerate(effect_rows)}
    outcome_index = {o: n for n, o in enumerate(case.outcomes)}
    n_e = len(effect_rows)
    first: list[Any] = []
    second: list[Any] = []
    overlap: list[float] = []
    adjustment = np.ones(n_e)
    for interaction in case.interactions:
        a, b = (ids.index(name) for name in interaction.between)
        outcomes = interaction.outcomes or tuple(
            o for o in case.outcomes if (a, outcome_index[o]) in effect_of
            and (b, outcome_index[o]) in effect_of)
        for outcome in outcomes:
            ea, eb = effect_of[(a, outcome_index[outcome])], effect_of[(b, outcome_index[outcome])]
            first.append(np.eye(n_e)[ea])
            second.append(np.eye(n_e)[eb])
            overlap.append(interaction.overlap)
            adjustment[[ea, eb]] *= 1 + interaction.adjustment
    n_pairs = len(first)
    return {
        D.PAIR_FIRST: ((D.PAIR, D.EFFECT), np.array(first).reshape(n_pairs, n_e)),
        D.PAIR_SECOND: ((D.PAIR, D.EFFECT), np.array(second).reshape(n_pairs, n_e)),
        D.PAIR_OVERLAP: ((D.PAIR,), np.array(overlap, dtype=float)),
        D.EFFECT_ADJUSTMENT: ((D.EFFECT,), adjustment),
    }


#: The inputs Dataset's attribute holding how every value and cost was found and uprated:
#: a JSON list of rows, each the values of :data:`VALUE_TRACE_COLUMNS` in order (read it
#: with :meth:`placebudget.engine.Projection.value_traces`); not carried into the
#: projection.
VALUE_TRACES = "value_traces"

#: The fields of a value trace.
VALUE_TRACE_COLUMNS: tuple[str, ...] = (
    "input", "path", "kind", "given", "source", "published", "unit", "price_year",
    "deflator_factor", "uprated", "cashable", "transfer")


def build_inputs(case: BusinessCase, *, database: UnitCostDatabase | None = None) -> xr.Dataset:
    """The engine's input Dataset for ``case``.

    Raises
    ------
    placebudget.errors.ValidationError
        A code is unknown, a unit does not fit, a price year has no deflator, a table
        name is unknown — every such problem in the case, together.
    """
    import xarray as xr

    return xr.Dataset(*resolve_inputs(case, database=database))


def resolve_inputs(case: BusinessCase, *, database: UnitCostDatabase | None = None
                   ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """What :func:`build_inputs` makes its Dataset of, resolved without xarray: the data
    variables and coordinates as ``name → (dims, values)`` (or values, for a dimension
    coordinate) and the attributes.

    Raises
    ------
    placebudget.errors.ValidationError
        As :func:`build_inputs`.
    """
    check_size(case)
    problems: list[Problem] = []
    if database is None:
        database = case_database(case)
    schedule: DiscountSchedule | None = _resolve_table(
        case.discounting, discount_schedule, "discounting", problems)
    table: OptimismBiasTable | None = _resolve_table(
        case.optimism_bias, optimism_bias_table, "optimism_bias", problems)
    series = _resolve_deflators(case.deflators, problems)
    if problems or schedule is None or table is None or series is None:
        raise ValidationError(named(problems, case_names(case)),
                              context=f"cannot project {case.name!r}")
    if case.price_year not in series.values:
        _Uprater(series, case.price_year, problems).factor(case.price_year, "price_year")
        raise ValidationError(named(problems, case_names(case)),
                              context=f"cannot project {case.name!r}")
    uprate = _Uprater(series, case.price_year, problems)

    years = np.array(case.years)
    partners = case.place.partners
    partner_index = {p.id: n for n, p in enumerate(partners)}
    outcomes = case.outcomes
    outcome_index = {o: n for n, o in enumerate(outcomes)}
    n_i, n_y, n_p, n_o = len(case.interventions), len(years), len(partners), len(outcomes)
    theme_of: dict[str, str] = {}
    unit_of: dict[str, str] = {}

    appraisal_codes: set[str] = set()
    intake = np.zeros((n_i, n_y))
    engagement = np.zeros(n_i)
    effect_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    # (intervention, outcome, kind) → database codes valuing it, with their paths
    valued: dict[tuple[int, str, str], list[tuple[str, str]]] = {}
    for i, intervention in enumerate(case.interventions):
        here = f"interventions[{i}]"
        engagement[i] = intervention.engagement
        for y, n in intervention.cohort.intake.items():
            intake[i, y - case.start_year] = n
        for j, effect in enumerate(intervention.effects):
            where = f"{here}.effects[{j}]"
            name = SEP.join((intervention.id, effect.outcome))
            theme_of.setdefault(effect.outcome, intervention.theme)
            unit_of.setdefault(effect.outcome, effect.unit)
            fiscal = np.zeros(n_p)
            cashable = np.zeros(n_p)
            transfer = np.zeros(n_p)
            extra = {"economic": 0.0, "social": 0.0}

            for partner, raw in effect.fiscal.items():
                resolved = _amount(raw, "fiscal", effect.unit, f"{where}.fiscal[{partner!r}]",
                                   f"{name}{SEP}fiscal{SEP}{partner}", database, uprate,
                                   valued.setdefault((i, effect.outcome, "fiscal"), []))
                if resolved is not None:
                    p = partner_index[partner]
                    fiscal[p], cashable[p], transfer[p] = resolved
            social = _SocialValue(years)
            for kind in ("economic", "social"):
                raw_value: UnitValue | None = getattr(effect, kind)
                if raw_value is not None and raw_value.appraisal_code is not None:
                    found = _appraisal_amount(raw_value, effect.unit, f"{where}.{kind}",
                                              f"{name}{SEP}{kind}", uprate, social)
                    if found is not None:
                        extra[kind] = found
                        appraisal_codes.add(social.code or "")
                elif raw_value is not None:
                    resolved = _amount(raw_value, kind, effect.unit, f"{where}.{kind}",
                                       f"{name}{SEP}{kind}", database, uprate,
                                       valued.setdefault((i, effect.outcome, kind), []))
                    if resolved is not None:
                        extra[kind] = resolved[0]
            if effect.optimism_bias is not None:
                bias = effect.optimism_bias
            else:
                assert effect.confidence is not None  # guaranteed by Effect
                bias = table.rate(effect.confidence)
            effect_rows.append({
                "label": f"{intervention.id}:{effect.outcome}",
                "path": where,
                "name": name,
                "confidence": effect.confidence or 0,
                "intervention": i,
                "outcome": outcome_index[effect.outcome],
                "baseline": effect.baseline,
                "impact": effect.impact,
                "deadweight": effect.deadweight,
                "displacement": effect.displacement,
                "attribution": effect.attribution,
                "benefit_optimism_bias": bias,
                "lag": effect.lag,
                "duration": effect.duration,
                "drop_off": effect.drop_off,
                "fiscal_value": fiscal,
                "cashable_share": cashable,
                "transfer_share": transfer,
                "economic_value": extra["economic"],
                "social_value": extra["social"],
                "social_index": social.index,
                "social_low": social.low,
                "social_high": social.high,
            })
        line_names = intervention.cost_names
        for j, line in enumerate(intervention.costs):
            where = f"{here}.costs[{j}]"
            line_name = SEP.join((intervention.id, "costs", line_names[j]))
            factor = uprate.factor(line.price_year, f"{where}.price_year")
            amounts = np.zeros(n_y)
            source = line.description or "stated in the case"
            for y, amount in line.amounts.items():
                amounts[y - case.start_year] = amount * factor
                uprate.record(path=f"{where}.amounts[{y}]",
                              name=f"{line_name}{SEP}amounts{SEP}{y}", kind="cost",
                              given=f"£{amount:,.2f} in {financial_year_label(y)}",
                              source=source, published=float(amount), unit="GBP",
                              price_year=line.price_year, factor=factor)
            per_participant = 0.0
            if line.per_participant is not None:
                published = float(line.per_participant.to(
                    f"GBP / {intervention.cohort.unit}").magnitude)
                per_participant = published * factor
                uprate.record(path=f"{where}.per_participant",
                              name=f"{line_name}{SEP}per_participant", kind="cost",
                              given=quantity_text(line.per_participant), source=source,
                              published=published, unit=f"GBP/{intervention.cohort.unit}",
                              price_year=line.price_year, factor=factor)
            upper = np.nan
            if line.project_type is not None:
                capital = capital_optimism_bias()
                if line.project_type in capital.types:
                    upper = capital.types[line.project_type].capex_upper
                    bias = upper * (1 - line.mitigation)
                else:
                    problems.append(Problem(
                        f"{where}.project_type", "is not a project type of the capital "
                        f"optimism bias table {capital.name} (types: "
                        f"{', '.join(capital.types)})", line.project_type))
                    bias = 0.0
            elif line.optimism_bias is not None:
                bias = line.optimism_bias
            else:
                assert line.confidence is not None  # guaranteed by CostLine
                bias = table.rate(line.confidence)
            line_rows.append({
                "label": f"{intervention.id}:{j}",
                "path": where,
                "name": line_name,
                "confidence": line.confidence or 0,
                "intervention": i,
                "partner": partner_index[line.partner],
                "category": line.category,
                "kind": line.kind,
                "amounts": amounts,
                "per_participant": per_participant,
                "cost_optimism_bias": bias,
                "ob_upper": upper,
                "mitigation": line.mitigation,
            })
    for codes in valued.values():
        _double_counts(codes, database, problems)
    risk_variables = _risks(case, partner_index, uprate)
    if problems:
        raise ValidationError(named(problems, case_names(case)),
                              context=f"cannot project {case.name!r}")

    n_e, n_l = len(effect_rows), len(line_rows)

    def column(rows: list[dict[str, Any]], key: str, dtype: Any = float) -> Any:
        return np.array([r[key] for r in rows], dtype=dtype)

    def matrix(rows: list[dict[str, Any]], key: str, width: int) -> Any:
        return np.array([r[key] for r in rows], dtype=float).reshape(len(rows), width)

    effect_intervention = np.zeros((n_e, n_i))
    effect_outcome = np.zeros((n_e, n_o))
    for e, row in enumerate(effect_rows):
        effect_intervention[e, row["intervention"]] = 1.0
        effect_outcome[e, row["outcome"]] = 1.0
    line_intervention = np.zeros((n_l, n_i))
    line_partner = np.zeros((n_l, n_p))
    for n, row in enumerate(line_rows):
        line_intervention[n, row["intervention"]] = 1.0
        line_partner[n, row["partner"]] = 1.0

    E, L, I = D.EFFECT, D.COST_LINE, D.INTERVENTION  # noqa: E741
    scalar_effect = (D.BASELINE, D.IMPACT, D.DEADWEIGHT, D.DISPLACEMENT, D.ATTRIBUTION,
                     D.BENEFIT_OPTIMISM_BIAS, D.DROP_OFF, D.ECONOMIC_VALUE, D.SOCIAL_VALUE)
    data_vars: dict[str, Any] = {
        D.INTAKE: ((I, D.YEAR), intake),
        D.ENGAGEMENT: ((I,), engagement),
        D.EFFECT_INTERVENTION: ((E, I), effect_intervention),
        D.EFFECT_OUTCOME: ((E, D.OUTCOME), effect_outcome),
        **{name: ((E,), column(effect_rows, name)) for name in scalar_effect},
        D.LAG: ((E,), column(effect_rows, "lag", int)),
        D.DURATION: ((E,), column(effect_rows, "duration", int)),
        D.FISCAL_VALUE: ((E, D.PARTNER), matrix(effect_rows, "fiscal_value", n_p)),
        D.CASHABLE_SHARE: ((E, D.PARTNER), matrix(effect_rows, "cashable_share", n_p)),
        D.TRANSFER_SHARE: ((E, D.PARTNER), matrix(effect_rows, "transfer_share", n_p)),
        D.LINE_INTERVENTION: ((L, I), line_intervention),
        D.LINE_PARTNER: ((L, D.PARTNER), line_partner),
        D.LINE_AMOUNT: ((L, D.YEAR), matrix(line_rows, "amounts", n_y)),
        D.LINE_PER_PARTICIPANT: ((L,), column(line_rows, "per_participant")),
        D.COST_OPTIMISM_BIAS: ((L,), column(line_rows, "cost_optimism_bias")),
        D.DISCOUNT_FACTOR: ((D.YEAR,), schedule.factors(n_y)),
        **_social_index(effect_rows, n_y),
        D.SOCIAL_LOW: ((E,), column(effect_rows, "social_low")),
        D.SOCIAL_HIGH: ((E,), column(effect_rows, "social_high")),
        D.LINE_OB_UPPER: ((L,), column(line_rows, "ob_upper")),
        D.LINE_MITIGATION: ((L,), column(line_rows, "mitigation")),
        **_weights(case),
        **risk_variables,
        **_interactions(case, effect_rows),
        **_reinvestment(case, partner_index),
    }
    coords: dict[str, Any] = {
        D.PARTNER: [p.id for p in partners],
        D.PARTNER_KIND: (D.PARTNER, [p.kind for p in partners]),
        D.DEPARTMENT: (D.PARTNER, [p.department or "" for p in partners]),
        D.YEAR: years,
        D.OUTCOME: list(outcomes),
        D.THEME: (D.OUTCOME, [theme_of[o] for o in outcomes]),
        D.OUTCOME_UNIT: (D.OUTCOME, [unit_of[o] for o in outcomes]),
        I: [iv.id for iv in case.interventions],
        E: [r["label"] for r in effect_rows],
        L: [r["label"] for r in line_rows],
        D.LINE_CATEGORY: (L, [r["category"] for r in line_rows]),
        D.EFFECT_PATH: (E, [r["path"] for r in effect_rows]),
        D.EFFECT_NAME: (E, [r["name"] for r in effect_rows]),
        D.EFFECT_CONFIDENCE: (E, column(effect_rows, "confidence", int)),
        D.LINE_PATH: (L, [r["path"] for r in line_rows]),
        D.LINE_NAME: (L, [r["name"] for r in line_rows]),
        D.LINE_CONFIDENCE: (L, column(line_rows, "confidence", int)),
        D.LINE_KIND: (L, [r["kind"] for r in line_rows]),
        **({D.RISK: [r.id for r in case.risks]} if case.risks else {}),
    }
    attrs = {
        "case": case.name,
        "place": case.place.id,
        "price_base": case.price_year,
        "start_year": case.start_year,
        "discounting": schedule.name,
        "deflators": series.name,
        "deflator_coverage": series.coverage,
        "deflator_forecast_years": uprate.years_with("forecast"),
        "deflator_assumed_years": uprate.years_with("assumed"),
        "unit_costs": database.name,
        "optimism_bias_table": table.name,
        "green_book": case.green_book,
        "appraisal_values": ", ".join(f"gb:{c}" for c in sorted(appraisal_codes)),
        VALUE_TRACES: json.dumps(uprate.traces),
    }
    return data_vars, coords, attrs
