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


def resize_within_screen(widget: QWidget, preferred: QSize) -> None:
    """Resize the window `widget` to `preferred`, or less where its screen is smaller."""
    widget.resize(preferred.boundedTo(room_for(widget)))
