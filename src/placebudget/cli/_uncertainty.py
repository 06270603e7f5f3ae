"""Commands for how sure a case is and what it adds up to: ``simulate`` (Monte Carlo),
``tornado`` (one-way sensitivity and switching values) and ``aggregate`` (many places,
on dask)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from placebudget.cli._app import UsageError, cli, handled
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
from placebudget.cli._render import Columns, console, key_values, progress, stages, table

if TYPE_CHECKING:
    import pandas as pd

    from placebudget.engine.simulation import UncertaintySummary

__all__ = [
    "AGGREGATE_SUFFIXES",
    "AGGREGATE_TABLES",
    "aggregate",
    "aggregate_tables",
    "crossing_sentence",
    "simulate",
    "tornado",
    "write_aggregate",
]

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
    type=int,
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


def _dask_progress(bar: Any, description: str) -> Any:
    """A dask callback (local schedulers) advancing a task of the rich progress ``bar``
    as dask's tasks finish."""
    from dask.callbacks import Callback

    task = bar.add_task(description, total=None)

    def start_state(dsk: Any, state: Any) -> None:
        total = sum(len(state[k]) for k in ("ready", "waiting", "running", "finished"))
        bar.update(task, total=total, completed=len(state["finished"]))

    def posttask(key: Any, result: Any, dsk: Any, state: Any, worker_id: Any) -> None:
        bar.update(task, completed=len(state["finished"]))

    callback: Any = Callback(
        start_state=start_state,  # type: ignore[no-untyped-call]
        posttask=posttask,
    )
    return callback


def _places_per_chunk(context: click.Context, parameter: click.Parameter, value: str) -> int | str:
    """``--chunks``: ``auto`` or a whole number of places of 1 or more."""
    text = value.strip()
    if text == "auto":
        return text
    if text.isdigit() and int(text) >= 1:
        return int(text)
    msg = f"must be a whole number of places of 1 or more, or 'auto', got {value!r}"
    raise click.BadParameter(msg, context, parameter)


def _scheduler(name: str) -> tuple[str | None, Any]:
    """``threads``/``processes`` → the dask scheduler name; anything else is the address
    of a ``dask.distributed`` scheduler, connected to."""
    if name in ("threads", "processes"):
        return name, None
    try:
        from distributed import Client as connect
    except ImportError as exc:
        msg = "--scheduler ADDRESS needs dask.distributed: pip install 'placebudget[dask]'"
        raise UsageError(msg) from exc
    try:
        client: Any = connect(
            name,
            timeout="10s",  # type: ignore[no-untyped-call]
            set_as_default=False,
        )
    except (OSError, TimeoutError, ValueError) as exc:
        msg = f"--scheduler {name}: cannot connect to a dask scheduler there ({exc})"
        raise UsageError(msg) from exc
    return None, client


def _national_rows(national: pd.Series) -> list[tuple[str, str]]:
    from placebudget.figures import FIGURES, format_figure

    return [
        (FIGURES[name].title, format_figure(national[name], name))
        for name in (
            "pv_cost",
            "pv_fiscal",
            "pv_cashable",
            "npbi",
            "fiscal_roi",
            "pv_public",
            "nppv",
            "bcr",
        )
        if name in national.index
    ]


#: What ``aggregate -o`` writes, by the output's suffix.
AGGREGATE_SUFFIXES: tuple[str, ...] = (".csv", ".json", ".md", ".xlsx")

#: The aggregate's tables, in order: name → (title, what their rows are).
AGGREGATE_TABLES: dict[str, tuple[str, str]] = {
    "national": ("National totals", "figure"),
    "by_place": ("By place", "place"),
    "by_partner_kind": ("By partner kind", "partner kind"),
    "by_department": ("By department", "department"),
}

#: Figures of the aggregate's tables the catalogue does not declare: label and unit.
_SHARE_OF_NET = ("Share of net benefit", "share")


def _aggregate_suffix(output: Path) -> str:
    """The format ``aggregate -o`` writes ``output`` in, refused before any work when it
    writes none."""
    suffix = output.suffix.lower()
    if suffix not in AGGREGATE_SUFFIXES:
        shown = suffix or "a file without a suffix"
        msg = (
            f"-o {output}: aggregate writes {', '.join(AGGREGATE_SUFFIXES[:-1])} or "
            f"{AGGREGATE_SUFFIXES[-1]}, not {shown}"
        )
        raise UsageError(msg)
    return suffix


def _figure_label(name: str) -> str:
    from placebudget.figures import FIGURES

    return FIGURES[name].label if name in FIGURES else _SHARE_OF_NET[0]


def _figure_unit(name: str) -> str:
    from placebudget.figures import FIGURES

    return FIGURES[name].unit if name in FIGURES else _SHARE_OF_NET[1]


def _figure_text(value: float, name: str) -> str:
    from placebudget.figures import format_figure, format_share

    return format_figure(value, name) if name != "share_of_net_benefit" else format_share(value)


