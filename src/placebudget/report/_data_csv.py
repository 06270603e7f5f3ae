"""The CSV report: the figures as tidy rows, one figure a row (or the raw projection)."""

from __future__ import annotations

import math
import os
from typing import Any

import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine.results import Results
from placebudget.figures import FIGURES
from placebudget.io import atomic_write
from placebudget.report._data_rows import (
    _NUMBERS,
    _WHOLE,
    _YEAR_LABEL,
    _cell,
    _Naming,
    _wide_columns,
)
from placebudget.report.contents import report_contents
from placebudget.report.frames import MONTE_CARLO_CHANCES, tidy
from placebudget.report.outline import Table
from placebudget.report.tables import as_text

__all__ = ["CSV_COLUMNS", "report_rows", "write_csv"]

#: The columns of the CSV report, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "table",
    "figure",
    "partner",
    "partner_name",
    "option",
    "outcome",
    "outcome_name",
    "period",
    "year",
    "statistic",
    "value",
    "unit",
)

#: The report's tables the CSV report holds, and the CSV table each goes in.
_CSV_TABLES: dict[str, str] = {
    "summary": "headline",
    "optimism_bias": "optimism_bias",
    "partners": "partners",
    "years": "years",
    "agreements": "agreements",
    "pooled_budget": "pooled_budget",
    "evaluation": "evaluation",
    "evaluation_estimates": "evaluation_estimates",
    "evaluation_fiscal": "evaluation_fiscal",
    "evaluation_costs": "evaluation_costs",
    "monte_carlo": "monte_carlo",
    "monte_carlo_chances": "monte_carlo_chances",
    "monte_carlo_partners": "monte_carlo_partners",
    "beyond_horizon": "beyond_horizon",
    "beyond_horizon_partners": "beyond_horizon",
}

#: Columns of the report's tables that are a CSV row's coordinates.
_COORDINATES = ("partner", "option", "outcome", "period", "year")

_UNITS = {
    "money": "GBP",
    "money_per_unit": "GBP per unit",
    "share": "share",
    "ratio": "ratio",
    "count": "units",
    "year": "financial year",
    "flag": "1 = yes",
}


def _unit(figure: str, kind: str | None) -> str:
    found = FIGURES.get(figure)
    if kind == "flag":
        return _UNITS["flag"]
    if found is not None and found.unit:
        return found.unit
    return _UNITS.get(str(kind), "")


def _csv_rows(name: str, found: Table, naming: _Naming) -> list[dict[str, Any]]:
    """The rows of one report table in the CSV convention."""
    frame = found.frame
    table_ = _CSV_TABLES[name]
    by_year, _ = _wide_columns(found, naming.partners)
    chances = {text: key for key, text in MONTE_CARLO_CHANCES.items()}
    rows = []
    for row in range(len(frame)):
        base: dict[str, Any] = {"table": table_}
        for column in _COORDINATES:
            if column in found.columns:
                base[column] = _cell(frame[column].iloc[row], found.kind(column))
        if base.get("partner") in ("pot", "total"):
            continue  # totals of the rows above
        if name in ("summary", "beyond_horizon"):
            figure = str(frame["metric"].iloc[row])
            rows.append(
                {
                    **base,
                    "figure": figure,
                    "value": _cell(frame["value"].iloc[row], FIGURES[figure].kind),
                    "unit": FIGURES[figure].unit,
                }
            )
            continue
        if name == "monte_carlo":
            figure = str(frame["metric"].iloc[row])
            for statistic in ("mean", "sd", "p5", "p50", "p95"):
                rows.append(
                    {
                        **base,
                        "figure": figure,
                        "statistic": statistic,
                        "value": _cell(frame[statistic].iloc[row], FIGURES[figure].kind),
                        "unit": FIGURES[figure].unit,
                    }
                )
            continue
        if name == "optimism_bias":  # the headline figures with and without it
            for figure in (c for c in found.columns if c in FIGURES):
                rows.append(
                    {
                        **base,
                        "figure": figure,
                        "statistic": str(frame["scenario"].iloc[row]),
                        "value": _cell(frame[figure].iloc[row], FIGURES[figure].kind),
                        "unit": FIGURES[figure].unit,
                    }
                )
            continue
        if name == "monte_carlo_chances":
            text = str(frame["chance"].iloc[row])
            rows.append(
                {
                    **base,
                    "figure": "probability",
                    "statistic": chances.get(text, text),
                    "value": _cell(frame["probability"].iloc[row], "share"),
                    "unit": "share",
                }
            )
            continue
        for column in found.columns:
            if column in _COORDINATES or column in found.flags.values():
                continue
            kind = found.kind(column)
            if column in by_year:
                match = _YEAR_LABEL.match(column)
                assert match is not None
                rows.append(
                    {
                        **base,
                        "figure": "contribution",
                        "year": int(match.group(1)),
                        "value": _cell(frame[column].iloc[row], kind),
                        "unit": _unit("", kind),
                    }
                )
                continue
            if name == "pooled_budget":
                continue  # the yearly contributions only: the rest is in agreements
            numeric = kind in (*_NUMBERS, *_WHOLE, "flag") or (
                kind is None and frame[column].dtype.kind in "fiub"
            )
            if not numeric:
                continue
            value = _cell(frame[column].iloc[row], kind)
            if isinstance(value, bool):
                value = int(value)
            rows.append({**base, "figure": column, "value": value, "unit": _unit(column, kind)})
    for row_ in rows:
        for column in ("partner", "outcome"):
            if isinstance(row_.get(column), str):
                row_[f"{column}_name"] = naming.name(column, row_[column])
    return rows


