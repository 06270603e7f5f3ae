"""The JSON report's published schema (JSON Schema draft 2020-12), drawn from the bundled
examples' reports and committed as ``report.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import attrs

from placebudget.engine.results import Results
from placebudget.figures import FIGURES
from placebudget.report._data_json import REPORT_SCHEMA_ID, report_document
from placebudget.report._data_rows import _NUMBERS, _WHOLE, _Naming, _wide_columns
from placebudget.report.contents import report_contents
from placebudget.report.outline import ID_COLUMNS

__all__ = ["committed_report_schema", "report_schema", "report_schema_text"]

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
    "optimism_bias_table": {
        "type": "object",
        "description": "The optimism bias table the case used: its name, its title in words, "
        "its rates by evidence grade 1 to 6 and its status (whether its values are confirmed "
        "from the published guidance, or the case's own table).",
        "additionalProperties": False,
        "required": ["table", "title", "rates", "status"],
        "properties": {
            "table": {"type": "string"},
            "title": {"type": "string"},
            "rates": {"type": "string"},
            "status": {"type": "string"},
        },
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
    elif column == "amount" and kinds == {"count"}:  # people by intervention
        found["description"] = "The number, in the row's cohort unit (never GBP)."
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
    Carlo summary (and West Cheshire's evaluation), and the first example's with its
    first intervention's last effect increasing its outcome (a dis-benefit, whose table
    and column no bundled example has): what the schema is drawn from."""
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
    case = load_case(example_path(EXAMPLES[0]))
    first = case.interventions[0]
    increasing = attrs.evolve(first.effects[-1], increases=True)
    first = attrs.evolve(first, effects=(*first.effects[:-1], increasing))
    variant = attrs.evolve(case, interventions=(first, *case.interventions[1:]))
    found.append(compute_results(project(variant), sensitivity=False))
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
