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
from placebudget.engine._core import OneHot
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
from placebudget.units import money_per, quantity_text

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["MAX_ARRAY_BYTES", "ResolvedInputs", "build_inputs", "case_database", "case_deflators",
           "check_size", "resolve_inputs"]

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
        self._factors: dict[int, float] = {}
        #: How each value and cost was found and uprated: a row of
        #: ``VALUE_TRACE_COLUMNS`` each (``given`` as the case gives it: text, or a
        #: quantity written out when the traces are read).
        self.traces: list[list[Any]] = []

    def factor(self, year: int, where: Any) -> float:
        """The factor from ``year``'s prices to the price base (the input at ``where``
        gives the year: its ``price_year`` is named in a problem; ``""``, the case's;
        a value's path may be given as the parts :func:`_path` joins)."""
        found = self._factors.get(year)
        if found is not None:
            return found
        if year not in self.series.values:
            base = where if isinstance(where, str) else _path(*where)
            path = f"{base}.price_year" if base else "price_year"
            self.problems.append(Problem(path, self.series.missing_message(), year))
            return np.nan
        self.used.add(year)
        found = self._factors[year] = (self.series.values[self.price_base]
                                       / self.series.values[year])
        return found

    def record(self, *, path: Any, name: Any, kind: str, given: Any, source: str,
               published: float, unit: str, price_year: int, factor: float,
               cashable: float | None = None, transfer: float | None = None) -> None:
        """Record how the input at ``path`` (named by ids ``name``; either as text or as
        the parts :func:`_path` and :func:`_name` join when the traces are read) was
        found (``given``, ``source``: what the case says and where the figure comes from)
        and uprated from ``price_year`` by ``factor`` (:meth:`factor`'s)."""
        self.traces.append([name, path, kind, given, source, published, unit, price_year,
                            factor, published * factor, cashable, transfer])

    def years_with(self, status: str) -> str:
        """The years used whose index is ``status`` (forecast, assumed), as text."""
        years = sorted(y for y in self.used if self.series.status(y) == status)
        return ", ".join(map(financial_year_label, years))


def _path(where: str, kind: str, partner: str | None = None) -> str:
    """The path of a value of the effect at ``where``: ``….fiscal['nhs']``,
    ``….economic``."""
    return f"{where}.{kind}" if partner is None else f"{where}.{kind}[{partner!r}]"


def _name(parts: Any) -> str:
    """A trace's name by ids from its parts (or the name itself)."""
    return parts if isinstance(parts, str) else SEP.join(parts)


class _SocialValue:
    """What a Green Book appraisal value adds to an effect: its year profile (``None``:
    the same every year) and its range (factors on the value)."""

    def __init__(self, years: np.ndarray[Any, Any]) -> None:
        self.years = years
        self.index: np.ndarray[Any, Any] | None = None
        self.low = np.nan
        self.high = np.nan
        self.code: str | None = None


#: What an effect without a Green Book appraisal value has of one: nothing.
_NO_SOCIAL = _SocialValue(np.zeros(0))


def _appraisal_amount(raw: UnitValue, unit: str, path: str, name: Any, uprate: _Uprater,
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
    index = np.array([value.amount_in(int(y)) / central for y in social.years])
    social.index = None if (index == 1.0).all() else index
    if value.range is not None:
        social.low, social.high = value.range
    social.code = code
    factor = uprate.factor(value.price_year, path)
    uprate.record(path=path, name=name, kind=path.rsplit(".", 1)[-1], given=f"gb:{code}",
                  source=value.source, published=amount, unit=f"GBP/{unit}",
                  price_year=value.price_year, factor=factor)
    return amount * factor


def _resolve_value(
    value: UnitValue, kind: str, database: UnitCostDatabase, path: str,
    problems: list[Problem], codes: list[tuple[str, str]],
) -> UnitValue | None:
    """A database reference resolved to the line's value of ``kind`` (its code recorded
    in ``codes``), or None after recording why it cannot be."""
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
    raw: UnitValue, kind: str, unit: str, where: str, partner: str | None, name: Any,
    database: UnitCostDatabase, uprate: _Uprater, valued: list[tuple[str, str]] | None,
) -> tuple[float, float, float] | None:
    """(amount per outcome ``unit`` at the price base, cashable share, transfer share) of
    the value of ``kind`` (for ``partner``) of the effect at ``where``, or None after
    recording why it cannot be had; a database code it names is added to ``valued``
    (the codes valuing the same outcome). ``name`` is the trace's name (:func:`_name`)."""
    value = raw
    if raw.is_reference:
        path = _path(where, kind, partner)
        found = _resolve_value(raw, kind, database, path, uprate.problems,
                               [] if valued is None else valued)
        if found is None:
            return None
        value = found
    try:
        amount = value.per(unit)
    except ValidationError as exc:
        path = _path(where, kind, partner)
        uprate.problems.extend(
            [code_unit_problem(str(raw.amount), value, unit, f"{path}.amount")]
            if raw.is_reference else [p.prefixed(f"{path}.amount") for p in exc.problems])
        return None
    assert value.price_year is not None  # guaranteed by UnitValue
    factor = uprate.factor(value.price_year, (where, kind, partner))
    fiscal = kind == "fiscal"
    cashable, transfer = value.cashable_share, value.transfer_share
    uprate.record(path=(where, kind, partner), name=name, kind=kind, given=raw.amount,
                  source=value.source or raw.source or "stated in the case",
                  published=amount, unit=f"GBP/{unit}", price_year=value.price_year,
                  factor=factor, cashable=cashable if fiscal else None,
                  transfer=transfer if fiscal else None)
    return amount * factor, cashable, transfer


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


