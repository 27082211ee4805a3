"""An unexpected error while the window is open: written to the crash log, and the window names
the file in a dialog that can copy its path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from brightline.core.crash_log import CrashLog
from brightline.core.paths import resolve_paths
from brightline.ui.app import Started, run
from brightline.ui.crash_dialog import CrashNoticeDialog


@pytest.fixture
def crash_log(data_dir: Path) -> Iterator[CrashLog]:
    log = CrashLog(data_dir / "crash.log")
    assert log.install()
    yield log
    log.uninstall()


def _fail_in_a_slot() -> None:
    raise RuntimeError("forced in a slot")


# The errors are raised on purpose; the offscreen platform cannot size a dialog's window frame.
@pytest.mark.qt_no_exception_capture
@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
def test_an_error_in_a_slot_is_logged_and_the_window_names_the_file(
    qtbot: QtBot, data_dir: Path, packs_root: Path, crash_log: CrashLog, capsys: pytest.CaptureFixture[str]
) -> None:
    started = run(resolve_paths(), ["brightline"], exec=False, crash_log=crash_log)
    assert isinstance(started, Started)
    window = started.window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.finish_building()  # the crash notice, like the window's other extras, comes after the first paint
    QTimer.singleShot(0, _fail_in_a_slot)

    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(CrashNoticeDialog)), timeout=5000)
    [dialog] = window.findChildren(CrashNoticeDialog)
    assert dialog.location.text() == str(data_dir / "crash.log")
    assert "RuntimeError: forced in a slot" in (data_dir / "crash.log").read_text(encoding="utf-8")

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(data_dir / "crash.log")
    assert dialog.copy_button.text() == "Copied"

    # A second error while the dialog is open is logged, not shown again.
    QTimer.singleShot(0, _fail_in_a_slot)
    qtbot.waitUntil(
        lambda: (data_dir / "crash.log").read_text(encoding="utf-8").count("forced in a slot") >= 2, timeout=5000
    )
    assert len(window.findChildren(CrashNoticeDialog)) == 1
    dialog.reject()
    window.close()
    assert f"the details are in {data_dir / 'crash.log'}" in capsys.readouterr().err
