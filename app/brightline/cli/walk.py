"""`brightline walk`: a tree walked in the terminal, interactively or from given answers, and
the contact recorded from it."""

from __future__ import annotations

import argparse
import sys

from brightline.cli.packs import load
from brightline.core.library import Library
from brightline.core.model import Pack, Tree
from brightline.core.paths import Paths
from brightline.core.text import outcome_text
from brightline.core.walk import Walk, WalkError


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
        code = walk_answers(walk, args.answers)
        if code:
            return code
    else:
        code = walk_interactive(walk)
        if code:
            return code
    assert walk.outcome is not None
    print(outcome_text(pack, tree, walk.outcome, walk))  # type: ignore[arg-type]
    if args.record:
        return _record(args, paths, pack, tree, walk)  # type: ignore[arg-type]
    return 0


def split_person(text: str) -> tuple[str, str]:
    """'Ana Ruiz (4411)' → ('Ana Ruiz', '4411'); a name without an id keeps the id empty."""
    text = " ".join(text.split())
    if text.endswith(")") and "(" in text:
        name, _, badge = text[:-1].rpartition("(")
        return name.strip(), badge.strip()
    return text, ""


def _record(args: argparse.Namespace, paths: Paths, pack: Pack, tree: Tree, walk: Walk) -> int:
    from datetime import datetime

    from brightline.cli.log import record_walk
    from brightline.core.contact_log.from_walk import draft_from_walk

    try:
        when = datetime.fromisoformat(args.at) if args.at else datetime.now().astimezone()
    except ValueError:
        print(f"brightline: --at '{args.at}' is not a date and time like 2026-11-22T02:15", file=sys.stderr)
        return 2
    staff_name, staff_badge = split_person(args.staff)
    official_name, official_badge = split_person(args.official)
    draft = draft_from_walk(
        pack,
        tree,
        walk,
        when,
        staff_name=staff_name,
        staff_badge=staff_badge,
        agency=args.agency,
        official_name=official_name,
        official_badge=official_badge,
        method=args.method,
        document=args.document,
        notes=args.notes,
    )
    print()
    return record_walk(paths.data, draft, allow_status_words=args.allow_status_words, paths=paths)


def walk_answers(walk: Walk, answers: str) -> int:
    items = [a.strip() for a in answers.split(",") if a.strip()]
    for position, item in enumerate(items, start=1):
        if walk.finished:
            print(
                f"brightline: the walk reached its outcome after {position - 1} answer(s); "
                f"{len(items) - position + 1} answer(s) left over: {','.join(items[position - 1 :])}",
                file=sys.stderr,
            )
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
        print(
            f"brightline: {len(items)} answer(s) do not reach an outcome; the walk stops at "
            f"'{walk.current_id}': {' '.join(walk.current.text.split())} (at most {walk.remaining()} more)",
            file=sys.stderr,
        )
        return 2
    return 0


def walk_interactive(walk: Walk) -> int:
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
