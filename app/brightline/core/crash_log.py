"""The crash log: what went wrong, kept in the data folder for whoever supports the workstation.

`CrashLog.install()` (the command line does it once, at start-up) sends every unexpected
exception — in the main thread (`sys.excepthook`, which PySide also calls for an exception in a
slot or a Qt virtual), in any other thread (`threading.excepthook`) — and every native crash
(`faulthandler`: a segmentation fault in Qt, an abort) to `crash.log` in the data folder, with the
time and the versions. A Python exception is also still printed to standard error as before, and
each function in `listeners` is called with the file's path (the window shows a dialog naming it).

The file is opened once, for appending, when installed: faulthandler writes to an open file
descriptor because a crashed process can no longer open one. Nothing is ever written to it but
these reports; an empty file means no crash. When the data folder cannot be written, nothing is
installed and everything goes to standard error as before.
"""

from __future__ import annotations

import faulthandler
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

CRASH_LOG_NAME = "crash.log"


class CrashLog:
    """The crash log at `path`; `install()` makes it the place unexpected errors go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.listeners: list[Callable[[Path], object]] = []
        self._file: IO[str] | None = None
        self._previous_hook: Callable[..., Any] = sys.excepthook
        self._previous_thread_hook: Callable[..., Any] = threading.excepthook

    def install(self) -> bool:
        """Open the file and take over the hooks; False (nothing changed) if it cannot be opened."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 (open while the process lives)
        except OSError:
            return False
        faulthandler.enable(file=self._file, all_threads=True)
        self._previous_hook, sys.excepthook = sys.excepthook, self._on_exception
        self._previous_thread_hook, threading.excepthook = threading.excepthook, self._on_thread_exception
        return True

    def uninstall(self) -> None:
        """Give the hooks back and close the file (tests; the program simply ends)."""
        if self._file is None:
            return
        faulthandler.disable()
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        self._file.close()
        self._file = None

    def write(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
        where: str = "",
    ) -> bool:
        """Append one report; False if it could not be written."""
        if self._file is None:
            return False
        # Imported only now: the crash log is installed on every start, and is rarely written.
        import platform
        import traceback
        from datetime import datetime

        from brightline import __version__

        heading = (
            f"=== {datetime.now().astimezone().isoformat(timespec='seconds')}  brightline {__version__}, "
            f"Python {platform.python_version()}, {platform.platform(terse=True)}"
            + (f", thread {where}" if where else "")
        )
        try:
            self._file.write(heading + "\n" + "".join(traceback.format_exception(kind, error, trace)) + "\n")
            self._file.flush()
        except (OSError, ValueError):
            return False
        return True

    def _on_exception(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        self._previous_hook(kind, error, trace)
        if issubclass(kind, KeyboardInterrupt):
            return
        if self.write(kind, error, trace):
            print(f"brightline: an unexpected error; the details are in {self.path}", file=sys.stderr)
            self._tell_listeners()

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        self._previous_thread_hook(args)
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        where = args.thread.name if args.thread is not None else ""
        if self.write(args.exc_type, args.exc_value, args.exc_traceback, where):
            self._tell_listeners()

    def _tell_listeners(self) -> None:
        for listener in list(self.listeners):
            try:
                listener(self.path)
            except Exception as exc:  # a listener that fails must not hide the first error
                print(f"brightline: could not show where the crash log is: {exc!r}", file=sys.stderr)


def install_crash_log(data_dir: Path) -> CrashLog | None:
    """The crash log in `data_dir`, installed; None when the folder cannot be written."""
    crash_log = CrashLog(data_dir / CRASH_LOG_NAME)
    return crash_log if crash_log.install() else None
