"""Running department work (a sync, a page of the server's log) on one worker thread, one call
after another, with the results delivered on the GUI thread.

A Python daemon thread, not Qt's thread pool: a call may wait on the network for as long as the
connection's timeouts allow, and a window being closed must not wait for it. Stopping the
program mid-call is safe: a batch is one server transaction, committed or not.

The worker never touches the BackgroundCalls object, which the window may delete at any moment
(its window closed): it reports through an emitter of its own, which it keeps alive, connected
to the BackgroundCalls by a queued connection that Qt drops when the receiver is deleted. And it
hands everything of a call back (the work, its callbacks, the result) before it lets go of it, so
that the last reference to a window or model they hold is dropped on the GUI thread: a Qt
object deleted on the worker would leave its timers behind, and the next tick would crash.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

_Call = tuple[Callable[[], object], Callable[[object], None], Callable[[BaseException], None]]


class _Emitter(QObject):
    finished = Signal(object, object, object, object, object)
    """A call ended: the work, done, failed, its result, its error (crosses to the GUI thread)."""


class BackgroundCalls(QObject):
    """`call(work, done, failed)`: `work()` on the worker thread, then `done(result)` or
    `failed(error)` here. Calls run in the order made."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Call | None] = queue.Queue()
        self._busy = 0
        self._emitter = _Emitter()  # no parent: it lives as long as the worker holds it
        self._emitter.finished.connect(self._on_self_finished, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(
            target=_run, args=(self._queue, self._emitter), name="brightline-department", daemon=True
        )
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

    @Slot(object, object, object, object, object)
    def _on_self_finished(self, _work: object, done: object, failed: object, result: object, error: object) -> None:
        self._busy -= 1
        if isinstance(error, BaseException):
            failed(error)  # type: ignore[operator]
        else:
            done(result)  # type: ignore[operator]


def _run(calls: queue.Queue[_Call | None], emitter: _Emitter) -> None:
    while True:
        item = calls.get()
        if item is None:
            return
        work, done, failed = item
        try:
            result, error = work(), None
        except Exception as exc:  # handed to the GUI thread, which words it
            result, error = None, exc
        emitter.finished.emit(work, done, failed, result, error)
        del item, work, done, failed, result, error  # what they hold is released on the GUI thread
