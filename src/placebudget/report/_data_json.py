"""The JSON report: every table of the report as rows (:func:`report_document`)."""

from __future__ import annotations

import json
import os
from typing import Any

from placebudget.engine import dims as D
from placebudget.engine.results import Results
from placebudget.figures import FIGURES
from placebudget.io import atomic_write
from placebudget.model import financial_year_label
from placebudget.report._data_rows import (
    _cell,
    _long,
    _money,
    _Naming,
    _records,
    _wide_columns,
    _year_label,
)
from placebudget.report.contents import report_contents

__all__ = ["REPORT_SCHEMA_ID", "report_document", "write_json"]

#: The ``$id`` of the JSON report's schema, and the ``$schema`` of every JSON report.
REPORT_SCHEMA_ID = "https://placebudget.org/schema/report.schema.json"


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
    (``summary``; ``summary_year_labels`` labels those that are years), the
    ``optimism_bias_table`` the case used (its ``table`` name, ``title``, ``rates`` by
    grade and ``status``; the figures with and without optimism bias are the table
    ``optimism_bias``), then every table
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
    attrs = result.projection.attrs
    if attrs.get("optimism_bias_status"):
        document["optimism_bias_table"] = {
            key: str(attrs.get(f"optimism_bias_{key}", ""))
            for key in ("table", "title", "rates", "status")
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
