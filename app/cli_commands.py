"""What the `brightline` commands other than the window do: validate, list, walk, coverage, diff
and self-test (`app.cli` parses the command line and calls these)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.core.library import Library, load_configured, load_library
from app.core.model import Pack, Tree
from app.core.paths import Paths
from app.core.problems import Problem
from app.core.text import outcome_text
from app.core.walk import Walk, WalkError
from app.core.where import Where


def load(paths: Paths) -> Library:
    return load_configured(paths)


def print_problems(problems: list[Problem], stream=sys.stderr) -> None:  # type: ignore[no-untyped-def]
    for problem in problems:
        print(problem.format(), file=stream)


def cmd_validate(args: argparse.Namespace, paths: Paths) -> int:
    roots = [Path(p) for p in args.paths] or [paths.packs]
    problems: list[Problem] = []
    counts = [0, 0, 0, 0, 0]
    for root in roots:
        if not root.is_dir():
            problems.append(Problem("file.unreadable", Where(str(root)), {"reason": "no such folder"}))
            continue
        if (root / "pack.yaml").is_file():
            library = load_library(paths.packs, [root], cache_file=paths.pack_cache)
        else:
            library = load_library(root, list(paths.extra_packs) if root == paths.packs else [],
                                   cache_file=paths.pack_cache)
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
    print(f"OK: {counts[0]} packs, {counts[1]} trees, {counts[2]} nodes, {counts[3]} outcomes, "
          f"{counts[4]} citations")
    return 0


def _report_broken(library: Library) -> None:
    for key, problems in library.broken.items():
        print(f"brightline: pack '{key}' has problems and was not loaded "
              f"(run 'brightline validate' for all {len(problems)}): {problems[0].format()}", file=sys.stderr)


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    library = load(paths)
    _report_broken(library)
    for pack in library.packs.values():
        if args.pack and pack.id != args.pack:
            continue
        for tree in sorted(pack.trees.values(), key=lambda t: (t.group, t.title)):
            print(f"{pack.id}/{tree.id}  {tree.title}")
    return 0


def find_tree(library: Library, pack_id: str, tree_id: str) -> tuple[object, object] | str:
    if pack_id not in library.packs:
        if pack_id in library.broken:
            return f"pack '{pack_id}' has problems and was not loaded; run 'brightline validate'"
        return f"no pack '{pack_id}'; packs: {', '.join(library.packs) or 'none'}"
    pack = library.packs[pack_id]
    if tree_id not in pack.trees:
        return f"pack '{pack_id}' has no tree '{tree_id}'; run 'brightline list --pack {pack_id}'"
    return pack, pack.trees[tree_id]


def cmd_walk(args: argparse.Namespace, paths: Paths) -> int:
    library = load(paths)
    found = find_tree(library, args.pack, args.tree)
    if isinstance(found, str):
        print(f"brightline: {found}", file=sys.stderr)
        return 2
    pack, tree = found
    if args.record and not (args.staff and args.agency and args.method):
        print("brightline: --record needs --staff, --agency and --method", file=sys.stderr)
        return 2
    walk = Walk(tree)  # type: ignore[arg-type]
    if args.answers is not None:
        code = _walk_answers(walk, args.answers)
        if code:
            return code
    else:
        code = _walk_interactive(walk)
        if code:
            return code
    assert walk.outcome is not None
    print(outcome_text(pack, tree, walk.outcome, walk))  # type: ignore[arg-type]
    if args.record:
        return _record(args, paths, pack, tree, walk)  # type: ignore[arg-type]
    return 0


def _split_person(text: str) -> tuple[str, str]:
    """'Ana Ruiz (4411)' → ('Ana Ruiz', '4411'); a name without an id keeps the id empty."""
    text = " ".join(text.split())
    if text.endswith(")") and "(" in text:
        name, _, badge = text[:-1].rpartition("(")
        return name.strip(), badge.strip()
    return text, ""


def _record(args: argparse.Namespace, paths: Paths, pack: Pack, tree: Tree, walk: Walk) -> int:
    from datetime import datetime

    from app.cli_log import record_walk
    from app.core.contact_log.from_walk import draft_from_walk

    try:
        when = datetime.fromisoformat(args.at) if args.at else datetime.now().astimezone()
    except ValueError:
        print(f"brightline: --at '{args.at}' is not a date and time like 2026-11-22T02:15", file=sys.stderr)
        return 2
    staff_name, staff_badge = _split_person(args.staff)
    official_name, official_badge = _split_person(args.official)
    draft = draft_from_walk(
        pack, tree, walk, when, staff_name=staff_name, staff_badge=staff_badge, agency=args.agency,
        official_name=official_name, official_badge=official_badge, method=args.method,
        document=args.document, notes=args.notes,
    )
    print()
    return record_walk(paths.data, draft)


def _walk_answers(walk: Walk, answers: str) -> int:
    items = [a.strip() for a in answers.split(",") if a.strip()]
    for position, item in enumerate(items, start=1):
        if walk.finished:
            print(f"brightline: the walk reached its outcome after {position - 1} answer(s); "
                  f"{len(items) - position + 1} answer(s) left over: {','.join(items[position - 1:])}", file=sys.stderr)
            return 2
        if not item.isdigit():
            print(f"brightline: answer {position} is '{item}'; answers are option numbers like 1,2,1", file=sys.stderr)
            return 2
        try:
            walk.answer(int(item) - 1)
        except WalkError as exc:
            print(f"brightline: answer {position} ({item}) at '{walk.current_id}': {exc}", file=sys.stderr)
            return 2
    if not walk.finished:
        print(f"brightline: {len(items)} answer(s) do not reach an outcome; the walk stops at "
              f"'{walk.current_id}': {' '.join(walk.current.text.split())} (at most {walk.remaining()} more)",
              file=sys.stderr)
        return 2
    return 0


def _walk_interactive(walk: Walk) -> int:
    while not walk.finished:
        node = walk.current
        print()
        print(f"[{len(walk.steps) + 1}] {' '.join(node.text.split())}")
        if node.hint:
            print(f"    ({' '.join(node.hint.split())})")
        for number, label in enumerate(walk.choices(), start=1):
            print(f"  {number}. {label}")
        print(f"  b. back    q. quit    (at most {walk.remaining()} more)")
        try:
            reply = input("> ").strip().lower()
        except EOFError:
            return 130
        if reply == "q":
            return 130
        if reply == "b":
            if not walk.back():
                print("Already at the first question.")
            continue
        if reply.isdigit():
            try:
                walk.answer(int(reply) - 1)
            except WalkError as exc:
                print(exc)
            continue
        print(f"Type an option number (1 to {len(walk.choices())}), b or q.")
    print()
    return 0


def cmd_coverage(args: argparse.Namespace, paths: Paths) -> int:
    from app.core.coverage import coverage

    library = load(paths)
    _report_broken(library)
    if args.pack and args.pack not in library.packs:
        print(f"brightline: no loaded pack '{args.pack}'", file=sys.stderr)
        return 2
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
    from app.core.coverage import diff_pack

    library = load(paths)
    if args.pack not in library.packs:
        print(f"brightline: no loaded pack '{args.pack}'", file=sys.stderr)
        return 2
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


def cmd_self_test(args: argparse.Namespace, paths: Paths) -> int:
    from app.selftest import self_test

    return self_test(paths)


def cmd_prepare(args: argparse.Namespace, paths: Paths) -> int:
    """Validate the shipped packs and write their start index beside them (installers run this;
    the running window never writes into the program's folder)."""
    from app.core.fingerprint import SIZES
    from app.core.start_index import StartIndex, start_key, write_start_index

    library = load_library(paths.packs)
    if library.problems:
        print_problems(library.problems, sys.stderr)
        print("brightline prepare: the shipped packs have problems; no start index written.", file=sys.stderr)
        return 1
    target = paths.shipped_start_index
    if not write_start_index(target, start_key(paths.packs, [], by=SIZES), StartIndex.of(library)):
        print(f"brightline prepare: could not write {target}", file=sys.stderr)
        return 1
    print(f"Wrote {target} ({len(library.packs)} packs).")
    return 0
