"""The hand-written traversals of `brightline.core.graph` agree with networkx, the project's graph
library, on many small random graphs (with self-loops, cycles, and nodes nothing reaches)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import networkx as nx
import pytest

from brightline.core.graph import (
    has_cycle,
    leading_to,
    lexicographic_order,
    reachable_from,
    shortest_path,
    some_cycles,
    topological_order,
    tree_successors,
)
from brightline.core.model import Tree
from brightline.core.walk import Walk


def random_graphs(count: int = 600, seed: int = 20261122) -> Iterator[tuple[dict[str, list[str]], nx.DiGraph]]:
    rng = random.Random(seed)
    for _ in range(count):
        size = rng.randint(1, 12)
        nodes = [f"n{i}" for i in range(size)]
        successors: dict[str, list[str]] = {n: [] for n in nodes}
        for source in nodes:
            for target in rng.sample(nodes, rng.randint(0, min(3, size))):
                if rng.random() < 0.85 or target != source:
                    successors[source].append(target)
        graph: nx.DiGraph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((s, t) for s, targets in successors.items() for t in targets)
        yield successors, graph


def test_cycles_reachability_and_what_leads_to_the_ends_agree_with_networkx() -> None:
    rng = random.Random(7)
    for successors, graph in random_graphs():
        nodes = list(successors)
        assert has_cycle(successors) == (not nx.is_directed_acyclic_graph(graph))
        if has_cycle(successors):
            assert some_cycles(successors) == list(itertools.islice(nx.simple_cycles(graph), 5))
        start = rng.choice(nodes)
        assert reachable_from(successors, start) == nx.descendants(graph, start) | {start}
        ends = set(rng.sample(nodes, rng.randint(1, len(nodes))))
        assert leading_to(successors, ends) == set().union(ends, *(nx.ancestors(graph, e) for e in ends))


def test_topological_order_agrees_with_networkx_and_leaves_out_what_cycles_hold() -> None:
    for successors, graph in random_graphs():
        order = topological_order(successors)
        position = {node: i for i, node in enumerate(order)}
        assert all(position[s] < position[t] for s, t in graph.edges if s in position and t in position)
        on_or_after_cycles = set().union(*(nx.descendants(graph, n) | {n} for c in nx.simple_cycles(graph) for n in c))
        assert set(order) == set(successors) - on_or_after_cycles
        if nx.is_directed_acyclic_graph(graph):
            assert lexicographic_order(successors) == list(nx.lexicographical_topological_sort(graph))


def test_shortest_path_agrees_with_networkx() -> None:
    rng = random.Random(11)
    for successors, graph in random_graphs():
        start, goal = rng.choice(list(successors)), rng.choice(list(successors))
        path = shortest_path(successors, start, goal)
        if nx.has_path(graph, start, goal):
            assert len(path) - 1 == nx.shortest_path_length(graph, start, goal)
            assert path[0] == start and path[-1] == goal
            assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(path))
        else:
            assert path == []


def test_a_cycle_makes_lexicographic_order_fail_with_a_value_error() -> None:
    with pytest.raises(ValueError, match="cycle"):
        lexicographic_order({"a": ["b"], "b": ["a"]})


def test_tree_successors_name_each_target_once_and_only_nodes_of_the_tree(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from brightline.core.library import load_library
    from packlib import make_library

    library = load_library(make_library(tmp_path))
    tree: Tree = next(iter(next(iter(library.packs.values())).trees.values()))
    graph = tree_successors(tree)
    assert set(graph) == set(tree.nodes)
    for node_id, targets in graph.items():
        expected = list(dict.fromkeys(t for t in tree.nodes[node_id].successors() if t in tree.nodes))
        assert targets == expected
    # The walk's "at most N more" is the longest path to an outcome, as networkx measures it.
    dag = nx.DiGraph([(s, t) for s, ts in graph.items() for t in ts])
    assert Walk(tree).remaining() == nx.dag_longest_path_length(
        dag.subgraph(nx.descendants(dag, tree.start) | {tree.start})
    )
