"""Commands that appraise cases: ``demo``, ``run``, ``validate``, ``compare`` and
``evaluate``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from placebudget.cli._app import UsageError, cli, handled
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
from placebudget.cli._render import Columns, console, key_values, stages, table

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


def _print_summary(results: Any) -> None:
    from placebudget.report.contents import report_contents
    from placebudget.report.tables import headline_rows

    out = console()
    summary = report_contents(results).tables()["summary"].frame
    out.print(key_values(headline_rows(summary), width=40, align="right"))
    out.print()
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
    console().print(
        f"{case}: valid ({len(found.interventions)} interventions, "
        f"{len(found.place.partners)} partners, {found.horizon} years)"
    )
    return 0


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
    if recalibrated is not None:
        check_output(recalibrated, inputs, what="--recalibrated")
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
