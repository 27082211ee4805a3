"""Helpers and fixtures for the contact-log window tests (no tests here; the test_contact_log_*
modules import them): answering modal dialogs, reaching an outcome, filling a log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.records import ContactDraft, PathStep
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.ui.contact_log.record_dialog import RecordContactDialog
from brightline.ui.main_window import MainWindow
from ui.helpers import open_situation, press

D = TypeVar("D", bound=QDialog)
# The offscreen platform cannot size a shown top-level window to its hints or raise it, and says
# so whenever Qt asks (QMessageBox always does); on a real display both work, so only these two
# messages are ignored.
OFFSCREEN_SIZE_HINTS = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
MODAL_TIMEOUT = 5.0


class ModalWatcher:
    """Answers modal dialogs as they appear (exec() blocks the test until they close)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.failures: list[str] = []
        self._waiting: list[str] = []

    def on(self, cls: type[D], handler: Callable[[D], None]) -> None:
        """Once a modal `cls` is showing, call `handler(dialog)`; it must close the dialog."""
        deadline = time.monotonic() + MODAL_TIMEOUT
        self._waiting.append(cls.__name__)

        def poll() -> None:
            widget = QApplication.activeModalWidget()
            # Marked on the dialog itself: Python ids of deleted dialogs are reused.
            if isinstance(widget, cls) and widget.isVisible() and not widget.property("answeredByTest"):
                widget.setProperty("answeredByTest", True)
                self._waiting.remove(cls.__name__)
                self.seen.append(widget.objectName() or type(widget).__name__)
                handler(widget)
                if widget.isVisible():  # the handler should have closed it: do not hang the test
                    self._close_later(widget, cls.__name__)
            elif time.monotonic() > deadline:
                self._waiting.remove(cls.__name__)
                self.failures.append(f"no {cls.__name__} appeared")
                if isinstance(widget, QDialog):
                    widget.reject()  # never leave a test hanging in exec()
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(0, poll)

    def _close_later(self, dialog: QDialog, name: str) -> None:
        deadline = time.monotonic() + MODAL_TIMEOUT

        def poll() -> None:
            if not dialog.isVisible():
                return
            if time.monotonic() > deadline:
                self.failures.append(f"the {name} stayed open")
                dialog.reject()
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(20, poll)

    def check(self) -> None:
        """Every dialog expected came and was closed."""
        assert not self._waiting, f"never shown: {self._waiting}"
        assert not self.failures, self.failures


def click_button(box: QMessageBox, text: str) -> None:
    """Click the message box button whose label (without mnemonics) is `text`."""
    for button in box.buttons():
        if button.text().replace("&", "") == text:
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


def reach_required_outcome(qtbot: QtBot, window: MainWindow) -> None:
    """Open the detainer situation and answer 1: an outcome marked documentation_required."""
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    assert window.stack.currentWidget() is window.outcome
    assert window.controller.current is not None and window.controller.current.id == "hold-decline"


def fill_form(qtbot: QtBot, dialog: RecordContactDialog, notes: str = "Fax received at 02:10.") -> None:
    """Fill the required fields the way a keyboard user would."""
    for field, text in ((dialog.staff_name, "Dana Ortiz"), (dialog.staff_badge, "B-4417")):
        if not field.text():
            qtbot.keyClicks(field, text)
    line = dialog.agency.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "ICE ERO")
    dialog.method.setCurrentIndex(dialog.method.findData("fax"))
    dialog.document.setCurrentIndex(dialog.document.findData("I-247A"))
    dialog.notes.setPlainText(notes)


def draft(n: int, **changes: object) -> ContactDraft:
    """A varied, valid draft: staff, verdicts, documents and days differ with `n`."""
    staff = ("Ana Garcia", "Ben Lee", "Chen Patel")[n % 3]
    verdict = ("decline", "comply", "escalate", "comply-limited")[n % 4]
    when = datetime(2024, 3, 1, 9, 0) + timedelta(days=n, minutes=n)
    values: dict[str, object] = dict(
        contact_time=when.isoformat(timespec="minutes"),
        staff_name=staff,
        staff_badge=f"B-{100 + n % 3}",
        agency=("ICE ERO", "CBP")[n % 2],
        method=("fax", "phone", "in-person")[n % 3],
        document=("I-247A", "I-200", "none")[n % 3],
        official_name=f"Officer {n}",
        request_type=("detainer", "scene-assistance")[n % 2],
        request_title=("An ICE detainer (hold request) arrived", "Agents at a scene ask for backup")[n % 2],
        outcome_node="hold-decline",
        verdict=verdict,
        headline="Do not keep the person past their release time.",
        notes=f"Contact number {n} at the sally port." if n % 5 == 0 else f"Routine contact {n}.",
        pack_id="testville",
        pack_version="2.1",
        pack_hash="ab" * 32,
        tree_id="detainer",
        path=(PathStep("who-signed", "Who signed the paper?", "An immigration officer", "2024-03-01T09:00:00"),),
        citations=("testville-ordinance:sec-3",),
    )
    values.update(changes)
    return ContactDraft(**values)  # type: ignore[arg-type]


def fill_log(data_dir: Path, count: int) -> Path:
    """A log in `data_dir` holding `count` varied records; returns its path."""
    path = data_dir / LOG_FILE_NAME
    with ContactLog.open(path) as log:
        for n in range(count):
            log.add(draft(n))
    return path


def generated_log(data_dir: Path, count: int) -> Path:
    """A log in `data_dir` of `count` synthetic records, written at once (the benchmarks'
    generator: "ICE" in ~80% of them, "sally port" in ~20%); returns its path."""
    import contact_log_data

    path = data_dir / LOG_FILE_NAME
    contact_log_data.generate_log(path, count)
    return path


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the log's background work (verification …) to be delivered."""
    assert window.contact_log is not None
    tasks = window.contact_log.service.tasks
    qtbot.waitUntil(lambda: not tasks.busy, timeout=10_000)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make `widget`'s window the active one (a window manager does it when a dialog closes)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow, timeout=2000)


def focus_is_in(widget: QWidget) -> bool:
    """Whether `widget` (or a child) has its window's keyboard focus."""
    focused = widget.window().focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))
