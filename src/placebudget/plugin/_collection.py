"""Asking the plugins: each hook is called through pluggy once per implementing plugin
(with every hook wrapper around it, so pluggy's tracing and wrappers work), so that one
plugin that raises or returns rubbish is reported and skipped while the others answer;
the specs are checked, named by plugin and indexed by name."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import pluggy

from placebudget.errors import DuplicatePluginNameError, PluginWarning
from placebudget.plugin._discovery import BLOCK_ENV, BUILT_IN, PluginInfo, Provided, S

__all__ = ["SLOW_HOOK_SECONDS", "collect"]

#: A plugin whose hook takes longer than this at start-up is named in a warning (seconds).
SLOW_HOOK_SECONDS = 1.0

Fail = Callable[[str, str, str], None]


def _answers(
    manager: pluggy.PluginManager, hook_name: str
) -> list[tuple[object, Callable[[], list[Any]]]]:
    """Each plugin implementing the hook (last registered first, as pluggy calls them)
    and a call of the hook through pluggy with that plugin's implementation alone among
    the plain ones (every wrapper kept)."""
    impls = getattr(manager.hook, hook_name).get_hookimpls()
    plain = [impl.plugin for impl in impls if not (impl.hookwrapper or impl.wrapper)]
    calls: list[tuple[object, Callable[[], list[Any]]]] = []
    for plugin in reversed(plain):
        others = [p for p in plain if p is not plugin]
        caller = manager.subset_hook_caller(hook_name, remove_plugins=others)
        calls.append((plugin, caller))
    return calls


def collect(
    manager: pluggy.PluginManager,
    hook_name: str,
    kind: type[S],
    *,
    plugins: Mapping[str, PluginInfo],
    fail: Fail,
    timings: dict[tuple[str, str], float],
) -> dict[str, Provided[S]]:
    """Every ``kind`` spec the plugins give for ``hook_name``, by name (sorted).

    A plugin whose hook raises, or that returns something other than ``kind``, is
    reported through ``fail`` and its answer skipped; a plugin giving the name of a
    built-in spec is reported and skipped; two plugins giving one name is an error.

    Raises
    ------
    placebudget.errors.DuplicatePluginNameError
        Two installed plugins (neither built in) give a spec of the same name.
    """
    what = hook_name.removeprefix("placebudget_").rstrip("s")
    found: dict[str, Provided[S]] = {}
    for plugin, call in _answers(manager, hook_name):
        plugin_name = manager.get_name(plugin) or repr(plugin)
        info = plugins.get(plugin_name, PluginInfo(plugin_name, "unknown", "unknown"))
        started = time.perf_counter()
        try:
            specs = [spec for answer in call() for spec in (answer or ())]
        except Exception as exc:
            fail(
                plugin_name, info.distribution, f"{hook_name}() raised {type(exc).__name__}: {exc}"
            )
            continue
        took = time.perf_counter() - started
        timings[(plugin_name, hook_name)] = took
        if took > SLOW_HOOK_SECONDS:
            warnings.warn(
                f"plugin {plugin_name!r} from {info.distribution} took "
                f"{took:.1f} s in {hook_name}() (more than "
                f"{SLOW_HOOK_SECONDS:g} s): it slows every placebudget "
                "command",
                PluginWarning,
                stacklevel=4,
            )
        for spec in specs:
            if not isinstance(spec, kind):
                fail(
                    plugin_name,
                    info.distribution,
                    f"{hook_name}() returned {type(spec).__name__}, expected {kind.__name__}",
                )
                continue
            other = found.get(spec.name)
            if other is not None and BUILT_IN in (other.plugin.distribution, info.distribution):
                # a built-in name is never taken over: the plugin is reported, skipped
                intruder = info if other.plugin.distribution == BUILT_IN else other.plugin
                fail(
                    intruder.name,
                    intruder.distribution,
                    f"provides {spec.name!r}, the name of a built-in {what}",
                )
                if intruder is other.plugin:
                    found[spec.name] = Provided(spec, info)
                continue
            if other is not None:
                msg = (
                    f"two plugins provide the {what} {spec.name!r}: "
                    f"{other.plugin.distribution} {other.plugin.version} (plugin "
                    f"{other.plugin.name!r}) and {info.distribution} {info.version} "
                    f"(plugin {info.name!r}); uninstall one or block it with {BLOCK_ENV}"
                )
                raise DuplicatePluginNameError(msg)
            found[spec.name] = Provided(spec, info)
    return dict(sorted(found.items()))
