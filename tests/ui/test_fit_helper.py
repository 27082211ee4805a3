"""tests/ui/fit.py finds what a person would see cut off, and passes what fits."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.fit import OFFSCREEN, SCREENS, fit_problems

pytestmark = OFFSCREEN

LONG = "Keys: 1–9 answer · Backspace back · Esc start again · Ctrl+F find a situation · Ctrl+L contact log"


def dialog(qtbot: QtBot, *widgets: QWidget, size: QSize) -> QDialog:
    box = QDialog()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    box.resize(size)
    return box


def test_a_dialog_that_fits_has_no_problems(qtbot: QtBot) -> None:
    label = QLabel(LONG * 3)
    label.setWordWrap(True)
    assert fit_problems(dialog(qtbot, label, QPushButton("Close"), size=QSize(400, 300)), SCREENS["1024x768"]) == []


def test_a_dialog_wider_than_the_screen_is_reported(qtbot: QtBot) -> None:
    problems = fit_problems(dialog(qtbot, QLabel("x"), size=QSize(1100, 300)), SCREENS["1024x768"])
    assert any("opens at 1100" in p for p in problems), problems


def test_a_label_that_cannot_wrap_is_reported_when_cut(qtbot: QtBot) -> None:
    # A row in a scroll area that does not scroll sideways, in a narrow dialog: the text runs off.
    row = QWidget()
    line = QHBoxLayout(row)
    line.addWidget(QPushButton("Start again"))
    line.addWidget(QLabel(LONG))
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(scroll.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
    scroll.setWidget(row)
    problems = fit_problems(dialog(qtbot, scroll, size=QSize(400, 300)), SCREENS["1024x768"])
    assert any(p.startswith("QLabel 'Keys: 1–9") and "cut off at the side" in p for p in problems), problems


def test_a_cut_placeholder_is_reported(qtbot: QtBot) -> None:
    field = QLineEdit()
    field.setPlaceholderText(LONG)
    problems = fit_problems(dialog(qtbot, field, size=QSize(300, 100)), SCREENS["1024x768"])
    assert any("placeholder" in p for p in problems), problems


def test_a_main_window_is_laid_out_at_the_whole_screen(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    too_wide = QWidget()
    too_wide.setMinimumSize(QSize(1200, 100))
    window.setCentralWidget(too_wide)
    problems = fit_problems(window, SCREENS["1024x768"])
    assert any("cannot be made smaller" in p for p in problems), problems
