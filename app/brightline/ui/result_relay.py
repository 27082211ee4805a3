"""Results of work done on other threads, carried back to the GUI thread safely.

A worker thread must never emit on an object the GUI thread may be deleting (a window closed
mid-call), nor drop the last reference to a window, a widget or a timer (Qt would destroy it on
the wrong thread: a crash, later, in the event loop). So the runners (`ui.contact_log.background`,
`ui.department.calls`) keep each call on the GUI thread until its result is handled, the worker
drops its own references before it reports, and it reports through this one relay, which lives as
long as the program.
"""

from __future__ import annotations

import weakref
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid


class Receiver(Protocol):
    def deliver(self, number: int, result: object, error: BaseException | None) -> None: ...


class _Relay(QObject):
    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_delivered(self, item: object) -> None:
        ref, number, result, error = item  # type: ignore[misc]
        receiver = ref()
        if receiver is None or not isValid(receiver):
            return  # its window is gone: the result is dropped
        receiver.deliver(number, result, error)


_relay: _Relay | None = None


def report(receiver: weakref.ref[QObject], number: int, result: object, error: BaseException | None) -> None:
    """From a worker thread: call `number` of `receiver` ended with `result` or `error`."""
    assert _relay is not None, "relay_ready() is called on the GUI thread first"
    _relay.delivered.emit((receiver, number, result, error))


def relay_ready() -> None:
    """Make the relay (on the GUI thread, before any worker can report)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
