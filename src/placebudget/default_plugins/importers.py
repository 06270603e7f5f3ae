"""Built-in importers: case files, and Unit Cost Database workbooks."""

from __future__ import annotations

import os
from typing import Any

from placebudget.io.case_file import CASE_SUFFIXES, load_case
from placebudget.plugin.hookspecs import hookimpl
from placebudget.plugin.specs import ImporterSpec

__all__ = ["placebudget_importers"]


def _load_ucd_xls(path: str | os.PathLike[str], **options: Any) -> Any:
    from placebudget.io.ucd import read_ucd_xls

    return read_ucd_xls(path, **options).database(name=os.fspath(path))


@hookimpl
def placebudget_importers() -> list[ImporterSpec]:
    """The case file reader and the Unit Cost Database ``.xls`` reader."""
    return [
        ImporterSpec(name="case-file", kind="case", suffixes=CASE_SUFFIXES,
                     description="A business case in TOML, JSON or YAML.", load=load_case),
        ImporterSpec(name="ucd-xls", kind="unit_costs", suffixes=(".xls",),
                     description="The Unit Cost Database workbook (legacy .xls, v1.2 "
                     "layout).", load=_load_ucd_xls),
    ]
