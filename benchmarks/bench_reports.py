"""The Excel report of the West Cheshire example: the live model (formulas over named
input cells) against the value-only workbook of the same tables, time and peak memory.
Both compute the report's sensitivity table, so the difference is the model."""

from __future__ import annotations

import tempfile
from pathlib import Path

import placebudget as pb
from placebudget.examples import example_path
from placebudget.report.excel import write_excel


class ExcelReport:
    """``placebudget run west_cheshire.toml -o case.xlsx`` after the appraisal."""

    number = 1
    repeat = 3

    def setup(self) -> None:
        self.result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "case.xlsx"

    def teardown(self) -> None:
        self.folder.cleanup()

    def time_live_model(self) -> None:
        write_excel(self.result, self.path)

    def peakmem_live_model(self) -> None:
        write_excel(self.result, self.path)

    def time_values_only(self) -> None:
        write_excel(self.result, self.path, values_only=True)

    def peakmem_values_only(self) -> None:
        write_excel(self.result, self.path, values_only=True)
