"""Exporting the contact log from the window: CSV, JSON or PDF, a period, and staff redaction.

The file is chosen with QFileDialog and written on a worker thread (its own connection, one
consistent snapshot), so a large export does not freeze the window; the core writes to a
temporary name and renames, so a failed export leaves no half file. Afterwards the dialog says
what was written; the file's path and the checkpoint line are shown elided, each with Copy, so
that neither widens the dialog.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from brightline.core.contact_log.wording import RecordWording, checkpoint_summary
from brightline.ui.contact_log import words
from brightline.ui.contact_log.date_field import DateFieldWidget, problem_text
from brightline.ui.contact_log.form_parts import CopyLineWidget, caption, fit_to_screen, scrolling
from brightline.ui.contact_log.service import ContactLogService
from brightline.ui.contact_log.style import log_style

if TYPE_CHECKING:
    from collections.abc import Mapping

    from brightline.core.contact_log.exports import ExportInfo
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.model import Pack
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
    wording: RecordWording | None = None,
) -> ExportInfo:
    """Write the export (runs on a worker thread, with its own connection to the log)."""
    from brightline.core.contact_log.store import ContactLog
    from brightline.reports.log_export import export_log

    with ContactLog.open(log_path, create=False, read_only=read_only) as log:
        return export_log(log, out, fmt, date_from=date_from, date_to=date_to, redact=redact, key=key, wording=wording)


# As large as the dialog likes to be; a smaller screen gets what it has room for.
PREFERRED_SIZE = QSize(660, 560)


class ExportDialog(QDialog):
    """Choose what to export, then where; say what was written and how to check it later."""

    def __init__(
        self,
        service: ContactLogService,
        current: LogFilter,
        packs: Mapping[str, Pack] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export the contact log \u2014 Brightline")
        self.setStyleSheet(log_style())
        self._service = service
        self._packs = packs or {}
        self.written: Path | None = None
        heading = QLabel("Export the contact log")
        heading.setObjectName("logHeading")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(12)
        body_layout.addLayout(self._choices(current))
        body_layout.addWidget(self._result())
        body_layout.addStretch(1)
        # The choices and what was written scroll on a small screen; the buttons stay in view.
        scroll = scrolling(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self._buttons())
        fit_to_screen(self, PREFERRED_SIZE)
        self.format.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choices(self, current: LogFilter) -> QGridLayout:
        """Format, period and redaction, with a word on what an export holds."""
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
            "order logged, with a signed checkpoint to check them against later. Notes are never "
            "redacted: read them before releasing an export."
        )
        note.setObjectName("logMuted")
        note.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        for row, (text, widget) in enumerate(
            (("&Format", self.format), ("&From", self.date_from), ("&To", self.date_to))
        ):
            grid.addWidget(caption(text, widget), row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.redact, 3, 1)
        grid.addWidget(note, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return grid

    def _result(self) -> QWidget:
        """What the last export wrote: a sentence, the file and the checkpoint line, each copyable."""
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.file_line = CopyLineWidget("File:")
        self.anchor_line = CopyLineWidget("Checkpoint line:")
        self.anchor_note = QLabel(
            "File the export (or this line) where the workstation's users cannot change it: "
            "\u201cbrightline log verify --checkpoint FILE\u201d proves later that the log still holds these records."
        )
        self.anchor_note.setObjectName("logMuted")
        self.anchor_note.setWordWrap(True)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for widget in (self.status, self.file_line, self.anchor_line, self.anchor_note):
            layout.addWidget(widget)
        for widget in (self.file_line, self.anchor_line, self.anchor_note):
            widget.setVisible(False)
        return box

    def _buttons(self) -> QDialogButtonBox:
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
        return buttons

    def _suggested(self, fmt: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stamp = date.today().isoformat()
        redacted = "-redacted" if self.redact.isChecked() else ""
        return str(Path(folder) / f"contact-log-{stamp}{redacted}.{fmt}")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        for widget in (self.file_line, self.anchor_line, self.anchor_note):
            widget.setVisible(False)

    @Slot()
    def _on_export_clicked(self) -> None:
        for field, name in ((self.date_from, "From"), (self.date_to, "To")):
            if not field.is_valid():
                self._say(problem_text(name, field.text()))
                field.setFocus(Qt.FocusReason.OtherFocusReason)
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
            RecordWording(self._packs),
        )
        self.export_button.setEnabled(False)
        self._say(f"Exporting to {out.name}\u2026")
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
        self.status.setText(f"\u2713 Exported {words.records(info.count)} to {self._out.name}.{redacted}")
        self.file_line.set_line("File:", str(self._out))
        if info.checkpoint is not None:
            self.anchor_line.set_line("Checkpoint line:", info.checkpoint.line())
            self.anchor_note.setText(
                f"{checkpoint_summary(info.checkpoint)} File the export (or this line) where the workstation\u2019s "
                "users cannot change it: \u201cbrightline log verify --checkpoint FILE\u201d proves later that "
                "the log still holds these records."
            )
        else:
            self.anchor_line.set_line("Chain head:", str(info.head))
            self.anchor_note.setText(
                "No signing key could be used, so the export carries no signed checkpoint; the chain head "
                "above still identifies the log's state."
            )
        for widget in (self.file_line, self.anchor_line, self.anchor_note):
            widget.setVisible(True)

    def _on_export_failed(self, error: BaseException) -> None:
        from brightline.core.contact_log.errors import LogError

        if not isValid(self):
            return
        self.export_button.setEnabled(True)
        if isinstance(error, LogError):
            self._say(f"\u26a0 {words.error_text(error)}")
        elif isinstance(error, OSError):
            self._say(f"\u26a0 {self._out} could not be written: {words.os_error_words(error)}")
        else:
            self._say(f"\u26a0 The export failed: {error}")
