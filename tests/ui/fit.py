"""Does a window fit a small screen with nothing cut off? For tests of every top-level window and
dialog:

    @OFFSCREEN
    def test_the_dialog_fits(qtbot):
        problems = fit_problems(dialog, SCREENS["1024x768"])
        assert not problems, "\\n".join(problems)

`fit_problems` shows the window as it would open on a screen whose available area (the screen
less any task bar) is the size given: a main window fills it, as maximised; any other window keeps
the size it opens at, which must leave room for a title bar and borders (FRAME). It then lists, in
words, what a person would see cut off:

- the window larger than the area, or unable to shrink to it (its minimum size);
- a label too narrow for its text, or a wrapping label shorter than its lines ("Esc start agai");
- a button, check box or drop-down too narrow for its text, a field's placeholder cut;
- any widget reaching outside its window, or outside a parent that cannot scroll to show it.

The tests run offscreen at one device pixel ratio; 150 % scaling is checked as the smaller
logical screen it leaves (1920×1080 at 150 % is 1280×720 to the layouts).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

# Offscreen, Qt warns when a shown window's size limits change (it has no window manager to tell);
# tests fail on Qt warnings, so a test that shows windows ignores these two.
OFFSCREEN = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

# What a window manager adds around a window: a title bar and borders (Windows 10: 31 px and 8 px).
FRAME = QSize(16, 40)

# Available areas to check against, by the screen they stand for.
SCREENS = {
    "1024x768": QSize(1024, 768),
    "1280x800": QSize(1280, 800),
    "1920x1080 at 150%": QSize(1280, 720),
    "1280x800 at 150%": QSize(853, 533),
}


def fit_problems(window: QWidget, screen: QSize) -> list[str]:
    """What does not fit when `window` opens on a screen with `screen` available (see the module)."""
    room = screen - FRAME
    if not window.isVisible():
        window.show()
    QApplication.processEvents()
    problems = []
    name = _describe(window)
    if isinstance(window, QMainWindow):
        window.resize(room)
    elif window.width() > room.width() or window.height() > room.height():
        problems.append(f"{name} opens at {_size(window.size())}, larger than {_size(room)} (the screen less a frame)")
        window.resize(window.size().boundedTo(room))
    smallest = window.minimumSizeHint().expandedTo(window.minimumSize())
    if smallest.width() > room.width() or smallest.height() > room.height():
        problems.append(f"{name} cannot be made smaller than {_size(smallest)}, more than {_size(room)}")
    QApplication.processEvents()
    for widget in window.findChildren(QWidget):
        if widget.window() is window and widget.isVisibleTo(window) and widget.width() > 0:
            problems.extend(_cut_text(widget))
            problems.extend(_outside(widget, window))
    return problems


def _cut_text(widget: QWidget) -> list[str]:
    name = _describe(widget)
    if isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return [f"{name} shows {widget.height()} px of the {needed} px its wrapped text needs"]
        elif widget.width() + 1 < widget.minimumSizeHint().width():
            return [f"{name} is {widget.width()} px wide; its text needs {widget.minimumSizeHint().width()} px"]
    elif isinstance(widget, QAbstractButton) and widget.text():
        if widget.hasHeightForWidth():  # a button whose text wraps (the answers)
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return [f"{name} shows {widget.height()} px of the {needed} px its wrapped text needs"]
        elif widget.width() + 1 < widget.sizeHint().width():
            return [f"{name} is {widget.width()} px wide; its text needs {widget.sizeHint().width()} px"]
    elif isinstance(widget, QComboBox) and widget.currentText():
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget
        )
        needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
        if needed > field.width() + 1:
            return [f"{name} shows {field.width()} px of its {needed} px text"]
    elif isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
        needed = widget.fontMetrics().horizontalAdvance(widget.placeholderText())
        room = widget.contentsRect().width() - 8  # the field's own text margins
        if needed > room + 1:
            return [f"{name}'s placeholder needs {needed} px; the field shows {room} px of it"]
    return []


def _outside(widget: QWidget, window: QWidget) -> list[str]:
    """`widget` cut off by its window or by a parent that cannot scroll to show the rest."""
    rect = widget.geometry()  # in its parent's coordinates, then in each ancestor's
    parent = widget.parentWidget()
    while parent is not None:
        bounds = parent.rect()
        sideways = rect.left() < bounds.left() - 1 or rect.right() > bounds.right() + 1
        below = rect.top() < bounds.top() - 1 or rect.bottom() > bounds.bottom() + 1
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            below = False  # the rest shows when scrolled
            sideways = sideways and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if sideways or below:
            edge = "at the side" if sideways else "at the bottom"
            return [f"{_describe(widget)} is cut off {edge} by {_describe(parent)}"]
        if parent is window:
            return []
        rect = rect.intersected(bounds).translated(parent.pos())
        if rect.isEmpty():
            return []  # scrolled out of sight
        parent = parent.parentWidget()
    return []


def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QLineEdit):
        text = widget.placeholderText()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    elif widget.isWindow():
        text = widget.windowTitle()
    text = " ".join(text.split())
    shown = f" '{text[:60]}{'…' if len(text) > 60 else ''}'" if text else ""
    name = f"#{widget.objectName()}" if widget.objectName() else ""
    return f"{type(widget).__name__}{name}{shown}"


def _size(size: QSize) -> str:
    return f"{size.width()}×{size.height()}"
