"""Commands that appraise cases: ``demo``, ``run``, ``validate``, ``compare`` and
``evaluate``.

``compare`` (:mod:`._compare`) and ``evaluate`` (:mod:`._evaluate`) are in modules of their
own; importing this module registers all five."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from placebudget.cli._app import cli, handled
from placebudget.cli._compare import compare
from placebudget.cli._evaluate import evaluate
from placebudget.cli._files import (
    case_database,
    case_output,
    cells_named,
    check_output,
    inputs_of,
    load_case,
    registry,
    report_context,
    report_target,
    values_only_option,
    write_case,
)
from placebudget.cli._render import Columns, console, key_values, paragraph, stages, table

__all__ = ["compare", "demo", "evaluate", "run", "validate"]


def _as_is_columns() -> Columns:
    """Columns of the "as is" table on a terminal: the catalogue's labels."""
    from placebudget.figures import FIGURES, format_figure

    def shown(name: str) -> tuple[str, Callable[[Any], str]]:
        return FIGURES[name].label, lambda value: format_figure(value, name)

    return {
        name: shown(name)
        for name in (
            "reactive_as_is",
            "investment",
            "saving",
            "saving_share",
            "reactive_with_programme",
        )
    }


#: Columns of the per-partner table on a terminal (the catalogue's labels).
_PARTNERS = ("pv_cost", "pv_fiscal", "net", "roi")


def _print_as_is(results: Any) -> None:
    from placebudget.figures import format_money
    from placebudget.report.contents import AS_IS_TITLE
    from placebudget.report.frames import as_is
    from placebudget.report.outline import Names

    result = results.appraisal
    names = Names.of(results.case)
    out = console()
    out.print(f"  {AS_IS_TITLE} (present values)")
    out.print(table(as_is(result), _as_is_columns(), index="partner", names=names.partners))
    for intervention, row in result.baseline_per_member.iterrows():
        out.print(
            f"  one {row['unit']} ({names.name('intervention', str(intervention))}) "
            f"costs {format_money(row['total'])} a year as is"
        )
    for costed in result.projection.case_studies:
        after = "" if costed.after is None else (f", {format_money(costed.after.total)} after")
        payers = ", ".join(
            f"{payer} {format_money(cost)}" for payer, cost in costed.before.by_agency().items()
        )
        out.print(
            f"  {costed.study.name} cost {format_money(costed.before.total)} in a year "
            f"as is ({payers}){after}"
        )
    out.print()


def _print_optimism_bias(results: Any, contents: Any) -> None:
    """The headline figures with and without optimism bias, as the outline gives
    them."""
    import pandas as pd

    from placebudget.report.contents import optimism_bias_sentence

    out = console()
    found = contents.tables().get("optimism_bias")
    if found is None:
        return
    out.print(paragraph(optimism_bias_sentence(results)))
    header = found.header()
    shown = pd.DataFrame(list(found.rows()), columns=header).set_index(header[0])
    out.print(
        table(shown, {h: (h, str) for h in header[1:]}, index=header[0], right=tuple(header[1:]))
    )
    out.print()


def _print_summary(results: Any) -> None:
    from placebudget.report.contents import (
        conventions_sentence,
        optimism_bias_statement,
        report_contents,
    )
    from placebudget.report.tables import headline_rows

    out = console()
    contents = report_contents(results)
    summary = contents.tables()["summary"].frame
    statement = optimism_bias_statement(results)  # the table that may decide the sign
    if statement:
        out.print(paragraph(statement))
        out.print()
    out.print(key_values(headline_rows(summary), width=40, align="right"))
    from placebudget.report.frames import beyond_horizon_text

    cut = beyond_horizon_text(results.appraisal)
    if cut is not None:  # what the horizon cuts off, when it cuts anything
        out.print(f"  {cut}")
    out.print()
    # the conventions of EAC, EANC and payback, and the payback's margin
    out.print(
        textwrap.fill(
            conventions_sentence(results), 78, initial_indent="  ", subsequent_indent="  "
        )
    )
    out.print()
    _print_optimism_bias(results, contents)
    # the value-for-money category of each basis the case has (as appraised, risk-
    # adjusted, weighted, with METB as a sensitivity)
    out.print(
        table(
            results.green_book["value_for_money"],
            {"nppv": "NPPV", "bcr": "BCR", "vfm_category": "value for money"},
            index="basis",
        )
    )
    out.print()
    from placebudget.figures import FIGURES
    from placebudget.report.outline import Names

    out.print(
        table(
            results.appraisal.by_partner,
            {name: FIGURES[name].label for name in _PARTNERS},
            index="partner",
            names=Names.of(results.case).partners,
        )
    )


