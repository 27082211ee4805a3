"""Running slow log work (verification, exports, the audit report) off the GUI thread.

`TaskRunner.run(work, done, failed)` calls `work()` on a worker thread and then `done(result)` or
`failed(error)` on the GUI thread, so the window keeps painting while a million records are
hashed. `work` must not touch widgets, and must open its own ContactLog (a connection belongs to
the thread that uses it).
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool

from brightline.ui.result_relay import relay_ready, report

_Call = tuple[Callable[[], object], Callable[[object], None], Callable[[BaseException], None]]


class _Job(QRunnable):
    def __init__(self, number: int, work: Callable[[], object], runner: weakref.ref[QObject]) -> None:
        super().__init__()
        self._number, self._work, self._runner = number, work, runner

    def run(self) -> None:
        # The job is deleted on this thread: it lets go of the work before it reports.
        work, self._work = self._work, None
        try:
            result, error = work(), None  # type: ignore[misc]
        except Exception as exc:  # reported on the GUI thread, which words it
            result, error = None, exc.with_traceback(None)
        del work
        report(self._runner, self._number, result, error)


class TaskRunner(QObject):
    """A small thread pool whose results come back on the GUI thread (each call is held here
    until then: `brightline.ui.result_relay`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        relay_ready()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._calls: dict[int, _Call] = {}
        self._numbers = itertools.count()

    def run(
        self, work: Callable[[], object], done: Callable[[object], None], failed: Callable[[BaseException], None]
    ) -> None:
        """Run `work()` on a worker thread; then `done(result)` or `failed(error)` here."""
        number = next(self._numbers)
        self._calls[number] = (work, done, failed)
        self._pool.start(_Job(number, work, weakref.ref(self)))

    def deliver(self, number: int, result: object, error: BaseException | None) -> None:
        _work, done, failed = self._calls.pop(number)
        if error is not None:
            failed(error)
        else:
            done(result)

    @property
    def busy(self) -> bool:
        return bool(self._calls)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for running work to end (results are delivered by the event loop later)."""
        return self._pool.waitForDone(msecs)
