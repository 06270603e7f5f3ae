"""Finding, loading and asking plugins.

:func:`get_plugin_manager` builds a :class:`PluginRegistry` once per process: the hook
specifications, then the default plugins from an explicit tuple, then every entry point
of the ``placebudget`` group (unless ``PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD`` is set, and
skipping names listed in ``PLACEBUDGET_BLOCKED_PLUGINS``). A plugin that fails to import,
implements an unknown hook, or raises or returns rubbish from a hook is reported as a
:class:`~placebudget.errors.PluginWarning` naming its distribution, and skipped; the core
keeps working.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs
import pluggy

from placebudget._version import __version__
from placebudget.errors import (
    DuplicatePluginNameError,
    PlaceBudgetError,
    PluginError,
    PluginWarning,
    UnknownReferenceError,
    ValidationError,
)
from placebudget.plugin import hookspecs
from placebudget.plugin.specs import ImporterSpec, ReporterSpec, ThemeSpec

__all__ = [
    "BLOCK_ENV",
    "DEFAULT_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "PluginFailure",
    "PluginInfo",
    "PluginRegistry",
    "Provided",
    "get_plugin_manager",
    "reset_plugin_manager",
]

#: Set (to anything non-empty) to load no plugins from entry points.
DISABLE_AUTOLOAD_ENV = "PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD"
#: Comma-separated plugin (entry point) or distribution names not to load.
BLOCK_ENV = "PLACEBUDGET_BLOCKED_PLUGINS"
#: A plugin whose hook takes longer than this at start-up is named in a warning (seconds).
SLOW_HOOK_SECONDS = 1.0
#: The distribution of the built-in plugins.
_BUILT_IN = "placebudget"

#: The plugins inside placebudget, registered before any entry point.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "placebudget.default_plugins.importers",
    "placebudget.default_plugins.reporters",
)

S = TypeVar("S", ThemeSpec, ImporterSpec, ReporterSpec)


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


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _blocked_names() -> set[str]:
    return {_normalise(n) for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}


class PluginRegistry:
    """The pluggy manager, what it loaded and failed to load, and the specs its plugins
    provide, checked and indexed by name.

    Examples
    --------
    >>> from placebudget.plugin import get_plugin_manager
    >>> registry = get_plugin_manager()
    >>> registry.reporter_for(format="markdown").suffix
    '.md'
    """

    def __init__(self, *, autoload: bool | None = None,
                 blocked: Iterable[str] | None = None,
                 entry_points: Callable[[], Iterable[importlib.metadata.EntryPoint]]
                 | None = None) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self.failures: list[PluginFailure] = []
        #: Seconds each plugin's hook took, by (plugin, hook).
        self.timings: dict[tuple[str, str], float] = {}
        self.blocked = {_normalise(n) for n in blocked} if blocked is not None \
            else _blocked_names()
        for module_name in DEFAULT_PLUGINS:
            if _normalise(module_name) in self.blocked:
                continue
            self.register(importlib.import_module(module_name), name=module_name,
                          distribution="placebudget", version=__version__)
        if autoload is None:
            autoload = not os.environ.get(DISABLE_AUTOLOAD_ENV)
        if autoload:
            found = entry_points() if entry_points is not None else \
                importlib.metadata.entry_points(group=hookspecs.PROJECT)
            for entry_point in found:
                self._load_entry_point(entry_point)
        self._cache: dict[str, Any] = {}

    # -- registration -------------------------------------------------------------------

    def _fail(self, name: str, distribution: str, error: str) -> None:
        failure = PluginFailure(name, distribution, error)
        self.failures.append(failure)
        warnings.warn(str(failure), PluginWarning, stacklevel=3)

    def _load_entry_point(self, entry_point: importlib.metadata.EntryPoint) -> None:
        dist = entry_point.dist
        dist_name = dist.metadata["Name"] if dist is not None else "unknown"
        version = dist.version if dist is not None else "unknown"
        if {_normalise(entry_point.name), _normalise(dist_name)} & self.blocked:
            return
        if entry_point.name in self.plugins:
            return  # the same distribution seen twice on sys.path
        try:
            plugin = entry_point.load()
        except Exception as exc:
            self._fail(entry_point.name, dist_name,
                       f"cannot be imported ({type(exc).__name__}: {exc})")
            return
        self.register(plugin, name=entry_point.name, distribution=dist_name, version=version)

    def register(self, plugin: object, *, name: str, distribution: str = "unknown",
                 version: str = "unknown") -> bool:
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
        getattr(self, "_cache", {}).clear()
        return True

    # -- collection -----------------------------------------------------------------------

    def _collect(self, hook_name: str, kind: type[S]) -> dict[str, Provided[S]]:
        if hook_name in self._cache:
            cached: dict[str, Provided[S]] = self._cache[hook_name]
            return cached
        hook = getattr(self.manager.hook, hook_name)
        found: dict[str, Provided[S]] = {}
        # call implementations one by one so that one broken plugin cannot stop the others
        for impl in reversed(hook.get_hookimpls()):
            plugin_name = self.manager.get_name(impl.plugin) or repr(impl.plugin)
            info = self.plugins.get(plugin_name, PluginInfo(plugin_name, "unknown", "unknown"))
            started = time.perf_counter()
            try:
                specs = list(impl.function() or ())
            except Exception as exc:
                self._fail(plugin_name, info.distribution,
                           f"{hook_name}() raised {type(exc).__name__}: {exc}")
                continue
            took = time.perf_counter() - started
            self.timings[(plugin_name, hook_name)] = took
            if took > SLOW_HOOK_SECONDS:
                warnings.warn(f"plugin {plugin_name!r} from {info.distribution} took "
                              f"{took:.1f} s in {hook_name}() (more than "
                              f"{SLOW_HOOK_SECONDS:g} s): it slows every placebudget "
                              "command", PluginWarning, stacklevel=2)
            for spec in specs:
                if not isinstance(spec, kind):
                    self._fail(plugin_name, info.distribution,
                               f"{hook_name}() returned {type(spec).__name__}, expected "
                               f"{kind.__name__}")
                    continue
                other = found.get(spec.name)
                if other is not None and _BUILT_IN in (other.plugin.distribution,
                                                       info.distribution):
                    # a built-in name is never taken over: the plugin is reported, skipped
                    intruder = info if other.plugin.distribution == _BUILT_IN else other.plugin
                    self._fail(intruder.name, intruder.distribution,
                               f"provides {spec.name!r}, the name of a built-in "
                               f"{hook_name.removeprefix('placebudget_').rstrip('s')}")
                    if intruder is other.plugin:
                        found[spec.name] = Provided(spec, info)
                    continue
                if other is not None:
                    what = hook_name.removeprefix("placebudget_").rstrip("s")
                    msg = (
                        f"two plugins provide the {what} {spec.name!r}: "
                        f"{other.plugin.distribution} {other.plugin.version} (plugin "
                        f"{other.plugin.name!r}) and {info.distribution} {info.version} "
                        f"(plugin {info.name!r}); uninstall one or block it with "
                        f"{BLOCK_ENV}"
                    )
                    raise DuplicatePluginNameError(msg)
                found[spec.name] = Provided(spec, info)
        ordered = dict(sorted(found.items()))
        self._cache[hook_name] = ordered
        return ordered

    def themes(self) -> Mapping[str, Provided[ThemeSpec]]:
        """Every theme, by name."""
        return self._collect("placebudget_themes", ThemeSpec)

    def importers(self) -> Mapping[str, Provided[ImporterSpec]]:
        """Every importer, by name."""
        return self._collect("placebudget_importers", ImporterSpec)

    def reporters(self) -> Mapping[str, Provided[ReporterSpec]]:
        """Every report format, by name."""
        return self._collect("placebudget_reporters", ReporterSpec)

    # -- lookups -----------------------------------------------------------------------------

    @staticmethod
    def _pick(what: str, available: Mapping[str, Provided[S]], name: str, path: str) -> S:
        provided = available.get(name)
        if provided is None:
            known = ", ".join(available) or "none installed"
            msg = f"unknown {what} (available: {known})"
            raise UnknownReferenceError.single(path, msg, name)
        return provided.spec

    def theme(self, name: str) -> ThemeSpec:
        """The theme called ``name``."""
        return self._pick("theme", self.themes(), name, "theme")

    def importer(self, name: str) -> ImporterSpec:
        """The importer called ``name``."""
        return self._pick("importer", self.importers(), name, "importer")

    def write_report(self, spec: ReporterSpec, result: Any, path: str | os.PathLike[str],
                     **context: Any) -> None:
        """Write a report with ``spec``'s writer through a temporary file beside ``path``,
        renamed onto it only when the writer succeeds: a failing writer, built in or a
        plugin's, leaves any earlier report untouched and no partial file.

        Raises
        ------
        placebudget.errors.PluginError
            A plugin's writer raised something other than a placebudget error.
        """
        from placebudget.io import atomic_write_path

        with atomic_write_path(path) as tmp:
            try:
                spec.write(result, tmp, **context)
            except PlaceBudgetError:
                raise
            except Exception as exc:
                msg = (f"the {spec.name!r} report format failed ({type(exc).__name__}: "
                       f"{exc}); {os.fspath(path)} was not changed")
                raise PluginError(msg) from exc

    def reporter_for(self, path: str | os.PathLike[str] | None = None, *,
                     format: str | None = None) -> ReporterSpec:
        """The reporter named ``format``, or else the one writing ``path``'s suffix."""
        if format is not None:
            return self._pick("report format", self.reporters(), format, "format")
        if path is None:
            msg = "give a report file or a format"
            raise ValueError(msg)
        suffix = Path(path).suffix.lower()
        for provided in self.reporters().values():
            if provided.spec.suffix == suffix:
                return provided.spec
        known = ", ".join(f"{p.spec.suffix} ({name})" for name, p in self.reporters().items())
        msg = (f"no report format writes {suffix or 'files without a suffix'} "
               f"(available: {known})")
        raise ValidationError.single(path="output", message=msg, value=str(path))

    def importers_for(self, path: str | os.PathLike[str], kind: str) -> list[ImporterSpec]:
        """Every importer reading ``kind`` from a file with ``path``'s suffix, by name.

        Raises
        ------
        placebudget.errors.ValidationError
            No installed importer reads that suffix; the message lists those that exist.
        """
        suffix = Path(path).suffix.lower()
        candidates = [p.spec for p in self.importers().values()
                      if p.spec.kind == kind and suffix in p.spec.suffixes]
        if not candidates:
            known = ", ".join(self.suffixes(kind))
            msg = f"no importer reads {kind} from {suffix or 'files without a suffix'} " \
                  f"(readable: {known or 'none'})"
            raise ValidationError.single(path="path", message=msg, value=str(path))
        return candidates

    def importer_for(self, path: str | os.PathLike[str], kind: str) -> ImporterSpec:
        """The first importer (by name) reading ``kind`` from ``path``'s suffix; see
        :meth:`load` to try each of them."""
        return self.importers_for(path, kind)[0]

    def suffixes(self, kind: str) -> list[str]:
        """File suffixes the installed importers of ``kind`` read, sorted."""
        return sorted({s for p in self.importers().values() if p.spec.kind == kind
                       for s in p.spec.suffixes})

    def load(self, path: str | os.PathLike[str], kind: str, *, importer: str | None = None,
             **options: Any) -> Any:
        """Read ``kind`` (``"case"``, ``"unit_costs"`` or ``"actuals"``) from ``path``.

        With ``importer`` that importer reads the file. Otherwise every importer of
        ``kind`` that reads the file's suffix is tried in name order and the first that
        reads it without a :class:`~placebudget.errors.ValidationError` wins — so a plugin
        reading its own ``.xlsx`` layout and the built-in Unit Cost Database reader can be
        installed together. When none can read it, the error lists what each one found,
        under the importer's name.
        """
        from placebudget.io.limits import check_input_file

        # every importer, built in or a plugin, reads only a regular file within the limit
        check_input_file(path, field=kind)
        if importer is not None:
            spec = self.importer(importer)
            if spec.kind != kind:
                msg = f"reads {spec.kind}, not {kind}"
                raise ValidationError.single(path="importer", message=msg, value=importer)
            return spec.load(path, **options)
        candidates = self.importers_for(path, kind)
        failures: list[ValidationError] = []
        for spec in candidates:
            try:
                return spec.load(path, **options)
            except ValidationError as exc:
                if len(candidates) == 1:
                    raise
                failures.append(exc.prefixed(f"importer[{spec.name!r}]"))
            except Exception as exc:
                # a broken importer (a plugin's) is reported and skipped: the next reads
                provider = self.importers()[spec.name].plugin
                self._fail(provider.name, provider.distribution,
                           f"importer {spec.name!r} raised {type(exc).__name__}: {exc}")
                failures.append(ValidationError.single(
                    path=f"importer[{spec.name!r}]", message=f"failed ({type(exc).__name__}: "
                    f"{exc})", value=os.fspath(path)))
        context = f"no importer could read {kind} from {os.fspath(path)}"
        raise ValidationError.merge(failures, context=context) from failures[-1]


_current: PluginRegistry | None = None
_lock = threading.Lock()


def get_plugin_manager() -> PluginRegistry:
    """The process-wide plugin registry, built on first use and cached.

    Call :func:`reset_plugin_manager` (or use :func:`placebudget.testing.fresh_plugin_manager`)
    to build it again, for example after changing the environment variables.
    """
    global _current
    with _lock:
        if _current is None:
            _current = PluginRegistry()
        return _current


def reset_plugin_manager(registry: PluginRegistry | None = None) -> PluginRegistry | None:
    """Replace the cached registry by ``registry`` (``None``: build a new one on next use);
    return the one it replaces."""
    global _current
    with _lock:
        previous, _current = _current, registry
    return previous
