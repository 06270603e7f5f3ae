"""Early years and school readiness: targeted support for young children and their
parents before school.

Outcome lines, with Unit Cost Database v1.2 values: children not school-ready on entry to
reception (E&S3.0, schools), speech and language therapy attendances (HE9.17, NHS) and
children in need case processes (SS5.0, council).

The Department for Education's Early Years Foundation Stage Profile statistics put the
share of children reaching a good level of development at about seven in ten in 2019; the
baseline (three in ten not ready) follows that, graded 3. Impacts are judgements.
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

NAME = "early-years"

_EYFSP = (
    "DfE Early Years Foundation Stage Profile results 2018 to 2019: about 72 % of "
    "children reached a good level of development"
)

OUTCOMES = (
    OutcomeTemplate(
        outcome="not_school_ready",
        unit="person_year",
        description="Children not school-ready on entry to reception.",
        fiscal={"schools": "ucd:E&S3.0"},
        lag=1,
        duration=1,
    ),
    OutcomeTemplate(
        outcome="speech_therapy",
        unit="attendance",
        description="Speech and language therapy attendances.",
        fiscal={"nhs": "ucd:HE9.17"},
        duration=2,
        drop_off=0.2,
    ),
    OutcomeTemplate(
        outcome="children_in_need_case",
        unit="process",
        description="Children in need case management processes.",
        fiscal={"council": "ucd:SS5.0"},
        duration=2,
        drop_off=0.2,
    ),
)

PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "child",
        per_year=Evidence(
            250, "judgement: children in the most deprived areas of a mid-sized authority", 5
        ),
        engagement=Evidence(0.6, "judgement", 5),
    ),
    *outcome_parameters(
        "not_school_ready",
        "share of children not school-ready",
        baseline=Evidence(0.28, _EYFSP, 3),
        impact=Evidence(0.15, "judgement", 5),
        deadweight=Evidence(0.3, "judgement", 5),
    ),
    *outcome_parameters(
        "speech_therapy",
        "attendances per child per year",
        baseline=Evidence(0.6, "judgement", 5),
        impact=Evidence(0.2, "judgement", 5),
        deadweight=Evidence(0.3, "judgement", 5),
    ),
    *outcome_parameters(
        "children_in_need_case",
        "case processes per child per year",
        baseline=Evidence(0.06, "judgement", 5),
        impact=Evidence(0.2, "judgement", 6),
        deadweight=Evidence(0.4, "judgement", 6),
    ),
    ParameterSpec(
        name="cost_per_child",
        default=800.0,
        minimum=0,
        description="home visiting and group sessions per engaged child (GBP, 2013 prices)",
        source="judgement",
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """Targeted early years support."""
    return [
        Intervention(
            id="early_support",
            name="Targeted early years support",
            theme="early_years",
            description="Home visiting, parenting groups and early language support.",
            cohort=pb.Cohort(id="young_children", unit="child", intake=intake(values)),
            engagement=values["engagement"],
            effects=[o.effect(values, PARAMETERS) for o in OUTCOMES],
            costs=[
                CostLine(
                    partner="council",
                    per_participant=f"{values['cost_per_child']} GBP/child",
                    price_year=2013,
                    category="intervention",
                    confidence=4,
                    description="Home visiting and groups.",
                )
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Early years and school readiness",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={"council": "local_authority", "schools": "education", "nhs": "nhs"},
    parameters=PARAMETERS,
    build=build,
    unit_costs="ucd-v1.2",  # its ucd: codes are those of the Unit Cost Database v1.2
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The early years theme."""
    return [theme]
