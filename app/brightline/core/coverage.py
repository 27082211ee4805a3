"""Traceability: which decisions rest on each provision, and what a pack changes from its parent
(`brightline.core.changes` compares the trees)."""

from __future__ import annotations

from dataclasses import dataclass

from brightline.core.changes import TreeChange, compare_trees
from brightline.core.library import Library
from brightline.core.model import Pack, Provision
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


def diff_pack(library: Library, pack_id: str) -> tuple[Pack | None, list[TreeChange], list[str], list[str]]:
    """What `pack_id` changes relative to the pack it extends: trees, sources, scenarios."""
    pack = library.pack(pack_id)
    parent = library.packs.get(pack.manifest.extends) if pack.manifest.extends else None
    # A tree this pack inherits and did not override cannot differ from the parent's.
    changes = compare_trees(
        parent.trees if parent else {}, pack.trees, changed=lambda tree: pack_id in tree.changed_by, removed=False
    )
    sources = sorted(sid for sid, s in pack.sources.items() if s.owner == pack_id)
    scenarios = sorted(sid for sid, s in pack.scenarios.items() if s.pack_id == pack_id)
    return parent, changes, sources, scenarios
