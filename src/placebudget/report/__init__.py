"""Reports: the results of a case laid out, the same in every format.

:func:`~placebudget.report.report_contents` declares the outline — sections, their
wording, tables and charts — from the results computed once by
:func:`placebudget.engine.compute_results`; each writer (Markdown, HTML, Word, LaTeX,
Excel, JSON, CSV, netCDF) only lays it out.
"""

from placebudget.figures import format_money, format_share
from placebudget.report.comparison import compare_agreements
from placebudget.report.contents import AS_IS_TITLE, report_contents
from placebudget.report.frames import as_is
from placebudget.report.markdown import render_markdown, write_markdown

__all__ = [
    "AS_IS_TITLE",
    "as_is",
    "compare_agreements",
    "format_money",
    "format_share",
    "render_markdown",
    "report_contents",
    "write_markdown",
]