def _optimism_bias_rows(results: Results) -> list[dict[str, Any]]:
    """The optimism bias table the case used, as text rows of the ``optimism_bias``
    table: its name (``optimism_bias_table``), rates by grade and status."""
    attrs = results.projection.attrs
    if not attrs.get("optimism_bias_status"):
        return []
    return [
        {"table": "optimism_bias", "figure": f"optimism_bias_{key}", "value": str(attrs[name])}
        for key, name in (
            ("table", "optimism_bias_table"),
            ("title", "optimism_bias_title"),
            ("rates", "optimism_bias_rates"),
            ("status", "optimism_bias_status"),
        )
    ]


def report_rows(results: Results) -> pd.DataFrame:
    """The CSV report's rows (see :func:`write_csv`)."""
    naming = _Naming(results.case)
    tables = report_contents(results).tables("machine")
    human = report_contents(results).tables("human")
    rows: list[dict[str, Any]] = []
    for name in _CSV_TABLES:
        found = tables.get(name) or (human.get(name) if name == "summary" else None)
        if found is not None:
            rows += _csv_rows(name, found, naming)
        if name == "summary":
            rows += _optimism_bias_rows(results)
    # object columns: a year or a whole number stays an int beside money and shares
    frame = pd.DataFrame(rows, dtype=object).reindex(columns=list(CSV_COLUMNS))
    frame["year"] = [
        ("" if y is None or (isinstance(y, float) and math.isnan(y)) else int(y))
        for y in frame["year"]
    ]
    return frame


def write_csv(results: Results, path: str | os.PathLike[str], *, projection: bool = False) -> None:
    """The CSV report, written atomically: the figures as tidy rows, one figure a row.

    Its columns (:data:`CSV_COLUMNS`): ``table`` (``headline``, ``optimism_bias``,
    ``partners``, ``years``, ``agreements``, ``pooled_budget``; with an evaluation ``evaluation``,
    ``evaluation_estimates``, ``evaluation_fiscal`` and ``evaluation_costs``; with a Monte
    Carlo summary ``monte_carlo``, ``monte_carlo_chances`` and ``monte_carlo_partners``;
    ``beyond_horizon``, the present value of the benefits after the horizon's last year,
    which no other figure counts, in total and each partner's fiscal part),
    ``figure`` (the figure's name in the catalogue, :mod:`placebudget.figures`; a
    pooled budget's yearly ``contribution``), the row's coordinates where it has them —
    ``partner`` and ``partner_name``, ``option`` (an agreement option, ``as modelled``
    first), ``outcome`` and ``outcome_name``, ``period``, ``year`` (a financial year as an
    integer, ``2013`` = 2013/14) and ``statistic`` (``mean``, ``sd``, ``p5``, ``p50``,
    ``p95``, or the test a chance is of, ``npbi > 0``) — blank where it has none, the
    ``value`` (money in GBP at the price base to the penny; blank where undefined; a flag
    such as ``worse_off`` 1 or 0) and its ``unit``. Under each agreement option each
    partner has its ``pv_contribution``, ``net``, ``roi`` and ``worse_off`` rows
    (``agreements``) and its contribution in each year (``pooled_budget``). The
    ``optimism_bias`` rows name the optimism bias table the case used (the text rows
    ``optimism_bias_table``, ``optimism_bias_title``, ``optimism_bias_rates`` and
    ``optimism_bias_status``) and give the headline figures with optimism bias as the
    case states it (``statistic`` ``with``) and with every rate 0 (``without``).

    With ``projection``, the raw projection instead: one long table of every variable
    of the Dataset (``variable, intervention, intervention_name, partner, partner_name,
    year, outcome, outcome_name, value, units``; blank where a variable has no such dimension; the
    participants by intervention, each in its cohort's unit).
    """
    table = _projection_rows(results) if projection else report_rows(results)
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):  # (a list keeps ints ints)
            table[column] = pd.Series(
                [as_text(v) for v in table[column]], dtype=object, index=table.index
            )
    with atomic_write(path) as handle:
        table.to_csv(handle, index=False, lineterminator="\n")


def _projection_rows(results: Results) -> pd.DataFrame:
    """The projection as one tidy long table, with names beside its ids."""
    naming = _Naming(results.case)
    table = tidy(results.appraisal)
    table.insert(
        list(table.columns).index(D.INTERVENTION) + 1,
        "intervention_name",
        [naming.name("intervention", i) if i else "" for i in table[D.INTERVENTION]],
    )
    table.insert(
        list(table.columns).index(D.PARTNER) + 1,
        "partner_name",
        [naming.name("partner", p) if p else "" for p in table[D.PARTNER]],
    )
    table.insert(
        list(table.columns).index(D.OUTCOME) + 1,
        "outcome_name",
        [naming.name("outcome", o) if o else "" for o in table[D.OUTCOME]],
    )
    return table
