"""The commands about packs: validate, list, coverage, diff and prepare."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brightline.core.library import Library, load_library
from brightline.core.paths import Paths
from brightline.core.problems import Problem
from brightline.core.startcache import StartCache
from brightline.core.where import Where


def load(paths: Paths) -> Library:
    """The library the window shows: as kept for exactly these packs, else read and validated from
    them (and then kept for the next command)."""
    cache = StartCache(paths)
    library = cache.library()
    cache.save(library)
    return library


def print_problems(problems: list[Problem], stream=sys.stderr) -> None:  # type: ignore[no-untyped-def]
    for problem in problems:
        print(problem.format(), file=stream)


def cmd_validate(args: argparse.Namespace, paths: Paths) -> int:
    roots = [Path(p) for p in args.paths] or [paths.packs]
    problems: list[Problem] = []
    counts = [0, 0, 0, 0, 0]
    for root in roots:
        if not root.is_dir():
            reason = "it is not a folder" if root.exists() else "no such folder"
            problems.append(Problem("packs.unreadable", Where(str(root)), {"reason": reason}))
            continue
        # Always from the files themselves: validating is what the caches are checked by.
        if (root / "pack.yaml").is_file():
            library = load_library(paths.packs, [root])
        elif root == paths.packs:  # what the program reads: with keys pinned, the releases in force too
            library = load_library(root, list(paths.extra_packs), trust=paths.trust)
        else:
            library = load_library(root)
        problems.extend(library.problems)
        for pack in library.packs.values():
            counts[0] += 1
            for tree in pack.trees.values():
                if tree.origin != pack.id and pack.id not in tree.changed_by:
                    continue
                counts[1] += 1
                counts[2] += len(tree.nodes)
                outcomes = tree.outcomes()
                counts[3] += len(outcomes)
                counts[4] += sum(len(o.cite) for o in outcomes)
    for problem in problems:
        print(problem.format())
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"OK: {counts[0]} packs, {counts[1]} trees, {counts[2]} nodes, {counts[3]} outcomes, {counts[4]} citations")
    return 0


def _report_broken(library: Library) -> None:
    for key, problems in library.broken.items():
        print(
            f"brightline: pack '{key}' has problems and was not loaded "
            f"(run 'brightline validate' for all {len(problems)}): {problems[0].format()}",
            file=sys.stderr,
        )


def report_trust(paths: Paths) -> None:
    """With author keys pinned: which release of each pack is in force and why, what was wrong
    with the installed releases, and which pack folders were refused (on standard error)."""
    trust = paths.trust
    if trust is None:
        return
    print("brightline: author keys are pinned: packs come only from verified releases and the program", file=sys.stderr)
    for standing in trust.standings.values():
        print(f"brightline: {standing.explain()}", file=sys.stderr)
    for problem in trust.problems:
        print(f"brightline: {problem}", file=sys.stderr)


def _report_unknown_pack(library: Library, pack_id: str) -> None:
    if pack_id in library.broken:
        print(
            f"brightline: pack '{pack_id}' has problems and was not loaded; run 'brightline validate'", file=sys.stderr
        )
    else:
        print(f"brightline: no pack '{pack_id}'; packs: {', '.join(library.packs) or 'none'}", file=sys.stderr)


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    """One line per tree; exit 1 for an unknown --pack."""
    library = load(paths)
    report_trust(paths)
    _report_broken(library)
    if args.pack and args.pack not in library.packs:
        _report_unknown_pack(library, args.pack)
        return 1
    for pack in library.packs.values():
        if args.pack and pack.id != args.pack:
            continue
        for tree in sorted(pack.trees.values(), key=lambda t: (t.group, t.title)):
            print(f"{pack.id}/{tree.id}  {tree.title}")
    return 0


def cmd_coverage(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.coverage import coverage

    library = load(paths)
    _report_broken(library)
    if args.pack and args.pack not in library.packs:
        _report_unknown_pack(library, args.pack)
        return 1
    rows = coverage(library, args.pack)
    gaps = 0
    for row in sorted(rows, key=lambda r: (r.provision.source_id, r.provision.where.line)):
        p = row.provision
        print(f"{p.ref}  {row.source_short}, {p.section} — {p.title}")
        if row.cited_by:
            for pack_id, tree_id, node_id in row.cited_by:
                print(f"    cited by {pack_id}/{tree_id}#{node_id}")
        if p.not_officer_facing:
            print(f"    not for officers: {p.not_officer_facing}")
        if not row.covered:
            gaps += 1
            print("    NOT COVERED: cited by no outcome and no 'not_officer_facing' reason")
    cited = sum(1 for r in rows if r.cited_by)
    explained = sum(1 for r in rows if not r.cited_by and r.provision.not_officer_facing)
    print(f"{len(rows)} provisions: {cited} cited, {explained} not for officers, {gaps} not covered")
    return 1 if gaps else 0


def cmd_diff(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.coverage import diff_pack

    library = load(paths)
    if args.pack not in library.packs:
        _report_unknown_pack(library, args.pack)
        return 1
    parent, changes, sources, scenarios = diff_pack(library, args.pack)
    pack = library.pack(args.pack)
    if parent is None:
        print(f"{pack.id} extends no pack; everything in it is its own.")
    else:
        print(f"{pack.id} ({pack.manifest.status}) changes {parent.id} ({parent.manifest.status}):")
    for change in changes:
        print(f"\n{change.change.upper()} tree {change.tree_id}: {change.title}")
        for node in change.nodes:
            print(f"  {node.change} {node.node_id}")
            if node.before:
                print(f"    was: {node.before}")
            if node.after:
                print(f"    now: {node.after}")
            for detail in node.details:
                print(f"    {detail}")
    if sources:
        print(f"\nOwn sources: {', '.join(sources)}")
    if scenarios:
        print(f"Own scenarios: {', '.join(scenarios)}")
    return 0


def cmd_prepare(args: argparse.Namespace, paths: Paths) -> int:
    """Validate the shipped packs and write their start index beside them (installers run this;
    the running window never writes into the program's folder)."""
    from brightline.core.startcache import write_shipped_index

    library = load_library(paths.packs)
    if library.problems:
        print_problems(library.problems, sys.stderr)
        print("brightline prepare: the shipped packs have problems; no start index written.", file=sys.stderr)
        return 1
    target = paths.shipped_start_index
    if not write_shipped_index(paths, library):
        print(f"brightline prepare: could not write {target}", file=sys.stderr)
        return 1
    print(f"Wrote {target} ({len(library.packs)} packs).")
    return 0
