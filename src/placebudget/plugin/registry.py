"""The plugin registry: the pluggy manager with the hook specifications, the plugins it
registered (built in, then entry points) or skipped, and the specs they provide.

A plugin that fails to import, implements an unknown hook, or raises or returns rubbish
from a hook is reported as a :class:`~placebudget.errors.PluginWarning` naming its
distribution, and skipped; the core keeps working.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

from placebudget._version import __version__
from placebudget.errors import PluginWarning
from placebudget.plugin import hookspecs
from placebudget.plugin._collection import collect
from placebudget.plugin._discovery import (
    BUILT_IN,
    DEFAULT_PLUGINS,
    DISABLE_AUTOLOAD_ENV,
    PluginFailure,
    PluginInfo,
    Provided,
    S,
    blocked_names,
    plugin_key,
    signal_exit,
)
from placebudget.plugin._dispatch import FileDispatch
from placebudget.plugin.specs import ImporterSpec, ReporterSpec

if TYPE_CHECKING:
    from placebudget.model.themes import ThemeSpec

__all__ = ["SLOW_IMPORT_SECONDS", "PluginRegistry"]

#: A plugin whose import takes longer than this is named in a warning (seconds).
SLOW_IMPORT_SECONDS = 1.0


class PluginRegistry(FileDispatch):
    """The pluggy manager, what it loaded and failed to load, and the specs its plugins
    provide, checked and indexed by name.

    Examples
    --------
    >>> registry = PluginRegistry(autoload=False)
    >>> registry.reporter_for(format="markdown").suffix
    '.md'
    >>> sorted(registry.plugins)
    ['placebudget.default_plugins.importers', 'placebudget.default_plugins.reporters']
    """

    def __init__(
        self,
        *,
        autoload: bool | None = None,
        blocked: Iterable[str] | None = None,
        entry_points: Callable[[], Iterable[importlib.metadata.EntryPoint]] | None = None,
    ) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self.failures: list[PluginFailure] = []
        #: Seconds each plugin's hook took, by (plugin, hook); its import as hook "import".
        self.timings: dict[tuple[str, str], float] = {}
        self._cache: dict[str, Any] = {}
        self.blocked = {plugin_key(n) for n in blocked} if blocked is not None else blocked_names()
        for module_name in DEFAULT_PLUGINS:
            if plugin_key(module_name) in self.blocked:
                continue
            self.register(
                importlib.import_module(module_name),
                name=module_name,
                distribution=BUILT_IN,
                version=__version__,
            )
        if autoload is None:
            autoload = not os.environ.get(DISABLE_AUTOLOAD_ENV)
        if autoload:
            found = (
                entry_points()
                if entry_points is not None
                else importlib.metadata.entry_points(group=hookspecs.PROJECT)
            )
            for entry_point in found:
                self._load_entry_point(entry_point)

    # -- registration -------------------------------------------------------------------

    def _fail(self, name: str, distribution: str, error: str) -> None:
        failure = PluginFailure(name, distribution, error)
        self.failures.append(failure)
        warnings.warn(str(failure), PluginWarning, stacklevel=3)

    def _load_entry_point(self, entry_point: importlib.metadata.EntryPoint) -> None:
        dist = entry_point.dist
        dist_name = dist.metadata["Name"] if dist is not None else "unknown"
        version = dist.version if dist is not None else "unknown"
        if {plugin_key(entry_point.name), plugin_key(dist_name)} & self.blocked:
            return
        if entry_point.name in self.plugins:
            return  # the same distribution seen twice on sys.path
        started = time.perf_counter()
        try:
            plugin = entry_point.load()
        except (Exception, SystemExit) as exc:
            if signal_exit(exc):  # SIGTERM: end the run, as it asks
                raise
            self._fail(
                entry_point.name, dist_name, f"cannot be imported ({type(exc).__name__}: {exc})"
            )
            return
        took = time.perf_counter() - started
        self.timings[(entry_point.name, "import")] = took
        if took > SLOW_IMPORT_SECONDS:
            warnings.warn(
                f"plugin {entry_point.name!r} from {dist_name} took {took:.1f} s to import "
                f"(more than {SLOW_IMPORT_SECONDS:g} s): it slows every placebudget command",
                PluginWarning,
                stacklevel=3,
            )
        self.register(plugin, name=entry_point.name, distribution=dist_name, version=version)

    def register(
        self, plugin: object, *, name: str, distribution: str = "unknown", version: str = "unknown"
    ) -> bool:
        """Register a plugin object (module or instance); whether it was accepted.

        A plugin that implements a hook placebudget does not define, or whose name is
        already taken, is reported and not registered.
        """
        try:
            self.manager.register(plugin, name=name)
        except ValueError as exc:
            self._fail(name, distribution, f"cannot be registered ({exc})")
            return False
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as exc:
            self.manager.unregister(plugin)
            self._fail(name, distribution, f"implements an unknown hook ({exc})")
            return False
        self.plugins[name] = PluginInfo(name, distribution, version)
        self._cache.clear()
        return True

    # -- collection -----------------------------------------------------------------------

    def _collect(self, hook_name: str, kind: type[S]) -> dict[str, Provided[S]]:
        if hook_name not in self._cache:
            self._cache[hook_name] = collect(
                self.manager,
                hook_name,
                kind,
                plugins=self.plugins,
                fail=self._fail,
                timings=self.timings,
            )
        found: dict[str, Provided[S]] = self._cache[hook_name]
        return found

    def themes(self) -> Mapping[str, Provided[ThemeSpec]]:
        """Every theme, by name."""
        from placebudget.model.themes import ThemeSpec

        return self._collect("placebudget_themes", ThemeSpec)

    def importers(self) -> Mapping[str, Provided[ImporterSpec]]:
        """Every importer, by name."""
        return self._collect("placebudget_importers", ImporterSpec)

    def reporters(self) -> Mapping[str, Provided[ReporterSpec]]:
        """Every report format, by name."""
        return self._collect("placebudget_reporters", ReporterSpec)

    def theme_specs(self) -> dict[str, ThemeSpec]:
        """Every theme's spec, by name: what :func:`placebudget.io.case_file.structure_case`
        expands a case's ``theme`` key with."""
        return {name: provided.spec for name, provided in self.themes().items()}

    def theme(self, name: str) -> ThemeSpec:
        """The theme called ``name``."""
        return self._pick("theme", self.themes(), name, "theme")
