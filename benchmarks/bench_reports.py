"""Reports of the West Cheshire example: the results computed once
(``compute_results``: appraisal, agreement options, sensitivity, Green Book tables), then
each format laid out from them — the Excel live model (formulas over named input cells)
against the value-only workbook of the same tables, and the Markdown, HTML and Word
reports. Time and peak memory."""

from __future__ import annotations

import tempfile
from pathlib import Path

import placebudget as pb
from placebudget.examples import example_path
from placebudget.report.excel import write_excel


class ExcelReport:
    """``placebudget run west_cheshire.toml -o case.xlsx`` after the results."""

    number = 1
    repeat = 3

    def setup(self) -> None:
        self.results = pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "case.xlsx"

    def teardown(self) -> None:
        self.folder.cleanup()

    def time_live_model(self) -> None:
        write_excel(self.results, self.path)

    def peakmem_live_model(self) -> None:
        write_excel(self.results, self.path)

    def time_values_only(self) -> None:
        write_excel(self.results, self.path, values_only=True)

    def peakmem_values_only(self) -> None:
        write_excel(self.results, self.path, values_only=True)


class Reports:
    """The results computed once, and each human format laid out from them."""

    number = 1
    repeat = 3
    params = ("results", ".md", ".html", ".docx")
    param_names = ("step",)

    def setup(self, step: str) -> None:
        self.projection = pb.project(pb.load_case(example_path("west_cheshire")))
        self.results = pb.compute_results(self.projection)
        self.folder = tempfile.TemporaryDirectory()

    def teardown(self, step: str) -> None:
        self.folder.cleanup()

    def time_step(self, step: str) -> None:
        if step == "results":
            pb.compute_results(self.projection)
        else:
            pb.write_report(self.results, Path(self.folder.name) / f"case{step}")
