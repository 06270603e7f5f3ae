"""Versioned reference data: Green Book discount schedules, GDP deflators, optimism bias
by confidence grade and the bundled Unit Cost Database tables (v1.4, the default, and v1.2). See
``placebudget/reference/data/SOURCES.md`` for the sources and vintages.
"""

from placebudget.reference.tables import (
    DEFLATOR_SERIES,
    DISCOUNT_SCHEDULES,
    OPTIMISM_BIAS_TABLES,
    deflator_series,
    discount_schedule,
    optimism_bias_table,
)
from placebudget.reference.unit_costs import (
    BUNDLED_DATABASES,
    BUNDLED_UNIT_COSTS,
    UCD_UNITS,
    UnitCostDatabase,
    UnitCostLoader,
    names_a_file,
    ucd_unit,
    unit_costs,
)

__all__ = [
    "BUNDLED_DATABASES",
    "BUNDLED_UNIT_COSTS",
    "DEFLATOR_SERIES",
    "DISCOUNT_SCHEDULES",
    "OPTIMISM_BIAS_TABLES",
    "UCD_UNITS",
    "UnitCostDatabase",
    "UnitCostLoader",
    "deflator_series",
    "discount_schedule",
    "names_a_file",
    "optimism_bias_table",
    "ucd_unit",
    "unit_costs",
]
