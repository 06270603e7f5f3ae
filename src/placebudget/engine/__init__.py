"""The engine: vectorised ``Dataset → Dataset`` arithmetic of DESIGN §4."""

from placebudget.engine import dims
from placebudget.engine._inputs import build_inputs
from placebudget.engine.appraise import Appraisal, appraise
from placebudget.engine.project import Projection, compute, profile, project

__all__ = [
    "Appraisal",
    "Projection",
    "appraise",
    "build_inputs",
    "compute",
    "dims",
    "profile",
    "project",
]
