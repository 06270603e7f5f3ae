"""Data formats of a report: tidy CSV, JSON and netCDF."""

from __future__ import annotations

import json
import os
from typing import Any

import pandas as pd
import xarray as xr

from placebudget.engine.results import Results
from placebudget.engine.simulation import UncertaintySummary
from placebudget.figures import FIGURES
from placebudget.io import atomic_write, atomic_write_path
from placebudget.report.contents import PUBLIC_VALUE_RULE, report_contents
from placebudget.report.frames import flat as flatten
from placebudget.report.frames import tidy
from placebudget.report.tables import as_text, plain

__all__ = ["write_csv", "write_json", "write_netcdf"]


def _monte_carlo_rows(uncertainty: UncertaintySummary) -> pd.DataFrame:
    """The Monte Carlo summary as tidy rows: ``monte_carlo:<metric>`` by ``statistic``
    (mean, sd, p5, p50, p95), ``monte_carlo:chance`` by statistic (``npbi > 0``, …) and
    ``monte_carlo:partner_net`` and the partner's chances by partner."""
    parts = []
    table = uncertainty.table
    for metric, row in table.iterrows():
        unit = FIGURES[str(metric)].unit
        parts += [{"variable": f"monte_carlo:{metric}", "statistic": str(stat),
                   "value": float(value), "units": unit} for stat, value in row.items()]
    parts += [{"variable": "monte_carlo:chance", "statistic": key, "value": float(value),
               "units": "share"} for key, value in uncertainty.probabilities.items()]
    for partner, row in uncertainty.by_partner.iterrows():
        for column, value in row.items():
            kind = str(column)
            if kind.endswith("_net"):
                parts.append({"variable": "monte_carlo:partner_net", "partner": partner,
                              "statistic": kind.removesuffix("_net"),
                              "value": float(value), "units": "GBP"})
            else:
                parts.append({"variable": f"monte_carlo:{kind}", "partner": partner,
                              "statistic": "share of draws", "value": float(value),
                              "units": "share"})
    return pd.DataFrame(parts)


def write_csv(results: Results, path: str | os.PathLike[str]) -> None:
    """The projection as one tidy long table (``variable, partner, year, outcome, value,
    units``), written atomically; with an evaluation, its forecast and actual change and
    fiscal benefit follow as ``evaluation:*`` variables with a ``period`` column; with a
    Monte Carlo summary, its figures as ``monte_carlo:*`` variables with a ``statistic``
    column (``mean``, ``sd``, ``p5``, ``p50``, ``p95``, or the chance's test)."""
    table = tidy(results.appraisal)
    evaluation, uncertainty = results.evaluation, results.uncertainty
    if evaluation is not None:
        table["period"] = ""
        extra = []
        for column in ("forecast_change", "actual_change"):
            part = evaluation.outcomes[["year", "outcome", "period", column]].rename(
                columns={column: "value"})
            part.insert(0, "variable", f"evaluation:{column}")
            part["units"] = "outcome units"
            extra.append(part)
        for column in ("forecast", "realised"):
            part = evaluation.fiscal[["partner", "outcome", "period", column]].rename(
                columns={column: "value"})
            part.insert(0, "variable", f"evaluation:{column}_fiscal")
            part["units"] = "GBP"
            extra.append(part)
        table = pd.concat([table, *extra], ignore_index=True).fillna({
            "partner": "", "outcome": "", "period": ""})
    if uncertainty is not None:
        table["statistic"] = ""
        table = pd.concat([table, _monte_carlo_rows(uncertainty)], ignore_index=True)
        table = table.fillna({c: "" for c in ("partner", "outcome", "period")
                              if c in table.columns})
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(as_text)
    with atomic_write(path) as handle:
        table.to_csv(handle, index=False, lineterminator="\n")


def write_json(results: Results, path: str | os.PathLike[str]) -> None:
    """Every table of the report as JSON records (missing values as ``null``), after the
    case, the price base and every headline figure (``summary``), written atomically."""
    result = results.appraisal
    tables = report_contents(results).tables("machine")
    document: dict[str, Any] = {
        "case": result.projection.attrs.get("case", ""),
        "price_base": result.price_base,
        "summary": {k: plain(v) for k, v in result.summary().items()},
        **{name: found.records() for name, found in tables.items() if name != "summary"},
    }
    if results.evaluation is not None:
        document["evaluation_basis"] = results.evaluation.basis
        document["evaluation_totals"] = {
            k: plain(v) for k, v in results.evaluation.totals.items()}
    with atomic_write(path) as handle:
        json.dump(document, handle, indent=2, allow_nan=False)
        handle.write("\n")


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
            tables = {"outcomes": evaluation.outcomes, "estimates": evaluation.estimates,
                      "fiscal": evaluation.fiscal, "costs": evaluation.costs}
            for name, frame in tables.items():
                group = xr.Dataset.from_dataframe(flatten(frame).reset_index(drop=True))
                group.attrs = {"basis": evaluation.basis}
                group.to_netcdf(tmp, engine="h5netcdf", mode="a", group=f"evaluation/{name}")
        if uncertainty is not None:
            metrics = uncertainty.metrics.reset_coords(drop=True)
            metrics = metrics[[n for n, v in metrics.data_vars.items()
                               if v.dtype.kind in "fiub"]]
            metrics.attrs = dict(uncertainty.probabilities)
            metrics.to_netcdf(tmp, engine="h5netcdf", mode="a", group="monte_carlo")
