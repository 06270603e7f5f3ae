"""Health and social care integration: care coordination for older people at risk of
emergency hospital admission.

Outcome lines, with Unit Cost Database v1.2 values: non-elective admissions (HE6.0.2,
NHS), A&E attendances (HE3.0, NHS) and weeks in residential care (SS7.1, council,
converted to years).

The evidence on admissions is weak: the national evaluation of the Department of
Health's Integrated Care Pilots (RAND Europe and Ernst & Young, 2012) did not find a fall
in emergency admissions. Impact rates are judgements graded 6; replace them with local
evidence.
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

NAME = "health-social-care"

_RISK = (
    "judgement: people selected by a risk-stratification tool as at high risk of an "
    "emergency admission in the next year"
)
_IMPACT = (
    "judgement: the Integrated Care Pilots evaluation (RAND Europe and Ernst & "
    "Young 2012) did not find a fall in emergency admissions"
)
_DEADWEIGHT = "judgement: high-risk patients' use regresses towards the mean"

OUTCOMES = (
    OutcomeTemplate(
        outcome="emergency_admission",
        unit="episode",
        description="Non-elective hospital admissions.",
        fiscal={"nhs": "ucd:HE6.0.2"},
        cashable={"nhs": 0.3},
    ),
    OutcomeTemplate(
        outcome="a_and_e_attendance",
        unit="incident",
        description="A&E attendances.",
        fiscal={"nhs": "ucd:HE3.0"},
        cashable={"nhs": 0.2},
    ),
    OutcomeTemplate(
        outcome="residential_care",
        unit="person_year",
        description="Years older people spend in residential care.",
        fiscal={"council": "ucd:SS7.1"},
        cashable={"council": 0.5},
        lag=1,
        duration=2,
        drop_off=0.2,
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "person",
        per_year=Evidence(
            500, "judgement: the top few per cent of a CCG's registered population by risk score", 5
        ),
        engagement=Evidence(0.7, "judgement", 5),
    ),
    *outcome_parameters(
        "emergency_admission",
        "non-elective admissions per person per year",
        baseline=Evidence(0.8, _RISK, 5),
        impact=Evidence(0.1, _IMPACT, 6),
        deadweight=Evidence(0.3, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "a_and_e_attendance",
        "A&E attendances per person per year",
        baseline=Evidence(1.2, _RISK, 5),
        impact=Evidence(0.1, _IMPACT, 6),
        deadweight=Evidence(0.3, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "residential_care",
        "people entering residential care per person in the cohort",
        baseline=Evidence(0.08, _RISK, 5),
        impact=Evidence(0.2, "judgement", 6),
        deadweight=Evidence(0.4, _DEADWEIGHT, 6),
    ),
    ParameterSpec(
        name="nhs_cost_per_person",
        default=500.0,
        minimum=0,
        description="care coordinator and community nursing time per engaged "
        "person (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
    ParameterSpec(
        name="council_cost_per_person",
        default=400.0,
        minimum=0,
        description="social care assessment and reablement per engaged person (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
    ParameterSpec(
        name="running_cost",
        default=120000.0,
        minimum=0,
        description="integrated team management per year of intake (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """Care coordination for people at high risk of admission."""
    years = intake(values)
    return [
        Intervention(
            id="care_coordination",
            name="Integrated care coordination",
            theme="health_and_social_care",
            description="A named coordinator, a shared care plan and rapid community response.",
            cohort=pb.Cohort(id="high_risk", unit="person", intake=years),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="nhs",
                    per_participant=f"{values['nhs_cost_per_person']} GBP/person",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Care coordinators and community nursing.",
                ),
                CostLine(
                    partner="council",
                    per_participant=f"{values['council_cost_per_person']} GBP/person",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Social care assessment and reablement.",
                ),
                CostLine(
                    partner="council",
                    amounts=dict.fromkeys(years, values["running_cost"]),
                    price_year=2013,
                    category="running",
                    confidence=4,
                    description="Integrated team management.",
                ),
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Health and social care integration",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={"nhs": "nhs", "council": "local_authority"},
    parameters=PARAMETERS,
    build=build,
    unit_costs="ucd-v1.2",  # its ucd: codes are those of the Unit Cost Database v1.2
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The health and social care integration theme."""
    return [theme]
