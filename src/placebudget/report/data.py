"""Data formats of a report: tidy CSV, JSON (with its published JSON Schema) and netCDF.

The CSV report holds the figures as tidy rows, one figure of one partner, option, outcome,
period or year a row (:data:`CSV_COLUMNS`); ``projection=True`` writes the raw projection
instead. The JSON report holds every table of the report (:func:`report_document`):
names beside ids, financial years as integers (``2013``) with their label (``"2013/14"``)
beside them, money to the penny, and wide tables (a column per year or partner) also as
tidy rows; it follows :func:`committed_report_schema` (``report.schema.json`` beside this
module, printed by ``placebudget schema --report``).

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> document = report_document(pb.compute_results(pb.project(example_case())))
>>> document["price_base"], document["price_base_label"], document["appraisal_years"][0]
(2012, '2012/13', {'year': 2012, 'year_label': '2012/13'})
>>> row = next(r for r in document["partners"] if r["partner"] == "council")
>>> row["partner_name"], row["pv_cost"]  # names beside ids, money to the penny
('Wigan Council', 218140.1)
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine.results import Results
from placebudget.figures import FIGURES
from placebudget.io import atomic_write, atomic_write_path
from placebudget.model import financial_year_label
from placebudget.report.contents import PUBLIC_VALUE_RULE, report_contents
from placebudget.report.frames import MONTE_CARLO_CHANCES, tidy
from placebudget.report.frames import flat as flatten
from placebudget.report.outline import ID_COLUMNS, Names, Table
from placebudget.report.tables import as_text, plain

if TYPE_CHECKING:
    from placebudget.model import BusinessCase

__all__ = [
    "CSV_COLUMNS",
    "REPORT_SCHEMA_ID",
    "committed_report_schema",
    "report_document",
    "report_schema",
    "report_schema_text",
    "write_csv",
    "write_json",
    "write_netcdf",
]

#: The ``$id`` of the JSON report's schema, and the ``$schema`` of every JSON report.
REPORT_SCHEMA_ID = "https://placebudget.org/schema/report.schema.json"

#: Kinds of figure that are money (rounded to the penny in the CSV and JSON reports).
_MONEY = ("money", "money_per_unit")
#: Kinds of figure that are whole numbers (financial years, lags, grades).
_WHOLE = ("year", "whole")
#: Kinds of figure that are numbers.
_NUMBERS = ("money", "money_per_unit", "share", "ratio", "count", "number", "factor", "input")
#: A column of financial years by their labels (``2013/14``).
_YEAR_LABEL = re.compile(r"^(\d{4})/\d{2}$")


def _money(value: Any) -> Any:
    """Money to the penny (``1522888.8800000001`` → ``1522888.88``), missing as ``None``."""
    value = plain(value)
    return None if value is None else round(float(value), 2)


def _whole(value: Any) -> Any:
    """A whole number (a year, a lag) as an int, missing as ``None``."""
    value = plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _cell(value: Any, kind: str | None) -> Any:
    """A cell as the JSON and CSV reports write it: by its figure's ``kind``."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, str) and value == "<NA>":
        return None
    if kind in _MONEY and not isinstance(value, bool):
        return _money(value)
    if kind in _WHOLE:
        return _whole(value)
    if kind == "flag":
        return bool(value)
    if not isinstance(value, bool | int | float | str):
        return str(value)
    return value


def _year_label(value: Any) -> str | None:
    return None if value is None else financial_year_label(int(value))


def _row_kind(found: Table, row: int, column: str) -> str | None:
    """The kind of one cell: its row's figure's in a table of figures by row."""
    if found.row_figure is not None and column not in (found.row_figure, *found.hidden):
        figure = FIGURES.get(str(found.frame[found.row_figure].iloc[row]))
        if figure is not None and found.frame[column].dtype.kind in "fiu":
            return figure.kind
    return found.kind(column)


