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

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

_Call = tuple[Callable[[], object], Callable[[object], None], Callable[[BaseException], None]]


class _Relay(QObject):
    """Carries results from worker threads to the GUI thread. One for the program, never
    deleted: a worker thread must never emit on an object the GUI thread may be deleting (a
    window closed mid-call), so it emits here and the GUI thread looks up the caller."""

    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_delivered(self, item: object) -> None:
        ref, number, result, error = item  # type: ignore[misc]
        calls = ref()
        if calls is None or not isValid(calls):
            return  # its window is gone: the result is dropped
        calls._delivered(number, result, error)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    """The relay, made on the GUI thread by the first BackgroundCalls."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


class BackgroundCalls(QObject):
    """`call(work, done, failed)`: `work()` on the worker thread, then `done(result)` or
    `failed(error)` here. Calls run in the order made.

    The calls (`work` is often a window's bound method) are held here, on the GUI thread, until
    their result is handled: the worker thread must never drop the last reference to a window or
    a timer, or Qt would destroy it on the wrong thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[tuple[int, Callable[[], object]] | None] = queue.Queue()
        self._calls: dict[int, _Call] = {}
        self._numbers = itertools.count()
        relay, me = _the_relay(), weakref.ref(self)
        self._thread = threading.Thread(
            target=self._run, args=(self._queue, relay, me), name="brightline-department", daemon=True
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
    def _run(
        calls: queue.Queue[tuple[int, Callable[[], object]] | None], relay: _Relay, me: weakref.ref[BackgroundCalls]
    ) -> None:
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
            relay.delivered.emit((me, number, result, error))
            del result, error

    def _delivered(self, number: int, result: object, error: object) -> None:
        _work, done, failed = self._calls.pop(number)
        if isinstance(error, BaseException):
            failed(error)
        else:
            done(result)
