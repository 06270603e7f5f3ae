"""Commands for how sure a case is and what it adds up to: ``simulate`` (Monte Carlo),
``tornado`` (one-way sensitivity and switching values) and ``aggregate`` (many places,
on dask).

Each is in a module of its own (:mod:`._simulate`, :mod:`._tornado`, :mod:`._aggregate`,
with the aggregate's tables and files in :mod:`._aggregate_files`); importing this module
registers all three.
"""

from __future__ import annotations

from placebudget.cli._aggregate import aggregate
from placebudget.cli._aggregate_files import (
    AGGREGATE_SUFFIXES,
    AGGREGATE_TABLES,
    aggregate_tables,
    write_aggregate,
)
from placebudget.cli._simulate import MAX_DRAWS as MAX_DRAWS
from placebudget.cli._simulate import print_uncertainty as print_uncertainty
from placebudget.cli._simulate import simulate
from placebudget.cli._tornado import crossing_sentence, tornado

__all__ = [
    "AGGREGATE_SUFFIXES",
    "AGGREGATE_TABLES",
    "aggregate",
    "aggregate_tables",
    "crossing_sentence",
    "simulate",
    "tornado",
    "write_aggregate",
]
