"""Draws one situation as a card (title, wrapped summary, who it is for), with its group's heading
above the first card of each group, and a clear focus ring for keyboard users."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.situation_model import AUDIENCES_ROLE, GROUP_ROLE, GROUP_START_ROLE, RELEVANT_ROLE, SUMMARY_ROLE
from app.ui.wording import audiences_text

Index = QModelIndex | QPersistentModelIndex

PAD = 14
GROUP_HEIGHT = 40
CARD_GAP = 6
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)

TEXT = QColor("#1f2328")
MUTED = QColor("#57606a")
FAINT = QColor("#8c959f")
ACCENT = QColor("#0b5cad")
SELECTED = QColor("#e3eefa")
HOVER = QColor("#f3f7fc")
BORDER = QColor("#d0d7de")


def _font(base: QFont, pixels: int, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class SituationDelegate(QStyledItemDelegate):
    """Cards for SituationProxyModel rows in a QListView."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._hovered = QPersistentModelIndex()
        view.entered.connect(self._on_view_entered)
        view.viewportEntered.connect(self.clear_hover)
        base = view.font()
        self._group_font = _font(base, 13, bold=True)
        self._title_font = _font(base, 17, bold=True)
        self._body_font = _font(base, 15)
        self._tag_font = _font(base, 13)

    def _blocks(self, index: Index, width: int) -> tuple[str, str, str, list[int]]:
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        summary = " ".join(str(index.data(SUMMARY_ROLE) or "").split())
        tag = "For: " + audiences_text(index.data(AUDIENCES_ROLE) or [])
        if not index.data(RELEVANT_ROLE):
            tag += "  (not your role \u2014 shown after your own)"
        inner = max(80, width - 2 * PAD)
        heights = [
            QFontMetrics(font).boundingRect(QRect(0, 0, inner, 100_000), WRAP, text).height()
            for font, text in ((self._title_font, title), (self._body_font, summary), (self._tag_font, tag))
        ]
        return title, summary, tag, heights

    def _card_height(self, index: Index, width: int) -> int:
        heights = self._blocks(index, width)[3]
        return PAD + heights[0] + 4 + heights[1] + 6 + heights[2] + PAD

    def _available_width(self) -> int:
        # The viewport's width, without calling viewport(): its first call costs PySide 20-30 ms
        # of lazy set-up, which would land on start-up.
        width = self._view.contentsRect().width()
        scroll_bar = self._view.verticalScrollBar()
        if scroll_bar.isVisible():
            width -= scroll_bar.width()
        return width - 4

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 (Qt override)
        width = self._available_width()
        header = GROUP_HEIGHT if index.data(GROUP_START_ROLE) else 0
        return QSize(width, header + self._card_height(index, width) + CARD_GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        if index.data(GROUP_START_ROLE):
            painter.setFont(self._group_font)
            painter.setPen(MUTED)
            group_rect = QRect(rect.left() + 2, rect.top() + 12, rect.width() - 4, GROUP_HEIGHT - 14)
            painter.drawText(
                group_rect,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                str(index.data(GROUP_ROLE) or "").upper(),
            )
            rect.setTop(rect.top() + GROUP_HEIGHT)
        card = QRectF(rect.left() + 1.5, rect.top() + 1.5, rect.width() - 3, rect.height() - CARD_GAP - 3)
        # Selection, focus and hover come from the view, not from option.state: reading that
        # makes PySide build the Python side of QStyle, which cost about 10 ms of start-up.
        view = self._view
        selection = view.selectionModel()
        selected = selection is not None and selection.isSelected(index)
        focused = view.hasFocus() and index == view.currentIndex()
        hovered = self._hovered.isValid() and index == self._hovered
        if focused:
            pen = QPen(ACCENT, 3)
        elif selected or hovered:
            pen = QPen(ACCENT, 1)
        else:
            pen = QPen(BORDER, 1)
        painter.setPen(pen)
        painter.setBrush(SELECTED if selected else HOVER if hovered else QColor("#ffffff"))
        painter.drawRoundedRect(card, 8, 8)

        relevant = bool(index.data(RELEVANT_ROLE))
        title, summary, tag, heights = self._blocks(index, rect.width())
        x, y, inner = rect.left() + PAD, rect.top() + PAD, max(80, rect.width() - 2 * PAD)
        for font, text, colour, height, gap in (
            (self._title_font, title, TEXT if relevant else MUTED, heights[0], 4),
            (self._body_font, summary, MUTED if relevant else FAINT, heights[1], 6),
            (self._tag_font, tag, ACCENT if relevant else FAINT, heights[2], 0),
        ):
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRect(x, y, inner, height), WRAP, text)
            y += height + gap
        painter.restore()

    def _on_view_entered(self, index: QModelIndex) -> None:
        self.clear_hover()  # the card the mouse came from is drawn plain again
        self._hovered = QPersistentModelIndex(index)
        self._view.update(index)

    def clear_hover(self) -> None:
        """The mouse left the cards (for the view's leaveEvent and viewportEntered)."""
        if self._hovered.isValid():
            self._view.update(QModelIndex(self._hovered))
        self._hovered = QPersistentModelIndex()
