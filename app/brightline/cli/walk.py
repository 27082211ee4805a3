"""`brightline walk`: a tree walked in the terminal, interactively or from given answers, and
the contact recorded from it.

Interactively, Enter continues past a note, `?` shows the question's help article, `b` goes back
and `q` quits; the outcome offers to record the contact there and then, asking for the staff
member, the agency and how the contact came. Whatever follows the outcome, its verdict is printed
again last, so that it is what stays on the screen. A pack or tree that does not exist is an
error (exit 1); answers that do not fit the tree are a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime

from brightline.cli.packs import load
from brightline.core.library import Library
from brightline.core.model import HelpArticle, Pack, Tree
from brightline.core.paths import Paths
from brightline.core.standing import STATUS_WARNINGS
from brightline.core.text import help_text, outcome_text, pack_line, verdict_line, wrap
from brightline.core.walk import Walk, WalkError

NOT_FOUND, USAGE, QUIT = 1, 2, 130

Ask = Callable[[str], str]


def find_tree(library: Library, pack_id: str, tree_id: str) -> tuple[Pack, Tree] | str:
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
        return NOT_FOUND
    pack, tree = found
    if args.record and not (args.staff and args.agency and args.method):
        print("brightline: --record needs --staff, --agency and --method", file=sys.stderr)
        return USAGE
    walk = Walk(tree)
    if args.answers is not None:
        code = walk_answers(walk, args.answers)
    else:
        print(pack_line(pack.manifest))
        warning = STATUS_WARNINGS.get(pack.manifest.status)
        if warning:
            print(f"! {warning}")
        print(f"Situation: {tree.title}")
        code = walk_interactive(walk, pack)
    if code:
        return code
    outcome = walk.outcome
    assert outcome is not None
    print(outcome_text(pack, tree, walk.outcome, walk))
    code = 0
    if args.record:
        code = _record(args, paths, pack, tree, walk)
    elif args.answers is None:
        code = offer_record(args, paths, pack, tree, walk, input)
    else:
        return 0
    print()
    print(verdict_line(outcome))
    print(wrap(outcome.headline))
    return code


def split_person(text: str) -> tuple[str, str]:
    """'Ana Ruiz (4411)' → ('Ana Ruiz', '4411'); a name without an id keeps the id empty."""
    text = " ".join(text.split())
    if text.endswith(")") and "(" in text:
        name, _, badge = text[:-1].rpartition("(")
        return name.strip(), badge.strip()
    return text, ""


def offer_record(args: argparse.Namespace, paths: Paths, pack: Pack, tree: Tree, walk: Walk, ask: Ask) -> int:
    """After an interactive walk: offer to record the contact now, asking for what the log needs."""
    from brightline.core.contact_log.records import DOCUMENTS, METHODS

    try:
        print()
        if ask("Record this contact in the contact log now? [y/N] ").strip().lower() not in ("y", "yes"):
            return 0
        args.staff = _ask_until(ask, "Staff member, as NAME (ID): ")
        args.agency = _ask_until(ask, "Agency (e.g. ICE ERO, CBP, HSI): ")
        args.official = ask("Federal official, as NAME (ID), if given (Enter to skip): ").strip()
        args.method = _choose(ask, "How did the contact come", METHODS, "")
        args.document = _choose(ask, "What document was presented", DOCUMENTS, "none")
        args.notes = ask("Notes (never anyone's immigration status; Enter to skip): ").strip()
        args.at = ""
    except EOFError:
        print()
        print("Not recorded.")
        return 0
    return _record(args, paths, pack, tree, walk)


def _ask_until(ask: Ask, prompt: str) -> str:
    while True:
        reply = ask(prompt).strip()
        if reply:
            return reply
        print("This is needed for the record.")


def _choose(ask: Ask, what: str, choices: tuple[str, ...], default: str) -> str:
    hint = f" (Enter for {default})" if default else ""
    by_key = {choice.casefold(): choice for choice in choices}
    while True:
        reply = ask(f"{what}? {', '.join(choices)}{hint}: ").strip()
        if not reply and default:
            return default
        if reply.casefold() in by_key:
            return by_key[reply.casefold()]
        print(f"Type one of: {', '.join(choices)}.")


def _record(args: argparse.Namespace, paths: Paths, pack: Pack, tree: Tree, walk: Walk) -> int:
    from brightline.cli.log import record_walk
    from brightline.core.contact_log.from_walk import draft_from_walk

    try:
        when = datetime.fromisoformat(args.at) if args.at else datetime.now().astimezone()
    except ValueError:
        print(f"brightline: --at '{args.at}' is not a date and time like 2026-11-22T02:15", file=sys.stderr)
        return USAGE
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
            return USAGE
        if not item.isdigit():
            print(f"brightline: answer {position} is '{item}'; answers are option numbers like 1,2,1", file=sys.stderr)
            return USAGE
        try:
            walk.answer(int(item) - 1)
        except WalkError as exc:
            print(f"brightline: answer {position} ({item}) at '{walk.current_id}': {exc}", file=sys.stderr)
            return USAGE
    if not walk.finished:
        print(
            f"brightline: {len(items)} answer(s) do not reach an outcome; the walk stops at "
            f"'{walk.current_id}': {' '.join(walk.current.text.split())} (at most {walk.remaining()} more)",
            file=sys.stderr,
        )
        return USAGE
    return 0


def walk_interactive(walk: Walk, pack: Pack, ask: Ask = input) -> int:
    """Question by question until the outcome; 130 when the user quits (q, or end of input)."""
    while not walk.finished:
        node = walk.current
        article = pack.help.get(node.help) if node.help else None
        print()
        if node.type == "note":
            print(f"[{len(walk.steps) + 1}] Note: {' '.join(node.text.split())}")
            keys = "  Enter: continue    b. back    q. quit"
        else:
            print(f"[{len(walk.steps) + 1}] {' '.join(node.text.split())}")
            if node.hint:
                print(f"    ({' '.join(node.hint.split())})")
            for number, label in enumerate(walk.choices(), start=1):
                print(f"  {number}. {label}")
            keys = f"  {'?. help    ' if article else ''}b. back    q. quit    (at most {walk.remaining()} more)"
        print(keys)
        try:
            reply = ask("> ").strip().lower()
        except EOFError:
            return QUIT
        if reply == "q":
            return QUIT
        if reply == "b":
            if not walk.back():
                print("Already at the first question.")
            continue
        if reply == "?":
            print(_help(article))
            continue
        if node.type == "note" and reply in ("", "1", "c"):
            walk.answer(0)
            continue
        if reply.isdigit() and node.type == "question":
            try:
                walk.answer(int(reply) - 1)
            except WalkError as exc:
                print(exc)
            continue
        if node.type == "note":
            print("Press Enter to continue, or type b or q.")
        else:
            print(f"Type an option number (1 to {len(walk.choices())}), {'?, ' if article else ''}b or q.")
    print()
    return 0


def _help(article: HelpArticle | None) -> str:
    if article is None:
        return "There is no help article for this step."
    return "\n" + help_text(article)