def aggregate_tables(computed: Any) -> dict[str, pd.DataFrame]:
    """The aggregate's tables by name (:data:`AGGREGATE_TABLES`): the national totals
    (one row, ``national``), and the totals by place, partner kind and department, each a
    row a place, kind or department and a column a figure of the catalogue."""
    national = computed.national()
    return {
        "national": national.to_frame("national").T,
        "by_place": computed.by_place(),
        "by_partner_kind": computed.by_partner_kind(),
        "by_department": computed.by_department(),
    }


def _row_names(name: str, rows: Any, places: pd.DataFrame) -> list[str]:
    """The rows of table ``name`` as people read them: places by name, partner kinds in
    words."""
    from placebudget.model import PARTNER_KIND_LABELS

    if name == "by_place" and "name" in places.columns:
        return [str(places["name"].get(row, row)) for row in rows]
    if name == "by_partner_kind":
        return [PARTNER_KIND_LABELS.get(str(row), str(row)) for row in rows]
    if name == "national":
        return ["National"]
    return [str(row) for row in rows]


def _money_round(value: float, unit: str) -> float | None:
    if value != value:  # NaN: undefined
        return None
    return round(float(value), 2) if unit == "GBP" else float(value)


def write_aggregate(
    path: Path, tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str
) -> None:
    """Write the aggregate's ``tables`` to ``path`` in the format of its suffix
    (:data:`AGGREGATE_SUFFIXES`), atomically: ``.csv`` tidy rows (``table``, ``row``,
    ``figure``, ``value``, ``unit``), ``.json`` the tables by name (ids and names, money
    to the penny), ``.md`` and ``.xlsx`` (a sheet each) as people read them, with the
    catalogue's labels and formats."""
    from placebudget.io import atomic_write, atomic_write_path

    suffix = _aggregate_suffix(path)
    if suffix == ".xlsx":
        with atomic_write_path(path) as temporary:
            _aggregate_workbook(tables, places, heading).save(temporary)
        return
    text = {".csv": _aggregate_csv, ".json": _aggregate_json, ".md": _aggregate_markdown}[suffix](
        tables, places, heading
    )
    with atomic_write(path) as handle:
        handle.write(text)


def _aggregate_csv(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["table", "row", "figure", "value", "unit"])
    for name, frame in tables.items():
        for row, values in frame.iterrows():
            for figure, value in values.items():
                unit = _figure_unit(str(figure))
                number = _money_round(float(value), unit)
                out.writerow([name, row, figure, "" if number is None else repr(number), unit])
    return buffer.getvalue()


