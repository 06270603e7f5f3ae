"""The effects accumulator (:class:`_Effects`): one effect at a time, its values
resolved (fiscal by partner, economic, social) and its columns appended; finished, the
effect variables and coordinates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs._uprating import _Uprater
from placebudget.engine._inputs._values import (
    _NO_SOCIAL,
    _amount,
    _appraisal_amount,
    _double_counts,
    _SocialValue,
)
from placebudget.engine._onehot import OneHot
from placebudget.model import NAME_SEPARATOR as SEP
from placebudget.model import Effect, Intervention, UnitValue
from placebudget.reference import UnitCostDatabase

__all__: list[str] = []

#: The per-effect inputs read straight from each effect.
_EFFECT_FIELDS = (
    D.BASELINE,
    D.IMPACT,
    D.DEADWEIGHT,
    D.DISPLACEMENT,
    D.ATTRIBUTION,
    D.LAG,
    D.DURATION,
    D.DROP_OFF,
)

#: Those of them counted in whole years.
_WHOLE_YEARS = (D.LAG, D.DURATION)

#: The per-effect inputs resolved from the case: optimism bias, the economic and social
#: values per outcome unit, and the range of a Green Book social value.
_RESOLVED_FIELDS = (
    D.BENEFIT_OPTIMISM_BIAS,
    D.ECONOMIC_VALUE,
    D.SOCIAL_VALUE,
    D.SOCIAL_LOW,
    D.SOCIAL_HIGH,
)


class _Effects:
    """The effects' columns, one entry an effect.

    Owns the effect fields (baseline, impact, deadweight, displacement, attribution, lag,
    duration, drop-off), the optimism bias, the economic and social values with a Green
    Book value's range and year profile, the fiscal values with their cashable and
    transfer shares (effect × partner), each effect's intervention and outcome, and the
    coordinates (label, path, name, confidence); and, to check them when all are in, the
    database codes valuing each outcome of each intervention.

    Parameters
    ----------
    years
        The case's years.
    partner_index
        Each partner's position by id.
    database
        The unit cost database ``ucd:`` codes are looked up in.
    uprate
        The uprater to the price base, which collects the problems and traces.
    grade_bias
        The optimism bias of each confidence grade.
    """

    def __init__(
        self,
        years: np.ndarray[Any, Any],
        partner_index: Mapping[str, int],
        database: UnitCostDatabase,
        uprate: _Uprater,
        grade_bias: Mapping[int, float],
    ) -> None:
        self._years = years
        self._partners = partner_index
        self._database = database
        self._uprate = uprate
        self._grade_bias = grade_bias
        self._columns: dict[str, list[Any]] = {
            name: [] for name in (*_EFFECT_FIELDS, *_RESOLVED_FIELDS)
        }
        self._labels: list[str] = []
        self._paths: list[str] = []
        self._names: list[str] = []
        self._grades: list[int] = []
        self._directions: list[int] = []
        #: Each effect's intervention and outcome (positions).
        self.intervention_of: list[int] = []
        self.outcome_of: list[int] = []
        # (effect, partner, value, cashable, transfer) of every fiscal value resolved
        self._fiscal: list[tuple[int, int, float, float, float]] = []
        # the year profile of each effect's social value that changes by year
        self._social_indices: dict[int, np.ndarray[Any, Any]] = {}
        # (intervention, outcome, kind) → database codes valuing it, with their paths
        self._valued: dict[tuple[int, str, str], list[tuple[str, str]]] = {}
        #: The Green Book appraisal values used (codes).
        self.appraisal_codes: set[str] = set()
        #: Whether each effect's social value is a health value.
        self.health_of: list[bool] = []

    def __len__(self) -> int:
        return len(self._labels)

    def add(self, i: int, o: int, intervention: Intervention, j: int, effect: Effect) -> None:
        """Add ``effect``, the ``j``-th of ``intervention`` (the ``i``-th), on outcome
        ``o``: its values resolved, any problem recorded."""
        e = len(self._labels)
        where = f"interventions[{i}].effects[{j}]"
        name = f"{intervention.id}{SEP}{effect.outcome}"
        self._add_fiscal(e, i, effect, where, name)
        extra, social = self._resolve_extra(i, effect, where, name)
        if social.index is not None:
            self._social_indices[e] = social.index
        if effect.optimism_bias is not None:
            bias = effect.optimism_bias
        else:
            assert effect.confidence is not None  # guaranteed by Effect
            bias = self._grade_bias[effect.confidence]
        self._labels.append(f"{intervention.id}:{effect.outcome}")
        self._paths.append(where)
        self._names.append(name)
        self._grades.append(effect.confidence or 0)
        self._directions.append(effect.direction)
        self.intervention_of.append(i)
        self.outcome_of.append(o)
        self.health_of.append(effect.health_valued)
        columns = self._columns
        for field in _EFFECT_FIELDS:
            columns[field].append(getattr(effect, field))
        columns[D.BENEFIT_OPTIMISM_BIAS].append(bias)
        columns[D.ECONOMIC_VALUE].append(extra["economic"])
        columns[D.SOCIAL_VALUE].append(extra["social"])
        columns[D.SOCIAL_LOW].append(social.low)
        columns[D.SOCIAL_HIGH].append(social.high)

    def _add_fiscal(self, e: int, i: int, effect: Effect, where: str, name: str) -> None:
        """Resolve the fiscal values of effect ``e`` (of intervention ``i``, at
        ``where``, named ``name``), partner by partner."""
        codes = (
            self._valued.setdefault((i, effect.outcome, "fiscal"), []) if effect.fiscal else None
        )
        for partner, raw in effect.fiscal.items():
            resolved = _amount(
                raw,
                "fiscal",
                effect.unit,
                where,
                partner,
                (name, "fiscal", partner),
                self._database,
                self._uprate,
                codes,
            )
            if resolved is not None:
                self._fiscal.append((e, self._partners[partner], *resolved))

    def _resolve_extra(
        self, i: int, effect: Effect, where: str, name: str
    ) -> tuple[dict[str, float], _SocialValue]:
        """The economic and social values of an effect (0 for none or one that cannot
        be had) and what a Green Book value adds to it."""
        extra = {"economic": 0.0, "social": 0.0}
        social = _NO_SOCIAL
        for kind in ("economic", "social"):
            raw: UnitValue | None = getattr(effect, kind)
            if raw is None:
                continue
            if raw.appraisal_code is not None:
                if social is _NO_SOCIAL:
                    social = _SocialValue(self._years)
                found = _appraisal_amount(
                    raw, effect.unit, f"{where}.{kind}", (name, kind), self._uprate, social
                )
                if found is not None:
                    extra[kind] = found
                    self.appraisal_codes.add(social.code or "")
            else:
                resolved = _amount(
                    raw,
                    kind,
                    effect.unit,
                    where,
                    None,
                    (name, kind),
                    self._database,
                    self._uprate,
                    self._valued.setdefault((i, effect.outcome, kind), []),
                )
                if resolved is not None:
                    extra[kind] = resolved[0]
        return extra, social

    def check_double_counts(self) -> None:
        """Record a problem for each outcome valued by a database line together with a
        constituent of it."""
        for codes in self._valued.values():
            _double_counts(codes, self._database, self._uprate.problems)

    def arrays(self, n_interventions: int, n_outcomes: int) -> dict[str, Any]:
        """The effect variables: the maps to interventions and outcomes (``OneHot``), the
        columns, the fiscal values and shares (effect × partner) and the social values'
        year profile (only when one changes by year)."""
        E = D.EFFECT
        columns = self._columns
        n_e, n_p = len(self), len(self._partners)
        fiscal_value = np.zeros((n_e, n_p))
        cashable_share = np.zeros((n_e, n_p))
        transfer_share = np.zeros((n_e, n_p))
        if self._fiscal:
            e_at, p_at, value, cashable, transfer = zip(*self._fiscal, strict=True)
            fiscal_value[e_at, p_at] = value
            cashable_share[e_at, p_at] = cashable
            transfer_share[e_at, p_at] = transfer
        return {
            D.EFFECT_INTERVENTION: (
                (E, D.INTERVENTION),
                OneHot(np.array(self.intervention_of, dtype=np.intp), n_interventions),
            ),
            D.EFFECT_OUTCOME: (
                (E, D.OUTCOME),
                OneHot(np.array(self.outcome_of, dtype=np.intp), n_outcomes),
            ),
            **{
                name: ((E,), np.array(column, dtype=int if name in _WHOLE_YEARS else float))
                for name, column in columns.items()
            },
            D.FISCAL_VALUE: ((E, D.PARTNER), fiscal_value),
            D.CASHABLE_SHARE: ((E, D.PARTNER), cashable_share),
            D.TRANSFER_SHARE: ((E, D.PARTNER), transfer_share),
            **self._social_index(),
            **self._direction(),
        }

    def _direction(self) -> dict[str, Any]:
        """Each effect's direction (1 reduces its outcome, −1 increases it), only when
        one increases it (none: every effect reduces its outcome)."""
        if all(d == 1 for d in self._directions):
            return {}
        return {D.EFFECT_DIRECTION: ((D.EFFECT,), np.array(self._directions, dtype=float))}

    def _social_index(self) -> dict[str, Any]:
        """The year profile of the social values, only when one changes by year (none:
        the engine takes the values as they are)."""
        if not self._social_indices:
            return {}
        index = np.ones((len(self), len(self._years)))
        for e, by_year in self._social_indices.items():
            index[e] = by_year
        return {D.SOCIAL_INDEX: ((D.EFFECT, D.YEAR), index)}

    def coords(self) -> dict[str, Any]:
        """The effect coordinates: labels (``intervention:outcome``), paths, names by
        ids and confidence grades (0 for none)."""
        E = D.EFFECT
        return {
            E: self._labels,
            D.EFFECT_PATH: (E, self._paths),
            D.EFFECT_NAME: (E, self._names),
            D.EFFECT_CONFIDENCE: (E, np.array(self._grades, dtype=int)),
        }
