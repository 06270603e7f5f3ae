"""placebudget: place-based budgeting for public service partnerships.

Build a :class:`BusinessCase`, :func:`project` it year by year and appraise it:

>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> result = pb.project(example_case()).appraise()
>>> result.payback_year
2013

Heavy modules (xarray, pandas, pint) are imported on first use of the names that need
them, so ``import placebudget`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from placebudget._lazy import lazy_names
from placebudget._version import __version__

if TYPE_CHECKING:
    from placebudget import errors, units
    from placebudget.api import (
        compare_options,
        load_case,
        project,
        structure_case,
        unit_costs,
        write_report,
    )
    from placebudget.engine import (
        Aggregate,
        Appraisal,
        Projection,
        Results,
        Settlement,
        aggregate,
        appraise,
        compute_results,
        cost_contacts,
        evaluate,
        recalibrate,
        simulate,
        simulate_summary,
        summarize,
        tornado,
    )
    from placebudget.errors import PlaceBudgetError, ValidationError
    from placebudget.io.actuals import load_actuals
    from placebudget.io.case_file import dump_case
    from placebudget.model import (
        Actuals,
        BusinessCase,
        CaseStudy,
        Cohort,
        Contact,
        CostLine,
        DeflatorExtension,
        DeflatorSeries,
        DiscountSchedule,
        DistributionalWeights,
        Effect,
        Interaction,
        Intervention,
        InvestmentAgreement,
        Observation,
        OptimismBiasTable,
        Partner,
        Place,
        PricedAmount,
        Reinvestment,
        Risk,
        UnitCost,
        UnitValue,
    )
    from placebudget.plugin import get_plugin_manager, get_plugin_registry, hookimpl
    from placebudget.report import compare_agreements

__all__ = [
    "Actuals",
    "Aggregate",
    "Appraisal",
    "BusinessCase",
    "CaseStudy",
    "Cohort",
    "Contact",
    "CostLine",
    "DeflatorExtension",
    "DeflatorSeries",
    "DiscountSchedule",
    "DistributionalWeights",
    "Effect",
    "Interaction",
    "Intervention",
    "InvestmentAgreement",
    "Observation",
    "OptimismBiasTable",
    "Partner",
    "Place",
    "PlaceBudgetError",
    "PricedAmount",
    "Projection",
    "Reinvestment",
    "Results",
    "Risk",
    "Settlement",
    "UnitCost",
    "UnitValue",
    "ValidationError",
    "__version__",
    "aggregate",
    "appraise",
    "compare_agreements",
    "compare_options",
    "compute_results",
    "cost_contacts",
    "dump_case",
    "errors",
    "evaluate",
    "get_plugin_manager",
    "get_plugin_registry",
    "hookimpl",
    "load_actuals",
    "load_case",
    "project",
    "recalibrate",
    "simulate",
    "simulate_summary",
    "structure_case",
    "summarize",
    "tornado",
    "unit_costs",
    "units",
    "write_report",
]

_LAZY: dict[str, str] = {
    "Aggregate": "placebudget.engine",
    "aggregate": "placebudget.engine",
    "evaluate": "placebudget.engine",
    "recalibrate": "placebudget.engine",
    "load_actuals": "placebudget.io.actuals",
    "Actuals": "placebudget.model",
    "Observation": "placebudget.model",
    "Appraisal": "placebudget.engine",
    "Projection": "placebudget.engine",
    "Settlement": "placebudget.engine",
    "Results": "placebudget.engine",
    "compute_results": "placebudget.engine",
    "write_report": "placebudget.api",
    "get_plugin_manager": "placebudget.plugin",
    "compare_agreements": "placebudget.report",
    "cost_contacts": "placebudget.engine",
    "simulate": "placebudget.engine",
    "simulate_summary": "placebudget.engine",
    "summarize": "placebudget.engine",
    "tornado": "placebudget.engine",
    "appraise": "placebudget.engine",
    "project": "placebudget.api",
    "compare_options": "placebudget.api",
    "structure_case": "placebudget.api",
    "PlaceBudgetError": "placebudget.errors",
    "ValidationError": "placebudget.errors",
    "dump_case": "placebudget.io.case_file",
    "load_case": "placebudget.api",
    "unit_costs": "placebudget.api",
    "hookimpl": "placebudget.plugin",
    "get_plugin_registry": "placebudget.plugin",
    **dict.fromkeys(
        (
            "BusinessCase",
            "CaseStudy",
            "Cohort",
            "Contact",
            "CostLine",
            "DeflatorExtension",
            "DeflatorSeries",
            "DiscountSchedule",
            "DistributionalWeights",
            "Effect",
            "Interaction",
            "Intervention",
            "InvestmentAgreement",
            "OptimismBiasTable",
            "Partner",
            "Place",
            "PricedAmount",
            "Reinvestment",
            "Risk",
            "UnitCost",
            "UnitValue",
        ),
        "placebudget.model",
    ),
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals(), modules=("errors", "units"))
