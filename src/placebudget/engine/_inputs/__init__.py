"""Turn a :class:`~placebudget.model.BusinessCase` into the engine's input Dataset.

This is where a case meets its reference data: unit cost codes are resolved, every amount
is uprated to the case's price base, optimism bias is looked up by grade and the discount
schedule is expanded. Problems are collected over the whole case and raised together.

The work is split by idea, in private modules:

- ``_limits``: the size limit on a case's arrays (:func:`check_size`);
- ``_tables``: the reference tables a case names (:func:`case_database`,
  :func:`case_deflators`);
- ``_uprating``: uprating to the price base, and the value traces;
- ``_values``: an effect's values resolved to amounts at the price base;
- ``_index``, ``_effects``, ``_costs``: the accumulators of the partners, interventions
  and outcomes, of the effects and of the cost lines, each owning its columns;
- ``_blocks``: the optional blocks (weights, risks, interactions, reinvestment);
- ``_resolved``: the :class:`ResolvedInputs` container and its layout;
- ``_walk``: the walk over a case (:func:`resolve_inputs`, :func:`build_inputs`).
"""

from __future__ import annotations

from placebudget.engine._inputs._limits import MAX_ARRAY_BYTES, check_size
from placebudget.engine._inputs._resolved import MAPS, ResolvedInputs, input_values
from placebudget.engine._inputs._tables import case_database, case_deflators
from placebudget.engine._inputs._uprating import VALUE_TRACE_COLUMNS, VALUE_TRACES
from placebudget.engine._inputs._walk import build_inputs, resolve_inputs

__all__ = [
    "MAPS",
    "MAX_ARRAY_BYTES",
    "VALUE_TRACES",
    "VALUE_TRACE_COLUMNS",
    "ResolvedInputs",
    "build_inputs",
    "case_database",
    "case_deflators",
    "check_size",
    "input_values",
    "resolve_inputs",
]
