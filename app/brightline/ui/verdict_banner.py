"""The verdict at the top of an outcome: a symbol, a word and a colour, then the headline.

Its colours come from the style sheet, by the banner's `verdict` property (`brightline.ui.style`),
and its sizes from the reading size, so it follows the user's font and zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from brightline.core.model import Node
from brightline.ui import palette
from brightline.ui.verdicts import verdict_look


class _VerdictSymbol(QWidget):
    """The verdict's symbol, white in a disc of its strong colour, as large as its font."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictSymbol")
        self._symbol = ""
        self._colour = QColor(palette.UNKNOWN_VERDICT_COLOURS[0])
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def show_symbol(self, symbol: str, colour: str) -> None:
        self._symbol, self._colour = symbol, QColor(colour)
        self.update()

    def text(self) -> str:
        return self._symbol

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        side = self.fontMetrics().height() + 14
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colour)
        side = min(self.width(), self.height())
        disc = QRectF(0, 0, side, side)
        painter.drawEllipse(disc)
        painter.setPen(QColor(palette.ON_ACCENT))
        painter.drawText(disc, int(Qt.AlignmentFlag.AlignCenter), self._symbol)
        painter.end()


class VerdictBannerWidget(QFrame):
    """Tells the verdict three ways at once, so it reads without colour too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBanner")
        self._verdict: str | None = None
        self._symbol = _VerdictSymbol(self)
        self._word = QLabel(self)
        self._word.setObjectName("verdictWord")
        self._headline = QLabel(self)
        self._headline.setObjectName("verdictHeadline")
        self._headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self._word, self._headline):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._word)
        text.addWidget(self._headline)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(14)
        layout.addWidget(self._symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    def show_outcome(self, outcome: Node) -> None:
        look = verdict_look(outcome.verdict)
        self._symbol.show_symbol(look.symbol, look.strong)
        self._word.setText(f"{look.word} \u2014 {look.meaning}" if look.meaning else look.word)
        self._headline.setText(" ".join(outcome.headline.split()))
        self.setAccessibleName(f"Verdict: {self._word.text()}. {self._headline.text()}")
        if outcome.verdict == self._verdict:
            return  # same colours: polishing again would only cost time
        self._verdict = outcome.verdict
        known = outcome.verdict if outcome.verdict in palette.VERDICT_COLOURS else ""
        for widget in (self, self._word):
            widget.setProperty("verdict", known)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def text(self) -> str:
        """The banner as plain text: symbol, word and headline."""
        return f"{self._symbol.text()} {self._word.text()}\n{self._headline.text()}"
