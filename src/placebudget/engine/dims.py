"""Names of the dimensions, coordinates and variables of placebudget Datasets.

Use these constants rather than string literals so a rename is one change.
"""

from __future__ import annotations

__all__ = [
    "BASELINE_COST",
    "BENEFICIARY",
    "CASHABLE",
    "CATEGORY",
    "CONTRIBUTION",
    "COST",
    "COST_LINE",
    "DEPARTMENT",
    "DISCOUNT_FACTOR",
    "DRAW",
    "ECONOMIC",
    "EFFECT",
    "FISCAL",
    "INTAKE_YEAR",
    "INTERVENTION",
    "INVESTOR",
    "MONEY_VARIABLES",
    "OPTION",
    "OUTCOME",
    "OUTCOME_UNIT",
    "PARTICIPANTS",
    "PARTNER",
    "PARTNER_KIND",
    "PLACE",
    "REINVESTED",
    "REINVESTED_PARTICIPANTS",
    "SHARE",
    "SOCIAL",
    "THEME",
    "TRANSFER",
    "TRANSFER_PAYMENT",
    "VOLUME",
    "YEAR",
]

# -- dimensions ---------------------------------------------------------------------------
PARTNER = "partner"
YEAR = "year"
OUTCOME = "outcome"
DRAW = "draw"
PLACE = "place"
OPTION = "option"
# internal dimensions of the engine's input Dataset
INTERVENTION = "intervention"
EFFECT = "effect"
COST_LINE = "cost_line"
INTAKE_YEAR = "intake_year"
# dimensions of an investment agreement's settlement
CATEGORY = "category"
INVESTOR = "investor"
BENEFICIARY = "beneficiary"

# -- non-dimension coordinates --------------------------------------------------------------
PARTNER_KIND = "partner_kind"
DEPARTMENT = "department"
THEME = "theme"
OUTCOME_UNIT = "outcome_unit"

# -- variables of the projection Dataset (DESIGN §5) ------------------------------------------
PARTICIPANTS = "participants"
VOLUME = "volume"
COST = "cost"
FISCAL = "fiscal"
CASHABLE = "cashable"
#: The transfer payment part of ``fiscal`` (tax, social security benefits): it counts in the
#: financial case and is left out of public value.
TRANSFER_PAYMENT = "transfer_payment"
ECONOMIC = "economic"
SOCIAL = "social"
DISCOUNT_FACTOR = "discount_factor"
#: The "as is" reactive cost of the cohort's outcomes without the intervention, by partner.
BASELINE_COST = "baseline_cost"
#: Cashable savings of the year before spent on extra intake (stage 10, scaling up).
REINVESTED = "reinvested"
#: Extra engaged participants bought with the money reinvested.
REINVESTED_PARTICIPANTS = "reinvested_participants"

# -- variables of a settlement ---------------------------------------------------------------
CONTRIBUTION = "contribution"
SHARE = "share"
TRANSFER = "transfer"

#: Variables measured in GBP at the case's price base.
MONEY_VARIABLES: tuple[str, ...] = (COST, FISCAL, CASHABLE, TRANSFER_PAYMENT, ECONOMIC, SOCIAL,
                                    BASELINE_COST, REINVESTED)
