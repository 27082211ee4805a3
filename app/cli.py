"""The `brightline` command: the window by default, and validate / list / walk / self-test.

Start-up order (the one path every command takes):
  parse arguments → resolve paths (`app.core.paths`) → logging → load and validate packs →
  for the window: QApplication → translators → main window → event loop (`app.ui.app.run`).
`main(argv)` returns an exit code and never calls sys.exit, so tests can run it in-process.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import __version__
from app.core.library import Library, load_configured, load_library
from app.core.model import Pack, Tree
from app.core.paths import Paths, resolve_paths
from app.core.problems import Problem
from app.core.text import outcome_text
from app.core.walk import Walk, WalkError
from app.core.where import Where

log = logging.getLogger("brightline")

Handler = Callable[[argparse.Namespace, Paths], int]


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; `commands=False` leaves out every command but `gui`, for starting
    the window: building them costs imports and time the window does not need."""
    parser = argparse.ArgumentParser(
        prog="brightline",
        description="Offline guidance for a city's sanctuary / safe-city policy. Guidance, not legal advice.",
    )
    parser.add_argument("--version", action="version", version=f"brightline {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="where to keep the contact log and settings "
                        "(default: $BRIGHTLINE_DATA_DIR or the platform's data folder)")
    parser.add_argument("--packs", metavar="DIR", action="append", default=[],
                        help="also load the packs in DIR (may be given more than once)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to standard error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if commands:
        _add_commands(sub)
        from app.cli_log import add_log_commands
        from app.cli_train import add_training_commands

        add_training_commands(sub)
        add_log_commands(sub)

    p = sub.add_parser("gui", help="start the window (the default)")
    p.set_defaults(handler=cmd_gui)
    return parser


def _add_commands(sub: Any) -> None:
    """validate, list, walk, coverage, diff and self-test."""
    p = sub.add_parser("validate", help="check packs against every invariant; exit 1 on problems")
    p.add_argument("paths", nargs="*", metavar="PATH", help="a packs folder (default: the shipped packs)")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("list", help="one line per tree: PACK_ID/TREE_ID  title")
    p.add_argument("--pack", help="only this pack")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("walk", help="walk a tree in the terminal")
    p.add_argument("--pack", required=True)
    p.add_argument("--tree", required=True)
    p.add_argument("--answers", help="answer non-interactively, e.g. 1,2,1 (1-based option numbers)")
    from app.core.contact_log.records import DOCUMENTS, METHODS

    rec = p.add_argument_group("recording the contact in the contact log")
    rec.add_argument("--record", action="store_true", help="log this contact (needs --staff, --agency, --method)")
    rec.add_argument("--staff", metavar='"NAME (ID)"', help="the staff member who handled it")
    rec.add_argument("--agency", help="e.g. ICE ERO, CBP, HSI")
    rec.add_argument("--official", metavar='"NAME (ID)"', default="", help="the federal official, as given")
    rec.add_argument("--method", choices=METHODS, help="how the contact came")
    rec.add_argument("--document", choices=DOCUMENTS, default="none", help="the document presented")
    rec.add_argument("--notes", default="", help="free notes (never anyone's immigration status)")
    rec.add_argument("--at", metavar="ISO-TIME", help="when the contact happened (default: now)")
    p.set_defaults(handler=cmd_walk)

    p = sub.add_parser("coverage", help="for each provision, the outcomes that cite it; exit 1 if any is neither cited nor explained")
    p.add_argument("--pack", help="only the provisions of this pack's own sources")
    p.set_defaults(handler=cmd_coverage)

    p = sub.add_parser("diff", help="what a pack changes relative to the pack it extends")
    p.add_argument("--pack", required=True)
    p.set_defaults(handler=cmd_diff)

    p = sub.add_parser("self-test", help="load everything, open the window offscreen, walk every tree")
    p.set_defaults(handler=cmd_self_test)


GLOBAL_OPTIONS = ("--data-dir", "--packs")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let `--data-dir DIR` and `--packs DIR` stand anywhere (`brightline log list --data-dir X`),
    as people type them, by moving them before the command."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        name = token.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and "=" in token:
            front.append(token)
        elif token in GLOBAL_OPTIONS and index + 1 < len(argv):
            front += [token, argv[index + 1]]
            index += 1
        else:
            rest.append(token)
        index += 1
    return front + rest


def starts_window(argv: list[str]) -> bool:
    """Whether these (hoisted) arguments name no command, so the window starts."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in GLOBAL_OPTIONS:
            index += 2
            continue
        if token.split("=", 1)[0] in GLOBAL_OPTIONS or token in ("-v", "--verbose"):
            index += 1
            continue
        return token == "gui"
    return True


def main(argv: list[str] | None = None) -> int:
    arguments = hoist_global_options(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=not starts_window(arguments))
    args = parser.parse_args(arguments)
    paths = resolve_paths(args.data_dir, args.packs)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="brightline: %(levelname)s: %(message)s")
    handler: Handler = getattr(args, "handler", cmd_gui)
    try:
        return handler(args, paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


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


def cmd_gui(args: argparse.Namespace, paths: Paths) -> int:
    from app.ui.app import run

    return run(paths, sys.argv[:1])


def main_exit() -> None:
    """Console-script entry point."""
    sys.exit(main())
