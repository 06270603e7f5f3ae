"""The engine: vectorised ``Dataset → Dataset`` arithmetic of the method (``docs/method.md``).

Its names are imported on first use, so that a command needing one part (resolving a
case's references, say) does not import xarray and the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from placebudget._lazy import lazy_names

if TYPE_CHECKING:
    from placebudget.engine import dims
    from placebudget.engine._inputs import (
        MAX_ARRAY_BYTES,
        build_inputs,
        case_database,
        case_deflators,
        check_size,
    )
    from placebudget.engine.aggregation import Aggregate, aggregate
    from placebudget.engine.agreements import settle, settle_flows, settlement_flows
    from placebudget.engine.appraisal import Appraisal, appraise
    from placebudget.engine.checks import check_case
    from placebudget.engine.contacts import (
        CostedCaseStudy,
        CostedContacts,
        case_warnings,
        cost_case_studies,
        cost_case_study,
        cost_contacts,
    )
    from placebudget.engine.editions import edition_warnings
    from placebudget.engine.evaluation import Evaluation, evaluate, recalibrate
    from placebudget.engine.people import total_participants
    from placebudget.engine.projection import Projection, compute, profile, project
    from placebudget.engine.results import Results, compute_results, settle_all
    from placebudget.engine.sensitivity import tornado
    from placebudget.engine.settlement import Settlement
    from placebudget.engine.simulation import (
        UncertaintySummary,
        sample_inputs,
        simulate,
        simulate_summary,
        summarize,
    )


__all__ = [
    "MAX_ARRAY_BYTES",
    "Aggregate",
    "Appraisal",
    "CostedCaseStudy",
    "CostedContacts",
    "Evaluation",
    "Projection",
    "Results",
    "Settlement",
    "UncertaintySummary",
    "aggregate",
    "appraise",
    "build_inputs",
    "case_database",
    "case_deflators",
    "case_warnings",
    "check_case",
    "check_size",
    "compute",
    "compute_results",
    "cost_case_studies",
    "cost_case_study",
    "cost_contacts",
    "dims",
    "edition_warnings",
    "evaluate",
    "profile",
    "project",
    "recalibrate",
    "sample_inputs",
    "settle",
    "settle_all",
    "settle_flows",
    "settlement_flows",
    "simulate",
    "simulate_summary",
    "summarize",
    "tornado",
    "total_participants",
]

_LAZY: dict[str, str] = {
    "MAX_ARRAY_BYTES": "placebudget.engine._inputs",
    "build_inputs": "placebudget.engine._inputs",
    "case_database": "placebudget.engine._inputs",
    "case_deflators": "placebudget.engine._inputs",
    "check_size": "placebudget.engine._inputs",
    "Aggregate": "placebudget.engine.aggregation",
    "aggregate": "placebudget.engine.aggregation",
    "settle": "placebudget.engine.agreements",
    "settle_flows": "placebudget.engine.agreements",
    "settlement_flows": "placebudget.engine.agreements",
    "Appraisal": "placebudget.engine.appraisal",
    "appraise": "placebudget.engine.appraisal",
    "check_case": "placebudget.engine.checks",
    "CostedCaseStudy": "placebudget.engine.contacts",
    "CostedContacts": "placebudget.engine.contacts",
    "case_warnings": "placebudget.engine.contacts",
    "cost_case_studies": "placebudget.engine.contacts",
    "cost_case_study": "placebudget.engine.contacts",
    "cost_contacts": "placebudget.engine.contacts",
    "edition_warnings": "placebudget.engine.editions",
    "Evaluation": "placebudget.engine.evaluation",
    "evaluate": "placebudget.engine.evaluation",
    "recalibrate": "placebudget.engine.evaluation",
    "total_participants": "placebudget.engine.people",
    "Projection": "placebudget.engine.projection",
    "compute": "placebudget.engine.projection",
    "profile": "placebudget.engine.projection",
    "project": "placebudget.engine.projection",
    "tornado": "placebudget.engine.sensitivity",
    "Results": "placebudget.engine.results",
    "compute_results": "placebudget.engine.results",
    "settle_all": "placebudget.engine.results",
    "Settlement": "placebudget.engine.settlement",
    "UncertaintySummary": "placebudget.engine.simulation",
    "sample_inputs": "placebudget.engine.simulation",
    "simulate": "placebudget.engine.simulation",
    "simulate_summary": "placebudget.engine.simulation",
    "summarize": "placebudget.engine.simulation",
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals(), modules=("dims",))
