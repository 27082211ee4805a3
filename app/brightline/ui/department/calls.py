"""Running department work (a sync, a page of the server's log) on one worker thread, one call
after another, with the results delivered on the GUI thread.

A Python daemon thread, not Qt's thread pool: a call may wait on the network for as long as the
connection's timeouts allow, and a window being closed must not wait for it. Stopping the
program mid-call is safe: a batch is one server transaction, committed or not.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

_Call = tuple[Callable[[], object], Callable[[object], None], Callable[[BaseException], None]]


class BackgroundCalls(QObject):
    """`call(work, done, failed)`: `work()` on the worker thread, then `done(result)` or
    `failed(error)` here. Calls run in the order made."""

    _finished = Signal(object, object, object, object)
    """A call ended: done, failed, its result, its error (internal: crosses to the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Call | None] = queue.Queue()
        self._busy = 0
        self._finished.connect(self._on_self_finished, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="brightline-department", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """Whether a call is waiting or running."""
        return self._busy > 0

    def call(
        self, work: Callable[[], object], done: Callable[[object], None], failed: Callable[[BaseException], None]
    ) -> None:
        self._busy += 1
        self._queue.put((work, done, failed))

    def stop(self) -> None:
        """Run nothing more (the call running, if any, finishes on its own; its result is dropped)."""
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            work, done, failed = item
            try:
                result, error = work(), None
            except Exception as exc:  # handed to the GUI thread, which words it
                result, error = None, exc
            try:
                if isValid(self):
                    self._finished.emit(done, failed, result, error)
            except RuntimeError:
                return  # the window is gone

    @Slot(object, object, object, object)
    def _on_self_finished(self, done: object, failed: object, result: object, error: object) -> None:
        self._busy -= 1
        if isinstance(error, BaseException):
            failed(error)  # type: ignore[operator]
        else:
            done(result)  # type: ignore[operator]
