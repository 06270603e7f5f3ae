"""The Markdown report: the report frames laid out as Markdown tables and text."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from placebudget.io import atomic_write
from placebudget.model import financial_year_label
from placebudget.report.frames import (
    AS_IS_LABELS,
    AS_IS_TITLE,
    GREEN_BOOK_SECTIONS,
    PUBLIC_VALUE_RULE,
    monte_carlo_intro,
    report_frames,
)

if TYPE_CHECKING:
    from placebudget.engine.appraise import Appraisal
    from placebudget.engine.evaluate import Evaluation
    from placebudget.engine.simulate import UncertaintySummary

from placebudget.report.tables import (
    column_label,
    format_cell,
    format_money,
    format_ratio,
    format_share,
    headline_rows,
    is_year_label,
)

__all__ = ["escape", "frame_table", "render_markdown", "write_markdown"]


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]",
                          "|": "\\|", "`": "\\`", "\n": " ", "\r": " "})


def escape(text: object) -> str:
    """Text from a case file made inert in Markdown: no HTML (``<script>``, ``<img
    onerror>``), no links or images (``[x](javascript:…)``), no table breaks.

    Examples
    --------
    >>> escape("<b>A&E</b> [x](javascript:alert(1)) | y")
    '&lt;b&gt;A&amp;E&lt;/b&gt; \\\\[x\\\\](javascript:alert(1)) \\\\| y'
    """
    return str(text).translate(_ESCAPES)


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return lines


def _agreements_section(frames: Mapping[str, pd.DataFrame], partners: list[str],
                        descriptions: Mapping[str, str]) -> list[str]:
    table = frames["agreements"]
    options = list(dict.fromkeys(table.index.get_level_values("option")))
    out = ["## Investment agreement options", "",
           "Each partner's PV contribution, and its net position (PV fiscal benefit plus "
           "transfers received, less contribution), under each option. \"As modelled\" is "
           "each partner bearing the costs the case gives it. ⚠ marks a partner left worse "
           "off.", ""]
    for option in options[1:]:
        if descriptions.get(option):
            out.append(f"- **{escape(option)}**: {escape(descriptions[option])}")
    out.append("")
    rows = []
    for partner in partners:
        cells = [partner]
        for option in options:
            row = table.loc[(partner, option)]
            mark = " ⚠" if row["worse_off"] else ""
            cells.append(f"{format_money(row['pv_contribution'])} / "
                         f"{format_money(row['net'])}{mark}")
        rows.append(cells)
    header = ["Partner", *(f"{o}: contribution / net" for o in options)]
    out += _table(header, rows, "l" + "r" * len(options))
    return out


def _bars(table: pd.DataFrame, width: int = 40) -> list[str]:
    """A text bar chart of reactive spend as is, with the programme, and investment."""
    rows = table.drop(index="total")
    top = float(rows[["reactive_as_is", "investment"]].to_numpy().max()) if len(rows) else 0
    label_width = max([len(str(p)) for p in rows.index] + [7])
    out = ["```text"]
    for partner, row in rows.iterrows():
        for column, mark, name in (("reactive_as_is", "█", "as is"),
                                   ("reactive_with_programme", "▒", "with programme"),
                                   ("investment", "░", "investment")):
            value = float(row[column])
            length = 0 if top <= 0 else round(width * max(value, 0.0) / top)
            out.append(f"{str(partner) if column == 'reactive_as_is' else '':<{label_width}}"
                       f"  {mark * length:<{width}}  {format_money(value):>12}  {name}")
    out.append("```")
    return out


def _as_is_section(frames: Mapping[str, pd.DataFrame], names: Mapping[str, str]
                   ) -> list[str]:
    table = frames["as_is"]
    out = [f"## {AS_IS_TITLE}", "",
           "The reactive cost of the cohort's outcomes as is (without the programme), by the "
           "partner that bears it, against the proactive investment each makes and the "
           "saving each receives; present values.", ""]
    rows = [[str(partner), *(format_share(row[c]) if c == "saving_share" else
                             format_money(row[c]) for c in AS_IS_LABELS)]
            for partner, row in table.iterrows()]
    rows[-1] = [f"**{cell}**" for cell in rows[-1]]
    out += _table(["Partner", *AS_IS_LABELS.values()], rows, "lrrrrr")
    out += ["", *_bars(table), ""]
    per_member = frames["per_member"]
    partners = [c for c in per_member.columns if c not in ("unit", "total")]
    for intervention, row in per_member.iterrows():
        parts = ", ".join(f"{p} {format_money(row[p])}" for p in partners if row[p])
        name = names.get(str(intervention), str(intervention))
        out.append(f"- One {escape(row['unit'])} of the cohort of {escape(name)} costs "
                   f"{format_money(row['total'])} a year as is ({parts}).")
    by_payer = frames.get("case_studies")
    if by_payer is not None:
        out += ["", "### Costed families", "",
                "A year of service contacts before and after, costed at Unit Cost Database "
                "values by the agency that pays.", ""]
        records: list[dict[Any, Any]] = by_payer.reset_index().to_dict(orient="records")
        rows = [[str(r["case_study"]), str(r["payer"]), format_money(r["before"]),
                 format_money(r["after"]), format_money(r["saving"])] for r in records]
        out += _table(["Case study", "Paid by", "Before", "After", "Saving"], rows, "llrrr")
        totals = by_payer.groupby(level="case_study", sort=False).sum(min_count=1)
        for study, total in totals.iterrows():
            saving = "" if total["saving"] != total["saving"] else (
                f", {format_money(total['saving'])} less after")
            out += ["", f"{escape(study)} cost {format_money(total['before'])} in a year as "
                    f"is{saving}."]
    return out


def _pooled_section(frames: Mapping[str, pd.DataFrame]) -> list[str]:
    budgets, uses = frames["pooled_budget"], frames["pot_uses"]
    out = ["## The pooled budget", "",
           "Under each option, each partner's contribution to the pot by year, beside its "
           "reactive spend as is and its saving (PV), and what the pot pays for.", ""]
    years = [c for c in budgets.columns if is_year_label(c)]
    for option in dict.fromkeys(budgets.index.get_level_values("option")):
        out += [f"### {escape(option)}", ""]
        frame = budgets.loc[option]
        rows = [[str(p), *(format_money(row[y]) for y in years),
                 format_money(row["pv_contribution"]), format_share(row["share_of_pot"]),
                 format_money(row["pv_baseline_cost"]), format_money(row["pv_saving"]),
                 format_share(row["saving_share_of_baseline"])]
                for p, row in frame.iterrows()]
        out += _table(["Partner", *years, "PV contribution", "Share of pot",
                       "PV reactive spend as is", "PV saving", "Saving share"], rows,
                      "l" + "r" * (len(years) + 5))
        pays = uses.loc[option]
        out += [""]
        rows = [[str(c), *(format_money(row[y]) for y in years), format_money(row["pv"])]
                for c, row in pays.iterrows()]
        out += _table(["The pot pays for", *years, "PV"], rows, "l" + "r" * (len(years) + 1))
        out.append("")
    return out


def _sensitivity_section(frames: Mapping[str, pd.DataFrame], rows: int = 10) -> list[str]:
    table = frames["sensitivity"].head(rows)
    out = ["## Sensitivity", "",
           "Net present budget impact with each input at its low and high value (rates as "
           "rates, money as a factor on the value given), largest swing first, and the "
           "switching value at which it reaches zero.", ""]
    body = [
        [str(path), f"{row['low']:.3g} – {row['high']:.3g}", format_money(row["npbi_low"]),
         format_money(row["npbi_high"]),
         "–" if row["switching_value"] != row["switching_value"]
         else f"{row['switching_value']:.3g} ({row['switching_change']:+.0%})"]
        for path, row in table.iterrows()
    ]
    out += _table(["Input", "Low – high", "NPBI at low", "NPBI at high", "Switching value"],
                  body, "lrrrr")
    return out


def _evaluation_section(frames: Mapping[str, pd.DataFrame], evaluation: Evaluation
                        ) -> list[str]:
    out = [f"## Evaluation: forecast against actual ({evaluation.basis})", "",
           "Outcome units changed in each period; part-years are pro-rated explicitly.", ""]
    rows = [[str(r["period"]), str(r["outcome"]), f"{r['share_of_year']:.2f}",
             f"{r['forecast_change']:,.1f}", f"{r['actual_change']:,.1f}",
             f"{r['variance']:+,.1f}", f"{r['impact_estimate']:.3f}", str(r["basis"])]
            for _, r in frames["evaluation"].iterrows()]
    out += _table(["Period", "Outcome", "Share of year", "Forecast", "Actual", "Variance",
                   "Impact estimate", "Basis"], rows, "llrrrrrl")
    out += ["", "Observed against assumed, over all periods:", ""]
    rows = [[str(o), f"{r['impact_estimate']:.3f}", f"{r['assumed_impact']:.3f}",
             "–" if r["implied_deadweight"] != r["implied_deadweight"]
             else f"{r['implied_deadweight']:.3f}", f"{r['assumed_deadweight']:.3f}"]
            for o, r in frames["evaluation_estimates"].iterrows()]
    out += _table(["Outcome", "Impact (observed)", "Impact (assumed)", "Deadweight (implied)",
                   "Deadweight (assumed)"], rows, "lrrrr")
    totals = evaluation.totals
    out += ["", f"Realised fiscal benefit to date {format_money(totals['realised_fiscal'])} "
            f"(forecast {format_money(totals['forecast_fiscal'])}); cost to date "
            f"{format_money(totals['actual_cost'])} (forecast "
            f"{format_money(totals['forecast_cost'])})."]
    return out


def frame_table(frame: pd.DataFrame, *, show_unit: bool = True) -> list[str]:
    """Any report frame as a Markdown table, each cell formatted as its column shows
    numbers (:func:`~placebudget.report.tables.format_cell`; in a table with a ``unit``
    column, as the row's unit shows them; ``show_unit=False`` leaves that column out)."""
    flat = frame.reset_index()
    columns = [str(c) for c in flat.columns]
    units = [str(u) for u in flat["unit"]] if "unit" in columns else [None] * len(flat)
    if not show_unit and "unit" in columns:
        flat = flat.drop(columns="unit")
        columns.remove("unit")
    rows = [[format_cell(value, column, unit)
             for value, column in zip(row, columns, strict=True)]
            for row, unit in zip(flat.itertuples(index=False, name=None), units, strict=True)]
    header = [column_label(c) for c in columns]
    align = "".join("r" if pd.api.types.is_numeric_dtype(flat[c]) and not
                    pd.api.types.is_bool_dtype(flat[c]) else "l" for c in flat.columns)
    return _table(header, rows, align)


def _green_book_sections(frames: Mapping[str, pd.DataFrame]) -> list[str]:
    out: list[str] = []
    for name, (title, intro) in GREEN_BOOK_SECTIONS.items():
        if name in frames:
            out += ["", f"## {title}", "", intro, "", *frame_table(frames[name])]
    return out


def render_markdown(result: Appraisal, evaluation: Evaluation | None = None,
                    uncertainty: UncertaintySummary | None = None) -> str:
    """The report as Markdown text (with an evaluation section when given an evaluation,
    a Monte Carlo section when given a Monte Carlo summary): the tables of
    :func:`~placebudget.report.frames.report_frames`, laid out."""
    frames = report_frames(result, evaluation, uncertainty)
    attrs = result.projection.attrs
    years = result.projection.years
    case = result.projection.case
    title = attrs.get("case", "Business case")
    names = {i.id: i.name for i in case.interventions} if case is not None else {}
    out = [f"# {escape(title)}", ""]
    if case is not None and case.description:
        out += [escape(case.description), ""]
    out += [
        f"Place: **{escape(case.place.name if case else attrs.get('place', ''))}**. "
        f"Appraisal years {financial_year_label(int(years[0]))} to "
        f"{financial_year_label(int(years[-1]))}; all money in "
        f"{financial_year_label(result.price_base)} prices (GBP), discounted "
        f"with the {attrs.get('discounting')} Green Book schedule.",
        "",
        *_as_is_section(frames, names),
        "",
        "## Headline",
        "",
        *_table(["Metric", "Value"], [list(r) for r in headline_rows(frames["summary"])],
                "lr"),
        "",
        f"Value for money: **{frames['value_for_money'].iloc[0]['vfm_category']}** (BCR "
        f"{format_cell(float(frames['value_for_money'].iloc[0]['bcr']), 'bcr')}).",
        "",
        "## By partner",
        "",
        "Costs borne and fiscal benefits received, present values.",
        "",
    ]
    partners = frames["partners"]
    rows = []
    for pid, row in partners.iterrows():
        payback = row["payback_year"]
        rows.append([
            str(pid), str(row["kind"]), format_money(row["pv_cost"]),
            format_money(row["pv_fiscal"]), format_money(row["pv_cashable"]),
            format_money(row["net"]), format_ratio(row["roi"]),
            "–" if payback is None or str(payback) == "<NA>"
            else financial_year_label(int(payback)),
        ])
    out += _table(["Partner", "Kind", "PV cost", "PV fiscal", "PV cashable", "Net", "ROI",
                   "Payback"], rows, "llrrrrrr")
    out += ["", "## By outcome", ""]
    rows = [
        [str(oid), str(row["unit"]), f"{row['volume']:,.1f}", format_money(row["pv_fiscal"]),
         format_money(row["pv_transfers"]), format_money(row["pv_economic"]),
         format_money(row["pv_social"]), format_money(row["pv_public"])]
        for oid, row in frames["outcomes"].iterrows()
    ]
    out += _table(["Outcome", "Unit", "Volume changed", "PV fiscal", "of which transfers",
                   "PV economic", "PV social", "PV public value"], rows, "llrrrrrr")
    out += ["", f"Public value: {PUBLIC_VALUE_RULE}. Transfer payments excluded: "
            f"{format_money(float(frames['summary']['value']['pv_transfers']))} (PV)."]
    out += _green_book_sections(frames)
    out += ["", "## By year", ""]
    years = frames["years"]
    reinvests = bool(frames["summary"].loc["pv_reinvested", "value"])
    rows = [
        [financial_year_label(int(str(year))), f"{row['participants']:,.0f}",
         *([f"{row['reinvested_participants']:,.1f}"] if reinvests else []),
         format_money(row["cost"]), *([format_money(row["reinvested"])] if reinvests else []),
         format_money(row["fiscal"]), format_money(row["cumulative_net_fiscal"]),
         f"{row['discount_factor']:.4f}"]
        for year, row in years.iterrows()
    ]
    header = ["Year", "Participants", *(["of them bought by reinvestment"] if reinvests else []),
              "Cost", *(["of it cashable savings reinvested"] if reinvests else []),
              "Fiscal benefit", "Cumulative net", "Discount factor"]
    out += _table(header, rows, "l" + "r" * (len(header) - 1))
    if "agreements" in frames and case is not None:
        descriptions = {name: a.description for name, a in case.agreements.items()}
        out += ["", *_agreements_section(frames, [str(p) for p in partners.index],
                                         descriptions)]
        out += ["", *_pooled_section(frames)]
    if "sensitivity" in frames:
        out += ["", *_sensitivity_section(frames)]
    if uncertainty is not None:
        out += ["", "## Uncertainty: Monte Carlo", "", monte_carlo_intro(uncertainty), "",
                *frame_table(frames["monte_carlo"].set_index("label").rename_axis("Metric"),
                             show_unit=False),
                "", *frame_table(frames["monte_carlo_chances"]),
                "", *frame_table(frames["monte_carlo_partners"]),
                "", "The inputs drawn (money as a factor on the value given):", "",
                *frame_table(frames["monte_carlo_inputs"])]
    if evaluation is not None:
        out += ["", *_evaluation_section(frames, evaluation)]
    out += [
        "",
        "## Assumptions",
        "",
        *(f"- {label[:1].upper()}{label[1:]}: {escape(value)}"
          for label, value in frames["assumptions"].itertuples(index=False, name=None)),
        "",
        "Produced by placebudget.",
        "",
    ]
    return "\n".join(out)


def write_markdown(result: Appraisal, path: str | os.PathLike[str], *,
                   evaluation: Evaluation | None = None,
                   uncertainty: UncertaintySummary | None = None) -> None:
    """Write the Markdown report atomically."""
    text = render_markdown(result, evaluation, uncertainty)
    with atomic_write(path) as handle:
        handle.write(text)
