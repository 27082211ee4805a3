"""The outcome: the verdict banner, what to do, not do, say and write down, the citations (each
opens beside the text), the path that led here, and new situation / back / print / save as PDF.

The guidance gets the room: the verdict, the record strip and the whole text are one column that
scrolls as a page (the text is never a small box of its own), with the citations beside it; on
a narrow window the citations are listed in the text and a chosen one opens beside it.

"Record this contact" asks for the contact to be logged (`record_requested`; the contact log's
recorder answers it and reports back through `show_record_state`). It sits under the verdict,
first in the tab order; it is prominent when the outcome is marked documentation_required, and
absent when the page is not recordable (`set_recordable(False)`: training walks are never
offered for recording)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brightline.core.model import Node, Pack, Tree
from brightline.core.walk import Step
from brightline.ui.flow_layout import FlowLayout
from brightline.ui.html import CITE_SCHEME, STEP_SCHEME, outcome_body_html, print_html
from brightline.ui.printing import print_with_dialog, save_pdf
from brightline.ui.reference_panel import ReferencePanelWidget
from brightline.ui.text_views import FittedBrowser
from brightline.ui.verdict_banner import VerdictBannerWidget

_RECORD = "&Record this contact\u2026"
_MUST_RECORD = "\u26a0 The policy requires a record of this contact: record it before you leave this page."
NARROW = 860  # below this width the citations are listed in the text, not beside it
# Keys that scroll the page when the text has the focus (the text itself never scrolls).
_SCROLL_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_Space,
}


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
        self._narrow = False
        column = self._build_column()
        self.reference = ReferencePanelWidget()
        self.reference.returned_home.connect(self._on_reference_returned_home)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        layout.addWidget(column, 2)
        layout.addWidget(self.reference, 1)
        self._add_keys()

    def _build_column(self) -> QScrollArea:
        """The verdict, the record strip, the text and the buttons, in a column that scrolls."""
        self.banner = VerdictBannerWidget()
        self._record = QPushButton(_RECORD)
        self._record.setToolTip("Record this contact in the contact log (Ctrl+R)")
        self._record.clicked.connect(self._on_record_clicked)
        self._record_note = QLabel()
        self._record_note.setObjectName("recordNote")
        self._record_note.setWordWrap(True)
        self._record_note.setTextFormat(Qt.TextFormat.PlainText)
        strip = QHBoxLayout()
        strip.setSpacing(12)
        strip.addWidget(self._record, 0, Qt.AlignmentFlag.AlignTop)
        strip.addWidget(self._record_note, 1)
        self.body = FittedBrowser(self, "outcomeText")
        self.body.anchorClicked.connect(self._on_body_anchor_clicked)
        self.body.installEventFilter(self)
        self.body.cursorPositionChanged.connect(self._on_body_cursor_position_changed)

        self._new = QPushButton("New situation")
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
        buttons = QWidget()
        row = FlowLayout(buttons, spacing=10)
        for button in (self._new, self._back, self._print, self._pdf):
            button.setObjectName("secondaryButton")
            row.addWidget(button)
        for button in (self._record, self._new, self._back, self._print, self._pdf):
            button.setAutoDefault(True)  # Enter presses it, as Space does

        inner = QWidget()
        inner.setObjectName("outcomeColumn")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addLayout(strip)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setObjectName("outcomeScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(inner)
        return self._scroll

    def _add_keys(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        shortcuts = (
            ("Backspace", self.back_requested),
            ("Alt+Left", self.back_requested),
            ("Esc", self.restart_requested),
            ("Ctrl+R", self._on_record_clicked),
        )
        for sequence, target in shortcuts:
            QShortcut(QKeySequence(sequence), self, context=context).activated.connect(target)
        # Record first: it is what the policy asks for next; then the text's links, the citations
        # and the buttons below the text.
        chain = (self._record, self.body, self.reference.browser, self._new, self._back, self._print, self._pdf)
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def show_outcome(self, pack: Pack, tree: Tree, outcome: Node, steps: Sequence[Step]) -> None:
        """Show `outcome`, reached through `steps` of `tree`."""
        self._pack, self._tree, self._outcome, self._steps = pack, tree, outcome, list(steps)
        self.banner.show_outcome(outcome)
        self._show_body()
        self.reference.show_citations(pack, outcome.cite)
        self._show_reference()
        self._back.setEnabled(bool(steps))
        self._show_record_default()
        self._scroll.verticalScrollBar().setValue(0)
        if self.isVisible():
            self.focus_default()

    def _show_body(self) -> None:
        if self._pack is None or self._tree is None or self._outcome is None:
            return
        self.body.setHtml(
            outcome_body_html(
                self._pack, self._tree, self._outcome, self._steps, cites=self._narrow, record_note=not self._recordable
            )
        )

    def _show_reference(self) -> None:
        """Beside the text when there is room; on a narrow page only while a citation is open."""
        visible = not self._narrow or bool(self.reference.shown_ref)
        if self.reference.isHidden() == visible:
            self.reference.setVisible(visible)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._show_body()
            self._show_reference()

    # -- recording the contact ---------------------------------------------------------------------
    def set_recordable(self, recordable: bool) -> None:
        """Offer "Record this contact" (the default), or never (training walks)."""
        self._recordable = recordable
        self._show_record_default()
        self._show_body()

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
        # Only what changed: each call invalidates the layout, and this runs on every outcome shown.
        for widget, visible in ((self._record, self._recordable), (self._record_note, must)):
            if widget.isHidden() == visible:
                widget.setVisible(visible)
        if self._record.text() != _RECORD:
            self._record.setText(_RECORD)
        if self._record_note.text() != (_MUST_RECORD if must else ""):
            self._record_note.setText(_MUST_RECORD if must else "")
        self._set_prominent(must)

    def _set_prominent(self, prominent: bool) -> None:
        """One primary button: Record while a required record is missing, else New situation."""
        for button, primary in ((self._record, prominent), (self._new, not prominent)):
            name = "primaryButton" if primary else "secondaryButton"
            if button.objectName() != name:
                button.setObjectName(name)
                button.style().unpolish(button)
                button.style().polish(button)
        if self._record_note.property("urgent") != prominent:
            self._record_note.setProperty("urgent", prominent)
            self._record_note.style().unpolish(self._record_note)
            self._record_note.style().polish(self._record_note)

    @Slot()
    def _on_record_clicked(self) -> None:
        if self._recordable and self._outcome is not None:
            self.record_requested.emit()

    def focus_default(self) -> None:
        """Record this contact while the policy asks for it (Enter opens the form); else the text,
        where the arrow keys scroll the page and Tab goes on to its links and the citations."""
        if self._record.objectName() == "primaryButton" and self._record.isVisibleTo(self):
            self._record.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # The type first: while the window is destroyed the text still has events, not this page's fields.
        if event.type() == QEvent.Type.KeyPress and watched is self.body:
            assert isinstance(event, QKeyEvent)
            if event.key() in _SCROLL_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                bar = self._scroll.verticalScrollBar()
                steps = {
                    Qt.Key.Key_Up: -bar.singleStep(),
                    Qt.Key.Key_Down: bar.singleStep(),
                    Qt.Key.Key_PageUp: -bar.pageStep(),
                    Qt.Key.Key_PageDown: bar.pageStep(),
                    Qt.Key.Key_Space: bar.pageStep(),
                    Qt.Key.Key_Home: -bar.maximum(),
                    Qt.Key.Key_End: bar.maximum(),
                }
                bar.setValue(bar.value() + steps[Qt.Key(event.key())])
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def _on_body_cursor_position_changed(self) -> None:
        # A link reached with Tab is brought into view on the page (the text does not scroll).
        point = self.body.mapTo(self._scroll.widget(), self.body.cursorRect().center())
        self._scroll.ensureVisible(point.x(), point.y(), 0, 3 * self.body.fontMetrics().height())

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
            self._show_reference()
        elif url.scheme() == STEP_SCHEME and url.path().isdigit():
            self.step_chosen.emit(int(url.path()))

    @Slot()
    def _on_reference_returned_home(self) -> None:
        self._show_reference()
        if self.reference.isHidden():
            self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_document(self) -> None:
        """Print this outcome, after the printer dialog (File → Print, the Print button)."""
        self._on_print_clicked()

    def save_pdf(self) -> None:
        """Save this outcome as PDF, after asking where (File → Save as PDF, the button)."""
        self._on_pdf_clicked()

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
