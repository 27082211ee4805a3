"""Every window and dialog of the contact log and of training opens within the screen, on a
1024×768 screen and the others of tests/ui/fit.py (1280×800, and 150 % of 1920×1080 and of
1280×800), with no text cut: what fit_problems finds, and captions whose glyphs overhang their
box ("To" drawn as "Tc").

Each window is given the size it opens at on that screen (form_parts.opening_size: its preferred
size, bounded by the screen less a frame), in each of its states: the log with records and
read-only, the form with its notice and its problems, an export done, the audit report, a record
that could not be saved, and every page of training, presenter mode full screen.
"""

# The fixtures imported from ui.test_training_support are redefined as test arguments, as pytest means.
# ruff: noqa: F811

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.wording import RecordWording
from brightline.core.library import Library
from brightline.core.training import TrainingSession, choose_scenarios
from brightline.core.training_log import TrainingLog
from brightline.ui.contact_log import export_dialog, log_window, record_dialog, report_dialog, unsaved_dialog
from brightline.ui.contact_log.form_parts import FRAME, opening_size, unkerned_width
from brightline.ui.contact_log.service import ContactLogService
from brightline.ui.main_window import MainWindow
from brightline.ui.training import training_window as training_module
from brightline.ui.training.presenter_window import PresenterWindow
from brightline.ui.training.training_window import TrainingWindow
from ui.fit import OFFSCREEN, SCREENS, fit_problems
from ui.test_contact_log_support import draft, fill_log, wait_idle
from ui.test_training_support import (  # noqa: F401 (fixtures)
    digit,
    key,
    training_library,
    training_log,
    training_root,
    training_window,
)

pytestmark = OFFSCREEN


def glyphs_cut(window: QWidget) -> list[str]:
    """One-line plain labels narrower than their text's ink (fit_problems measures the text with
    kerning; a caption whose mnemonic is underlined is drawn without, and "To" showed "Tc")."""
    problems = []
    for label in window.findChildren(QLabel):
        text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if not text or label.wordWrap() or not label.isVisibleTo(window) or GuiQt.mightBeRichText(text):
            continue
        if label.textFormat() == Qt.TextFormat.RichText or "\n" in text:
            continue
        ink = label.fontMetrics().boundingRect(text).width()
        if label.buddy() is not None:  # its mnemonic underlined: drawn without kerning
            ink = max(ink, unkerned_width(label))
        if ink > label.width():
            problems.append(f"QLabel '{text[:40]}' shows {label.width()} px of its {ink} px")
    return problems


def fits(window: QWidget, preferred: QSize, screen: str) -> list[str]:
    """Open `window` as it would on `screen` and list what does not fit or is cut."""
    window.resize(opening_size(preferred, window.minimumSize(), SCREENS[screen]))
    if not window.isVisible():
        window.show()
    QApplication.processEvents()
    return fit_problems(window, SCREENS[screen]) + glyphs_cut(window)


def open_log(qtbot: QtBot, window: MainWindow) -> log_window.ContactLogWindow:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    wait_idle(qtbot, window)
    return window.contact_log.log_window


@pytest.mark.parametrize("screen", SCREENS)
def test_the_contact_log_window_fits(qtbot: QtBot, window: MainWindow, data_dir: Path, screen: str) -> None:
    fill_log(data_dir, 30)
    view = open_log(qtbot, window)
    assert not fits(view, log_window.PREFERRED_SIZE, screen)


