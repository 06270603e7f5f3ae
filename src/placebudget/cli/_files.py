"""What the commands read and write: cases through the plugin registry (with their
warnings; a live Excel model read back as a case, problems found later named by its
cells), the unit cost database file a case names, a case file written from the case
read, and the checks on an output file before any work."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placebudget.cli._app import UsageError
from placebudget.cli._render import error_console

if TYPE_CHECKING:
    from placebudget.model import BusinessCase
    from placebudget.plugin import PluginRegistry, ReporterSpec

__all__ = [
    "case_output",
    "cells_named",
    "check_output",
    "inputs_of",
    "load_case",
    "registry",
    "report_context",
    "report_target",
    "values_only_option",
    "warn_not_read",
    "write_case",
]


def registry() -> PluginRegistry:
    """The process-wide plugin registry: the command line is where it is consulted."""
    from placebudget.plugin import get_plugin_registry

    return get_plugin_registry()


def load_case(path: Path) -> BusinessCase:
    """A business case read by the installed importer for the file's suffix; what is
    allowed but probably a mistake is printed as warnings."""
    import click

    from placebudget.io.case_file import CASE_SUFFIXES

    case: BusinessCase = registry().load(path, "case")
    context = click.get_current_context(silent=True)
    if context is not None and path.suffix.lower() in CASE_SUFFIXES:
        # problems found later get the lines of this file (those of a workbook its
        # cells: cells_named)
        root = context.find_root()
        root.obj = root.obj or {}
        root.obj.setdefault("cases", []).append(path)
    err = error_console()
    for problem in case.warnings():
        err.print(f"placebudget: warning: {path.name}: {problem}")
    return case


@contextlib.contextmanager
def cells_named(path: Path) -> Iterator[None]:
    """Problems found after the case was read from ``path`` (projecting it, checking its
    references) named by the cells that hold their fields, when ``path`` is a live
    Excel model placebudget wrote."""
    from placebudget.errors import ValidationError

    try:
        yield
    except ValidationError as exc:
        if path.suffix.lower() != ".xlsx":
            raise
        from placebudget.io.model_workbook import with_cells

        located = with_cells(exc, path)
        if located is exc:
            raise
        raise located from exc


def case_output(output: Path | None, format_: str | None) -> Path | None:
    """``-o`` when it names a case file (``.toml``, ``.json``, ``.yaml``, ``.yml``) and
    no report format is asked for: the case read is written there instead of a
    report."""
    from placebudget.io.case_file import CASE_SUFFIXES

    if output is None or format_ is not None:
        return None
    return output if output.suffix.lower() in CASE_SUFFIXES else None


def write_case(case: BusinessCase, output: Path) -> None:
    """Write ``case`` to the case file ``output`` (TOML, JSON or YAML by its suffix),
    atomically."""
    from placebudget.io.case_file import dump_case

    dump_case(case, output)


def warn_not_read(database: Any, shown: int = 20) -> None:
    """Print the lines of a database file its importer could not read."""
    missed = list(getattr(database, "not_read", ()))
    if not missed:
        return
    err = error_console()
    err.print(f"placebudget: warning: {len(missed)} lines of {database.name} were not read:")
    for problem in missed[:shown]:
        err.print(f"  - {problem}")
    if len(missed) > shown:
        err.print(f"  … and {len(missed) - shown} more")


def case_database(case: BusinessCase) -> Any:
    """The unit cost database the case names, read with the installed importers when it
    is a file (whose unread lines are warned about)."""
    from placebudget import api
    from placebudget.engine.contacts import agency_warnings
    from placebudget.engine.editions import edition_warnings

    database = api.case_database(case, registry=registry())
    warn_not_read(database)
    err = error_console()
    for problem in agency_warnings(case, database):  # the case's own: see load_case
        err.print(f"placebudget: warning: {problem}")
    for problem in edition_warnings(case, database):
        err.print(f"placebudget: warning: {problem}")
    return database


def inputs_of(case_path: Path, case: BusinessCase, *others: Path) -> list[Path]:
    """Every file a run reads: the case, the files it names (its unit cost database, its
    deflator file), the others."""
    from placebudget.reference import names_a_file

    files = [case_path, *others, *_named_by(case_path)]
    if names_a_file(case.unit_costs):
        files.append(Path(case.unit_costs))
    return files


def _named_by(case_path: Path) -> list[Path]:
    """The files a case file names, found from its folder as reading it finds them
    (``unit_costs``, ``deflators.file``): the case holds what was read from them, not
    where."""
    from placebudget.errors import PlaceBudgetError
    from placebudget.io.case_file import CASE_SUFFIXES, read_data
    from placebudget.reference import names_a_file

    if case_path.suffix.lower() not in CASE_SUFFIXES:
        return []
    try:
        _, data = read_data(case_path)
    except (PlaceBudgetError, OSError):  # read once already: reported there
        return []
    named = []
    database = data.get("unit_costs")
    if isinstance(database, str) and names_a_file(database):
        named.append(case_path.parent / database)
    deflators = data.get("deflators")
    if isinstance(deflators, Mapping) and isinstance(deflators.get("file"), str):
        named.append(case_path.parent / deflators["file"])
    return named


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths are one file: the same real path (symbolic links, ``..`` and
    ``./`` resolved), or, where both exist, the same file (a hard link)."""
    try:
        if one.resolve() == other.resolve():
            return True
        return one.exists() and other.exists() and os.path.samefile(one, other)
    except (OSError, RuntimeError):  # a symbolic link loop: not a file to compare
        return False


