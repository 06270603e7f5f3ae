"""Bundled Green Book tables: appraisal values (WELLBY, QALY, VPF, carbon), the marginal
excess tax burden by edition, capital optimism bias by project type, and the vintages of
every bundled table (:func:`~placebudget.reference.data_versions`)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import AppraisalValue, CapitalOptimismBias, ProjectType
from placebudget.reference.tables import _by_name, _rows

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CAPITAL_OPTIMISM_BIAS_TABLES",
    "DataVersion",
    "appraisal_value",
    "appraisal_values",
    "capital_optimism_bias",
    "data_versions",
    "metb_rate",
]

#: Names of the bundled capital optimism bias tables.
CAPITAL_OPTIMISM_BIAS_TABLES: tuple[str, ...] = ("gb-2003-mott-macdonald",)

_CARBON_SOURCE = (
    "DESNZ, Valuation of greenhouse gas emissions: for policy appraisal and evaluation "
    "(November 2023 series), GBP per tonne CO2e in 2022 prices, low/central/high, 2020-2050"
)
_CAPITAL_SOURCE = (
    "HM Treasury, Supplementary Green Book Guidance: Optimism Bias (2003), from Mott "
    "MacDonald, Review of Large Public Procurement in the UK (2002): upper bounds"
)
_METB_SOURCE = "HM Treasury, The Green Book (2003, 2018, 2022 and February 2026 editions)"


@functools.cache
def appraisal_values() -> dict[str, AppraisalValue]:
    """The Green Book appraisal values by code (``wellby``, ``qaly``, ``qaly_nice_lower``,
    ``qaly_nice_upper``, ``vpf``, ``carbon``), each with its price year and citation.

    Examples
    --------
    >>> values = appraisal_values()
    >>> values["wellby"].central, values["wellby"].range
    (13000.0, (0.7692307692307693, 1.2307692307692308))
    >>> values["carbon"].amount_in(2030), values["carbon"].price_year
    (294.5, 2022)
    """
    found: dict[str, AppraisalValue] = {}
    for row in _rows("green_book_values.csv"):
        found[row["code"]] = AppraisalValue(
            code=row["code"],
            unit=row["unit"],
            central=float(row["central"]),
            low=float(row["low"]) if row["low"] else None,
            high=float(row["high"]) if row["high"] else None,
            price_year=int(row["price_year"]),
            real_growth=float(row["real_growth"]),
            value_year=int(row["value_year"]) if row["value_year"] else None,
            default_use=row["default_use"] == "yes",
            source=row["source"],
        )
    carbon = {
        int(r["year"]): (float(r["low"]), float(r["central"]), float(r["high"]))
        for r in _rows("carbon_values.csv")
    }
    first = carbon[min(carbon)]
    found["carbon"] = AppraisalValue(
        code="carbon",
        unit="tCO2e",
        central=first[1],
        low=first[0],
        high=first[2],
        price_year=2022,
        by_year=carbon,
        source=_CARBON_SOURCE,
    )
    return found


def appraisal_value(code: str) -> AppraisalValue:
    """The appraisal value ``code`` names (after ``gb:``).

    Raises
    ------
    placebudget.errors.UnknownReferenceError
        No such code, naming the codes there are.
    placebudget.errors.ValidationError
        ``code`` is not text.
    """
    given: Any = code
    if not isinstance(given, str):
        msg = "must be the code of a Green Book appraisal value (after gb:), such as qaly"
        raise ValidationError.single(path="code", message=msg, value=given)
    values = appraisal_values()
    if code not in values:
        msg = f"is not a Green Book appraisal value (codes: {', '.join(values)})"
        raise UnknownReferenceError([Problem("code", msg, code)])
    return values[code]


def metb_rate(edition: str) -> float | None:
    """The marginal excess tax burden of a Green Book edition: 0.2 for 2018 and 2022,
    ``None`` for 2026 (which sets none).

    Examples
    --------
    >>> metb_rate("2022"), metb_rate("2026")
    (0.2, None)
    """
    given: Any = edition
    if not isinstance(given, str):
        msg = "must be a Green Book edition such as '2026'"
        raise ValidationError.single(path="green_book", message=msg, value=given)
    rates = {
        row["edition"]: (float(row["rate"]) if row["rate"] else None) for row in _rows("metb.csv")
    }
    if edition not in rates:
        msg = f"is not a Green Book edition with a METB entry (editions: {', '.join(rates)})"
        raise UnknownReferenceError([Problem("green_book", msg, edition)])
    return rates[edition]


@_by_name("a capital optimism bias table")
def capital_optimism_bias(name: str = "gb-2003-mott-macdonald") -> CapitalOptimismBias:
    """Capital optimism bias upper bounds by project type.

    Examples
    --------
    >>> table = capital_optimism_bias()
    >>> table.types["standard_buildings"].capex_upper, round(table.uplift(
    ...     "equipment_development", mitigation=0.75), 4)
    (0.24, 0.5)
    """
    if name not in CAPITAL_OPTIMISM_BIAS_TABLES:
        msg = (
            "is not a bundled capital optimism bias table (bundled: "
            f"{', '.join(CAPITAL_OPTIMISM_BIAS_TABLES)})"
        )
        raise UnknownReferenceError([Problem("capital_optimism_bias", msg, name)])
    types = {
        row["project_type"]: ProjectType(
            id=row["project_type"],
            description=row["description"],
            capex_upper=float(row["capex_upper"]),
            duration_upper=float(row["duration_upper"]),
        )
        for row in _rows("optimism_bias_capital.csv")
    }
    return CapitalOptimismBias(name=name, source=_CAPITAL_SOURCE, types=types)


@attrs.frozen(kw_only=True)
class DataVersion:
    """One bundled table: what it is, where it comes from and how current it is."""

    name: str
    """Name a case or function selects it by."""
    kind: str
    """What it holds."""
    source: str
    """Where the figures come from."""
    vintage: str
    """Edition or release of the source."""
    checked: str
    """Date (ISO) the bundled figures were last checked against the source."""


_CHECKED = "2026-12-02"

_VERSIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "standard",
        "discount schedule",
        "HM Treasury, The Green Book, Annex A6: STPR 3.5 % declining",
        "Green Book 2022; unchanged in February 2026",
    ),
    (
        "health",
        "discount schedule",
        "HM Treasury, The Green Book, Annex A6: 1.5 % for health and risk-to-life "
        "values in utility terms (QALYs): the STPR without the wealth effect",
        "Green Book 2022; unchanged in February 2026",
    ),
    (
        "reduced",
        "discount schedule",
        "HM Treasury, The Green Book, Annex A6, Table 8: 3.0 % declining, the STPR "
        "without pure time preference (3.5 - 0.5): the long-term (over 50 years) and "
        "intergenerational sensitivity",
        "Green Book 2022; unchanged in February 2026",
    ),
    (
        "review-2026-3pc",
        "discount schedule",
        "HM Treasury, Green Book discount rate review 2026: a constant 3.0 % reportedly "
        "recommended (secondary account); not yet policy, a sensitivity only",
        "conclusions published 30 June 2026",
    ),
    (
        "hmt-2025-12",
        "GDP deflators",
        "HM Treasury GDP deflators at market prices (Quarterly National Accounts)",
        "December 2025",
    ),
    (
        "hmt-2025-12-calendar",
        "GDP deflators by calendar year",
        "HM Treasury GDP deflators at market prices (Quarterly National Accounts), "
        "calendar years: uprates the gb: appraisal values",
        "December 2025",
    ),
    ("ucd-v1.4", "GDP deflators", "Unit Cost Database v1.4, Lookups sheet", "March 2015"),
    ("ucd-v1.2", "GDP deflators", "Unit Cost Database v1.2, Lookups sheet", "March 2013"),
    (
        "gm-cba-2014",
        "optimism bias by grade",
        "GM CBA guidance (New Economy / HM Treasury "
        "supplementary guidance, 2014); figures unconfirmed",
        "2014",
    ),
    (
        "gb-2003-mott-macdonald",
        "capital optimism bias by project type",
        _CAPITAL_SOURCE,
        "2003 (Mott MacDonald 2002)",
    ),
    ("ucd-v1.4", "unit costs", "GMCA / New Economy Unit Cost Database", "v1.4, March 2015"),
    ("ucd-v1.2", "unit costs", "New Economy Unit Cost Database", "v1.2, 2014"),
    (
        "ucd-transfers",
        "transfer payment shares",
        "Unit Cost Database v1.4 cell comments",
        "v1.4, March 2015",
    ),
    ("gb:wellby", "appraisal value", "HM Treasury Wellbeing Guidance for Appraisal", "July 2021"),
    ("gb:qaly", "appraisal value", "DHSC supplementary Green Book guidance", "2024 prices"),
    (
        "gb:qaly_nice_lower, gb:qaly_nice_upper",
        "appraisal value (not for cross-government appraisal)",
        "NICE health technology assessment thresholds",
        "2024 prices",
    ),
    ("gb:vpf", "appraisal value", "DfT TAG data book, table A4.1.1", "v2.03, December 2025"),
    ("gb:carbon", "carbon values", _CARBON_SOURCE, "November 2023"),
    ("metb", "marginal excess tax burden", _METB_SOURCE, "February 2026 (none); 2022 (20 %)"),
    (
        "vfm",
        "value-for-money categories",
        "DfT Value for Money Framework and Supplementary Guidance on Categories; MHCLG "
        "Appraisal Guide",
        "2017; 2016",
    ),
)


def data_versions() -> pd.DataFrame:
    """Every bundled table with its source, edition or vintage and the date it was last
    checked, one row each.

    Examples
    --------
    >>> versions = data_versions()
    >>> list(versions.columns)
    ['source', 'vintage', 'checked']
    >>> versions.loc[("gb:wellby", "appraisal value"), "vintage"]
    'July 2021'
    """
    import pandas as pd

    rows = [
        DataVersion(name=name, kind=kind, source=source, vintage=vintage, checked=_CHECKED)
        for name, kind, source, vintage in _VERSIONS
    ]
    frame = pd.DataFrame([attrs.asdict(r) for r in rows])
    return frame.set_index(["name", "kind"])
