"""The ``compare`` command: several case files appraised as options, side by side, ranked
by a metric, and every input that differs between them."""

from __future__ import annotations

from pathlib import Path

import click

from placebudget.cli._app import UsageError, cli, handled
from placebudget.cli._files import case_database, cells_named, check_output, inputs_of, load_case
from placebudget.cli._render import console, table

__all__ = ["compare"]

_OUTPUT = click.Path(path_type=Path)
_INPUT = click.Path(path_type=Path)


@cli.command()
@click.argument("cases", nargs=-1, required=True, type=_INPUT, metavar="CASE...")
@click.option(
    "--metric",
    default="nppv",
    show_default=True,
    type=click.Choice(["nppv", "bcr", "npbi", "fiscal_roi", "nppv_weighted", "nppv_risk_adjusted"]),
    help="Metric the options are ranked by (higher is better).",
)
@click.option(
    "--do-minimum",
    "do_minimum",
    default=None,
    metavar="CASE",
    help="The option that is the do-minimum (its file name); by default the one "
    "with the lowest PV cost.",
)
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    help="Also write the comparison to this file: .md, .csv, .json or .xlsx.",
)
@handled
def compare(
    cases: tuple[Path, ...], metric: str, do_minimum: str | None, output: Path | None
) -> int:
    """Project and appraise several case files as options: their headline metrics side
    by side, the options ranked by a metric with the preferred option, the do-minimum,
    each option's value-for-money category and its switching value against the
    preferred, and every input that differs between them (with -o, also written to a
    Markdown, CSV, JSON or Excel file, chosen by its suffix)."""
    import pandas as pd

    from placebudget.engine import project
    from placebudget.engine.green_book import compare_options
    from placebudget.figures import format_figure
    from placebudget.io.comparison import check_comparison_path, comparison, write_comparison
    from placebudget.model.diff import differences
    from placebudget.report.contents import HEADLINE

    if output is not None:
        try:
            check_comparison_path(output)
        except ValueError as exc:
            raise UsageError(f"-o {output}: " + str(exc).split(": ", 1)[-1]) from exc
    if len(cases) < 2:
        msg = "compare needs at least two case files"
        raise UsageError(msg)
    names = [path.name for path in cases]
    if len(set(names)) < len(names):
        names = [str(path) for path in cases]
    if do_minimum is not None and do_minimum not in names:
        msg = f"--do-minimum must name one of the cases ({', '.join(names)}), got {do_minimum!r}"
        raise UsageError(msg)
    loaded = {name: load_case(path) for name, path in zip(names, cases, strict=True)}
    if output is not None:
        check_output(
            output,
            [
                p
                for name, path in zip(names, cases, strict=True)
                for p in inputs_of(path, loaded[name])
            ],
        )
    appraised = {}
    for (name, case), file in zip(loaded.items(), cases, strict=True):
        with cells_named(file):
            appraised[name] = project(case, unit_costs=case_database(case)).appraise()
    from placebudget.figures import FIGURES

    shown = pd.DataFrame(
        {
            name: [format_figure(result.summary()[m], m) for m in HEADLINE]
            for name, result in appraised.items()
        },
        index=pd.Index([FIGURES[m].title for m in HEADLINE], name=""),
    )
    out = console()
    out.print(table(shown, {n: (n, str) for n in names}, index="", right=tuple(names)))
    out.print()
    ranked = compare_options(appraised, metric=metric, do_minimum=do_minimum)
    if output is not None:
        from placebudget.report.outline import Names

        named = [Names.of(case) for case in loaded.values()]
        changed_names = {
            path: next(
                (n.name("input", path) for n in named if n.name("input", path) != path), path
            )
            for path in differences(loaded)
        }
        write_comparison(
            comparison(appraised, ranked, loaded, HEADLINE, input_names=changed_names), output
        )
    ranking = ranked.copy()
    ranking["role"] = [
        ", ".join(role for role, held in (("preferred", p), ("do-minimum", d)) if held)
        for p, d in zip(ranking["preferred"], ranking["do_minimum"], strict=True)
    ]
    out.print(f"  Options ranked by {metric}:")
    out.print(
        table(
            ranking,
            {
                "rank": "rank",
                metric: metric,
                "bcr": "BCR",
                "vfm_category": "value for money",
                "role": "",
                "pv_switching_value": "switching value (PV benefit)",
                "switching_share": "as a share",
            },
            index="option",
            right=("rank",),
        )
    )
    out.print()
    changed = differences(loaded)
    if not changed:
        out.print("  The cases have the same inputs.")
    else:
        out.print(f"  Inputs that differ ({len(changed)}):")
        for path, values in changed.items():
            listed = "  |  ".join(f"{name}: {value}" for name, value in values.items())
            out.print(f"    {path}: {listed}")
    if output is not None:
        out.print(f"\nComparison written to {output}")
    return 0
