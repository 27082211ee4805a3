"""The outcome: the verdict banner, what to do, not do, say and write down, the citations (each
opens beside the text), the path that led here, and print / save as PDF / new situation.

"Record this contact" asks for the contact to be logged (`record_requested`; the contact log's
recorder answers it and reports back through `show_record_state`). It is prominent when the
outcome is marked documentation_required, and absent when the page is not recordable
(`set_recordable(False)`: training walks are never offered for recording)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from brightline.core.model import Node, Pack, Tree
from brightline.core.walk import Step
from brightline.ui.html import CITE_SCHEME, STEP_SCHEME, outcome_body_html, print_html
from brightline.ui.printing import print_with_dialog, save_pdf
from brightline.ui.reference_panel import ReferencePanelWidget, make_browser
from brightline.ui.verdict_banner import VerdictBannerWidget

_URGENT_NOTE = (
    "color: #6b3d00; background: #fff1d6; border: 1px solid #b36b00; border-radius: 6px;"
    " padding: 6px 10px; font-weight: 600;"
)
_DONE_NOTE = "color: #116329; font-weight: 600; padding: 2px 0px;"
_RECORD = "&Record this contact\u2026"


class OutcomePage(QWidget):
    """Where a walk ends."""

    new_situation_requested = Signal()
    """The user asked for a new situation (New situation or Ctrl+N)."""

    back_requested = Signal()
    """The user asked to go back to the last question (Backspace or Alt+Left)."""

    restart_requested = Signal()
    """The user asked to start this situation again (Escape)."""

    step_chosen = Signal(int)
    """The user chose "change" beside an answer on the path: go back to that step (0-based)."""

    record_requested = Signal()
    """The user asked to record this contact in the contact log (Record this contact, Ctrl+R)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomePage")
        self._pack: Pack | None = None
        self._tree: Tree | None = None
        self._outcome: Node | None = None
        self._steps: list[Step] = []
        self._recordable = True

        self.banner = VerdictBannerWidget()
        self.body = make_browser(self, "outcomeText")
        self.body.anchorClicked.connect(self._on_body_anchor_clicked)

        self._new = QPushButton("New situation")
        self._new.setObjectName("primaryButton")
        self._new.setToolTip("Choose another situation (Ctrl+N)")
        self._new.clicked.connect(self.new_situation_requested)
        self._back = QPushButton("\u2190 Back")
        self._back.setToolTip("Go back to the last question (Backspace or Alt+Left)")
        self._back.clicked.connect(self.back_requested)
        self._print = QPushButton("Print\u2026")
        self._print.setToolTip("Print this outcome (Ctrl+P)")
        self._print.clicked.connect(self._on_print_clicked)
        self._pdf = QPushButton("Save as PDF\u2026")
        self._pdf.setToolTip("Save this outcome as a PDF file (Ctrl+S)")
        self._pdf.clicked.connect(self._on_pdf_clicked)
        self._record = QPushButton(_RECORD)
        self._record.setToolTip("Record this contact in the contact log (Ctrl+R)")
        self._record.clicked.connect(self._on_record_clicked)
        self._record_note = QLabel()
        self._record_note.setObjectName("recordNote")
        self._record_note.setWordWrap(True)
        self._record_note.setTextFormat(Qt.TextFormat.PlainText)
        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self._record)
        actions.addWidget(self._new)
        actions.addWidget(self._back)
        actions.addStretch(1)
        actions.addWidget(self._print)
        actions.addWidget(self._pdf)
        for button in (self._back, self._print, self._pdf):
            button.setObjectName("secondaryButton")

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.banner)
        column.addWidget(self.body, 1)
        column.addWidget(self._record_note)
        column.addLayout(actions)
        self.reference = ReferencePanelWidget()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        layout.addLayout(column, 3)
        layout.addWidget(self.reference, 2)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        shortcuts = (
            ("Backspace", self.back_requested),
            ("Alt+Left", self.back_requested),
            ("Esc", self.restart_requested),
            (QKeySequence.StandardKey.Print, self._on_print_clicked),
            (QKeySequence.StandardKey.Save, self._on_pdf_clicked),
            ("Ctrl+R", self._on_record_clicked),
        )
        for sequence, target in shortcuts:
            QShortcut(QKeySequence(sequence), self, context=context).activated.connect(target)
        for first, second in zip(
            (self.body, self.reference.browser, self._record, self._new, self._back, self._print),
            (self.reference.browser, self._record, self._new, self._back, self._print, self._pdf),
            strict=True,
        ):
            self.setTabOrder(first, second)

    def show_outcome(self, pack: Pack, tree: Tree, outcome: Node, steps: Sequence[Step]) -> None:
        """Show `outcome`, reached through `steps` of `tree`."""
        self._pack, self._tree, self._outcome, self._steps = pack, tree, outcome, list(steps)
        self.banner.show_outcome(outcome)
        self.body.setHtml(outcome_body_html(pack, tree, outcome, steps, cites=False))
        self.reference.show_citations(pack, outcome.cite)
        self._back.setEnabled(bool(steps))
        self._show_record_default()
        if self.isVisible():
            self.focus_default()

    # -- recording the contact ---------------------------------------------------------------------
    def set_recordable(self, recordable: bool) -> None:
        """Offer "Record this contact" (the default), or never (training walks)."""
        self._recordable = recordable
        self._show_record_default()

    def is_recordable(self) -> bool:
        return self._recordable

    def show_record_state(self, text: str, recorded: bool, action: str) -> None:
        """Say what became of this contact (`text`), relabel the button (`action`); a contact that
        is `recorded` no longer needs the prominent reminder."""
        if not self._recordable:
            return
        self._record.setText(action)
        self._record_note.setText(text)
        self._record_note.setVisible(bool(text))
        self._set_prominent(not recorded and self._must_document())

    def record_note(self) -> str:
        return self._record_note.text() if self._record_note.isVisibleTo(self) else ""

    def _must_document(self) -> bool:
        return self._outcome is not None and self._outcome.documentation_required

    def _show_record_default(self) -> None:
        must = self._recordable and self._must_document()
        note = "\u26a0 The policy requires a record of this contact: record it before you leave this page."
        # Only what changed: each call invalidates the layout, and this runs on every outcome shown.
        for widget, visible in ((self._record, self._recordable), (self._record_note, must)):
            if widget.isHidden() == visible:
                widget.setVisible(visible)
        if self._record.text() != _RECORD:
            self._record.setText(_RECORD)
        if self._record_note.text() != (note if must else ""):
            self._record_note.setText(note if must else "")
        self._set_prominent(must)

    def _set_prominent(self, prominent: bool) -> None:
        """One primary button: Record while a required record is missing, else New situation."""
        for button, primary in ((self._record, prominent), (self._new, not prominent)):
            name = "primaryButton" if primary else "secondaryButton"
            if button.objectName() != name:
                button.setObjectName(name)
                button.style().unpolish(button)
                button.style().polish(button)
        look = _URGENT_NOTE if prominent else _DONE_NOTE
        if self._record_note.styleSheet() != look:
            self._record_note.setStyleSheet(look)

    @Slot()
    def _on_record_clicked(self) -> None:
        if self._recordable and self._outcome is not None:
            self.record_requested.emit()

    def focus_default(self) -> None:
        """Focus the outcome text: arrow keys scroll it, Tab goes on to the citations."""
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def document_html(self) -> str:
        """The outcome as printed (and saved as PDF)."""
        assert self._pack and self._tree and self._outcome
        return print_html(self._pack, self._tree, self._outcome, self._steps)

    def _title(self) -> str:
        return f"Brightline \u2014 {self._tree.title}" if self._tree else "Brightline"

    @Slot(QUrl)
    def _on_body_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == CITE_SCHEME and self._pack is not None:
            self.reference.show_provision(self._pack, url.path())
        elif url.scheme() == STEP_SCHEME and url.path().isdigit():
            self.step_chosen.emit(int(url.path()))

    @Slot()
    def _on_print_clicked(self) -> None:
        if self._outcome is not None:
            print_with_dialog(self.document_html(), self._title(), self)

    @Slot()
    def _on_pdf_clicked(self) -> None:
        if self._outcome is None or self._tree is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{self._tree.id}-{self._outcome.id}.pdf")
        name, _ = QFileDialog.getSaveFileName(self, "Save outcome as PDF", suggested, "PDF files (*.pdf)")
        if not name:
            return
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            save_pdf(self.document_html(), path, self._title())
        except OSError as exc:
            QMessageBox.warning(self, "Could not save the PDF", f"{path} could not be written:\n{exc.strerror or exc}")
