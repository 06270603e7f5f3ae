"""Built-in importers: case files, the live Excel model read back as a case, and Unit
Cost Database workbooks."""

from __future__ import annotations

import os
from typing import Any

from placebudget.io.case_file import CASE_SUFFIXES, load_case
from placebudget.plugin.hookspecs import hookimpl
from placebudget.plugin.specs import ImporterSpec

__all__ = ["placebudget_importers"]


def _load_ucd_workbook(path: str | os.PathLike[str], **options: Any) -> Any:
    from placebudget.io.ucd import read_ucd_workbook

    return read_ucd_workbook(path, **options).database(name=os.fspath(path))


def _load_ucd_csv(path: str | os.PathLike[str], **options: Any) -> Any:
    from placebudget.io.ucd import read_ucd_csv

    return read_ucd_csv(path, **options).database(name=os.fspath(path))


def _load_model_workbook(path: str | os.PathLike[str], **options: Any) -> Any:
    from placebudget.io.model_workbook import load_model_workbook

    return load_model_workbook(path, **options)


def _load_actuals(path: str | os.PathLike[str], **options: Any) -> Any:
    from placebudget.io.actuals import load_actuals

    return load_actuals(path, **options)


@hookimpl
def placebudget_importers() -> list[ImporterSpec]:
    """The case file reader, the live model's reader and the Unit Cost Database
    readers."""
    return [
        ImporterSpec(
            name="case-file",
            kind="case",
            suffixes=CASE_SUFFIXES,
            description="A business case in TOML, JSON or YAML.",
            load=load_case,
        ),
        ImporterSpec(
            name="model-workbook",
            kind="case",
            suffixes=(".xlsx",),
            description="The live Excel model placebudget writes (run CASE -o "
            "model.xlsx), its input cells read back as a case.",
            load=_load_model_workbook,
        ),
        ImporterSpec(
            name="ucd-workbook",
            kind="unit_costs",
            suffixes=(".xls", ".xlsx"),
            description="A Unit Cost Database workbook in the v1.2 layout (.xls or .xlsx).",
            load=_load_ucd_workbook,
        ),
        ImporterSpec(
            name="ucd-csv",
            kind="unit_costs",
            suffixes=(".csv",),
            description="Unit costs in CSV with the columns of a Unit Cost Database sheet.",
            load=_load_ucd_csv,
        ),
        ImporterSpec(
            name="actuals",
            kind="actuals",
            suffixes=(".csv", ".xlsx"),
            description="Observed results: people, outcome counts and costs by "
            "period, for participants and a comparison group.",
            load=_load_actuals,
        ),
    ]
