"""The ``simulate`` command: Monte Carlo draws of a case's uncertain inputs, and the
summary of them as the terminal shows it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from placebudget.cli._app import SEED, cli, handled
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
from placebudget.cli._render import console, progress, stages, table

if TYPE_CHECKING:
    import pandas as pd

    from placebudget.engine.simulation import UncertaintySummary

__all__ = ["MAX_DRAWS", "print_uncertainty", "simulate"]

#: Most draws the command line accepts (the engine also refuses what cannot fit).
MAX_DRAWS = 10_000_000

_OUTPUT = click.Path(path_type=Path)
_INPUT = click.Path(path_type=Path)


def _figure_formatter(name: str) -> Any:
    from placebudget.figures import format_figure

    return lambda value: format_figure(value, name)


def print_uncertainty(uncertainty: UncertaintySummary) -> None:
    """The Monte Carlo summary as the reports show it: metrics, chances, partners and
    the inputs drawn."""
    import pandas as pd

    from placebudget.figures import format_money, format_share
    from placebudget.report.frames import monte_carlo, monte_carlo_intro

    frames = monte_carlo(uncertainty)
    out = console()
    out.print(
        textwrap.fill(
            monte_carlo_intro(uncertainty), width=96, initial_indent="  ", subsequent_indent="  "
        )
    )
    out.print()
    metrics = frames["monte_carlo"]
    shown = pd.DataFrame(
        {
            column: [
                _figure_formatter(str(name))(value)
                for value, name in zip(metrics[column], metrics.index, strict=True)
            ]
            for column in ("mean", "sd", "p5", "p50", "p95")
        },
        index=metrics["label"],
    )
    out.print(
        table(
            shown,
            {c: (c if c != "sd" else "sd", str) for c in shown.columns},
            index="",
            right=tuple(shown.columns),
        )
    )
    out.print()
    out.print(
        table(
            frames["monte_carlo_chances"],
            {"probability": ("chance", format_share)},
            index="",
            right=("probability",),
        )
    )
    out.print()
    out.print(
        table(
            frames["monte_carlo_partners"],
            {
                "mean_net": ("mean net", format_money),
                "p5_net": ("5th pct", format_money),
                "p95_net": ("95th pct", format_money),
                "p_net_positive": ("P(ahead)", format_share),
                "p_roi_above_1": ("P(ROI > 1)", format_share),
            },
            index="partner",
        )
    )
    options = uncertainty.by_option
    if len(options.index.get_level_values("option").unique()) > 1:
        out.print()
        out.print("  Each partner's net under each agreement option, over the same draws:")
        out.print(
            table(
                _by_option(options),
                {
                    "partner": "partner",
                    "mean_net": ("mean net", format_money),
                    "p5_net": ("5th pct", format_money),
                    "p95_net": ("95th pct", format_money),
                    "p_net_positive": ("P(ahead)", format_share),
                },
                index="option",
            )
        )
    inputs = frames["monte_carlo_inputs"]
    if not inputs.empty:
        out.print()
        out.print(f"  Inputs drawn ({len(inputs)}; money as a factor on the value given):")
        out.print(
            table(
                inputs,
                {"kind": "kind", "distribution": "distribution", "source": "source"},
                index="input",
            )
        )


def _by_option(options: pd.DataFrame) -> pd.DataFrame:
    """:attr:`UncertaintySummary.by_option` as the terminal shows it: the option named
    on its first partner's row only."""
    import pandas as pd

    flat = options.reset_index()
    first = ~flat["option"].duplicated()
    flat.index = pd.Index(flat["option"].where(first, ""), name="option")
    return flat


@cli.command()
@click.argument("case", type=_INPUT)
@click.option(
    "--draws",
    type=click.IntRange(2, MAX_DRAWS),
    default=10_000,
    show_default=True,
    help="Number of Monte Carlo draws.",
)
@click.option(
    "--seed",
    type=SEED,
    default=None,
    help="Seed of the random generator (the same seed gives the same draws).",
)
@click.option(
    "--spread",
    type=click.Choice(["default", "none"]),
    default="default",
    show_default=True,
    help="Spread of the inputs the case gives no distribution: by evidence "
    "grade (default), or none (only the case's [uncertainty] vary).",
)
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    help="Report file with the Monte Carlo section; its suffix picks the format.",
)
@click.option("-f", "--format", "format_", metavar="NAME", help="Report format by name.")
@values_only_option
@handled
def simulate(
    case: Path,
    draws: int,
    seed: int | None,
    spread: str,
    output: Path | None,
    format_: str | None,
    values_only: bool,
    final: bool,
    template: Path | None,
) -> int:
    """Monte Carlo: draw the case's uncertain inputs (its [uncertainty] tables, and a
    spread by evidence grade for the rest) and print the mean, sd, 5th/50th/95th
    percentiles of each metric, the chance of breaking even and each partner's chance of
    coming out ahead."""
    from placebudget.engine import project, simulate_summary

    plugins = registry()
    found = load_case(case)
    target = report_target(output, format_, f"{case.stem}-simulation")
    context = report_context(target, values_only, final, template)
    if target is not None:
        check_output(target[1], inputs_of(case, found))
    database = case_database(found)
    # the draws are projected a chunk at a time: the bar counts the draws done
    with progress() as bar:
        task = bar.add_task(f"Monte Carlo, {draws:,} draws", total=draws)
        uncertainty = simulate_summary(
            found,
            draws=draws,
            seed=seed,
            spread=None if spread == "none" else "default",
            unit_costs=database,
            on_chunk=lambda done: bar.update(task, completed=done),
        )
    if target is not None:
        from placebudget.engine.results import compute_results

        with stages("Report", ["appraising the case", "writing the report"]) as next_stage:
            results = compute_results(project(found, unit_costs=database), uncertainty=uncertainty)
            next_stage()
            plugins.write_report(target[0], results, target[1], **context)
    out = console()
    out.print(f"{found.name} — {found.place.name}")
    out.print()
    print_uncertainty(uncertainty)
    if target is not None:
        out.print()
        out.print(f"Report ({target[0].name}) written to {target[1]}")
    return 0
