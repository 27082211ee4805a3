"""The detail pane of the log view: the chosen record in full, with its original and corrections,
and the two ways to change what the log says — a correction or an addendum, never an edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from brightline.ui.contact_log.detail_html import detail_html
from brightline.ui.reference_panel import make_browser

if TYPE_CHECKING:
    from brightline.core.contact_log.reading import RecordDetail


class RecordDetailView(QWidget):
    """One record and everything that points at it."""

    correction_requested = Signal(int)
    """The user asked to correct the record (the original's id)."""

    addendum_requested = Signal(int)
    """The user asked to add an addendum to the record (the original's id)."""

    def __init__(self, cite_label: Callable[[str, str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordDetail")
        self._cite_label = cite_label
        self._original: int | None = None
        heading = QLabel("Record details")
        heading.setObjectName("panelHeading")
        self.browser = make_browser(self, "recordText")
        self.browser.setAccessibleName("Record details")
        self.correct = QPushButton("&Correct this record\u2026")
        self.correct.setToolTip("Log a correction that points at this record; the record itself is never changed")
        self.correct.clicked.connect(self._on_correct_clicked)
        self.addendum = QPushButton("Add an add&endum\u2026")
        self.addendum.setToolTip("Log a note that adds to this record")
        self.addendum.clicked.connect(self._on_addendum_clicked)
        for button in (self.correct, self.addendum):
            button.setObjectName("secondaryButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct)
        buttons.addWidget(self.addendum)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.show_detail(None, 0)

    @property
    def original_id(self) -> int | None:
        """The original record shown (what a correction or addendum would point at)."""
        return self._original

    def show_detail(self, detail: RecordDetail | None, selected: int) -> None:
        """Show `detail` (the original of the selected record and what points at it), or a hint."""
        if detail is None:
            self._original = None
            self.browser.setHtml('<p class="muted">Choose a record in the table to see it in full here.</p>')
        else:
            self._original = detail.record.id
            self.browser.setHtml(detail_html(detail, selected, self._cite_label))
        self.correct.setEnabled(self._original is not None)
        self.addendum.setEnabled(self._original is not None)

    def text(self) -> str:
        return self.browser.toPlainText()

    @Slot()
    def _on_correct_clicked(self) -> None:
        if self._original is not None:
            self.correction_requested.emit(self._original)

    @Slot()
    def _on_addendum_clicked(self) -> None:
        if self._original is not None:
            self.addendum_requested.emit(self._original)
