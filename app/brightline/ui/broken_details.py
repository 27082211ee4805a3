"""Details of the packs left out: every problem, to read or copy for a support request (opened
from the notice, `brightline.ui.broken_notice`)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from brightline.ui.screen_fit import reading_size, resize_within_screen


class BrokenPacksDialog(QDialog):
    """Every problem of the packs left out, to read or copy for a support request."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brokenPacksDialog")
        self.setWindowTitle("Packs left out")
        intro = QLabel(
            "These packs were not loaded because of the problems below (file, line, node and what is "
            "wrong). Fix them in the pack's files, or send this list to whoever maintains the pack; "
            "`brightline validate` checks them again."
        )
        intro.setWordWrap(True)
        self.problems = QPlainTextEdit(text)
        self.problems.setObjectName("brokenProblems")
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = QPushButton("&Copy the list")
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        resize_within_screen(self, reading_size(self, self.problems, 90))

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.problems.toPlainText())
        self.copy.setText("Copied")
