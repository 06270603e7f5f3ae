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
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from placebudget.engine import Projection
    from placebudget.model import BusinessCase
    from placebudget.plugin import PluginRegistry
    from placebudget.reference import UnitCostDatabase

__all__ = ["case_database", "load_case", "project", "structure_case", "unit_costs"]


def _registry(registry: PluginRegistry | None) -> PluginRegistry:
    if registry is not None:
        return registry
    from placebudget.plugin import get_plugin_registry

    return get_plugin_registry()


def unit_costs(name: str | None = None, *, registry: PluginRegistry | None = None
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
    loaders = None
    if reference.names_a_file(name):
        loaders = _registry(registry).unit_cost_loaders()
    return reference.unit_costs(name, loaders=loaders)


def case_database(case: BusinessCase, *, registry: PluginRegistry | None = None
                  ) -> UnitCostDatabase:
    """The unit cost database ``case`` names, a file read by the installed importers.

    Raises
    ------
    placebudget.errors.ValidationError
        The name is not a bundled database, or the file cannot be read.
    """
    from placebudget import engine
    from placebudget.reference import names_a_file

    loaders = _registry(registry).unit_cost_loaders() if names_a_file(case.unit_costs) \
        else None
    return engine.case_database(case, loaders=loaders)


def structure_case(data: Mapping[str, Any], *, source: str = "case",
                   registry: PluginRegistry | None = None) -> BusinessCase:
    """A :class:`~placebudget.model.BusinessCase` from plain data, a ``theme`` key expanded
    by the installed theme plugins (see :func:`placebudget.io.case_file.structure_case`)."""
    from placebudget.io.case_file import structure_case as structure

    themes = _registry(registry).theme_specs() if "theme" in data else None
    return structure(data, source=source, themes=themes)


def load_case(path: str | os.PathLike[str], *, registry: PluginRegistry | None = None
              ) -> BusinessCase:
    """Read a business case from a TOML, JSON or YAML file, a ``theme`` key expanded by
    the installed theme plugins (see :func:`placebudget.io.case_file.load_case`).

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be parsed, or its content is not a valid case.
    """
    from placebudget.io.case_file import load_case as load

    return load(path, themes=_registry(registry).theme_specs())


def project(case: BusinessCase, *, unit_costs: UnitCostDatabase | None = None,
            registry: PluginRegistry | None = None) -> Projection:
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
