"""The pack library: every pack read from disk, layered on what it extends, and validated.

`load_library(root)` is the one way the command line, the window and the tests get packs. A pack
with blocking problems is reported and left out; the others still load.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.core.graph import reachable_from, shortest_path, tree_successors
from brightline.core.model import HelpArticle, Node, Pack, PackFiles, Source, Tree
from brightline.core.packfiles import SHARED_FOLDER, display_path, list_all_packs, refusal_problem
from brightline.core.problems import Problem
from brightline.core.standing import frame, frame_of, frame_script
from brightline.core.where import Where

if TYPE_CHECKING:
    from brightline.core.packtrust import PackTrust


@dataclass
class Library:
    """Every loaded pack (id → Pack), the shared material, and every problem found."""

    root: Path
    packs: dict[str, Pack] = field(default_factory=dict)
    shared_sources: dict[str, Source] = field(default_factory=dict)
    shared_help: dict[str, HelpArticle] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: dict[str, list[Problem]] = field(default_factory=dict)  # pack id → its problems

    def pack(self, pack_id: str) -> Pack:
        return self.packs[pack_id]

    def all_sources(self) -> dict[str, Source]:
        sources = dict(self.shared_sources)
        for pack in self.packs.values():
            sources.update(pack.sources)
        return sources


def load_library(
    root: Path, extra_roots: list[Path] | None = None, validate: bool = True, trust: PackTrust | None = None
) -> Library:
    """Read, layer and (by default) validate every pack under `root` and `extra_roots`; with
    `trust` (`Paths.trust`), the verified releases stand in for the packs of the same id, each
    file checked against its signed digest as it is read, and the folders refused for want of a
    signature are reported.

    Always from the files themselves; `brightline.core.startcache` keeps the result for the next
    start."""
    refused: dict[str, list[Problem]] = {}  # a folder of packs or a pack folder not read → why
    releases = trust.releases if trust is not None else {}
    folders, refusals = list_all_packs(root, extra_roots or [], releases, trust.refused if trust is not None else ())
    for path, refusal in refusals:
        refused.setdefault(display_path(path), []).append(refusal_problem(path, refusal))
    from brightline.core.loader import read_pack, read_shared

    library = Library(root=root)
    library.problems += [problem for problems in refused.values() for problem in problems]
    library.broken.update(refused)
    shared_problems: list[Problem] = []
    library.shared_sources, library.shared_help, _ = read_shared(root / SHARED_FOLDER, shared_problems)
    library.problems.extend(shared_problems)

    files: dict[str, PackFiles] = {}
    own_problems: dict[str, list[Problem]] = {}
    for folder in folders:
        problems: list[Problem] = []
        pack = read_pack(folder, problems, releases.get(folder))
        key = pack.manifest.id if pack is not None and pack.manifest.id else folder.name
        if key in files:
            problems.append(
                Problem(
                    "pack.duplicate_id", Where(str(folder), 0), {"kind": "pack", "id": key, "other": files[key].folder}
                )
            )
            own_problems.setdefault(f"{key}@{folder}", []).extend(problems)
            continue
        own_problems[key] = problems
        if pack is not None:
            files[key] = pack

    for pack_id in _layer_order(files, own_problems):
        pack_files = files[pack_id]
        parent_id = pack_files.manifest.extends
        problems = own_problems[pack_id]
        if parent_id and parent_id not in library.packs:
            if parent_id in files or parent_id in own_problems:
                problems.append(Problem("pack.parent_broken", pack_files.manifest.where, {"parent": parent_id}))
            else:
                problems.append(Problem("pack.extends_unknown", pack_files.manifest.where, {"parent": parent_id}))
            continue
        parent = library.packs.get(parent_id) if parent_id else None
        resolved = _layer(pack_files, parent, library, problems)
        if validate:
            from brightline.core.validate import validate_library  # networkx: only when validating

            validate_library(library, resolved, pack_files, problems)
        if not any(p.blocking for p in problems):
            library.packs[pack_id] = resolved

    for pack_key, problems in own_problems.items():
        problems = own_problems[pack_key] = _first_problems(problems)
        library.problems.extend(problems)
        if any(p.blocking for p in problems) or pack_key not in library.packs:
            if problems:
                library.broken[pack_key] = problems
    if validate:
        from brightline.core.validate import check_coverage, check_shared

        library.problems.extend(check_shared(library) + check_coverage(library))
    return library


# Problems kept for one pack: a file written to hold a hundred thousand mistakes would otherwise
# cost seconds to report and to keep in the caches, and no author reads past the first hundred.
MAX_PACK_PROBLEMS = 100


def _first_problems(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PACK_PROBLEMS problems, and one more saying how many were left out."""
    if len(problems) <= MAX_PACK_PROBLEMS:
        return problems
    rest = problems[MAX_PACK_PROBLEMS:]
    more = Problem("pack.more_problems", rest[0].where, {"count": len(rest)}, any(p.blocking for p in rest))
    return problems[:MAX_PACK_PROBLEMS] + [more]


