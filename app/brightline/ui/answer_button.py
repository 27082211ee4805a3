"""A large numbered answer button whose text wraps (QPushButton never wraps, so long answers clipped)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

PAD_X = 16
PAD_Y = 14
BADGE = 32
GAP = 14
MIN_HEIGHT = 60

BORDER = QColor("#b9c0ca")
ACCENT = QColor("#0b5cad")
HOVER = QColor("#eef4fb")
PRESSED = QColor("#dde9f7")
TEXT = QColor("#1f2328")


class AnswerButton(QAbstractButton):
    """One answer: its number (the key that chooses it) in a badge, then the label, wrapped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._number = ""
        font = QFont(self.font())
        font.setPixelSize(17)
        self.setFont(font)
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
        """The number badge's side: BADGE, or more when the font is large (presenter mode)."""
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
        return QSize(420, self.heightForWidth(420))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(200, MIN_HEIGHT)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        # The second click of a double click must not answer the next question too (nor the
        # first question, when a situation was opened with a double click).
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self.isDown():
            background = PRESSED
        elif self.underMouse():
            background = HOVER
        else:
            background = QColor("#ffffff")
        focused = self.hasFocus()
        painter.setPen(QPen(ACCENT if focused or self.underMouse() else BORDER, 3 if focused else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(outer, 8, 8)

        if self._number:
            side = self._badge()
            badge = QRectF(PAD_X, (self.height() - side) / 2, side, side)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ACCENT)
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor("#ffffff"))
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), self._number)

        painter.setFont(self.font())
        painter.setPen(TEXT)
        rect = self._text_rect(self.width(), self.height())
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(rect, flags, self.text())
        painter.end()
