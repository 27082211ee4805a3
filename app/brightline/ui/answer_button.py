"""A large numbered answer button whose text wraps (QPushButton never wraps, so long answers clipped).

Its type size is the style sheet's (`#answerButton`, or the presenter's own), so it follows the
user's font and zoom; the badge grows with it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from brightline.ui import palette

PAD_X = 16
PAD_Y = 14
BADGE = 32
GAP = 14
MIN_HEIGHT = 60


class AnswerButton(QAbstractButton):
    """One answer: its number (the key that chooses it) in a badge, then the label, wrapped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerButton")
        self._number = ""
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_answer(self, number: int, label: str) -> None:
        """Show answer `number` (1-based, the key that picks it) with `label`."""
        number_text = str(number) if number <= 9 else ""
        if number_text == self._number and label == self.text():
            return
        self._number = number_text
        self.setText(label)
        key = f" (key {number_text})" if number_text else ""
        self.setAccessibleName(f"Answer {number}: {label}")
        self.setToolTip(f"Choose this answer{key}")
        self.updateGeometry()
        self.update()

    def _badge(self) -> int:
        """The number badge's side: BADGE, or more when the font is large (zoom, presenter mode)."""
        return max(BADGE, QFontMetrics(self.font()).height() + 8)

    def _text_rect(self, width: int, height: int) -> QRect:
        left = PAD_X + self._badge() + GAP
        return QRect(left, PAD_Y, max(40, width - left - PAD_X), max(0, height - 2 * PAD_Y))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        rect = self._text_rect(width, 100_000)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        text_height = QFontMetrics(self.font()).boundingRect(rect, flags, self.text()).height()
        return max(MIN_HEIGHT, text_height + 2 * PAD_Y)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        width = self.fontMetrics().averageCharWidth() * 40
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(PAD_X + self._badge() + GAP + 80 + PAD_X, MIN_HEIGHT)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Enter chooses the focused answer, as Space does (a QAbstractButton leaves Enter alone).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        # The second click of a double click must not answer the next question too (nor the
        # first question, when a situation was opened with a double click).
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self.isDown():
            background = palette.PRESSED
        elif self.underMouse():
            background = palette.HIGHLIGHT
        else:
            background = palette.BACKGROUND
        focused = self.hasFocus()
        accent = focused or self.underMouse()
        painter.setPen(QPen(QColor(palette.ACCENT if accent else palette.CONTROL), 3 if focused else 1))
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(outer, 8, 8)

        if self._number:
            side = self._badge()
            badge = QRectF(PAD_X, (self.height() - side) / 2, side, side)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.ACCENT))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor(palette.ON_ACCENT))
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), self._number)

        painter.setFont(self.font())
        painter.setPen(QColor(palette.TEXT))
        rect = self._text_rect(self.width(), self.height())
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(rect, flags, self.text())
        painter.end()
