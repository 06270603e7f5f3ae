"""The netCDF report: the projection Dataset, with an evaluation's tables and a Monte Carlo
summary's metrics per draw in groups."""

from __future__ import annotations

import os

import xarray as xr

from placebudget.engine.results import Results
from placebudget.io import atomic_write_path
from placebudget.report.contents import PUBLIC_VALUE_RULE
from placebudget.report.frames import flat as flatten

__all__ = ["write_netcdf"]


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
