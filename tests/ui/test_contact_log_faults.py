"""A log that is locked, damaged, from a newer Brightline, or cannot take even a pending file:
a clear message, the guide keeps working, the record is kept to enter later, nothing is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.errors import LogCorruptError
from brightline.core.contact_log.pending import list_pending, pending_folder
from brightline.core.contact_log.schema import SCHEMA_VERSION
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.ui.contact_log.record_dialog import RecordContactDialog
from brightline.ui.contact_log.unsaved_dialog import UnsavedRecordDialog
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


def test_when_even_a_file_cannot_be_written_the_form_says_so_first_and_the_record_can_be_kept(
    qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data_dir / LOG_FILE_NAME).write_bytes(b"not a database" * 100)
    pending_folder(data_dir).write_text("a file where the folder should be", encoding="utf-8")
    reach_required_outcome(qtbot, window)
    elsewhere = tmp_path / "kept" / "contact.txt"
    elsewhere.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(elsewhere), ""))
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def fill(dialog: RecordContactDialog) -> None:
        seen["notice"] = dialog.notice.text() if dialog.notice.isVisibleTo(dialog) else ""
        fill_form(qtbot, dialog)
        dialog.save_button.click()

    def keep(dialog: UnsavedRecordDialog) -> None:
        seen["reason"] = dialog.reason.text()
        seen["record"] = dialog.text.toPlainText()
        dialog.copy.click()
        seen["clipboard"] = QApplication.clipboard().text()
        dialog.save_elsewhere.click()
        seen["status"] = dialog.status.text()
        dialog.reject()

    modal.on(RecordContactDialog, fill)
    modal.on(UnsavedRecordDialog, keep)
    assert window.contact_log is not None
    kept = window.contact_log.recorder.record()
    modal.check()
    # Said when the form opened, before anything was typed ...
    assert seen["notice"].startswith("\u26a0 The contact log file is damaged, or is not a contact log.")
    assert "cannot be kept as files here either" in seen["notice"] and "save it elsewhere" in seen["notice"]
    # ... and at Save: the reason in words and the record in words, nothing raw.
    assert "It could not be kept as a file here either" in seen["reason"]
    record = seen["record"]
    assert "Agency: ICE ERO" in record and "How the contact came: Fax" in record
    assert "What was requested: An ICE detainer (hold request) arrived" in record
    assert "Response given: DECLINE" in record and "Section 3 \u2014 No holds on detainers" in record
    for raw in ("Errno", "{", "draft_id", "hold-decline", "testville-ordinance:"):
        assert raw not in seen["reason"] + record, raw
    assert seen["clipboard"] == record
    assert elsewhere.read_text(encoding="utf-8").startswith(record)
    assert seen["status"].startswith(f"\u2713 Saved to {elsewhere}.")
    # Kept by the officer: not in the log, and the outcome says so, without nagging again.
    assert kept and window.outcome.record_note().startswith("\u26a0 Not in the contact log yet")


def test_a_read_only_data_folder_is_said_as_the_log_opens_and_nothing_writing_is_offered(
    qtbot: QtBot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from brightline.core.contact_log import files

    fill_log(data_dir, 3)
    read_only = OSError(errno.EROFS, "Read-only file system", str(data_dir))
    monkeypatch.setattr(files, "write_problem", lambda folder, file=None: read_only)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    view = window.contact_log.log_window
    wait_idle(qtbot, window)
    notice = view.write_notice.text()
    assert view.write_notice.isVisible() and notice.startswith("\u26a0 The contact log is read-only here.")
    assert "the disk or folder is read-only" not in view.health.text()  # the check and the notice apart
    assert "cannot be kept as files here either" in notice and "Errno" not in notice
    assert view.health.text().startswith("\u2713 Log verified") and view.health.property("look") == "verified"
    assert not view.detail.correct.isEnabled() and not view.detail.addendum.isEnabled()
    assert "Records cannot be added" in view.detail.correct.toolTip()
    assert not view.import_button.isVisible()


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


def test_a_read_only_data_folder_is_said_in_the_status_bar_soon_after_start(
    qtbot: QtBot, open_window: Callable[..., MainWindow], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from brightline.core.contact_log import files

    read_only = OSError(errno.EROFS, "Read-only file system", str(data_dir))
    monkeypatch.setattr(files, "write_problem", lambda folder, file=None: read_only)
    window = open_window()
    window.finish_building()
    assert window.contact_log is not None
    status = window.contact_log.status
    qtbot.waitUntil(status.is_warning, timeout=5000)  # without opening the log or a form
    assert status.text() == "\u26a0 Contact log: new records cannot be added"
    assert not window.contact_log.service.is_open


def test_a_log_that_cannot_be_made_says_why_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    from brightline.ui.contact_log.service import ContactLogService
    from brightline.ui.contact_log.words import error_text

    (tmp_path / "not-a-folder").write_text("a file where the data folder should be", encoding="utf-8")
    service = ContactLogService(tmp_path / "not-a-folder" / "data")
    assert service.log() is None and service.error is not None
    text = error_text(service.error)
    assert text.startswith(
        "The contact log is read-only here.\n\nThere is no contact log here yet, and none can be made:"
    )
    assert "Errno" not in text and "[" not in text
    service.check_writable()
    assert service.health.files_blocked and "cannot be kept as files here either" in service.health.detail
    service.close()
