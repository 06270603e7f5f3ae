"""Domestic abuse: independent advisers and multi-agency support for high-risk households.

Outcome lines, with Unit Cost Database v1.2 values: repeat domestic abuse incidents
(CR2.0.1 NHS, CR2.0.2 criminal justice, CR2.0.3 police, CR2.0.4 council social services)
and homelessness applications (HO3.0, council).

CAADA (2012, "A place of greater safety") reported that most high-risk victims supported
by an independent domestic violence adviser saw the abuse stop; that is a before/after
finding with no comparison group, so the impact assumed here is lower and graded 4.
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

NAME = "domestic-abuse"

_IMPACT = (
    "judgement below CAADA (2012) 'A place of greater safety', where most victims "
    "supported by an IDVA reported the abuse stopped (before/after, no comparison "
    "group)"
)

OUTCOMES = (
    OutcomeTemplate(
        outcome="repeat_domestic_abuse",
        unit="incident",
        description="Repeat domestic abuse incidents.",
        fiscal={
            "nhs": "ucd:CR2.0.1",
            "cjs": "ucd:CR2.0.2",
            "police": "ucd:CR2.0.3",
            "council": "ucd:CR2.0.4",
        },
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="homelessness_application",
        unit="application",
        description="Homelessness applications by victims leaving home.",
        fiscal={"council": "ucd:HO3.0"},
        cashable={"council": 0.5},
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "household",
        per_year=Evidence(
            300, "judgement: high-risk cases referred in a year in a mid-sized area", 5
        ),
        engagement=Evidence(0.7, "judgement", 5),
    ),
    *outcome_parameters(
        "repeat_domestic_abuse",
        "repeat incidents per household per year",
        baseline=Evidence(2.5, "judgement: repeat victimisation of high-risk cases", 5),
        impact=Evidence(0.4, _IMPACT, 4),
        deadweight=Evidence(0.25, "judgement", 5),
    ),
    *outcome_parameters(
        "homelessness_application",
        "applications per household",
        baseline=Evidence(0.3, "judgement", 5),
        impact=Evidence(0.3, "judgement", 5),
        deadweight=Evidence(0.3, "judgement", 5),
    ),
    ParameterSpec(
        name="adviser_cost",
        default=1200.0,
        minimum=0,
        description="independent adviser and perpetrator work per engaged "
        "household (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """An independent domestic violence adviser service."""
    return [
        Intervention(
            id="idva_service",
            name="Independent domestic violence advisers",
            theme="domestic_abuse",
            description="Advisers for high-risk victims, with multi-agency risk conferences.",
            cohort=pb.Cohort(id="high_risk_households", unit="household", intake=intake(values)),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="council",
                    per_participant=f"{values['adviser_cost']} GBP/household",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Commissioned advisers.",
                )
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Domestic abuse",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={"council": "local_authority", "police": "police", "nhs": "nhs", "cjs": "courts"},
    parameters=PARAMETERS,
    build=build,
    unit_costs="ucd-v1.2",  # its ucd: codes are those of the Unit Cost Database v1.2
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The domestic abuse theme."""
    return [theme]
