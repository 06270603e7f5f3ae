"""Names of the dimensions, coordinates and variables of placebudget Datasets, declared
below the engine and the reports (and given to the engine as :mod:`placebudget.engine.dims`).

Use these constants rather than string literals so a rename is one change.
"""

from __future__ import annotations

__all__ = [
    "ATTRIBUTION",
    "BASELINE",
    "BASELINE_COST",
    "BENEFICIARY",
    "BENEFIT_OPTIMISM_BIAS",
    "CASHABLE",
    "CASHABLE_SHARE",
    "CATEGORY",
    "COHORT_UNIT",
    "CONTRIBUTION",
    "COST",
    "COST_LINE",
    "COST_OPTIMISM_BIAS",
    "DEADWEIGHT",
    "DEPARTMENT",
    "DISBENEFIT",
    "DISCOUNT_FACTOR",
    "DISPLACEMENT",
    "DISTRIBUTIONAL_WEIGHT",
    "DRAW",
    "DROP_OFF",
    "DURATION",
    "ECONOMIC",
    "ECONOMIC_VALUE",
    "EFFECT",
    "EFFECT_ADJUSTMENT",
    "EFFECT_CONFIDENCE",
    "EFFECT_DIRECTION",
    "EFFECT_INTERVENTION",
    "EFFECT_NAME",
    "EFFECT_OUTCOME",
    "EFFECT_PATH",
    "ELAPSED",
    "ENGAGEMENT",
    "FISCAL",
    "FISCAL_VALUE",
    "HEALTH_DISCOUNT_FACTOR",
    "HEALTH_SOCIAL",
    "HEALTH_WEIGHTED_BENEFIT",
    "IMPACT",
    "INPUT_VARIABLES",
    "INTAKE",
    "INTAKE_YEAR",
    "INTERVENTION",
    "INVESTOR",
    "LAG",
    "LINE_AMOUNT",
    "LINE_CATEGORY",
    "LINE_CONFIDENCE",
    "LINE_INTERVENTION",
    "LINE_KIND",
    "LINE_MITIGATION",
    "LINE_NAME",
    "LINE_OB_UPPER",
    "LINE_PARTNER",
    "LINE_PATH",
    "LINE_PER_PARTICIPANT",
    "OPTION",
    "OUTCOME",
    "OUTCOME_UNIT",
    "PAIR",
    "PAIR_FIRST",
    "PAIR_OVERLAP",
    "PAIR_SECOND",
    "PARTICIPANTS",
    "PARTNER",
    "PARTNER_KIND",
    "PLACE",
    "REINVESTED",
    "REINVESTED_PARTICIPANTS",
    "REINVEST_CAP",
    "REINVEST_FROM",
    "REINVEST_INTO",
    "REINVEST_SHARE",
    "RISK",
    "RISK_AMOUNT",
    "RISK_COST",
    "RISK_PARTNER",
    "RISK_PROBABILITY",
    "SHARE",
    "SOCIAL",
    "SOCIAL_HEALTH",
    "SOCIAL_HIGH",
    "SOCIAL_INDEX",
    "SOCIAL_LOW",
    "SOCIAL_VALUE",
    "THEME",
    "TRANSFER",
    "TRANSFER_PAYMENT",
    "TRANSFER_SHARE",
    "VALUE_SCALE",
    "VOLUME",
    "WEIGHTED_BENEFIT",
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
#: Years since intake (0 in the intake year) of an effect's year profile.
ELAPSED = "elapsed"
# dimensions of an investment agreement's settlement
CATEGORY = "category"
INVESTOR = "investor"
BENEFICIARY = "beneficiary"

# -- non-dimension coordinates --------------------------------------------------------------
PARTNER_KIND = "partner_kind"
DEPARTMENT = "department"
THEME = "theme"
OUTCOME_UNIT = "outcome_unit"
#: What each intervention's cohort counts (``person``, ``family``, ``household``): a
#: label along ``intervention``, the unit of ``participants``.
COHORT_UNIT = "cohort_unit"

# -- variables of the projection Dataset (docs/reference/dataset.md) -----------------------
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
#: Input and projection: the discount factor of health values (the Green Book health
#: schedule; the case's own factor when health discounting is off), ``(…, year)``.
HEALTH_DISCOUNT_FACTOR = "health_discount_factor"
#: Projection: the part of ``social`` that is health values, ``(…, year, outcome)``.
HEALTH_SOCIAL = "health_social"
#: Projection: the part of ``weighted_benefit`` that is health values, ``(…, year,
#: outcome)``.
HEALTH_WEIGHTED_BENEFIT = "health_weighted_benefit"
#: Input: 1 where an effect's social value is a health value discounted with the health
#: schedule, else 0, ``(effect,)``.
SOCIAL_HEALTH = "social_health"
#: The "as is" reactive cost of the cohort's outcomes without the intervention, by partner.
BASELINE_COST = "baseline_cost"
#: Cashable savings of the year before spent on extra intake (stage 10, scaling up).
REINVESTED = "reinvested"
#: Fiscal value of the outcomes effects increase (dis-benefits), borne by each partner: a
#: cost, already taken off its fiscal benefit, ``(partner, year, outcome)``.
DISBENEFIT = "disbenefit"
#: Extra engaged participants bought with the money reinvested.
REINVESTED_PARTICIPANTS = "reinvested_participants"

# -- variables and coordinates of the engine's input Dataset (what build_inputs makes) ----
#: Cohort members entering each year, ``(intervention, year)``.
INTAKE = "intake"
#: Share of the intake that engages, ``(intervention,)``.
ENGAGEMENT = "engagement"
#: One-hot map of each effect to its intervention, ``(effect, intervention)``.
EFFECT_INTERVENTION = "effect_intervention"
#: One-hot map of each effect to the outcome it changes, ``(effect, outcome)``.
EFFECT_OUTCOME = "effect_outcome"
#: Outcome units per member per year without the intervention, ``(effect,)``.
BASELINE = "baseline"
#: Share of the baseline the intervention removes, ``(effect,)``.
IMPACT = "impact"
#: Share that would have happened anyway, ``(effect,)``.
DEADWEIGHT = "deadweight"
#: Share displaced elsewhere, ``(effect,)``.
DISPLACEMENT = "displacement"
#: Share attributable to this intervention, ``(effect,)``.
ATTRIBUTION = "attribution"
#: Optimism bias taken off the effect's benefit, ``(effect,)``.
BENEFIT_OPTIMISM_BIAS = "benefit_optimism_bias"
#: Yearly fall in the effect after its first year, ``(effect,)``.
DROP_OFF = "drop_off"
#: Economic value per outcome unit at the price base, ``(effect,)``.
ECONOMIC_VALUE = "economic_value"
#: Social value per outcome unit at the price base, ``(effect,)``.
SOCIAL_VALUE = "social_value"
#: Years from engagement to the first benefit, ``(effect,)``.
LAG = "lag"
#: Years the benefit lasts, ``(effect,)``.
DURATION = "duration"
#: Fiscal value per outcome unit by partner at the price base, ``(effect, partner)``.
FISCAL_VALUE = "fiscal_value"
#: Cashable share of each fiscal value, ``(effect, partner)``.
CASHABLE_SHARE = "cashable_share"
#: Transfer payment share of each fiscal value, ``(effect, partner)``.
TRANSFER_SHARE = "transfer_share"
#: One-hot map of each cost line to its intervention, ``(cost_line, intervention)``.
LINE_INTERVENTION = "line_intervention"
#: One-hot map of each cost line to the partner bearing it, ``(cost_line, partner)``.
LINE_PARTNER = "line_partner"
#: Fixed cost of each line by year at the price base, ``(cost_line, year)``.
LINE_AMOUNT = "line_amount"
#: Cost per engaged participant at the price base, ``(cost_line,)``.
LINE_PER_PARTICIPANT = "line_per_participant"
#: Optimism bias added to each cost line, ``(cost_line,)``.
COST_OPTIMISM_BIAS = "cost_optimism_bias"
#: Coordinate: each cost line's category.
LINE_CATEGORY = "line_category"
#: Coordinate: each effect's path in the case (``interventions[0].effects[1]``).
EFFECT_PATH = "effect_path"
#: Coordinate: each effect's name by ids (``key_workers › child_into_care``).
EFFECT_NAME = "effect_name"
#: Coordinate: each effect's evidence grade.
EFFECT_CONFIDENCE = "effect_confidence"
#: Coordinate: each cost line's path in the case.
LINE_PATH = "line_path"
#: Coordinate: each cost line's name by ids (``key_workers › costs › running#2``).
LINE_NAME = "line_name"
#: Coordinate: each cost line's evidence grade.
LINE_CONFIDENCE = "line_confidence"
#: Coordinate: each cost line's kind (capital, revenue).
LINE_KIND = "line_kind"
#: Share of cashable savings reinvested, ``()``.
REINVEST_SHARE = "reinvest_share"
#: Most reinvested a year (GBP), ``()``.
REINVEST_CAP = "reinvest_cap"
#: One-hot: the intervention reinvestment buys, ``(intervention,)``.
REINVEST_INTO = "reinvest_into"
#: One-hot: the partners whose savings are reinvested, ``(partner,)``.
REINVEST_FROM = "reinvest_from"

# -- Green Book items --------------------------------------------------------------------
#: Dimension: the risks of the register.
RISK = "risk"
#: Dimension: the pairs of effects two interacting interventions have on one outcome.
PAIR = "pair"
#: Projection: expected cost of the risk register (probability × cost; a draw's events in a
#: simulation), ``(…, partner, year)``.
RISK_COST = "risk_cost"
#: Projection: economic and social benefit weighted by the distributional weight of each cohort,
#: ``(…, year, outcome)``.
WEIGHTED_BENEFIT = "weighted_benefit"
#: Input: a social value's year profile (carbon by year, VPF growing in real terms) as a factor on
#: ``social_value``, 1 otherwise, ``(effect, year)``.
SOCIAL_INDEX = "social_index"
#: Input: low end of a social value's published range as a factor on it (NaN without one),
#: ``(effect,)``.
SOCIAL_LOW = "social_low"
#: Input: high end of a social value's published range as a factor on it (NaN without one),
#: ``(effect,)``.
SOCIAL_HIGH = "social_high"
#: Input: each intervention's distributional weight, 1 when the case applies none,
#: ``(intervention,)``.
DISTRIBUTIONAL_WEIGHT = "distributional_weight"
#: Input: chance each risk happens (in a simulation: 1 or 0, whether it happened in the draw),
#: ``(risk,)``.
RISK_PROBABILITY = "risk_probability"
#: Input: each risk's cost if it happens, at the price base, ``(risk, year)``.
RISK_AMOUNT = "risk_amount"
#: Input: one-hot, the partner bearing each risk, ``(risk, partner)``.
RISK_PARTNER = "risk_partner"
#: Input: a capital line's project-type optimism bias upper bound (NaN for a line without a project
#: type), ``(cost_line,)``.
LINE_OB_UPPER = "line_ob_upper"
#: Input: a capital line's mitigation of that bias, ``(cost_line,)``.
LINE_MITIGATION = "line_mitigation"
#: Input: one-hot, the effect of the first intervention of each pair, ``(pair, effect)``.
PAIR_FIRST = "pair_first"
#: Input: one-hot, the effect of the second intervention of each pair, ``(pair, effect)``.
PAIR_SECOND = "pair_second"
#: Input: share of the first intervention's participants also in the second, ``(pair,)``.
PAIR_OVERLAP = "pair_overlap"
#: Input: the stated interaction adjustments on each effect as a factor (1 + adjustment),
#: ``(effect,)``.
EFFECT_ADJUSTMENT = "effect_adjustment"
#: Input: 1 for an effect that reduces its outcome, −1 for one that increases it (a
#: dis-benefit), ``(effect,)``; absent when every effect reduces its outcome.
EFFECT_DIRECTION = "effect_direction"
#: Input: a factor on every fiscal, economic and social value (a place's local unit costs in
#: :func:`~placebudget.engine.aggregate`), absent when 1; no core dimension, ``()``.
VALUE_SCALE = "value_scale"

# -- variables of a settlement ---------------------------------------------------------------
CONTRIBUTION = "contribution"
SHARE = "share"
TRANSFER = "transfer"


#: Every variable and coordinate of the engine's input Dataset (besides the dimensions).
INPUT_VARIABLES: tuple[str, ...] = (
    INTAKE,
    ENGAGEMENT,
    EFFECT_INTERVENTION,
    EFFECT_OUTCOME,
    BASELINE,
    IMPACT,
    DEADWEIGHT,
    DISPLACEMENT,
    ATTRIBUTION,
    BENEFIT_OPTIMISM_BIAS,
    DROP_OFF,
    ECONOMIC_VALUE,
    SOCIAL_VALUE,
    LAG,
    DURATION,
    FISCAL_VALUE,
    CASHABLE_SHARE,
    TRANSFER_SHARE,
    LINE_INTERVENTION,
    LINE_PARTNER,
    LINE_AMOUNT,
    LINE_PER_PARTICIPANT,
    COST_OPTIMISM_BIAS,
    LINE_CATEGORY,
    EFFECT_PATH,
    EFFECT_NAME,
    EFFECT_CONFIDENCE,
    LINE_PATH,
    LINE_NAME,
    LINE_CONFIDENCE,
    LINE_KIND,
    REINVEST_SHARE,
    REINVEST_CAP,
    REINVEST_INTO,
    REINVEST_FROM,
    SOCIAL_INDEX,
    SOCIAL_LOW,
    SOCIAL_HIGH,
    SOCIAL_HEALTH,
    HEALTH_DISCOUNT_FACTOR,
    DISTRIBUTIONAL_WEIGHT,
    RISK_PROBABILITY,
    RISK_AMOUNT,
    RISK_PARTNER,
    LINE_OB_UPPER,
    LINE_MITIGATION,
    PAIR_FIRST,
    PAIR_SECOND,
    PAIR_OVERLAP,
    EFFECT_ADJUSTMENT,
    VALUE_SCALE,
    EFFECT_DIRECTION,
)
