"""The plugin machinery: hooks, spec records, the plugin registry and the process-wide one.

A plugin is a module (or object) with functions marked ``@placebudget.hookimpl`` named
after the hooks in :mod:`placebudget.plugin.hookspecs`, exposed through an entry point in
the ``placebudget`` group::

    [project.entry-points.placebudget]
    my-theme = "my_package.plugin"

The theme records (:class:`ThemeSpec`, :class:`ParameterSpec`) are domain records of
``placebudget.model.themes``, imported on first use: the hook specifications import
nothing of the model.
"""

from typing import TYPE_CHECKING

from placebudget._lazy import lazy_names
from placebudget.plugin._collection import (
    HOOK_TIMEOUT_ENV,
    HOOK_TIMEOUT_SECONDS,
    SLOW_HOOK_SECONDS,
)
from placebudget.plugin._discovery import (
    BLOCK_ENV,
    DEFAULT_PLUGINS,
    DISABLE_AUTOLOAD_ENV,
    PluginFailure,
    PluginInfo,
    Provided,
)
from placebudget.plugin.hookspecs import PROJECT, hookimpl, hookspec
from placebudget.plugin.manager import (
    get_plugin_manager,
    get_plugin_registry,
    reset_plugin_manager,
    reset_plugin_registry,
)
from placebudget.plugin.registry import PluginRegistry
from placebudget.plugin.specs import IMPORTER_KINDS, PLUGIN_NAME, ImporterSpec, ReporterSpec

if TYPE_CHECKING:
    from placebudget.model.themes import ParameterSpec, ThemeSpec

__all__ = [
    "BLOCK_ENV",
    "DEFAULT_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "HOOK_TIMEOUT_ENV",
    "HOOK_TIMEOUT_SECONDS",
    "IMPORTER_KINDS",
    "PLUGIN_NAME",
    "PROJECT",
    "SLOW_HOOK_SECONDS",
    "ImporterSpec",
    "ParameterSpec",
    "PluginFailure",
    "PluginInfo",
    "PluginRegistry",
    "Provided",
    "ReporterSpec",
    "ThemeSpec",
    "get_plugin_manager",
    "get_plugin_registry",
    "hookimpl",
    "hookspec",
    "reset_plugin_manager",
    "reset_plugin_registry",
]

#: The theme records, imported from the model on first use.
_LAZY = dict.fromkeys(("ParameterSpec", "ThemeSpec"), "placebudget.model.themes")

__getattr__, _ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
