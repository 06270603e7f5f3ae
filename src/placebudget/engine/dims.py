"""Names of the dimensions, coordinates and variables of placebudget Datasets: the
constants of :mod:`placebudget.figures.dims` (declared below the engine, with the
catalogue of figures), given here as the engine's vocabulary.

Use these constants rather than string literals so a rename is one change.
"""

from __future__ import annotations

from placebudget.figures.dims import *  # noqa: F403
from placebudget.figures.dims import __all__ as __all__
from placebudget.figures.dims import __getattr__ as __getattr__
