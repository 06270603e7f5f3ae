"""The plugin machinery: hooks, spec records and the cached plugin manager.

A plugin is a module (or object) with functions marked ``@placebudget.hookimpl`` named
after the hooks in :mod:`placebudget.plugin.hookspecs`, exposed through an entry point in
the ``placebudget`` group::

    [project.entry-points.placebudget]
    my-theme = "my_package.plugin"
"""

from placebudget.plugin.hookspecs import PROJECT, hookimpl, hookspec
from placebudget.plugin.manager import (
    BLOCK_ENV,
    DEFAULT_PLUGINS,
    DISABLE_AUTOLOAD_ENV,
    PluginFailure,
    PluginInfo,
    PluginRegistry,
    Provided,
    get_plugin_manager,
    reset_plugin_manager,
)
from placebudget.plugin.specs import (
    IMPORTER_KINDS,
    PLUGIN_NAME,
    ImporterSpec,
    ParameterSpec,
    ReporterSpec,
    ThemeSpec,
)

__all__ = [
    "BLOCK_ENV",
    "DEFAULT_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "IMPORTER_KINDS",
    "PLUGIN_NAME",
    "PROJECT",
    "ImporterSpec",
    "ParameterSpec",
    "PluginFailure",
    "PluginInfo",
    "PluginRegistry",
    "Provided",
    "ReporterSpec",
    "ThemeSpec",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "reset_plugin_manager",
]
