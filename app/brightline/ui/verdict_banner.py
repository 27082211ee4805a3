"""The verdict at the top of an outcome: a symbol, a word and a colour, then the headline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from brightline.core.model import Node
from brightline.ui.verdicts import verdict_look


class VerdictBannerWidget(QFrame):
    """Tells the verdict three ways at once, so it reads without colour too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBanner")
        self._verdict = ""
        self._symbol = QLabel()
        self._symbol.setObjectName("verdictSymbol")
        self._symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._symbol.setFixedSize(56, 56)
        self._word = QLabel()
        self._word.setObjectName("verdictWord")
        self._word.setWordWrap(True)
        self._headline = QLabel()
        self._headline.setObjectName("verdictHeadline")
        self._headline.setWordWrap(True)
        self._headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self._word, self._headline):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self._word)
        text.addWidget(self._headline)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(16)
        layout.addWidget(self._symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    def show_outcome(self, outcome: Node) -> None:
        look = verdict_look(outcome.verdict)
        self._symbol.setText(look.symbol)
        self._word.setText(f"{look.word} \u2014 {look.meaning}" if look.meaning else look.word)
        self._headline.setText(" ".join(outcome.headline.split()))
        self.setAccessibleName(f"Verdict: {self._word.text()}. {self._headline.text()}")
        if outcome.verdict == self._verdict:
            return  # same colours: re-applying a style sheet re-polishes every child
        self._verdict = outcome.verdict
        self.setStyleSheet(
            f"#verdictBanner {{ background: {look.tint}; border: 2px solid {look.strong}; border-radius: 8px; }}"
            f"#verdictSymbol {{ background: {look.strong}; color: white; border-radius: 28px;"
            f" font-size: 30px; font-weight: 700; }}"
            f"#verdictWord {{ color: {look.strong}; font-size: 22px; font-weight: 700; }}"
            "#verdictHeadline { color: #1f2328; font-size: 19px; }"
        )

    def text(self) -> str:
        """The banner as plain text: symbol, word and headline."""
        return f"{self._symbol.text()} {self._word.text()}\n{self._headline.text()}"
