"""The `brightline` command: the window by default, and validate / list / walk / self-test ….

Start-up order (the one path every command takes):
  parse arguments → resolve paths (`brightline.core.paths`) → logging → crash log in the data folder
  (`brightline.core.crash_log`; the program's entry point only) → the machine-wide configuration's
  pinned author keys decide which packs may be read (`brightline.core.releases.trust`) → load and
  validate packs →
  for the window: a display to open it on (`brightline.cli.window`) → QApplication, with Qt's own
  options → translators → main window → event loop (`brightline.ui.app.run`).
`main(argv)` returns an exit code and never calls sys.exit, so tests can run it in-process.

Exit codes: 0 done; 1 something named was not found or failed (an unknown pack, a --packs folder
that is not there, problems in packs); 2 a usage error (argparse's own); the log commands add 3
(`brightline.cli.log`); 130 interrupted.

One argparse parser reads every command line, the window's too. It is cheap to build: a command's
parser is made only when that command is used (`_CommandParsers`), its arguments added only when it
parses (`CommandParser`), and the module that runs it is imported only then; so a plain start of
the window imports no command module.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from brightline import __version__
from brightline.core.paths import Paths, resolve_paths

log = logging.getLogger("brightline")

Handler = Callable[[argparse.Namespace, Paths], int]
OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130

WINDOW = "gui"

# Qt's own command-line options (QGuiApplication and QApplication, and X11's), which go to Qt when
# the window starts: option → whether it takes a value.
QT_OPTIONS = {
    "-platform": True,
    "-platformpluginpath": True,
    "-platformtheme": True,
    "-plugin": True,
    "-qwindowgeometry": True,
    "-qwindowicon": True,
    "-qwindowtitle": True,
    "-reverse": False,
    "-session": True,
    "-style": True,
    "-stylesheet": True,
    "-widgetcount": False,
    "-display": True,
    "-geometry": True,
    "-title": True,
    "-name": True,
    "-nograb": False,
    "-dograb": False,
    "-sync": False,
}


def _add_global_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """--data-dir, --packs and -v, on the main parser and again on every command's, so that they
    may stand before or after the command. After it they have no defaults of their own, so that
    they change only what they name; --packs there adds to the folders given before the command."""
    unset = {"default": argparse.SUPPRESS} if after_command else {}
    group = parser.add_argument_group("options for every command")
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where to keep the contact log and settings (default: $BRIGHTLINE_DATA_DIR or the platform's data folder)",
        **unset,
    )
    group.add_argument(
        "--packs",
        metavar="DIR",
        action="append",
        dest="more_packs" if after_command else "packs",
        help="also load the packs in DIR (may be given more than once)",
        **({"default": argparse.SUPPRESS} if after_command else {"default": []}),
    )
    group.add_argument("-v", "--verbose", action="store_true", help="log more to standard error", **unset)
    # After a command the file may be left out: `log list --department` reads the department log
    # with the machine-wide configuration found as usual.
    optional_file = {"nargs": "?", "const": ""} if after_command else {}
    group.add_argument(
        "--department",
        metavar="FILE",
        **optional_file,
        help="the machine-wide configuration of the department (default: $BRIGHTLINE_DEPARTMENT or the "
        "platform's place); with the log commands, read the department's log",
        **unset,  # type: ignore[arg-type]
    )


class _QtOption(argparse.Action):
    """Collects one of Qt's options, with its value, for QApplication."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: str | None = None) -> None:
        given = list(getattr(namespace, self.dest, None) or [])
        given.append(option_string or "")
        if isinstance(values, str):
            given.append(values)
        setattr(namespace, self.dest, given)


def _add_qt_options(parser: argparse.ArgumentParser, dest: str) -> None:
    """Qt's options as two arguments (those with a value, and the flags): one per option would
    cost every start of the window the time to build them."""
    group = parser.add_argument_group("Qt's options, for the window")
    with_value = [option for option, takes_value in QT_OPTIONS.items() if takes_value]
    flags = [option for option, takes_value in QT_OPTIONS.items() if not takes_value]
    group.add_argument(*with_value, action=_QtOption, dest=dest, metavar="VALUE", help=argparse.SUPPRESS)
    group.add_argument(*flags, action=_QtOption, dest=dest, nargs=0, help=argparse.SUPPRESS)


