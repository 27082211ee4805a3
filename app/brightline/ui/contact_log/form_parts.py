"""Small pieces the contact log's (and training's) windows share: a size that fits the screen, a
field's caption, and a long line (a file path, a hash, a checkpoint line) shown elided in one line
with a Copy button.

A line of 64 hex digits cannot wrap, so a label holding it would make its dialog as wide as the
line; elided, it takes the room the dialog has, and Copy (or the tooltip) gives all of it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Slot
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QWidget

# What a window manager adds around a window (a title bar and borders), kept free when a window
# is sized to the screen: Windows 10 draws 31 px and 8 px.
FRAME = QSize(16, 40)


def opening_size(preferred: QSize, minimum: QSize, available: QSize) -> QSize:
    """The size a window opens at on a screen with `available` room (less a title bar and
    borders): `preferred` where it fits, never below `minimum` unless even that does not fit."""
    room = available - FRAME
    return preferred.boundedTo(room).expandedTo(minimum.boundedTo(room))


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """Open `window` at `preferred`, or as much of it as the screen it is on leaves room for (less
    a title bar and borders), centred there: nothing of it off screen at 1024×768 or at 150 %."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(preferred)
        return
    available = screen.availableGeometry()
    size = opening_size(preferred, window.minimumSize(), available.size())
    window.resize(size)
    frame = QRect(QPoint(0, 0), size + FRAME)
    frame.moveCenter(available.center())
    window.move(frame.topLeft())


def unkerned_width(label: QLabel) -> int:
    """The width of a label's text drawn letter by letter, as Qt draws a caption whose mnemonic
    it underlines: it measures "&To" with kerning (16 px) but draws it without (18 px), and a
    caption sized to the measure showed "Tc"."""
    shown = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    metrics = label.fontMetrics()
    return sum(metrics.horizontalAdvance(letter) for letter in shown) + 1


class CaptionLabel(QLabel):
    """A field's caption, never narrower than its underlined text is drawn."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        margins = self.contentsMargins()
        return QSize(max(hint.width(), unkerned_width(self) + margins.left() + margins.right()), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()


def scrolling(widget: QWidget, name: str = "", sideways: bool = False) -> QScrollArea:
    """`widget` in a frameless scroll area that gives it all its width (and scrolls sideways only
    when `sideways`): what lets a form fit a screen smaller than it."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    return scroll


def caption(text: str, buddy: QWidget, required: bool = False) -> QLabel:
    """A field's caption ("&Agency", with " *" when required), its mnemonic focusing `buddy`."""
    label = CaptionLabel(text + (" *" if required else ""))
    label.setBuddy(buddy)
    return label


class ElidedLabel(QLabel):
    """One line of text, elided in the middle to the width it is given; the whole text is its
    tooltip and `full_text()`."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.fontMetrics().horizontalAdvance("\u2026") * 8, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width() - 2)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
        if shown != self.text():
            self.setText(shown)


class CopyLineWidget(QWidget):
    """ "Caption: the long line…  [Copy]"."""

    def __init__(self, caption_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = QLabel(caption_text)
        self._caption.setObjectName("logMuted")
        self.line = ElidedLabel()
        self.line.setObjectName("chainHead")
        self.copy = QPushButton("Copy")
        self.copy.setObjectName("secondaryButton")
        self.copy.setAutoDefault(False)
        self.copy.clicked.connect(self._on_copy_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._caption)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.copy)

    def set_line(self, caption_text: str, line: str) -> None:
        self._caption.setText(caption_text)
        self.line.set_full_text(line)
        self.copy.setToolTip(f"Copy the whole {caption_text.rstrip(':').lower()} to the clipboard")

    def text(self) -> str:
        return self.line.full_text()

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.line.full_text())
        self.copy.setText("Copied")
