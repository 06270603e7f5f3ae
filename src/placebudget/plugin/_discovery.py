"""Finding plugins: the built-in plugins, the entry points of the ``placebudget`` group,
the environment variables that turn them off, and the records of what was loaded or
skipped."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from placebudget.plugin.specs import ImporterSpec, ReporterSpec

if TYPE_CHECKING:
    from placebudget.model.themes import ThemeSpec

__all__ = [
    "BLOCK_ENV",
    "BUILT_IN",
    "DEFAULT_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "PluginFailure",
    "PluginInfo",
    "Provided",
    "blocked_names",
    "plugin_key",
    "signal_exit",
]

#: Set (to anything non-empty) to load no plugins from entry points.
DISABLE_AUTOLOAD_ENV = "PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD"
#: Comma-separated plugin (entry point) or distribution names not to load.
BLOCK_ENV = "PLACEBUDGET_BLOCKED_PLUGINS"
#: The distribution of the built-in plugins.
BUILT_IN = "placebudget"

#: The plugins inside placebudget, registered before any entry point.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "placebudget.default_plugins.importers",
    "placebudget.default_plugins.reporters",
)

# (the theme record by name: the model is imported when a theme is first asked for)
S = TypeVar("S", "ThemeSpec", ImporterSpec, ReporterSpec)


@attrs.frozen
class PluginInfo:
    """A registered plugin and the distribution that provides it."""

    name: str
    """Registered name: the entry point name, or the module of a default plugin."""
    distribution: str
    """Name of the installed distribution providing it."""
    version: str
    """Version of that distribution."""


@attrs.frozen
class PluginFailure:
    """A plugin that was skipped, and why."""

    name: str
    """Entry point or plugin name."""
    distribution: str
    """Distribution providing it (``"unknown"`` when it cannot be told)."""
    error: str
    """What went wrong."""

    def __str__(self) -> str:
        return f"plugin {self.name!r} from {self.distribution} skipped: {self.error}"


@attrs.frozen
class Provided(Generic[S]):
    """A spec and the plugin providing it."""

    spec: S
    """The spec record."""
    plugin: PluginInfo
    """Where it comes from."""


def plugin_key(name: str) -> str:
    """The form plugin and distribution names are compared in (``My_Plugin`` and
    ``my-plugin`` are one name).

    Examples
    --------
    >>> plugin_key(" Placebudget_Theme ")
    'placebudget-theme'
    """
    return name.strip().lower().replace("_", "-")


def blocked_names() -> set[str]:
    """The plugin and distribution names :data:`BLOCK_ENV` lists, compared by
    :func:`plugin_key`."""
    return {plugin_key(n) for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}


def signal_exit(exc: BaseException) -> bool:
    """Whether ``exc`` is the exit the command line raises on a signal
    (``SystemExit(128 + n)``: it must end the run) rather than a plugin's own
    ``sys.exit()`` (the plugin's failure, reported as one).

    Examples
    --------
    >>> signal_exit(SystemExit(143)), signal_exit(SystemExit(0)), signal_exit(ValueError())
    (True, False, False)
    """
    return isinstance(exc, SystemExit) and isinstance(exc.code, int) and exc.code > 128