def _social_index(indices: dict[int, np.ndarray[Any, Any]], n_e: int, n_y: int
                  ) -> dict[str, Any]:
    """The year profile of the social values, only when one changes by year (none: the
    engine takes the values as they are); ``indices`` holds each effect's that does."""
    if not indices:
        return {}
    index = np.ones((n_e, n_y))
    for e, by_year in indices.items():
        index[e] = by_year
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
        factor = uprate.factor(risk.price_year, f"risks[{r}]")
        for y, cost in risk.cost.items():
            amount[r, y - case.start_year] = cost * factor
        partner[r, partner_index[risk.partner]] = 1.0
    return {D.RISK_PROBABILITY: ((D.RISK,), probability),
            D.RISK_AMOUNT: ((D.RISK, D.YEAR), amount),
            D.RISK_PARTNER: ((D.RISK, D.PARTNER), partner)}


def _interactions(case: BusinessCase, effect_intervention: list[int],
                  effect_outcome: list[int]) -> dict[str, Any]:
    """Interactions as pairs of effects on one outcome (one pair per interaction and
    affected outcome), with the share of the first intervention's participants shared,
    and each effect's stated adjustment as a factor (none without interactions)."""
    if not case.interactions:
        return {}
    ids = [i.id for i in case.interventions]
    effect_of = {pair: e for e, pair in enumerate(zip(effect_intervention, effect_outcome,
                                                      strict=True))}
    outcome_index = {o: n for n, o in enumerate(case.outcomes)}
    n_e = len(effect_intervention)
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

#: The inputs that map effects and cost lines to interventions, outcomes and partners
#: (:class:`~placebudget.engine._core.OneHot` in :class:`ResolvedInputs`, 0/1 arrays in
#: the inputs Dataset).
MAPS: tuple[str, ...] = (D.EFFECT_INTERVENTION, D.EFFECT_OUTCOME, D.LINE_INTERVENTION,
                         D.LINE_PARTNER)


class ResolvedInputs:
    """The engine's inputs for one case, resolved without xarray: what
    :func:`build_inputs` makes its Dataset of, and what a single case is projected from
    directly (:func:`placebudget.engine.project`).

    ``data_vars`` and ``coords`` map names to ``(dims, values)`` (or values, for a
    dimension coordinate), the maps (:data:`MAPS`) as
    :class:`~placebudget.engine._core.OneHot`; ``attrs`` are the Dataset's attributes
    but the value traces, which are kept as rows (:meth:`trace_rows`)."""

    __slots__ = ("attrs", "coords", "data_vars", "traces")

    def __init__(self, data_vars: dict[str, Any], coords: dict[str, Any],
                 attrs: dict[str, Any], traces: list[list[Any]]) -> None:
        self.data_vars = data_vars
        self.coords = coords
        self.attrs = attrs
        self.traces = traces

    def arrays(self) -> dict[str, Any]:
        """Each variable's values by name (the maps as ``OneHot``)."""
        return {name: value for name, (_, value) in self.data_vars.items()}

    def dense(self, name: str) -> Any:
        """A variable's values, a map as its 0/1 array."""
        value = self.data_vars[name][1]
        return value.dense() if isinstance(value, OneHot) else value

    def values(self, name: str) -> Any:
        """The values of a variable (a map as its 0/1 array) or of a coordinate."""
        if name in self.data_vars:
            return self.dense(name)
        value = self.coords[name]
        return np.asarray(value[1] if isinstance(value, tuple) else value)

    def __contains__(self, name: object) -> bool:
        return name in self.data_vars or name in self.coords

    def trace_rows(self) -> list[list[Any]]:
        """The value traces as rows of :data:`VALUE_TRACE_COLUMNS`: the name, the path
        and ``given`` as text."""
        return [[_name(row[0]), row[1] if isinstance(row[1], str) else _path(*row[1]),
                 row[2], row[3] if isinstance(row[3], str) else quantity_text(row[3]),
                 *row[4:]] for row in self.traces]

    def dataset(self) -> xr.Dataset:
        """The engine's input Dataset (:func:`build_inputs`)."""
        import xarray as xr

        data_vars = {name: (dims, self.dense(name)) for name, (dims, _) in
                     self.data_vars.items()}
        return xr.Dataset(data_vars, self.coords,
                          {**self.attrs, VALUE_TRACES: json.dumps(self.trace_rows())})


