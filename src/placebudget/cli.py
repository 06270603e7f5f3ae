"""The ``placebudget`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from placebudget._version import __version__

__all__ = ["build_parser", "main"]


def _load(path: Path) -> Any:
    """A business case read by the installed importer for the file's suffix; what is
    allowed but probably a mistake is printed as warnings."""
    import placebudget as pb

    case = pb.get_plugin_registry().load(path, "case")
    for problem in case.warnings():
        print(f"placebudget: warning: {path.name}: {problem}", file=sys.stderr)
    return case


def _print_as_is(result: Any) -> None:
    from placebudget.report.frames import AS_IS_LABELS, AS_IS_TITLE, as_is
    from placebudget.report.tables import format_money, format_share

    table = as_is(result)
    print(f"  {AS_IS_TITLE} (present values)")
    header = ("reactive as is", "investment", "saving", "saved", "reactive after")
    print(f"  {'partner':<12}" + "".join(f"{h:>16}" for h in header))
    for partner, row in table.iterrows():
        cells = [format_share(row[c]) if c == "saving_share" else format_money(row[c])
                 for c in AS_IS_LABELS]
        print(f"  {partner!s:<12}" + "".join(f"{c:>16}" for c in cells))
    per_member = result.baseline_per_member
    for intervention, row in per_member.iterrows():
        print(f"  one {row['unit']} ({intervention}) costs {format_money(row['total'])} a year "
              "as is")
    for costed in result.projection.case_studies:
        after = "" if costed.after is None else (
            f", {format_money(costed.after.total)} after")
        payers = ", ".join(f"{payer} {format_money(cost)}"
                           for payer, cost in costed.before.by_agency().items())
        print(f"  {costed.study.name} cost {format_money(costed.before.total)} in a year as is "
              f"({payers}){after}")
    print()


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


def _warn_not_read(database: Any, shown: int = 20) -> None:
    """Print the lines of a database file its importer could not read."""
    missed = list(getattr(database, "not_read", ()))
    if not missed:
        return
    print(f"placebudget: warning: {len(missed)} lines of {database.name} were not read:",
          file=sys.stderr)
    for problem in missed[:shown]:
        print(f"  - {problem}", file=sys.stderr)
    if len(missed) > shown:
        print(f"  … and {len(missed) - shown} more", file=sys.stderr)


def _case_database_warnings(case: Any) -> None:
    from placebudget.reference import unit_costs
    from placebudget.reference.unit_costs import names_a_file

    if names_a_file(case.unit_costs):
        _warn_not_read(unit_costs(case.unit_costs))


def _inputs_of(case_path: Path, case: Any, *others: Path) -> list[Path]:
    """Every file a run reads: the case, its unit cost database file, the others."""
    from placebudget.reference.unit_costs import names_a_file

    files = [case_path, *others]
    if names_a_file(case.unit_costs):
        files.append(Path(case.unit_costs))
    return files


def _check_output(output: Path, inputs: list[Path], what: str = "-o") -> None:
    """Refuse, before any work, an output that is one of the run's inputs or whose folder
    is missing or not writable."""
    import os

    target = output.resolve()
    for path in inputs:
        if target == path.resolve():
            msg = f"{what} {output} is an input of this run ({path}); choose another file"
            raise _UsageError(msg)
    folder = target.parent
    if not folder.is_dir():
        msg = f"{what} {output}: the folder {folder} does not exist"
        raise _UsageError(msg)
    if not os.access(folder, os.W_OK):
        msg = f"{what} {output}: the folder {folder} is not writable"
        raise _UsageError(msg)


def _run_case(path: Path, output: Path | None, format: str | None = None) -> int:
    import placebudget as pb

    reporter = None
    if output is not None or format is not None:
        registry = pb.get_plugin_registry()
        reporter = registry.reporter_for(output, format=format)
        if output is None:
            output = Path(f"{path.stem}-report{reporter.suffix}")
    case = _load(path)
    if output is not None:
        _check_output(output, _inputs_of(path, case))
    projection = pb.project(case)
    _case_database_warnings(case)
    result = projection.appraise()
    print(f"{case.name} — {case.place.name}")
    print()
    _print_as_is(result)
    _print_summary(result)
    if case.agreements:
        print()
        _print_agreements(pb.compare_agreements(projection, case.agreements))
    if reporter is not None and output is not None:
        pb.get_plugin_registry().write_report(reporter, result, output)
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

    spec = pb.get_plugin_registry().theme(name)
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
    registry = pb.get_plugin_registry()
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

    case = _load(args.case)
    pb.project(case)  # resolves unit cost codes, deflators and tables too
    _case_database_warnings(case)
    print(f"{args.case}: valid ({len(case.interventions)} interventions, "
          f"{len(case.place.partners)} partners, {case.horizon} years)")
    return 0


def _compare(args: argparse.Namespace) -> int:
    import placebudget as pb
    from placebudget.model.diff import differences
    from placebudget.report.frames import SUMMARY_LABELS
    from placebudget.report.tables import format_money, format_ratio, format_share

    if len(args.cases) < 2:
        msg = "compare needs at least two case files"
        raise _UsageError(msg)
    names = [path.name for path in args.cases]
    if len(set(names)) < len(names):
        names = [str(path) for path in args.cases]
    cases = {name: _load(path) for name, path in zip(names, args.cases, strict=True)}
    results = {name: pb.project(case).appraise() for name, case in cases.items()}
    width = max(14, *(len(n) + 2 for n in names))
    label_width = max(len(label) for label, _ in SUMMARY_LABELS.values())
    print(f"  {'':<{label_width}}" + "".join(f"{n:>{width}}" for n in names))
    for metric, (label, unit) in SUMMARY_LABELS.items():
        cells = []
        for result in results.values():
            value = result.summary()[metric]
            if value is None:
                cells.append("–")
            elif unit == "GBP":
                cells.append(format_money(float(value)))
            elif unit == "ratio":
                cells.append(format_ratio(float(value)))
            elif unit == "share":
                cells.append(format_share(float(value)))
            else:
                cells.append(str(value))
        print(f"  {label:<{label_width}}" + "".join(f"{c:>{width}}" for c in cells))
    print()
    changed = differences(cases)
    if not changed:
        print("  The cases have the same inputs.")
        return 0
    print(f"  Inputs that differ ({len(changed)}):")
    for path, values in changed.items():
        shown = "  |  ".join(f"{name}: {value}" for name, value in values.items())
        print(f"    {path}: {shown}")
    return 0


def _unit_costs(args: argparse.Namespace) -> int:
    from placebudget.model import VALUE_TYPES, financial_year_label
    from placebudget.reference import unit_costs

    database = unit_costs(args.database) if args.database else unit_costs()
    _warn_not_read(database)
    if args.action == "search":
        found = database.search(" ".join(args.text))
        if not found:
            print(f"No unit cost matches {' '.join(args.text)!r}.")
            return 1
        print(f"  {'code':<12} {'fiscal £':>11} {'economic £':>11} {'social £':>11} "
              f"{'RAG':<3} {'transfer':>8}  {'unit':<22} description")
        for cost in found:
            amounts = [_money_cell(cost, kind) for kind in VALUE_TYPES]
            transfer = f"{cost.transfer:.0%}" if cost.transfer else ""
            print(f"  {cost.code:<12} {amounts[0]:>11} {amounts[1]:>11} {amounts[2]:>11} "
                  f"{cost.rag or '–':<3} {transfer:>8}  {cost.unit_text[:22]:<22} "
                  f"{cost.description[:60]}")
        print(f"\n  {len(found)} of {len(database)} lines of {database.name}")
        return 0
    cost = database[" ".join(args.text)]
    fields = [("code", cost.code), ("database", database.name),
              ("description", cost.description)]
    for kind in VALUE_TYPES:
        priced = getattr(cost, kind)
        fields.append((f"{kind} value", "–" if priced is None else
                       f"{float(priced.amount.magnitude):,.2f} {priced.amount.units} in "
                       f"{financial_year_label(priced.price_year)} prices"))
    fields += [("transfer payment", f"{cost.transfer:.1%} of the fiscal value (left out of "
                "public value)" if cost.transfer else "none"),
               ("unit (as published)", cost.unit_text),
               ("agency", " / ".join(x for x in (cost.agency, cost.agency_detail) if x)),
               ("category", " / ".join(x for x in (cost.category, cost.detail) if x)),
               ("RAG rating", f"{cost.rag or '–'} (confidence grade "
                              f"{cost.confidence or '–'})"),
               ("level", cost.level), ("part of", cost.parent or "–"),
               ("made up of", ", ".join(cost.components) or "–"),
               ("source", cost.source)]
    for label, value in fields:
        print(f"  {label:<20} {value}")
    return 0


def _cost_contacts(args: argparse.Namespace) -> int:
    from placebudget.engine.contacts import contact_references, cost_case_study
    from placebudget.io.case_studies import load_case_studies
    from placebudget.model import financial_year_label
    from placebudget.report.tables import format_money

    found = load_case_studies(args.file)
    database, series, price_year = contact_references(
        args.database or found.unit_costs, args.deflators or found.deflators,
        args.price_year or found.price_year)
    print(f"Costed at {getattr(database, 'name', 'unit cost database')} fiscal values in "
          f"{financial_year_label(price_year)} "
          f"prices ({series.name} GDP deflators)")
    for index, study in enumerate(found.case_studies):
        costed = cost_case_study(study, database=database, deflators=series,
                                 price_year=price_year,
                                 field=f"case_studies[{index}]" if index else "")
        print()
        print(f"{study.name}" + (f" — {study.description}" if study.description else ""))
        records = [("before", costed.before)]
        if costed.after is not None:
            records.append(("after", costed.after))
        for record, priced in records:
            print()
            print(f"  {record}: {format_money(priced.total)} a year")
            print(f"  {'code':<10} {'count':>9} {'unit':<12} {'unit cost':>11} {'cost':>11}  "
                  f"{'paid by':<24} description")
            for code, row in priced.lines.iterrows():
                print(f"  {code!s:<10} {row['count']:>9,.2f} {row['unit']:<12} "
                      f"{'£' + format(row['unit_cost'], ',.2f'):>11} "
                      f"{format_money(row['cost']):>11}  "
                      f"{row['payer'][:24]:<24} {row['description'][:50]}")
        print()
        table = costed.by_agency()
        print(f"  {'paid by':<26}{'before':>12}{'after':>12}{'saving':>12}")
        for payer, row in table.iterrows():
            print(f"  {payer!s:<26}{format_money(row['before']):>12}"
                  f"{format_money(row['after']):>12}{format_money(row['saving']):>12}")
        saving = costed.saving
        total = f"{format_money(costed.before.total):>12}"
        if saving is not None:
            total += f"{format_money(costed.after.total if costed.after else 0.0):>12}"
            total += f"{format_money(saving):>12}"
        print(f"  {'total':<26}{total}")
    return 0


def _money_cell(cost: Any, kind: str) -> str:
    priced = getattr(cost, kind)
    return "" if priced is None else f"{float(priced.amount.magnitude):,.2f}"


def _evaluate(args: argparse.Namespace) -> int:
    import placebudget as pb
    from placebudget.engine.evaluate import evaluate, recalibrate
    from placebudget.report.tables import format_money

    case = _load(args.case)
    inputs = _inputs_of(args.case, case, args.actuals)
    if args.output is not None:
        _check_output(args.output, inputs)
    if args.recalibrated is not None:
        _check_output(args.recalibrated, inputs, what="--recalibrated")
    actuals = pb.get_plugin_registry().load(args.actuals, "actuals")
    projection = pb.project(case)
    evaluation = evaluate(projection, actuals)
    print(f"{case.name}: forecast against actual — {evaluation.basis}")
    print()
    print(f"  {'period':<20}{'outcome':<26}{'share':>6}{'forecast':>11}{'actual':>11}"
          f"{'variance':>11}{'impact':>8}")
    for _, row in evaluation.outcomes.iterrows():
        print(f"  {row['period']:<20}{row['outcome']:<26}{row['share_of_year']:>6.2f}"
              f"{row['forecast_change']:>11,.1f}{row['actual_change']:>11,.1f}"
              f"{row['variance']:>+11,.1f}{row['impact_estimate']:>8.3f}")
    print()
    print(f"  {'outcome':<26}{'impact observed':>16}{'assumed':>9}{'deadweight implied':>20}"
          f"{'assumed':>9}")
    for outcome, row in evaluation.estimates.iterrows():
        implied = row["implied_deadweight"]
        shown = "–" if implied != implied else f"{implied:.3f}"
        print(f"  {outcome!s:<26}{row['impact_estimate']:>16.3f}{row['assumed_impact']:>9.3f}"
              f"{shown:>20}{row['assumed_deadweight']:>9.3f}")
    totals = evaluation.totals
    print()
    print(f"  realised fiscal benefit to date {format_money(totals['realised_fiscal'])} "
          f"(forecast {format_money(totals['forecast_fiscal'])}); cost to date "
          f"{format_money(totals['actual_cost'])} (forecast "
          f"{format_money(totals['forecast_cost'])})")
    if args.output is not None or args.format is not None:
        reporter = pb.get_plugin_registry().reporter_for(args.output, format=args.format)
        output = args.output or Path(f"{args.case.stem}-evaluation{reporter.suffix}")
        pb.get_plugin_registry().write_report(reporter, projection.appraise(), output,
                                             evaluation=evaluation)
        print(f"\nReport ({reporter.name}) written to {output}")
    if args.recalibrated is not None:
        new_case, changes = recalibrate(case, evaluation)
        pb.dump_case(new_case, args.recalibrated)
        print(f"\nRecalibrated case written to {args.recalibrated}; what changed:")
        for _, change in changes.iterrows():
            print(f"  {change['path']}: {change['before']} -> {change['after']:.4g} "
                  f"({change['reason']})")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from placebudget.io.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``placebudget`` command (documented in the docs' CLI page)."""
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

    compare = commands.add_parser("compare", help="compare case files side by side",
                                  description="Project and appraise several case files; "
                                  "print their headline metrics side by side and every "
                                  "input that differs between them.")
    compare.add_argument("cases", type=Path, nargs="+", metavar="CASE", help="case files")
    compare.set_defaults(func=_compare)

    costs = commands.add_parser("unit-costs", help="search or show Unit Cost Database lines",
                                description="Search the unit cost database, or show one "
                                "line in full.")
    costs.add_argument("action", choices=("search", "show"),
                       help="'search TEXT' (every word must match) or 'show CODE'")
    costs.add_argument("text", nargs="+", help="words to search for, or a code")
    costs.add_argument("--database", help="a bundled database name (default: ucd-v1.4; "
                       "also ucd-v1.2) or a .xls, .xlsx or .csv database file")
    costs.set_defaults(func=_unit_costs)

    evaluation = commands.add_parser(
        "evaluate", help="compare actual results with the forecast",
        description="Compare observed results (CSV or Excel actuals) with the case's "
        "forecast, estimate impact and deadweight (against a comparison group when the "
        "actuals have one) and optionally write a recalibrated case.")
    evaluation.add_argument("case", type=Path, help="case file")
    evaluation.add_argument("actuals", type=Path, help="actuals file (.csv or .xlsx)")
    evaluation.add_argument("-o", "--output", type=Path,
                            help="report file with the evaluation section")
    evaluation.add_argument("-f", "--format", help="report format by name")
    evaluation.add_argument("--recalibrated", type=Path, metavar="NEW_CASE",
                            help="write the case with the observed estimates here")
    evaluation.set_defaults(func=_evaluate)

    contacts = commands.add_parser(
        "cost-contacts", help="cost a family's year of service contacts by agency",
        description="Cost one or more case studies (a person's or family's year of "
        "service contacts as Unit Cost Database codes and counts, before and optionally "
        "after) at the database's fiscal values, by the agency that pays.")
    contacts.add_argument("file", type=Path,
                          help="case study file (TOML, JSON or YAML): one case study, or "
                          "[[case_studies]] tables")
    contacts.add_argument("--database", help="a bundled database name (default: the file's "
                          "unit_costs, else ucd-v1.4) or a .xls, .xlsx or .csv file")
    contacts.add_argument("--deflators", help="a bundled GDP deflator series (default: the "
                          "file's, else hmt-2025-12)")
    contacts.add_argument("--price-year", type=int, metavar="YEAR",
                          help="price base (default: the file's, else the series' latest "
                          "outturn year)")
    contacts.set_defaults(func=_cost_contacts)

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
    parser = build_parser()
    args = parser.parse_args(argv)
    import signal

    from placebudget.errors import PlaceBudgetError

    def terminated(signum: int, frame: Any) -> None:
        # an exit, so that every partly written report removes its temporary file
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        code: int = args.func(args)
    except (PlaceBudgetError, _UsageError, OSError) as exc:
        if args.debug:
            raise
        print(f"placebudget {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"placebudget {args.command}: interrupted; no report was left half-written",
              file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"placebudget {args.command}: error: {type(exc).__name__}: {exc} (this is a "
              "bug in placebudget or a plugin; run with --debug for the details)",
              file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
