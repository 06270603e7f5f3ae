"""The declarations of the projection Dataset's variables and its per-effect and per-line
details (``docs/reference/dataset.md``)."""

from __future__ import annotations

from placebudget.figures import dims as D
from placebudget.figures._figure import Figure, Role, declare

__all__ = ["variables"]

_P, _Y, _O, _I = D.PARTNER, D.YEAR, D.OUTCOME, D.INTERVENTION


def variables() -> list[Figure]:
    v: Role = "variable"
    return [
        declare(
            D.PARTICIPANTS,
            v,
            "count",
            "Participants",
            "Participants",
            "engaged participants entering each year, including those bought by "
            "reinvestment: by intervention, each in its cohort's unit (cohort_unit), added "
            "across interventions only where they all count the same unit",
            dims=(_I, _Y),
            unit="the cohort's unit (see cohort_unit)",
        ),
        declare(
            D.REINVESTED_PARTICIPANTS,
            v,
            "count",
            "Bought by reinvestment",
            "Participants bought by reinvestment",
            "of participants, the extra engaged participants bought by reinvesting the "
            "year before's cashable savings, by intervention (see cohort_unit)",
            dims=(_I, _Y),
            unit="the cohort's unit (see cohort_unit)",
        ),
        declare(
            D.VOLUME,
            v,
            "count",
            "Volume changed",
            "Outcome units changed",
            "outcome units changed (see outcome_unit), all interventions' together: "
            "an outcome is counted in one unit whichever intervention changes it",
            dims=(_Y, _O),
            unit="the outcome's unit",
        ),
        declare(
            D.COST, v, "money", "Cost", "Cost", "cost borne, after optimism bias", dims=(_P, _Y)
        ),
        declare(
            D.FISCAL,
            v,
            "money",
            "Fiscal benefit",
            "Fiscal benefit",
            "fiscal benefit received",
            dims=(_P, _Y, _O),
        ),
        declare(
            D.CASHABLE,
            v,
            "money",
            "Cashable benefit",
            "Cashable fiscal benefit",
            "cashable part of the fiscal benefit",
            dims=(_P, _Y, _O),
        ),
        declare(
            D.TRANSFER_PAYMENT,
            v,
            "money",
            "Transfer payments",
            "Transfer payments",
            "transfer payment part of the fiscal benefit (tax, benefits): in the "
            "financial case, left out of public value",
            dims=(_P, _Y, _O),
        ),
        declare(
            D.DISBENEFIT,
            v,
            "money",
            "Dis-benefits",
            "Dis-benefits borne",
            "fiscal value of the outcomes effects increase (extra demand, emissions, a "
            "problem displaced onto a partner), borne by each partner: a cost, already "
            "taken off its fiscal benefit (a negative benefit)",
            dims=(_P, _Y, _O),
        ),
        declare(
            D.ECONOMIC,
            v,
            "money",
            "Economic benefit",
            "Economic benefit",
            "economic benefit",
            dims=(_Y, _O),
        ),
        declare(
            D.SOCIAL,
            v,
            "money",
            "Social benefit",
            "Social benefit",
            "social benefit",
            dims=(_Y, _O),
        ),
        declare(
            D.BASELINE_COST,
            v,
            "money",
            "Reactive cost as is",
            "Reactive cost as is",
            "reactive cost of the cohort's outcomes as is (without the intervention)",
            dims=(_P, _Y, _O),
        ),
        declare(
            D.REINVESTED,
            v,
            "money",
            "Savings reinvested",
            "Cashable savings reinvested",
            "cashable savings of the year before reinvested",
            dims=(_Y,),
        ),
        declare(
            D.RISK_COST,
            v,
            "money",
            "Expected cost of risks",
            "Expected cost of risks",
            "expected cost of the risk register (probability × cost if it happens; in "
            "a draw, the risks that happened)",
            dims=(_P, _Y),
        ),
        declare(
            D.WEIGHTED_BENEFIT,
            v,
            "money",
            "Weighted benefit",
            "Distributionally weighted economic and social benefit",
            "economic and social benefit × each cohort's distributional weight",
            dims=(_Y, _O),
        ),
        declare(
            D.DISCOUNT_FACTOR,
            v,
            "factor",
            "Discount factor",
            "Discount factor",
            "discount factor",
            dims=(_Y,),
        ),
        declare(
            D.HEALTH_SOCIAL,
            v,
            "money",
            "Health social benefit",
            "Social benefit valued as health",
            "of social benefit, the health values (QALYs or values marked health), "
            "discounted with the health discount factor",
            dims=(_Y, _O),
        ),
        declare(
            D.HEALTH_WEIGHTED_BENEFIT,
            v,
            "money",
            "Health weighted benefit",
            "Weighted benefit valued as health",
            "of the weighted benefit, the health values (× each cohort's weight)",
            dims=(_Y, _O),
        ),
        declare(
            D.HEALTH_DISCOUNT_FACTOR,
            v,
            "factor",
            "Health discount factor",
            "Health discount factor",
            "discount factor of health values (the Green Book health schedule; the "
            "discount factor when health discounting is off)",
            dims=(_Y,),
        ),
        declare(
            "effect_volume",
            "detail",
            "count",
            "Units changed",
            "Units changed by effect",
            "outcome units changed, per effect",
            dims=(D.EFFECT, _Y),
            unit="the outcome's unit",
        ),
        declare(
            "interaction_factor",
            "detail",
            "factor",
            "Interaction factor",
            "Interaction factor",
            "the factor on each effect's volume from interactions between interventions",
            dims=(D.EFFECT,),
        ),
        declare(
            "line_cost",
            "detail",
            "money",
            "Line cost",
            "Cost of each line",
            "cost of each line, after optimism bias",
            dims=(D.COST_LINE, _Y),
        ),
    ]
