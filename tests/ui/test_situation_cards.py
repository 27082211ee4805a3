"""The situation cards show which one is selected and which one the mouse is over."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.situation_delegate import CARD_GAP, HOVER, SELECTED


def card_colour(window: MainWindow, row: int) -> QColor:
    """The fill of the card in `row`, read from the painted list, just inside its lower left corner."""
    view = window.picker.list
    rect = view.visualRect(view.model().index(row, 0))
    image = view.viewport().grab().toImage()
    return image.pixelColor(QPoint(rect.left() + 6, rect.bottom() - CARD_GAP - 6))


def test_the_selected_card_and_the_card_under_the_mouse_are_drawn_apart(qtbot: QtBot, window: MainWindow) -> None:
    view = window.picker.list
    assert view.model().rowCount() >= 2
    assert view.currentIndex().row() == 0
    white = QColor("#ffffff")
    assert card_colour(window, 0) == SELECTED
    assert card_colour(window, 1) == white

    view.entered.emit(view.model().index(1, 0))  # what the view sends as the mouse moves onto it
    assert card_colour(window, 1) == HOVER
    assert card_colour(window, 0) == SELECTED

    view.viewportEntered.emit()  # the mouse is in the list but over no card
    assert card_colour(window, 1) == white

    view.entered.emit(view.model().index(1, 0))
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))  # the mouse leaves the list
    assert card_colour(window, 1) == white

    view.setCurrentIndex(view.model().index(1, 0))  # the arrow keys move the selection
    assert card_colour(window, 1) == SELECTED
    assert card_colour(window, 0) == white

