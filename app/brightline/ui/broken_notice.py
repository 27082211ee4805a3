"""A quiet notice of the packs that failed to load: which, the first problem, and what to run.

It never blocks: everything else keeps working, and the user can dismiss it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from brightline.ui.wording import escape_html

SHOWN = 6  # packs listed before "and N more"


class BrokenPacksNoticeWidget(QFrame):
    """Lists packs that were left out because of problems.

    Its text and button are made when there is first something to show: most starts have none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brokenNotice")
        self._text: QLabel | None = None
        self.dismiss: QPushButton | None = None
        self.setVisible(False)

    def _build(self) -> QLabel:
        if self._text is None:
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
        return self._text

    def show_broken(self, broken: list[tuple[str, int, str]]) -> None:
        """Show the notice for these packs — (pack key, number of problems, the first as text), as
        the start index keeps them — and hide it when there are none."""
        if not broken:
            self.setVisible(False)
            return
        count = len(broken)
        lines = []
        for key, problems, first in broken[:SHOWN]:
            more = f" (and {problems - 1} more)" if problems > 1 else ""
            lines.append(f"<b>{escape_html(key)}</b>: {escape_html(first or 'unknown problem')}{escape_html(more)}")
        if count > SHOWN:
            lines.append(f"and {count - SHOWN} more pack(s)")
        title = "1 pack could not be loaded" if count == 1 else f"{count} packs could not be loaded"
        self._build().setText(
            f"<b>\u26a0 {title}</b> and {'is' if count == 1 else 'are'} not offered. "
            "Everything else works. Run <code>brightline validate</code> to see every problem."
            "<br>" + "<br>".join(lines)
        )
        self.setVisible(True)

    def text(self) -> str:
        return self._text.text() if self._text is not None else ""

    @Slot()
    def _on_dismiss_clicked(self) -> None:
        self.setVisible(False)
