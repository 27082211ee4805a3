"""The situation cards show which one is selected and which one the mouse is over, and each is as
tall as its text."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brightline.core.library import load_library
from brightline.core.startcache.index import StartIndex
from brightline.ui.main_window import MainWindow
from brightline.ui.picker_page import SituationPickerPage
from brightline.ui.situation_delegate import CARD_GAP, HOVER, SELECTED, SituationDelegate
from ui.test_contact_log_support import OFFSCREEN_SIZE_HINTS

SHIPPED = Path(__file__).resolve().parents[2] / "decision_trees"


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


@OFFSCREEN_SIZE_HINTS  # a top-level page of its own, on the offscreen platform
def test_every_card_gets_its_own_height_once_the_list_is_painted(qtbot: QtBot) -> None:
    # The first screen measures only the cards it can show; the rest follow a moment later. With
    # a shipped pack (more situations than fit, of several heights), every card must end up
    # exactly as tall as its text needs, with the next one right below it.
    library = load_library(SHIPPED)
    page = SituationPickerPage()
    qtbot.addWidget(page)
    page.set_pack(StartIndex.of(library).pack("california"))
    page.resize(520, 600)  # narrow: summaries wrap to one, two or three lines
    page.show()
    qtbot.waitExposed(page)
    view = page.list
    delegate = view.itemDelegate()
    assert isinstance(delegate, SituationDelegate)
    model = view.model()
    assert model.rowCount() > view.height() // 60 + 3  # some cards start out estimated

    def measured() -> bool:
        rects = [view.visualRect(model.index(row, 0)) for row in range(model.rowCount())]
        heights = [delegate.card_size(model.index(row, 0)).height() for row in range(len(rects))]
        return all(r.height() == h for r, h in zip(rects, heights, strict=True)) and all(
            below.top() == above.bottom() + 1 for above, below in itertools.pairwise(rects)
        )

    qtbot.waitUntil(measured, timeout=3000)
    heights = {view.visualRect(model.index(row, 0)).height() for row in range(model.rowCount())}
    assert len(heights) > 2  # cards of several heights, not one estimate
