"""A quiet notice of the packs that failed to load: which, the first problem, and what to run.

It never blocks: everything else keeps working, and the user can dismiss it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app.core.problems import Problem

SHOWN = 6  # packs listed before "and N more"


class BrokenPacksNoticeWidget(QFrame):
    """Lists packs that were left out because of problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brokenNotice")
        self._text = QLabel()
        self._text.setObjectName("brokenText")
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setObjectName("secondaryButton")
        self.dismiss.setToolTip("Hide this notice for now")
        self.dismiss.clicked.connect(self._on_dismiss_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.setSpacing(16)
        layout.addWidget(self._text, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_broken(self, broken: dict[str, list[Problem]]) -> None:
        """Show the notice for these packs (pack key → its problems); hide it when there are none."""
        if not broken:
            self.setVisible(False)
            return
        from html import escape  # here: the html module is slow to import, and most starts need none

        count = len(broken)
        lines = []
        for key, problems in list(broken.items())[:SHOWN]:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            first = problems[0].format() if problems else "unknown problem"
            lines.append(f"<b>{escape(key)}</b>: {escape(first)}{escape(more)}")
        if count > SHOWN:
            lines.append(f"and {count - SHOWN} more pack(s)")
        title = "1 pack could not be loaded" if count == 1 else f"{count} packs could not be loaded"
        self._text.setText(
            f"<b>\u26a0 {title}</b> and {'is' if count == 1 else 'are'} not offered. "
            "Everything else works. Run <code>brightline validate</code> to see every problem."
            "<br>" + "<br>".join(lines)
        )
        self.setVisible(True)

    def text(self) -> str:
        return self._text.text()

    @Slot()
    def _on_dismiss_clicked(self) -> None:
        self.setVisible(False)
