"""The walk engine: one pass through a tree, as a small state machine.

A walk knows the current node, the answers given so far (each with its time), and can go back,
jump to any earlier step, restart and report the outcome. It also knows, from the graph, how
many questions at most remain, so the window can say "at most 3 more questions".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from brightline.core.graph import topological_order, tree_successors
from brightline.core.model import Node, Tree


class WalkError(ValueError):
    """An answer that does not fit the current step (no such option, or the walk is over)."""


@dataclass(frozen=True)
class Step:
    """One answered step: the node, the option chosen (0-based) and when."""

    node_id: str
    choice: int
    label: str
    answered_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


def remaining_questions(tree: Tree) -> dict[str, int]:
    """For each node, the most questions (and notes) left before an outcome, over all paths."""
    memo: dict[str, int] = {}
    # Sinks first, so each node sees its successors' figures (no recursion on deep trees).
    order = topological_order(tree_successors(tree))
    for node_id in reversed(order):
        node = tree.nodes[node_id]
        if node.type == "outcome":
            memo[node_id] = 0
        else:
            memo[node_id] = 1 + max((memo.get(n, 0) for n in node.successors()), default=0)
    return memo


@dataclass
class Walk:
    """A walk through `tree`; `clock` is injectable so tests and replays control the times."""

    tree: Tree
    clock: Callable[[], datetime] = _now
    steps: list[Step] = field(default_factory=list)
    started_at: datetime = field(default_factory=_now)
    _remaining: dict[str, int] = field(default_factory=dict, repr=False)
    _visited: list[str] = field(default_factory=list, repr=False)  # start, then one node per step

    def __post_init__(self) -> None:
        self.started_at = self.clock()
        self._remaining = remaining_questions(self.tree)
        self._visited = [self.tree.start]
        for step in self.steps:
            self._visited.append(self.tree.nodes[step.node_id].successors()[step.choice])

    @property
    def current_id(self) -> str:
        return self._visited[-1]

    @property
    def current(self) -> Node:
        return self.tree.nodes[self.current_id]

    @property
    def finished(self) -> bool:
        return self.current.type == "outcome"

    @property
    def outcome(self) -> Node | None:
        node = self.current
        return node if node.type == "outcome" else None

    def choices(self) -> list[str]:
        """The labels to choose from at the current step (a note has one: continue)."""
        node = self.current
        if node.type == "question":
            return [option.label for option in node.options]
        if node.type == "note":
            return ["Continue"]
        return []

    def answer(self, choice: int) -> Node:
        """Choose option `choice` (0-based) at the current step; returns the next node."""
        node = self.current
        labels = self.choices()
        if not labels:
            raise WalkError("the walk has reached its outcome; go back or restart to change an answer")
        if not 0 <= choice < len(labels):
            raise WalkError(f"there is no option {choice + 1}; choose 1 to {len(labels)}")
        self.steps.append(Step(node.id, choice, labels[choice], self.clock()))
        self._visited.append(node.successors()[choice])
        return self.current

    def back(self) -> bool:
        """Undo the last answer; False when already at the start."""
        if not self.steps:
            return False
        self.steps.pop()
        self._visited.pop()
        return True

    def jump(self, index: int) -> None:
        """Return to step `index` (0 is the first question), forgetting the answers after it."""
        if not 0 <= index <= len(self.steps):
            raise WalkError(f"there is no step {index + 1}")
        del self.steps[index:]
        del self._visited[index + 1 :]

    def restart(self) -> None:
        self.steps.clear()
        del self._visited[1:]
        self.started_at = self.clock()

    def path(self) -> list[str]:
        """Node ids visited so far, the current node last."""
        return list(self._visited)

    def remaining(self) -> int:
        """At most how many more questions (or notes) before an outcome."""
        return self._remaining.get(self.current_id, 0)
