"""Help → About Brightline: the version, the packs with their versions, and the licences the
bundle carries (the LGPL's terms for Qt and PySide6 among them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from brightline import __version__
from brightline.ui.about_dialog import AboutDialog
from brightline.ui.main_window import MainWindow


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
def test_about_names_the_version_the_packs_and_the_licences(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    window.finish_building()  # the Help menu is added just after the first paint
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "&Help" in menus
    [about] = [a for a in menus["&Help"].actions() if a.objectName() == "aboutAction"]
    about.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(AboutDialog)))
    [dialog] = window.findChildren(AboutDialog)

    shown = dialog.versions.toPlainText()
    assert f"Brightline {__version__}" in shown and "Guidance, not legal advice." in shown
    for pack in window.start.packs:
        assert pack.name in shown and pack.version in shown
    assert "Qt 6." in shown and "PySide6 6." in shown

    dialog.tabs.setCurrentIndex(1)
    notices = dialog.notices.toPlainText()
    assert "GNU LGPL v3" in notices and "You may replace the Qt and PySide6 libraries" in notices
    for component in ("Python Software Foundation License", "networkx", "ruamel.yaml", "libyaml", "MIT"):
        assert component in notices
    dialog.reject()