def _layer_order(files: dict[str, PackFiles], own_problems: dict[str, list[Problem]]) -> list[str]:
    """Packs parents-first; packs in an `extends` cycle are reported and left out."""
    if all(
        not p.manifest.extends or p.manifest.extends not in files or not files[p.manifest.extends].manifest.extends
        for p in files.values()
    ):
        # One level of layering (the usual case): parents first, in name order, without a graph.
        return sorted(files, key=lambda pid: (bool(files[pid].manifest.extends), pid))
    from brightline.core.graph import lexicographic_order, some_cycles  # networkx: only for deep layering

    extended_by: dict[str, list[str]] = {pack_id: [] for pack_id in files}
    for pack_id, pack in files.items():
        if pack.manifest.extends in extended_by:
            extended_by[pack.manifest.extends].append(pack_id)
    for cycle in some_cycles(extended_by, limit=None):
        text = " → ".join(cycle + [cycle[0]])
        for pack_id in cycle:
            own_problems[pack_id].append(Problem("pack.extends_cycle", files[pack_id].manifest.where, {"cycle": text}))
            extended_by.pop(pack_id, None)
    return lexicographic_order(
        {pack_id: [c for c in children if c in extended_by] for pack_id, children in extended_by.items()}
    )


def _layer(files: PackFiles, parent: Pack | None, library: Library, problems: list[Problem]) -> Pack:
    sources = dict(library.shared_sources)
    help_articles = dict(library.shared_help)
    trees: dict[str, Tree] = {}
    scenarios = {}
    chain = [files.manifest.id]
    content_hash = files.content_hash
    if parent is not None:
        sources.update(parent.sources)
        help_articles.update(parent.help)
        trees = {tree_id: tree for tree_id, tree in parent.trees.items()}
        scenarios = dict(parent.scenarios)
        chain += parent.chain
        content_hash = _combine(content_hash, parent.content_hash)
    _merge_own(sources, files.sources, "source", problems)
    _merge_own(help_articles, files.help, "help article", problems)
    framing = frame_of(files.manifest.status)
    for tree_id, tree in files.trees.items():
        if tree_id in trees:
            problems.append(
                Problem("tree.shadows_inherited", tree.where, {"tree": tree_id, "parent": trees[tree_id].origin})
            )
            continue
        tree.pack_id = files.manifest.id
        if framing:
            tree = copy.copy(tree)
            tree.nodes = {node_id: framed(node, framing) for node_id, node in tree.nodes.items()}
        trees[tree_id] = tree
    for override in files.overrides:
        base = trees.get(override.tree)
        if base is None or base.origin == files.manifest.id:
            problems.append(Problem("override.unknown_tree", override.where, {"tree": override.tree}))
            continue
        trees[override.tree] = apply_override(base, override, files.manifest.id, problems, framing)
    # A scenario trains the answer of the pack that wrote it: where this pack changed a step of the
    # scenario's expected path (not merely added to an outcome's lists), an inherited scenario would
    # teach the parent's answer, so it is left out unless the pack declares its own.
    for scenario_id, scenario in list(scenarios.items()):
        layered = trees.get(scenario.tree)
        if layered is not None and files.manifest.id in layered.changed_by and parent is not None:
            if _path_changed(parent.trees[scenario.tree], layered, scenario):
                del scenarios[scenario_id]
    scenarios.update(files.scenarios)
    # Every walk through a layered pack is a walk in that pack.
    for tree_id, tree in list(trees.items()):
        if tree.pack_id != files.manifest.id:
            trees[tree_id] = copy.copy(tree)
            trees[tree_id].pack_id = files.manifest.id
    return Pack(
        manifest=files.manifest,
        chain=chain,
        sources=sources,
        help=help_articles,
        trees=trees,
        scenarios=scenarios,
        content_hash=content_hash,
    )


