"""Public assets: rationalising the public estate across partners (co-location and
disposal of surplus buildings).

Each property brought into the programme may be released: its running costs stop a year
later and the building is sold. Savings and receipts go to the partners in proportion to
their ownership of the estate. The Unit Cost Database has no property costs, so the values
are parameters; every default here is a judgement (grade 5), to be replaced by the
partners' own estate data.
"""

from __future__ import annotations

import math
from typing import Any

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.model import CostLine, Effect, Intervention, UnitValue
from placebudget.plugin import ParameterSpec, ThemeSpec
from placebudget.plugin.authoring import Evidence, cohort_parameters, intake

__all__ = ["NAME", "PARAMETERS", "build", "placebudget_themes", "theme"]

NAME = "public-assets"
OWNERS = ("council", "nhs", "police", "fire")
_JUDGEMENT = "judgement: replace with the partners' estate data"


def _rate(name: str, default: float, description: str) -> ParameterSpec:
    return ParameterSpec(
        name=name,
        default=default,
        minimum=0,
        maximum=1,
        description=description,
        source=_JUDGEMENT,
        confidence=5,
    )


PARAMETERS: tuple[ParameterSpec, ...] = (
    *cohort_parameters(
        "property",
        per_year=Evidence(20, _JUDGEMENT, 5),
        engagement=Evidence(1.0, "all properties reviewed are in scope", 2),
    ),
    _rate("share_released", 0.3, "share of reviewed properties released"),
    _rate("deadweight", 0.1, "share that would have been released anyway"),
    ParameterSpec(
        name="running_cost",
        default=45000.0,
        minimum=0,
        description="running cost of a property per year (GBP, 2023 prices)",
        source=_JUDGEMENT,
        confidence=5,
    ),
    ParameterSpec(
        name="capital_receipt",
        default=350000.0,
        minimum=0,
        description="sale receipt per property released (GBP, 2023 prices)",
        source=_JUDGEMENT,
        confidence=5,
    ),
    ParameterSpec(
        name="saving_years",
        default=10,
        minimum=1,
        maximum=60,
        description="years the running cost saving lasts",
        source=_JUDGEMENT,
    ),
    *(
        _rate(f"{owner}_share", share, f"share of the estate owned by {owner}")
        for owner, share in zip(OWNERS, (0.5, 0.25, 0.15, 0.1), strict=True)
    ),
    ParameterSpec(
        name="works_cost",
        default=60000.0,
        minimum=0,
        description="co-location works per property reviewed (GBP, 2023 prices)",
        source=_JUDGEMENT,
        confidence=4,
    ),
    ParameterSpec(
        name="programme_cost",
        default=150000.0,
        minimum=0,
        description="programme team per year of review (GBP, 2023 prices)",
        source=_JUDGEMENT,
        confidence=4,
    ),
)


def build(**values: Any) -> list[Intervention]:
    """Estate rationalisation."""
    shares = {owner: values[f"{owner}_share"] for owner in OWNERS}
    if abs(math.fsum(shares.values()) - 1) > 1e-9:
        msg = f"must sum to 1 ({', '.join(f'{k} {v:g}' for k, v in shares.items())})"
        raise ValidationError.single(path="parameters.*_share", message=msg)
    years = intake(values)

    def values_of(amount: float, unit: str) -> dict[str, UnitValue]:
        return {
            owner: UnitValue(
                f"{amount * share} GBP/{unit}", price_year=2023, cashable=1.0, source=_JUDGEMENT
            )
            for owner, share in shares.items()
            if share > 0
        }

    common = {
        "baseline": 1.0,
        "impact": values["share_released"],
        "deadweight": values["deadweight"],
        "confidence": 5,
        "lag": 1,
        "source": _JUDGEMENT,
    }
    return [
        Intervention(
            id="estate_rationalisation",
            name="Shared estate rationalisation",
            theme="public_assets",
            description="Review the partners' estate together, co-locate and dispose.",
            cohort=pb.Cohort(id="properties", unit="property", intake=years),
            engagement=values["engagement"],
            effects=[
                Effect(
                    outcome="running_cost_avoided",
                    unit="property_year",
                    description="Property-years of running costs no longer paid.",
                    duration=values["saving_years"],
                    fiscal=values_of(values["running_cost"], "property_year"),
                    **common,
                ),
                Effect(
                    outcome="capital_receipt",
                    unit="property",
                    description="Properties sold.",
                    duration=1,
                    fiscal=values_of(values["capital_receipt"], "property"),
                    **common,
                ),
            ],
            costs=[
                CostLine(
                    partner="council",
                    per_participant=f"{values['works_cost']} GBP/property",
                    price_year=2023,
                    category="intervention",
                    kind="capital",
                    confidence=4,
                    description="Co-location works.",
                ),
                CostLine(
                    partner="council",
                    amounts=dict.fromkeys(years, values["programme_cost"]),
                    price_year=2023,
                    category="running",
                    confidence=4,
                    description="Programme team.",
                ),
            ],
        )
    ]


theme = ThemeSpec(
    name=NAME,
    title="Public assets (estate rationalisation)",
    description=__doc__.strip().split("\n\n")[0] if __doc__ else NAME,
    partners={"council": "local_authority", "nhs": "nhs", "police": "police", "fire": "fire"},
    parameters=PARAMETERS,
    build=build,
)


@pb.hookimpl
def placebudget_themes() -> list[ThemeSpec]:
    """The public assets theme."""
    return [theme]
