"""Formatting of figures and the headline table, shared by the report formats."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from placebudget.model import financial_year_label

__all__ = ["FINANCIAL_YEAR_COLUMNS", "UNIT_KINDS", "as_text", "column_kind", "column_label",
           "format_cell",
           "format_metric", "format_money", "format_ratio", "format_share", "headline_rows",
           "is_year_label", "plain"]

#: Columns holding a share shown as a percentage.
_SHARES = ("saving_share", "share_of_pot", "contribution_share_of_baseline",
           "saving_share_of_baseline", "probability", "mitigation", "uplift", "metb_rate",
           "switching_share", "overlap", "adjustment", "p_net_positive", "p_roi_above_1")

#: A table's ``unit`` column → how the row's numbers without a column kind are shown.
UNIT_KINDS: dict[str, str] = {"GBP": "money", "ratio": "ratio", "share": "share",
                              "financial year": "whole"}

#: Parts of a column name that mark an amount of money.
_MONEY_HINTS = ("pv_", "cost", "fiscal", "cashable", "economic", "social", "net",
                "contribution", "reactive", "investment", "saving")


def is_year_label(column: str) -> bool:
    """Whether a column name is a financial year label such as ``2013/14``.

    Examples
    --------
    >>> is_year_label("2013/14"), is_year_label("pv")
    (True, False)
    """
    return (len(column) == 7 and column[4] == "/" and column[:4].isdigit()
            and column[5:].isdigit())


def column_kind(column: str) -> str | None:
    """How a report column's numbers are shown: ``"whole"`` (years, lags, grades),
    ``"input"`` (sensitivity inputs, three decimals), ``"discount"`` (discount factors),
    ``"ratio"``, ``"share"`` (percentages), ``"money"`` (amounts, and the financial-year
    columns of the pooled budget), ``"count"`` (participants, volumes) or ``None``.

    Examples
    --------
    >>> [column_kind(c) for c in ("payback_year", "roi", "pv_cost", "volume", "kind")]
    ['whole', 'ratio', 'money', 'count', None]
    >>> column_kind("saving_share"), column_kind("2013/14")
    ('share', 'money')
    """
    if column in _SHARES:
        return "share"
    if is_year_label(column):
        return "money"
    if column == "pv_volume":
        return "count"
    if column in ("npbi", "nppv", "eac", "eanc") or column.startswith(("npbi_", "nppv_")):
        return "money"
    if column.endswith("year") or column in ("lag", "duration", "confidence"):
        return "whole"
    if column in ("point", "low", "high", "switching_value", "switching_change"):
        return "input"
    if column == "discount_factor":
        return "discount"
    if column in ("roi", "bcr", "fiscal_roi", "bcr_weighted", "weight", "eta") or (
            "factor" in column):
        return "ratio"
    if any(hint in column for hint in _MONEY_HINTS):
        return "money"
    if column in ("participants", "volume", "reinvested_participants", "count"):
        return "count"
    return None


_ACRONYMS = {"pv": "PV", "npbi": "NPBI", "nppv": "NPPV", "bcr": "BCR", "roi": "ROI",
             "vfm": "VfM", "eac": "EAC", "eanc": "EANC", "metb": "METB"}


def column_label(column: str) -> str:
    """A report column's name in words for a table header.

    Examples
    --------
    >>> column_label("pv_public_weighted"), column_label("vfm_category")
    ('PV public weighted', 'VfM category')
    """
    words = [_ACRONYMS.get(word, word) for word in str(column).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def plain(value: Any) -> Any:
    """A table cell as a plain Python value: numpy scalars unwrapped, missing and
    non-finite numbers as ``None``."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


#: First characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """A text cell for a CSV file that no spreadsheet will run as a formula: text
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe (OWASP's advice for CSV injection); anything else is unchanged.

    Examples
    --------
    >>> print(as_text('=HYPERLINK("http://x")'), as_text("council"), as_text(-1.5))
    '=HYPERLINK("http://x") council -1.5
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def format_money(value: float) -> str:
    """``1234567.8`` → ``'£1,234,568'``; negatives as ``'-£1,234'``; NaN as ``'n/a'``.

    Examples
    --------
    >>> format_money(-1234.5), format_money(float("nan"))
    ('-£1,234', 'n/a')
    """
    if math.isnan(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def format_ratio(value: float) -> str:
    """A ratio to two decimals, ``'n/a'`` when undefined."""
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def format_share(value: float) -> str:
    """A share as a percentage to one decimal, ``'n/a'`` when undefined.

    Examples
    --------
    >>> format_share(0.1058), format_share(float("nan"))
    ('10.6%', 'n/a')
    """
    return "n/a" if math.isnan(value) else f"{value:.1%}"


#: Columns whose numbers are financial years, shown as ``2016/17``.
FINANCIAL_YEAR_COLUMNS: tuple[str, ...] = (
    "year", "payback_year", "discounted_payback_year", "start_year", "price_year",
    "intake_year")


def format_cell(value: Any, column: str, unit: str | None = None) -> str:
    """A report table's value as text, as its column shows numbers (see
    :func:`column_kind`) — or, in a column of no kind, as the row's ``unit`` does
    (:data:`UNIT_KINDS`): whole numbers, inputs to three decimals, ratios, shares,
    money, anything else to two decimals; a missing value as ``–``.

    Examples
    --------
    >>> format_cell(1234.5, "pv_cost"), format_cell(0.1058, "saving_share")
    ('£1,234', '10.6%')
    >>> format_cell(None, "roi"), format_cell(True, "worse_off"), format_cell(3, "lag")
    ('–', 'yes', '3')
    >>> format_cell(-348422.94, "mean", unit="GBP"), format_cell(1.234, "p5", unit="ratio")
    ('-£348,423', '1.23')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value is pd.NA:
        return "–"
    if column in FINANCIAL_YEAR_COLUMNS and isinstance(value, int | float) and value == value:
        return financial_year_label(int(value))
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, float):
        return str(value)
    kind = column_kind(column) or UNIT_KINDS.get(unit or "")
    if kind in ("ratio", "discount"):
        return format_ratio(value)
    if kind == "share":
        return format_share(value)
    if kind == "money":
        return format_money(value)
    if value != value:
        return "–"
    if kind == "whole":
        return str(int(value)) if unit != "financial year" else financial_year_label(
            int(value))
    if kind == "input":
        return f"{value:,.3f}"
    return f"{value:,.2f}"


def format_metric(value: Any, unit: str) -> str:
    """A headline figure in its unit: ``"GBP"`` as money, ``"ratio"``, ``"share"`` or
    ``"financial year"`` (a missing year is not within the horizon).

    Examples
    --------
    >>> format_metric(1234.5, "GBP"), format_metric(2013, "financial year")
    ('£1,234', '2013/14')
    >>> format_metric(float("nan"), "financial year")
    'not within the horizon'
    """
    number = float("nan") if value is None else float(value)
    if unit == "financial year":
        return ("not within the horizon" if math.isnan(number)
                else financial_year_label(int(number)))
    if unit == "ratio":
        return format_ratio(number)
    if unit == "share":
        return format_share(number)
    return format_money(number)


def headline_rows(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """The headline metrics as (label, formatted value) rows, from the ``summary`` report
    frame (:func:`placebudget.report.frames.summary`); the reinvestment line only when a
    case reinvests."""
    return [(str(row["label"]), format_metric(row["value"], str(row["unit"])))
            for metric, row in summary.iterrows()
            if not (metric == "pv_reinvested" and not row["value"])]
