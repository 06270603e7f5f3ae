"""Work and skills: employment and skills support for people out of work.

Outcome lines, with Unit Cost Database v1.4 values: Jobseeker's Allowance claimants moving
into work (E&E1.0.1 DWP, E&E1.0.2 NHS), Employment and Support Allowance claimants moving
into work (E&E2.0.1 DWP, E&E2.0.2 NHS) — the DWP lines are benefits no longer paid,
transfer payments that count in the financial case but not in public value — and NVQ level
2 qualifications gained (the economic value of E&S5.0, the earnings gain).

Deadweight is high in employment programmes because many participants find work anyway;
the rates are judgements graded 5 or 6.
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

NAME = "work-skills"

_MIX = "judgement: the claimant mix of a local employment programme"
_IMPACT = "judgement: additional job entries of the size local programmes report"
_DEADWEIGHT = "judgement: many participants would find work without support"

OUTCOMES = (
    OutcomeTemplate(
        outcome="jsa_into_work",
        unit="person_year",
        description="Jobseeker's Allowance claimants in work.",
        fiscal={"dwp": "ucd:E&E1.0.1", "nhs": "ucd:E&E1.0.2"},
        cashable={"dwp": 1.0},
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="esa_into_work",
        unit="person_year",
        description="Employment and Support Allowance claimants in work.",
        fiscal={"dwp": "ucd:E&E2.0.1", "nhs": "ucd:E&E2.0.2"},
        cashable={"dwp": 1.0},
        lag=1,
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="level_2_qualification",
        unit="person_year",
        description="Adults holding an NVQ level 2 they would not have had "
        "(earnings gain per year).",
        economic="ucd:E&S5.0",
        duration=3,
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "person", per_year=Evidence(400, "judgement", 5), engagement=Evidence(0.75, "judgement", 5)
    ),
    *outcome_parameters(
        "jsa_into_work",
        "Jobseeker's Allowance claimants per participant",
        baseline=Evidence(0.7, _MIX, 5),
        impact=Evidence(0.15, _IMPACT, 5),
        deadweight=Evidence(0.5, _DEADWEIGHT, 5),
    ),
    *outcome_parameters(
        "esa_into_work",
        "ESA claimants per participant",
        baseline=Evidence(0.3, _MIX, 5),
        impact=Evidence(0.08, _IMPACT, 6),
        deadweight=Evidence(0.3, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "level_2_qualification",
        "participants without a level 2 qualification",
        baseline=Evidence(0.5, _MIX, 5),
        impact=Evidence(0.2, _IMPACT, 5),
        deadweight=Evidence(0.3, _DEADWEIGHT, 5),
    ),
    ParameterSpec(
        name="cost_per_participant",
        default=1200.0,
        minimum=0,
        description="adviser time, training and in-work support per engaged "
        "participant (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
    ParameterSpec(
        name="running_cost",
        default=80000.0,
        minimum=0,
        description="programme management per year of intake (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """Employment and skills support."""
    years = intake(values)
    return [
        Intervention(
            id="employment_support",
            name="Employment and skills support",
            theme="work_and_skills",
            description="Key adviser, skills training and in-work support.",
            cohort=pb.Cohort(id="out_of_work", unit="person", intake=years),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="dwp",
                    per_participant=f"{values['cost_per_participant']} GBP/person",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Advisers, training and in-work support.",
                ),
                CostLine(
                    partner="council",
                    amounts=dict.fromkeys(years, values["running_cost"]),
                    price_year=2013,
                    category="running",
                    confidence=4,
                    description="Programme management.",
                ),
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Work and skills",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={"dwp": "dwp", "nhs": "nhs", "council": "local_authority"},
    parameters=PARAMETERS,
    build=build,
    unit_costs="ucd-v1.4",  # its ucd: codes are those of the Unit Cost Database v1.4
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The work and skills theme."""
    return [theme]
