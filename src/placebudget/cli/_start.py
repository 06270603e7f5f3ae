"""Commands for starting and understanding a case: ``init`` (a commented case file to
start from) and ``explain`` (how a figure was computed)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from placebudget.cli._app import UsageError, cli, handled
from placebudget.cli._files import case_database, check_output, load_case, registry
from placebudget.cli._render import console, table

__all__ = ["explain", "init"]

_PATH = click.Path(path_type=Path)


@cli.command()
@click.argument("case", type=_PATH)
@click.option(
    "--theme",
    metavar="NAME",
    help="Start from an installed theme (see 'themes'): its partners and every "
    "parameter at its default, with its evidence.",
)
@handled
def init(case: Path, theme: str | None) -> int:
    """Write a commented case file to start from: every required field present and
    explained, valid as written (the figures are illustrative: replace them). Never
    overwrites a file."""
    from placebudget.io import atomic_write
    from placebudget.io.templates import case_template

    if case.suffix.lower() != ".toml":
        msg = f"{case}: init writes a TOML case file; give a name ending in .toml"
        raise UsageError(msg)
    exists = f"{case} exists; init never overwrites a file (choose another name)"
    if case.exists() or case.is_symlink():
        raise UsageError(exists)
    check_output(case, [], what="init")  # its folder exists and is writable
    spec = registry().theme(theme) if theme is not None else None
    text = case_template(spec, file=case.name)
    try:
        with atomic_write(case, exclusive=True) as handle:
            handle.write(text)
    except FileExistsError as exc:  # it appeared meanwhile
        raise UsageError(exists) from exc
    out = console()
    what = f"from the theme {theme!r}" if theme else "with one illustrative intervention"
    out.print(f"Case file written to {case} ({what}).")
    out.print(f"  Edit it, then: placebudget validate {case}  and  placebudget run {case}")
    return 0


@cli.command()
@click.argument("case", type=_PATH)
@click.argument("figure")
@handled
def explain(case: Path, figure: str) -> int:
    """How FIGURE was computed: the formula with the figures put in, the flows by year
    with their discount factors, the effects or cost lines it adds up, the rates of each
    effect and where each value and cost came from. FIGURE is a headline figure (npbi,
    nppv, pv_cost, pv_fiscal, fiscal_roi, bcr …), a payback year (payback_year,
    discounted_payback_year: the cumulative benefit and cost by year and the year they
    cross), a partner's (by_partner.police.pv_fiscal; pv_cost, pv_fiscal, pv_cashable,
    net, roi, payback_year, discounted_payback_year) or an investment agreement option's
    for a partner (agreements.mixed.police.net; pv_contribution, net, roi, net_cashable
    …: how the option's rule shares each cost category, the contributions by year, the
    benefit and the net position)."""
    from placebudget.engine import project
    from placebudget.report.explain import explain as explain_figure
    from placebudget.report.explain import format_explanation_cell
    from placebudget.report.tables import column_label

    found = load_case(case)
    result = project(found, unit_costs=case_database(found)).appraise()
    explanation = explain_figure(result, figure)
    out = console()
    out.print(f"{found.name}: {explanation.label}")
    out.print()
    out.print(f"  {explanation.formula}")
    for title, shown in explanation.tables:
        out.print()
        out.print(f"  {title}")
        sources = shown["source"] if "source" in shown.columns else None
        frame = shown.drop(columns=["source"]) if sources is not None else shown
        columns = {
            str(name): (
                column_label(str(name)),
                lambda value, name=str(name): format_explanation_cell(name, value),
            )
            for name in frame.columns
        }
        out.print(
            table(
                frame,
                columns,
                index=column_label("" if frame.index.name is None else str(frame.index.name)),
                right=tuple(
                    c
                    for c in columns
                    if c not in ("unit", "partner", "category", "given", "source", "rule")
                ),
            )
        )
        if sources is not None:
            out.print()
            for name, source in sources.items():
                out.print(
                    textwrap.fill(
                        f"{name}: {source}",
                        width=96,
                        initial_indent="    ",
                        subsequent_indent="      ",
                    )
                )
    for note in explanation.notes:
        out.print()
        out.print(textwrap.fill(note, width=96, initial_indent="  ", subsequent_indent="  "))
    return 0
