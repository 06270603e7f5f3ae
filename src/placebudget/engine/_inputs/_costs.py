"""The cost lines accumulator (:class:`_CostLines`): one line at a time, its amounts
uprated to the price base and its optimism bias found; finished, the cost line variables
and coordinates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs._uprating import _Uprater
from placebudget.engine._onehot import OneHot
from placebudget.errors import Problem
from placebudget.model import NAME_SEPARATOR as SEP
from placebudget.model import CostLine, Intervention, financial_year_label
from placebudget.reference import capital_optimism_bias
from placebudget.units import money_per

__all__: list[str] = []

#: The per-line inputs, one entry a line, as floats.
_FLOAT_FIELDS = (D.LINE_PER_PARTICIPANT, D.COST_OPTIMISM_BIAS, D.LINE_OB_UPPER, D.LINE_MITIGATION)


class _CostLines:
    """The cost lines' columns, one entry a line.

    Owns the amounts by year and per participant at the price base, the optimism bias
    (with a capital line's upper bound and mitigation), each line's intervention and
    partner, and the coordinates (label, path, name, confidence, category, kind).

    Parameters
    ----------
    years
        The case's years.
    start
        Its start year.
    partner_index
        Each partner's position by id.
    uprate
        The uprater to the price base, which collects the problems and traces.
    grade_bias
        The optimism bias of each confidence grade.
    """

    def __init__(
        self,
        years: np.ndarray[Any, Any],
        start: int,
        partner_index: Mapping[str, int],
        uprate: _Uprater,
        grade_bias: Mapping[int, float],
    ) -> None:
        self._n_years = len(years)
        self._start = start
        self._partners = partner_index
        self._uprate = uprate
        self._grade_bias = grade_bias
        self._amounts: list[np.ndarray[Any, Any]] = []
        self._columns: dict[str, list[float]] = {name: [] for name in _FLOAT_FIELDS}
        self._intervention: list[int] = []
        self._partner: list[int] = []
        self._labels: list[str] = []
        self._paths: list[str] = []
        self._names: list[str] = []
        self._grades: list[int] = []
        self._categories: list[str] = []
        self._kinds: list[str] = []

    def __len__(self) -> int:
        return len(self._labels)

    def add(self, i: int, intervention: Intervention, j: int, line: CostLine, name: str) -> None:
        """Add ``line``, the ``j``-th of ``intervention`` (the ``i``-th), named ``name``
        within it: uprated, its optimism bias found, any problem recorded."""
        where = f"interventions[{i}].costs[{j}]"
        line_name = f"{intervention.id}{SEP}costs{SEP}{name}"
        factor = self._uprate.factor(line.price_year, where)
        source = line.description or "stated in the case"
        amounts = self._by_year(line, where, line_name, factor, source)
        per_participant = self._per_participant(
            line, intervention.cohort.unit, where, line_name, factor, source
        )
        bias, upper = self._optimism_bias(line, where)
        self._labels.append(f"{intervention.id}:{j}")
        self._paths.append(where)
        self._names.append(line_name)
        self._grades.append(line.confidence or 0)
        self._intervention.append(i)
        self._partner.append(self._partners[line.partner])
        self._categories.append(line.category)
        self._kinds.append(line.kind)
        self._amounts.append(amounts)
        columns = self._columns
        columns[D.LINE_PER_PARTICIPANT].append(per_participant)
        columns[D.COST_OPTIMISM_BIAS].append(bias)
        columns[D.LINE_OB_UPPER].append(upper)
        columns[D.LINE_MITIGATION].append(line.mitigation)

    def _by_year(
        self, line: CostLine, where: str, line_name: str, factor: float, source: str
    ) -> np.ndarray[Any, Any]:
        """The line's amounts by year at the price base, each traced."""
        amounts = np.zeros(self._n_years)
        for y, amount in line.amounts.items():
            amounts[y - self._start] = amount * factor
            self._uprate.record(
                path=f"{where}.amounts[{y}]",
                name=f"{line_name}{SEP}amounts{SEP}{y}",
                kind="cost",
                given=f"£{amount:,.2f} in {financial_year_label(y)}",
                source=source,
                published=float(amount),
                unit="GBP",
                price_year=line.price_year,
                factor=factor,
            )
        return amounts

    def _per_participant(
        self, line: CostLine, unit: str, where: str, line_name: str, factor: float, source: str
    ) -> float:
        """The line's amount per participant (counted in ``unit``) at the price base,
        traced; 0 for none."""
        if line.per_participant is None:
            return 0.0
        found = money_per(line.per_participant, unit)
        published = (
            float(
                line.per_participant.to(  # raises what does not fit
                    f"GBP / {unit}"
                ).magnitude
            )
            if found is None
            else found
        )
        self._uprate.record(
            path=f"{where}.per_participant",
            name=f"{line_name}{SEP}per_participant",
            kind="cost",
            given=line.per_participant,
            source=source,
            published=published,
            unit=f"GBP/{unit}",
            price_year=line.price_year,
            factor=factor,
        )
        return published * factor

    def _optimism_bias(self, line: CostLine, where: str) -> tuple[float, float]:
        """The line's optimism bias and, for a capital line of a project type, its upper
        bound before mitigation (NaN for other lines)."""
        if line.project_type is not None:
            capital = capital_optimism_bias()
            if line.project_type in capital.types:
                upper = capital.types[line.project_type].capex_upper
                return upper * (1 - line.mitigation), upper
            self._uprate.problems.append(
                Problem(
                    f"{where}.project_type",
                    "is not a project type of the capital "
                    f"optimism bias table {capital.name} (types: "
                    f"{', '.join(capital.types)})",
                    line.project_type,
                )
            )
            return 0.0, np.nan
        if line.optimism_bias is not None:
            return line.optimism_bias, np.nan
        assert line.confidence is not None  # guaranteed by CostLine
        return self._grade_bias[line.confidence], np.nan

    def arrays(self, n_interventions: int) -> dict[str, Any]:
        """The cost line variables: the maps to interventions and partners (``OneHot``),
        the amounts (line × year) and the columns."""
        L = D.COST_LINE
        return {
            D.LINE_INTERVENTION: (
                (L, D.INTERVENTION),
                OneHot(np.array(self._intervention, dtype=np.intp), n_interventions),
            ),
            D.LINE_PARTNER: (
                (L, D.PARTNER),
                OneHot(np.array(self._partner, dtype=np.intp), len(self._partners)),
            ),
            D.LINE_AMOUNT: (
                (L, D.YEAR),
                np.array(self._amounts, dtype=float).reshape(len(self), self._n_years),
            ),
            **{
                name: ((L,), np.array(column, dtype=float))
                for name, column in self._columns.items()
            },
        }

    def coords(self) -> dict[str, Any]:
        """The cost line coordinates: labels (``intervention:position``), categories,
        paths, names by ids, confidence grades (0 for none) and kinds."""
        L = D.COST_LINE
        return {
            L: self._labels,
            D.LINE_CATEGORY: (L, self._categories),
            D.LINE_PATH: (L, self._paths),
            D.LINE_NAME: (L, self._names),
            D.LINE_CONFIDENCE: (L, np.array(self._grades, dtype=int)),
            D.LINE_KIND: (L, self._kinds),
        }