def input_values(inputs: xr.Dataset | ResolvedInputs, name: str) -> np.ndarray[Any, Any]:
    """A variable's (a map as its 0/1 array) or coordinate's values, from an input
    Dataset or a case's resolved inputs."""
    if isinstance(inputs, ResolvedInputs):
        return np.asarray(inputs.values(name))
    return np.asarray(inputs[name].to_numpy())


def build_inputs(case: BusinessCase, *, database: UnitCostDatabase | None = None) -> xr.Dataset:
    """The engine's input Dataset for ``case``.

    Raises
    ------
    placebudget.errors.ValidationError
        A code is unknown, a unit does not fit, a price year has no deflator, a table
        name is unknown — every such problem in the case, together.
    """
    return resolve_inputs(case, database=database).dataset()


#: The per-effect inputs read straight from each effect, in the columns' order.
_EFFECT_FIELDS = (D.BASELINE, D.IMPACT, D.DEADWEIGHT, D.DISPLACEMENT, D.ATTRIBUTION,
                  D.LAG, D.DURATION, D.DROP_OFF)


def resolve_inputs(case: BusinessCase, *, database: UnitCostDatabase | None = None
                   ) -> ResolvedInputs:
    """What :func:`build_inputs` makes its Dataset of, resolved without xarray.

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
        _Uprater(series, case.price_year, problems).factor(case.price_year, "")
        raise ValidationError(named(problems, case_names(case)),
                              context=f"cannot project {case.name!r}")
    uprate = _Uprater(series, case.price_year, problems)

    years = np.array(case.years)
    start = case.start_year
    partners = case.place.partners
    partner_index = {p.id: n for n, p in enumerate(partners)}
    outcome_index: dict[str, int] = {}
    theme_of: list[str] = []
    unit_of: list[str] = []
    n_i, n_y, n_p = len(case.interventions), len(years), len(partners)
    grade_bias = {grade: table.rate(grade) for grade in range(1, 7)}

    appraisal_codes: set[str] = set()
    intake = np.zeros((n_i, n_y))
    engagement = np.zeros(n_i)
    # the effects' columns, one entry an effect
    fields: dict[str, list[Any]] = {name: [] for name in _EFFECT_FIELDS}
    biases: list[float] = []
    labels: list[str] = []
    paths: list[str] = []
    names: list[str] = []
    grades: list[int] = []
    e_intervention: list[int] = []
    e_outcome: list[int] = []
    economic: list[float] = []
    social: list[float] = []
    social_low: list[float] = []
    social_high: list[float] = []
    social_indices: dict[int, np.ndarray[Any, Any]] = {}
    # (effect, partner, value, cashable, transfer) of every fiscal value resolved
    fiscal: list[tuple[int, int, float, float, float]] = []
    # the cost lines' columns
    l_label: list[str] = []
    l_path: list[str] = []
    l_name: list[str] = []
    l_grade: list[int] = []
    l_intervention: list[int] = []
    l_partner: list[int] = []
    l_category: list[str] = []
    l_kind: list[str] = []
    l_amounts: list[Any] = []
    l_per_participant: list[float] = []
    l_bias: list[float] = []
    l_upper: list[float] = []
    l_mitigation: list[float] = []
    # (intervention, outcome, kind) → database codes valuing it, with their paths
    valued: dict[tuple[int, str, str], list[tuple[str, str]]] = {}
    for i, intervention in enumerate(case.interventions):
        here = f"interventions[{i}]"
        engagement[i] = intervention.engagement
        for y, n in intervention.cohort.intake.items():
            intake[i, y - start] = n
        for j, effect in enumerate(intervention.effects):
            e = len(labels)
            where = f"{here}.effects[{j}]"
            outcome = effect.outcome
            name = f"{intervention.id}{SEP}{outcome}"
            o = outcome_index.get(outcome)
            if o is None:
                o = outcome_index[outcome] = len(theme_of)
                theme_of.append(intervention.theme)
                unit_of.append(effect.unit)

            codes = valued.setdefault((i, outcome, "fiscal"), []) if effect.fiscal else None
            for partner, raw in effect.fiscal.items():
                resolved = _amount(raw, "fiscal", effect.unit, where, partner,
                                   (name, "fiscal", partner), database, uprate, codes)
                if resolved is not None:
                    fiscal.append((e, partner_index[partner], *resolved))
            extra = {"economic": 0.0, "social": 0.0}
            found_social = _NO_SOCIAL
            for kind in ("economic", "social"):
                raw_value: UnitValue | None = getattr(effect, kind)
                if raw_value is None:
                    continue
                if raw_value.appraisal_code is not None:
                    if found_social is _NO_SOCIAL:
                        found_social = _SocialValue(years)
                    found = _appraisal_amount(raw_value, effect.unit, f"{where}.{kind}",
                                              (name, kind), uprate, found_social)
                    if found is not None:
                        extra[kind] = found
                        appraisal_codes.add(found_social.code or "")
                else:
                    resolved = _amount(raw_value, kind, effect.unit, where, None,
                                       (name, kind), database, uprate,
                                       valued.setdefault((i, outcome, kind), []))
                    if resolved is not None:
                        extra[kind] = resolved[0]
            if found_social.index is not None:
                social_indices[e] = found_social.index
            if effect.optimism_bias is not None:
                biases.append(effect.optimism_bias)
            else:
                assert effect.confidence is not None  # guaranteed by Effect
                biases.append(grade_bias[effect.confidence])
            labels.append(f"{intervention.id}:{outcome}")
            paths.append(where)
            names.append(name)
            grades.append(effect.confidence or 0)
            e_intervention.append(i)
            e_outcome.append(o)
            for field, column in fields.items():
                column.append(getattr(effect, field))
            economic.append(extra["economic"])
            social.append(extra["social"])
            social_low.append(found_social.low)
            social_high.append(found_social.high)
        line_names = intervention.cost_names
        for j, line in enumerate(intervention.costs):
            where = f"{here}.costs[{j}]"
            line_name = f"{intervention.id}{SEP}costs{SEP}{line_names[j]}"
            factor = uprate.factor(line.price_year, where)
            amounts = np.zeros(n_y)
            source = line.description or "stated in the case"
            for y, amount in line.amounts.items():
                amounts[y - start] = amount * factor
                uprate.record(path=f"{where}.amounts[{y}]",
                              name=f"{line_name}{SEP}amounts{SEP}{y}", kind="cost",
                              given=f"£{amount:,.2f} in {financial_year_label(y)}",
                              source=source, published=float(amount), unit="GBP",
                              price_year=line.price_year, factor=factor)
            per_participant = 0.0
            if line.per_participant is not None:
                found = money_per(line.per_participant, intervention.cohort.unit)
                published = (float(line.per_participant.to(  # raises what does not fit
                    f"GBP / {intervention.cohort.unit}").magnitude) if found is None
                    else found)
                per_participant = published * factor
                uprate.record(path=f"{where}.per_participant",
                              name=f"{line_name}{SEP}per_participant", kind="cost",
                              given=line.per_participant, source=source,
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
                bias = grade_bias[line.confidence]
            l_label.append(f"{intervention.id}:{j}")
            l_path.append(where)
            l_name.append(line_name)
            l_grade.append(line.confidence or 0)
            l_intervention.append(i)
            l_partner.append(partner_index[line.partner])
            l_category.append(line.category)
            l_kind.append(line.kind)
            l_amounts.append(amounts)
            l_per_participant.append(per_participant)
            l_bias.append(bias)
            l_upper.append(upper)
            l_mitigation.append(line.mitigation)
    for codes in valued.values():
        _double_counts(codes, database, problems)
    risk_variables = _risks(case, partner_index, uprate)
    if problems:
        raise ValidationError(named(problems, case_names(case)),
                              context=f"cannot project {case.name!r}")

    n_e, n_l, n_o = len(labels), len(l_label), len(theme_of)
    fiscal_value = np.zeros((n_e, n_p))
    cashable_share = np.zeros((n_e, n_p))
    transfer_share = np.zeros((n_e, n_p))
    if fiscal:
        e_at, p_at, value, cashable, transfer = zip(*fiscal, strict=True)
        fiscal_value[e_at, p_at] = value
        cashable_share[e_at, p_at] = cashable
        transfer_share[e_at, p_at] = transfer

    def floats(values: list[Any]) -> np.ndarray[Any, Any]:
        return np.array(values, dtype=float)

    E, L, I = D.EFFECT, D.COST_LINE, D.INTERVENTION  # noqa: E741
    data_vars: dict[str, Any] = {
        D.INTAKE: ((I, D.YEAR), intake),
        D.ENGAGEMENT: ((I,), engagement),
        D.EFFECT_INTERVENTION: ((E, I), OneHot(np.array(e_intervention, dtype=np.intp), n_i)),
        D.EFFECT_OUTCOME: ((E, D.OUTCOME), OneHot(np.array(e_outcome, dtype=np.intp), n_o)),
        **{name: ((E,), floats(fields[name])) for name in (
            D.BASELINE, D.IMPACT, D.DEADWEIGHT, D.DISPLACEMENT, D.ATTRIBUTION)},
        D.BENEFIT_OPTIMISM_BIAS: ((E,), floats(biases)),
        D.DROP_OFF: ((E,), floats(fields[D.DROP_OFF])),
        D.ECONOMIC_VALUE: ((E,), floats(economic)),
        D.SOCIAL_VALUE: ((E,), floats(social)),
        D.LAG: ((E,), np.array(fields[D.LAG], dtype=int)),
        D.DURATION: ((E,), np.array(fields[D.DURATION], dtype=int)),
        D.FISCAL_VALUE: ((E, D.PARTNER), fiscal_value),
        D.CASHABLE_SHARE: ((E, D.PARTNER), cashable_share),
        D.TRANSFER_SHARE: ((E, D.PARTNER), transfer_share),
        D.LINE_INTERVENTION: ((L, I), OneHot(np.array(l_intervention, dtype=np.intp), n_i)),
        D.LINE_PARTNER: ((L, D.PARTNER), OneHot(np.array(l_partner, dtype=np.intp), n_p)),
        D.LINE_AMOUNT: ((L, D.YEAR), np.array(l_amounts, dtype=float).reshape(n_l, n_y)),
        D.LINE_PER_PARTICIPANT: ((L,), floats(l_per_participant)),
        D.COST_OPTIMISM_BIAS: ((L,), floats(l_bias)),
        D.DISCOUNT_FACTOR: ((D.YEAR,), schedule.factors(n_y)),
        **_social_index(social_indices, n_e, n_y),
        D.SOCIAL_LOW: ((E,), floats(social_low)),
        D.SOCIAL_HIGH: ((E,), floats(social_high)),
        D.LINE_OB_UPPER: ((L,), floats(l_upper)),
        D.LINE_MITIGATION: ((L,), floats(l_mitigation)),
        **_weights(case),
        **risk_variables,
        **_interactions(case, e_intervention, e_outcome),
        **_reinvestment(case, partner_index),
    }
    coords: dict[str, Any] = {
        D.PARTNER: [p.id for p in partners],
        D.PARTNER_KIND: (D.PARTNER, [p.kind for p in partners]),
        D.DEPARTMENT: (D.PARTNER, [p.department or "" for p in partners]),
        D.YEAR: years,
        D.OUTCOME: list(outcome_index),
        D.THEME: (D.OUTCOME, theme_of),
        D.OUTCOME_UNIT: (D.OUTCOME, unit_of),
        I: [iv.id for iv in case.interventions],
        E: labels,
        L: l_label,
        D.LINE_CATEGORY: (L, l_category),
        D.EFFECT_PATH: (E, paths),
        D.EFFECT_NAME: (E, names),
        D.EFFECT_CONFIDENCE: (E, np.array(grades, dtype=int)),
        D.LINE_PATH: (L, l_path),
        D.LINE_NAME: (L, l_name),
        D.LINE_CONFIDENCE: (L, np.array(l_grade, dtype=int)),
        D.LINE_KIND: (L, l_kind),
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
    }
    return ResolvedInputs(data_vars, coords, attrs, uprate.traces)
