"""The domain model: frozen, validated attrs classes with no I/O and no arrays.

Change an object with :func:`attrs.evolve`; every constructor validates and reports all
problems of an object together as a :class:`placebudget.errors.ValidationError`.
"""

from placebudget.model.actuals import GROUPS, MEASURES, Actuals, Observation
from placebudget.model.agreements import (
    AgreementRule,
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestmentAgreement,
    InvestorRecoups,
    PerCategory,
    ShareRule,
)
from placebudget.model.case import (
    DEFAULT_DEFLATORS,
    DEFAULT_DISCOUNTING,
    DEFAULT_OPTIMISM_BIAS,
    BusinessCase,
)
from placebudget.model.case_studies import CaseStudy, Contact
from placebudget.model.intervention import (
    CONFIDENCE_GRADES,
    COST_KINDS,
    Cohort,
    CostLine,
    Effect,
    Intervention,
)
from placebudget.model.partners import PARTNER_KINDS, Partner, Place
from placebudget.model.reinvestment import Reinvestment
from placebudget.model.tables import (
    DeflatorExtension,
    DeflatorSeries,
    DiscountSchedule,
    GradeRate,
    OptimismBiasTable,
    RateBand,
)
from placebudget.model.uncertainty import (
    DISTRIBUTIONS,
    PERT,
    Beta,
    Distribution,
    GradeSpread,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from placebudget.model.validation import financial_year_label
from placebudget.model.values import (
    LINE_LEVELS,
    REFERENCE_PREFIX,
    VALUE_TYPES,
    PricedAmount,
    UnitCost,
    UnitValue,
)

__all__ = [
    "CONFIDENCE_GRADES",
    "COST_KINDS",
    "DEFAULT_DEFLATORS",
    "DEFAULT_DISCOUNTING",
    "DEFAULT_OPTIMISM_BIAS",
    "DISTRIBUTIONS",
    "GROUPS",
    "LINE_LEVELS",
    "MEASURES",
    "PARTNER_KINDS",
    "PERT",
    "REFERENCE_PREFIX",
    "VALUE_TYPES",
    "Actuals",
    "AgreementRule",
    "Beta",
    "BusinessCase",
    "ByGrossBenefit",
    "ByHeadcount",
    "ByNetBenefit",
    "CaseStudy",
    "Cohort",
    "Contact",
    "CostLine",
    "DeflatorExtension",
    "DeflatorSeries",
    "DiscountSchedule",
    "Distribution",
    "Effect",
    "FixedShares",
    "GradeRate",
    "GradeSpread",
    "Intervention",
    "InvestmentAgreement",
    "InvestorRecoups",
    "LogNormal",
    "Normal",
    "Observation",
    "OptimismBiasTable",
    "Partner",
    "PerCategory",
    "Place",
    "PricedAmount",
    "RateBand",
    "Reinvestment",
    "ShareRule",
    "Triangular",
    "Uniform",
    "UnitCost",
    "UnitValue",
    "financial_year_label",
]
