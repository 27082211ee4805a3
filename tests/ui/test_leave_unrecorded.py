"""Leaving an outcome the policy requires to be recorded takes a deliberate choice: typing (the
start of a new search, a stray Enter or Space) never answers the question."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.store import LOG_FILE_NAME
from brightline.ui.contact_log.recorder import ContactRecorder
from brightline.ui.main_window import MainWindow
from brightline.ui.unrecorded_dialog import UnrecordedContactDialog
from ui.fit import OFFSCREEN
from ui.test_contact_log_record import REAL_ASK
from ui.test_contact_log_support import activate, reach_required_outcome

pytestmark = OFFSCREEN


def _while_asked(qtbot: QtBot, act: list[str], seen: list[str]) -> None:
    """Once the question is showing, press each of `act` in turn ("type:…" types text), noting
    after each whether it is still open."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnrecordedContactDialog):
            QTimer.singleShot(20, poll)
            return
        dialog.activateWindow()  # as a window manager does for a new dialog: keys go to it
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        for step in act:
            target = dialog.focusWidget() or dialog
            if step.startswith("type:"):
                qtbot.keyClicks(target, step[5:])
            else:
                qtbot.keyClick(target, getattr(Qt.Key, f"Key_{step}"))
            seen.append(f"{step}: {'open' if dialog.isVisible() else dialog.choice}")
        if dialog.isVisible():
            seen.append("left open")  # never leave the test hanging in exec()
            dialog.reject()

    QTimer.singleShot(0, poll)


def test_typing_into_the_question_never_leaves_the_contact_unrecorded(
    qtbot: QtBot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", REAL_ASK)
    reach_required_outcome(qtbot, window)
    seen: list[str] = []
    # Ctrl+N for a new situation, then the officer types the next search as if nothing was asked.
    _while_asked(qtbot, ["type:school", "type:l", "Return", "Space", "Escape"], seen)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["type:school: open", "type:l: open", "Return: open", "Space: open", "Escape: stay"]
    assert window.stack.currentWidget() is window.outcome  # still on the outcome, still to record
    assert "record it before you leave" in window.outcome.record_note()

    # A deliberate choice: Tab to the button and press Enter.
    activate(qtbot, window)
    seen.clear()
    _while_asked(qtbot, ["Tab", "Tab", "Return"], seen)  # the message, Record it now, Leave without recording
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["Tab: open", "Tab: open", "Return: leave"]
    assert window.stack.currentWidget() is window.picker
    assert not (data_dir / LOG_FILE_NAME).exists()  # left, as chosen: nothing was written
