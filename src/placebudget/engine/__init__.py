"""The engine: vectorised ``Dataset → Dataset`` arithmetic of the method (``docs/method.md``)."""

from placebudget.engine import dims
from placebudget.engine._inputs import (
    MAX_ARRAY_BYTES,
    build_inputs,
    case_database,
    case_deflators,
    check_size,
)
from placebudget.engine.aggregate import Aggregate, aggregate
from placebudget.engine.agreements import settle, settle_flows, settlement_flows
from placebudget.engine.appraise import Appraisal, appraise
from placebudget.engine.contacts import (
    CostedCaseStudy,
    CostedContacts,
    case_warnings,
    cost_case_studies,
    cost_case_study,
    cost_contacts,
)
from placebudget.engine.evaluate import Evaluation, evaluate, recalibrate
from placebudget.engine.project import Projection, compute, profile, project
from placebudget.engine.sensitivity import tornado
from placebudget.engine.settlement import Settlement
from placebudget.engine.simulate import (
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
    "Settlement",
    "UncertaintySummary",
    "aggregate",
    "appraise",
    "build_inputs",
    "case_database",
    "case_deflators",
    "case_warnings",
    "check_size",
    "compute",
    "cost_case_studies",
    "cost_case_study",
    "cost_contacts",
    "dims",
    "evaluate",
    "profile",
    "project",
    "recalibrate",
    "sample_inputs",
    "settle",
    "settle_flows",
    "settlement_flows",
    "simulate",
    "simulate_summary",
    "summarize",
    "tornado",
]
