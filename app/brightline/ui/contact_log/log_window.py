"""The contact log window (Ctrl+L): the log's health, filters, the table, a record in full, and
the ways out — corrections and addenda, exports, the audit report, entering saved records.

A window of its own beside the guide, so a supervisor can keep it open while walking a situation.
When the log cannot be opened, the window says why and what to do instead of a table; the guide
in the main window is not affected either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brightline.core.library import Library
from brightline.ui.contact_log import words
from brightline.ui.contact_log.detail_view import RecordDetailView
from brightline.ui.contact_log.filter_bar import LogFilterBarWidget
from brightline.ui.contact_log.save_messages import explain_not_logged, import_pending_with_message
from brightline.ui.contact_log.service import CHECKING, CLOSED, VERIFIED, ContactLogService
from brightline.ui.contact_log.style import LOG_STYLE
from brightline.ui.contact_log.table_model import ContactLogTableModel
from brightline.ui.contact_log.table_view import ContactLogTableView
from brightline.ui.html import citation_label
from brightline.ui.settings import UiSettings

if TYPE_CHECKING:
    from brightline.core.contact_log.errors import LogError
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.contact_log.reading import RecordDetail

_WARNING_LOOK = "color: #8a1c12; background: #fdecea; border: 2px solid #b3261e; border-radius: 6px; padding: 6px;"
_QUIET_LOOK = {VERIFIED: "color: #116329;", CHECKING: "color: #57606a;", CLOSED: "color: #57606a;"}


class ContactLogWindow(QWidget):
    """The contact log: browse, filter, read, correct, export, report."""

    def __init__(
        self, service: ContactLogService, library: Library, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("contactLogWindow")
        self.setWindowTitle("Contact log \u2014 Brightline")
        self.setStyleSheet(LOG_STYLE)
        self.service = service
        self.library = library
        self.settings = settings
        self.model: ContactLogTableModel | None = None

        heading = QLabel("Contact log")
        heading.setObjectName("logHeading")
        self.health = QLabel()
        self.health.setObjectName("logHealth")
        self.health.setWordWrap(True)
        self.health.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("E&xport\u2026")
        self.export_button.setToolTip("Export records as CSV, JSON or PDF (Ctrl+E)")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.report_button = QPushButton("Audit re&port\u2026")
        self.report_button.setToolTip("Counts, charts and the chain check for a period (Ctrl+P)")
        self.report_button.clicked.connect(self._on_report_clicked)
        self.verify_button = QPushButton("&Verify again")
        self.verify_button.setToolTip("Check every record against its hash and the chain")
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.import_button = QPushButton()
        self.import_button.setObjectName("primaryButton")
        self.import_button.clicked.connect(self._on_import_clicked)
        for button in (self.export_button, self.report_button, self.verify_button):
            button.setObjectName("secondaryButton")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        for button in (self.import_button, self.verify_button, self.export_button, self.report_button):
            top.addWidget(button)

        self.filters = LogFilterBarWidget()
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.table = ContactLogTableView()
        self.detail = RecordDetailView(self._cite_label)
        self.detail.correction_requested.connect(self._on_detail_correction_requested)
        self.detail.addendum_requested.connect(self._on_detail_addendum_requested)
        self.count = QLabel()
        self.count.setObjectName("logMuted")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        browse = QWidget()
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(0, 0, 0, 0)
        browse_layout.addWidget(self.filters)
        browse_layout.addWidget(splitter, 1)

        self.problem = QLabel()
        self.problem.setObjectName("formProblems")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton("&Try again")
        self.retry.setObjectName("primaryButton")
        self.retry.clicked.connect(self._on_retry_clicked)
        broken = QWidget()
        broken_layout = QVBoxLayout(broken)
        broken_layout.addWidget(self.problem)
        broken_layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        broken_layout.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(browse)
        self.pages.addWidget(broken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.health)
        layout.addWidget(self.pages, 1)
        for sequence, slot in (
            (QKeySequence.StandardKey.Find, self._on_find_shortcut),
            ("Ctrl+E", self._on_export_clicked),
            ("Ctrl+P", self._on_report_clicked),
            (QKeySequence.StandardKey.Refresh, self._on_refresh_shortcut),
            ("Esc", self.close),
        ):
            QShortcut(QKeySequence(sequence), self).activated.connect(slot)
        service.health_changed.connect(self._on_service_health_changed)
        service.records_added.connect(self._on_service_records_added)
        self.resize(1240, 760)

    # -- opening --------------------------------------------------------------------------------
    def open_log(self) -> None:
        """Show the window on the log (opening it if need be), or say why it cannot be opened."""
        log = self.service.log()
        if log is None:
            self._show_problem()
        else:
            self.pages.setCurrentIndex(0)
            if self.model is None or self.model.log is not log:  # first time, or the log was reopened
                self._drop_model()
                self.model = ContactLogTableModel(log, self, runner=self.service.tasks)
                self.model.read_failed.connect(self._on_model_read_failed)
                self.model.modelReset.connect(self._on_model_reset)
                self.model.count_changed.connect(self._on_model_count_changed)
                self.table.setModel(self.model)
                selection = self.table.selectionModel()
                selection.currentRowChanged.connect(self._on_selection_current_row_changed)
            self._load_choices()
            self._on_model_reset()
        self._on_service_health_changed()
        if not self.isVisible():
            self._fit_screen()
        self.show()
        self.raise_()
        self.activateWindow()
        (self.table if self.model is not None else self.retry).setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_problem(self) -> None:
        """The log cannot be used: say why, instead of a table."""
        error = self.service.error
        self.problem.setText(
            (words.error_text(error) if error is not None else "The contact log cannot be used.")
            + "\n\nThe guide still works: records you save from an outcome are kept as files and "
            "entered when the log works again."
        )
        self.pages.setCurrentIndex(1)
        self._drop_model()

    def _drop_model(self) -> None:
        if self.model is not None:
            self.table.setModel(None)
            self.model.deleteLater()
            self.model = None
        self.detail.show_detail(None, 0)

    def _fit_screen(self) -> None:
        """1240×760, or less on a small screen, over the main window."""
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        self.resize(min(1240, available.width() - 24), min(760, available.height() - 24))
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())

    def _load_choices(self) -> None:
        from brightline.core.contact_log.errors import LogError

        log = self.service.log()
        if log is None:
            return
        try:
            staff = log.distinct("staff_name")
            titles = log.request_titles()
        except LogError as exc:
            self._on_model_read_failed(exc)
            return
        self.filters.set_choices(staff, sorted(titles.items(), key=lambda item: (item[1] or item[0]).lower()))

    def _cite_label(self, pack_id: str, ref: str) -> str:
        pack = self.library.packs.get(pack_id)
        if pack is None or pack.provision(ref) is None:
            return ref
        return f"{citation_label(pack, ref)} [{ref}]"

    # -- the table and the detail ---------------------------------------------------------------
    @Slot(object)
    def _on_filters_filter_changed(self, flt: LogFilter) -> None:
        if self.model is not None:
            self.model.set_filter(flt)

    @Slot()
    def _on_model_reset(self) -> None:
        if self.model is None:
            return
        self._on_model_count_changed()
        self._select_row(0)

    @Slot()
    def _on_model_count_changed(self) -> None:
        if self.model is None:
            return
        total = self.model.rowCount()
        if not self.model.count_is_exact:
            # The first rows are shown before every match is counted; say so, never a guess.
            which = "in the log" if self.model.log_filter.is_empty else "match"
            if self.model.still_counting:
                shown = f"At least {words.records(total)} {which} \u2014 still counting\u2026"
            else:  # the count failed (its error was shown); scrolling still reads more rows
                shown = f"At least {words.records(total)} {which} \u2014 the full count could not be made."
        elif self.model.log_filter.is_empty:
            shown = "No contacts recorded yet." if total == 0 else f"{words.records(total)} in the log."
        else:
            shown = "No records match the filters." if total == 0 else f"{words.records(total)} match."
        self.count.setText(shown + "  Newest contact first; click a column heading to sort by it.")

    def _select_row(self, row: int) -> None:
        if self.model is None:
            return
        if self.model.rowCount() == 0:
            self.detail.show_detail(None, 0)
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        selection = self.table.selectionModel()
        unchanged = selection.currentIndex().row() == row
        selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        if unchanged:  # no currentRowChanged: show it here
            self._show_row(row)

    @Slot(QModelIndex, QModelIndex)
    def _on_selection_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_row(current.row())

    def _show_row(self, row: int) -> None:
        record = self.model.record_at(row) if self.model is not None else None
        if record is None:
            self.detail.show_detail(None, 0)
            return
        self.show_record(record.draft.corrects or record.id, record.id)

    def _detail(self, original_id: int) -> RecordDetail | None:
        from brightline.core.contact_log.errors import LogError

        log = self.service.log()
        try:
            return log.get(original_id) if log is not None else None
        except LogError as exc:
            self._on_model_read_failed(exc)
            return None

    def show_record(self, original_id: int, selected: int) -> None:
        """Show record `original_id` with what points at it in the detail pane."""
        self.detail.show_detail(self._detail(original_id), selected)

    # -- corrections and addenda ----------------------------------------------------------------
    @Slot(int)
    def _on_detail_correction_requested(self, original_id: int) -> None:
        self._follow_up(original_id, "correction")

    @Slot(int)
    def _on_detail_addendum_requested(self, original_id: int) -> None:
        self._follow_up(original_id, "addendum")

    def _follow_up(self, original_id: int, kind: str) -> None:
        from brightline.ui.contact_log.record_dialog import RecordContactDialog, follow_up_base

        detail = self._detail(original_id)
        if detail is None:
            return
        base = follow_up_base(detail, kind, self.settings.staff_name, self.settings.staff_badge)
        dialog = RecordContactDialog(base, self.service.save, mode=kind, original_id=original_id, parent=self)
        accepted = dialog.exec() == RecordContactDialog.DialogCode.Accepted
        result, draft = dialog.saved, dialog.draft()
        dialog.deleteLater()
        if not accepted or result is None:
            return
        if result.record is None:
            explain_not_logged(self, draft, result)
        self.show_record(original_id, result.record.id if result.record else original_id)

    # -- health, pending records, exports ---------------------------------------------------------
    @Slot()
    def _on_service_health_changed(self) -> None:
        health = self.service.health
        if self.model is not None and not self.service.is_open:
            self._show_problem()  # the log failed while shown (damaged, gone)
        self.health.setText(health.text())
        self.health.setVisible(self.pages.currentIndex() == 0)  # else the problem page says it all
        for button in (self.export_button, self.report_button):
            button.setEnabled(self.service.is_open)
        self.health.setStyleSheet(_WARNING_LOOK if health.is_warning else _QUIET_LOOK.get(health.state, ""))
        self.import_button.setText(f"E&nter {words.records(health.pending)} saved to enter later")
        self.import_button.setVisible(bool(health.pending) and self.service.is_open)
        self.verify_button.setEnabled(self.service.is_open and health.state != "checking")

    @Slot()
    def _on_service_records_added(self) -> None:
        if self.model is not None:
            selected = self.detail.original_id
            self.model.refresh()
            self._load_choices()
            if selected is not None:
                self.show_record(selected, selected)

    @Slot(object)
    def _on_model_read_failed(self, error: LogError) -> None:
        self.service.report_error(error)
        self.count.setText(f"\u26a0 {words.error_headline(error)} {error.detail}")

    @Slot()
    def _on_import_clicked(self) -> None:
        import_pending_with_message(self.service, self)

    @Slot()
    def _on_verify_clicked(self) -> None:
        self.service.verify()

    @Slot()
    def _on_retry_clicked(self) -> None:
        self.open_log()

    @Slot()
    def _on_refresh_shortcut(self) -> None:
        if self.model is not None:
            self.model.refresh()
            self._load_choices()

    @Slot()
    def _on_find_shortcut(self) -> None:
        self.filters.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.text.selectAll()

    @Slot()
    def _on_export_clicked(self) -> None:
        from brightline.ui.contact_log.export_dialog import ExportDialog

        if self.service.is_open:
            dialog = ExportDialog(self.service, self.filters.current(), self)
            dialog.exec()
            dialog.deleteLater()

    @Slot()
    def _on_report_clicked(self) -> None:
        from brightline.ui.contact_log.report_dialog import AuditReportDialog

        if self.service.is_open:
            dialog = AuditReportDialog(self.service, self.filters.current(), self)
            dialog.exec()
            dialog.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.settings.sync()
        super().closeEvent(event)
