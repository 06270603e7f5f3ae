"""Commands over reference data: ``unit-costs``, ``cost-contacts`` and ``schema``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from placebudget.cli._app import cli, handled
from placebudget.cli._files import registry, warn_not_read
from placebudget.cli._render import Columns, console, key_values, table

__all__ = ["cost_contacts", "schema", "unit_costs"]


def _database(name: str | None) -> Any:
    from placebudget import api

    database = api.unit_costs(name, registry=registry())
    warn_not_read(database)
    return database


def _money(value: float) -> str:
    from placebudget.figures import format_money

    return "–" if value != value else format_money(value)


def _amount(cost: Any, kind: str) -> str:
    priced = getattr(cost, kind)
    return "" if priced is None else f"{float(priced.amount.magnitude):,.2f}"


#: Columns of a unit cost search on a terminal.
_FOUND = {
    "code": "code",
    "fiscal": "fiscal £",
    "economic": "economic £",
    "social": "social £",
    "rag": "RAG",
    "transfer": "transfer",
    "unit": "unit",
    "description": "description",
}


@cli.command(name="unit-costs")
@click.argument("action", type=click.Choice(["search", "show"]))
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--database",
    metavar="NAME_OR_FILE",
    help="A bundled database name (default: ucd-v1.4; also ucd-v1.2) or a .xls, "
    ".xlsx or .csv database file.",
)
@handled
def unit_costs(action: str, text: tuple[str, ...], database: str | None) -> int:
    """Search the unit cost database (every word must match), or show one line in
    full: 'search TEXT…' or 'show CODE' (a code may name its edition:
    'show ucd-v1.2:CR6.0')."""
    import pandas as pd

    from placebudget.model import VALUE_TYPES, financial_year_label

    found_in = _database(database)
    words = " ".join(text)
    out = console()
    if action == "search":
        found = found_in.search(words)
        if not found:
            out.print(f"No unit cost matches {words!r}.")
            return 1
        rows = pd.DataFrame(
            [
                {
                    "code": cost.code,
                    **{kind: _amount(cost, kind) for kind in VALUE_TYPES},
                    "rag": cost.rag or "–",
                    "transfer": f"{cost.transfer:.0%}" if cost.transfer else "",
                    "unit": cost.unit_text[:22],
                    "description": cost.description[:60],
                }
                for cost in found
            ]
        )
        columns = {name: (header, str) for name, header in _FOUND.items()}
        out.print(table(rows, columns))
        out.print(f"\n  {len(found)} of {len(found_in)} lines of {found_in.name}")
        return 0
    cost, found_in = _line(words, found_in)
    fields = [("code", cost.code), ("database", found_in.name), ("description", cost.description)]
    for kind in VALUE_TYPES:
        priced = getattr(cost, kind)
        fields.append(
            (
                f"{kind} value",
                "–"
                if priced is None
                else f"{float(priced.amount.magnitude):,.2f} {priced.amount.units} in "
                f"{financial_year_label(priced.price_year)} prices",
            )
        )
    fields += [
        (
            "transfer payment",
            f"{cost.transfer:.1%} of the fiscal value (left out of public value)"
            if cost.transfer
            else "none",
        ),
        ("unit (as published)", cost.unit_text),
        ("agency", " / ".join(x for x in (cost.agency, cost.agency_detail) if x)),
        ("category", " / ".join(x for x in (cost.category, cost.detail) if x)),
        ("RAG rating", f"{cost.rag or '–'} (confidence grade {cost.confidence or '–'})"),
        ("level", cost.level),
        ("part of", cost.parent or "–"),
        ("made up of", ", ".join(cost.components) or "–"),
        ("source", cost.source),
    ]
    fields += _other_edition(cost.code, found_in.name)
    out.print(key_values(fields, width=20))
    return 0


def _line(text: str, database: Any) -> tuple[Any, Any]:
    """The line ``text`` names (``CR6.0``, ``ucd:CR6.0`` or ``ucd-v1.2:CR6.0``, the
    last in that edition whatever ``--database``) and the database it is in."""
    from placebudget.model.values import split_reference
    from placebudget.reference import BUNDLED_DATABASES

    reference = split_reference(text)
    if reference is None:
        return database[text], database
    edition, code = reference
    if edition is None or edition == database.name:
        return database[code], database
    if edition not in BUNDLED_DATABASES:
        from placebudget.errors import UnknownReferenceError

        msg = (
            f"names the unit cost database {edition!r}, which is neither bundled "
            f"({', '.join(BUNDLED_DATABASES)}) nor --database ({database.name!r})"
        )
        raise UnknownReferenceError.single(path="CODE", message=msg, value=text)
    other = _database(edition)
    return other[code], other


def _other_edition(code: str, edition: str) -> list[tuple[str, str]]:
    """A line saying what the code means in the other bundled edition, when its meaning
    changed between them (``ucd_edition_changes.csv``)."""
    from placebudget.reference.editions import edition_changes

    change = edition_changes().get(code)
    if change is None or not change.changed or edition not in change.descriptions:
        return []
    other = next(name for name in change.descriptions if name != edition)
    return [
        (
            f"in {other}",
            f"another line: {change.descriptions[other]} ({change.units[other]}); the "
            f"code's meaning changed between the editions (write {other}:{code} for it)",
        )
    ]


#: Columns of a costed record's lines on a terminal.
_LINES: Columns = {
    "count": ("count", lambda v: f"{v:,.2f}"),
    "unit": "unit",
    "unit_cost": ("unit cost", lambda v: f"£{v:,.2f}"),
    "cost": "cost",
    "payer": ("paid by", lambda v: str(v)[:24]),
    "description": ("description", lambda v: str(v)[:50]),
}


@cli.command(name="cost-contacts")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--database",
    metavar="NAME_OR_FILE",
    help="A bundled database name (default: the file's unit_costs, else "
    "ucd-v1.4) or a .xls, .xlsx or .csv file.",
)
@click.option(
    "--deflators",
    metavar="NAME",
    help="A bundled GDP deflator series (default: the file's, else hmt-2025-12).",
)
@click.option(
    "--price-year",
    type=int,
    metavar="YEAR",
    help="Price base (default: the file's, else the series' latest outturn year).",
)
@handled
def cost_contacts(
    file: Path, database: str | None, deflators: str | None, price_year: int | None
) -> int:
    """Cost one or more case studies (a person's or family's year of service contacts as
    Unit Cost Database codes and counts, before and optionally after) at the database's
    fiscal values, by the agency that pays. FILE holds case studies, or is a case file
    whose [[case_studies]] are costed as a run costs them: with the case's unit cost
    database, deflators and price base, each contact charged to the case's partner of
    the agency's kind."""
    from placebudget.engine.contacts import contact_references, cost_case_study
    from placebudget.io.case_file import read_data
    from placebudget.io.case_studies import load_case_studies
    from placebudget.model import financial_year_label

    _, data = read_data(file)
    if any(key in data for key in _CASE_KEYS):
        return _cost_case(file, database, deflators, price_year)
    found = load_case_studies(file)
    name = database or found.unit_costs
    chosen = _database(name) if name is not None else None
    found_in, series, year = contact_references(
        chosen, deflators or found.deflators, price_year or found.price_year
    )
    out = console()
    out.print(
        f"Costed at {getattr(found_in, 'name', 'unit cost database')} fiscal values "
        f"in {financial_year_label(year)} prices ({series.name} GDP deflators)"
    )
    for index, study in enumerate(found.case_studies):
        costed = cost_case_study(
            study,
            database=found_in,
            deflators=series,
            price_year=year,
            field=f"case_studies[{index}]" if index else "",
        )
        _print_costed(costed, {})
    return 0


