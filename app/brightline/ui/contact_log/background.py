"""Running slow log work (verification, exports, the audit report) off the GUI thread.

`TaskRunner.run(work, done, failed)` calls `work()` on a worker thread and then `done(result)` or
`failed(error)` on the GUI thread, so the window keeps painting while a million records are
hashed. `work` must not touch widgets, and must open its own ContactLog (a connection belongs to
the thread that uses it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits `finished` and the slot runs there."""

    finished = Signal(object, object)
    """The work ended: its result, or None and the exception it raised."""

    def __init__(self, done: Callable[[object], None], failed: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._done = done
        self._failed = failed
        self.finished.connect(self._on_self_finished, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _on_self_finished(self, result: object, error: object) -> None:
        if isinstance(error, BaseException):
            self._failed(error)
        else:
            self._done(result)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # reported on the GUI thread, which words it
            self._relay.finished.emit(None, exc)
        else:
            self._relay.finished.emit(result, None)


class TaskRunner(QObject):
    """A small thread pool whose results come back on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    def run(
        self, work: Callable[[], object], done: Callable[[object], None], failed: Callable[[BaseException], None]
    ) -> None:
        """Run `work()` on a worker thread; then `done(result)` or `failed(error)` here."""
        relay: _Relay

        def finish(result: object) -> None:
            self._relays.discard(relay)
            done(result)

        def fail(error: BaseException) -> None:
            self._relays.discard(relay)
            failed(error)

        relay = _Relay(finish, fail)
        self._relays.add(relay)  # kept alive until its result has been delivered
        self._pool.start(_Job(work, relay))

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for running work to end (results are delivered by the event loop later)."""
        return self._pool.waitForDone(msecs)
