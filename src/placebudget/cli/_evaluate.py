"""The ``evaluate`` command: observed results against the case's forecast, the impact and
deadweight they imply, and optionally the case recalibrated to them."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import click

from placebudget.cli._app import cli, handled
from placebudget.cli._files import (
    case_database,
    check_output,
    inputs_of,
    load_case,
    registry,
    report_context,
    report_target,
    values_only_option,
)
from placebudget.cli._render import Columns, console, table

__all__ = ["evaluate"]

_OUTPUT = click.Path(path_type=Path)
_INPUT = click.Path(path_type=Path)


def _rate(value: float) -> str:
    return "–" if value != value else f"{value:.3f}"


def _evaluation_columns(names: Any) -> tuple[Columns, Columns]:
    """Columns of the evaluation tables on a terminal (outcomes by ``names``): the two
    impacts observed named apart — net of the comparison group, and gross (the
    before/after change against the case's baseline, what the case's impact is)."""
    outcome = ("outcome", lambda v: names.name("outcome", str(v)))
    outcomes: Columns = {
        "period": "period",
        "outcome": outcome,
        "share_of_year": ("share", lambda v: f"{v:.2f}"),
        "forecast_change": ("forecast", lambda v: f"{v:,.1f}"),
        "actual_change": ("actual", lambda v: f"{v:,.1f}"),
        "variance": ("variance", lambda v: f"{v:+,.1f}"),
        "net_impact_observed": ("net impact observed", _rate),
    }
    estimates: Columns = {
        "net_impact_observed": ("net impact observed", _rate),
        "gross_impact_observed": ("gross impact observed", _rate),
        "assumed_impact": ("impact assumed", _rate),
        "implied_deadweight": ("deadweight implied", _rate),
        "assumed_deadweight": ("deadweight assumed", _rate),
    }
    return outcomes, estimates


#: What the two impacts observed are, under the estimates on a terminal.
_IMPACTS = (
    "Net impact observed: 1 − observed rate / the comparison group's rate (the "
    "baseline without one). Gross impact observed: 1 − observed rate / the case's "
    "baseline, the before/after change: what the case's impact is (its deadweight "
    "takes out what would have happened anyway), and what --recalibrated writes."
)


@cli.command()
@click.argument("case", type=_INPUT)
@click.argument("actuals", type=_INPUT)
@click.option("-o", "--output", type=_OUTPUT, help="Report file with the evaluation section.")
@click.option("-f", "--format", "format_", metavar="NAME", help="Report format by name.")
@click.option(
    "--recalibrated",
    type=_OUTPUT,
    metavar="NEW_CASE",
    help="Write the case with the observed estimates here.",
)
@values_only_option
@handled
def evaluate(
    case: Path,
    actuals: Path,
    output: Path | None,
    format_: str | None,
    recalibrated: Path | None,
    values_only: bool,
    final: bool,
    template: Path | None,
) -> int:
    """Compare observed results (CSV or Excel actuals) with the case's forecast, estimate
    impact and deadweight (against a comparison group when the actuals have one) and
    optionally write a recalibrated case."""
    from placebudget.engine import evaluate as evaluate_case
    from placebudget.engine import project, recalibrate
    from placebudget.figures import format_money
    from placebudget.io.case_file import dump_case

    plugins = registry()
    found = load_case(case)
    inputs = inputs_of(case, found, actuals)
    target = report_target(output, format_, f"{case.stem}-evaluation")
    context = report_context(target, values_only, final, template)
    if target is not None:
        check_output(target[1], inputs)
    if recalibrated is not None:  # nor onto the report
        report = [("--output", target[1])] if target is not None else []
        check_output(recalibrated, inputs, what="--recalibrated", outputs=report)
    observed = plugins.load(actuals, "actuals")
    projection = project(found, unit_costs=case_database(found))
    evaluation = evaluate_case(projection, observed)
    from placebudget.report.outline import Names

    names = Names.of(found)
    outcome_columns, estimate_columns = _evaluation_columns(names)
    out = console()
    out.print(f"{found.name}: forecast against actual — {evaluation.basis}")
    out.print()
    out.print(table(evaluation.outcomes, outcome_columns))
    out.print()
    out.print(
        table(evaluation.estimates, estimate_columns, index="outcome", names=dict(names.outcomes))
    )
    out.print()
    out.print(textwrap.fill(_IMPACTS, width=96, initial_indent="  ", subsequent_indent="  "))
    totals = evaluation.totals
    out.print()
    out.print(
        f"  realised fiscal benefit to date {format_money(totals['realised_fiscal'])} "
        f"(forecast {format_money(totals['forecast_fiscal'])}); cost to date "
        f"{format_money(totals['actual_cost'])} (forecast "
        f"{format_money(totals['forecast_cost'])})"
    )
    if target is not None:
        from placebudget.engine.results import compute_results

        reporter, file = target
        plugins.write_report(
            reporter, compute_results(projection, evaluation=evaluation), file, **context
        )
        out.print(f"\nReport ({reporter.name}) written to {file}")
    if recalibrated is not None:
        new_case, changes = recalibrate(found, evaluation)
        kept = dump_case(new_case, recalibrated, source=case, original=found)
        how = (
            "the case file's comments and layout kept"
            if kept
            else "written in full"
            + (
                " (the case file's comments are not kept: only a TOML case file's are)"
                if case.suffix.lower() != ".toml"
                else ""
            )
        )
        out.print(f"\nRecalibrated case written to {recalibrated} ({how}); what changed:")
        for _, change in changes.iterrows():
            out.print(
                f"  {names.name('input', str(change['input']))}: {change['before']} "
                f"-> {change['after']:.4g} ({change['reason']})"
            )
    return 0
