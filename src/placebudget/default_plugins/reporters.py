"""Built-in report formats."""

from __future__ import annotations

import os
from typing import Any

from placebudget.plugin.hookspecs import hookimpl
from placebudget.plugin.specs import ReporterSpec

__all__ = ["placebudget_reporters"]


def _lazy(module: str, function: str) -> Any:
    """A writer that imports its module (matplotlib, openpyxl, h5netcdf) only when used."""

    def write(results: Any, path: str | os.PathLike[str], **options: Any) -> None:
        import importlib

        getattr(importlib.import_module(module), function)(results, path, **options)

    write.__name__ = function
    write.__doc__ = f"Call {module}.{function}."
    return write


@hookimpl
def placebudget_reporters() -> list[ReporterSpec]:
    """Markdown, HTML, Excel, CSV, JSON, Word, LaTeX and netCDF."""
    return [
        ReporterSpec(
            name="markdown",
            suffix=".md",
            write=_lazy("placebudget.report.markdown", "write_markdown"),
            description="Headline, partners, outcomes, years, agreements and "
            "assumptions as Markdown tables.",
        ),
        ReporterSpec(
            name="html",
            suffix=".html",
            write=_lazy("placebudget.report.html", "write_html"),
            description="Self-contained HTML page with charts and tables.",
        ),
        ReporterSpec(
            name="excel",
            suffix=".xlsx",
            write=_lazy("placebudget.report.excel", "write_excel"),
            description="The live model for finance teams: named input cells and "
            "Excel formulas for every figure, with charts (values_only=True: "
            "every table as numbers).",
        ),
        ReporterSpec(
            name="csv",
            suffix=".csv",
            write=_lazy("placebudget.report.data", "write_csv"),
            description="The headline, each partner's figures, the years and "
            "the agreement options as tidy rows (the projection itself with "
            "--projection).",
        ),
        ReporterSpec(
            name="json",
            suffix=".json",
            write=_lazy("placebudget.report.data", "write_json"),
            description="Every report table as JSON, names beside ids, described "
            "by a published JSON Schema (placebudget schema --report).",
        ),
        ReporterSpec(
            name="word",
            suffix=".docx",
            write=_lazy("placebudget.report.word", "write_docx"),
            description="The economic case of a Five Case Model business case, "
            "with charts, as a Word document.",
        ),
        ReporterSpec(
            name="latex",
            suffix=".tex",
            write=_lazy("placebudget.report.latex", "write_latex"),
            description="Every report table as a booktabs LaTeX table, to \\input into a paper.",
        ),
        ReporterSpec(
            name="netcdf",
            suffix=".nc",
            write=_lazy("placebudget.report.data", "write_netcdf"),
            description="The projection Dataset as netCDF-4.",
        ),
    ]
