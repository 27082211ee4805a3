"""Training: play a scenario on the very tree the guide uses, score it, and explain the debrief.

A trainee's walk is compared with the expected one step by step; the debrief shows both paths on
the same steps, where they diverged, and the points to read with their citations.

Scoring, out of 3: the expected outcome gives 2 points; another outcome with the same verdict
(the right response, reached for another reason, such as another category of paper) gives 1;
the expected path (or, when the scenario names none, any path to the expected outcome) gives 1
more. So a different category that still declines is "1 of 3, the same response by another
outcome", never "wrong, 0 of 3".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.graph import shortest_path, tree_successors
from brightline.core.model import Node, Pack, Scenario, Tree
from brightline.core.walk import Walk

if TYPE_CHECKING:  # training_log imports this module
    from brightline.core.training_log import Completion, TrainingRecord

OUTCOME_POINTS = 2
VERDICT_POINTS = 1  # another outcome with the expected verdict
PATH_POINTS = 1


def expected_choices(tree: Tree, scenario: Scenario) -> list[int]:
    """The 0-based choices that walk the expected path (or the first path to the expected outcome)."""
    path = scenario.expected_path or shortest_path(tree_successors(tree), tree.start, scenario.expected_outcome)
    choices = []
    for here, there in zip(path, path[1:], strict=False):
        choices.append(tree.nodes[here].successors().index(there))
    return choices


@dataclass
class DebriefStep:
    """One step of the debrief: the question, what was expected and what the trainee chose."""

    node_id: str
    question: str
    expected: str  # the expected answer's label ('' where the expected path has left this step)
    chosen: str  # the trainee's label ('' where the trainee did not reach this step)

    @property
    def diverged(self) -> bool:
        return self.expected != self.chosen


@dataclass
class Result:
    """The score of one played scenario."""

    scenario_id: str
    tree_id: str
    outcome_id: str
    verdict: str
    right_outcome: bool
    right_path: bool | None  # None when the scenario names no path and the outcome was right
    seconds: float
    path: list[str]
    steps: list[DebriefStep] = field(default_factory=list)
    right_verdict: bool = False  # the outcome reached has the expected verdict (true when it is the expected one)

    @property
    def same_response_only(self) -> bool:
        """Another outcome than the expected one, with the expected verdict."""
        return self.right_verdict and not self.right_outcome

    @property
    def points(self) -> int:
        outcome = OUTCOME_POINTS if self.right_outcome else VERDICT_POINTS if self.right_verdict else 0
        return outcome + PATH_POINTS * bool(self.right_path or (self.right_path is None and self.right_outcome))

    @property
    def max_points(self) -> int:
        return OUTCOME_POINTS + PATH_POINTS

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points)

    @property
    def first_divergence(self) -> int | None:
        """Index of the first step where the trainee's answer differs from the expected one."""
        for index, step in enumerate(self.steps):
            if step.diverged:
                return index
        return None


def score(pack: Pack, scenario: Scenario, walk: Walk, finished_at: datetime | None = None) -> Result:
    """Compare a finished walk with the scenario's expectation."""
    tree = pack.trees[scenario.tree]
    outcome = walk.outcome
    expected = expected_choices(tree, scenario)
    expected_walk = Walk(tree)
    expected_labels: dict[str, str] = {}
    for choice in expected:
        expected_labels[expected_walk.current_id] = expected_walk.choices()[choice]
        expected_walk.answer(choice)
    steps: list[DebriefStep] = []
    chosen = {s.node_id: s.label for s in walk.steps}
    order = [s.node_id for s in walk.steps]
    for node_id in expected_labels:
        if node_id not in order:
            order.append(node_id)
    for node_id in order:
        node = tree.nodes[node_id]
        steps.append(DebriefStep(node_id, _question(node), expected_labels.get(node_id, ""), chosen.get(node_id, "")))
    right_outcome = outcome is not None and outcome.id == scenario.expected_outcome
    expected_verdict = tree.nodes[scenario.expected_outcome].verdict
    right_verdict = outcome is not None and bool(outcome.verdict) and outcome.verdict == expected_verdict
    right_path: bool | None
    if scenario.expected_path:
        right_path = walk.path() == scenario.expected_path
    else:
        right_path = None if right_outcome else False
    end = finished_at or (walk.steps[-1].answered_at if walk.steps else walk.started_at)
    return Result(
        scenario_id=scenario.id,
        tree_id=tree.id,
        outcome_id=outcome.id if outcome else walk.current_id,
        verdict=outcome.verdict if outcome else "",
        right_outcome=right_outcome,
        right_path=right_path,
        seconds=max(0.0, (end - walk.started_at).total_seconds()),
        path=walk.path(),
        steps=steps,
        right_verdict=right_verdict,
    )


