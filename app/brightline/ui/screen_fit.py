"""Windows sized to the screen they open on: never larger than its available area (the screen less
any task bar), with room for the title bar and borders a window manager adds."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a window manager adds around a window: a title bar and borders (Windows 10: 31 px and 8 px).
FRAME = QSize(16, 40)


def available_area(widget: QWidget) -> QRect:
    """The available area of the screen `widget` is on (the primary screen before it is shown)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def room_for(widget: QWidget) -> QSize:
    """The largest size `widget`'s own area may take as a window on its screen."""
    return available_area(widget).size() - FRAME


def reading_size(window: QWidget, text: QWidget, chars: int) -> QSize:
    """A size for a window to read `text` in: lines of about `chars` characters of the text's own
    type (the style sheet's, once polished) and most of the screen's height."""
    text.ensurePolished()
    room = room_for(window)
    width = text.fontMetrics().averageCharWidth() * chars + 80  # the text's margins and the window's
    return QSize(width, max(width * 3 // 4, room.height() * 4 // 5))


def resize_within_screen(widget: QWidget, preferred: QSize) -> None:
    """Resize the window `widget` to `preferred`, or less where its screen is smaller."""
    widget.resize(preferred.boundedTo(room_for(widget)))
