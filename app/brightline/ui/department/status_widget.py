"""The department sync's mark in the main window's status bar: a quiet line ("Department: all
sent", "Department: 12 waiting, last sent 09:40") that turns into a warning only when something
is wrong and stays wrong (`words`), with the details as its tooltip and a button to the
department's log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from brightline.ui.department.words import SyncLine

if TYPE_CHECKING:
    from brightline.ui.department.sync_service import DepartmentSyncService

_QUIET = "#departmentStatus { background: transparent; } #departmentStatusText { color: #57606a; font-size: 13px; }"
_LOUD = (
    "#departmentStatus { background: #fdecea; border: 2px solid #b3261e; border-radius: 6px; }"
    " #departmentStatusText { color: #8a1c12; font-size: 14px; font-weight: 700; }"
)


class DepartmentStatusWidget(QFrame):
    """The sync's line and a "Department log…" button."""

    log_requested = Signal()
    """The user asked to open the department's log."""

    def __init__(self, service: DepartmentSyncService | None, problem: str = "", parent: QWidget | None = None) -> None:
        """With no `service`, the line says `problem` (the configuration cannot be read), loud."""
        super().__init__(parent)
        self.setObjectName("departmentStatus")
        self._service = service
        self._problem = problem
        self._loud: bool | None = None
        self._text = QLabel()
        self._text.setObjectName("departmentStatusText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self.open_log = QPushButton("Department log\u2026")
        self.open_log.setObjectName("linkButton")
        self.open_log.setToolTip("Every machine's contact records, on the department's server (Ctrl+Shift+L)")
        self.open_log.clicked.connect(self.log_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self._text)
        layout.addWidget(self.open_log)
        if service is not None:
            service.status_changed.connect(self._on_service_status_changed)
        self.open_log.setVisible(service is not None)
        self._on_service_status_changed()

    def text(self) -> str:
        return self._text.text()

    def is_warning(self) -> bool:
        return bool(self._loud)

    @Slot()
    def _on_service_status_changed(self) -> None:
        if self._service is None:
            line = SyncLine("\u26a0 Department: the configuration cannot be used; tell IT", True, self._problem)
        else:
            line = self._service.line()
        self._text.setText(line.text)
        self._text.setToolTip(line.detail)
        self.setAccessibleName(line.text)
        self.setAccessibleDescription(line.detail)
        if line.loud != self._loud:
            self._loud = line.loud
            self.setStyleSheet(_LOUD if line.loud else _QUIET)
