"""No module of placebudget imports itself back: the import graph of the package, with
and without the imports made only for type checking, has no circle (no strongly
connected component of more than one module)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (node → the nodes it points to),
    by Tarjan's algorithm, iterative so that a deep graph needs no deep recursion.

    Examples
    --------
    >>> sorted(map(sorted, strongly_connected({"a": ["b"], "b": ["a", "c"], "c": []})))
    [['a', 'b'], ['c']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        # each frame: a node and the iterator over the nodes it points to
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph.get(successor, ()))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def test_tarjan_finds_circles_and_leaves_chains_apart() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": ["e"], "e": [], "f": ["f"]}
    found = sorted(sorted(c) for c in strongly_connected(graph))
    assert found == [["a", "b", "c"], ["d"], ["e"], ["f"]]
    chain = {str(n): [str(n + 1)] for n in range(4999)}  # no recursion limit
    assert len(strongly_connected(chain)) == 5000


@pytest.mark.parametrize(
    "type_checking", [False, True], ids=["at run time", "with type-checking imports"]
)
def test_no_module_imports_itself_back(type_checking: bool) -> None:
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (the lint extra)")
    graph = grimp.build_graph(
        "placebudget", exclude_type_checking_imports=not type_checking, cache_dir=None
    )
    edges = {
        module: sorted(graph.find_modules_directly_imported_by(module))
        for module in sorted(graph.modules)
    }
    circles = [sorted(c) for c in strongly_connected(edges) if len(c) > 1]
    details = [
        f"{' ↔ '.join(circle)}: "
        + "; ".join(f"{a} → {b}" for a in circle for b in edges[a] if b in circle)
        for circle in circles
    ]
    assert not circles, "\n".join(details)
