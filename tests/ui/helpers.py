"""Small helpers for driving the window the way a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from brightline.ui.main_window import MainWindow


def open_situation(qtbot: QtBot, window: MainWindow, query: str) -> None:
    """Ctrl+F, type `query`, Enter: what a keyboard user does to start a situation."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.picker.search.hasFocus()
    qtbot.keyClicks(window.picker.search, query)
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.question


def press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key wherever the keyboard focus is now (falling back to the window)."""
    target: QWidget = window.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def answer_labels(window: MainWindow) -> list[str]:
    return [button.text() for button in window.question.answer_buttons()]


def links_in(qtbot: QtBot, browser: QWidget) -> None:
    """Focus a text view and Tab to its first link."""
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Tab)


def choose_pack(qtbot: QtBot, window: MainWindow, pack_id: str) -> None:
    combo = window.header.packs
    index = combo.findData(pack_id)
    assert index >= 0, f"{pack_id} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what choosing it from the list does
