"""The accumulators of the case's indices: its partners (:class:`_Partners`), its
interventions with their intake and engagement (:class:`_Interventions`) and its
outcomes, numbered as first met, with their theme and unit (:class:`_Outcomes`).
Each hands its finished columns over with ``arrays()`` and ``coords()``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.model import Intervention, Partner

__all__: list[str] = []


class _Partners:
    """The partners' index (``index``: each partner's position by id) and coordinates:
    id, kind and department."""

    def __init__(self, partners: Sequence[Partner]) -> None:
        self._partners = partners
        self.index = {p.id: n for n, p in enumerate(partners)}

    def __len__(self) -> int:
        return len(self._partners)

    def coords(self) -> dict[str, Any]:
        """The partner coordinates: ids, kinds and departments (``""`` for none)."""
        partners = self._partners
        return {
            D.PARTNER: [p.id for p in partners],
            D.PARTNER_KIND: (D.PARTNER, [p.kind for p in partners]),
            D.DEPARTMENT: (D.PARTNER, [p.department or "" for p in partners]),
        }


class _Interventions:
    """The interventions' columns: their ids, intake by year and engagement, for ``n``
    interventions over ``years`` (the first the case's start year)."""

    def __init__(self, n: int, years: np.ndarray[Any, Any], start: int) -> None:
        self.ids: list[str] = []
        self._units: list[str] = []
        self._start = start
        self._intake = np.zeros((n, len(years)))
        self._engagement = np.zeros(n)

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, intervention: Intervention) -> int:
        """Add the next intervention; its position."""
        i = len(self.ids)
        self.ids.append(intervention.id)
        self._units.append(intervention.cohort.unit)
        self._engagement[i] = intervention.engagement
        for y, n in intervention.cohort.intake.items():
            self._intake[i, y - self._start] = n
        return i

    def arrays(self) -> dict[str, Any]:
        """The intake (intervention × year) and engagement (intervention) variables."""
        return {
            D.INTAKE: ((D.INTERVENTION, D.YEAR), self._intake),
            D.ENGAGEMENT: ((D.INTERVENTION,), self._engagement),
        }

    def coords(self) -> dict[str, Any]:
        """The intervention coordinates: the ids and what each cohort counts
        (``cohort_unit``, the unit of its participants)."""
        return {D.INTERVENTION: list(self.ids), D.COHORT_UNIT: (D.INTERVENTION, self._units)}


class _Outcomes:
    """The outcomes' index: each outcome's position, numbered as first met, with the
    theme of the intervention that first has it and its unit."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self._themes: list[str] = []
        self._units: list[str] = []

    def __len__(self) -> int:
        return len(self.index)

    def add(self, outcome: str, theme: str, unit: str) -> int:
        """The position of ``outcome``, added (with ``theme`` and ``unit``) when new."""
        o = self.index.get(outcome)
        if o is None:
            o = self.index[outcome] = len(self._themes)
            self._themes.append(theme)
            self._units.append(unit)
        return o

    def coords(self) -> dict[str, Any]:
        """The outcome coordinates: names, themes and units."""
        return {
            D.OUTCOME: list(self.index),
            D.THEME: (D.OUTCOME, self._themes),
            D.OUTCOME_UNIT: (D.OUTCOME, self._units),
        }
