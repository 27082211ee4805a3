"""A quiet notice of the packs that were left out because of problems: which, in plain words, and a
Details button that lists every problem (for whoever looks after the packs; an officer needs to
know only that the other packs work).

It never blocks: everything else keeps working, and the user can dismiss it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

SHOWN = 4  # packs named before "and N more"

Problems = Callable[[str], list[str]]  # every problem of a pack left out, by its key, as lines


def notice_text(broken: list[tuple[str, int, str]]) -> str:
    """ "The pack “oakland” has a problem and is left out; …" for the packs left out."""
    names = [f"\u201c{key}\u201d" for key, _count, _first in broken[:SHOWN]]
    if len(broken) > SHOWN:
        names.append(f"{len(broken) - SHOWN} more")
    if len(broken) == 1:
        key, count, _first = broken[0]
        what = "a problem" if count == 1 else "problems"
        head = f"The pack \u201c{key}\u201d has {what} and is left out."
    else:
        head = f"{len(broken)} packs have problems and are left out: {', '.join(names[:-1])} and {names[-1]}."
    return (
        f"\u26a0 {head} Every other pack works as usual. Whoever looks after Brightline on this "
        "computer can see what is wrong under Details."
    )


class BrokenPacksNoticeWidget(QFrame):
    """Names the packs that were left out because of problems.

    Its text and buttons are made when there is first something to show: most starts have none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brokenNotice")
        self._text: QLabel | None = None
        self.details: QPushButton | None = None
        self.dismiss: QPushButton | None = None
        self._broken: list[tuple[str, int, str]] = []
        self._problems: Problems | None = None
        self.setVisible(False)

    def _build(self) -> QLabel:
        if self._text is None:
            self._text = QLabel()
            self._text.setObjectName("brokenText")
            self._text.setWordWrap(True)
            self._text.setTextFormat(Qt.TextFormat.PlainText)
            self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            self.details = QPushButton("&Details\u2026")
            self.details.setObjectName("secondaryButton")
            self.details.setToolTip("Every problem found in the packs left out")
            self.details.clicked.connect(self._on_details_clicked)
            self.dismiss = QPushButton("Dismiss")
            self.dismiss.setObjectName("secondaryButton")
            self.dismiss.setToolTip("Hide this notice for now")
            self.dismiss.clicked.connect(self._on_dismiss_clicked)
            for button in (self.details, self.dismiss):
                button.setAutoDefault(True)  # Enter presses it, as Space does
            layout = QHBoxLayout(self)
            layout.setContentsMargins(24, 6, 24, 6)
            layout.setSpacing(12)
            layout.addWidget(self._text, 1)
            layout.addWidget(self.details, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        return self._text

    def show_broken(self, broken: list[tuple[str, int, str]], problems: Problems | None = None) -> None:
        """Show the notice for these packs — (pack key, number of problems, the first as text), as
        the start index keeps them — and hide it when there are none. `problems(key)` gives every
        problem of one, for Details (without it, the first of each)."""
        self._broken, self._problems = broken, problems
        if not broken:
            self.setVisible(False)
            return
        self._build().setText(notice_text(broken))
        self.setVisible(True)

    def text(self) -> str:
        return self._text.text() if self._text is not None else ""

    def details_text(self) -> str:
        """Every problem of every pack left out, as Details lists them."""
        parts = []
        for key, count, first in self._broken:
            lines = self._problems(key) if self._problems is not None else []
            lines = lines or [first]
            more = "" if len(lines) >= count else f"\n  \u2026 and {count - len(lines)} more not kept"
            what = "1 problem" if count == 1 else f"{count} problems"
            parts.append(f"{key} ({what}):\n" + "\n".join(f"  {line}" for line in lines) + more)
        return "\n\n".join(parts)

    @Slot()
    def _on_details_clicked(self) -> None:
        from brightline.ui.broken_details import BrokenPacksDialog  # most starts never need it

        BrokenPacksDialog(self.details_text(), self).open()

    @Slot()
    def _on_dismiss_clicked(self) -> None:
        self.setVisible(False)
