"""What changed between two versions of the same trees: the one comparison behind `brightline diff
--pack` (a pack against the pack it extends, `coverage.diff_pack`) and behind `brightline pack
diff` and the window's "what changed" (one release of a pack against another).

Per tree: added, removed or changed; per node of a changed tree: added, dropped, replaced (its
kind, verdict, headline or text changed: `before` and `after` say both) or amended (its actions,
script, citations or answers changed: `details` says each, `+` added and `-` taken out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from brightline.core.model import Node, Tree

# An outcome's lists, as an officer reads them: (attribute, the words before each item).
_LISTS = (("do", "do"), ("dont", "do not"), ("document", "write down"), ("cite", "cites"))


@dataclass
class NodeChange:
    node_id: str
    change: str  # "replaced", "added", "amended", "dropped"
    before: str = ""
    after: str = ""
    details: list[str] = field(default_factory=list)
    kind: str = ""  # the node's type: question, note or outcome
    verdict_before: str = ""
    verdict_after: str = ""
    old: Node | None = field(default=None, repr=False, compare=False)  # the node before (None: added)
    new: Node | None = field(default=None, repr=False, compare=False)  # the node now (None: dropped)
    reached_by: str = ""  # a question and the answer that lead to the node: where an officer meets it

    @property
    def verdict_changed(self) -> bool:
        """An outcome that answers differently now (not one that was added or dropped)."""
        return bool(self.verdict_before and self.verdict_after and self.verdict_before != self.verdict_after)


@dataclass
class TreeChange:
    tree_id: str
    title: str
    change: str  # "added", "changed" or "removed"
    nodes: list[NodeChange] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)  # whom the tree is for (empty: everyone)

    def concerns(self, role: str) -> bool:
        """Whether the change is for someone in `role` ("" or a role the tree names: everyone's)."""
        return not role or not self.audiences or role in self.audiences


def summary(node: Node) -> str:
    """A node in one line: an outcome's verdict and headline, else its kind and text."""
    if node.type == "outcome":
        return f"{node.verdict}: {node.headline}"
    return f"{node.type}: {' '.join(node.text.split())}"


def _list_details(old: Node, new: Node) -> list[str]:
    if old.type != new.type:
        return []  # a question that became an outcome: its summary says all
    details = []
    for attribute, words in _LISTS:
        before, after = getattr(old, attribute), getattr(new, attribute)
        details += [f"+ {words}: {item}" for item in after if item not in before]
        details += [f"- {words}: {item}" for item in before if item not in after]
    said, say = " ".join(old.say.split()), " ".join(new.say.split())
    if said != say:
        details += ([f"say, before: {said}"] if said else []) + ([f"say, now: {say}"] if say else ["say: nothing now"])
    old_answers, new_answers = [o.label for o in old.options], [o.label for o in new.options]
    details += [f"+ answer: {label}" for label in new_answers if label not in old_answers]
    details += [f"- answer: {label}" for label in old_answers if label not in new_answers]
    old_leads = {o.label: o.next for o in old.options}
    details += [
        f"answer '{o.label}' now leads to {o.next} (was {old_leads[o.label]})"
        for o in new.options
        if o.label in old_leads and old_leads[o.label] != o.next
    ]
    if old.next != new.next:
        details.append(f"now leads to {new.next or 'nothing'} (was {old.next or 'nothing'})")
    return details


def _reached_by(tree: Tree) -> dict[str, str]:
    """For each node, the first question (in the tree's order) with an answer leading to it."""
    found: dict[str, str] = {}
    for node in tree.nodes.values():
        for option in node.options:
            found.setdefault(option.next, f"{' '.join(node.text.split())} \u2192 {option.label}")
    return found


def compare_tree(old: Tree, new: Tree) -> list[NodeChange]:
    """How the nodes of `new` differ from those of `old` (the same tree in another version)."""
    changes: list[NodeChange] = []
    reached_now, reached_before = _reached_by(new), _reached_by(old)
    for node_id, node in new.nodes.items():
        before = old.nodes.get(node_id)
        if before is None:
            changes.append(
                NodeChange(node_id, "added", after=summary(node), kind=node.type, verdict_after=node.verdict, new=node)
            )
            continue
        if before is node:
            continue  # inherited unchanged (a layered tree shares its parent's nodes)
        details = _list_details(before, node)
        reads_the_same = (before.type, before.verdict, before.headline, before.text) == (
            node.type,
            node.verdict,
            node.headline,
            node.text,
        )
        if reads_the_same and not details:
            continue
        changes.append(
            NodeChange(
                node_id,
                "amended" if reads_the_same else "replaced",
                before=summary(before),
                after="" if reads_the_same else summary(node),
                details=details,
                kind=node.type,
                verdict_before=before.verdict,
                verdict_after=node.verdict,
                old=before,
                new=node,
            )
        )
    for node_id, node in old.nodes.items():
        if node_id not in new.nodes:
            changes.append(
                NodeChange(
                    node_id, "dropped", before=summary(node), kind=node.type, verdict_before=node.verdict, old=node
                )
            )
    for change in changes:
        change.reached_by = reached_now.get(change.node_id) or reached_before.get(change.node_id, "")
    return changes


def compare_trees(
    old: dict[str, Tree], new: dict[str, Tree], changed: Callable[[Tree], bool] | None = None, removed: bool = True
) -> list[TreeChange]:
    """Tree by tree (in id order), how `new` differs from `old`: trees added, `removed` (when
    asked), and changed. `changed(tree)` may say a tree of `new` cannot have changed, to skip it."""
    changes: list[TreeChange] = []
    for tree_id, tree in sorted(new.items()):
        base = old.get(tree_id)
        if base is None:
            changes.append(TreeChange(tree_id, tree.title, "added", audiences=list(tree.audiences)))
            continue
        if changed is not None and not changed(tree):
            continue
        nodes = compare_tree(base, tree)
        if nodes or base.start != tree.start or changed is not None:
            changes.append(TreeChange(tree_id, tree.title, "changed", nodes, list(tree.audiences)))
    if removed:
        for tree_id, tree in sorted(old.items()):
            if tree_id not in new:
                changes.append(TreeChange(tree_id, tree.title, "removed", audiences=list(tree.audiences)))
    return changes
