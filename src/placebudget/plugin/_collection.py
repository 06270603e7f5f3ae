"""Asking the plugins: each hook is called through pluggy once per implementing plugin
(with every hook wrapper around it, so pluggy's tracing and wrappers work), so that one
plugin that raises or returns rubbish is reported and skipped while the others answer;
the specs are checked, named by plugin and indexed by name.

A third-party plugin's hook is called in a worker thread with a time budget
(:data:`HOOK_TIMEOUT_SECONDS`, or the seconds in :data:`HOOK_TIMEOUT_ENV`): one that has
not answered by then is reported and skipped, and the command goes on without it (the
thread is left to finish on its own and never delays the exit). A plugin that provides the
name, the report suffix or the case file suffix of a built-in is reported and skipped: it
cannot take over what the built-ins write or read."""

from __future__ import annotations

import os
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import pluggy

from placebudget.errors import DuplicatePluginNameError, PluginWarning
from placebudget.plugin._discovery import (
    BLOCK_ENV,
    BUILT_IN,
    PluginInfo,
    Provided,
    S,
    signal_exit,
)

__all__ = ["HOOK_TIMEOUT_ENV", "HOOK_TIMEOUT_SECONDS", "SLOW_HOOK_SECONDS", "collect"]

#: A plugin whose hook takes longer than this at start-up is named in a warning (seconds).
SLOW_HOOK_SECONDS = 1.0
#: A third-party plugin's hook that has not answered after this many seconds is reported
#: and skipped.
HOOK_TIMEOUT_SECONDS = 10.0
#: Environment variable giving another time budget for a plugin's hook (seconds).
HOOK_TIMEOUT_ENV = "PLACEBUDGET_PLUGIN_TIMEOUT"


class _TimedOut(Exception):
    """A plugin's hook did not answer within its time budget."""


def hook_timeout() -> float:
    """The seconds a third-party plugin's hook may take: :data:`HOOK_TIMEOUT_ENV` when it
    holds a positive number, else :data:`HOOK_TIMEOUT_SECONDS`."""
    text = os.environ.get(HOOK_TIMEOUT_ENV, "").strip()
    try:
        seconds = float(text)
    except ValueError:
        return HOOK_TIMEOUT_SECONDS
    return seconds if 0 < seconds < float("inf") else HOOK_TIMEOUT_SECONDS


def _within(call: Callable[[], list[Any]], seconds: float) -> list[Any]:
    """``call()`` in a daemon thread, its answer or its exception; :class:`_TimedOut`
    when it has not ended after ``seconds``."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="placebudget-plugin-hook", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise _TimedOut
    ok, value = outcome[0]
    if not ok:
        raise value
    answer: list[Any] = value
    return answer


def _claims(spec: Any) -> set[tuple[str, str]]:
    """What a spec takes besides its name that a built-in's must keep: a report format's
    suffix, a case importer's suffixes."""
    from placebudget.plugin.specs import ImporterSpec, ReporterSpec

    if isinstance(spec, ReporterSpec):
        return {("report", spec.suffix)}
    if isinstance(spec, ImporterSpec) and spec.kind == "case":
        return {("case", suffix) for suffix in spec.suffixes}
    return set()


def _taken(claim: tuple[str, str], provided: Provided[Any]) -> str:
    kind, suffix = claim
    if kind == "report":
        return f"writes {suffix}, the suffix of the built-in format {provided.spec.name!r}"
    return f"reads cases from {suffix}, which the built-in importer {provided.spec.name!r} reads"


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
        budget = hook_timeout()
        try:
            answers = call() if info.distribution == BUILT_IN else _within(call, budget)
            specs = [spec for answer in answers for spec in (answer or ())]
        except _TimedOut:
            fail(
                plugin_name,
                info.distribution,
                f"{hook_name}() did not answer within {budget:g} s (the time budget, "
                f"{HOOK_TIMEOUT_ENV})",
            )
            continue
        except (Exception, SystemExit) as exc:  # a plugin's exit is its failure, not ours
            if signal_exit(exc):  # SIGTERM: end the run, as it asks
                raise
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
    return dict(sorted(_without_takeovers(found, fail).items()))


def _without_takeovers(found: dict[str, Provided[S]], fail: Fail) -> dict[str, Provided[S]]:
    """``found`` less the plugins' specs that take a built-in's report suffix or case
    file suffix (each reported through ``fail``)."""
    built_in = {
        claim: provided
        for provided in found.values()
        if provided.plugin.distribution == BUILT_IN
        for claim in _claims(provided.spec)
    }
    kept: dict[str, Provided[S]] = {}
    for name, provided in found.items():
        clash = sorted(_claims(provided.spec) & set(built_in))
        if provided.plugin.distribution != BUILT_IN and clash:
            info = provided.plugin
            fail(info.name, info.distribution, f"{name!r} {_taken(clash[0], built_in[clash[0]])}")
            continue
        kept[name] = provided
    return kept