class CommandParser(argparse.ArgumentParser):
    """A command's parser. Its arguments, and the global options, are added the first time it
    parses (only the command given ever does): its own by `arguments(parser)`, a function or
    "module:function", so that building the whole command line imports no command module."""

    def __init__(
        self,
        *args: Any,
        arguments: Callable[[argparse.ArgumentParser], None] | str | None = None,
        handler: str | None = None,
        **kwargs: Any,
    ) -> None:
        # No abbreviations: `--pack` must never be read as the global `--packs`.
        super().__init__(*args, allow_abbrev=False, **kwargs)
        self._arguments = arguments
        self._complete = False
        if handler is not None:
            self.set_defaults(handler=handler)

    def parse_known_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> tuple[Any, list[str]]:  # type: ignore[override]
        self.add_command_arguments()
        return super().parse_known_args(args, namespace)

    def add_command_arguments(self) -> None:
        if self._complete:
            return
        self._complete = True
        arguments = _resolve(self._arguments) if isinstance(self._arguments, str) else self._arguments
        if arguments is not None:
            arguments(self)
        _add_global_options(self, after_command=True)


class _ParserLater:
    """A command's parser, to be made the first time it is looked up (`_CommandParsers`)."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


class _CommandParsers(dict[str, Any]):
    """Command name → its parser, made the first time the name is looked up: only the command
    given ever is. Names and help, all that `--help` and argparse's "invalid choice" list, are
    there from the start (tests/benchmarks/README.md, "Figures behind the code": making every
    command's parser lengthened each start of the window)."""

    def __getitem__(self, name: str) -> Any:
        parser = super().__getitem__(name)
        if isinstance(parser, _ParserLater):
            parser = CommandParser(**parser.kwargs)
            self[name] = parser
        return parser


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """argparse's subcommands, with each command's parser made only when it is used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parser_class = _ParserLater
        self._name_parser_map = self.choices = _CommandParsers()


def _resolve(reference: str) -> Any:
    """ "package.module:name" → the object, importing the module now."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


def _validate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="a packs folder (default: the shipped packs)")


def _pack_filter_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", help="only this pack")


def _walk_arguments(p: argparse.ArgumentParser) -> None:
    from brightline.core.contact_log.records import DOCUMENTS, METHODS

    p.add_argument("--pack", required=True)
    p.add_argument("--tree", required=True)
    p.add_argument("--answers", help="answer non-interactively, e.g. 1,2,1 (1-based option numbers)")
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


def _diff_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", required=True)


def _coverage_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", help="only the provisions of this pack's own sources")


def _window_arguments(p: argparse.ArgumentParser) -> None:
    _add_qt_options(p, "more_qt_args")  # given after `gui`; merged by `parse`


