"""The window's read-only rich-text views: the outcome's text, the help and citations beside it,
and the texts of the log and training windows (`make_browser`).

Each wraps, reaches its links by keyboard and never opens a URL itself (links are internal:
`brightline.ui.html`). Tab into a view lands on its first link (Shift+Tab on its last), and
the link reached with the keyboard gets a clear ring in the accent colour, where Qt draws only a
faint dotted box. `FittedBrowser` is as tall as its text, for a page that scrolls as a whole;
`LinkLabel` is a line of links that wraps.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSizeF, Qt, Slot
from PySide6.QtGui import QColor, QFocusEvent, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QLabel, QSizePolicy, QTextBrowser, QTextEdit, QWidget

from brightline.ui import palette
from brightline.ui.html import STYLE

_TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)


class LinkBrowser(QTextBrowser):
    """A text view whose link reached with the keyboard is ringed in the accent colour."""

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(STYLE)
        self.document().setDocumentMargin(12)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._ring = QPen(QColor(palette.ACCENT), 2)

    def focused_link(self) -> str:
        """The address of the link the keyboard is on ("" for none): Qt's own link navigation
        selects the whole link, and Enter follows the link so selected."""
        cursor = self.textCursor()
        if not self.hasFocus() or not cursor.hasSelection():
            return ""
        probe = QTextCursor(self.document())
        hrefs = set()
        for position in (cursor.selectionStart() + 1, cursor.selectionEnd()):
            probe.setPosition(position)
            hrefs.add(probe.charFormat().anchorHref())
        return hrefs.pop() if len(hrefs) == 1 else ""

    def focused_link_rects(self) -> list[QRect]:
        """Where the link the keyboard is on is drawn, one rectangle a line (none without one)."""
        if not self.focused_link():
            return []
        cursor = self.textCursor()
        lines: dict[int, QRect] = {}
        probe = QTextCursor(self.document())
        for position in range(cursor.selectionStart(), cursor.selectionEnd() + 1):
            probe.setPosition(position)
            rect = self.cursorRect(probe)
            line = lines.get(rect.top())
            lines[rect.top()] = rect if line is None else line.united(rect)
        return [rect for rect in lines.values() if rect.width() > 2]

    def has_links(self) -> bool:
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                if iterator.fragment().charFormat().isAnchor():
                    return True
                iterator += 1
            block = block.next()
        return False

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 (Qt override)
        # Qt takes Shift+Tab at the top of the text round to its last link: leave the text instead.
        if not next and self.textCursor().selectionStart() <= 0:
            return QTextEdit.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        # Qt leaves the keyboard before the first link until a second Tab: one Tab reaches it.
        if event.reason() in _TAB_REASONS and not self.focused_link() and self.has_links():
            forward = event.reason() == Qt.FocusReason.TabFocusReason
            cursor = self.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start if forward else QTextCursor.MoveOperation.End)
            self.setTextCursor(cursor)
            self.focusNextPrevChild(forward)  # from there to the first (or last) link

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        rects = self.focused_link_rects()
        if rects:
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self._ring)
            for rect in rects:
                painter.drawRoundedRect(QRectF(rect).adjusted(-3, -1, 3, 1), 3, 3)
            painter.end()


class LinkLabel(QLabel):
    """A wrapping line of rich text whose links one Tab reaches and Enter follows (the style sheet
    rings it while it has the focus)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 (Qt override)
        # As in LinkBrowser: Shift+Tab on the first link leaves, where Qt went round to the last.
        if not next and self.selectionStart() <= 0:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        if event.reason() in _TAB_REASONS and "<a " in self.text():
            super().focusNextPrevChild(event.reason() == Qt.FocusReason.TabFocusReason)


class FittedBrowser(LinkBrowser):
    """A text view as tall as its text, for a page that scrolls as a whole: it never shows a small
    scrolling box of its own."""

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent, name)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._on_document_size_changed)

    @Slot(QSizeF)
    def _on_document_size_changed(self, size: QSizeF) -> None:
        height = int(size.height()) + 2 * self.frameWidth() + 2
        if height != self.height():
            self.setFixedHeight(height)


def make_browser(parent: QWidget, name: str) -> QTextBrowser:
    """A read-only rich-text view that wraps, reaches links by keyboard (ringed clearly) and never
    opens a URL."""
    return LinkBrowser(parent, name)