class _Naming:
    """Names beside ids: each id column's ``<column>_name`` (partners, interventions,
    outcomes, effects, inputs; a payer that is a partner)."""

    def __init__(self, case: BusinessCase | None) -> None:
        self.names = Names.of(case)
        self.partners = dict(self.names.partners)
        self.by_name = {i.name: i.id for i in case.interventions} if case is not None else {}

    def name(self, column: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if column == "payer":
            return self.partners.get(value, value)
        return self.names.name(ID_COLUMNS[column], value)

    def named(self, column: str) -> bool:
        return column in ID_COLUMNS or column == "payer"


def _records(found: Table, naming: _Naming, *, skip: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every row of ``found`` as a JSON object: figures by their kind (money to the
    penny, years as ints with a ``<column>_label`` beside them — ``year_label`` beside
    ``year``), a ``<column>_name`` beside each column of ids."""
    skipped = set(skip)
    columns = [c for c in found.columns if c not in skipped]
    frame = found.frame
    out = []
    for row in range(len(frame)):
        record: dict[str, Any] = {}
        for column in columns:
            kind = _row_kind(found, row, column)
            value = _cell(frame[column].iloc[row], kind)
            if found.name == "interventions_appraised" and column == "intervention":
                value = naming.by_name.get(value, value)  # the table shows names
            record[column] = value
            if naming.named(column):
                record[f"{column}_name"] = naming.name(column, value)
            if kind == "year":
                record["year_label" if column == "year" else f"{column}_label"] = _year_label(value)
        out.append(record)
    return out


def _wide_columns(found: Table, partners: Iterable[str]) -> tuple[list[str], list[str]]:
    """The columns of a wide table that are financial years (``2013/14``) and those that
    are partners (a table with no ``partner`` column)."""
    years = [c for c in found.columns if _YEAR_LABEL.match(c)]
    ids = set(partners)
    by_partner = [] if "partner" in found.columns else [c for c in found.columns if c in ids]
    return years, by_partner


def _keys(found: Table, wide: list[str]) -> list[str]:
    """The columns naming a row of a wide table (its ids and text)."""
    return [
        c
        for c in found.columns
        if c not in wide
        and c not in found.flags.values()
        and found.kind(c) in (None, "text")
        and found.frame[c].dtype.kind not in "fiub"
    ]


def _long(found: Table, naming: _Naming, wide: list[str], what: str) -> list[dict[str, Any]]:
    """A wide table's year or partner columns as tidy rows: the row's keys, the
    ``year`` (and ``year_label``) or ``partner`` (and ``partner_name``), and the
    ``amount``."""
    keys = _keys(found, wide)
    base = _records(found, naming, skip=[c for c in found.columns if c not in keys])
    out = []
    for row, record in enumerate(base):
        for column in wide:
            kind = found.kind(column)
            entry = dict(record)
            if what == "year":
                match = _YEAR_LABEL.match(column)
                assert match is not None
                entry["year"], entry["year_label"] = int(match.group(1)), column
            else:
                entry["partner"], entry["partner_name"] = column, naming.name("partner", column)
            entry["amount"] = _cell(found.frame[column].iloc[row], kind)
            out.append(entry)
    return out


def _applied_optimism_bias(results: Results, variable: str, path: str) -> dict[str, float]:
    """The optimism bias the projection applied to each effect
    (``benefit_optimism_bias``) or cost line (``cost_optimism_bias``), by its path in
    the case (``interventions[0].effects[1]``): given, or from the evidence grade."""
    projection = results.projection
    if not projection.has_input(variable) or not projection.has_input(path):
        return {}
    return {
        str(p): float(v)
        for p, v in zip(
            projection.input_values(path), projection.input_values(variable), strict=True
        )
    }


def _effects(rows: list[dict[str, Any]], results: Results) -> None:
    """The effects' optimism bias as applied (the case's, or its evidence grade's)."""
    case = results.case
    applied = _applied_optimism_bias(results, D.BENEFIT_OPTIMISM_BIAS, D.EFFECT_PATH)
    paths = [
        f"interventions[{i}].effects[{j}]"
        for i, found in enumerate(case.interventions if case is not None else ())
        for j, _ in enumerate(found.effects)
    ]
    for row, path in zip(rows, paths, strict=False):
        if path in applied:
            row["optimism_bias"] = applied[path]


def _costs(rows: list[dict[str, Any]], results: Results) -> None:
    """The cost lines' optimism bias as applied, and their amounts by year (as the case
    gives them, in the line's price year) as a list of ``year``, ``year_label`` and
    ``amount``."""
    case = results.case
    applied = _applied_optimism_bias(results, D.COST_OPTIMISM_BIAS, D.LINE_PATH)
    lines = [
        (f"interventions[{i}].costs[{j}]", line)
        for i, found in enumerate(case.interventions if case is not None else ())
        for j, line in enumerate(found.costs)
    ]
    for row, (path, line) in zip(rows, lines, strict=False):
        if path in applied:
            row["optimism_bias"] = applied[path]
        row["amounts"] = [
            {
                "year": int(year),
                "year_label": financial_year_label(int(year)),
                "amount": _money(amount),
            }
            for year, amount in line.amounts.items()
        ]


def _summary(results: Results) -> tuple[dict[str, Any], dict[str, str | None]]:
    """The headline figures (money to the penny), and the labels of those that are
    financial years."""
    values = results.appraisal.summary()
    found = FIGURES.get
    summary = {
        name: _cell(value, found(name).kind if found(name) else None)  # type: ignore[union-attr]
        for name, value in values.items()
    }
    labels = {
        name: _year_label(summary[name])
        for name in values
        if (f := found(name)) is not None and f.kind == "year"
    }
    return summary, labels


def report_document(results: Results) -> dict[str, Any]:
    """The JSON report of ``results`` as a dict (what :func:`write_json` writes).

    It holds ``$schema`` (:data:`REPORT_SCHEMA_ID`), the ``placebudget`` version, the
    ``case`` and ``place`` names, the ``price_base`` and the ``appraisal_years`` (each an
    integer financial year with its ``year_label``), every headline figure
    (``summary``; ``summary_year_labels`` labels those that are years), then every table
    of the report (:func:`~placebudget.report.report_contents`, as the machine formats
    read it) as a list of rows. In every row a column of ids (partner, intervention,
    outcome, effect, input, payer) has its ``<column>_name`` beside it, a financial year
    its ``<column>_label`` (``year_label`` beside ``year``), money is rounded to the
    penny, a missing value is ``null``. A table with a column per financial year or per
    partner (the pooled budget, what the pot pays for, the cost of a cohort member) also
    comes as tidy rows, ``<table>_by_year`` or ``<table>_by_partner``, one ``amount`` a
    row. The effects' and cost lines' ``optimism_bias`` is the one applied (the case's,
    or its evidence grade's); each cost line's ``amounts`` are a list by year. With an
    evaluation, its ``evaluation_basis`` and ``evaluation_totals`` close it.
    """
    from placebudget import __version__

    result = results.appraisal
    case = results.case
    naming = _Naming(case)
    years = [int(y) for y in result.projection.years]
    summary, labels = _summary(results)
    document: dict[str, Any] = {
        "$schema": REPORT_SCHEMA_ID,
        "placebudget": __version__,
        "case": result.projection.attrs.get("case", ""),
        "place": case.place.name if case is not None else result.projection.attrs.get("place", ""),
        "price_base": result.price_base,
        "price_base_label": financial_year_label(result.price_base),
        "appraisal_years": [{"year": y, "year_label": financial_year_label(y)} for y in years],
        "summary": summary,
        "summary_year_labels": labels,
    }
    for name, found in report_contents(results).tables("machine").items():
        if name == "summary":
            continue
        by_year, by_partner = _wide_columns(found, naming.partners)
        rows = _records(found, naming, skip=[*by_year, *by_partner])
        if name == "effects":
            _effects(rows, results)
        elif name == "costs":
            _costs(rows, results)
        document[name] = rows
        if by_year:
            document[f"{name}_by_year"] = _long(found, naming, by_year, "year")
        if by_partner:
            document[f"{name}_by_partner"] = _long(found, naming, by_partner, "partner")
    if results.evaluation is not None:
        document["evaluation_basis"] = results.evaluation.basis
        document["evaluation_totals"] = {k: _money(v) for k, v in results.evaluation.totals.items()}
    return document


def write_json(results: Results, path: str | os.PathLike[str]) -> None:
    """The JSON report (:func:`report_document`), written atomically; it follows the
    published schema, :func:`committed_report_schema`."""
    document = report_document(results)
    with atomic_write(path) as handle:
        json.dump(document, handle, indent=2, allow_nan=False, ensure_ascii=False)
        handle.write("\n")


# --- the JSON report's schema -------------------------------------------------------------

#: What the columns that are not figures of the catalogue hold.
_COLUMN_DOCS: dict[str, str] = {
    "partner": "a partner's id (or 'total', 'pot')",
    "intervention": "an intervention's id (or 'total')",
    "outcome": "an outcome's id",
    "effect": "an effect's id, 'intervention:outcome'",
    "input": "an input's path by ids, such as 'domestic_abuse › repeat_domestic_abuse › impact'",
    "kind": "a kind, as an id",
    "payer": "who pays: a partner's id, or the agency the unit cost database names",
    "option": "an investment agreement option's name ('as modelled': each partner bearing "
    "the costs the case gives it)",
    "amount": "the amount (GBP, to the penny)",
    "amounts": "the amounts the case gives by financial year (GBP in the line's price year)",
    "metric": "the figure's name in the catalogue",
    "label": "the figure's title",
    "unit": "the unit",
    "basis": "the basis",
    "period": "the period observed, such as '2013/14 months 1-6'",
    "category": "the cost category",
    "case_study": "the case study's name",
    "record": "the year of contacts: before or after",
    "code": "the unit cost database line's code",
    "description": "what it is, in words",
    "agency": "the agency the unit cost database names as bearing the cost",
    "source": "where it comes from",
    "assumption": "what is assumed",
    "value": "its value, in words",
    "chance": "what it is the chance of",
    "risk": "the risk",
    "benefits": "the benefits counted",
    "distribution": "the distribution drawn from",
    "values": "the values per unit of the outcome the case gives, by partner",
    "per_participant": "the cost per engaged participant, with its unit",
    "cohort_unit": "the unit of the cohort (a household, a person)",
    "range_source": "where the range comes from",
}

#: Columns that always hold a value (ids, keys, years of a table by year).
_NEVER_NULL = frozenset(
    {
        *ID_COLUMNS,
        "option",
        "year",
        "year_label",
        "metric",
        "label",
        "period",
        "category",
        "chance",
        "assumption",
        "case_study",
        "record",
        "code",
        "risk",
        "basis",
    }
)

_TOP: dict[str, Any] = {
    "$schema": {"const": REPORT_SCHEMA_ID, "description": "This schema's id."},
    "placebudget": {"type": "string", "description": "The placebudget version that wrote it."},
    "case": {"type": "string", "description": "The case's name."},
    "place": {"type": "string", "description": "The place's name."},
    "price_base": {
        "type": "integer",
        "description": "The financial year (2013 = 2013/14) whose prices every amount is in.",
    },
    "price_base_label": {
        "type": "string",
        "description": "The price base as a financial year, such as '2013/14'.",
    },
    "appraisal_years": {
        "type": "array",
        "description": "The appraisal's financial years.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["year", "year_label"],
            "properties": {"year": {"type": "integer"}, "year_label": {"type": "string"}},
        },
    },
    "summary": {
        "type": "object",
        "description": "Every headline figure by its name in the "
        "catalogue (money in GBP to the penny; null where undefined).",
        "additionalProperties": {"type": ["number", "null"]},
    },
    "summary_year_labels": {
        "type": "object",
        "description": "The headline figures that "
        "are financial years, as labels ('2016/17'; null: never within "
        "the horizon).",
        "additionalProperties": {"type": ["string", "null"]},
    },
    "evaluation_basis": {"type": "string", "description": "The evaluation's basis."},
    "evaluation_totals": {
        "type": "object",
        "description": "Realised fiscal benefit and cost to date and their forecasts (GBP).",
        "additionalProperties": {"type": ["number", "null"]},
    },
}


def _property(column: str, values: list[Any], kinds: set[str | None]) -> dict[str, Any]:
    """The schema of one column, from the catalogue's kind of its figure and the values
    seen."""
    base = column.removesuffix("_name").removesuffix("_label")
    figure = FIGURES.get(column)
    types: set[str] = set()
    for kind in kinds:
        if kind in _NUMBERS:
            types.add("number")
        elif kind in _WHOLE:
            types.add("integer")
        elif kind == "flag":
            types.add("boolean")
    for value in values:
        if isinstance(value, bool):
            types.add("boolean")
        elif isinstance(value, int):
            types.add("integer" if not types & {"number"} else "number")
        elif isinstance(value, float):
            types.add("number")
        elif isinstance(value, str):
            types.add("string")
        elif isinstance(value, list):
            types.add("array")
    if {"integer", "number"} <= types:
        types.discard("integer")
    if not types:
        types.add("string")
    nullable = column not in _NEVER_NULL and not column.endswith("_name")
    if nullable or any(v is None for v in values):
        types.add("null")
    order = ("string", "integer", "number", "boolean", "array", "null")
    found: dict[str, Any] = {"type": [t for t in order if t in types]}
    if len(found["type"]) == 1:
        found["type"] = found["type"][0]
    if figure is not None:
        money = " (GBP, to the penny)" if figure.money else ""
        found["description"] = f"{figure.title}: {figure.doc}{money}."
    elif column.endswith("_name") and base in (*ID_COLUMNS, "payer"):
        found["description"] = f"The name of the {base.replace('_', ' ')}."
    elif column.endswith("_label"):
        found["description"] = (
            f"{base.replace('_', ' ').capitalize()} as a financial year, such as '2013/14'."
        )
    elif column in _COLUMN_DOCS:
        found["description"] = _COLUMN_DOCS[column][:1].upper() + _COLUMN_DOCS[column][1:] + "."
    if column == "amounts":
        found["items"] = {
            "type": "object",
            "additionalProperties": False,
            "required": ["year", "year_label", "amount"],
            "properties": {
                "year": {"type": "integer"},
                "year_label": {"type": "string"},
                "amount": {"type": ["number", "null"]},
            },
        }
    return found


def _table_schema(
    name: str, rows: list[list[dict[str, Any]]], kinds: Mapping[str, set[str | None]], caption: str
) -> dict[str, Any]:
    """The schema of one table: an array of rows, each with the columns seen."""
    columns: dict[str, list[Any]] = {}
    present: list[set[str]] = []
    for document_rows in rows:
        for row in document_rows:
            present.append(set(row))
            for key, value in row.items():
                columns.setdefault(key, []).append(value)
    required = sorted(set.intersection(*present)) if present else []
    required = [c for c in columns if c in required]
    return {
        "type": "array",
        "description": caption,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": {
                column: _property(column, values, kinds.get(column, set()))
                for column, values in columns.items()
            },
        },
    }


