"""Draws one situation as a card (title, wrapped summary, who it is for), with its group's heading
above the first card of each group, and a clear focus ring for keyboard users. Type sizes are
relative to the list's font (the reading size: the user's font and zoom); colours are the palette's."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTextDocument
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from brightline.ui.palette import ACCENT, BACKGROUND, BORDER, FAINT, HOVER, MUTED, SELECTED, TEXT
from brightline.ui.situation_model import CARD_ROLE
from brightline.ui.situation_proxy import Card
from brightline.ui.wording import audiences_text, escape_html

Index = QModelIndex | QPersistentModelIndex

PAD = 14
CARD_GAP = 6
LAID_OUT_KEPT = 512  # text blocks kept laid out (three a card); the oldest go first
HEIGHTS_KEPT = 20_000  # card heights kept (a card and a width each); the oldest go first

# Each part's size against the list's font, and its weight.
GROUP_TYPE = (0.87, 700)
TITLE_TYPE = (1.13, 700)
BODY_TYPE = (1.0, 400)
TAG_TYPE = (0.87, 400)


def _pen(colour: str, width: float) -> QPen:
    pen = QPen()
    pen.setColor(QColor(colour))
    pen.setWidthF(width)
    return pen


class SituationDelegate(QStyledItemDelegate):
    """Cards for SituationProxyModel rows in a QListView.

    Text is laid out and drawn by QTextDocument, in its colour (one layout a text and width, kept);
    borders and fills are stroked and filled along a path with pens and brushes made once.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._hovered = QPersistentModelIndex()
        view.entered.connect(self._on_view_entered)
        view.viewportEntered.connect(self.clear_hover)
        self._laid_out: dict[tuple[str, str, int, str], QTextDocument] = {}
        self._heights: dict[tuple[object, ...], int] = {}
        # Until the list is first painted, only the rows the first screen can hold are measured;
        # the others are given the height of the last card measured, and measured on the next
        # turn of the event loop (each card's height needs its text laid out).
        self._estimating = True
        self._last_height = 0
        self._pens = {
            key: _pen(colour, width)
            for key, colour, width in (("focus", ACCENT, 3), ("accent", ACCENT, 1), ("border", BORDER, 1))
        }
        # A pen's brush is a solid brush of its colour: the way to one that builds nothing else.
        self._fills = {colour: _pen(colour, 1).brush() for colour in (SELECTED, HOVER, BACKGROUND)}
        self._types_for: tuple[float, dict[tuple[float, int], str]] = (0.0, {})
        self._group_room = self._shortest = 0
        self._width = -1
        self._font_changed()
        view.installEventFilter(self)  # the zoom changes the list's font: the cards follow

    def _types(self) -> dict[tuple[float, int], str]:
        """Each part's type as CSS for its own span, in points of the list's font (the family is
        the application's); made again only when the font changes (the zoom)."""
        return self._types_for[1]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._view:
            if event.type() == QEvent.Type.Resize:
                self._width = -1
            elif event.type() == QEvent.Type.FontChange:
                self._font_changed()
        return False

    def _font_changed(self) -> None:
        points = self._view.font().pointSizeF()
        if points == self._types_for[0]:
            return
        types = {
            t: f"font-size:{points * t[0]:.2f}pt; font-weight:{t[1]}"
            for t in (GROUP_TYPE, TITLE_TYPE, BODY_TYPE, TAG_TYPE)
        }
        self._types_for = (points, types)
        self._group_room = self._view.fontMetrics().height() * 2 + 6
        self._shortest = self._view.fontMetrics().height() * 3 + 2 * PAD
        self._measure_every_row()

    def _text(self, text: str, type_: str, colour: str, width: int) -> QTextDocument:
        """`text` wrapped at word boundaries to `width` in `type_` and `colour`, laid out once."""
        key = (text, colour, width, type_)
        document = self._laid_out.get(key)
        if document is None:
            if len(self._laid_out) >= LAID_OUT_KEPT:
                del self._laid_out[next(iter(self._laid_out))]
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setHtml(f'<span style="{type_}; color:{colour}">{escape_html(text)}</span>')
            document.setTextWidth(width)
            self._laid_out[key] = document
        return document

    def _parts(self, card: Card) -> tuple[tuple[str, str, str, int], ...]:
        """The card's title, summary and audience line: (text, type, colour, gap below) each."""
        situation, relevant = card.situation, card.relevant
        tag = "For: " + audiences_text(situation.audiences)
        if not relevant:
            tag += "  (not your role \u2014 shown after your own)"
        types = self._types()
        return (
            (situation.title, types[TITLE_TYPE], TEXT if relevant else MUTED, 4),
            (" ".join(situation.summary.split()), types[BODY_TYPE], MUTED if relevant else FAINT, 6),
            (tag, types[TAG_TYPE], ACCENT if relevant else FAINT, 0),
        )

    def _blocks(self, card: Card, width: int) -> list[tuple[QTextDocument, int]]:
        """The card's three parts, laid out, each with the gap below it."""
        inner = max(80, width - 2 * PAD)
        return [(self._text(text, type_, colour, inner), gap) for text, type_, colour, gap in self._parts(card)]

    def _card_height(self, card: Card, width: int) -> int:
        # Heights are kept apart from the laid-out text (only the cards on screen need that): a
        # search relays out every card it shows, and laying out hundreds again at each key missed
        # the keystroke budget (tests/benchmarks/README.md, "Figures behind the code").
        situation = card.situation
        key = (situation.title, situation.summary, tuple(situation.audiences), card.relevant, width, self._types_for[0])
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= HEIGHTS_KEPT:
                del self._heights[next(iter(self._heights))]
            text = sum(int(document.size().height()) + gap for document, gap in self._blocks(card, width))
            height = self._heights[key] = PAD + text + PAD
        return height

    def _available_width(self) -> int:
        """The width a card's text is laid out for, the same whether or not the scroll bar shows:
        the list lays out every card before it knows, and again when it appears. Kept until the
        list is resized (every card asks, at every key)."""
        if self._width < 0:
            # contentsRect() less the scroll bar, rather than viewport(): its first call makes
            # PySide do a lazy set-up that would land on start-up (tests/benchmarks/README.md).
            self._width = self._view.contentsRect().width() - self._view.verticalScrollBar().sizeHint().width() - 4
        return self._width

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 (Qt override)
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            return QSize(0, 0)
        # No card is shorter than its three lines: the first screen holds at most this many rows.
        if self._estimating and self._last_height and index.row() > self._view.height() // self._shortest:
            header = self._group_room if card.group_start else 0
            return QSize(self._available_width(), header + self._last_height + CARD_GAP)
        return self._card_size(card)

    def card_size(self, index: Index) -> QSize:
        """The size of the card in `index`'s row, with its group heading, measured."""
        card = index.data(CARD_ROLE)
        return self._card_size(card) if isinstance(card, Card) else QSize(0, 0)

    def _card_size(self, card: Card) -> QSize:
        width = self._available_width()
        header = self._group_room if card.group_start else 0
        self._last_height = self._card_height(card, width)
        return QSize(width, header + self._last_height + CARD_GAP)

    def _measure_every_row(self) -> None:
        model = self._view.model()
        if model is not None and model.rowCount() > 0:
            self.sizeHintChanged.emit(model.index(0, 0))  # the list lays itself out again

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if self._estimating:
            self._estimating = False
            QTimer.singleShot(0, self._measure_every_row)
        card_data = index.data(CARD_ROLE)
        if not isinstance(card_data, Card):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        if card_data.group_start:
            group = card_data.situation.group.upper()
            heading = self._text(group, self._types()[GROUP_TYPE], MUTED, rect.width() - 4)
            bottom = rect.top() + self._group_room - 2  # the heading sits on the card below it
            self._draw(painter, heading, rect.left() + 2, bottom - int(heading.size().height()))
            rect.setTop(rect.top() + self._group_room)
        card = QPainterPath()
        card.addRoundedRect(
            QRectF(rect.left() + 1.5, rect.top() + 1.5, rect.width() - 3, rect.height() - CARD_GAP - 3), 8, 8
        )
        # Selection, focus and hover come from the view, not from option.state: reading that
        # makes PySide build the Python side of QStyle, a cost on start-up (tests/benchmarks/README.md).
        view = self._view
        selection = view.selectionModel()
        selected = selection is not None and selection.isSelected(index)
        focused = view.hasFocus() and index == view.currentIndex()
        hovered = self._hovered.isValid() and index == self._hovered
        painter.fillPath(card, self._fills[SELECTED if selected else HOVER if hovered else BACKGROUND])
        painter.strokePath(card, self._pens["focus" if focused else "accent" if selected or hovered else "border"])
        y = rect.top() + PAD
        for document, gap in self._blocks(card_data, self._available_width()):
            self._draw(painter, document, rect.left() + PAD, y)
            y += int(document.size().height()) + gap
        painter.restore()

    @staticmethod
    def _draw(painter: QPainter, document: QTextDocument, x: int, y: int) -> None:
        painter.save()
        painter.translate(QPointF(x, y))
        document.drawContents(painter)
        painter.restore()

    def _on_view_entered(self, index: QModelIndex) -> None:
        self.clear_hover()  # the card the mouse came from is drawn plain again
        self._hovered = QPersistentModelIndex(index)
        self._view.update(index)

    def clear_hover(self) -> None:
        """The mouse left the cards (for the view's leaveEvent and viewportEntered)."""
        if self._hovered.isValid():
            self._view.update(QModelIndex(self._hovered))  # type: ignore[call-overload]  # Qt converts; the stubs lack it
        self._hovered = QPersistentModelIndex()
