"""The window's shell: the menus desktop users expect, zoom that is remembered, the help pages,
and a title that names Brightline once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brightline.core.paths import resolve_paths
from brightline.ui.help_dialogs import GuideDialog, ShortcutsDialog
from brightline.ui.main_window import MainWindow
from ui.fit import OFFSCREEN
from ui.helpers import open_situation, press

pytestmark = OFFSCREEN


def menu_items(window: MainWindow) -> dict[str, list[str]]:
    return {
        action.text().replace("&", ""): [a.text().replace("&", "") for a in action.menu().actions() if a.text()]
        for action in window.menuBar().actions()
    }


def test_the_menus_desktop_users_expect(window: MainWindow) -> None:
    menus = menu_items(window)
    assert list(menus) == ["File", "View", "Tools", "Releases", "Help"]  # Help last, as everywhere
    assert menus["File"] == ["Print\u2026", "Save as PDF\u2026", "Quit"]
    assert menus["View"] == ["Find a situation", "New situation", "Zoom in", "Zoom out", "Actual size"]
    assert menus["Tools"] == ["Training\u2026", "Contact log\u2026"]
    assert menus["Help"] == ["User guide", "Keyboard shortcuts", "About Brightline\u2026"]


def test_print_and_pdf_work_on_an_outcome_only(qtbot: QtBot, window: MainWindow) -> None:
    assert window.menus.print_action is not None and window.menus.pdf_action is not None
    assert not window.menus.print_action.isEnabled() and not window.menus.pdf_action.isEnabled()
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    assert window.menus.print_action.isEnabled() and window.menus.pdf_action.isEnabled()


def test_zoom_makes_the_text_larger_and_is_remembered(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    open_situation(qtbot, window, "detainer")
    question = window.question._question
    before = question.font().pointSizeF()
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert question.font().pointSizeF() > before * 1.1  # the text follows at once
    assert window.settings.zoom == 1.25
    assert window.question.answer_buttons()[0].font().pointSizeF() > before  # the answers too
    window.close()

    again = open_window()  # the next start opens at the zoom chosen
    assert again.settings.zoom == 1.25
    assert again.picker.search.font().pointSizeF() > before
    press(qtbot, again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.settings.zoom == 1.0
    press(qtbot, again, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert again.settings.zoom == 0.9
    press(qtbot, again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # as the other tests expect


def test_the_title_names_the_pack_and_leaves_brightline_to_the_platform(window: MainWindow) -> None:
    assert window.windowTitle() == "Testville Police Department"
    assert QApplication.applicationDisplayName() == "Brightline"  # added by the platform, once


def test_during_a_walk_the_pack_and_role_pickers_step_aside(qtbot: QtBot, window: MainWindow) -> None:
    assert window.header.isVisible()
    open_situation(qtbot, window, "detainer")
    assert not window.header.isVisible() and window.banner.isVisible()  # the guidance notice stays
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.header.isVisible()


def test_the_user_guide_is_a_page_in_the_program(window: MainWindow) -> None:
    guide = GuideDialog(resolve_paths().resources, window)
    text = guide.text.toPlainText()
    assert "Using Brightline" in text and "guidance, not legal advice" in text.casefold()
    assert "Record the contact" in text and "Zoom in" in text
    missing = GuideDialog(None, window).text.toPlainText()
    assert "missing" in missing  # says so, never an empty page


def test_keyboard_shortcuts_list_every_menu_key_and_the_pages_keys(window: MainWindow) -> None:
    rows = window.menus.shortcuts()
    keys = {keys: what for _where, keys, what in rows}
    assert keys["Ctrl+F"] == "Find a situation" and keys["Ctrl+L"] == "Contact log"
    assert keys["Ctrl+= or Ctrl++"] == "Zoom in" and keys["F1"] == "User guide"
    assert any(keys == "1 to 9" for _where, keys, _what in rows)
    shown = ShortcutsDialog(rows, window).text.toPlainText()
    assert "Ctrl+R" in shown and "record this contact" in shown