def _aggregate_json(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> str:
    import json

    document: dict[str, Any] = {"title": heading, "tables": {}, "units": {}}
    for name, frame in tables.items():
        key = AGGREGATE_TABLES[name][1].replace(" ", "_")
        rows = []
        for (row, values), shown in zip(
            frame.iterrows(), _row_names(name, frame.index, places), strict=True
        ):
            record: dict[str, Any] = {} if name == "national" else {key: row, f"{key}_name": shown}
            for figure, value in values.items():
                unit = _figure_unit(str(figure))
                document["units"][str(figure)] = unit
                record[str(figure)] = _money_round(float(value), unit)
            rows.append(record)
        document["tables"][name] = rows[0] if name == "national" else rows
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _aggregate_markdown(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> str:
    from placebudget.figures import FIGURES

    lines = [f"# {heading}", ""]
    for name, frame in tables.items():
        title, rows = AGGREGATE_TABLES[name]
        lines += [f"## {title}", ""]
        if name == "national":
            lines += ["| Figure | Value |", "|:--|--:|"]
            for figure, value in frame.iloc[0].items():
                label = (
                    FIGURES[str(figure)].title
                    if str(figure) in FIGURES
                    else _figure_label(str(figure))
                )
                lines.append(f"| {label} | {_figure_text(float(value), str(figure))} |")
        else:
            columns = [str(c) for c in frame.columns]
            lines.append(
                "| " + " | ".join([rows.capitalize(), *map(_figure_label, columns)]) + " |"
            )
            lines.append("|:--|" + "--:|" * len(columns))
            for shown, (_, values) in zip(
                _row_names(name, frame.index, places), frame.iterrows(), strict=True
            ):
                cells = [_figure_text(float(values[c]), c) for c in columns]
                lines.append("| " + " | ".join([shown, *cells]) + " |")
        lines.append("")
    return "\n".join(lines)


#: Excel number formats by the unit of a figure.
_EXCEL_FORMATS = {"GBP": '"£"#,##0;-"£"#,##0', "ratio": "0.00", "share": "0.0%"}


def _aggregate_workbook(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from placebudget.figures import FIGURES

    book = Workbook()
    first = True
    for name, frame in tables.items():
        title, rows = AGGREGATE_TABLES[name]
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title
        sheet.append([heading])
        sheet["A1"].font = Font(bold=True)
        if name == "national":
            sheet.append(["Figure", "Value"])
            records = [
                (
                    FIGURES[str(f)].title if str(f) in FIGURES else _figure_label(str(f)),
                    [(str(f), v)],
                )
                for f, v in frame.iloc[0].items()
            ]
        else:
            columns = [str(c) for c in frame.columns]
            sheet.append([rows.capitalize(), *map(_figure_label, columns)])
            records = [
                (shown, [(c, values[c]) for c in columns])
                for shown, (_, values) in zip(
                    _row_names(name, frame.index, places), frame.iterrows(), strict=True
                )
            ]
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for shown, figures in records:
            sheet.append([shown, *(None if float(v) != float(v) else float(v) for _, v in figures)])
            for k, (figure, _) in enumerate(figures, start=2):
                sheet.cell(row=sheet.max_row, column=k).number_format = _EXCEL_FORMATS.get(
                    _figure_unit(figure), "General"
                )
        sheet.column_dimensions["A"].width = (
            max([len(str(shown)) for shown, _ in records] + [len(rows), 12]) + 2
        )
        for k in range(2, 2 + max(len(f) for _, f in records)):
            sheet.column_dimensions[get_column_letter(k)].width = 20
    return book


@cli.command()
@click.argument("case", type=_INPUT)
@click.argument("places", type=_INPUT)
@click.option(
    "--draws",
    type=click.IntRange(2, MAX_DRAWS),
    default=None,
    help="Monte Carlo draws per place (means are shown); none runs the case as it stands.",
)
@click.option("--seed", type=int, default=None, help="Seed of the random generator.")
@click.option(
    "--chunks",
    default="auto",
    show_default=True,
    callback=_places_per_chunk,
    metavar="N|auto",
    help="Places per dask chunk (memory grows with it); auto: at most dask's "
    "array.chunk-size of projection a chunk, a whole number of chunks a "
    "thread.",
)
@click.option(
    "--scheduler",
    default="threads",
    show_default=True,
    metavar="NAME",
    help="threads, processes, or the address of a dask.distributed scheduler (tcp://host:8786).",
)
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    help="Write the tables (national totals, by place, by partner kind, by "
    "department) to this file: .csv (tidy rows), .json, .md or .xlsx (a "
    "sheet each).",
)
@handled
def aggregate(
    case: Path,
    places: Path,
    draws: int | None,
    seed: int | None,
    chunks: int | str,
    scheduler: str,
    output: Path | None,
) -> int:
    """Run a case across every place of a place table (CSV or .xlsx: a 'place' column
    and any of intake_scale, value_scale, cost_scale, <intervention>.intake_scale) on
    dask, and print the national totals, by department and by partner kind; with -o,
    write them and the totals by place to a file."""
    if output is not None:
        _aggregate_suffix(output)  # before any work
    try:
        import dask
    except ImportError as exc:
        msg = "aggregate runs on dask: pip install 'placebudget[dask]'"
        raise UsageError(msg) from exc
    from placebudget.engine import aggregate as run_places
    from placebudget.figures import format_money, format_share
    from placebudget.io.places import read_places

    found = load_case(case)
    if output is not None:
        check_output(output, inputs_of(case, found, places))
    table_of_places = read_places(places)
    database = case_database(found)
    name, client = _scheduler(scheduler)
    try:
        result = run_places(
            found,
            table_of_places,
            draws=draws,
            seed=seed,
            chunks=chunks,
            client=client,
            progress=False,
            unit_costs=database,
        )
        with progress() as bar:
            description = f"{len(table_of_places):,} places" + (
                f" × {draws:,} draws" if draws else ""
            )
            if client is None:
                with dask.config.set(scheduler=name), _dask_progress(bar, description):
                    computed = result.compute_totals()
            else:
                bar.add_task(f"{description} on {scheduler}", total=None)
                computed = result.compute_totals()
    finally:
        if client is not None:
            client.close()
    national = computed.national()
    out = console()
    basis = "means over draws" if draws else "as the case stands"
    out.print(f"{found.name} across {len(table_of_places):,} places ({basis}; present values)")
    out.print()
    out.print(key_values(_national_rows(national), width=40, align="right"))
    money: Columns = {
        "pv_cost": ("PV cost", format_money),
        "pv_fiscal": ("PV fiscal", format_money),
        "pv_cashable": ("PV cashable", format_money),
        "net": ("net", format_money),
        "share_of_net_benefit": ("share of net benefit", format_share),
    }
    out.print()
    out.print("  By department")
    out.print(table(computed.by_department(), money, index="department"))
    out.print()
    out.print("  By partner kind")
    out.print(table(computed.by_partner_kind(), money, index="kind"))
    if output is not None:
        heading = (
            f"{found.name} across {len(table_of_places):,} places ({basis}; "
            f"present values, £ at {found.price_year}/{(found.price_year + 1) % 100:02d} "
            "prices)"
        )
        write_aggregate(output, aggregate_tables(computed), table_of_places, heading)
        out.print()
        out.print(f"Tables written to {output}")
    return 0
