"""The convenience functions that consult the plugin registry.

Everything below this layer takes what it needs as arguments: the engine a unit cost
database (:func:`placebudget.engine.project`), the reference data the readers of database
files (:func:`placebudget.reference.unit_costs`), the case reader the themes
(:func:`placebudget.io.case_file.structure_case`). These functions fetch those from the
installed plugins — the process-wide registry, or the one given — and pass them down, as
the command line does.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> pb.project(example_case()).appraise().payback_year
2013
>>> pb.unit_costs()["CR1.1"].agency
'Police'
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from placebudget.engine import Appraisal, Projection, Results
    from placebudget.model import BusinessCase
    from placebudget.plugin import PluginRegistry, ThemeSpec
    from placebudget.reference import UnitCostDatabase, UnitCostLoader

__all__ = [
    "case_database",
    "compare_options",
    "load_case",
    "project",
    "structure_case",
    "unit_costs",
    "write_report",
]


def _registry(registry: PluginRegistry | None) -> PluginRegistry:
    if registry is not None:
        return registry
    from placebudget.plugin import get_plugin_registry

    return get_plugin_registry()


class _InstalledThemes(Mapping[str, "ThemeSpec"]):
    """The installed themes by name, collected from the plugins only when a case names a
    theme: reading a case without one loads no plugin."""

    def __init__(self, registry: PluginRegistry | None) -> None:
        self._registry = registry
        self._specs: dict[str, ThemeSpec] | None = None

    def _all(self) -> dict[str, ThemeSpec]:
        if self._specs is None:
            self._specs = _registry(self._registry).theme_specs()
        return self._specs

    def __getitem__(self, name: str) -> ThemeSpec:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _loaders(name: str, registry: PluginRegistry | None) -> Mapping[str, UnitCostLoader] | None:
    """The installed readers of unit cost database files, when ``name`` is a file (a
    bundled name needs no plugin)."""
    from placebudget.reference import names_a_file

    return _registry(registry).unit_cost_loaders() if names_a_file(name) else None


def unit_costs(
    name: str | None = None, *, registry: PluginRegistry | None = None
) -> UnitCostDatabase:
    """A unit cost database: a bundled one by name (``"ucd-v1.4"``, the default, or
    ``"ucd-v1.2"``), or a database file read by the installed unit cost importers (built
    in: ``.xls``, ``.xlsx`` or ``.csv`` in the Unit Cost Database layout; plugins add their
    own layouts and suffixes). Files are read once per modification.

    Raises
    ------
    placebudget.errors.ValidationError
        Unknown name, missing or unreadable file.
    """
    from placebudget import reference

    if name is None:
        return reference.unit_costs()
    return reference.unit_costs(name, loaders=_loaders(name, registry))


def case_database(
    case: BusinessCase, *, registry: PluginRegistry | None = None
) -> UnitCostDatabase:
    """The unit cost database ``case`` names, a file read by the installed importers.

    Raises
    ------
    placebudget.errors.ValidationError
        The name is not a bundled database, or the file cannot be read.
    """
    from placebudget import engine

    return engine.case_database(case, loaders=_loaders(case.unit_costs, registry))


def structure_case(
    data: Mapping[str, Any], *, source: str = "case", registry: PluginRegistry | None = None
) -> BusinessCase:
    """A :class:`~placebudget.model.BusinessCase` from plain data, a ``theme`` key expanded
    by the installed theme plugins (see :func:`placebudget.io.case_file.structure_case`)."""
    from placebudget.io.case_file import structure_case as structure

    return structure(data, source=source, themes=_InstalledThemes(registry))


def load_case(
    path: str | os.PathLike[str], *, registry: PluginRegistry | None = None
) -> BusinessCase:
    """Read a business case from a TOML, JSON or YAML file, a ``theme`` key expanded by
    the installed theme plugins (see :func:`placebudget.io.case_file.load_case`), or from
    a file of another suffix through the installed case importers: the live Excel model
    placebudget writes (``.xlsx``, its input cells read back as a case: see
    :func:`placebudget.io.model_workbook.load_model_workbook`), or a plugin's format.

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be parsed, or its content is not a valid case; no installed
        importer reads its suffix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "model.xlsx"
    >>> pb.write_report(pb.compute_results(pb.project(example_case())), model)
    >>> pb.load_case(model) == example_case()
    True
    """
    from pathlib import Path

    from placebudget.io.case_file import CASE_SUFFIXES
    from placebudget.io.case_file import load_case as load

    if Path(path).suffix.lower() in CASE_SUFFIXES:  # read without loading any plugin
        return load(path, themes=_InstalledThemes(registry))
    plugins = _registry(registry)
    plugins.importers_for(path, "case")  # the suffix first: what can be read, if not this
    case: BusinessCase = plugins.load(path, "case", themes=_InstalledThemes(registry))
    return case


def project(
    case: BusinessCase,
    *,
    unit_costs: UnitCostDatabase | None = None,
    registry: PluginRegistry | None = None,
) -> Projection:
    """Project ``case`` year by year (see :func:`placebudget.engine.project`), its unit
    cost database read with the installed importers when it names a file.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem found resolving the case against its reference data.
    """
    from placebudget import engine

    if unit_costs is None:
        unit_costs = case_database(case, registry=registry)
    return engine.project(case, unit_costs=unit_costs)


def compare_options(
    options: Mapping[str, BusinessCase | Appraisal],
    *,
    metric: str = "nppv",
    do_minimum: str | None = None,
    registry: PluginRegistry | None = None,
) -> pd.DataFrame:
    """Rank options — cases (projected here, their databases read with the installed
    importers) or appraisals — by ``metric`` (NPPV by default), naming the preferred
    option and the do-minimum, with each option's value-for-money category and its
    switching value against the preferred (see
    :func:`placebudget.engine.green_book.compare_options`).

    Raises
    ------
    placebudget.errors.ValidationError
        Fewer than two options, an unknown metric or do-minimum, or a case that cannot
        be projected.
    """
    from placebudget.engine import Appraisal
    from placebudget.engine.green_book import compare_options as rank

    appraised = {
        name: option
        if isinstance(option, Appraisal)
        else project(option, registry=registry).appraise()
        for name, option in options.items()
    }
    return rank(appraised, metric=metric, do_minimum=do_minimum)


def write_report(
    results: Results,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    registry: PluginRegistry | None = None,
    **options: Any,
) -> None:
    """Write the report of ``results`` (:func:`placebudget.engine.compute_results`, computed
    once for every format written) to ``path``, in the format its suffix names (or the
    installed report format ``format``), atomically: a failure leaves no file and any
    earlier one unchanged. ``options`` are the format's own (``values_only=True`` for
    the Excel workbook of values).

    Raises
    ------
    placebudget.errors.ValidationError
        No installed format writes the suffix.
    placebudget.errors.PluginError
        The format cannot take an option, or its writer failed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> results = pb.compute_results(pb.project(example_case()))
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("case.md", "case.json"):
    ...     pb.write_report(results, folder / name)
    >>> sorted(p.name for p in folder.iterdir())
    ['case.json', 'case.md']
    """
    plugins = _registry(registry)
    spec = plugins.reporter_for(path, format=format)
    plugins.write_report(spec, results, path, **options)
