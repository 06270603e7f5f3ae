"""Versioned reference data: Green Book discount schedules, GDP deflators, optimism bias
by confidence grade and by capital project type, Green Book appraisal values (WELLBY, QALY,
VPF, carbon), the marginal excess tax burden by edition and the bundled Unit Cost Database
tables (v1.4, the default, and v1.2); :func:`~placebudget.reference.data_versions` lists
each with its vintage. See
``placebudget/reference/data/SOURCES.md`` for the sources and vintages.
"""

from placebudget.reference.editions import EditionChange, edition_change, edition_changes
from placebudget.reference.green_book import (
    CAPITAL_OPTIMISM_BIAS_TABLES,
    DataVersion,
    appraisal_value,
    appraisal_values,
    capital_optimism_bias,
    data_versions,
    metb_rate,
)
from placebudget.reference.tables import (
    CALENDAR_DEFLATOR_SERIES,
    DEFAULT_CALENDAR_DEFLATORS,
    DEFLATOR_SERIES,
    DERIVED_DEFLATOR_SERIES,
    DISCOUNT_SCHEDULES,
    HEALTH_SCHEDULE,
    OPTIMISM_BIAS_TABLES,
    OPTIMISM_BIAS_TITLES,
    SCHEDULE_DESCRIPTIONS,
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
    "CALENDAR_DEFLATOR_SERIES",
    "CAPITAL_OPTIMISM_BIAS_TABLES",
    "DEFAULT_CALENDAR_DEFLATORS",
    "DEFLATOR_SERIES",
    "DERIVED_DEFLATOR_SERIES",
    "DISCOUNT_SCHEDULES",
    "HEALTH_SCHEDULE",
    "OPTIMISM_BIAS_TABLES",
    "OPTIMISM_BIAS_TITLES",
    "SCHEDULE_DESCRIPTIONS",
    "UCD_UNITS",
    "DataVersion",
    "EditionChange",
    "UnitCostDatabase",
    "UnitCostLoader",
    "appraisal_value",
    "appraisal_values",
    "capital_optimism_bias",
    "data_versions",
    "deflator_series",
    "discount_schedule",
    "edition_change",
    "edition_changes",
    "metb_rate",
    "names_a_file",
    "optimism_bias_table",
    "ucd_unit",
    "unit_costs",
]
