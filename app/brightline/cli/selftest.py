"""`brightline self-test`: prove that an installed Brightline works, without a display or network.

Loads every pack (a broken pack fails the test), checks that what start-up keeps for them (the
start indexes and the library cache) says exactly what they say, opens the real main window
offscreen, and for every tree of every pack walks one path — the first option at every step —
through the window's own controller to an outcome, checking that the outcome page shows its
verdict and that every citation resolves. Prints "OK: N packs, M trees walked", or each failure,
and returns 0 or 1. It writes nothing: no cache, no settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, TextIO

from brightline.core.library import load_library
from brightline.core.paths import Paths
from brightline.core.startcache import StartCache

if TYPE_CHECKING:
    from brightline.ui.main_window import MainWindow


def self_test(paths: Paths, out: TextIO | None = None) -> int:
    """Run the self-test; returns the exit code (0 when everything passed)."""
    out = out or sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures: list[str] = []
    library = load_library(paths.packs, list(paths.extra_packs), trust=paths.trust)
    failures += StartCache(paths).differences(library)
    for key, problems in library.broken.items():
        failures.append(f"pack '{key}' did not load: {problems[0].format() if problems else 'unknown problem'}")
    if not library.packs:
        failures.append(f"no pack loaded from {paths.packs}")

    # Imported here so that a broken Qt install is reported as a failure, not a traceback.
    try:
        from brightline.ui.app import build
        from brightline.ui.settings import UiSettings
    except ImportError as exc:
        failures.append(f"the window cannot be loaded: {exc}")
        return _report(failures, 0, 0, out)

    # In-memory settings: the self-test must not change the pack the user last chose.
    started = build(paths, [sys.argv[0] if sys.argv else "brightline"], library, settings=UiSettings(None))
    window, app = started.window, started.app
    controller = window.controller
    # The self-test's walks are no real contacts: nothing is offered for recording and leaving an
    # outcome that must be documented does not stop to remind (a modal box would hang a headless run).
    window.finish_building()  # the recorder is made now, so that its reminder can be turned off
    controller.set_leave_guard(None)
    walked = 0
    try:
        for pack_id, pack in library.packs.items():
            controller.select_pack(pack_id)
            for tree_id, tree in pack.trees.items():
                failure = _walk_first_path(window, tree_id, len(tree.nodes))
                app.processEvents()
                if failure:
                    failures.append(f"{pack_id}/{tree_id}: {failure}")
                else:
                    walked += 1
                controller.close()
    finally:
        controller.close()
        window.contact_log = None  # the reminder on closing is for real contacts only
        window.close()
        window.deleteLater()
        app.processEvents()
    return _report(failures, len(library.packs), walked, out)


def _walk_first_path(window: MainWindow, tree_id: str, size: int) -> str:
    """Walk `tree_id` answering the first option at every step; "" when all is well."""
    controller = window.controller
    controller.open_tree(tree_id)
    if controller.current is None:
        return "the tree did not open"
    for _ in range(size + 1):
        if controller.finished:
            break
        controller.answer(0)
    outcome = controller.current
    if outcome is None or not controller.finished:
        return f"no outcome after {size} answers"
    if window.stack.currentWidget() is not window.outcome:
        return f"reached '{outcome.id}' but the window does not show the outcome page"
    if not outcome.cite:
        return f"outcome '{outcome.id}' cites nothing"
    pack = controller.pack
    assert pack is not None
    missing = [ref for ref in outcome.cite if pack.provision(ref) is None]
    if missing:
        return f"outcome '{outcome.id}' cites {', '.join(missing)}, which do not resolve"
    shown = window.outcome.banner.text()
    if outcome.verdict.replace("-", " ").split()[0].upper() not in shown.upper():
        return f"the verdict banner shows {shown!r} for verdict '{outcome.verdict}'"
    return ""


def _report(failures: list[str], packs: int, walked: int, out: TextIO) -> int:
    if failures:
        for failure in failures:
            print(f"FAIL: {failure}", file=out)
        print(f"self-test failed: {len(failures)} problem(s); {packs} packs, {walked} trees walked", file=out)
        return 1
    print(f"OK: {packs} packs, {walked} trees walked", file=out)
    return 0


def cmd_self_test(args: argparse.Namespace, paths: Paths) -> int:
    return self_test(paths)
