"""What a start remembers of the window: only what the user changed. A first start that changes
nothing writes no settings file (the pack offered first and the place fitted to the screen are
worked out again next time); a pack the user chooses and a size the user gives are kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from brightline.core.library import Library
from brightline.core.paths import resolve_paths
from brightline.ui.app import build
from brightline.ui.main_window import MainWindow
from brightline.ui.settings import UiSettings
from ui.helpers import choose_pack


def _painted_window(qtbot: QtBot, library: Library) -> MainWindow:
    window = build(resolve_paths(), ["brightline"], library).window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(window.menus.actions), timeout=2000)  # the first paint is done
    return window


def test_a_start_that_changes_nothing_writes_no_settings(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    window = _painted_window(qtbot, fixture_library)
    offered_first = window.controller.pack_id
    window.close()
    assert not (data_dir / "settings.ini").exists()
    again = _painted_window(qtbot, fixture_library)
    assert again.controller.pack_id == offered_first
    again.close()


def test_a_chosen_pack_and_a_new_size_are_kept(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    window = _painted_window(qtbot, fixture_library)
    choose_pack(qtbot, window, "proposalville")
    window.showNormal()
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.size() == QSize(700, 500), timeout=2000)
    window.close()
    kept = UiSettings(data_dir / "settings.ini")
    assert kept.pack_id == "proposalville"
    assert kept.geometry is not None
    again = _painted_window(qtbot, fixture_library)
    assert again.controller.pack_id == "proposalville"
    assert again.size() == QSize(700, 500)
    again.close()
