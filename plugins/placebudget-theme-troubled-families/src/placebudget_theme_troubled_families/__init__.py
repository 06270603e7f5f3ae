"""Troubled families: a key worker and one plan for each family with multiple problems.

Outcome lines, with Unit Cost Database v1.2 values: domestic abuse incidents (CR2.0.1
NHS, CR2.0.3 police, CR2.0.4 council), anti-social behaviour incidents (CR1.0 police),
persistent truancy (E&S1.0.1 council, E&S1.0.2 NHS, E&S1.0.3 police), adults moving
into work (E&E1.0.1 DWP, E&E1.0.2 NHS) and years children spend in care (SS1.0
council).

The evidence on impact is weak: the national evaluation of the 2015-2020 programme
(Bewley et al., NIESR for DCLG, 2016) found no significant programme-wide effect on these
outcomes. Rates here are therefore judgements, graded 5 or 6 so that optimism bias cuts
them hard; replace them with local evidence.
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

NAME = "troubled-families"

_PREVALENCE = (
    "judgement: order of magnitude of the problems families in the first "
    "troubled families programme had (DCLG 2014, Understanding Troubled "
    "Families); not a figure taken from it"
)
_IMPACT = (
    "judgement: the national evaluation (Bewley et al. 2016, NIESR for DCLG) found "
    "no significant programme-wide impact; a modest local effect is assumed"
)
_DEADWEIGHT = "judgement: families' circumstances often improve without the programme"

OUTCOMES = (
    OutcomeTemplate(
        outcome="domestic_abuse",
        unit="incident",
        description="Police-recorded domestic abuse incidents.",
        fiscal={"nhs": "ucd:CR2.0.1", "police": "ucd:CR2.0.3", "council": "ucd:CR2.0.4"},
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="anti_social_behaviour",
        unit="incident",
        description="Anti-social behaviour incidents needing police action.",
        fiscal={"police": "ucd:CR1.0"},
        cashable={"police": 0.1},
        duration=2,
        drop_off=0.4,
    ),
    OutcomeTemplate(
        outcome="persistent_truancy",
        unit="person_year",
        description="Children persistently absent from school.",
        fiscal={"council": "ucd:E&S1.0.1", "nhs": "ucd:E&S1.0.2", "police": "ucd:E&S1.0.3"},
        duration=2,
        drop_off=0.2,
    ),
    OutcomeTemplate(
        outcome="adult_into_work",
        unit="person_year",
        description="Workless adults on Jobseeker's Allowance moving into work.",
        fiscal={"dwp": "ucd:E&E1.0.1", "nhs": "ucd:E&E1.0.2"},
        cashable={"dwp": 1.0},
        lag=1,
        duration=2,
        drop_off=0.25,
    ),
    OutcomeTemplate(
        outcome="child_into_care",
        unit="person_year",
        description="Years children spend in care.",
        fiscal={"council": "ucd:SS1.0"},
        cashable={"council": 0.5},
        duration=3,
        drop_off=0.1,
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "family",
        per_year=Evidence(200, "judgement: a mid-sized borough's yearly share", 5),
        engagement=Evidence(0.8, "judgement: most families accept a key worker", 5),
    ),
    *outcome_parameters(
        "domestic_abuse",
        "incidents per family per year",
        baseline=Evidence(0.6, _PREVALENCE, 5),
        impact=Evidence(0.25, _IMPACT, 6),
        deadweight=Evidence(0.3, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "anti_social_behaviour",
        "incidents per family per year",
        baseline=Evidence(1.5, _PREVALENCE, 5),
        impact=Evidence(0.3, _IMPACT, 6),
        deadweight=Evidence(0.3, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "persistent_truancy",
        "persistently absent children per family",
        baseline=Evidence(0.5, _PREVALENCE, 5),
        impact=Evidence(0.25, _IMPACT, 6),
        deadweight=Evidence(0.3, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "adult_into_work",
        "adults on Jobseeker's Allowance per family",
        baseline=Evidence(1.0, _PREVALENCE, 5),
        impact=Evidence(0.1, _IMPACT, 6),
        deadweight=Evidence(0.4, _DEADWEIGHT, 6),
    ),
    *outcome_parameters(
        "child_into_care",
        "children at risk of entering care per family",
        baseline=Evidence(0.05, _PREVALENCE, 5),
        impact=Evidence(0.2, _IMPACT, 6),
        deadweight=Evidence(0.4, _DEADWEIGHT, 6),
    ),
    ParameterSpec(
        name="key_worker_cost",
        default=3400.0,
        minimum=0,
        description="key worker time and family budget per engaged family (GBP, 2013 prices)",
        source="judgement: the size of the per-family attachment fees of the national programme",
        confidence=4,
    ),
    ParameterSpec(
        name="running_cost",
        default=180000.0,
        minimum=0,
        description="team management and case system per year of intake (GBP, 2013 prices)",
        source="judgement",
        confidence=5,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """The key worker programme with the given parameters."""
    years = intake(values)
    return [
        Intervention(
            id="key_workers",
            name="Family key workers",
            theme="troubled_families",
            description="A dedicated key worker and one family plan for 12 to 18 months.",
            cohort=pb.Cohort(id="families", unit="family", intake=years),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="council",
                    per_participant=f"{values['key_worker_cost']} GBP/family",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Key worker time and a flexible family budget.",
                ),
                CostLine(
                    partner="council",
                    amounts=dict.fromkeys(years, values["running_cost"]),
                    price_year=2013,
                    category="running",
                    confidence=5,
                    description="Team management and case system.",
                ),
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Troubled families",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else "Troubled families.",
    partners={"council": "local_authority", "police": "police", "nhs": "nhs", "dwp": "dwp"},
    parameters=PARAMETERS,
    build=build,
    unit_costs="ucd-v1.2",  # its ucd: codes are those of the Unit Cost Database v1.2
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The troubled families theme."""
    return [theme]