#: Keys only a case file has: a file holding one of them is costed as a case.
_CASE_KEYS = ("place", "interventions", "theme", "start_year", "horizon")


def _cost_case(
    file: Path, database: str | None, deflators: str | None, price_year: int | None
) -> int:
    """``cost-contacts`` on a case file: its case studies, costed as a run costs them."""
    from placebudget.cli._app import UsageError
    from placebudget.cli._files import case_database, load_case
    from placebudget.engine import case_deflators
    from placebudget.engine.contacts import cost_case_studies
    from placebudget.model import financial_year_label
    from placebudget.reference import deflator_series

    case = load_case(file)
    if not case.case_studies:
        msg = (
            f"{file} is a case file with no [[case_studies]]: add one (a family's year "
            "of service contacts before and after) or give a file of case studies"
        )
        raise UsageError(msg)
    found_in = _database(database) if database is not None else case_database(case)
    series = deflator_series(deflators) if deflators is not None else case_deflators(case)
    year = case.price_year if price_year is None else price_year
    costed = cost_case_studies(case, database=found_in, deflators=series, price_year=year)
    out = console()
    out.print(
        f"{case.name}: its case studies costed at "
        f"{getattr(found_in, 'name', 'unit cost database')} fiscal values in "
        f"{financial_year_label(year)} prices ({series.name} GDP deflators), each "
        "contact charged to the partner of the agency's kind"
    )
    names = {p.id: p.name for p in case.place.partners}
    for study in costed:
        _print_costed(study, names)
    return 0


def _print_costed(costed: Any, names: dict[str, str]) -> None:
    """A costed case study on the terminal: each record's lines, then the cost before
    and after and the saving by payer (partners by ``names``)."""
    import pandas as pd

    from placebudget.figures import format_money

    out = console()
    study = costed.study
    out.print()
    out.print(f"{study.name}" + (f" — {study.description}" if study.description else ""))
    records = [("before", costed.before)]
    if costed.after is not None:
        records.append(("after", costed.after))
    columns = {**_LINES, "payer": ("paid by", lambda v: names.get(str(v), str(v))[:32])}
    for record, priced in records:
        out.print()
        out.print(f"  {record}: {format_money(priced.total)} a year")
        out.print(table(priced.lines, columns, index="code"))
    out.print()
    by_agency = costed.by_agency()
    totals = pd.DataFrame(
        {
            "before": [costed.before.total],
            "after": [costed.after.total if costed.after else 0.0],
            "saving": [costed.saving if costed.saving is not None else float("nan")],
        },
        index=["total"],
    )
    if costed.saving is None:
        totals[["after", "saving"]] = float("nan")
    shown = pd.concat([by_agency[["before", "after", "saving"]], totals])
    money = ("before", "after", "saving")
    out.print(table(shown, {c: (c, _money) for c in money}, index="paid by", names=names))


@cli.command()
@click.option(
    "--report",
    "report",
    is_flag=True,
    help="The schema of the JSON report (run CASE -o FILE.json) instead.",
)
@handled
def schema(report: bool) -> int:
    """Print the JSON Schema (draft 2020-12) that case files (TOML, JSON or YAML)
    follow, or with --report the one JSON reports follow."""
    if report:
        from placebudget.report.data import committed_report_schema

        sys.stdout.write(committed_report_schema())
        return 0
    from placebudget.io.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
