"""Traceability: which decisions rest on each provision, and what a pack changes from its parent."""

from __future__ import annotations

from dataclasses import dataclass, field

from brightline.core.library import Library
from brightline.core.model import Node, Pack, Provision
from brightline.core.validate import citations_by_provision


@dataclass
class ProvisionCoverage:
    provision: Provision
    source_short: str
    cited_by: list[tuple[str, str, str]]  # (pack, tree, outcome node)

    @property
    def covered(self) -> bool:
        return bool(self.cited_by) or bool(self.provision.not_officer_facing)


def coverage(library: Library, pack_id: str | None = None) -> list[ProvisionCoverage]:
    """Every provision (of one pack's own sources, or of all sources) with the outcomes citing it."""
    cited = citations_by_provision(library)
    if pack_id is None:
        sources = library.all_sources()
    else:
        sources = {sid: s for sid, s in library.pack(pack_id).sources.items() if s.owner == pack_id}
    rows = []
    for source in sources.values():
        for provision in source.provisions.values():
            rows.append(ProvisionCoverage(provision, source.short, sorted(set(cited.get(provision.ref, [])))))
    return rows


def decisions_resting_on(library: Library, ref: str, pack_id: str | None = None) -> list[tuple[str, str, str]]:
    """The (pack, tree, outcome) that cite provision `ref`, optionally within one pack."""
    found = citations_by_provision(library).get(ref, [])
    return sorted({f for f in found if pack_id is None or f[0] == pack_id})


@dataclass
class NodeChange:
    node_id: str
    change: str  # "replaced", "added", "amended", "dropped"
    before: str = ""
    after: str = ""
    details: list[str] = field(default_factory=list)


@dataclass
class TreeChange:
    tree_id: str
    title: str
    change: str  # "added" or "changed"
    nodes: list[NodeChange] = field(default_factory=list)


def _summary(node: Node) -> str:
    if node.type == "outcome":
        return f"{node.verdict}: {node.headline}"
    return f"{node.type}: {' '.join(node.text.split())}"


def diff_pack(library: Library, pack_id: str) -> tuple[Pack | None, list[TreeChange], list[str], list[str]]:
    """What `pack_id` changes relative to the pack it extends: trees, sources, scenarios."""
    pack = library.pack(pack_id)
    parent = library.packs.get(pack.manifest.extends) if pack.manifest.extends else None
    base_trees = parent.trees if parent else {}
    changes: list[TreeChange] = []
    for tree_id, tree in sorted(pack.trees.items()):
        base = base_trees.get(tree_id)
        if base is None:
            changes.append(TreeChange(tree_id, tree.title, "added"))
            continue
        if pack_id not in tree.changed_by:
            continue
        change = TreeChange(tree_id, tree.title, "changed")
        for node_id, node in tree.nodes.items():
            old = base.nodes.get(node_id)
            if old is None:
                change.nodes.append(NodeChange(node_id, "added", after=_summary(node)))
            elif old is not node and (old.type, old.verdict, old.headline, old.text) != (
                node.type,
                node.verdict,
                node.headline,
                node.text,
            ):
                change.nodes.append(NodeChange(node_id, "replaced", before=_summary(old), after=_summary(node)))
            elif old.cite != node.cite or old.do != node.do or old.dont != node.dont or old.document != node.document:
                details = [f"+ do: {d}" for d in node.do if d not in old.do]
                details += [f"+ do not: {d}" for d in node.dont if d not in old.dont]
                details += [f"+ write down: {d}" for d in node.document if d not in old.document]
                details += [f"+ cites: {c}" for c in node.cite if c not in old.cite]
                change.nodes.append(NodeChange(node_id, "amended", before=_summary(old), details=details))
        for node_id in base.nodes:
            if node_id not in tree.nodes:
                change.nodes.append(NodeChange(node_id, "dropped", before=_summary(base.nodes[node_id])))
        changes.append(change)
    sources = sorted(sid for sid, s in pack.sources.items() if s.owner == pack_id)
    scenarios = sorted(sid for sid, s in pack.scenarios.items() if s.pack_id == pack_id)
    return parent, changes, sources, scenarios
