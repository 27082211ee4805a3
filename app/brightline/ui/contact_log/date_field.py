"""A date typed as YYYY-MM-DD, or left empty for "any": the log's filters, exports and report.

A line edit rather than a QDateEdit: "no date" is the common case, and a date edit has no
empty state a keyboard user can reach. A date that is not one is outlined and reads as None.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLineEdit, QWidget


def parse_date(text: str) -> date | None:
    """The date typed (YYYY-MM-DD), or None; raises ValueError for anything else."""
    text = text.strip()
    return date.fromisoformat(text) if text else None


class DateFieldWidget(QLineEdit):
    """A date typed as YYYY-MM-DD, or left empty for "any"."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setMaxLength(10)
        self.setMinimumWidth(110)
        self.textChanged.connect(self._on_self_text_changed)

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
        bad = not self.is_valid() and len(self.text().strip()) >= 10
        if self.property("invalid") != bad:
            self.setProperty("invalid", bad)
            self.setToolTip("Not a date: type it as YYYY-MM-DD" if bad else "")
            self.style().unpolish(self)
            self.style().polish(self)
