"""Exporting the contact log from the window: CSV, JSON or PDF, a period, and staff redaction.

The file is chosen with QFileDialog and written on a worker thread (its own connection, one
consistent snapshot), so a large export does not freeze the window; the core writes to a
temporary name and renames, so a failed export leaves no half file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from brightline.ui.contact_log import words
from brightline.ui.contact_log.date_field import DateFieldWidget
from brightline.ui.contact_log.service import ContactLogService
from brightline.ui.contact_log.style import LOG_STYLE

if TYPE_CHECKING:
    from brightline.core.contact_log.exports import ExportInfo
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.signing import WorkstationKey

FORMATS = (
    ("csv", "CSV \u2014 for a spreadsheet", "CSV files (*.csv)"),
    ("json", "JSON \u2014 complete, with hashes, for other programs", "JSON files (*.json)"),
    ("pdf", "PDF \u2014 to print or send", "PDF files (*.pdf)"),
)


def export_file(
    log_path: Path,
    out: Path,
    fmt: str,
    date_from: date | None,
    date_to: date | None,
    redact: bool,
    read_only: bool,
    key: WorkstationKey | None = None,
) -> ExportInfo:
    """Write the export (runs on a worker thread, with its own connection to the log)."""
    from brightline.core.contact_log.store import ContactLog
    from brightline.reports.log_export import export_log

    with ContactLog.open(log_path, create=False, read_only=read_only) as log:
        return export_log(log, out, fmt, date_from=date_from, date_to=date_to, redact=redact, key=key)


class ExportDialog(QDialog):
    """Choose what to export, then where."""

    def __init__(self, service: ContactLogService, current: LogFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export the contact log \u2014 Brightline")
        self.setStyleSheet(LOG_STYLE)
        self._service = service
        self.written: Path | None = None
        self.format = QComboBox()
        for code, label, _ in FORMATS:
            self.format.addItem(label, code)
        self.date_from = DateFieldWidget("first record")
        self.date_to = DateFieldWidget("last record")
        if current.date_from:
            self.date_from.setText(current.date_from.isoformat())
        if current.date_to:
            self.date_to.setText(current.date_to.isoformat())
        self.redact = QCheckBox("&Redact staff names and badges")
        note = QLabel(
            "Exports include every record in the period (records, corrections and addenda), in the "
            "order logged, with the chain head to check them against. Notes are never redacted: "
            "read them before releasing an export."
        )
        note.setObjectName("logMuted")
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        for caption, widget in (("&Format", self.format), ("&From", self.date_from), ("&To", self.date_to)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            form.addRow(caption_label, widget)
        form.addRow("", self.redact)
        self.export_button = QPushButton("&Export\u2026")
        self.export_button.setObjectName("primaryButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons = QDialogButtonBox()
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        close.setAutoDefault(False)
        close.setIcon(QIcon())  # like the other buttons: words, no style icon
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        heading = QLabel("Export the contact log")
        heading.setObjectName("logHeading")
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(620, 380)
        self.format.setFocus(Qt.FocusReason.OtherFocusReason)

    def _suggested(self, fmt: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stamp = date.today().isoformat()
        redacted = "-redacted" if self.redact.isChecked() else ""
        return str(Path(folder) / f"contact-log-{stamp}{redacted}.{fmt}")

    @Slot()
    def _on_export_clicked(self) -> None:
        if not (self.date_from.is_valid() and self.date_to.is_valid()):
            self.status.setText("\u26a0 Type the dates as YYYY-MM-DD, or leave them empty.")
            return
        fmt = str(self.format.currentData())
        pattern = next(p for code, _, p in FORMATS if code == fmt)
        name, _ = QFileDialog.getSaveFileName(self, "Export the contact log", self._suggested(fmt), pattern)
        if not name:
            return
        out = Path(name) if name.lower().endswith(f".{fmt}") else Path(f"{name}.{fmt}")
        args = (
            self._service.path,
            out,
            fmt,
            self.date_from.value(),
            self.date_to.value(),
            self.redact.isChecked(),
            self._service.read_only,
            self._service.signing_key(),
        )
        self.export_button.setEnabled(False)
        self.status.setText(f"Exporting to {out}\u2026")
        self._out = out
        self._service.tasks.run(lambda: export_file(*args), self._on_export_done, self._on_export_failed)

    def _on_export_done(self, info: object) -> None:
        from brightline.core.contact_log.exports import ExportInfo

        assert isinstance(info, ExportInfo)
        if not isValid(self):  # closed while the export ran: the file is written all the same
            return
        self.written = self._out
        self.export_button.setEnabled(True)
        redacted = " Staff names and badges are redacted." if info.staff_redacted else ""
        anchor = (
            f"\n{info.checkpoint.summary()} The export carries its line: file the export, and "
            "\u201cbrightline log verify --checkpoint FILE\u201d proves later that the log still holds these records."
            if info.checkpoint
            else f"\nChain head: {info.head}"
        )
        self.status.setText(f"\u2713 Exported {words.records(info.count)} to {self._out}.{redacted}{anchor}")

    def _on_export_failed(self, error: BaseException) -> None:
        from brightline.core.contact_log.errors import LogError

        if not isValid(self):
            return
        self.export_button.setEnabled(True)
        if isinstance(error, LogError):
            self.status.setText(f"\u26a0 {words.error_text(error)}")
        elif isinstance(error, OSError):
            self.status.setText(f"\u26a0 {self._out} could not be written: {error.strerror or error}")
        else:
            self.status.setText(f"\u26a0 The export failed: {error}")