def _example_results() -> list[Results]:
    """The bundled examples' results, each without the sensitivity and with it, a Monte
    Carlo summary (and West Cheshire's evaluation): what the schema is drawn from."""
    from placebudget.engine import evaluate, project, simulate_summary
    from placebudget.engine.results import compute_results
    from placebudget.examples import ACTUALS, EXAMPLES, actuals_path, example_path
    from placebudget.io import load_case
    from placebudget.io.actuals import load_actuals

    found = []
    for name in EXAMPLES:
        case = load_case(example_path(name))
        projection = project(case)
        found.append(compute_results(projection, sensitivity=False))
        evaluation = (
            evaluate(projection, load_actuals(actuals_path(name))) if name in ACTUALS else None
        )
        found.append(
            compute_results(
                projection,
                evaluation=evaluation,
                uncertainty=simulate_summary(case, draws=64, seed=1),
            )
        )
    return found


def report_schema(results: Iterable[Results] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON report, drawn from the reports of
    ``results`` (by default the bundled examples', with and without the sensitivity, a
    Monte Carlo summary and an evaluation): the top-level fields, and each table's
    columns — their types
    from the catalogue's kind of each figure, their descriptions from its title and doc;
    a table or column of every report is required. Committed as ``report.schema.json``
    (:func:`committed_report_schema`); a test keeps the two the same."""
    documents: list[dict[str, Any]] = []
    kinds: dict[str, dict[str, set[str | None]]] = {}
    captions: dict[str, str] = {}
    for found in _example_results() if results is None else results:
        documents.append(report_document(found))
        naming = _Naming(found.case)
        for name, table_ in report_contents(found).tables("machine").items():
            captions.setdefault(name, table_.caption)
            by_year, by_partner = _wide_columns(table_, naming.partners)
            for column in table_.columns:
                kind = (
                    None
                    if table_.row_figure is not None and column != table_.row_figure
                    else table_.kind(column)
                )
                kinds.setdefault(name, {}).setdefault(column, set()).add(kind)
            for suffix, wide in (("_by_year", by_year), ("_by_partner", by_partner)):
                if wide:
                    captions.setdefault(
                        name + suffix,
                        f"{table_.caption}: by {suffix.removeprefix('_by_')}, as tidy rows",
                    )
                    kinds.setdefault(name + suffix, {}).setdefault("amount", set()).update(
                        table_.kind(c) for c in wide
                    )
    tables = list(dict.fromkeys(k for d in documents for k in d if k not in _TOP))
    properties = dict(_TOP)
    for name in tables:
        properties[name] = _table_schema(
            name,
            [d[name] for d in documents if name in d],
            kinds.get(name, {}),
            captions.get(name, name),
        )
    required = [k for k in properties if all(k in d for d in documents)]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": REPORT_SCHEMA_ID,
        "title": "placebudget JSON report",
        "description": "A placebudget report as JSON (placebudget run CASE -o FILE.json): "
        "every table of the report as rows, names beside ids, financial "
        "years as integers (2013 = 2013/14) with their labels, money in "
        "GBP at the price base to the penny.",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def report_schema_text(results: Iterable[Results] | None = None) -> str:
    """:func:`report_schema` as indented JSON text."""
    return json.dumps(report_schema(results), indent=2, ensure_ascii=False) + "\n"


def committed_report_schema() -> str:
    """The JSON report's schema shipped with placebudget (``report.schema.json``)."""
    return (
        resources.files("placebudget.report")
        .joinpath("report.schema.json")
        .read_text(encoding="utf-8")
    )


# --- CSV ----------------------------------------------------------------------------------

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
        if name == "summary":
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
    # object columns: a year or a whole number stays an int beside money and shares
    frame = pd.DataFrame(rows, dtype=object).reindex(columns=list(CSV_COLUMNS))
    frame["year"] = [
        ("" if y is None or (isinstance(y, float) and math.isnan(y)) else int(y))
        for y in frame["year"]
    ]
    return frame


def write_csv(results: Results, path: str | os.PathLike[str], *, projection: bool = False) -> None:
    """The CSV report, written atomically: the figures as tidy rows, one figure a row.

    Its columns (:data:`CSV_COLUMNS`): ``table`` (``headline``, ``partners``, ``years``,
    ``agreements``, ``pooled_budget``; with an evaluation ``evaluation``,
    ``evaluation_estimates``, ``evaluation_fiscal`` and ``evaluation_costs``; with a Monte
    Carlo summary ``monte_carlo``, ``monte_carlo_chances`` and ``monte_carlo_partners``),
    ``figure`` (the figure's name in the catalogue, :mod:`placebudget.figures`; a
    pooled budget's yearly ``contribution``), the row's coordinates where it has them —
    ``partner`` and ``partner_name``, ``option`` (an agreement option, ``as modelled``
    first), ``outcome`` and ``outcome_name``, ``period``, ``year`` (a financial year as an
    integer, ``2013`` = 2013/14) and ``statistic`` (``mean``, ``sd``, ``p5``, ``p50``,
    ``p95``, or the test a chance is of, ``npbi > 0``) — blank where it has none, the
    ``value`` (money in GBP at the price base to the penny; blank where undefined; a flag
    such as ``worse_off`` 1 or 0) and its ``unit``. Under each agreement option each
    partner has its ``pv_contribution``, ``net``, ``roi`` and ``worse_off`` rows
    (``agreements``) and its contribution in each year (``pooled_budget``).

    With ``projection``, the raw projection instead: one long table of every variable
    of the Dataset (``variable, partner, partner_name, year, outcome, outcome_name,
    value, units``; blank where a variable has no such dimension).
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


def write_netcdf(results: Results, path: str | os.PathLike[str]) -> None:
    """The projection Dataset (``docs/reference/dataset.md``) as netCDF-4, written
    atomically; an evaluation's tables go in groups ``evaluation/<table>``, a Monte
    Carlo summary's metrics per draw in the group ``monte_carlo``."""
    result, evaluation, uncertainty = results.appraisal, results.evaluation, results.uncertainty
    dataset = result.projection.dataset.copy()
    dataset.attrs = {k: v for k, v in dataset.attrs.items() if v is not None}
    dataset.attrs["public_value_rule"] = PUBLIC_VALUE_RULE
    dataset.attrs["pv_transfers"] = result.pv_transfers
    dataset.attrs["pv_baseline_cost"] = result.pv_baseline_cost
    for name in dataset.variables:
        dataset[name].attrs = {k: v for k, v in dataset[name].attrs.items() if v is not None}
    with atomic_write_path(path) as tmp:
        dataset.to_netcdf(tmp, engine="h5netcdf")
        if evaluation is not None:
            tables = {
                "outcomes": evaluation.outcomes,
                "estimates": evaluation.estimates,
                "fiscal": evaluation.fiscal,
                "costs": evaluation.costs,
            }
            for name, frame in tables.items():
                group = xr.Dataset.from_dataframe(flatten(frame).reset_index(drop=True))
                group.attrs = {"basis": evaluation.basis}
                group.to_netcdf(tmp, engine="h5netcdf", mode="a", group=f"evaluation/{name}")
        if uncertainty is not None:
            metrics = uncertainty.metrics.reset_coords(drop=True)
            metrics = metrics[[n for n, v in metrics.data_vars.items() if v.dtype.kind in "fiub"]]
            metrics.attrs = dict(uncertainty.probabilities)
            metrics.to_netcdf(tmp, engine="h5netcdf", mode="a", group="monte_carlo")
