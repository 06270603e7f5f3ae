"""The Word report: the economic case of a Five Case Model business case, written with
python-docx from the same report frames as every other format.

Sections, in the order HM Treasury's business case guidance sets out the economic case:
summary; the option appraised against doing nothing; costs and benefits by partner and
by financial year; value for money; sensitivity and switching values; uncertainty (Monte
Carlo, when the report is written with a summary); investment agreement options; an
evaluation (when given); assumptions and sources. The charts are drawn by
:mod:`placebudget.report.charts` and embedded as pictures; tables have word headers,
money formatted as money and financial-year labels.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from placebudget.io import atomic_write_path
from placebudget.model import financial_year_label
from placebudget.report import charts
from placebudget.report.frames import (
    AS_IS_LABELS,
    AS_IS_TITLE,
    PUBLIC_VALUE_RULE,
    monte_carlo_intro,
    report_frames,
)
from placebudget.report.tables import (
    column_label,
    format_cell,
    format_money,
    format_share,
    headline_rows,
)

if TYPE_CHECKING:
    from placebudget.engine.appraise import Appraisal
    from placebudget.engine.evaluate import Evaluation
    from placebudget.engine.simulate import UncertaintySummary

__all__ = ["SECTIONS", "build_document", "write_docx"]

#: The section headings of the Word report, in order (those without content for a case
#: — agreements, Monte Carlo, an evaluation — say so rather than disappear).
SECTIONS: tuple[str, ...] = (
    "1. Summary",
    "2. Options appraised and the preferred option",
    "3. Costs and benefits by partner and year",
    "4. Value for money",
    "5. Sensitivity and switching values",
    "6. Uncertainty",
    "7. Investment agreement options",
    "8. Evaluation",
    "9. Assumptions and sources",
)

#: The widest table the page takes before columns are left to the other formats.
_MAX_COLUMNS = 8


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]],
           right: Sequence[bool]) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if right[n]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8.5)
    # the header repeats on every page a long table runs onto
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    document.add_paragraph()  # a table is followed by space, not by the next one
    return table


def _frame(document: Any, frame: pd.DataFrame, *, index: str | None = None,
           columns: Sequence[str] | None = None, unit_column: bool = False,
           formats: Mapping[str, Callable[[Any], str]] | None = None,
           labels: Mapping[str, str] | None = None) -> None:
    """A report frame as a table, cells formatted as every report formats them (or by
    ``formats``, by column), headers in words (or ``labels``)."""
    flat = frame.reset_index() if index is not None else frame.reset_index(drop=True)
    if index is not None:
        flat = flat.rename(columns={flat.columns[0]: index})
    names = [str(c) for c in (columns or flat.columns)]
    if index is not None and index not in names:
        names.insert(0, index)
    names = names[:_MAX_COLUMNS]
    units = [str(u) for u in flat["unit"]] if "unit" in flat.columns else [None] * len(flat)
    if not unit_column and "unit" in names:
        names.remove("unit")
    special = formats or {}
    rows = [[special[name](row[name]) if name in special
             else format_cell(row[name], name, unit) for name in names]
            for (_, row), unit in zip(flat.iterrows(), units, strict=True)]
    right = [pd.api.types.is_numeric_dtype(flat[name]) and not
             pd.api.types.is_bool_dtype(flat[name]) for name in names]
    named = labels or {}
    _table(document, [named.get(n, column_label(n)) for n in names], rows, right)


def _picture(document: Any, name: str, result: Appraisal, caption: str) -> None:
    from docx.shared import Cm

    document.add_picture(io.BytesIO(charts.png(name, result)), width=Cm(15.5))
    document.add_paragraph(caption, style="Caption")


def _summary(document: Any, result: Appraisal, frames: dict[str, pd.DataFrame]) -> None:
    vfm = frames["value_for_money"].iloc[0]
    document.add_paragraph(
        f"Over {result.projection.dataset.sizes['year']} years the proposal costs "
        f"{format_money(result.pv_cost)} and returns {format_money(result.pv_fiscal)} in "
        f"fiscal benefits to the partners (present values, "
        f"{financial_year_label(result.price_base)} prices): a net present budget impact "
        f"of {format_money(result.npbi)} and a benefit-cost ratio of "
        f"{format_cell(float(vfm['bcr']), 'bcr')}, which is {vfm['vfm_category']} value "
        "for money.")
    _table(document, ["Metric", "Value"], [list(r) for r in headline_rows(frames["summary"])],
           [False, True])
    document.add_heading(AS_IS_TITLE, level=2)
    _frame(document, frames["as_is"], index="partner",
           labels={k: v[:1].upper() + v[1:] for k, v in AS_IS_LABELS.items()})
    _picture(document, "as_is", result, "Reactive spend as is and with the programme, and "
             "the investment each partner makes (present values).")


def _options(document: Any, result: Appraisal) -> None:
    case = result.projection.case
    name = case.name if case is not None else "the proposal"
    document.add_paragraph(
        f"The option appraised is {name}, against doing nothing: every partner's reactive "
        f"spend as it is today ({format_money(result.pv_baseline_cost)} over the period). "
        "With several options, each appraised as its own case, `placebudget compare` "
        "ranks them, names the do-minimum and the preferred option and gives the "
        "switching value of each against the preferred.")
    if case is not None:
        rows = [[i.name, i.cohort.unit, f"{sum(i.cohort.intake.values()):,.0f}",
                 format_share(i.engagement)] for i in case.interventions]
        _table(document, ["Intervention", "Cohort unit", "Intake", "Engagement"], rows,
               [False, False, True, True])


def _by_partner_and_year(document: Any, result: Appraisal,
                         frames: dict[str, pd.DataFrame]) -> None:
    document.add_paragraph("Costs borne and fiscal benefits received by each partner, "
                           "present values.")
    _frame(document, frames["partners"], index="partner",
           columns=["kind", "pv_cost", "pv_fiscal", "pv_cashable", "net", "roi"])
    _picture(document, "partners", result, "Who pays and who benefits (present values).")
    document.add_heading("By financial year", level=2)
    _frame(document, frames["years"], index="year",
           columns=["participants", "cost", "fiscal", "cumulative_net_fiscal",
                    "discount_factor"],
           formats={"participants": lambda v: f"{v:,.0f}",
                    "discount_factor": lambda v: f"{v:.4f}"})
    _picture(document, "cumulative", result, "Cumulative cost and fiscal benefit.")
    document.add_heading("By outcome", level=2)
    _frame(document, frames["outcomes"], index="outcome",
           columns=["unit", "volume", "pv_fiscal", "pv_economic", "pv_social", "pv_public"],
           unit_column=True)
    _picture(document, "outcomes", result, "Present value of benefits by outcome.")


def _value_for_money(document: Any, frames: dict[str, pd.DataFrame]) -> None:
    document.add_paragraph(f"Public value: {PUBLIC_VALUE_RULE}.")
    _frame(document, frames["value_for_money"], index="basis",
           columns=["pv_cost", "pv_public", "nppv", "bcr", "vfm_category"])


def _sensitivity(document: Any, frames: dict[str, pd.DataFrame]) -> None:
    if "sensitivity" not in frames:
        document.add_paragraph("No sensitivity: the report was written without its case.")
        return
    document.add_paragraph(
        "Net present budget impact with each input at the low and high of its range "
        "(rates as rates, money as a factor on the value given), largest swing first; "
        "the switching value is where the case stops breaking even.")
    table = frames["sensitivity"].head(12)
    rows = [[str(name), f"{row['low']:.3g} – {row['high']:.3g}",
             format_money(row["npbi_low"]), format_money(row["npbi_high"]),
             "never within range" if row["switching_value"] != row["switching_value"]
             else f"{row['switching_value']:.3g} ({row['switching_change']:+.0%})"]
            for name, row in table.iterrows()]
    _table(document, ["Input", "Low – high", "NPBI at low", "NPBI at high",
                      "Switching value"], rows, [False, True, True, True, True])


def _uncertainty(document: Any, frames: dict[str, pd.DataFrame],
                 uncertainty: UncertaintySummary | None) -> None:
    if uncertainty is None:
        document.add_paragraph("This report was written without a Monte Carlo analysis: "
                               "`placebudget simulate case.toml --draws 10000 -o "
                               "case.docx` writes it with one.")
        return
    document.add_paragraph(monte_carlo_intro(uncertainty))
    metrics = frames["monte_carlo"].set_index("label")
    _frame(document, metrics, index="metric",
           columns=["unit", "mean", "sd", "p5", "p50", "p95"])
    _frame(document, frames["monte_carlo_chances"], index="chance")
    _frame(document, frames["monte_carlo_partners"], index="partner")


def _agreements(document: Any, result: Appraisal, frames: dict[str, pd.DataFrame]) -> None:
    if "agreements" not in frames:
        document.add_paragraph("The case sets out no investment agreement options.")
        return
    table = frames["agreements"]
    # an exact reshape of the unique (partner, option) index; pivot_table would average
    nets = table["net"].unstack("option") if "net" in table.columns else None  # noqa: PD010
    if nets is not None:
        options = [str(o) for o in nets.columns]
        order = [p for p in result.by_partner.index if p in nets.index]
        rows = [[str(p), *(format_money(v) for v in nets.loc[p])] for p in order]
        _table(document, ["Partner", *options], rows, [False, *([True] * len(options))])
    _picture(document, "flows", result, "Money flows as modelled: whose money buys whose "
             "savings (present values).")


def _evaluation(document: Any, frames: dict[str, pd.DataFrame],
                evaluation: Evaluation | None) -> None:
    if evaluation is None:
        document.add_paragraph("No evaluation yet: `placebudget evaluate` compares actuals "
                               "with this forecast.")
        return
    document.add_paragraph(f"Forecast against actual ({evaluation.basis}).")
    _frame(document, frames["evaluation_estimates"], index="outcome")


def build_document(result: Appraisal, evaluation: Evaluation | None = None,
                   uncertainty: UncertaintySummary | None = None) -> Any:
    """The report as a python-docx ``Document`` (see the module notes)."""
    import docx

    frames = report_frames(result, evaluation, uncertainty)
    document = docx.Document()
    case = result.projection.case
    title = result.projection.dataset.attrs.get("case", "Business case")
    document.core_properties.title = str(title)
    document.core_properties.subject = "Economic case"
    document.add_heading(str(title), level=0)
    place = case.place.name if case is not None else ""
    document.add_paragraph(
        f"The economic case{' — ' + place if place else ''}. All money in "
        f"{financial_year_label(result.price_base)} prices, discounted with the "
        f"{result.projection.dataset.attrs.get('discounting')} Green Book schedule.")
    if case is not None and case.description:
        document.add_paragraph(case.description)
    sections = dict.fromkeys(SECTIONS)
    for heading in sections:
        document.add_heading(heading, level=1)
        number = heading.split(".", 1)[0]
        if number == "1":
            _summary(document, result, frames)
        elif number == "2":
            _options(document, result)
        elif number == "3":
            _by_partner_and_year(document, result, frames)
        elif number == "4":
            _value_for_money(document, frames)
        elif number == "5":
            _sensitivity(document, frames)
        elif number == "6":
            _uncertainty(document, frames, uncertainty)
        elif number == "7":
            _agreements(document, result, frames)
        elif number == "8":
            _evaluation(document, frames, evaluation)
        else:
            _frame(document, frames["assumptions"], columns=["assumption", "value"])
            document.add_heading("Effects", level=2)
            _frame(document, frames["effects"], columns=[
                "intervention", "outcome", "baseline", "impact", "deadweight",
                "confidence", "values", "source"])
    document.add_paragraph("Produced by placebudget.")
    return document


def write_docx(result: Appraisal, path: str | os.PathLike[str], *,
               evaluation: Evaluation | None = None,
               uncertainty: UncertaintySummary | None = None) -> None:
    """Write the Word report atomically."""
    document = build_document(result, evaluation, uncertainty)
    with atomic_write_path(path) as tmp:
        document.save(str(tmp))
