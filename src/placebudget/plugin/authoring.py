"""Building blocks for theme plugins.

A theme is usually a cohort, a handful of outcome lines and some cost lines, each rate a
documented parameter. :func:`cohort_parameters` and :func:`outcome_parameters` write the
usual :class:`~placebudget.plugin.ParameterSpec` records; :class:`OutcomeTemplate` turns the
resolved parameters into an :class:`~placebudget.model.Effect`; :func:`theme_place` and
:func:`theme_case` build a place and a case around a theme, for tests and examples.

Examples
--------
>>> from placebudget.plugin.authoring import Evidence, OutcomeTemplate, outcome_parameters
>>> arrests = OutcomeTemplate(
...     outcome="arrest", unit="arrest", description="Arrests.",
...     fiscal={"police": "ucd:CR6.0"}, duration=2)
>>> specs = outcome_parameters(
...     "arrest", "arrests per person per year",
...     baseline=Evidence(0.4, "judgement: illustrative", 6),
...     impact=Evidence(0.2, "judgement: illustrative", 6),
...     deadweight=Evidence(0.3, "judgement: illustrative", 6))
>>> values = {s.name: s.default for s in specs}
>>> effect = arrests.effect(values, specs)
>>> effect.baseline, effect.impact, effect.deadweight, effect.confidence
(0.4, 0.2, 0.3, 6)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from placebudget.model import (
    PARTNER_KIND_DEPARTMENTS,
    BusinessCase,
    Effect,
    Partner,
    Place,
    UnitValue,
)
from placebudget.model.themes import ParameterSpec, ThemeSpec

__all__ = [
    "Evidence",
    "OutcomeTemplate",
    "cohort_parameters",
    "intake",
    "outcome_parameters",
    "theme_case",
    "theme_place",
]


@attrs.frozen
class Evidence:
    """A default value with its source and confidence grade."""

    value: float
    """The default."""
    source: str
    """Where it comes from, with the year; ``"judgement: …"`` when it is a judgement."""
    confidence: int
    """Evidence confidence grade, 1 (audited, local, recent) to 6 (judgement)."""


def cohort_parameters(
    unit: str,
    *,
    per_year: Evidence,
    engagement: Evidence,
    start_year: int = 2023,
    intake_years: int = 3,
) -> list[ParameterSpec]:
    """``start_year``, ``intake_years``, ``intake_per_year`` and ``engagement``."""
    return [
        ParameterSpec(
            name="start_year",
            default=start_year,
            minimum=1990,
            maximum=2100,
            description="first financial year of intake (2023 = 2023/24)",
            source="choice of the case",
        ),
        ParameterSpec(
            name="intake_years",
            default=intake_years,
            minimum=1,
            maximum=50,
            description="number of consecutive years with intake",
            source="choice of the case",
        ),
        ParameterSpec(
            name="intake_per_year",
            default=float(per_year.value),
            minimum=0,
            description=f"{unit}s entering each year",
            source=per_year.source,
            confidence=per_year.confidence,
        ),
        ParameterSpec(
            name="engagement",
            default=engagement.value,
            minimum=0,
            maximum=1,
            description="share of those entering who engage",
            source=engagement.source,
            confidence=engagement.confidence,
        ),
    ]


def intake(values: Mapping[str, Any]) -> dict[int, float]:
    """Intake by financial year from the cohort parameters."""
    start = int(values["start_year"])
    return {start + k: float(values["intake_per_year"]) for k in range(values["intake_years"])}


def outcome_parameters(
    outcome: str, baseline_unit: str, *, baseline: Evidence, impact: Evidence, deadweight: Evidence
) -> list[ParameterSpec]:
    """``<outcome>_baseline``, ``<outcome>_impact`` and ``<outcome>_deadweight``."""
    return [
        ParameterSpec(
            name=f"{outcome}_baseline",
            default=float(baseline.value),
            minimum=0,
            description=f"{baseline_unit} before the intervention",
            source=baseline.source,
            confidence=baseline.confidence,
        ),
        ParameterSpec(
            name=f"{outcome}_impact",
            default=float(impact.value),
            minimum=0,
            maximum=1,
            description=f"proportional reduction in {outcome}",
            source=impact.source,
            confidence=impact.confidence,
        ),
        ParameterSpec(
            name=f"{outcome}_deadweight",
            default=float(deadweight.value),
            minimum=0,
            maximum=1,
            description=f"share of the change in {outcome} that would have happened anyway",
            source=deadweight.source,
            confidence=deadweight.confidence,
        ),
    ]


@attrs.frozen(kw_only=True)
class OutcomeTemplate:
    """The fixed part of an outcome line; the rates come from parameters."""

    outcome: str
    """Outcome id."""
    unit: str
    """What is counted (``"incident"``, ``"person_year"``)."""
    description: str
    """What the outcome is."""
    fiscal: Mapping[str, str | UnitValue] = attrs.field(factory=dict)
    """Partner → value (``"ucd:CODE"`` or a UnitValue)."""
    cashable: Mapping[str, float] = attrs.field(factory=dict)
    """Partner → cashable share of its value (0 when not given)."""
    economic: str | UnitValue | None = None
    """Economic value per unit, if any."""
    lag: int = 0
    """Years from intake to the first change."""
    duration: int = 1
    """Years the change lasts."""
    drop_off: float = 0.0
    """Yearly decay of the change after the first year."""

    def effect(self, values: Mapping[str, Any], specs: Sequence[ParameterSpec]) -> Effect:
        """The Effect with this outcome's resolved parameters; its confidence grade is the
        weakest of the grades of its baseline, impact and deadweight."""
        names = [f"{self.outcome}_{k}" for k in ("baseline", "impact", "deadweight")]
        grades = [s.confidence for s in specs if s.name in names and s.confidence]
        fiscal: dict[str, UnitValue] = {}
        for partner, value in self.fiscal.items():
            unit_value = value if isinstance(value, UnitValue) else UnitValue(value)
            share = self.cashable.get(partner, 0.0)
            fiscal[partner] = attrs.evolve(unit_value, cashable=share)
        return Effect(
            outcome=self.outcome,
            unit=self.unit,
            description=self.description,
            baseline=values[names[0]],
            impact=values[names[1]],
            deadweight=values[names[2]],
            lag=self.lag,
            duration=self.duration,
            drop_off=self.drop_off,
            confidence=max(grades) if grades else 6,
            fiscal=fiscal,
            economic=self.economic,
            source="; ".join(dict.fromkeys(s.source for s in specs if s.name in names)),
        )


def theme_place(spec: ThemeSpec, *, place_id: str = "place", name: str = "Example place") -> Place:
    """A place with exactly the partners ``spec`` refers to."""
    return Place(
        id=place_id,
        name=name,
        partners=[
            Partner(
                id=pid,
                name=pid.replace("_", " ").title(),
                kind=kind,
                department=PARTNER_KIND_DEPARTMENTS.get(kind),
            )
            for pid, kind in spec.partners.items()
        ],
    )


def theme_case(
    spec: ThemeSpec,
    overrides: Mapping[str, Any] | None = None,
    *,
    horizon: int = 10,
    price_year: int | None = None,
) -> BusinessCase:
    """A case of ``spec``'s interventions in :func:`theme_place`, starting in the theme's
    ``start_year`` (or 2023) and priced in that year unless told otherwise."""
    values = spec.resolve(overrides)
    start = int(values.get("start_year", 2023))
    case = BusinessCase(
        name=spec.title,
        place=theme_place(spec),
        interventions=spec.interventions(overrides),
        start_year=start,
        horizon=horizon,
        price_year=price_year or start,
        description=spec.description,
    )
    if not spec.unit_costs:
        return case
    # the theme's codes are written for its edition: pinned, so that running the case
    # against another database warns about each code whose meaning changed
    return attrs.evolve(case, unit_costs=spec.unit_costs, codes_edition=spec.unit_costs)
