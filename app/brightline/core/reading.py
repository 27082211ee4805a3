"""How long an officer takes to know what to do: a time-to-act figure for every outcome.

The figure is the reading time of what decides the action — the verdict, the headline, the Do
and the Do not lines, at 200 words a minute — plus the time to get there by the quickest path:
2 s for each question answered and 1 s for each note read. What to say, what to write down and
the citations come after the action and are not counted. DESIGN.md budgets it: the median over
every outcome of every pack under 30 s, no outcome over 60 s (`tests/benchmarks/bench_reading.py`
prints both; the validator reports any outcome over the limit).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from brightline.core.model import VERDICT_WORDS, Node, Pack, Tree

WORDS_PER_MINUTE = 200
SECONDS_PER_QUESTION = 2.0
SECONDS_PER_NOTE = 1.0
MEDIAN_BUDGET_SECONDS = 30.0
LIMIT_SECONDS = 60.0


@dataclass(frozen=True)
class ReadingTime:
    """The time-to-act of one outcome and what it is made of."""

    pack_id: str
    tree_id: str
    outcome_id: str
    words: int  # verdict, headline, Do and Do not
    questions: int  # on the quickest path to the outcome
    notes: int

    @property
    def seconds(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE * 60 + self.questions * SECONDS_PER_QUESTION + self.notes * SECONDS_PER_NOTE
        )


# Tokens that stand alone between spaces but are not words a reader reads.
_NOT_WORDS = frozenset({"\u2014", "\u2013", "-", "\u2026", "\u2022", "\u00a7", "\u00b6", "/", "&", "+", "="})


def word_count(text: str) -> int:
    """Words as a reader meets them: runs of characters between spaces, but not a dash, a
    bullet or a section sign standing alone."""
    tokens = text.split()
    return len(tokens) - sum(map(_NOT_WORDS.__contains__, tokens))  # map, not a generator: every load runs it


def action_words(outcome: Node) -> int:
    """The words an officer reads before acting: verdict, headline, Do and Do not."""
    texts = [VERDICT_WORDS.get(outcome.verdict, outcome.verdict), outcome.headline, *outcome.do, *outcome.dont]
    return word_count("\n".join(texts))


def quickest_steps(tree: Tree) -> dict[str, tuple[int, int]]:
    """For each node reachable from the start, the (questions, notes) on the quickest path to it,
    a question costing 2 s and a note 1 s (Dijkstra; trees are small and acyclic)."""
    best: dict[str, tuple[float, int, int]] = {}
    queue: list[tuple[float, int, int, str]] = [(0.0, 0, 0, tree.start)]
    while queue:
        cost, questions, notes, node_id = heapq.heappop(queue)
        if node_id in best or node_id not in tree.nodes:
            continue
        best[node_id] = (cost, questions, notes)
        node = tree.nodes[node_id]
        if node.type == "question":
            step = (cost + SECONDS_PER_QUESTION, questions + 1, notes)
        elif node.type == "note":
            step = (cost + SECONDS_PER_NOTE, questions, notes + 1)
        else:
            continue
        for successor in node.successors():
            if successor not in best:
                heapq.heappush(queue, (*step, successor))
    return {node_id: (questions, notes) for node_id, (_, questions, notes) in best.items()}


def tree_reading_times(pack_id: str, tree: Tree) -> list[ReadingTime]:
    """The time-to-act of every reachable outcome of `tree`."""
    steps = quickest_steps(tree)
    return [
        ReadingTime(pack_id, tree.id, node.id, action_words(node), *steps[node.id])
        for node in tree.outcomes()
        if node.id in steps
    ]


def pack_reading_times(pack: Pack) -> list[ReadingTime]:
    """The time-to-act of every outcome of every tree of the pack (inherited trees included)."""
    return [time for tree_id in sorted(pack.trees) for time in tree_reading_times(pack.id, pack.trees[tree_id])]


@dataclass(frozen=True)
class ReadingSummary:
    median: float
    maximum: float
    slowest: ReadingTime | None
    count: int

    @property
    def holds(self) -> bool:
        return self.median < MEDIAN_BUDGET_SECONDS and self.maximum <= LIMIT_SECONDS


def summarise(times: list[ReadingTime]) -> ReadingSummary:
    """The median and the maximum over `times` (zeros for none)."""
    import statistics  # here: the validator runs this module on every load, and never this

    if not times:
        return ReadingSummary(0.0, 0.0, None, 0)
    slowest = max(times, key=lambda t: t.seconds)
    return ReadingSummary(statistics.median(t.seconds for t in times), slowest.seconds, slowest, len(times))
