"""The graph algorithms on trees (and on packs that extend packs), in one module.

A graph here is adjacency lists: each node → the nodes it leads to, each once, in order
(`tree_successors` makes them for a tree). networkx is the project's graph library and names
cycles (`some_cycles`) and orders layered packs (`lexicographic_order`). The traversals that
loading, validating and walking run on the way to the first paint and on every walk —
reachability, what leads to an outcome, cycle detection, topological order, shortest path — are
written here by hand, because importing networkx costs more than the whole budget for loading
every pack (the figure is in tests/benchmarks/README.md). tests/core/test_graph.py checks each of
them against networkx on random graphs.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.core.model import Tree

Successors = Mapping[str, Sequence[str]]


def tree_successors(tree: Tree) -> dict[str, list[str]]:
    """The tree as adjacency lists: node → the nodes of the tree its answers lead to, each once.
    Targets that are not nodes of the tree (the validator reports them) are left out."""
    nodes = tree.nodes
    graph: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        targets: list[str] = []
        for target in node.successors():
            if target in nodes and target not in targets:
                targets.append(target)
        graph[node_id] = targets
    return graph


def reachable_from(successors: Successors, start: str) -> set[str]:
    """`start` and every node a path leads to from it."""
    return _closure(successors, {start})


def leading_to(successors: Successors, ends: Iterable[str]) -> set[str]:
    """`ends` and every node from which a path leads to one of them: one backward traversal from
    all of them at once (a search per end grows quadratically)."""
    predecessors: dict[str, list[str]] = {node_id: [] for node_id in successors}
    for node_id, leads_to in successors.items():
        for target in leads_to:
            predecessors.setdefault(target, []).append(node_id)
    return _closure(predecessors, set(ends))


def _closure(neighbours: Successors, seeds: set[str]) -> set[str]:
    """`seeds` and every node reached from them through `neighbours`."""
    found = set(seeds)
    frontier = list(seeds)
    while frontier:
        for neighbour in neighbours.get(frontier.pop(), ()):
            if neighbour not in found:
                found.add(neighbour)
                frontier.append(neighbour)
    return found


def has_cycle(successors: Successors) -> bool:
    """Whether the graph has a cycle: one depth-first search without recursion, linear in nodes
    and edges (deep trees must not reach Python's recursion limit)."""
    done: set[str] = set()  # nodes all of whose descendants have been searched
    for root in successors:
        if root in done:
            continue
        on_path = {root}
        path = [(root, iter(successors[root]))]
        while path:
            node_id, targets = path[-1]
            for target in targets:
                if target in on_path:
                    return True
                if target not in done:
                    on_path.add(target)
                    path.append((target, iter(successors.get(target, ()))))
                    break
            else:
                path.pop()
                on_path.discard(node_id)
                done.add(node_id)
    return False


def topological_order(successors: Successors) -> list[str]:
    """The nodes with each before every node it leads to. Nodes on a cycle, and those only a
    cycle leads to, are left out (the validator reports cycles)."""
    indegree = dict.fromkeys(successors, 0)
    for leads_to in successors.values():
        for target in leads_to:
            if target in indegree:
                indegree[target] += 1
    ready = [node_id for node_id, degree in indegree.items() if degree == 0]
    order = []
    while ready:
        node_id = ready.pop()
        order.append(node_id)
        for target in successors[node_id]:
            if target in indegree:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
    return order


def shortest_path(successors: Successors, start: str, goal: str) -> list[str]:
    """A shortest path of nodes from `start` to `goal` (breadth first), both included; [] when
    `goal` cannot be reached."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node_id = queue.popleft()
        if node_id == goal:
            path = [node_id]
            while (before := previous[path[-1]]) is not None:
                path.append(before)
            return path[::-1]
        for target in successors.get(node_id, ()):
            if target not in previous:
                previous[target] = node_id
                queue.append(target)
    return []


def some_cycles(successors: Successors, limit: int | None = 5) -> list[list[str]]:
    """Cycles of the graph as node lists (networkx's simple cycles), at most `limit` of them: a
    badly authored tree can have very many, and five are enough to act on."""
    import networkx as nx

    return list(itertools.islice(nx.simple_cycles(_digraph(successors)), limit))


def lexicographic_order(successors: Successors) -> list[str]:
    """The nodes of an acyclic graph each before every node it leads to, ties in name order (so
    packs load in the same order on every machine). Raises ValueError on a cycle."""
    import networkx as nx

    try:
        return list(nx.lexicographical_topological_sort(_digraph(successors)))
    except nx.NetworkXUnfeasible as exc:
        raise ValueError("the graph has a cycle") from exc


def _digraph(successors: Successors) -> Any:
    """A networkx DiGraph of the adjacency lists (networkx has no type hints)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(successors)
    for node_id, leads_to in successors.items():
        graph.add_edges_from((node_id, target) for target in leads_to)
    return graph
