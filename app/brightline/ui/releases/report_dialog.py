"""The supervisor's report: per release, who has acknowledged what it changed and who has not."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from brightline.core.acknowledgments import Acknowledgment, AcknowledgmentStore, acknowledgment_report
from brightline.ui.releases.wording import report_html

if TYPE_CHECKING:
    from brightline.core.paths import Paths


class AcknowledgmentsReportDialog(QDialog):
    """The report from this machine's acknowledgments and, in a department, the server's
    (`server_rows`, given by the department's sync: the same fields)."""

    def __init__(
        self,
        paths: Paths,
        store: AcknowledgmentStore,
        parent: QWidget | None = None,
        server_rows: Callable[[], list[Acknowledgment]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("acknowledgmentsReportDialog")
        self.setWindowTitle("Acknowledgments of policy changes")
        self.setMinimumSize(700, 500)
        self.paths, self.store, self.server_rows = paths, store, server_rows
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setObjectName("reportView")
        self.view.setOpenLinks(False)
        refresh = QPushButton("Refresh")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        refresh.clicked.connect(self.refresh)
        close.clicked.connect(self.reject)
        self.refresh()

    def text(self) -> str:
        return f"{self.source.text()}\n{self.view.toPlainText()}"

    def refresh(self) -> None:
        from brightline.core.releases.trust import machine_of

        trust = self.paths.trust
        releases = []
        if trust is not None:
            machine = machine_of(trust)
            releases = [r.info for pack in machine.releases for r in machine.usable(pack)]
        try:
            acks = self.store.all()
        except (OSError, sqlite3.Error) as exc:
            acks = []
            self.source.setText(f"\u26a0 The acknowledgments kept here cannot be read ({self.store.path}): {exc}")
        else:
            where = "this machine and the department's server" if self.server_rows else "this machine"
            self.source.setText(f"From the acknowledgments kept on {where}.")
        if self.server_rows is not None:
            acks += self.server_rows()
        self.view.setHtml(report_html(acknowledgment_report(releases, acks)))
