"""The model, io and plugin import one way, even counting the imports made only for type
checking: no circle among the model's modules, and io below the plugin machinery."""

from __future__ import annotations

from typing import Any

import pytest


def _circles(graph: Any, modules: set[str]) -> list[set[str]]:
    """The groups of ``modules`` that import each other (strongly connected, more than
    one)."""
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        for n in edges[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = set()
            while True:
                n = stack.pop()
                group.add(n)
                if n == m:
                    break
            if len(group) > 1:
                found.append(group)

    for m in sorted(modules):
        if m not in index:
            visit(m)
    return found


def test_no_import_circle_even_under_type_checking() -> None:
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (lint env)")
    graph = grimp.build_graph("placebudget", exclude_type_checking_imports=False)
    model = {m for m in graph.modules if m.startswith("placebudget.model")}
    assert _circles(graph, model) == []
    io = {m for m in graph.modules if m.startswith("placebudget.io")}
    plugin = {m for m in graph.modules if m.startswith("placebudget.plugin")}
    assert not [
        (m, n) for m in io for n in graph.find_modules_directly_imported_by(m) if n in plugin
    ]
