"""The hooks a placebudget plugin can implement.

Each hook takes no arguments and returns an iterable of frozen spec records; placebudget
collects them from every plugin, checks the names and refuses duplicates.

Examples
--------
A plugin module implementing one hook:

>>> import placebudget as pb
>>> from placebudget.plugin import ReporterSpec
>>> @pb.hookimpl
... def placebudget_reporters():
...     return [ReporterSpec(name="text", suffix=".txt", description="Plain text.",
...                          write=lambda result, path: None)]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

from placebudget.plugin.specs import ImporterSpec, ReporterSpec

if TYPE_CHECKING:
    from placebudget.model.themes import ThemeSpec

__all__ = [
    "PROJECT",
    "hookimpl",
    "hookspec",
    "placebudget_importers",
    "placebudget_reporters",
    "placebudget_themes",
]

#: The pluggy project name, marker name and entry-point group.
PROJECT = "placebudget"

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks the hook specifications below."""
hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's implementation of a hook (``@placebudget.hookimpl``)."""


@hookspec
def placebudget_themes() -> Iterable[ThemeSpec]:  # type: ignore[empty-body]
    """Themes this plugin provides: named builders of interventions with documented
    parameters (:class:`~placebudget.plugin.ThemeSpec`)."""


@hookspec
def placebudget_importers() -> Iterable[ImporterSpec]:  # type: ignore[empty-body]
    """Importers this plugin provides: readers of case, unit cost or actuals files
    (:class:`~placebudget.plugin.ImporterSpec`)."""


@hookspec
def placebudget_reporters() -> Iterable[ReporterSpec]:  # type: ignore[empty-body]
    """Report formats this plugin provides (:class:`~placebudget.plugin.ReporterSpec`)."""
