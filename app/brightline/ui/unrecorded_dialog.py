"""The question asked before an outcome the policy requires to be recorded is left unrecorded.

It takes a deliberate choice. The focus starts on the message, not on a button, no button is the
default, and typed letters do nothing: an officer who starts typing a new search ("school") or
presses Enter or Space out of habit is still asked. A choice is a click, or Tab to a button and
Enter or Space (or Alt with the underlined letter of Record it now). Esc stays on the outcome,
which loses nothing. (A message box would take "Leave without recording" on a bare "l".)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

RECORD, LEAVE, STAY = "record", "leave", "stay"


class UnrecordedContactDialog(QDialog):
    """Record it now / Leave without recording / Stay on this page; `choice` after it closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordReminder")
        self.setWindowTitle("This contact has not been recorded")
        self.choice = STAY
        heading = QLabel("This contact has not been recorded.")
        heading.setObjectName("pageHeading")
        self.message = QLabel(
            "The policy requires this contact to be documented in the contact log. Record it now, or "
            "choose to leave without recording it (the contact is then not in the log)."
        )
        self.message.setObjectName("reminderText")
        self.message.setWordWrap(True)
        # The message takes the focus first, so that no key chooses before the user does.
        self.message.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.record = QPushButton("&Record it now")
        self.record.setObjectName("primaryButton")
        self.leave = QPushButton("Leave without recording")
        self.stay = QPushButton("Stay on this page")
        for button, choice in ((self.record, RECORD), (self.leave, LEAVE), (self.stay, STAY)):
            button.setAutoDefault(False)  # Enter chooses only the button that has the focus
            button.setProperty("choice", choice)
            button.clicked.connect(self._on_button_clicked)
        box = QDialogButtonBox()
        box.addButton(self.record, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.leave, QDialogButtonBox.ButtonRole.DestructiveRole)
        box.addButton(self.stay, QDialogButtonBox.ButtonRole.RejectRole)
        hint = QLabel("Tab to a choice and press Enter, or click it. Esc stays on this page.")
        hint.setObjectName("keysHint")
        hint.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(heading)
        text.addWidget(self.message)
        text.addWidget(hint)
        icon = QLabel("\u26a0")
        icon.setObjectName("reminderIcon")
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(box)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.setTabOrder(self.message, self.record)
        self.setTabOrder(self.record, self.leave)
        self.setTabOrder(self.leave, self.stay)
        # Sized with the style sheet's padding on the buttons (it applies when polished).
        self.ensurePolished()
        self.adjustSize()  # (which keeps a window to two thirds of the screen: never below its least)
        self.resize(self.size().expandedTo(self.minimumSizeHint()))

    def buttons(self) -> list[QPushButton]:
        """The three choices, in order."""
        return [self.record, self.leave, self.stay]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.message.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.choice = STAY
            self.reject()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused in self.buttons():
                focused.click()
        # Anything else typed here is dropped: it was meant for the page underneath.
        event.accept()

    @Slot()
    def _on_button_clicked(self) -> None:
        sender = self.sender()
        self.choice = str(sender.property("choice")) if sender is not None else STAY
        if self.choice == STAY:
            self.reject()
        else:
            self.accept()
