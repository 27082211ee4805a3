"""The contact log's mark in the main window's status bar.

Quiet when all is well ("✓ Log verified · 1,234 records", or nothing before the log is first
used); loud when it is not: a failed check, a log shorter than this workstation saw, a log that
cannot be opened or written. Records kept as files while the log was unusable are offered for
entry here ("Enter 2 saved records") as soon as the log works.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from brightline.ui import palette
from brightline.ui.contact_log.service import CHECKING, CLOSED, UNUSABLE, VERIFIED, ContactLogService
from brightline.ui.contact_log.style import base_points, em_sizes

_QUIET = "#logStatus { background: transparent; } #logStatusText { color: @MUTED@; font-size: {em:0.87}; }"
_WARNING = (
    "#logStatus { background: @ERROR_BACK@; border: 2px solid @ERROR_LINE@; border-radius: 6px; }"
    " #logStatusText { color: @ERROR_TEXT@; font-size: {em:0.93}; font-weight: 700; }"
)
_PENDING = (
    "#logStatus { background: @WARNING_BACK@; border: 1px solid @WARNING_LINE@; border-radius: 6px; }"
    " #logStatusText { color: @WARNING_TEXT@; font-size: {em:0.93}; font-weight: 600; }"
)


class LogStatusWidget(QFrame):
    """The log's health in a line, with Details and Enter-saved-records buttons when they apply."""

    details_requested = Signal()
    """The user asked to open the contact log (its records, or why it cannot be used)."""

    import_requested = Signal()
    """The user asked to enter the records that were kept as files."""

    def __init__(self, service: ContactLogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logStatus")
        self._service = service
        self._look = ""
        self._text = QLabel()
        self._text.setObjectName("logStatusText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QPushButton("Contact log\u2026")
        self.details.setObjectName("linkButton")
        self.details.setToolTip("Open the contact log (Ctrl+L)")
        self.details.clicked.connect(self.details_requested)
        self.enter_saved = QPushButton()
        self.enter_saved.setObjectName("linkButton")
        self.enter_saved.clicked.connect(self.import_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self._text)
        layout.addWidget(self.enter_saved)
        layout.addWidget(self.details)
        service.health_changed.connect(self._on_service_health_changed)
        self._on_service_health_changed()

    def text(self) -> str:
        return self._text.text()

    def is_warning(self) -> bool:
        return self._look == _WARNING

    @Slot()
    def _on_service_health_changed(self) -> None:
        health = self._service.health
        if health.state == CLOSED and not health.pending and not health.write_problem:
            self._set("", _QUIET)
            self.enter_saved.setVisible(False)
            self.details.setText("Contact log\u2026")
            return
        line = health.line
        if health.write_problem and health.state in (VERIFIED, CHECKING, CLOSED):
            line = "Contact log: new records cannot be added"
        if health.pending:
            noun = "record" if health.pending == 1 else "records"
            line = (line + "  \u00b7  " if line else "") + f"{health.pending} {noun} saved to enter later"
            self.enter_saved.setText(f"Enter {'it' if health.pending == 1 else 'them'} now")
        look = _WARNING if health.is_warning else (_PENDING if health.pending else _QUIET)
        self._set(("\u26a0 " if health.is_warning else "\u2713 " if health.state == VERIFIED else "") + line, look)
        # Offered once the log works: entering them into a log that cannot be opened would fail.
        self.enter_saved.setVisible(bool(health.pending) and health.state != UNUSABLE)
        self.details.setText("Details\u2026" if health.is_warning else "Contact log\u2026")
        tip = health.detail or health.write_problem
        self._text.setToolTip(tip)
        self.setAccessibleDescription(tip)

    def _set(self, text: str, look: str) -> None:
        self._text.setText(text)
        self.setAccessibleName(text)
        if look != self._look:
            self._look = look
            self.setStyleSheet(em_sizes(palette.fill(look), base_points()))
