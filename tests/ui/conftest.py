"""Fixtures for driving the real window: a small pack library in a temporary folder, and windows
built the way `brightline` builds them (`brightline.ui.app.build`, which `run` also uses)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brightline.core.library import Library, load_library
from brightline.core.paths import resolve_paths
from brightline.ui.app import build
from brightline.ui.main_window import MainWindow
from ui.packs import write_fixture_packs


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture pack library on disk (written once; tests that break packs copy it)."""
    return write_fixture_packs(tmp_path_factory.mktemp("library") / "packs")


@pytest.fixture(scope="session")
def fixture_library(fixture_root: Path) -> Library:
    """The fixture library, loaded once: the window never changes a Library."""
    library = load_library(fixture_root)
    assert not library.broken, library.broken
    return library


@pytest.fixture
def packs_root(fixture_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """BRIGHTLINE_PACKS_ROOT set to the fixture library."""
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(fixture_root))
    monkeypatch.delenv("BRIGHTLINE_PACKS", raising=False)
    return fixture_root


@pytest.fixture
def open_window(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> Iterator[Callable[..., MainWindow]]:
    """Open a main window on the fixture library (or `library=`), settings in the test's data dir."""
    windows: list[MainWindow] = []

    def start(library: Library | None = None) -> MainWindow:
        window = build(resolve_paths(), ["brightline"], library or fixture_library).window
        qtbot.addWidget(window)
        # The test screen is 800×800, where the window opens maximised; the tests drive it at a
        # booking workstation's 1024×768 (the narrow layouts have tests of their own).
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1024, 768)
        qtbot.waitExposed(window)
        # A person's keys go to the window they just opened; make sure it is the active one.
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
        # The menus' commands (and their keys) come on the first turn after the first paint,
        # long before a person can press one.
        qtbot.waitUntil(lambda: bool(window.menus.actions), timeout=2000)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    return open_window()


@pytest.fixture(autouse=True)
def _leave_unrecorded_contacts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that leave an outcome marked documentation_required answer the contact log's
    reminder with "Leave without recording" instead of meeting a modal box. The contact-log
    tests that exercise the reminder undo this (`monkeypatch.undo()` or their own patch)."""
    from brightline.ui.contact_log.recorder import LEAVE, ContactRecorder

    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", lambda self: LEAVE)