def framed(node: Node, framing: str) -> Node:
    """A copy of `node` worded as what a pack not in force would do (`brightline.core.standing`):
    an outcome's headline and script, a note's text. Questions ask for facts and stay as written."""
    if not framing or node.type == "question":
        return node
    node = copy.copy(node)
    if node.type == "note":
        node.text = frame(node.text, framing)
    else:
        node.headline = frame(node.headline, framing)
        node.say = frame_script(node.say, framing)
    return node


def apply_override(base: Tree, override: object, pack_id: str, problems: list[Problem], framing: str = "") -> Tree:
    """A copy of `base` with the override's replaced, added and amended nodes; with `framing`
    (a pack not in force), what the override says is worded as the proposal's."""
    from brightline.core.model import Override

    assert isinstance(override, Override)
    # Nodes are never changed in place (an amendment makes a copy), so a shallow copy of the tree
    # with its own node table is enough; a deep copy was most of the layering time.
    tree = copy.copy(base)
    tree.nodes = dict(base.nodes)
    tree.changed_by = base.changed_by + [pack_id]
    if override.title:
        tree.title = override.title
    for node_id, node in override.replace.items():
        if node_id not in tree.nodes:
            problems.append(
                Problem("override.unknown_node", node.where, {"action": "replaces", "node": node_id, "tree": base.id})
            )
            continue
        tree.nodes[node_id] = framed(node, framing)
    for node_id, node in override.add.items():
        if node_id in tree.nodes:
            problems.append(Problem("override.node_exists", node.where, {"node": node_id, "tree": base.id}))
            continue
        tree.nodes[node_id] = framed(node, framing)
    for node_id, amendment in override.amend.items():
        target = tree.nodes.get(node_id)
        if target is None:
            problems.append(
                Problem(
                    "override.unknown_node", amendment.where, {"action": "amends", "node": node_id, "tree": base.id}
                )
            )
            continue
        if target.type != "outcome":
            problems.append(Problem("override.not_outcome", amendment.where, {"node": node_id}))
            continue
        merged: Node = copy.copy(target)
        merged.do = target.do + [frame(line, framing) for line in amendment.do]
        merged.dont = target.dont + [frame(line, framing) for line in amendment.dont]
        merged.document = target.document + [frame(line, framing) for line in amendment.document]
        merged.cite = target.cite + [c for c in amendment.cite if c not in target.cite]
        tree.nodes[node_id] = merged
    own = set(override.replace) | set(override.add)
    _drop_orphans(tree, keep=own)
    return tree


def _drop_orphans(tree: Tree, keep: set[str]) -> None:
    """Inherited nodes that the changes left unreachable are dropped; new ones are kept so the
    validator can report them."""
    seen = reachable_from(tree_successors(tree), tree.start)
    for node_id in list(tree.nodes):
        if node_id not in seen and node_id not in keep:
            del tree.nodes[node_id]


def _merge_own(table: dict[str, Any], own: dict[str, Any], kind: str, problems: list[Problem]) -> None:
    """Add a pack's own sources or help articles to what it inherits; an id may not be reused."""
    for key, value in own.items():
        if key in table:
            other = table[key].where
            problems.append(
                Problem(
                    "pack.duplicate_id", value.where, {"kind": kind, "id": key, "other": f"{other.file}:{other.line}"}
                )
            )
        else:
            table[key] = value


def _path_changed(before: Tree, after: Tree, scenario: object) -> bool:
    """Whether any step of the scenario's expected path reads or leads differently in `after`."""
    path = getattr(scenario, "expected_path", None) or shortest_path(
        tree_successors(before), before.start, getattr(scenario, "expected_outcome", "")
    )
    if not path:
        return True
    for node_id in path:
        old, new = before.nodes.get(node_id), after.nodes.get(node_id)
        if old is None or new is None:
            return True
        if new is old:
            continue
        if (old.type, old.verdict, old.headline, old.text, old.successors(), [o.label for o in old.options]) != (
            new.type,
            new.verdict,
            new.headline,
            new.text,
            new.successors(),
            [o.label for o in new.options],
        ):
            return True
    return after.start != before.start


def _combine(*hashes: str) -> str:
    import hashlib

    return hashlib.sha256("|".join(hashes).encode()).hexdigest()