# name → (help, its arguments, the handler that runs it). A handler "module:function" is imported
# only when its command runs; `log`, `pack`, `train` and `training` set their handlers themselves.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None] | str | None, str | None]] = {
    "validate": (
        "check packs against every invariant; exit 1 on problems",
        _validate_arguments,
        "brightline.cli.packs:cmd_validate",
    ),
    "list": ("one line per tree: PACK_ID/TREE_ID  title", _pack_filter_arguments, "brightline.cli.packs:cmd_list"),
    "walk": ("walk a tree in the terminal", _walk_arguments, "brightline.cli.walk:cmd_walk"),
    "coverage": (
        "for each provision, the outcomes that cite it; exit 1 if any is neither cited nor explained",
        _coverage_arguments,
        "brightline.cli.packs:cmd_coverage",
    ),
    "diff": ("what a pack changes relative to the pack it extends", _diff_arguments, "brightline.cli.packs:cmd_diff"),
    "self-test": (
        "load everything, open the window offscreen, walk every tree",
        None,
        "brightline.cli.selftest:cmd_self_test",
    ),
    "prepare": (
        "after installing or bundling: write the start index of the shipped packs beside them, "
        "so that a new user's first start paints at once",
        None,
        "brightline.cli.packs:cmd_prepare",
    ),
    "train": (
        "play training scenarios in the terminal, with debrief and score",
        "brightline.cli.train:add_train_arguments",
        None,
    ),
    "training": ("training records", "brightline.cli.train:add_training_arguments", None),
    "log": ("the contact log: list, verify, export, report", "brightline.cli.log:add_log_arguments", None),
    "department": (
        "the department server: init-server, create-account, enrol, status, sync",
        "brightline.cli.department:add_department_arguments",
        None,
    ),
    "pack": (
        "signed releases of packs: keygen, publish, install, roll back, what changed, acknowledge",
        "brightline.cli.releases:add_pack_arguments",
        None,
    ),
    WINDOW: ("start the window (the default)", _window_arguments, "brightline.cli.window:cmd_gui"),
}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; cheap to build (see `CommandParser`)."""
    parser = argparse.ArgumentParser(
        prog="brightline",
        description="Offline guidance for a city's sanctuary / safe-city policy. Guidance, not legal advice.",
        allow_abbrev=False,
        epilog="Qt's own options (-platform, -style, -reverse …) are passed to the window.",
    )
    parser.add_argument("--version", action="version", version=f"brightline {__version__}")
    _add_global_options(parser, after_command=False)
    _add_qt_options(parser, "qt_args")
    parser.set_defaults(handler=COMMANDS[WINDOW][2])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=_Commands)
    for name, (help_text, arguments, handler) in COMMANDS.items():
        sub.add_parser(name, help=help_text, arguments=arguments, handler=handler)
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    """The parsed command line, with the global options given after the command merged in.
    Exits (2) with argparse's message on a usage error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # A command's parser reads into a namespace of its own, copied over the main one: what may be
    # given both before and after the command is read into two names and joined here.
    args.packs = [*args.packs, *getattr(args, "more_packs", [])]
    args.qt_args = [*(getattr(args, "qt_args", None) or []), *(getattr(args, "more_qt_args", None) or [])]
    if args.command is None:
        args.command = WINDOW
    if args.qt_args and args.command != WINDOW:
        parser.error(f"{args.qt_args[0]} is one of Qt's options, for the window; '{args.command}' does not take it")
    return args


def missing_folders(folders: list[str]) -> list[str]:
    """Those of `folders` that are not folders."""
    return [folder for folder in folders if not os.path.isdir(os.path.expanduser(folder))]


def main(argv: list[str] | None = None, *, keep_crash_log: bool = False) -> int:
    """Run the command line `argv` (default: the program's); returns the exit code.

    `keep_crash_log`: send unexpected errors and native crashes to the crash log in the data folder
    (`brightline.core.crash_log`), as the program does; tests that call `main` leave it off, so
    that the process's hooks stay pytest's."""
    args = parse(sys.argv[1:] if argv is None else argv)
    paths = resolve_paths(args.data_dir, args.packs)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="brightline: %(levelname)s: %(message)s"
    )
    args.crash_log = None
    if keep_crash_log:
        from brightline.core.crash_log import install_crash_log

        args.crash_log = install_crash_log(paths.data)
    missing = missing_folders(args.packs)
    if missing:
        for folder in missing:
            print(f"brightline: --packs {folder}: there is no such folder", file=sys.stderr)
        return FAILED
    from brightline.core.releases.trust import start_up_trust

    paths, unusable = start_up_trust(paths)  # with author keys pinned: only verified releases
    if unusable:
        print(f"brightline: {unusable}", file=sys.stderr)
        return FAILED
    handler = args.handler
    run: Handler = _resolve(handler) if isinstance(handler, str) else handler
    try:
        return run(args, paths)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        return OK


def main_exit() -> None:
    """The program's entry point (the console script, `python -m brightline` and the bundle)."""
    sys.exit(main(keep_crash_log=True))
