"""The Markdown report: headline metrics, partners, outcomes, years and assumptions."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from placebudget.engine.agreements import compare_agreements
from placebudget.engine.appraise import Appraisal
from placebudget.engine.evaluate import Evaluation
from placebudget.io._atomic import atomic_write
from placebudget.model import financial_year_label
from placebudget.report.frames import PUBLIC_VALUE_RULE, assumptions
from placebudget.report.tables import format_money, format_ratio, headline_rows

if TYPE_CHECKING:
    from placebudget.model import BusinessCase, InvestmentAgreement

__all__ = ["render_markdown", "write_markdown"]


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _agreements_section(result: Appraisal, agreements: Mapping[str, InvestmentAgreement]
                        ) -> list[str]:
    table = compare_agreements(result.projection, agreements)
    options = list(dict.fromkeys(table.columns.get_level_values("option")))
    out = ["## Investment agreement options", "",
           "Each partner's PV contribution, and its net position (PV fiscal benefit plus "
           "transfers received, less contribution), under each option. \"As modelled\" is "
           "each partner bearing the costs the case gives it. ⚠ marks a partner left worse "
           "off.", ""]
    for option in options[1:]:
        description = agreements[option].description
        if description:
            out.append(f"- **{option}**: {description}")
    out.append("")
    rows = []
    for partner, row in table.iterrows():
        cells = [str(partner)]
        for option in options:
            mark = " ⚠" if row[(option, "worse_off")] else ""
            cells.append(f"{format_money(row[(option, 'pv_contribution')])} / "
                         f"{format_money(row[(option, 'net')])}{mark}")
        rows.append(cells)
    header = ["Partner", *(f"{o}: contribution / net" for o in options)]
    out += _table(header, rows, "l" + "r" * len(options))
    return out


def _sensitivity_section(case: BusinessCase, rows: int = 10) -> list[str]:
    from placebudget.engine.sensitivity import tornado

    table = tornado(case).head(rows)
    out = ["## Sensitivity", "",
           "Net present budget impact with each input at its low and high value (rates as "
           "rates, money as a factor on the value given), largest swing first, and the "
           "switching value at which it reaches zero.", ""]
    body = [
        [str(path), f"{row['low']:.3g} – {row['high']:.3g}", format_money(row["metric_low"]),
         format_money(row["metric_high"]),
         "–" if row["switching_value"] != row["switching_value"]
         else f"{row['switching_value']:.3g} ({row['switching_change']:+.0%})"]
        for path, row in table.iterrows()
    ]
    out += _table(["Input", "Low – high", "NPBI at low", "NPBI at high", "Switching value"],
                  body, "lrrrr")
    return out


def _evaluation_section(evaluation: Evaluation) -> list[str]:
    out = [f"## Evaluation: forecast against actual ({evaluation.basis})", "",
           "Outcome units changed in each period; part-years are pro-rated explicitly.", ""]
    rows = [[str(r["period"]), str(r["outcome"]), f"{r['share_of_year']:.2f}",
             f"{r['forecast_change']:,.1f}", f"{r['actual_change']:,.1f}",
             f"{r['variance']:+,.1f}", f"{r['impact_estimate']:.3f}", str(r["basis"])]
            for _, r in evaluation.outcomes.iterrows()]
    out += _table(["Period", "Outcome", "Share of year", "Forecast", "Actual", "Variance",
                   "Impact estimate", "Basis"], rows, "llrrrrrl")
    out += ["", "Observed against assumed, over all periods:", ""]
    rows = [[str(o), f"{r['impact_estimate']:.3f}", f"{r['assumed_impact']:.3f}",
             "–" if r["implied_deadweight"] != r["implied_deadweight"]
             else f"{r['implied_deadweight']:.3f}", f"{r['assumed_deadweight']:.3f}"]
            for o, r in evaluation.estimates.iterrows()]
    out += _table(["Outcome", "Impact (observed)", "Impact (assumed)", "Deadweight (implied)",
                   "Deadweight (assumed)"], rows, "lrrrr")
    totals = evaluation.totals
    out += ["", f"Realised fiscal benefit to date {format_money(totals['realised_fiscal'])} "
            f"(forecast {format_money(totals['forecast_fiscal'])}); cost to date "
            f"{format_money(totals['actual_cost'])} (forecast "
            f"{format_money(totals['forecast_cost'])})."]
    return out


def render_markdown(result: Appraisal, evaluation: Evaluation | None = None) -> str:
    """The report as Markdown text (with an evaluation section when given one)."""
    ds = result.projection.dataset
    attrs = ds.attrs
    case = result.projection.case
    title = attrs.get("case", "Business case")
    out = [f"# {title}", ""]
    if case is not None and case.description:
        out += [case.description, ""]
    out += [
        f"Place: **{case.place.name if case else attrs.get('place', '')}**. "
        f"Appraisal years {financial_year_label(int(ds.year[0]))} to "
        f"{financial_year_label(int(ds.year[-1]))}; all money in "
        f"{financial_year_label(result.price_base)} prices (GBP), discounted "
        f"with the {attrs.get('discounting')} Green Book schedule.",
        "",
        "## Headline",
        "",
        *_table(["Metric", "Value"], [list(r) for r in headline_rows(result)], "lr"),
        "",
        "## By partner",
        "",
        "Costs borne and fiscal benefits received, present values.",
        "",
    ]
    partners = result.by_partner
    rows = []
    for pid, row in partners.iterrows():
        payback = row["payback_year"]
        rows.append([
            str(pid), str(row["kind"]), format_money(row["pv_cost"]),
            format_money(row["pv_fiscal"]), format_money(row["pv_cashable"]),
            format_money(row["net"]), format_ratio(row["roi"]),
            "–" if payback is None or str(payback) == "<NA>" else str(payback),
        ])
    out += _table(["Partner", "Kind", "PV cost", "PV fiscal", "PV cashable", "Net", "ROI",
                   "Payback"], rows, "llrrrrrr")
    out += ["", "## By outcome", ""]
    rows = [
        [str(oid), str(row["unit"]), f"{row['volume']:,.1f}", format_money(row["pv_fiscal"]),
         format_money(row["pv_transfers"]), format_money(row["pv_economic"]),
         format_money(row["pv_social"]), format_money(row["pv_public"])]
        for oid, row in result.by_outcome.iterrows()
    ]
    out += _table(["Outcome", "Unit", "Volume changed", "PV fiscal", "of which transfers",
                   "PV economic", "PV social", "PV public value"], rows, "llrrrrrr")
    out += ["", f"Public value: {PUBLIC_VALUE_RULE}. Transfer payments excluded: "
            f"{format_money(result.pv_transfers)} (PV)."]
    out += ["", "## By year", ""]
    rows = [
        [str(year), f"{row['participants']:,.0f}", format_money(row["cost"]),
         format_money(row["fiscal"]), format_money(row["cumulative_net_fiscal"]),
         f"{row['discount_factor']:.4f}"]
        for year, row in result.by_year.iterrows()
    ]
    out += _table(["Year", "Participants", "Cost", "Fiscal benefit", "Cumulative net",
                   "Discount factor"], rows, "lrrrrr")
    if case is not None and case.agreements:
        out += ["", *_agreements_section(result, case.agreements)]
    if case is not None:
        out += ["", *_sensitivity_section(case)]
    if evaluation is not None:
        out += ["", *_evaluation_section(evaluation)]
    out += [
        "",
        "## Assumptions",
        "",
        *(f"- {label[:1].upper()}{label[1:]}: {value}"
          for label, value in assumptions(result).itertuples(index=False, name=None)),
        "",
        "Produced by placebudget.",
        "",
    ]
    return "\n".join(out)


def write_markdown(result: Appraisal, path: str | os.PathLike[str], *,
                   evaluation: Evaluation | None = None) -> None:
    """Write the Markdown report atomically."""
    text = render_markdown(result, evaluation)
    with atomic_write(path) as handle:
        handle.write(text)
