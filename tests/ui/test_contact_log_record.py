"""Recording a contact from the outcome: the form pre-filled from the walk, required fields,
the record number, no duplicate on a second save, the reminder before leaving, training pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.ui.contact_log.record_dialog import RecordContactDialog
from brightline.ui.contact_log.recorder import LEAVE, STAY, ContactRecorder
from brightline.ui.main_window import MainWindow
from brightline.ui.unrecorded_dialog import UnrecordedContactDialog
from ui.helpers import open_situation, press
from ui.test_contact_log_support import (
    OFFSCREEN_SIZE_HINTS,
    ModalWatcher,
    activate,
    click_button,
    fill_form,
    focus_is_in,
    reach_required_outcome,
)

pytestmark = OFFSCREEN_SIZE_HINTS
REAL_ASK = ContactRecorder.ask_before_leaving  # tests/ui/conftest.py answers "leave" for other tests


def log_records(data_dir: Path) -> list:
    with ContactLog.open(data_dir / LOG_FILE_NAME, create=False) as log:
        return list(log.iter_records())


def test_a_required_outcome_offers_recording_prominently(qtbot: QtBot, window: MainWindow) -> None:
    reach_required_outcome(qtbot, window)
    outcome = window.outcome
    assert outcome._record.isVisible() and outcome._record.objectName() == "primaryButton"
    assert outcome._new.objectName() == "secondaryButton"
    assert "record it before you leave" in outcome.record_note()
    open_situation(qtbot, window, "backup")  # an outcome not marked documentation_required
    press(qtbot, window, Qt.Key.Key_1)
    assert outcome._record.isVisible() and outcome._record.objectName() == "secondaryButton"
    assert outcome.record_note() == ""


def test_record_from_the_outcome_prefilled_checked_and_numbered(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    window.settings.staff_name, window.settings.staff_badge = "Dana Ortiz", "B-4417"
    reach_required_outcome(qtbot, window)
    modal = ModalWatcher()
    seen: dict[str, object] = {}

    def fill(dialog: RecordContactDialog) -> None:
        activate(qtbot, dialog)  # shortcuts work in the active window, as for a person
        seen["name"], seen["badge"] = dialog.staff_name.text(), dialog.staff_badge.text()
        seen["when"] = dialog.when.dateTime().toPython()
        seen["facts"] = " ".join(label.text() for label in dialog.findChildren(type(dialog.problems)))
        seen["focus on agency"] = focus_is_in(dialog.agency)
        seen["document"] = dialog.document.currentData()
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save, empty
        seen["problems"] = dialog.problem_text()
        seen["focus after"] = focus_is_in(dialog.agency)
        assert dialog.isVisible()
        fill_form(qtbot, dialog)
        seen["after fill"] = dialog.problem_text()
        qtbot.keyClick(dialog.staff_badge, Qt.Key.Key_Return)  # Enter in a field saves

    modal.on(RecordContactDialog, fill)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    modal.check()
    assert (seen["name"], seen["badge"]) == ("Dana Ortiz", "B-4417")  # remembered on this workstation
    assert abs((datetime.now() - seen["when"]).total_seconds()) < 120  # type: ignore[operator]
    assert "An ICE detainer (hold request) arrived" in str(seen["facts"])
    assert "DECLINE" in str(seen["facts"]) and "walk's 1 step (answers and notes read) with" in str(seen["facts"])
    assert seen["focus on agency"] and seen["focus after"]
    problems = str(seen["problems"])
    assert "Agency is required." in problems
    assert "How the contact came is required." in problems
    # The answer named the form: "An immigration officer (… the I-247A …)" on a detainer.
    assert seen["document"] == "I-247A" and "Document presented" not in problems
    assert "Your name" not in problems
    assert seen["after fill"] == ""  # the messages follow the typing
    assert window.outcome.record_note() == "\u2713 Recorded as contact #1."
    assert window.outcome._record.text() == "Correct record #1\u2026"
    assert window.outcome._new.objectName() == "primaryButton"
    [record] = log_records(data_dir)
    d = record.draft
    assert (d.staff_name, d.agency, d.method, d.document) == ("Dana Ortiz", "ICE ERO", "fax", "I-247A")
    assert (d.pack_id, d.pack_version, d.tree_id, d.request_type) == ("testville", "2.1", "detainer", "detainer")
    assert d.pack_hash == window.controller.pack.content_hash  # type: ignore[union-attr]
    assert (d.outcome_node, d.verdict) == ("hold-decline", "decline")
    assert [s.node for s in d.path] == ["who-signed"] and d.path[0].at
    assert d.citations == ("testville-ordinance:sec-3", "testville-ordinance:sec-4")
    assert d.notes == "Fax received at 02:10."
    # Leaving is quiet now: the contact is recorded.
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.picker


def test_a_second_save_of_the_same_walk_is_not_a_duplicate(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    reach_required_outcome(qtbot, window)
    modal = ModalWatcher()

    def save_twice(dialog: RecordContactDialog) -> None:
        fill_form(qtbot, dialog)
        dialog.save_button.click()
        dialog.save_button.click()  # a double click, after the form was accepted

    modal.on(RecordContactDialog, save_twice)
    assert window.contact_log is not None
    recorder = window.contact_log.recorder
    assert recorder.record()
    modal.check()
    assert recorder.record_id == 1
    assert len(log_records(data_dir)) == 1
    assert (window.settings.staff_name, window.settings.staff_badge) == ("Dana Ortiz", "B-4417")
    # The walk keeps its draft id: saving its draft again returns record 1.
    again = window.contact_log.service.save(recorder.base_draft())
    assert again.record is not None and again.record.id == 1 and again.duplicate
    assert len(log_records(data_dir)) == 1


def test_the_reminder_before_leaving_an_unrecorded_required_outcome(
    qtbot: QtBot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", REAL_ASK)
    reach_required_outcome(qtbot, window)
    modal = ModalWatcher()
    modal.on(UnrecordedContactDialog, lambda box: click_button(box, "Stay on this page"))
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New situation
    assert window.stack.currentWidget() is window.outcome  # stayed
    modal.on(UnrecordedContactDialog, lambda box: click_button(box, "Stay on this page"))
    activate(qtbot, window)
    qtbot.keyClick(window.outcome, Qt.Key.Key_Backspace)  # Back
    assert window.stack.currentWidget() is window.outcome
    modal.on(UnrecordedContactDialog, lambda box: click_button(box, "Stay on this page"))
    window.close()  # closing the window
    assert window.isVisible()
    modal.on(UnrecordedContactDialog, lambda box: click_button(box, "Leave without recording"))
    window.outcome._new.click()
    assert window.stack.currentWidget() is window.picker
    assert not (data_dir / LOG_FILE_NAME).exists()  # leaving wrote nothing; the log never opened

    activate(qtbot, window)
    reach_required_outcome(qtbot, window)
    modal.on(UnrecordedContactDialog, lambda box: click_button(box, "Record it now"))
    modal.on(RecordContactDialog, lambda dialog: (fill_form(qtbot, dialog), dialog.save_button.click()))
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    modal.check()
    assert modal.seen == ["recordReminder"] * 4 + ["recordReminder", "recordContactDialog"]
    assert window.stack.currentWidget() is window.picker  # recorded, then left as asked
    assert len(log_records(data_dir)) == 1


def test_training_outcome_pages_are_never_offered_for_recording(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", lambda self: pytest.fail("reminded"))
    window.outcome.set_recordable(False)
    reach_required_outcome(qtbot, window)
    assert not window.outcome._record.isVisibleTo(window.outcome)
    assert window.outcome.record_note() == ""
    with qtbot.assertNotEmitted(window.outcome.record_requested):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.picker


def test_long_notes_and_status_words_are_caught(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    reach_required_outcome(qtbot, window)
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def long_notes(dialog: RecordContactDialog) -> None:
        fill_form(qtbot, dialog, notes="He said the man is undocumented. " + "x" * 20_100)
        seen["warning"] = dialog._status_found.text() if dialog._status_found.isVisible() else ""
        dialog.save_button.click()
        seen["problems"] = dialog.problem_text()
        seen["focus"] = str(focus_is_in(dialog.notes))
        dialog.notes.setPlainText("A long but honest note. " * 600)  # about 14,000 characters
        dialog.remember.setChecked(False)  # a shared workstation: forget me
        seen["warning after"] = dialog._status_found.text() if dialog._status_found.isVisible() else ""
        dialog.save_button.click()

    modal.on(RecordContactDialog, long_notes)
    assert window.contact_log is not None and window.contact_log.recorder.record()
    modal.check()
    assert "\u201cundocumented\u201d" in seen["warning"] and "immigration or citizenship status" in seen["warning"]
    assert "Notes text is too long (at most 20,000 characters)." in seen["problems"]
    assert seen["focus"] == "True" and seen["warning after"] == ""
    [record] = log_records(data_dir)
    assert len(record.draft.notes) > 13_000
    assert window.settings.staff_name == "" and record.draft.staff_name == "Dana Ortiz"


def test_choosing_another_pack_on_an_unrecorded_outcome_reminds_and_can_stay(
    qtbot: QtBot, open_window: object, fixture_library: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", lambda self: STAY)
    window = open_window()  # type: ignore[operator]
    reach_required_outcome(qtbot, window)
    window.header.pack_chosen.emit("proposalville")
    assert window.stack.currentWidget() is window.outcome and window.controller.pack.id == "testville"
    assert window.header.packs.currentData() == "testville"  # the choice is put back
    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", lambda self: LEAVE)
    window.header.pack_chosen.emit("proposalville")
    assert window.controller.pack.id == "proposalville" and window.stack.currentWidget() is window.picker


def test_saving_status_words_asks_first_and_keeps_the_form_by_default(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    reach_required_outcome(qtbot, window)
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def with_status_words(dialog: RecordContactDialog) -> None:
        fill_form(qtbot, dialog, notes="Agent said he is undocumented, sin papeles. Fax at 02:10.")

        def answer_with_keys(box: QMessageBox) -> None:
            seen["question"] = box.text()
            for key in (Qt.Key.Key_S, Qt.Key.Key_E, Qt.Key.Key_Y, Qt.Key.Key_Space):
                qtbot.keyClick(box, key)  # stray keys: nothing is chosen (Space presses the default)
            if box.isVisible():
                qtbot.keyClick(box, Qt.Key.Key_Return)

        modal.on(QMessageBox, answer_with_keys)
        dialog.save_button.click()  # asks; the keys above keep the form open
        seen["still open"] = str(dialog.isVisible())
        seen["selected"] = dialog.notes.textCursor().selectedText()
        dialog.notes.setPlainText("Agent asked for the person's release date. Fax at 02:10.")
        dialog.save_button.click()  # nothing to ask: saved

    modal.on(RecordContactDialog, with_status_words)
    assert window.contact_log is not None and window.contact_log.recorder.record()
    modal.check()
    assert seen["question"] == "The record mentions \u201cundocumented\u201d and \u201csin papeles\u201d."
    assert seen["still open"] == "True" and seen["selected"] == "undocumented"
    [record] = log_records(data_dir)
    assert "undocumented" not in record.draft.notes and "release date" in record.draft.notes


def test_status_words_can_be_saved_when_clearly_chosen(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    reach_required_outcome(qtbot, window)
    modal = ModalWatcher()

    def quoting_the_agent(dialog: RecordContactDialog) -> None:
        fill_form(qtbot, dialog, notes="Agent asked for his immigration status; declined to answer.")

        def save_as_written(box: QMessageBox) -> None:
            [keep] = [b for b in box.buttons() if b.text() == "Save as written"]
            keep.click()

        modal.on(QMessageBox, save_as_written)
        dialog.save_button.click()

    modal.on(RecordContactDialog, quoting_the_agent)
    assert window.contact_log is not None and window.contact_log.recorder.record()
    modal.check()
    [record] = log_records(data_dir)
    assert record.draft.notes.startswith("Agent asked for his immigration status")