@pytest.mark.parametrize("screen", ["1024x768", "1280x800 at 150%"])
def test_the_contact_log_window_fits_on_a_read_only_folder_and_when_the_log_is_damaged(
    qtbot: QtBot, window: MainWindow, data_dir: Path, screen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.core.contact_log import files

    fill_log(data_dir, 3)
    read_only = OSError(errno.EROFS, "Read-only file system", str(data_dir))
    monkeypatch.setattr(files, "write_problem", lambda folder, file=None: read_only)
    view = open_log(qtbot, window)
    assert view.write_notice.isVisible()
    assert not fits(view, log_window.PREFERRED_SIZE, screen)
    (data_dir / "contact-log.sqlite3").write_bytes(b"not a database" * 100)
    assert window.contact_log is not None
    window.contact_log.service.close()
    view.service = ContactLogService(data_dir, view)  # a fresh start on the damaged file
    view.open_log()
    assert view.pages.currentIndex() == log_window.BROKEN
    assert not fits(view, log_window.PREFERRED_SIZE, screen)
    view.service.close()


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("mode", [record_dialog.RECORD, record_dialog.CORRECTION, record_dialog.ADDENDUM])
def test_the_record_form_fits_with_its_notice_and_its_problems(
    qtbot: QtBot, window: MainWindow, screen: str, mode: str
) -> None:
    base = draft(1, staff_name="", staff_badge="", agency="", method="", document="", notes="")
    notice = (
        "\u26a0 The contact log is read-only here. You can still fill in the form. Records cannot be kept "
        "as files here either: when you save one, Brightline offers to save it elsewhere (a folder you "
        "choose), copy it or print it."
    )
    dialog = record_dialog.RecordContactDialog(
        base, lambda d: None, mode=mode, original_id=4, notice=notice, wording=RecordWording()
    )  # type: ignore[arg-type, return-value]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check(focus=False)  # every required field missing: the longest list of problems
    assert dialog.problems.isVisible()
    assert not fits(dialog, record_dialog.PREFERRED_SIZE, screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_export_dialog_fits_after_an_export(
    qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path, screen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_log(data_dir, 5)
    view = open_log(qtbot, window)
    out = tmp_path / ("a-folder-with-a-long-name-" * 4) / "contact-log-2026-12-07-redacted.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    dialog = export_dialog.ExportDialog(view.service, LogFilter(), view.library.packs, view)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
    assert dialog.anchor_line.isVisible() and dialog.anchor_line.text().startswith("blcp1:")
    assert not fits(dialog, export_dialog.PREFERRED_SIZE, screen)
    assert dialog.width() <= SCREENS[screen].width() - FRAME.width()  # the 64-digit hash did not widen it


@pytest.mark.parametrize("screen", SCREENS)
def test_the_audit_report_fits(qtbot: QtBot, window: MainWindow, data_dir: Path, screen: str) -> None:
    fill_log(data_dir, 12)
    view = open_log(qtbot, window)
    dialog = report_dialog.AuditReportDialog(view.service, LogFilter(), view.library.packs, view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert not fits(dialog, report_dialog.PREFERRED_SIZE, screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_record_that_could_not_be_saved_fits(qtbot: QtBot, window: MainWindow, screen: str) -> None:
    reason = (
        "The contact log is read-only here. It could not be kept as a file here either: the disk or folder is "
        "read-only."
    )
    dialog = unsaved_dialog.UnsavedRecordDialog(draft(2, notes="Long notes. " * 80), reason, RecordWording())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not fits(dialog, unsaved_dialog.PREFERRED_SIZE, screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_of_training_fits(
    qtbot: QtBot, window: MainWindow, training_window: TrainingWindow, training_log: TrainingLog, screen: str
) -> None:
    # `window`: the guide is open, as it always is with training, and its style is the application's.
    w = training_window
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found = fits(w, training_module.PREFERRED_SIZE, screen)
        if found:
            problems[name] = found

    check("set-up")
    w.setup.name.setText("Ana Ruiz")
    w.setup.start.click()
    check("the narrative")
    w.scenario.begin.click()
    check("a question")
    w.scenario.question.answer_chosen.emit(2)  # not sure
    w.scenario.question.answer_chosen.emit(0)
    check("the outcome reached")
    w.scenario.submit.click()
    check("the debrief")
    w.debrief.next.click()  # the next scenario; then end the set there
    w.scenario._end.click()
    assert w.stack.currentWidget() is w.results
    check("the results")
    w.tabs.setCurrentIndex(1)
    check("the records")
    assert not problems, problems


@pytest.mark.parametrize("screen", SCREENS)
def test_presenter_mode_fits_the_whole_screen(
    qtbot: QtBot, window: MainWindow, training_library: Library, screen: str
) -> None:
    pack = training_library.packs["testville"]
    session = TrainingSession(pack, choose_scenarios(pack), "Class 3", "presenter")
    p = PresenterWindow(session)
    qtbot.addWidget(p)
    p.resize(SCREENS[screen])  # full screen: the whole screen, no frame
    p.show()
    problems: dict[str, list[str]] = {}
    for stage, keys in (("narrative", []), ("question", [Qt.Key.Key_Space]), ("outcome", [digit(1)])):
        for pressed in keys:
            qtbot.keyClick(p, pressed)
        QApplication.processEvents()
        found = fit_problems(p, SCREENS[screen] + FRAME) + glyphs_cut(p)
        if found:
            problems[stage] = found
    assert not problems, problems
