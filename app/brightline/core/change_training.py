"""A short training set made from what a release changed: one scenario per changed outcome, played
in the training mode on the release's own tree (`brightline.core.training.TrainingSession`).

Each scenario gives the facts that lead to the changed outcome (the answers along the shortest
path to it), the trainee walks the tree to it, and the debrief sets the outcome before the
release beside the outcome now, with what changed and the citations it rests on.
"""

from __future__ import annotations

from brightline.core.changes import TreeChange
from brightline.core.graph import shortest_path, tree_successors
from brightline.core.model import DebriefPoint, Pack, Scenario, Tree

MAX_SCENARIOS = 12  # a set an officer finishes in a few minutes


def _facts(tree: Tree, path: list[str]) -> list[str]:
    facts = []
    for here, there in zip(path, path[1:], strict=False):
        node = tree.nodes[here]
        if node.type == "question":
            answer = next((o.label for o in node.options if o.next == there), "")
            facts.append(f"{' '.join(node.text.split())} {answer}.")
    return facts


def change_scenarios(pack: Pack, changes: list[TreeChange], role: str = "", label: str = "") -> list[Scenario]:
    """Scenarios for the outcomes of `pack` that `changes` added or changed (verdict, actions,
    script or citations) in trees that concern `role`; `label` names the release ("release 8")."""
    scenarios: list[Scenario] = []
    for change in changes:
        tree = pack.trees.get(change.tree_id)
        if tree is None or change.change == "removed" or not change.concerns(role):
            continue
        successors = tree_successors(tree)
        for node_change in change.nodes:
            node = tree.nodes.get(node_change.node_id)
            if node is None or node.type != "outcome" or node_change.change == "dropped":
                continue
            path = shortest_path(successors, tree.start, node.id)
            if not path:
                continue
            now = f"Now: {node.verdict.upper()} \u2014 {node.headline}"
            if node_change.change == "added":
                points = [DebriefPoint(f"New in {label or 'this release'}. {now}", list(node.cite))]
            else:
                old = node_change.old
                was = f"{old.verdict.upper()} \u2014 {old.headline}" if old is not None else node_change.before
                points = [DebriefPoint(f"Before {label or 'this release'}: {was}"), DebriefPoint(now, list(node.cite))]
            points += [DebriefPoint(detail) for detail in node_change.details[:6]]
            # A narrative is paragraphs parted by blank lines: the change, then one fact a paragraph.
            narrative = "\n\n".join(
                [f"This situation changed in {label or 'the new release'}. The facts:", *_facts(tree, path)]
            )
            scenarios.append(
                Scenario(
                    id=f"changed-{tree.id}-{node.id}",
                    title=f"What changed: {tree.title}",
                    tree=tree.id,
                    difficulty="easy",
                    narrative=narrative,
                    expected_outcome=node.id,
                    expected_path=path,
                    debrief=points,
                    where=node.where,
                    pack_id=pack.id,
                )
            )
            if len(scenarios) == MAX_SCENARIOS:
                return scenarios
    return scenarios
