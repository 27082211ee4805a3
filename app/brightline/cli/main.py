"""The `brightline` command: the window by default, and validate / list / walk / self-test.

Start-up order (the one path every command takes):
  parse arguments → resolve paths (`brightline.core.paths`) → logging → load and validate packs →
  for the window: QApplication → translators → main window → event loop (`brightline.ui.app.run`).
`main(argv)` returns an exit code and never calls sys.exit, so tests can run it in-process.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import Any

from brightline import __version__
from brightline.cli.window import cmd_gui
from brightline.core.paths import Paths, resolve_paths

log = logging.getLogger("brightline")

Handler = Callable[[argparse.Namespace, Paths], int]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line. A plain start of the window does without it (`read_window_options`):
    building it costs imports and time the window does not need."""
    parser = argparse.ArgumentParser(
        prog="brightline",
        description="Offline guidance for a city's sanctuary / safe-city policy. Guidance, not legal advice.",
    )
    parser.add_argument("--version", action="version", version=f"brightline {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where to keep the contact log and settings (default: $BRIGHTLINE_DATA_DIR or the platform's data folder)",
    )
    parser.add_argument(
        "--packs",
        metavar="DIR",
        action="append",
        default=[],
        help="also load the packs in DIR (may be given more than once)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to standard error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    _add_commands(sub)
    from brightline.cli.log import add_log_commands
    from brightline.cli.train import add_training_commands

    add_training_commands(sub)
    add_log_commands(sub)

    p = sub.add_parser("gui", help="start the window (the default)")
    p.set_defaults(handler=cmd_gui)
    return parser


def _add_commands(sub: Any) -> None:
    """validate, list, walk, coverage, diff, self-test and prepare."""
    from brightline.cli.packs import cmd_coverage, cmd_diff, cmd_list, cmd_prepare, cmd_validate
    from brightline.cli.selftest import cmd_self_test
    from brightline.cli.walk import cmd_walk

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
    from brightline.core.contact_log.records import DOCUMENTS, METHODS

    rec = p.add_argument_group("recording the contact in the contact log")
    rec.add_argument("--record", action="store_true", help="log this contact (needs --staff, --agency, --method)")
    rec.add_argument("--staff", metavar='"NAME (ID)"', help="the staff member who handled it")
    rec.add_argument("--agency", help="e.g. ICE ERO, CBP, HSI")
    rec.add_argument("--official", metavar='"NAME (ID)"', default="", help="the federal official, as given")
    rec.add_argument("--method", choices=METHODS, help="how the contact came")
    rec.add_argument("--document", choices=DOCUMENTS, default="none", help="the document presented")
    rec.add_argument("--notes", default="", help="free notes (never anyone's immigration status)")
    rec.add_argument("--allow-status-words", action="store_true", help="log notes that mention immigration status")
    rec.add_argument("--at", metavar="ISO-TIME", help="when the contact happened (default: now)")
    p.set_defaults(handler=cmd_walk)

    p = sub.add_parser(
        "coverage", help="for each provision, the outcomes that cite it; exit 1 if any is neither cited nor explained"
    )
    p.add_argument("--pack", help="only the provisions of this pack's own sources")
    p.set_defaults(handler=cmd_coverage)

    p = sub.add_parser("diff", help="what a pack changes relative to the pack it extends")
    p.add_argument("--pack", required=True)
    p.set_defaults(handler=cmd_diff)

    p = sub.add_parser("self-test", help="load everything, open the window offscreen, walk every tree")
    p.set_defaults(handler=cmd_self_test)

    p = sub.add_parser(
        "prepare",
        help="after installing or bundling: write the start index of the shipped packs "
        "beside them, so that a new user's first start paints at once",
    )
    p.set_defaults(handler=cmd_prepare)


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


def read_window_options(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain start of the window (`--data-dir`, `--packs`, `-v`, then at most
    `gui`) as the parser would give them, read without building it: that cost about 5 ms of
    every start. None for anything else, which the parser reads and answers (help, errors)."""
    options = argparse.Namespace(data_dir=None, packs=[], verbose=False, command=None)
    index = 0
    while index < len(argv):
        token = argv[index]
        name, equals, value = token.partition("=")
        if name in GLOBAL_OPTIONS:
            if not equals:
                if index + 1 == len(argv) or argv[index + 1].startswith("-"):
                    return None
                index += 1
                value = argv[index]
            if name == "--data-dir":
                options.data_dir = value
            else:
                options.packs.append(value)
        elif token in ("-v", "--verbose"):
            options.verbose = True
        elif token == "gui" and index == len(argv) - 1:
            options.command = "gui"
            options.handler = cmd_gui
        else:
            return None
        index += 1
    return options


def main(argv: list[str] | None = None) -> int:
    arguments = hoist_global_options(sys.argv[1:] if argv is None else argv)
    args = read_window_options(arguments)
    if args is None:
        args = build_parser().parse_args(arguments)
    paths = resolve_paths(args.data_dir, args.packs)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="brightline: %(levelname)s: %(message)s"
    )
    handler: Handler = getattr(args, "handler", cmd_gui)
    try:
        return handler(args, paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def main_exit() -> None:
    """Console-script entry point."""
    sys.exit(main())
