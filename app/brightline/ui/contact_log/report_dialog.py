"""The audit report in the window: choose a period, read the figures and charts, save as PDF.

The report is counted and the chain verified on a worker thread (verification reads every
record); the PDF is drawn from the report already built, so what is saved is what was shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from brightline.core.contact_log.wording import RecordWording
from brightline.ui.contact_log import words
from brightline.ui.contact_log.date_field import DateFieldWidget, problem_text
from brightline.ui.contact_log.form_parts import caption, fit_to_screen
from brightline.ui.contact_log.report_html import report_html
from brightline.ui.contact_log.service import ContactLogService
from brightline.ui.contact_log.style import chart_colours, log_style
from brightline.ui.reference_panel import make_browser

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from brightline.core.contact_log.exports import AuditReport
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.contact_log.verify import ExpectedHead
    from brightline.core.model import Pack
    from brightline.core.signing import WorkstationKey


def build_audit_report(
    log_path: Path,
    date_from: date | None,
    date_to: date | None,
    read_only: bool,
    expected: Sequence[ExpectedHead] = (),
    key: WorkstationKey | None = None,
    wording: RecordWording | None = None,
) -> AuditReport:
    """Count, verify against the heads seen before, sign a checkpoint (runs on a worker thread,
    with its own connection to the log)."""
    from brightline.core.contact_log.exports import build_report
    from brightline.core.contact_log.store import ContactLog

    with ContactLog.open(log_path, create=False, read_only=read_only) as log:
        return build_report(log, date_from, date_to, expected=expected, key=key, wording=wording)


# As large as the dialog likes to be; a smaller screen gets what it has room for.
PREFERRED_SIZE = QSize(900, 720)


class AuditReportDialog(QDialog):
    """The periodic audit report."""

    def __init__(
        self,
        service: ContactLogService,
        current: LogFilter,
        packs: Mapping[str, Pack] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditReportDialog")
        self.setWindowTitle("Audit report \u2014 Brightline")
        self.setStyleSheet(log_style())
        self._service = service
        self._wording = RecordWording(packs)
        self.report: AuditReport | None = None
        self.date_from = DateFieldWidget("first record")
        self.date_to = DateFieldWidget("last record")
        if current.date_from:
            self.date_from.setText(current.date_from.isoformat())
        if current.date_to:
            self.date_to.setText(current.date_to.isoformat())
        self.build_button = QPushButton("&Show report")
        self.build_button.setObjectName("secondaryButton")
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self._on_build_clicked)
        period = QHBoxLayout()
        for text, widget in (("&From", self.date_from), ("&To", self.date_to)):
            period.addWidget(caption(text, widget))
            period.addWidget(widget)
        period.addWidget(self.build_button)
        period.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browser = make_browser(self, "reportText")
        self.browser.setAccessibleName("Audit report")
        self.save_button = QPushButton("&Save as PDF\u2026")
        self.save_button.setObjectName("primaryButton")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_clicked)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        close.setAutoDefault(False)
        close.setIcon(QIcon())  # like the other buttons: words, no style icon
        buttons.rejected.connect(self.reject)
        heading = QLabel("Audit report")
        heading.setObjectName("logHeading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(period)
        layout.addWidget(self.status)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, PREFERRED_SIZE)
        self._on_build_clicked()

    @Slot()
    def _on_build_clicked(self) -> None:
        for field, name in ((self.date_from, "From"), (self.date_to, "To")):
            if not field.is_valid():
                self.status.setText(problem_text(name, field.text()))
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        path, start, end = self._service.path, self.date_from.value(), self.date_to.value()
        read_only = self._service.read_only
        expected, key, wording = self._service.seen_heads(), self._service.signing_key(), self._wording
        self.build_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.setText("Counting the contacts and verifying the chain\u2026")
        self._service.tasks.run(
            lambda: build_audit_report(path, start, end, read_only, expected, key, wording),
            self._on_report_done,
            self._on_report_failed,
        )

    def _on_report_done(self, report: object) -> None:
        from brightline.core.contact_log.exports import AuditReport

        assert isinstance(report, AuditReport)
        if not isValid(self):
            return
        self.report = report
        self.browser.setHtml(report_html(report))
        self.status.setText("")
        self.build_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_report_failed(self, error: BaseException) -> None:
        from brightline.core.contact_log.errors import LogError

        if not isValid(self):
            return
        self.build_button.setEnabled(True)
        self.status.setText(f"\u26a0 {words.error_text(error) if isinstance(error, LogError) else error}")

    @Slot()
    def _on_save_clicked(self) -> None:
        from brightline.reports.pdf import write_report_pdf

        if self.report is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"contact-log-audit-{date.today().isoformat()}.pdf")
        name, _ = QFileDialog.getSaveFileName(self, "Save the audit report", suggested, "PDF files (*.pdf)")
        if not name:
            return
        path = Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf")
        try:
            write_report_pdf(path, self.report, chart_colours())
        except OSError as exc:
            self.status.setText(f"\u26a0 {path} could not be written: {words.os_error_words(exc)}")
            return
        self.status.setText(f"\u2713 Saved the audit report to {path}.")
