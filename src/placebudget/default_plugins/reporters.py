"""Built-in report formats."""

from __future__ import annotations

from placebudget.plugin.hookspecs import hookimpl
from placebudget.plugin.specs import ReporterSpec
from placebudget.report.markdown import write_markdown

__all__ = ["placebudget_reporters"]


@hookimpl
def placebudget_reporters() -> list[ReporterSpec]:
    """The Markdown report."""
    return [
        ReporterSpec(name="markdown", suffix=".md", write=write_markdown,
                     description="Headline, partners, outcomes, years, agreements and "
                     "assumptions as Markdown tables."),
    ]
