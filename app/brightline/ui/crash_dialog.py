"""What the window says when something unexpected went wrong: where the crash log is.

The core's `CrashLog` writes the report and calls its listeners, from whatever thread failed and
from inside the failing call; `CrashNotifier` hands the path to the GUI thread through a queued
signal, so the dialog opens on the next turn of the event loop, never inside the failing slot. One
dialog at a time: errors that follow while it is open are written to the log but not shown again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


class CrashNoticeDialog(QDialog):
    """Names the crash log and offers to copy its path, for a support request."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashNoticeDialog")
        self.setWindowTitle("Something went wrong")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.path = path
        heading = QLabel("Brightline met an unexpected error.")
        heading.setObjectName("pageHeading")
        explanation = QLabel(
            "What happened was written to the crash log below; contacts already saved in the contact log "
            "are not affected. "
            "If the window stops working, close it and start Brightline again; when you ask for "
            "help, send the crash log with your request."
        )
        explanation.setWordWrap(True)
        self.location = QLabel(str(path))
        self.location.setObjectName("crashLogPath")
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy the path")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.location)
        layout.addWidget(buttons)

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(str(self.path))
        self.copy_button.setText("Copied")


class CrashNotifier(QObject):
    """Shows a `CrashNoticeDialog` over `window` for each crash reported while none is open."""

    crash_reported = Signal(str)
    """A crash was written to the log at this path (sent from any thread; shown on the GUI thread)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: CrashNoticeDialog | None = None
        self.crash_reported.connect(self._on_crash_reported, Qt.ConnectionType.QueuedConnection)

    def report(self, path: Path) -> None:
        """A `CrashLog` listener."""
        self.crash_reported.emit(str(path))

    @Slot(str)
    def _on_crash_reported(self, path: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.dialog = CrashNoticeDialog(Path(path), self._window)
        self.dialog.open()
