"""The ``aggregate`` command: a case run across every place of a place table on dask,
with the national totals, by department and by partner kind (the tables and the files
they are written to are in :mod:`._aggregate_files`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from placebudget.cli._aggregate_files import _aggregate_suffix, aggregate_tables, write_aggregate
from placebudget.cli._app import SEED, UsageError, cli, handled
from placebudget.cli._files import case_database, check_output, inputs_of, load_case
from placebudget.cli._render import Columns, console, key_values, progress, table
from placebudget.cli._simulate import MAX_DRAWS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["aggregate"]

_OUTPUT = click.Path(path_type=Path)
_INPUT = click.Path(path_type=Path)


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


#: A ``dask.distributed`` scheduler address: a protocol and a host (``tcp://host:8786``,
#: ``tls://…``, ``ucx://…``, ``ws://…``, ``wss://…``, ``inproc://…``), or ``host:port``.
_ADDRESS = re.compile(
    r"(?:(?:tcp|tls|ucx|ws|wss|inproc)://[^\s/]+|[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5})"
)


def _scheduler_name(context: click.Context, parameter: click.Parameter, value: str) -> str:
    """``--scheduler``: ``threads``, ``processes`` or a scheduler's address, refused at
    once otherwise (not after trying to connect to it)."""
    text = value.strip()
    if text in ("threads", "processes") or _ADDRESS.fullmatch(text):
        return text
    msg = (
        f"must be threads, processes or the address of a dask.distributed scheduler "
        f"(tcp://host:8786, or host:port), got {value!r}"
    )
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


@cli.command()
@click.argument("case", type=_INPUT)
@click.argument("places", type=_INPUT)
@click.option(
    "--draws",
    type=click.IntRange(2, MAX_DRAWS),
    default=None,
    help="Monte Carlo draws per place (means are shown); none runs the case as it stands.",
)
@click.option("--seed", type=SEED, default=None, help="Seed of the random generator.")
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
    callback=_scheduler_name,
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
