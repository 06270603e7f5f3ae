"""Report building blocks shared by every output format."""

from placebudget.report.markdown import render_markdown, write_markdown
from placebudget.report.tables import format_money, headline_rows

__all__ = ["format_money", "headline_rows", "render_markdown", "write_markdown"]
