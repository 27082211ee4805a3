"""The window command (`brightline` with no command, or `brightline gui`)."""

from __future__ import annotations

import argparse
import gc
import sys

from brightline.core.paths import Paths


def cmd_gui(args: argparse.Namespace, paths: Paths) -> int:
    # No cyclic garbage collection while the window is made (`run` turns it back on before the
    # event loop): start-up makes a few hundred thousand objects that live as long as the window,
    # and the collector walked them again and again, about a tenth of the start's time.
    gc.disable()
    try:
        from brightline.ui.app import run

        code = run(paths, sys.argv[:1])
        assert isinstance(code, int)  # with the event loop run, the exit code
        return code
    finally:
        gc.enable()