def _print_agreements(comparison: Any, names: Any = None) -> None:
    from placebudget.figures import format_money

    options = list(dict.fromkeys(comparison.columns.get_level_values("option")))
    nets = comparison.xs("net", axis=1, level="metric")
    worse = comparison.xs("worse_off", axis=1, level="metric")
    shown = nets.copy().astype(object)
    for option in options:
        shown[option] = [
            format_money(v) + ("*" if w else " ")
            for v, w in zip(nets[option], worse[option], strict=True)
        ]
    out = console()
    out.print("  Net position by investment agreement option (* = worse off)")
    out.print(
        table(
            shown,
            {o: (o, str) for o in options},
            index="partner",
            right=tuple(options),
            names=names,
        )
    )


def _run_case(
    path: Path,
    output: Path | None,
    format: str | None = None,
    *,
    values_only: bool = False,
    final: bool = False,
    template: Path | None = None,
    raw_projection: bool = False,
) -> int:
    from placebudget.engine import project
    from placebudget.engine.results import compute_results
    from placebudget.report.comparison import compare_settlements

    plugins = registry()
    written_case = case_output(output, format)  # -o case.toml: the case, not a report
    target = (
        None if written_case is not None else report_target(output, format, f"{path.stem}-report")
    )
    options = report_context(target, values_only, final, template, projection=raw_projection)
    case = load_case(path)
    if target is not None:
        check_output(target[1], inputs_of(path, case))
    if written_case is not None:
        check_output(written_case, inputs_of(path, case))
    with cells_named(path):
        projection = project(case, unit_costs=case_database(case))
    # computed once: the terminal's tables and the report read the same results; the
    # sensitivity only when a report shows it (seconds, so shown on a terminal)
    with stages("Appraisal", ["appraisal, agreements and sensitivity"]) as done:
        results = compute_results(projection, sensitivity=target is not None)
        done()
    out = console()
    out.print(f"{case.name} — {case.place.name}")
    out.print()
    _print_as_is(results)
    _print_summary(results)
    if results.settlements:
        out.print()
        from placebudget.report.outline import Names

        _print_agreements(compare_settlements(results.settlements), Names.of(results.case).partners)
    if case.uncertainty:
        out.print()
        out.print(
            f"  The case has {len(case.uncertainty)} [uncertainty] "
            f"distribution{'s' if len(case.uncertainty) != 1 else ''}; the figures "
            "above use each input's point value. For the Monte Carlo summary run:"
        )
        out.print(f"    placebudget simulate {path} --draws 10000 --seed 1")
    if target is not None:
        reporter, file = target
        with stages(f"Report ({reporter.name})", ["charts and tables"]) as done:
            plugins.write_report(reporter, results, file, **options)
            done()
        out.print()
        out.print(f"Report ({reporter.name}) written to {file}")
    if written_case is not None:
        write_case(case, written_case)
        out.print()
        out.print(f"Case written to {written_case}")
    return 0


_OUTPUT = click.Path(path_type=Path)
_INPUT = click.Path(path_type=Path)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    default="placebudget-report.md",
    show_default=True,
    help="Report file.",
)
@handled
def demo(output: Path) -> int:
    """Run the bundled troubled families example case, print its summary and write a
    Markdown report."""
    from placebudget.examples import example_path

    path = example_path("troubled_families")
    out = console()
    out.print(f"Running the bundled example case {path.name}")
    out.print()
    return _run_case(path, output)


@cli.command()
@click.argument("case", type=_INPUT)
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    help="Report file; its suffix picks the format (see 'formats'); a .toml, "
    ".json, .yaml or .yml file is the case read, written as a case file.",
)
@click.option(
    "-f", "--format", "format_", metavar="NAME", help="Report format by name (see 'formats')."
)
@values_only_option
@click.option(
    "--projection",
    "projection",
    is_flag=True,
    help="With a CSV report: the raw projection (every variable of the "
    "projection Dataset as one long table) instead of the figures.",
)
@handled
def run(
    case: Path,
    output: Path | None,
    format_: str | None,
    values_only: bool,
    final: bool,
    template: Path | None,
    projection: bool,
) -> int:
    """Project and appraise a case file (TOML, JSON or YAML, or a live Excel model
    placebudget wrote, its input cells read back as a case), print a summary and
    optionally write a report (an Excel report is the live model: formulas over named
    input cells, or with --values-only every table as numbers; a CSV report the figures
    as tidy rows, or with --projection the raw projection) or, with -o case.toml, the
    case as a case file."""
    return _run_case(
        case,
        output,
        format_,
        values_only=values_only,
        final=final,
        template=template,
        raw_projection=projection,
    )


@cli.command()
@click.argument("case", type=_INPUT)
@handled
def validate(case: Path) -> int:
    """Check a case file (or a live Excel model placebudget wrote) and every reference it
    makes (unit cost codes, deflators, tables)."""
    from placebudget.engine import check_case

    found = load_case(case)
    with cells_named(case):  # codes, deflators, tables, sizes
        check_case(found, unit_costs=case_database(found))
    counts = [
        (len(found.interventions), "intervention"),
        (len(found.place.partners), "partner"),
        (found.horizon, "year"),
    ]
    shown = ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in counts)
    console().print(f"{case}: valid ({shown})")
    return 0