def _question(node: Node) -> str:
    return " ".join((node.text or node.id).split())


def debrief_text(pack: Pack, scenario: Scenario, result: Result) -> str:
    """The debrief as plain text: both paths on the same steps, the divergence, the points to read."""
    tree = pack.trees[scenario.tree]
    expected = tree.nodes[scenario.expected_outcome]
    lines = [f"Scenario: {scenario.title} ({scenario.difficulty})", ""]
    outcome_words = (
        "outcome right"
        if result.right_outcome
        else "the same response by another outcome"
        if result.same_response_only
        else "outcome wrong"
    )
    lines.append(
        f"Score: {result.points} of {result.max_points} points ({result.percent}%) — {outcome_words}"
        + ("" if result.right_path is None else f", path {'right' if result.right_path else 'different'}")
        + f", {result.seconds:.0f} s"
    )
    lines.append("")
    for index, step in enumerate(result.steps, start=1):
        mark = "  " if not step.diverged else "✗ "
        lines.append(f"{mark}{index}. {step.question}")
        lines.append(f"     you chose: {step.chosen or '(not reached)'}")
        if step.diverged:
            lines.append(f"     expected:  {step.expected or '(not on the expected path)'}")
    divergence = result.first_divergence
    if divergence is not None:
        lines += ["", f"You left the expected path at step {divergence + 1}."]
    got = tree.nodes.get(result.outcome_id)
    lines += ["", f"Expected outcome: {expected.verdict.upper()} — {expected.headline}"]
    if not result.right_outcome and got is not None:
        lines.append(
            f"Your outcome:     {got.verdict.upper() if got.verdict else '(none)'} — {got.headline or _question(got)}"
        )
    if scenario.debrief:
        lines += ["", "Debrief:"]
        for point in scenario.debrief:
            lines.append(f"  - {' '.join(point.point.split())}")
            for ref in point.cite:
                provision = pack.provision(ref)
                if provision is not None:
                    source = pack.sources[provision.source_id]
                    lines.append(f"      [{ref}] {source.short}, {provision.section} — {provision.title}")
    return "\n".join(lines)


# -- a set of scenarios played in turn (the window's training session) ------------------------

SET_KINDS = ("all", "tree", "difficulty", "random")
DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


def choose_scenarios(
    pack: Pack, kind: str = "all", value: str = "", count: int = 0, seed: int | None = None
) -> list[Scenario]:
    """The scenarios of a training set, in a stable order (tree, then easy to hard, then id):
    every one (`all`), one tree's (`tree`, value = tree id), one difficulty's (`difficulty`),
    or `count` drawn at random (`random`; `seed` makes the draw repeatable)."""
    ordered = sorted(pack.scenarios.values(), key=lambda s: (s.tree, DIFFICULTY_ORDER.get(s.difficulty, 9), s.id))
    if kind == "tree":
        return [s for s in ordered if s.tree == value]
    if kind == "difficulty":
        return [s for s in ordered if s.difficulty == value]
    if kind == "random":
        import random

        return random.Random(seed).sample(ordered, max(0, min(count, len(ordered))))
    if kind != "all":
        raise ValueError(f"unknown kind of training set {kind!r}; expected one of {', '.join(SET_KINDS)}")
    return ordered


