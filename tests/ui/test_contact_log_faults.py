"""A log that is locked, damaged, from a newer Brightline, or cannot take even a pending file:
a clear message, the guide keeps working, the record is kept to enter later, nothing is lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.errors import LogCorruptError
from brightline.core.contact_log.pending import list_pending, pending_folder
from brightline.core.contact_log.schema import SCHEMA_VERSION
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.ui.contact_log.record_dialog import RecordContactDialog
from brightline.ui.main_window import MainWindow
from ui.helpers import open_situation
from ui.test_contact_log_support import (
    OFFSCREEN_SIZE_HINTS,
    ModalWatcher,
    activate,
    click_button,
    fill_form,
    fill_log,
    reach_required_outcome,
    wait_idle,
)

pytestmark = OFFSCREEN_SIZE_HINTS


def record_expecting(qtbot: QtBot, window: MainWindow, box_title: str) -> tuple[bool, dict[str, str]]:
    """Record the outcome's contact; answer the message box titled `box_title`."""
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def read_box(box: QMessageBox) -> None:
        seen.update(title=box.windowTitle(), text=box.text(), details=box.detailedText())
        click_button(box, "OK")

    modal.on(RecordContactDialog, lambda dialog: (fill_form(qtbot, dialog), dialog.save_button.click()))
    modal.on(QMessageBox, read_box)
    assert window.contact_log is not None
    kept = window.contact_log.recorder.record()
    modal.check()
    assert seen.get("title") == box_title, seen
    return kept, seen


def test_a_locked_log_keeps_the_record_to_enter_later_without_duplicates(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    path = fill_log(data_dir, 2)
    assert window.contact_log is not None
    service, status = window.contact_log.service, window.contact_log.status
    service.busy_timeout = 0.2
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another Brightline in the middle of a write
    try:
        reach_required_outcome(qtbot, window)
        kept, seen = record_expecting(qtbot, window, "Contact saved to enter later")
        assert kept
        assert "in use by another program or Brightline window" in seen["text"]
        assert str(pending_folder(data_dir)) in seen["text"] and "nothing you typed is lost" in seen["text"]
        assert str(path) in seen["details"]
        [pending] = list_pending(pending_folder(data_dir))
        note = window.outcome.record_note()
        assert note.startswith("\u2713 Saved to a file to enter later (the log is in use elsewhere)")
        wait_idle(qtbot, window)
        assert status.is_warning() and "1 record saved to enter later" in status.text()
        assert status.text().startswith("\u26a0 Contact log: new records cannot be added")
    finally:
        other.execute("ROLLBACK")
        other.close()
    # The log is free again. Recording the same walk again logs it once ...
    modal = ModalWatcher()
    offer: list[str] = []
    modal.on(RecordContactDialog, lambda dialog: dialog.save_button.click())  # what was typed is kept
    modal.on(QMessageBox, lambda box: (offer.append(box.text()), click_button(box, "Later")))
    activate(qtbot, window)
    assert window.contact_log.recorder.record()
    modal.check()
    assert window.outcome.record_note() == "\u2713 Recorded as contact #3."
    assert offer == ["The contact log works again. 1 record saved to a file while it did not is waiting to be entered."]
    # ... and entering the saved file adds no second record for it.
    modal.on(QMessageBox, lambda box: click_button(box, "OK"))
    status.enter_saved.click()
    modal.check()
    assert list_pending(pending_folder(data_dir)) == []
    assert (pending_folder(data_dir) / "imported" / pending.name).is_file()  # the paper trail stays
    with ContactLog.open(path, create=False) as log:
        assert log.count() == 3 and log.verify().ok
        assert log.get(3).record.draft.agency == "ICE ERO"  # type: ignore[union-attr]
    assert not status.is_warning() and "saved to enter later" not in status.text()
    # The guide worked throughout.
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    open_situation(qtbot, window, "backup")


def test_a_damaged_log_says_so_and_the_guide_still_records_to_a_file(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    (data_dir / LOG_FILE_NAME).write_bytes(b"These are the minutes of the council meeting.\n" * 200)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    view = window.contact_log.log_window
    assert view.pages.currentIndex() == 1 and view.model is None
    assert "damaged, or is not a contact log" in view.problem.text()
    assert "The guide still works" in view.problem.text()
    assert window.contact_log.status.is_warning()
    assert window.contact_log.status.text() == "\u26a0 Contact log unavailable"
    view.close()
    activate(qtbot, window)
    reach_required_outcome(qtbot, window)
    kept, seen = record_expecting(qtbot, window, "Contact saved to enter later")
    assert kept and "damaged" in seen["text"]
    assert len(list_pending(pending_folder(data_dir))) == 1
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.picker  # kept as a file: no reminder


def test_a_log_from_a_newer_brightline_is_left_alone(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    path = fill_log(data_dir, 1)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    view = window.contact_log.log_window  # type: ignore[union-attr]
    assert view is not None and "written by a newer version of Brightline" in view.problem.text()
    assert "Update Brightline to open it" in view.problem.text()
    assert path.read_bytes() == before


def test_when_even_a_file_cannot_be_written_the_record_is_shown_to_copy(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    (data_dir / LOG_FILE_NAME).write_bytes(b"not a database" * 100)
    pending_folder(data_dir).write_text("a file where the folder should be", encoding="utf-8")
    reach_required_outcome(qtbot, window)
    kept, seen = record_expecting(qtbot, window, "The contact could not be saved")
    assert not kept
    assert "Copy the record from the details below" in seen["text"]
    draft = json.loads(seen["details"])
    assert draft["agency"] == "ICE ERO" and draft["tree_id"] == "detainer" and draft["draft_id"]
    assert "record it before you leave" in window.outcome.record_note()  # still to be recorded


def test_a_log_that_fails_while_shown_gives_way_to_the_reason(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    path = fill_log(data_dir, 3)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    view = window.contact_log.log_window
    wait_idle(qtbot, window)
    assert view.model is not None and view.pages.currentIndex() == 0
    window.contact_log.service.report_error(LogCorruptError(path, "the database is damaged (malformed)"))
    assert view.model is None and view.pages.currentIndex() == 1
    assert "The database is damaged (malformed)" in view.problem.text()
    view.retry.click()  # the file is fine after all: the table comes back
    assert view.model is not None and view.model.rowCount() == 3 and view.pages.currentIndex() == 0