def _command_files(output: Path) -> list[tuple[str, Path]]:
    """The other files given to the running command (its inputs, its other outputs),
    each with the option or argument that gave it."""
    import click

    context = click.get_current_context(silent=True)
    if context is None:
        return []
    found = []
    for parameter in context.command.params:
        value = context.params.get(parameter.name or "")
        values = value if isinstance(value, tuple) else (value,)
        for given in values:
            if isinstance(given, Path) and given is not output:
                name = (
                    parameter.opts[-1]
                    if isinstance(parameter, click.Option)
                    else parameter.human_readable_name
                )
                found.append((name, given))
    return found


def check_output(
    output: Path,
    inputs: list[Path],
    what: str = "-o",
    *,
    outputs: Sequence[tuple[str, Path]] = (),
) -> None:
    """Refuse, before any work, an output that is one of the run's inputs (compared as
    real files: symbolic and hard links, ``./`` and ``..`` seen through), another file
    given to the command (an input, or another of its outputs) or one of ``outputs``
    (the option that writes it and its file), one that is read-only, or one whose folder
    is missing or not writable."""
    for path in inputs:
        if _same_file(output, path):
            msg = f"{what} {output} is an input of this run ({path}); choose another file"
            raise UsageError(msg)
    for name, path in [*outputs, *_command_files(output)]:
        if _same_file(output, path):
            msg = (
                f"{what} {output} is also the file of {name} ({path}) in this command; "
                "one file cannot be both: choose another file"
            )
            raise UsageError(msg)
    target = output.resolve()
    if target.is_dir():
        msg = f"{what} {output} is a folder; give a file name"
        raise UsageError(msg)
    if target.exists() and (
        not stat.S_IMODE(target.stat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        or not os.access(target, os.W_OK)
    ):
        msg = (
            f"{what} {output} is read-only, so it is not replaced: make it writable or "
            "choose another file"
        )
        raise UsageError(msg)
    folder = target.parent
    if not folder.is_dir():
        msg = f"{what} {output}: the folder {folder} does not exist"
        raise UsageError(msg)
    if not os.access(folder, os.W_OK):
        msg = f"{what} {output}: the folder {folder} is not writable"
        raise UsageError(msg)


def values_only_option(command: Any) -> Any:
    """The options of the commands that write reports: ``--values-only`` (an Excel
    report), ``--final`` and ``--template`` (a Word report)."""
    import click

    command = click.option(
        "--template",
        "template",
        type=click.Path(path_type=Path),
        metavar="FILE.docx",
        help="With a Word report: write it on this Word template (its styles, page set-up, "
        "header and logo); checked before anything is written.",
    )(command)
    command = click.option(
        "--final",
        "final",
        is_flag=True,
        help="With a Word report: the final paper, without the draft marking on every page.",
    )(command)
    return click.option(
        "--values-only",
        "values_only",
        is_flag=True,
        help="With an Excel report: every table as numbers, one sheet each, instead of the "
        "live model (formulas over named input cells).",
    )(command)


def _only_for(option: str, fmt: str, what: str, target: tuple[ReporterSpec, Path] | None) -> None:
    if target is None or target[0].name != fmt:
        given = "no report" if target is None else f"the {target[0].name!r} format"
        msg = f"{option}: only {what} takes it, and this command writes {given}"
        raise UsageError(msg)


def report_context(
    target: tuple[ReporterSpec, Path] | None,
    values_only: bool,
    final: bool = False,
    template: Path | None = None,
    *,
    projection: bool = False,
) -> dict[str, Any]:
    """The options ``--values-only``, ``--final``, ``--template`` and ``--projection``
    add to a report writer's call; refused (before any work) for a report of another
    format, and a template that cannot be used refused before anything is computed or
    written."""
    options: dict[str, Any] = {}
    if projection:
        _only_for("--projection", "csv", "a CSV report (-o FILE.csv)", target)
        options["projection"] = True
    if values_only:
        _only_for("--values-only", "excel", "an Excel report (-o FILE.xlsx)", target)
        options["values_only"] = True
    if final:
        _only_for("--final", "word", "a Word report (-o FILE.docx)", target)
        options["final"] = True
    if template is not None:
        _only_for("--template", "word", "a Word report (-o FILE.docx)", target)
        from placebudget.report.word import open_template

        open_template(template)  # readable, with every style the paper needs
        options["template"] = template
    return options


def report_target(
    output: Path | None, format_: str | None, default: str
) -> tuple[ReporterSpec, Path] | None:
    """The report format and file of ``-o``/``-f``: the format the file's suffix (or the
    name) picks, and the file (``default`` with the format's suffix when only ``-f`` is
    given); ``None`` when neither is."""
    if output is None and format_ is None:
        return None
    reporter = registry().reporter_for(output, format=format_)
    return reporter, output or Path(f"{default}{reporter.suffix}")
