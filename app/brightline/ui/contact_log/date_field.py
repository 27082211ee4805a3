"""A date typed in the log's filters, exports and report, or left empty for "any".

A line edit rather than a QDateEdit: "no date" is the common case, and a date edit has no
empty state a keyboard user can reach. It takes the date as ISO (2026-12-07) or as people in the
United States write it (12/07/2026, 12/7/26); once typed, it shows the date as understood, in ISO,
so "12/07" is never silently read as July. Anything else is outlined and said, never ignored.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLineEdit, QWidget

EXAMPLE = "2026-12-07 or 12/07/2026"
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def parse_date(text: str) -> date | None:
    """The date typed (YYYY-MM-DD, or MM/DD/YYYY or MM/DD/YY), or None when empty; raises
    ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    us = _US.fullmatch(text)
    if us:
        month, day, year = (int(part) for part in us.groups())
        return date(year + 2000 if year < 100 else year, month, day)
    return date.fromisoformat(text)


def problem_text(caption: str, text: str) -> str:
    """What to say of a date that is not one."""
    return f"\u26a0 {caption} \u201c{text.strip()}\u201d is not a date: type it as {EXAMPLE}."


class DateFieldWidget(QLineEdit):
    """A date typed as YYYY-MM-DD or MM/DD/YYYY, or left empty for "any"."""

    validity_changed = Signal(bool)
    """The text became a date (or empty), or stopped being one."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setMaxLength(10)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 28)
        self.setToolTip(f"A date, typed as {EXAMPLE}; empty for any")
        self._valid = True
        self.textChanged.connect(self._on_self_text_changed)
        self.editingFinished.connect(self._on_self_editing_finished)

    def value(self) -> date | None:
        """The date, or None when empty or not a date."""
        try:
            return parse_date(self.text())
        except ValueError:
            return None

    def is_valid(self) -> bool:
        try:
            parse_date(self.text())
        except ValueError:
            return False
        return True

    @Slot(str)
    def _on_self_text_changed(self, _text: str) -> None:
        # Outlined while typing only once it is long enough to be a whole date.
        valid = self.is_valid()
        self._show_invalid(not valid and len(self.text().strip()) >= 8)
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    @Slot()
    def _on_self_editing_finished(self) -> None:
        value = self.value()
        if value is not None and self.text().strip() != value.isoformat():
            self.setText(value.isoformat())  # shows how "12/07/2026" was read
        self._show_invalid(not self.is_valid())

    def _show_invalid(self, bad: bool) -> None:
        if self.property("invalid") != bad:
            self.setProperty("invalid", bad)
            self.style().unpolish(self)
            self.style().polish(self)