def _utc_now() -> datetime:
    return datetime.now(UTC)


class TrainingSession:
    """One trainee (or a class) playing a set of scenarios in turn, each on the guide's own tree.

    The caller shows the narrative, calls `begin()` to start the walk, answers through `walk`,
    and calls `finish()` once the walk has reached an outcome. The time scored runs from
    `begin()` to the answer that reached the outcome, so going back or restarting the walk does
    not reset it.
    """

    def __init__(
        self, pack: Pack, scenarios: list[Scenario], trainee: str, mode: str, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        if not scenarios:
            raise ValueError("a training session needs at least one scenario")
        self.pack = pack
        self.scenarios = list(scenarios)
        self.trainee = " ".join(trainee.split())
        self.mode = mode
        self.clock = clock
        self.index = 0
        self.walk: Walk | None = None
        self.results: list[Result] = []
        self._began: datetime | None = None

    @property
    def scenario(self) -> Scenario:
        """The scenario being played (the last one once the set is over)."""
        return self.scenarios[min(self.index, len(self.scenarios) - 1)]

    @property
    def tree(self) -> Tree:
        return self.pack.trees[self.scenario.tree]

    @property
    def total(self) -> int:
        return len(self.scenarios)

    @property
    def over(self) -> bool:
        """Every scenario of the set has been played."""
        return self.index >= len(self.scenarios)

    def begin(self) -> Walk:
        """Start the walk through the current scenario's tree (after its narrative was read)."""
        if self.over:
            raise ValueError("the training set is over")
        self.walk = Walk(self.tree, clock=self.clock)
        self._began = self.walk.started_at
        return self.walk

    def finish(self) -> Result:
        """Score the finished walk of the current scenario and keep the result."""
        if self.walk is None or not self.walk.finished or self._began is None:
            raise ValueError("the walk has not reached an outcome yet")
        reached = self.walk.steps[-1].answered_at if self.walk.steps else self.clock()
        result = score(self.pack, self.scenario, self.walk, finished_at=reached)
        result.seconds = max(0.0, (reached - self._began).total_seconds())
        self.results.append(result)
        return result

    def advance(self) -> bool:
        """Go on to the next scenario; False when the set is over."""
        self.index += 1
        self.walk = None
        self._began = None
        return not self.over

    def scenario_of(self, result: Result) -> Scenario:
        """The scenario a result of this session was scored on."""
        return next(s for s in self.scenarios if s.id == result.scenario_id)

    @property
    def points(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def max_points(self) -> int:
        return sum(r.max_points for r in self.results)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.results)


CSV_HEADER = [
    "section",
    "trainee",
    "played_at",
    "pack",
    "pack_version",
    "scenario",
    "title",
    "points",
    "max_points",
    "seconds",
    "passed",
    "total",
    "last",
]


def write_training_csv(path: Path, records: list[TrainingRecord], table: dict[str, Completion]) -> None:
    """The roster as CSV: one `result` row per record, then one `completion` row per trainee and
    pack (`table` as `training_log.completion` gives it). The same columns as `brightline training
    export --format csv`. Trainee names are typed by anyone, so no cell is ever run as a
    formula. Raises OSError when the file cannot be written."""
    import csv

    from brightline.core.spreadsheet import formula_safe_row

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for r in records:
            row: list[object] = ["result", r.trainee, r.played_at, r.pack_id, r.pack_version, r.scenario_id]
            row += [r.scenario_title, r.points, r.max_points, f"{r.seconds:.0f}", "", "", ""]
            writer.writerow(formula_safe_row(row))
        for trainee, entry in sorted(table.items()):
            for pack in entry.packs:
                row = ["completion", trainee, "", pack.pack_id, "", "", "", "", "", "", len(pack.passed)]
                row += [pack.total, entry.last]
                writer.writerow(formula_safe_row(row))
