"""Report building blocks shared by every output format."""

from placebudget.report.comparison import compare_agreements
from placebudget.report.frames import AS_IS_TITLE, as_is, report_frames
from placebudget.report.markdown import render_markdown, write_markdown
from placebudget.report.tables import format_money, format_share, headline_rows

__all__ = ["AS_IS_TITLE", "as_is", "compare_agreements", "format_money", "format_share",
           "headline_rows", "render_markdown", "report_frames", "write_markdown"]
