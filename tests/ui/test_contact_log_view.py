"""The log view: the paged table model (qtmodeltester), filters, sorting, the detail pane,
corrections shown with their original, addenda, and the verification mark."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.heads import remember
from brightline.core.contact_log.store import ContactLog
from brightline.core.contact_log.verify import ChainHead
from brightline.ui.contact_log.background import TaskRunner
from brightline.ui.contact_log.log_window import ContactLogWindow
from brightline.ui.contact_log.record_dialog import RecordContactDialog
from brightline.ui.contact_log.table_model import ID, RECORD_ID_ROLE, RESPONSE, STAFF, TIME, ContactLogTableModel
from brightline.ui.main_window import MainWindow
from ui.test_contact_log_support import OFFSCREEN_SIZE_HINTS, ModalWatcher, activate, fill_log, wait_idle

pytestmark = OFFSCREEN_SIZE_HINTS


def open_log(qtbot: QtBot, window: MainWindow) -> ContactLogWindow:
    """Ctrl+L, as a person opens it."""
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    log_window = window.contact_log.log_window
    qtbot.waitExposed(log_window)
    wait_idle(qtbot, window)
    return log_window


def ids(model: ContactLogTableModel) -> list[int]:
    return [model.index(row, 0).data(RECORD_ID_ROLE) for row in range(model.rowCount())]


def test_the_table_model_pages_sorts_and_filters(qtbot: QtBot, tmp_path: Path) -> None:
    path = fill_log(tmp_path, 150)
    with ContactLog.open(path) as log:
        model = ContactLogTableModel(log, page_size=16)
        ModelTester(qtbot).check(model, force_py=True)
        assert model.rowCount() == 150 and model.columnCount() == 8
        newest_first = ids(model)
        assert newest_first == list(range(150, 0, -1))  # contact times grow with the id
        assert model.index(0, TIME).data() == "2024-07-28 11:29"  # draft(149)
        assert model.index(0, RESPONSE).data() == "COMPLY"
        assert model.index(149, ID).data(Qt.ItemDataRole.TextAlignmentRole) is not None
        model.sort(STAFF, Qt.SortOrder.AscendingOrder)
        staff = [model.index(row, STAFF).data() for row in range(150)]
        assert staff == sorted(staff)
        model.sort(3, Qt.SortOrder.AscendingOrder)  # Agency: the log does not sort by it
        assert model.sort_column == STAFF
        model.set_filter(LogFilter(staff="Ben Lee", verdict="decline"))
        ModelTester(qtbot).check(model, force_py=True)
        assert model.rowCount() == len([n for n in range(150) if n % 3 == 1 and n % 4 == 0])
        assert {model.index(r, STAFF).data() for r in range(model.rowCount())} == {"Ben Lee"}
        model.set_filter(LogFilter(text="sally"))
        assert model.rowCount() == 30  # every fifth note
        model.set_filter(LogFilter(date_from=date(2024, 3, 5), date_to=date(2024, 3, 7)))
        assert sorted(ids(model)) == [5, 6, 7]


def test_deep_pages_are_read_on_a_worker_thread(qtbot: QtBot, tmp_path: Path) -> None:
    path = fill_log(tmp_path, 120)
    runner = TaskRunner()
    with ContactLog.open(path) as log:
        model = ContactLogTableModel(log, runner=runner, page_size=10, sync_depth=20)
        ModelTester(qtbot).check(model, force_py=True)
        assert model.index(0, ID).data() == "120"  # near an end: read at once
        assert model.index(115, ID).data() == "5"  # near the other end: read backwards, at once
        assert model.index(60, ID).data() == "\u2026"  # deep: being read
        with qtbot.waitSignal(model.dataChanged, timeout=5000) as changed:
            pass
        assert changed.args[0].row() == 60
        assert model.index(60, ID).data() == "60" and not model.loading
        assert model.record_at(45) is not None and model.record_at(45).id == 75  # type: ignore[union-attr]
    runner.wait()


def test_the_log_view_filters_and_shows_a_record_in_full(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    fill_log(data_dir, 30)
    view = open_log(qtbot, window)
    assert view.model is not None and view.model.rowCount() == 30
    assert "30 records in the log" in view.count.text()
    assert view.health.text().startswith("\u2713 Log verified \u00b7 30 records")
    assert window.contact_log.status.text() == "\u2713 Log verified \u00b7 30 records"  # type: ignore[union-attr]
    assert not window.contact_log.status.is_warning()  # type: ignore[union-attr]
    detail = view.detail.text()
    assert "Record #30" in detail and "Chen Patel (B-102)" in detail
    assert "Who signed the paper? \u2192 An immigration officer" in detail
    assert "Section 3 \u2014 No holds on detainers (Testville Ord. 12)" in detail
    for internal in ("testville-ordinance:", "[scene-assistance]", "[detainer]", "hold-decline", "T09:"):
        assert internal not in detail, internal  # words, never the codes behind them
    filters = view.filters
    assert [filters.staff.itemText(i) for i in range(filters.staff.count())] == [
        "Anyone",
        "Ana Garcia",
        "Ben Lee",
        "Chen Patel",
    ]
    filters.staff.setCurrentIndex(filters.staff.findData("Chen Patel"))
    filters.staff.activated.emit(filters.staff.currentIndex())
    assert view.model.rowCount() == 10
    filters.document.setCurrentIndex(filters.document.findData("none"))
    filters.document.activated.emit(filters.document.currentIndex())
    assert view.model.rowCount() == 10  # Chen's contacts are n % 3 == 2: document "none"
    filters.response.setCurrentIndex(filters.response.findData("escalate"))
    filters.response.activated.emit(filters.response.currentIndex())
    assert sorted(ids(view.model)) == [3, 15, 27]  # n = 2, 14, 26
    qtbot.keyClicks(filters.text, "sally")
    with qtbot.waitSignal(filters.filter_changed, timeout=2000):
        pass
    assert ids(view.model) == []
    assert "No records match the filters." in view.count.text()
    assert "Choose a record" in view.detail.text()
    filters.clear.click()
    qtbot.keyClicks(filters.date_from, "2024-03-02")
    qtbot.keyClicks(filters.date_to, "3/3/2024")  # as written in the United States: 3 March
    qtbot.keyClick(filters.date_to, Qt.Key.Key_Return)
    assert sorted(ids(view.model)) == [2, 3]
    assert filters.date_to.text() == "2024-03-03"  # shown as it was understood
    filters.request.setCurrentIndex(filters.request.findData("scene-assistance"))
    filters.request.activated.emit(filters.request.currentIndex())
    assert ids(view.model) == [2]  # draft(1): the scene request
    view.table.horizontalHeader().setSortIndicator(STAFF, Qt.SortOrder.AscendingOrder)
    assert view.model.sort_column == STAFF
    view.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # Agency
    assert view.table.horizontalHeader().sortIndicatorSection() == STAFF  # put back


def test_a_date_that_is_not_one_is_said_and_the_highlight_follows_the_record_shown(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    fill_log(data_dir, 12)
    view = open_log(qtbot, window)
    assert view.model is not None
    view.table.selectRow(ids(view.model).index(5))
    assert view.detail.selected_id == 5
    filters = view.filters
    filters.response.setCurrentIndex(filters.response.findData("decline"))  # records 1, 5, 9
    filters.response.activated.emit(filters.response.currentIndex())
    selected = view.table.selectionModel().selectedRows()
    assert [view.model.record_at(i.row()).id for i in selected] == [5] == [view.detail.selected_id]  # type: ignore[union-attr]
    filters.response.setCurrentIndex(filters.response.findData("comply"))  # 5 is not among these
    filters.response.activated.emit(filters.response.currentIndex())
    [row] = view.table.selectionModel().selectedRows()
    assert view.model.record_at(row.row()).id == view.detail.selected_id != 5  # type: ignore[union-attr]
    qtbot.keyClicks(filters.date_from, "31/12/2024")  # no 31st month: not a date
    qtbot.keyClick(filters.date_from, Qt.Key.Key_Return)
    assert filters.date_from.property("invalid") is True
    assert "From \u201c31/12/2024\u201d is not a date: type it as 2026-12-07 or 12/07/2026." in view.count.text()


def test_a_correction_shows_with_its_original(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    fill_log(data_dir, 5)
    view = open_log(qtbot, window)
    assert view.model is not None and view.detail.original_id == 5
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def correct(dialog: RecordContactDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["agency"] = dialog.agency.currentText()
        seen["notes"] = dialog.notes.toPlainText()
        line = dialog.agency.lineEdit()
        assert line is not None
        line.selectAll()
        qtbot.keyClicks(line, "CBP Air and Marine")
        dialog.save_button.click()

    modal.on(RecordContactDialog, correct)
    view.detail.correct.click()
    modal.check()
    assert seen["title"].startswith("Correct record #5") and seen["agency"] == "ICE ERO"
    assert seen["notes"] == "Routine contact 4."
    assert view.model.rowCount() == 6
    detail = view.detail.text()
    assert "Corrected. What the record now says is correction #6" in detail
    assert "Record #5" in detail and "Correction #6 \u2014 the current version" in detail
    assert "Agency\tICE ERO \u2192 CBP Air and Marine" in detail.replace("\n", "\t")
    assert detail.index("Record #5") < detail.index("Correction #6")
    # Choosing the correction in the table shows it with its original, original first.
    row = ids(view.model).index(6)
    view.table.selectRow(row)
    assert view.detail.original_id == 5
    detail = view.detail.text()
    assert "Record #6 is a correction of record #5." in detail and "Record #5" in detail
    assert view.model.index(row, 7).data() == "Correction of #5"

    def add(dialog: RecordContactDialog) -> None:
        seen["enabled"] = str([w.isEnabled() for w in (dialog.agency, dialog.method, dialog.staff_name)])
        dialog.save_button.click()
        seen["problems"] = dialog.problem_text()
        qtbot.keyClicks(dialog.staff_name, "Sam Reed")
        qtbot.keyClicks(dialog.staff_badge, "B-9")
        qtbot.keyClicks(dialog.notes, "Agent came back.")
        dialog.save_button.click()

    modal.on(RecordContactDialog, add)
    activate(qtbot, view)
    view.detail.addendum.click()
    modal.check()
    assert seen["enabled"] == "[False, False, True]"  # an addendum keeps the contact's facts
    assert "Your name is required." in seen["problems"] and "Notes text is required." in seen["problems"]
    assert "Addendum #7" in view.detail.text() and "Agent came back." in view.detail.text()
    with ContactLog.open(data_dir / "contact-log.sqlite3", create=False) as log:
        assert [r.draft.kind for r in log.get(5).corrections] == ["correction", "addendum"]  # type: ignore[union-attr]
        assert log.get(5).record.draft.agency == "ICE ERO"  # type: ignore[union-attr]  # never edited
        assert log.verify().ok


def test_an_edited_log_and_a_shortened_log_are_warned_about(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    path = fill_log(data_dir, 6)
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER contact_no_update")  # as someone editing the file would
    body = json.loads(con.execute("SELECT body FROM contact WHERE id = 3").fetchone()[0])
    body["agency"] = "Someone else"
    con.execute("UPDATE contact SET body = ? WHERE id = 3", (json.dumps(body, sort_keys=True, separators=(",", ":")),))
    con.commit()
    con.close()
    view = open_log(qtbot, window)
    status = window.contact_log.status  # type: ignore[union-attr]
    assert status.is_warning() and status.text() == "\u26a0 Contact log check FAILED"
    assert "record 3 was changed after it was logged" in view.health.text()
    assert "Keep this file as it is" in view.health.text()


def test_a_log_shorter_than_seen_before_is_warned_about(
    qtbot: QtBot, window: MainWindow, data_dir: Path, key_dir: Path
) -> None:
    path = fill_log(data_dir, 4)
    remember(key_dir, path, "", ChainHead(9, "ab" * 32))  # this account once saw 9 records
    view = open_log(qtbot, window)
    status = window.contact_log.status  # type: ignore[union-attr]
    assert status.is_warning() and status.text() == "\u26a0 Contact log is shorter than before"
    assert "records were removed from the end" in view.health.text()


def test_a_redaction_shows_with_the_record_it_erased_from(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    from brightline.core.contact_log.redaction import redact

    path = fill_log(data_dir, 5)
    with ContactLog.open(path) as log:
        redact(log, 3, "notes", "Sgt. Lee", "S-12", "the note gave a victim's address")
    view = open_log(qtbot, window)
    assert view.model is not None and view.model.rowCount() == 6
    row = ids(view.model).index(6)
    assert view.model.index(row, 0).siblingAtColumn(view.model.columnCount() - 1).data() == "Redaction of #3"
    view.table.selectRow(row)
    detail = view.detail.text()
    assert "Redaction #6" in detail and "Record #3\u2019s notes erased from the log by Sgt. Lee (S-12)" in detail
    assert "erased by a redaction (below)" in detail and "victim's address" in detail
    assert "Routine contact 2." not in detail  # the erased text itself is nowhere
    assert window.contact_log is not None and not window.contact_log.status.is_warning()
    assert "Log verified" in view.health.text()
