"""The window command (`brightline` with no command, or `brightline gui`)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Mapping

from brightline.core.paths import Paths


def display_problem(environ: Mapping[str, str], qt_args: list[str], platform: str = sys.platform) -> str:
    """Why the window cannot open on this machine's display, in one line; "" when it can.

    Only the case Qt gets wrong is named: on Linux with no display at all, Qt aborts with a hint
    about the xcb plug-in that sends people to reinstall libraries. A platform chosen explicitly
    (QT_QPA_PLATFORM, -platform) is Qt's to try."""
    if not platform.startswith("linux") or "-platform" in qt_args:
        return ""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and chosen.split(":")[0] not in ("xcb", "wayland"):
        return ""
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "brightline: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "start it in a desktop session, or see `brightline --help` for the commands that need none"
    )


def cmd_gui(args: argparse.Namespace, paths: Paths) -> int:
    if getattr(args, "department", None):  # the window finds the machine-wide configuration as the core does
        os.environ["BRIGHTLINE_DEPARTMENT"] = args.department
    problem = display_problem(os.environ, args.qt_args)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # No cyclic garbage collection while the window is made (`run` turns it back on before the
    # event loop): start-up makes a few hundred thousand objects that live as long as the window,
    # and walking them again and again took a large share of the start's time.
    gc.disable()
    try:
        # The start-up cache, a part of the core, before the window's modules import PySide: from
        # then on PySide's import hook reads the source of every module imported, to see whether
        # it asks for one of PySide's __feature__ options (tests/benchmarks/README.md, "Figures
        # behind the code").
        from brightline.core.startcache import StartCache

        cache = StartCache(paths)
        from brightline.ui.app import run

        code = run(
            paths,
            [sys.argv[0] if sys.argv else "brightline", *args.qt_args],
            crash_log=getattr(args, "crash_log", None),
            cache=cache,
        )
        assert isinstance(code, int)  # with the event loop run, the exit code
        return code
    finally:
        gc.enable()
