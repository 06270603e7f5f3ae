"""A package's names imported on first use (PEP 562), so that importing the package, or
one module of it, does not import every module it gives names from."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from typing import Any


def lazy_names(
    package: str,
    names: Mapping[str, str],
    namespace: dict[str, Any],
    *,
    modules: Collection[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: ``names`` maps each name to
    the module it is imported from (then kept in the package's ``namespace``),
    ``modules`` are submodules given as themselves."""

    def get(name: str) -> Any:
        if name in modules:
            return importlib.import_module(f"{package}.{name}")
        module = names.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def listed() -> list[str]:
        return sorted(namespace["__all__"])

    return get, listed
