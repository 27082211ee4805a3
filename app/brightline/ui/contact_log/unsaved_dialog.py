"""When a record can go neither into the log nor into a file beside it (a read-only data folder, a
missing drive): the record in words, and three ways to keep it until the log works again — save
it elsewhere (a text file where the officer chooses), copy it, print it.

Nothing here shows an operating-system error or a blob of JSON: the reason is said in words,
and the record reads as the form did.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt, Slot
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brightline.ui.contact_log import words
from brightline.ui.contact_log.form_parts import fit_to_screen
from brightline.ui.contact_log.style import log_style

if TYPE_CHECKING:
    from brightline.core.contact_log.records import ContactDraft
    from brightline.core.contact_log.wording import RecordWording

TITLE = "Contact with federal immigration authorities \u2014 not yet in the contact log"


# As large as the dialog likes to be; a smaller screen gets what it has room for.
PREFERRED_SIZE = QSize(720, 560)


class UnsavedRecordDialog(QDialog):
    """The record that could not be saved, to save elsewhere, copy or print."""

    def __init__(self, draft: ContactDraft, reason: str, wording: RecordWording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedRecordDialog")
        self.setWindowTitle("The contact could not be saved \u2014 Brightline")
        self.setStyleSheet(log_style())
        self._draft = draft
        self.record_text = f"{TITLE}\n\n{wording.text(draft)}"
        self.saved_to: Path | None = None
        self.printed = False
        heading = QLabel("This contact is not recorded yet")
        heading.setObjectName("logHeading")
        self.reason = QLabel(
            f"{reason}\n\nKeep the record below: save it elsewhere, copy it or print it, and enter it in the "
            "contact log as soon as the log works again."
        )
        self.reason.setObjectName("formProblems")
        self.reason.setWordWrap(True)
        self.text = QPlainTextEdit(self.record_text)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The record")
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.reason)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(self._buttons())
        fit_to_screen(self, PREFERRED_SIZE)

    def _buttons(self) -> QDialogButtonBox:
        self.save_elsewhere = QPushButton("&Save elsewhere\u2026")
        self.save_elsewhere.setObjectName("primaryButton")
        self.save_elsewhere.setDefault(True)
        self.save_elsewhere.clicked.connect(self._on_save_elsewhere_clicked)
        self.copy = QPushButton("&Copy")
        self.copy.clicked.connect(self._on_copy_clicked)
        self.print = QPushButton("&Print\u2026")
        self.print.clicked.connect(self._on_print_clicked)
        buttons = QDialogButtonBox()
        for button in (self.save_elsewhere, self.copy, self.print):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.copy, self.print):
            button.setObjectName("secondaryButton")
            button.setAutoDefault(False)
        close = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        assert close is not None
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        return buttons

    @property
    def kept(self) -> bool:
        """The officer has the record: saved to a file of their choosing, or printed."""
        return self.saved_to is not None or self.printed

    @Slot()
    def _on_save_elsewhere_clicked(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder) / f"contact-not-yet-logged-{datetime.now():%Y-%m-%d-%H%M}.txt"
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the record elsewhere", str(suggested), "Text files (*.txt);;All files (*)"
        )
        if not name:
            return
        path = Path(name)
        try:
            path.write_text(self.record_text + "\n", encoding="utf-8")
        except OSError as exc:
            self.status.setText(
                f"\u26a0 {path} could not be written: {words.os_error_words(exc)}. Choose another place."
            )
            return
        self.saved_to = path
        self.status.setText(f"\u2713 Saved to {path}. Enter it in the contact log when the log works again.")

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.record_text)
        self.status.setText("\u2713 Copied. Paste it somewhere it will be kept (an e-mail to yourself, a document).")

    @Slot()
    def _on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Contact record (not yet in the contact log)")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the record")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setPlainText(self.record_text)
        document.print_(printer)
        self.printed = True
        self.status.setText("\u2713 Sent to the printer.")

    def focus_default(self) -> None:
        self.save_elsewhere.setFocus(Qt.FocusReason.OtherFocusReason)
