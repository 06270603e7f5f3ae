"""The ``tornado`` command: one-way sensitivity of a metric to each uncertain input, and
the switching values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from placebudget.cli._render import Columns, console, stages, table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["crossing_sentence", "tornado"]

_OUTPUT = click.Path(path_type=Path)
_INPUT = click.Path(path_type=Path)


def crossing_sentence(frame: pd.DataFrame) -> str:
    """What the tornado ``frame`` says about break-even: how many inputs alone take its
    metric across break-even within the range used (its rows whose ``crosses`` is
    true)."""
    metric, threshold = frame.attrs["metric"], frame.attrs["threshold"]
    crossing = int(frame["crosses"].sum())
    if not crossing:
        return f"No input alone makes {metric} cross {threshold:g} within its range."
    return (
        f"{crossing} of {len(frame)} inputs alone could make {metric} cross "
        f"{threshold:g} within {'its' if crossing == 1 else 'their'} range."
    )


def _tornado_columns(metric: str) -> Columns:
    from placebudget.figures import format_money, format_ratio, format_share

    figure = format_ratio if metric in ("fiscal_roi", "bcr") else format_money

    def value(number: float) -> str:
        return "–" if number != number else f"{number:,.3f}"

    def change(number: float) -> str:
        return "never" if number != number else (("+" if number > 0 else "") + format_share(number))

    def crosses(flag: bool) -> str:
        return "yes" if flag else "no"

    return {
        "point": ("point", value),
        "low": ("low", value),
        "high": ("high", value),
        "range_source": ("range", str),
        "metric_low": (f"{metric} at low", figure),
        "metric_high": (f"{metric} at high", figure),
        "swing": ("swing", figure),
        "switching_value": ("switching value", value),
        "switching_change": ("change to switch", change),
        "crosses": ("crosses within range", crosses),
    }


@cli.command()
@click.argument("case", type=_INPUT)
@click.option(
    "--metric",
    default="npbi",
    show_default=True,
    type=click.Choice(["npbi", "nppv", "fiscal_roi", "bcr"]),
    help="Metric whose sensitivity is shown; its switching point is 0 (npbi, nppv) or 1 (ratios).",
)
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    help="Report file (it has the sensitivity section); its suffix picks the format.",
)
@click.option("-f", "--format", "format_", metavar="NAME", help="Report format by name.")
@values_only_option
@handled
def tornado(
    case: Path,
    metric: str,
    output: Path | None,
    format_: str | None,
    values_only: bool,
    final: bool,
    template: Path | None,
) -> int:
    """One-way sensitivity: each uncertain input at the low and high of its range (the
    range the case states for it, else its published range, else its evidence grade's
    spread), the swing in a metric, largest first, the switching value at which the case
    stops breaking even and whether it lies within the range."""
    from placebudget.engine import project
    from placebudget.engine.sensitivity import tornado as one_way
    from placebudget.figures import format_figure

    plugins = registry()
    found = load_case(case)
    target = report_target(output, format_, f"{case.stem}-sensitivity")
    context = report_context(target, values_only, final, template)
    if target is not None:
        check_output(target[1], inputs_of(case, found))
    database = case_database(found)
    steps = ["low and high of every input", "switching values"]
    with stages("Sensitivity", steps + (["writing the report"] if target else [])) as step:
        frame = one_way(found, metric=metric, unit_costs=database)
        step()
        if target is not None:
            import attrs

            from placebudget.engine.results import compute_results

            step()
            # the report's sensitivity is the one just computed when it is of npbi
            results = compute_results(
                project(found, unit_costs=database), sensitivity=metric != "npbi"
            )
            if metric == "npbi":
                results = attrs.evolve(results, sensitivity=frame)
            plugins.write_report(target[0], results, target[1], **context)
    out = console()
    out.print(
        f"{found.name} — one-way sensitivity of {metric} "
        f"({format_figure(frame.attrs['base'], metric)} as appraised; inputs at the low "
        "and high of their range: the case's own where it states one, else a "
        f"published range, else the spread of their evidence grade "
        f"('{frame.attrs['spread']}'); rates as rates, money as a factor on the value "
        "given; a switching value of – is never reached)"
    )
    out.print()
    out.print(table(frame, _tornado_columns(metric), index="input"))
    out.print()
    out.print(f"  {crossing_sentence(frame)}")
    if target is not None:
        out.print()
        out.print(f"Report ({target[0].name}) written to {target[1]}")
    return 0
