"""The self-contained HTML report: headline, charts (inline SVG) and tables, no external
files or scripts."""

from __future__ import annotations

import html
import os
from typing import Any

import pandas as pd

from placebudget.engine.appraise import Appraisal
from placebudget.engine.evaluate import Evaluation
from placebudget.engine.simulate import UncertaintySummary
from placebudget.io import atomic_write
from placebudget.model import financial_year_label
from placebudget.report import charts
from placebudget.report.frames import (
    AS_IS_TITLE,
    GREEN_BOOK_SECTIONS,
    flat,
    monte_carlo_intro,
    report_frames,
)
from placebudget.report.tables import column_label, format_cell, format_metric

__all__ = ["render_html", "write_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 68rem;
       color: #222; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e3e3e3; }
th { background: #f3f3f3; text-align: left; } td.num { text-align: right;
     font-variant-numeric: tabular-nums; }
td.worse { color: #b2182b; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr));
          gap: 1rem; } .chart { width: 100%; height: auto; }
.headline td:first-child { font-weight: 600; }
.scroll { overflow-x: auto; max-width: 100%; }
"""

def _cell(column: str, value: Any, unit: str | None = None) -> str:
    text = html.escape(format_cell(value, column, unit))
    if isinstance(value, bool):
        return f'<td class="{"worse" if value else ""}">{text}</td>'
    if isinstance(value, int | float):
        return f'<td class="num">{text}</td>'
    return f"<td>{text}</td>"


def _headline_cell(value: float, unit: str) -> str:
    return f'<td class="num">{format_metric(value, unit)}</td>'


def _table(frame: pd.DataFrame, caption: str, css: str = "") -> str:
    frame = flat(frame)
    head = "".join(f"<th>{html.escape(column_label(str(c)))}</th>" for c in frame.columns)
    rows = []
    units = [str(u) for u in frame["unit"]] if "unit" in frame.columns else [None] * len(frame)
    for record, unit in zip(frame.itertuples(index=False), units, strict=True):
        cells = "".join(_cell(str(c), v.item() if hasattr(v, "item") else v, unit)
                        for c, v in zip(frame.columns, record, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    # a wide table scrolls inside the page rather than widening it
    return (f'<div class="scroll"><table class="{css}" data-table="{html.escape(caption)}">'
            f"<caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def render_html(result: Appraisal, evaluation: Evaluation | None = None,
                uncertainty: UncertaintySummary | None = None) -> str:
    """The report as one HTML document (with an evaluation section when given an
    evaluation, a Monte Carlo section when given a Monte Carlo summary)."""
    frames = report_frames(result, evaluation, uncertainty)
    case = result.projection.case
    title = html.escape(str(result.projection.dataset.attrs.get("case", "Business case")))
    summary = frames["summary"]
    headline = [
        f"<tr><td>{html.escape(str(row['label']))}</td>"
        f"{_headline_cell(float(row['value']), str(row['unit']))}</tr>"
        for _, row in summary.iterrows()
    ]
    figures = "".join(f"<figure>{draw(result)}</figure>" for name, draw in charts.CHARTS.items()
                      if name != "as_is")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    if case is not None and case.description:
        parts.append(f"<p>{html.escape(case.description)}</p>")
    parts += [
        f"<p>All money in {financial_year_label(result.price_base)} prices "
        "(GBP); present values use the Green Book discount schedule.</p>",
        f"<h2>{AS_IS_TITLE}</h2>",
        "<p>The reactive cost of the cohort's outcomes as is, by the partner that bears it, "
        "against the proactive investment each makes and the saving each receives (present "
        "values).</p>",
        f'<div class="charts"><figure>{charts.as_is(result)}</figure></div>',
        _table(frames["as_is"], "as is"),
        "<p>Reactive cost of one cohort member in one year, as is:</p>",
        _table(frames["per_member"], "per member"),
    ]
    if "case_studies" in frames:
        parts += ["<h3>Costed families</h3>",
                  "<p>A year of service contacts before and after, costed at Unit Cost "
                  "Database values by the agency that pays.</p>",
                  _table(frames["case_studies"], "case studies"),
                  _table(frames["case_study_contacts"], "case study contacts")]
    parts += [
        '<h2>Headline</h2><table class="headline" data-table="headline"><tbody>',
        *headline, "</tbody></table>",
        f'<h2>Charts</h2><div class="charts">{figures}</div>',
        "<h2>By partner</h2>", _table(frames["partners"], "partners"),
    ]
    if "agreements" in frames:
        parts += ["<h2>Investment agreement options</h2>",
                  _table(frames["agreements"], "agreements"),
                  "<h2>The pooled budget</h2>",
                  "<p>Under each option, each partner's contribution to the pot by year, "
                  "beside its reactive spend as is and its saving, and what the pot pays "
                  "for.</p>",
                  _table(frames["pooled_budget"], "pooled budget"),
                  _table(frames["pot_uses"], "pot uses")]
    if "sensitivity" in frames:
        parts += ["<h2>Sensitivity</h2>",
                  "<p>Each input at its low and high value (rates as rates, money as a factor "
                  "on the value given), and the switching value at which the net present "
                  "budget impact reaches zero.</p>",
                  _table(frames["sensitivity"], "sensitivity")]
    if uncertainty is not None:
        parts += ["<h2>Uncertainty: Monte Carlo</h2>",
                  f"<p>{html.escape(monte_carlo_intro(uncertainty))}</p>",
                  _table(frames["monte_carlo"], "monte carlo"),
                  _table(frames["monte_carlo_chances"], "monte carlo chances"),
                  _table(frames["monte_carlo_partners"], "monte carlo partners"),
                  "<p>The inputs drawn (money as a factor on the value given):</p>",
                  _table(frames["monte_carlo_inputs"], "monte carlo inputs")]
    if evaluation is not None:
        parts += [f"<h2>Evaluation: forecast against actual ({html.escape(evaluation.basis)})"
                  "</h2>", "<p>Part-years are pro-rated explicitly (share_of_year).</p>",
                  _table(frames["evaluation"], "evaluation"),
                  _table(frames["evaluation_estimates"], "evaluation estimates"),
                  _table(frames["evaluation_fiscal"], "evaluation fiscal"),
                  _table(frames["evaluation_costs"], "evaluation costs")]
    for name, (heading, intro) in GREEN_BOOK_SECTIONS.items():
        if name in frames:
            parts += [f"<h2>{html.escape(heading)}</h2>", f"<p>{html.escape(intro)}</p>",
                      _table(frames[name], name.replace("_", " "))]
    parts += [
        "<h2>By outcome</h2>", _table(frames["outcomes"], "outcomes"),
        "<h2>By year</h2>", _table(frames["years"], "years"),
        "<h2>Inputs</h2>", _table(frames["effects"], "effects"),
        _table(frames["costs"], "costs"),
        "<h2>Assumptions</h2>", _table(frames["assumptions"], "assumptions"),
        "<p>Produced by placebudget.</p></body></html>",
    ]
    return "\n".join(parts)


def write_html(result: Appraisal, path: str | os.PathLike[str], *,
               evaluation: Evaluation | None = None,
               uncertainty: UncertaintySummary | None = None) -> None:
    """Write the HTML report atomically."""
    text = render_html(result, evaluation, uncertainty)
    with atomic_write(path) as handle:
        handle.write(text)
