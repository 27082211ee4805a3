"""The releases' marks in the main window's status bar: which release of the chosen pack is in
force and why (or, quietly, that the packs are unsigned), and a quiet reminder of changes this
officer has not yet acknowledged."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from brightline.core.packtrust import PackTrust, ReleaseInfo
from brightline.ui import palette
from brightline.ui.releases.wording import UNSIGNED, UNSIGNED_WHY

# In the status bar's own type size, the palette's colours.
_QUIET = palette.fill("#releaseStatusText { color: @MUTED@; }")
_PROBLEM = palette.fill("#releaseStatusText { color: @ERROR_TEXT@; font-weight: 700; }")
_REMINDER = palette.fill(
    "#releaseReminder { background: @SELECTED@; border: 1px solid @ACCENT@; border-radius: 6px; color: @ACCENT_DEEP@;"
    " font-weight: 600; padding: 2px 10px; }"
)


class ReleaseStatusWidget(QFrame):
    """Which release is in force for the chosen pack, and the reminder to acknowledge."""

    reminder_clicked = Signal()
    """The officer asked to read what changed."""

    def __init__(self, trust: PackTrust | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseStatus")
        self._trust = trust
        self._text = QLabel()
        self._text.setObjectName("releaseStatusText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder = QPushButton()
        self.reminder.setObjectName("releaseReminder")
        self.reminder.setStyleSheet(_REMINDER)
        self.reminder.setVisible(False)
        self.reminder.clicked.connect(self.reminder_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(8)
        layout.addWidget(self.reminder)
        layout.addWidget(self._text)
        self.show_pack("")

    def text(self) -> str:
        return self._text.text()

    def show_pack(self, pack_id: str) -> None:
        """Say which release of `pack_id` is in force, and why (in the tooltip)."""
        trust = self._trust
        if trust is None:
            self._set(UNSIGNED, UNSIGNED_WHY, _QUIET)
            return
        standing = trust.standings.get(pack_id)
        if standing is not None and standing.in_force is not None:
            text = f"{pack_id}: signed release {standing.in_force.sequence} ({standing.in_force.version})"
        elif standing is not None:
            text = f"{pack_id}: the program's own pack (a signed release is pending)"
        else:
            text = f"{pack_id}: the program's own pack" if pack_id else "Signed releases only"
        why = (
            standing.explain()
            if standing is not None
            else (
                "Author keys are pinned on this machine: packs come only from verified releases and the program itself."
            )
        )
        if trust.problems:
            text = "\u26a0 " + text + " \u00b7 an installed release failed its check"
            why += "\n\n" + "\n".join(trust.problems)
        self._set(text, why, _PROBLEM if trust.problems else _QUIET)

    def show_reminder(self, waiting: list[ReleaseInfo]) -> None:
        """Remind, quietly, of releases in force this officer has not acknowledged."""
        if not waiting:
            self.reminder.setVisible(False)
            return
        first = waiting[0]
        more = f" and {len(waiting) - 1} more" if len(waiting) > 1 else ""
        self.reminder.setText(f"What changed: {first.pack_id} release {first.sequence}{more}")
        self.reminder.setToolTip(
            f"The policy changed: {first.pack_id} release {first.sequence}{more}. "
            "Read what changed for your role, then acknowledge it."
        )
        self.reminder.setVisible(True)

    def _set(self, text: str, tip: str, look: str) -> None:
        self._text.setText(text)
        self._text.setToolTip(tip)
        self.setAccessibleName(text)
        self.setAccessibleDescription(tip)
        self._text.setStyleSheet(look)
