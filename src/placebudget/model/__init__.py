"""The domain model: frozen, validated attrs classes with no I/O and no arrays.

Change an object with :func:`attrs.evolve`; every constructor validates and reports all
problems of an object together as a :class:`placebudget.errors.ValidationError`.

Its names are imported on first use, so that importing one module of the model (the
plugin hook specifications import :mod:`placebudget.model.validation`) does not import
the rest, nor pint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from placebudget._lazy import lazy_names

if TYPE_CHECKING:
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
        ANNUITY_CONVENTIONS,
        DEFAULT_ANNUITY,
        DEFAULT_DEFLATORS,
        DEFAULT_DISCOUNTING,
        DEFAULT_GREEN_BOOK,
        DEFAULT_OPTIMISM_BIAS,
        LONG_HORIZON,
        BusinessCase,
        case_names,
    )
    from placebudget.model.case_studies import CaseStudy, Contact
    from placebudget.model.green_book import (
        DEFAULT_ETA,
        GREEN_BOOK_EDITIONS,
        MAX_INTERACTION_ADJUSTMENT,
        VFM_BANDS,
        VFM_SOURCE,
        AppraisalValue,
        CapitalOptimismBias,
        DistributionalWeights,
        Interaction,
        ProjectType,
        Risk,
        distributional_weight,
        vfm_category,
    )
    from placebudget.model.intervention import (
        CONFIDENCE_GRADES,
        COST_KINDS,
        Cohort,
        CostLine,
        Effect,
        Intervention,
    )
    from placebudget.model.naming import (
        NAME_SEPARATOR,
        cost_line_names,
        named,
        readable_path,
    )
    from placebudget.model.partners import (
        PARTNER_KIND_ALIASES,
        PARTNER_KIND_DEPARTMENTS,
        PARTNER_KIND_LABELS,
        PARTNER_KINDS,
        Partner,
        Place,
    )
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
        InputPath,
        LogNormal,
        Normal,
        Triangular,
        Uniform,
    )
    from placebudget.model.validation import financial_year_label
    from placebudget.model.values import (
        APPRAISAL_PREFIX,
        HEALTH_APPRAISAL_CODES,
        LINE_LEVELS,
        REFERENCE_PREFIX,
        VALUE_TYPES,
        PricedAmount,
        UnitCost,
        UnitValue,
        code_unit_problem,
    )

__all__ = [
    "ANNUITY_CONVENTIONS",
    "APPRAISAL_PREFIX",
    "CONFIDENCE_GRADES",
    "COST_KINDS",
    "DEFAULT_ANNUITY",
    "DEFAULT_DEFLATORS",
    "DEFAULT_DISCOUNTING",
    "DEFAULT_ETA",
    "DEFAULT_GREEN_BOOK",
    "DEFAULT_OPTIMISM_BIAS",
    "DISTRIBUTIONS",
    "GREEN_BOOK_EDITIONS",
    "GROUPS",
    "HEALTH_APPRAISAL_CODES",
    "LINE_LEVELS",
    "LONG_HORIZON",
    "MAX_INTERACTION_ADJUSTMENT",
    "MEASURES",
    "NAME_SEPARATOR",
    "PARTNER_KINDS",
    "PARTNER_KIND_ALIASES",
    "PARTNER_KIND_DEPARTMENTS",
    "PARTNER_KIND_LABELS",
    "PERT",
    "REFERENCE_PREFIX",
    "VALUE_TYPES",
    "VFM_BANDS",
    "VFM_SOURCE",
    "Actuals",
    "AgreementRule",
    "AppraisalValue",
    "Beta",
    "BusinessCase",
    "ByGrossBenefit",
    "ByHeadcount",
    "ByNetBenefit",
    "CapitalOptimismBias",
    "CaseStudy",
    "Cohort",
    "Contact",
    "CostLine",
    "DeflatorExtension",
    "DeflatorSeries",
    "DiscountSchedule",
    "Distribution",
    "DistributionalWeights",
    "Effect",
    "FixedShares",
    "GradeRate",
    "GradeSpread",
    "InputPath",
    "Interaction",
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
    "ProjectType",
    "RateBand",
    "Reinvestment",
    "Risk",
    "ShareRule",
    "Triangular",
    "Uniform",
    "UnitCost",
    "UnitValue",
    "case_names",
    "code_unit_problem",
    "cost_line_names",
    "distributional_weight",
    "financial_year_label",
    "named",
    "readable_path",
    "vfm_category",
]

#: Each module of the model and the names it gives.
_MODULES: dict[str, tuple[str, ...]] = {
    "actuals": ("GROUPS", "MEASURES", "Actuals", "Observation"),
    "agreements": (
        "AgreementRule",
        "ByGrossBenefit",
        "ByHeadcount",
        "ByNetBenefit",
        "FixedShares",
        "InvestmentAgreement",
        "InvestorRecoups",
        "PerCategory",
        "ShareRule",
    ),
    "case": (
        "ANNUITY_CONVENTIONS",
        "DEFAULT_ANNUITY",
        "DEFAULT_DEFLATORS",
        "DEFAULT_DISCOUNTING",
        "DEFAULT_GREEN_BOOK",
        "DEFAULT_OPTIMISM_BIAS",
        "LONG_HORIZON",
        "BusinessCase",
        "case_names",
    ),
    "case_studies": ("CaseStudy", "Contact"),
    "green_book": (
        "DEFAULT_ETA",
        "GREEN_BOOK_EDITIONS",
        "MAX_INTERACTION_ADJUSTMENT",
        "VFM_BANDS",
        "VFM_SOURCE",
        "AppraisalValue",
        "CapitalOptimismBias",
        "DistributionalWeights",
        "Interaction",
        "ProjectType",
        "Risk",
        "distributional_weight",
        "vfm_category",
    ),
    "intervention": (
        "CONFIDENCE_GRADES",
        "COST_KINDS",
        "Cohort",
        "CostLine",
        "Effect",
        "Intervention",
    ),
    "naming": ("NAME_SEPARATOR", "cost_line_names", "named", "readable_path"),
    "partners": (
        "PARTNER_KIND_ALIASES",
        "PARTNER_KIND_DEPARTMENTS",
        "PARTNER_KIND_LABELS",
        "PARTNER_KINDS",
        "Partner",
        "Place",
    ),
    "reinvestment": ("Reinvestment",),
    "tables": (
        "DeflatorExtension",
        "DeflatorSeries",
        "DiscountSchedule",
        "GradeRate",
        "OptimismBiasTable",
        "RateBand",
    ),
    "uncertainty": (
        "DISTRIBUTIONS",
        "PERT",
        "Beta",
        "Distribution",
        "GradeSpread",
        "InputPath",
        "LogNormal",
        "Normal",
        "Triangular",
        "Uniform",
    ),
    "validation": ("financial_year_label",),
    "values": (
        "APPRAISAL_PREFIX",
        "HEALTH_APPRAISAL_CODES",
        "LINE_LEVELS",
        "REFERENCE_PREFIX",
        "VALUE_TYPES",
        "PricedAmount",
        "UnitCost",
        "UnitValue",
        "code_unit_problem",
    ),
}

_LAZY: dict[str, str] = {
    name: f"placebudget.model.{module}" for module, names in _MODULES.items() for name in names
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
