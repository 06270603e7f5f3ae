"""Reducing reoffending: intensive offender management for adults.

Outcome lines, with Unit Cost Database v1.2 values: arrests (CR6.0, police), court events
for indictable offences (CR5.9, courts) and years in prison (CR3.0, prisons).

The Ministry of Justice's proven reoffending statistics put the one-year proven
reoffending rate of adult offenders at around a quarter; the baselines here are of that
order for a cohort selected as prolific, and the impact is a judgement graded 5.
"""

from __future__ import annotations

from typing import Any

import placebudget as pb
from placebudget.model import CostLine, Intervention
from placebudget.plugin import ParameterSpec, ThemeSpec
from placebudget.plugin.authoring import (
    Evidence,
    OutcomeTemplate,
    cohort_parameters,
    intake,
    outcome_parameters,
)

__all__ = ["NAME", "PARAMETERS", "build", "placebudget_themes", "theme"]

NAME = "reducing-reoffending"

_BASELINE = (
    "judgement informed by the Ministry of Justice proven reoffending statistics "
    "(one-year adult proven reoffending rate of around a quarter), raised for a "
    "cohort selected as prolific"
)
_IMPACT = "judgement: a modest reduction, as in most offender management evaluations"

OUTCOMES = (
    OutcomeTemplate(
        outcome="arrest",
        unit="item",
        description="Arrests (detained).",
        fiscal={"police": "ucd:CR6.0"},
        cashable={"police": 0.1},
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="court_event",
        unit="event",
        description="Court events for indictable offences.",
        fiscal={"courts": "ucd:CR5.9"},
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="prison_year",
        unit="person_year",
        description="Years spent in prison.",
        fiscal={"prisons": "ucd:CR3.0"},
        cashable={"prisons": 0.2},
        lag=1,
        duration=2,
        drop_off=0.2,
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "person",
        per_year=Evidence(150, "judgement: prolific offenders in a mid-sized area", 5),
        engagement=Evidence(0.8, "judgement: supervision is a condition of the order", 5),
    ),
    *outcome_parameters(
        "arrest",
        "arrests per person per year",
        baseline=Evidence(1.5, _BASELINE, 5),
        impact=Evidence(0.2, _IMPACT, 5),
        deadweight=Evidence(0.2, "judgement", 5),
    ),
    *outcome_parameters(
        "court_event",
        "court events per person per year",
        baseline=Evidence(0.8, _BASELINE, 5),
        impact=Evidence(0.2, _IMPACT, 5),
        deadweight=Evidence(0.2, "judgement", 5),
    ),
    *outcome_parameters(
        "prison_year",
        "years in prison per person per year",
        baseline=Evidence(0.15, _BASELINE, 5),
        impact=Evidence(0.15, _IMPACT, 5),
        deadweight=Evidence(0.2, "judgement", 5),
    ),
    ParameterSpec(
        name="cost_per_offender",
        default=2500.0,
        minimum=0,
        description="offender manager, mentoring and treatment per engaged "
        "offender (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """Intensive offender management."""
    return [
        Intervention(
            id="integrated_offender_management",
            name="Integrated offender management",
            theme="reducing_reoffending",
            description="Joint police and probation management with mentoring and treatment.",
            cohort=pb.Cohort(id="prolific_offenders", unit="person", intake=intake(values)),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="probation",
                    per_participant=f"{values['cost_per_offender']} GBP/person",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Offender managers and mentoring.",
                )
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Reducing reoffending",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={
        "probation": "probation",
        "police": "police",
        "courts": "courts",
        "prisons": "prisons",
    },
    parameters=PARAMETERS,
    build=build,
    unit_costs="ucd-v1.2",  # its ucd: codes are those of the Unit Cost Database v1.2
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The reducing reoffending theme."""
    return [theme]
