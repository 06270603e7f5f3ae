"""Homelessness prevention: housing options casework for households at risk of losing
their home, so fewer of them make a statutory homelessness application or spend weeks in
temporary accommodation.

Outcome lines, with Unit Cost Database v1.2 values, all falling to the council: statutory
homelessness applications (HO3.0), weeks in hostel temporary accommodation (HO4.0) and
years of rough sleeping (HO6.0). The rates are illustrative judgements for the how-to
guide, graded 5 and 6 so that optimism bias cuts them.
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

__all__ = ["NAME", "OUTCOMES", "PARAMETERS", "build", "placebudget_themes", "theme"]

NAME = "homelessness-prevention"

OUTCOMES = (
    OutcomeTemplate(
        outcome="homelessness_application",
        unit="application",
        description="Statutory homelessness applications.",
        fiscal={"council": "ucd:HO3.0"},
        duration=1,
    ),
    OutcomeTemplate(
        outcome="temporary_accommodation",
        unit="person_week",
        description="Household-weeks in hostel temporary accommodation.",
        fiscal={"council": "ucd:HO4.0"},
        duration=2,
        drop_off=0.3,
    ),
    OutcomeTemplate(
        outcome="rough_sleeping",
        unit="person_year",
        description="Years of rough sleeping.",
        fiscal={"council": "ucd:HO6.0"},
        lag=1,
        duration=2,
        drop_off=0.3,
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "household",
        per_year=Evidence(
            400,
            "judgement: households at risk referred to housing options in a mid-sized district",
            5,
        ),
        engagement=Evidence(0.7, "judgement", 5),
    ),
    *outcome_parameters(
        "homelessness_application",
        "applications per household per year",
        baseline=Evidence(0.3, "judgement", 5),
        impact=Evidence(0.4, "judgement", 5),
        deadweight=Evidence(0.3, "judgement", 5),
    ),
    *outcome_parameters(
        "temporary_accommodation",
        "weeks in temporary accommodation per household per year",
        baseline=Evidence(4.0, "judgement", 6),
        impact=Evidence(0.3, "judgement", 6),
        deadweight=Evidence(0.3, "judgement", 6),
    ),
    *outcome_parameters(
        "rough_sleeping",
        "years of rough sleeping per household per year",
        baseline=Evidence(0.02, "judgement", 6),
        impact=Evidence(0.3, "judgement", 6),
        deadweight=Evidence(0.4, "judgement", 6),
    ),
    ParameterSpec(
        name="cost_per_household",
        default=600.0,
        minimum=0,
        description="housing options casework per engaged household (GBP, 2023 prices)",
        source="judgement",
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """Housing options casework with the theme's parameters."""
    return [
        Intervention(
            id="housing_options",
            name="Housing options casework",
            theme="homelessness",
            description="Casework, mediation and tenancy sustainment for households at risk.",
            cohort=pb.Cohort(id="households_at_risk", unit="household", intake=intake(values)),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="council",
                    per_participant=f"{values['cost_per_household']} GBP/household",
                    price_year=2023,
                    category="intervention",
                    confidence=4,
                    description="Housing options casework.",
                )
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Homelessness prevention",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={"council": "local_authority"},
    parameters=PARAMETERS,
    build=build,
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The homelessness prevention theme."""
    return [theme]
