"""The detail pane of the log view: the chosen record in full, with its original and corrections,
and the two ways to change what the log says — a correction or an addendum, never an edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from brightline.ui.contact_log.detail_html import detail_html
from brightline.ui.reference_panel import make_browser

if TYPE_CHECKING:
    from brightline.core.contact_log.reading import RecordDetail
    from brightline.core.contact_log.wording import RecordWording


class RecordDetailView(QWidget):
    """One record and everything that points at it."""

    correction_requested = Signal(int)
    """The user asked to correct the record (the original's id)."""

    addendum_requested = Signal(int)
    """The user asked to add an addendum to the record (the original's id)."""

    def __init__(self, wording: RecordWording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordDetail")
        self._wording = wording
        self._writable = True
        self._original: int | None = None
        self._selected: int | None = None
        heading = QLabel("Record details")
        heading.setObjectName("panelHeading")
        self.browser = make_browser(self, "recordText")
        self.browser.setAccessibleName("Record details")
        # A hash is 64 digits without a space: broken anywhere rather than scrolled sideways.
        self.browser.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.correct = QPushButton("&Correct this record\u2026")
        self.correct.clicked.connect(self._on_correct_clicked)
        self.addendum = QPushButton("Add an add&endum\u2026")
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
        self.set_writable(True)

    @property
    def selected_id(self) -> int | None:
        """The record chosen in the table (a correction shows with its original)."""
        return self._selected

    @property
    def original_id(self) -> int | None:
        """The original record shown (what a correction or addendum would point at)."""
        return self._original

    def show_detail(self, detail: RecordDetail | None, selected: int) -> None:
        """Show `detail` (the original of the selected record and what points at it), or a hint."""
        self._selected = selected if detail is not None else None
        if detail is None:
            self._original = None
            self.browser.setHtml('<p class="muted">Choose a record in the table to see it in full here.</p>')
        else:
            self._original = detail.record.id
            self.browser.setHtml(detail_html(detail, selected, self._wording))
        self._enable()

    def set_writable(self, writable: bool, why: str = "") -> None:
        """Offer a correction and an addendum only while the log can take them; `why` says what
        stops them (shown on the buttons' tooltips)."""
        self._writable = writable
        for button, tip in (
            (self.correct, "Log a correction that points at this record; the record itself is never changed"),
            (self.addendum, "Log a note that adds to this record"),
        ):
            button.setToolTip(tip if writable else why)
        self._enable()

    def _enable(self) -> None:
        for button in (self.correct, self.addendum):
            button.setEnabled(self._writable and self._original is not None)

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
