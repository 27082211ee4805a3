"""The log view's filters: date range, staff member, request, response, document and free text.

Every change becomes one LogFilter (`filter_changed`); typing in the date and text fields waits a
moment for the typing to stop, the choices apply at once. A date that is not YYYY-MM-DD is
outlined and left out of the filter rather than guessed at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from brightline.ui.contact_log import words
from brightline.ui.contact_log.date_field import DateFieldWidget
from brightline.ui.verdicts import verdict_look

if TYPE_CHECKING:
    from brightline.core.contact_log.filters import LogFilter

TYPING_PAUSE_MS = 250
VERDICTS = ("decline", "comply", "comply-limited", "escalate")  # as brightline.core.contact_log.VERDICTS


class LogFilterBarWidget(QWidget):
    """The filters above the log table."""

    filter_changed = Signal(object)
    """The filters changed: the new LogFilter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logFilterBar")
        self.date_from = DateFieldWidget("from YYYY-MM-DD")
        self.date_to = DateFieldWidget("to YYYY-MM-DD")
        self.staff = QComboBox()
        self.request = QComboBox()
        self.response = QComboBox()
        self.response.addItem("Any response", "")
        for verdict in VERDICTS:
            self.response.addItem(verdict_look(verdict).word.capitalize(), verdict)
        self.document = QComboBox()
        self.document.addItem("Any document", "")
        for code, label in words.DOCUMENT_LABELS.items():
            self.document.addItem(label, code)
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
            combo.activated.connect(self._on_choice_activated)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._on_typing_timeout)
        for field in (self.date_from, self.date_to, self.text):
            field.textChanged.connect(self._on_field_text_changed)
            field.returnPressed.connect(self._on_typing_timeout)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        cells = (
            (0, 0, "&From", self.date_from),
            (0, 2, "&To", self.date_to),
            (0, 4, "&Staff", self.staff),
            (0, 6, "Re&quest", self.request),
            (1, 0, "&Response", self.response),
            (1, 2, "Doc&ument", self.document),
            (1, 4, "F&ind", self.text),
        )
        for row, column, caption, widget in cells:
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", ""))
            grid.addWidget(caption_label, row, column)
            span = 3 if widget is self.text else 1
            grid.addWidget(widget, row, column + 1, 1, span)
        grid.addWidget(self.clear, 1, 8)
        for column in (1, 3, 5, 7):
            grid.setColumnStretch(column, 1)
        self._last = self.current()

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
                combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def current(self) -> LogFilter:
        """The filter as the fields stand (a date that is not one is left out)."""
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

    @Slot()
    def _on_typing_timeout(self) -> None:
        self._typing.stop()
        self._emit_if_changed()

    @Slot()
    def _on_clear_clicked(self) -> None:
        for field in (self.date_from, self.date_to, self.text):
            field.clear()
        for combo in (self.staff, self.request, self.response, self.document):
            combo.setCurrentIndex(0)
        self._typing.stop()
        self._emit_if_changed()
