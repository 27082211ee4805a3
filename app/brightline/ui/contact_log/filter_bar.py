"""The log view's filters: date range, staff member, request, response, document and free text.

Every change becomes one LogFilter (`filter_changed`); typing in the date and text fields waits a
moment for the typing to stop, the choices apply at once. A date is typed as 2026-12-07 or
12/07/2026 (`date_field`); one that is not a date is outlined, left out of the filter and said
(`date_problem_changed`), never silently ignored. Three rows of three, so the bar fits a window
on a 1024×768 screen or at 150 %.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QPushButton, QWidget

from brightline.core.contact_log.records import DOCUMENTS, VERDICTS
from brightline.core.contact_log.wording import document_label, verdict_word
from brightline.ui.contact_log.date_field import DateFieldWidget, problem_text
from brightline.ui.contact_log.form_parts import caption

if TYPE_CHECKING:
    from brightline.core.contact_log.filters import LogFilter

TYPING_PAUSE_MS = 250


class LogFilterBarWidget(QWidget):
    """The filters above the log table."""

    filter_changed = Signal(object)
    """The filters changed: the new LogFilter."""

    date_problem_changed = Signal(str)
    """A date field became, or stopped being, something that is not a date (the words, or "")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logFilterBar")
        self._make_fields()
        self._lay_out()
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._on_typing_timeout)
        for combo in (self.staff, self.request, self.response, self.document):
            combo.activated.connect(self._on_choice_activated)
        for field in (self.date_from, self.date_to, self.text):
            field.textChanged.connect(self._on_field_text_changed)
            field.returnPressed.connect(self._on_typing_timeout)
        for date_field in (self.date_from, self.date_to):
            date_field.validity_changed.connect(self._on_date_validity_changed)  # a fixed date: at once
        self._last = self.current()

    def _make_fields(self) -> None:
        self.date_from = DateFieldWidget("from, e.g. 2026-12-01")
        self.date_to = DateFieldWidget("to, e.g. 12/31/2026")
        self.staff = QComboBox()
        self.request = QComboBox()
        self.response = QComboBox()
        self.response.addItem("Any response", "")
        for verdict in VERDICTS:
            self.response.addItem(verdict_word(verdict).capitalize(), verdict)
        self.document = QComboBox()
        self.document.addItem("Any document", "")
        for code in DOCUMENTS:
            self.document.addItem(document_label(code), code)
        self.text = QLineEdit()
        self.text.setPlaceholderText("words in notes, agency, official, response")
        self.text.setClearButtonEnabled(True)
        self.clear = QPushButton("C&lear filters")
        self.clear.setObjectName("secondaryButton")
        self.clear.clicked.connect(self._on_clear_clicked)
        self.set_choices([], [])
        for combo in (self.staff, self.request, self.response, self.document):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        cells = (
            (0, 0, "&From", self.date_from),
            (0, 2, "&To", self.date_to),
            (0, 4, "&Staff", self.staff),
            (1, 0, "Re&quest", self.request),
            (1, 2, "&Response", self.response),
            (1, 4, "Doc&ument", self.document),
            (2, 0, "F&ind", self.text),
        )
        for row, column, text, widget in cells:
            widget.setAccessibleName(text.replace("&", ""))
            grid.addWidget(caption(text, widget), row, column)
            span = 3 if widget is self.text else 1
            grid.addWidget(widget, row, column + 1, 1, span)
        grid.addWidget(self.clear, 2, 5, Qt.AlignmentFlag.AlignRight)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)

    def set_choices(self, staff: list[str], requests: list[tuple[str, str]]) -> None:
        """Offer these staff names and (request type, title) pairs, keeping what is chosen."""
        for combo, anything, items in (
            (self.staff, "Anyone", [(name, name) for name in staff]),
            (self.request, "Any request", requests),
        ):
            chosen = combo.currentData() or ""
            combo.clear()
            combo.addItem(anything, "")
            for value, label in items:
                combo.addItem(label or value, value)
                combo.setItemData(combo.count() - 1, label or value, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def current(self) -> LogFilter:
        """The filter as the fields stand (a date that is not one is left out, and said)."""
        from brightline.core.contact_log.filters import LogFilter

        return LogFilter(
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            staff=str(self.staff.currentData() or ""),
            request_type=str(self.request.currentData() or ""),
            verdict=str(self.response.currentData() or ""),
            document=str(self.document.currentData() or ""),
            text=self.text.text().strip(),
        )

    def date_problem(self) -> str:
        """What is wrong with a date typed ("" when both are dates or empty)."""
        for field, name in ((self.date_from, "From"), (self.date_to, "To")):
            if not field.is_valid():
                return problem_text(name, field.text())
        return ""

    def _emit_if_changed(self) -> None:
        flt = self.current()
        if flt != self._last:
            self._last = flt
            self.filter_changed.emit(flt)

    @Slot(int)
    def _on_choice_activated(self, _index: int) -> None:
        self._emit_if_changed()

    @Slot(str)
    def _on_field_text_changed(self, _text: str) -> None:
        self._typing.start()

    @Slot(bool)
    def _on_date_validity_changed(self, _valid: bool) -> None:
        self.date_problem_changed.emit(self.date_problem())

    @Slot()
    def _on_typing_timeout(self) -> None:
        self._typing.stop()
        self.date_problem_changed.emit(self.date_problem())  # what was typed, once typing stops
        self._emit_if_changed()

    @Slot()
    def _on_clear_clicked(self) -> None:
        for field in (self.date_from, self.date_to, self.text):
            field.clear()
        for combo in (self.staff, self.request, self.response, self.document):
            combo.setCurrentIndex(0)
        self._typing.stop()
        self._emit_if_changed()
