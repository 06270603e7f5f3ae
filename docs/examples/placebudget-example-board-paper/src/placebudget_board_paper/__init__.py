"""A one-page plain-text summary for a partnership board paper.

``placebudget run case.toml -o summary.txt`` (or ``--format board-paper``) writes it. The
page opens with what failure costs today and who pays, then has the headline figures,
each partner's position, the agreement options the case carries and, with ``placebudget
evaluate``, the forecast against actuals. The text is
written atomically: the file appears whole or not at all.

Every placebudget command loads the installed plugins, so this module imports the
engine and the report helpers only when a paper is written: loading it costs a command
that writes no board paper nothing.
"""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING

import placebudget as pb
from placebudget.plugin import ReporterSpec

if TYPE_CHECKING:
    from placebudget.engine import Results

__all__ = ["WIDTH", "placebudget_reporters", "render", "write"]

#: Characters per line.
WIDTH = 78


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + rows[r][0].ljust(widths[0])
        + "".join(cell.rjust(w + 2) for cell, w in zip(rows[r][1:], widths[1:], strict=True))
        for r in range(len(rows))
    ]


def render(results: Results) -> str:
    """The board paper of ``results`` (:func:`placebudget.engine.compute_results`) as text."""
    from placebudget.figures import FIGURES, format_figure
    from placebudget.model import financial_year_label
    from placebudget.report import AS_IS_TITLE, as_is, format_money, format_share
    from placebudget.report.comparison import compare_settlements
    from placebudget.report.contents import HEADLINE

    result, evaluation = results.appraisal, results.evaluation
    case = result.projection.case
    title = f"{case.name} — {case.place.name}" if case is not None else "Business case"
    lines = [
        title,
        "=" * min(len(title), WIDTH),
        "",
        f"All figures are present values in {financial_year_label(result.price_base)} prices.",
        "",
    ]
    lines += [AS_IS_TITLE, ""]
    lines += _table(
        [["partner", "reactive as is", "investment", "saving", "saved"]]
        + [
            [
                str(pid),
                format_money(row["reactive_as_is"]),
                format_money(row["investment"]),
                format_money(row["saving"]),
                format_share(row["saving_share"]),
            ]
            for pid, row in as_is(result).iterrows()
        ]
    )
    lines += [""]
    summary = result.summary()
    rows = [
        (FIGURES[name].title, format_figure(summary[name], name))
        for name in HEADLINE
        if name != "pv_reinvested" or summary[name]
    ]
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label:<{width}}  {value:>22}" for label, value in rows]
    lines += ["", "Who pays and who benefits", ""]
    partners = result.by_partner
    lines += _table(
        [["partner", "cost borne", "benefit", "net"]]
        + [
            [
                str(pid),
                format_money(row["pv_cost"]),
                format_money(row["pv_fiscal"]),
                format_money(row["net"]),
            ]
            for pid, row in partners.iterrows()
        ]
    )
    losers = [str(p) for p, net in partners["net"].items() if net < 0]
    if losers:
        lines += [
            "",
            *textwrap.wrap(
                f"As costs fall today, {', '.join(losers)} would be worse off; the options "
                "below share the cost differently.",
                WIDTH,
            ),
        ]
    if results.settlements:
        table = compare_settlements(results.settlements)
        lines += ["", "Options for sharing the cost (net position of each partner)", ""]
        options = list(table.columns.get_level_values("option").unique())
        lines += _table(
            [["partner", *options]]
            + [
                [str(pid), *(format_money(table.loc[pid, (o, "net")]) for o in options)]
                for pid in table.index
            ]
        )
    if evaluation is not None:
        totals = evaluation.totals
        lines += ["", "Forecast against actuals", ""]
        lines += _table(
            [
                ["", "forecast", "actual"],
                [
                    "fiscal benefit",
                    format_money(totals["forecast_fiscal"]),
                    format_money(totals["realised_fiscal"]),
                ],
                [
                    "cost",
                    format_money(totals["forecast_cost"]),
                    format_money(totals["actual_cost"]),
                ],
            ]
        )
        lines += ["", f"  Evidence: {evaluation.basis}."]
    return "\n".join(lines) + "\n"


def write(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the board paper to ``path`` (with forecast against actuals when the results
    hold an evaluation)."""
    from placebudget.io import atomic_write

    text = render(results)
    with atomic_write(path) as handle:
        handle.write(text)


@pb.hookimpl
def placebudget_reporters() -> list[ReporterSpec]:
    """The board paper format."""
    return [
        ReporterSpec(
            name="board-paper",
            suffix=".txt",
            write=write,
            description="One page of plain text for a partnership board paper.",
        )
    ]
