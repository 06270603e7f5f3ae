"""The process-wide plugin registry.

:func:`get_plugin_registry` builds a :class:`~placebudget.plugin.PluginRegistry` once per
process: the hook specifications, then the default plugins from an explicit tuple, then
every entry point of the ``placebudget`` group (unless ``PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD``
is set, and skipping names listed in ``PLACEBUDGET_BLOCKED_PLUGINS``). Only the top layer
(the command line and the convenience functions of :mod:`placebudget.api`) asks for it;
everything below takes what it needs as arguments.
"""

from __future__ import annotations

import threading
import warnings

from placebudget.plugin.registry import PluginRegistry

__all__ = [
    "get_plugin_manager",
    "get_plugin_registry",
    "reset_plugin_manager",
    "reset_plugin_registry",
]

_current: PluginRegistry | None = None
_lock = threading.Lock()


def get_plugin_registry() -> PluginRegistry:
    """The process-wide plugin registry, built on first use and cached.

    Call :func:`reset_plugin_registry` (or use
    :func:`placebudget.testing.fresh_plugin_registry`) to build it again, for example after
    changing the environment variables.
    """
    global _current
    with _lock:
        if _current is None:
            _current = PluginRegistry()
        return _current


def reset_plugin_registry(registry: PluginRegistry | None = None) -> PluginRegistry | None:
    """Replace the cached registry by ``registry`` (``None``: build a new one on next use);
    return the one it replaces."""
    global _current
    with _lock:
        previous, _current = _current, registry
    return previous


def get_plugin_manager() -> PluginRegistry:
    """Deprecated name of :func:`get_plugin_registry` (it returns a registry, not a pluggy
    manager)."""
    warnings.warn(
        "get_plugin_manager() is renamed get_plugin_registry()", DeprecationWarning, stacklevel=2
    )
    return get_plugin_registry()


def reset_plugin_manager(registry: PluginRegistry | None = None) -> PluginRegistry | None:
    """Deprecated name of :func:`reset_plugin_registry`."""
    warnings.warn(
        "reset_plugin_manager() is renamed reset_plugin_registry()",
        DeprecationWarning,
        stacklevel=2,
    )
    return reset_plugin_registry(registry)
