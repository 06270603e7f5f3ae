"""Names of the dimensions, coordinates and variables of placebudget Datasets: the
constants of :mod:`placebudget.figures.dims` (declared below the engine, with the
catalogue of figures), given here as the engine's vocabulary, with ``MONEY_VARIABLES``:
the projection's variables the catalogue declares as money (GBP at the case's price
base).

Use these constants rather than string literals so a rename is one change.
"""

from __future__ import annotations

from placebudget.figures import FIGURES
from placebudget.figures.dims import *  # noqa: F403
from placebudget.figures.dims import __all__ as _names

__all__ = [*_names, "MONEY_VARIABLES"]

#: The projection's variables measured in GBP at the case's price base (the catalogue's).
MONEY_VARIABLES: tuple[str, ...] = tuple(
    name for name, found in FIGURES.of("variable").items() if found.money
)
