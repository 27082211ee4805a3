"""Running department work (a sync, a page of the server's log) on one worker thread, one call
after another, with the results delivered on the GUI thread.

A Python daemon thread, not Qt's thread pool: a call may wait on the network for as long as the
connection's timeouts allow, and a window being closed must not wait for it. Stopping the
program mid-call is safe: a batch is one server transaction, committed or not.
"""

from __future__ import annotations

import itertools
import queue
import threading
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject

from brightline.ui.result_relay import relay_ready, report

_Call = tuple[Callable[[], object], Callable[[object], None], Callable[[BaseException], None]]


class BackgroundCalls(QObject):
    """`call(work, done, failed)`: `work()` on the worker thread, then `done(result)` or
    `failed(error)` here. Calls run in the order made.

    The calls (`work` is often a window's bound method) are held here, on the GUI thread, until
    their result is handled (`brightline.ui.result_relay`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[tuple[int, Callable[[], object]] | None] = queue.Queue()
        self._calls: dict[int, _Call] = {}
        self._numbers = itertools.count()
        relay_ready()
        self._thread = threading.Thread(
            target=self._run, args=(self._queue, weakref.ref(self)), name="brightline-department", daemon=True
        )
        self._thread.start()

    @property
    def busy(self) -> bool:
        """Whether a call is waiting or running."""
        return bool(self._calls)

    def call(
        self, work: Callable[[], object], done: Callable[[object], None], failed: Callable[[BaseException], None]
    ) -> None:
        number = next(self._numbers)
        self._calls[number] = (work, done, failed)
        self._queue.put((number, work))

    def stop(self) -> None:
        """Run nothing more (the call running, if any, finishes on its own; its result is dropped)."""
        self._queue.put(None)

    @staticmethod
    def _run(calls: queue.Queue[tuple[int, Callable[[], object]] | None], me: weakref.ref[QObject]) -> None:
        # Static, holding only a weak reference to its caller, and no call once it has run.
        while True:
            item = calls.get()
            if item is None:
                return
            number, work = item
            del item
            try:
                result, error = work(), None
            except Exception as exc:  # handed to the GUI thread, which words it
                result, error = None, exc.with_traceback(None)
            del work
            report(me, number, result, error)
            del result, error

    def deliver(self, number: int, result: object, error: BaseException | None) -> None:
        _work, done, failed = self._calls.pop(number)
        if isinstance(error, BaseException):
            failed(error)
        else:
            done(result)
