"""The netCDF report: the projection Dataset, with an evaluation's tables and a Monte Carlo
summary's metrics per draw in groups."""

from __future__ import annotations

import io
import os

import xarray as xr

from placebudget.engine.results import Results
from placebudget.io import atomic_write
from placebudget.report.contents import PUBLIC_VALUE_RULE
from placebudget.report.frames import flat as flatten

__all__ = ["write_netcdf"]


def write_netcdf(results: Results, path: str | os.PathLike[str]) -> None:
    """The projection Dataset (``docs/reference/dataset.md``) as netCDF-4, written
    atomically; an evaluation's tables go in groups ``evaluation/<table>``, a Monte
    Carlo summary's metrics per draw in the group ``monte_carlo``.

    The file is built in memory, then written: HDF5 cannot recover from a write that
    fails (a full disk would crash the process), while writing its bytes fails with a
    clear error and leaves nothing behind."""
    result, evaluation, uncertainty = results.appraisal, results.evaluation, results.uncertainty
    dataset = result.projection.dataset.copy()
    dataset.attrs = {k: v for k, v in dataset.attrs.items() if v is not None}
    dataset.attrs["public_value_rule"] = PUBLIC_VALUE_RULE
    dataset.attrs["pv_transfers"] = result.pv_transfers
    dataset.attrs["pv_baseline_cost"] = result.pv_baseline_cost
    for name in dataset.variables:
        dataset[name].attrs = {k: v for k, v in dataset[name].attrs.items() if v is not None}
    image = io.BytesIO()
    dataset.to_netcdf(image, engine="h5netcdf")
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
            group.to_netcdf(image, engine="h5netcdf", mode="a", group=f"evaluation/{name}")
    if uncertainty is not None:
        metrics = uncertainty.metrics.reset_coords(drop=True)
        metrics = metrics[[n for n, v in metrics.data_vars.items() if v.dtype.kind in "fiub"]]
        metrics.attrs = dict(uncertainty.probabilities)
        metrics.to_netcdf(image, engine="h5netcdf", mode="a", group="monte_carlo")
    with atomic_write(path, binary=True) as handle:
        handle.write(image.getbuffer())
