"""The ``placebudget`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from placebudget._version import __version__

__all__ = ["main"]


def _print_summary(result: Any) -> None:
    from placebudget.report.tables import format_money, format_ratio, headline_rows

    width = max(len(label) for label, _ in headline_rows(result))
    for label, value in headline_rows(result):
        print(f"  {label:<{width}}  {value:>16}")
    print()
    frame = result.by_partner
    print(f"  {'partner':<12}{'PV cost':>14}{'PV fiscal':>14}{'net':>14}{'ROI':>8}")
    for pid, row in frame.iterrows():
        print(f"  {pid!s:<12}{format_money(row['pv_cost']):>14}"
              f"{format_money(row['pv_fiscal']):>14}{format_money(row['net']):>14}"
              f"{format_ratio(row['roi']):>8}")


def _print_agreements(table: Any) -> None:
    from placebudget.report.tables import format_money

    options = list(dict.fromkeys(table.columns.get_level_values("option")))
    width = max(14, *(len(o) + 2 for o in options))
    print("  Net position by investment agreement option (* = worse off)")
    print(f"  {'partner':<12}" + "".join(f"{o:>{width}}" for o in options))
    for pid, row in table.iterrows():
        cells = "".join(
            f"{format_money(row[(o, 'net')]) + ('*' if row[(o, 'worse_off')] else ' '):>{width}}"
            for o in options)
        print(f"  {pid!s:<12}{cells}")


def _run_case(path: Path, output: Path | None, format: str | None = None) -> int:
    import placebudget as pb

    reporter = None
    if output is not None or format is not None:
        registry = pb.get_plugin_manager()
        reporter = registry.reporter_for(output, format=format)
        if output is None:
            output = Path(f"{path.stem}-report{reporter.suffix}")
    case = pb.load_case(path)
    projection = pb.project(case)
    result = projection.appraise()
    print(f"{case.name} — {case.place.name}")
    print()
    _print_summary(result)
    if case.agreements:
        print()
        _print_agreements(pb.compare_agreements(projection, case.agreements))
    if reporter is not None and output is not None:
        reporter.write(result, output)
        print()
        print(f"Report ({reporter.name}) written to {output}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from placebudget.examples import example_path

    path = example_path("troubled_families")
    print(f"Running the bundled example case {path.name}")
    print()
    return _run_case(path, args.output)


def _run(args: argparse.Namespace) -> int:
    return _run_case(args.case, args.output, args.format)


def _print_theme(name: str) -> int:
    import placebudget as pb

    spec = pb.get_plugin_manager().theme(name)
    print(f"{spec.name}: {spec.title}")
    print()
    print(f"  {spec.description}")
    print()
    print(f"  partners: {', '.join(f'{k} ({v})' for k, v in spec.partners.items())}")
    print()
    for parameter in spec.parameters:
        grade = f", grade {parameter.confidence}" if parameter.confidence else ""
        print(f"  {parameter.name} = {parameter.default!r}  ({parameter.kind.__name__})")
        print(f"      {parameter.description}")
        print(f"      source: {parameter.source}{grade}")
    return 0


def _print_plugins(kind: str, name: str | None = None) -> int:
    import placebudget as pb

    if name is not None:
        return _print_theme(name)
    registry = pb.get_plugin_manager()
    rows: list[tuple[str, str, str]] = []
    if kind == "themes":
        for name, theme in registry.themes().items():
            rows.append((name, theme.spec.title, _provider(theme.plugin)))
    elif kind == "importers":
        for name, importer in registry.importers().items():
            spec = importer.spec
            rows.append((name, f"{spec.kind} from {' '.join(spec.suffixes)}: "
                         f"{spec.description}", _provider(importer.plugin)))
    else:
        for name, reporter in registry.reporters().items():
            rows.append((name, f"{reporter.spec.suffix}  {reporter.spec.description}",
                         _provider(reporter.plugin)))
    if not rows:
        print(f"No {kind} installed.")
    width = max((len(r[0]) for r in rows), default=0)
    for name, text, provider in rows:
        print(f"  {name:<{width}}  {text}  [{provider}]")
    for failure in registry.failures:
        print(f"  ! {failure}")
    return 0


def _provider(plugin: Any) -> str:
    return f"{plugin.distribution} {plugin.version}"


def _validate(args: argparse.Namespace) -> int:
    import placebudget as pb

    case = pb.load_case(args.case)
    pb.project(case)  # resolves unit cost codes, deflators and tables too
    print(f"{args.case}: valid ({len(case.interventions)} interventions, "
          f"{len(case.place.partners)} partners, {case.horizon} years)")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from placebudget.io.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="placebudget",
        description="Place-based budgeting: appraise a business case for pooled budgets.",
    )
    parser.add_argument("--version", action="version", version=f"placebudget {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="run the bundled troubled families example",
                               description="Run the bundled troubled families example case, "
                               "print its summary and write a Markdown report.")
    demo.add_argument("-o", "--output", type=Path, default=Path("placebudget-report.md"),
                      help="report file (default: placebudget-report.md)")
    demo.set_defaults(func=_demo)

    run = commands.add_parser("run", help="appraise a case file",
                              description="Project and appraise a case file (TOML, JSON or "
                              "YAML), print a summary and optionally write a report.")
    run.add_argument("case", type=Path, help="case file")
    run.add_argument("-o", "--output", type=Path,
                     help="report file; its suffix picks the format (see 'formats')")
    run.add_argument("-f", "--format", help="report format by name (see 'formats')")
    run.set_defaults(func=_run)

    validate = commands.add_parser("validate", help="check a case file",
                                   description="Check a case file and every reference it "
                                   "makes (unit cost codes, deflators, tables).")
    validate.add_argument("case", type=Path, help="case file")
    validate.set_defaults(func=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of case files",
                                 description="Print the JSON Schema (draft 2020-12) that "
                                 "case files (TOML, JSON or YAML) follow.")
    schema.set_defaults(func=_schema)

    for kind, what in (("themes", "themes"), ("importers", "importers"),
                       ("formats", "report formats")):
        listing = commands.add_parser(kind, help=f"list the installed {what}",
                                      description=f"List the installed {what} with the "
                                      "distribution and version providing each, and any "
                                      "plugin that failed to load.")
        if kind == "themes":
            listing.add_argument("name", nargs="?",
                                 help="show this theme's parameters, defaults and sources")
        listing.set_defaults(func=lambda args, kind=kind: _print_plugins(
            kind, getattr(args, "name", None)))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``placebudget`` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    from placebudget.errors import PlaceBudgetError

    try:
        code: int = args.func(args)
    except (PlaceBudgetError, _UsageError, OSError) as exc:
        if args.debug:
            raise
        print(f"placebudget {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
