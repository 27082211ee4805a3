"""The contact log window (Ctrl+L): the log's health, filters, the table, a record in full, and
the ways out — corrections and addenda, exports, the audit report, entering saved records.

A window of its own beside the guide, so a supervisor can keep it open while walking a situation.
It opens as large as the screen allows (1240×760 at most). When the log cannot be opened, the
window says why and what to do instead of a table; when it can be read but not written (a
read-only folder or disk, a copy on a CD), it says so as it opens, and offers nothing that would
write: no correction, no addendum, no entering of saved records. It never claims what did not
happen. The guide in the main window is not affected either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brightline.core.contact_log.wording import RecordWording
from brightline.core.library import Library
from brightline.ui.contact_log import words
from brightline.ui.contact_log.detail_view import RecordDetailView
from brightline.ui.contact_log.filter_bar import LogFilterBarWidget
from brightline.ui.contact_log.form_parts import fit_to_screen
from brightline.ui.contact_log.save_messages import explain_not_logged, import_pending_with_message
from brightline.ui.contact_log.service import CHECKING, VERIFIED, WARNINGS, ContactLogService
from brightline.ui.contact_log.style import log_style
from brightline.ui.contact_log.table_model import ContactLogTableModel
from brightline.ui.contact_log.table_view import ContactLogTableView, records_beside_detail
from brightline.ui.settings import UiSettings

if TYPE_CHECKING:
    from brightline.core.contact_log.errors import LogError
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.contact_log.reading import RecordDetail

PREFERRED_SIZE = QSize(1240, 760)
BROWSE, BROKEN = 0, 1


class ContactLogWindow(QWidget):
    """The contact log: browse, filter, read, correct, export, report."""

    def __init__(
        self, service: ContactLogService, library: Library, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("contactLogWindow")
        self.setWindowTitle("Contact log \u2014 Brightline")
        self.setStyleSheet(log_style())
        self.service = service
        self.library = library
        self.settings = settings
        self.wording = RecordWording(library.packs)
        self.model: ContactLogTableModel | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._browse_page())
        self.pages.addWidget(self._broken_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(self._top_row())
        layout.addWidget(self._health_lines())
        layout.addWidget(self.pages, 1)
        self._add_shortcuts()
        service.health_changed.connect(self._on_service_health_changed)
        service.records_added.connect(self._on_service_records_added)
        self.resize(PREFERRED_SIZE)

    # -- building -------------------------------------------------------------------------------
    def _top_row(self) -> QHBoxLayout:
        """The heading, and what can be done with the whole log."""
        heading = QLabel("Contact log")
        heading.setObjectName("logHeading")
        self.import_button = QPushButton()
        self.import_button.setObjectName("primaryButton")
        self.import_button.clicked.connect(self._on_import_clicked)
        self.verify_button = QPushButton("&Verify again")
        self.verify_button.setToolTip("Check every record against its hash and the chain")
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.export_button = QPushButton("E&xport\u2026")
        self.export_button.setToolTip("Export records as CSV, JSON or PDF (Ctrl+E)")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.report_button = QPushButton("Audit re&port\u2026")
        self.report_button.setToolTip("Counts, charts and the chain check for a period (Ctrl+P)")
        self.report_button.clicked.connect(self._on_report_clicked)
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        for button in (self.import_button, self.verify_button, self.export_button, self.report_button):
            if button is not self.import_button:
                button.setObjectName("secondaryButton")
            row.addWidget(button)
        return row

    def _health_lines(self) -> QWidget:
        """Two lines, said apart: how the log checked out, and whether records can be added."""
        self.health = QLabel()
        self.health.setObjectName("logHealth")
        self.health.setWordWrap(True)
        self.health.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.write_notice = QLabel()
        self.write_notice.setObjectName("logHealth")
        self.write_notice.setProperty("look", "notice")
        self.write_notice.setWordWrap(True)
        self.write_notice.setVisible(False)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.health)
        layout.addWidget(self.write_notice)
        return box

    def _browse_page(self) -> QWidget:
        """Filters over the table, and the chosen record in full beside it."""
        self.filters = LogFilterBarWidget()
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filters.date_problem_changed.connect(self._on_filters_date_problem_changed)
        self.table = ContactLogTableView()
        self.detail = RecordDetailView(self.wording)
        self.detail.correction_requested.connect(self._on_detail_correction_requested)
        self.detail.addendum_requested.connect(self._on_detail_addendum_requested)
        self.count = QLabel()
        self.count.setObjectName("logMuted")
        self.count.setWordWrap(True)
        splitter = records_beside_detail(self.table, self.count, self.detail)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        return page

    def _broken_page(self) -> QWidget:
        """Why the log cannot be used, and Try again."""
        self.problem = QLabel()
        self.problem.setObjectName("formProblems")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton("&Try again")
        self.retry.setObjectName("primaryButton")
        self.retry.clicked.connect(self._on_retry_clicked)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.problem)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _add_shortcuts(self) -> None:
        for sequence, slot in (
            (QKeySequence.StandardKey.Find, self._on_find_shortcut),
            ("Ctrl+E", self._on_export_clicked),
            ("Ctrl+P", self._on_report_clicked),
            (QKeySequence.StandardKey.Refresh, self._on_refresh_shortcut),
            ("Esc", self.close),
        ):
            QShortcut(QKeySequence(sequence), self).activated.connect(slot)

    # -- opening --------------------------------------------------------------------------------
    def open_log(self) -> None:
        """Show the window on the log (opening it if need be), or say why it cannot be opened;
        find out at once whether records can be added."""
        log = self.service.log()
        self.service.check_writable()
        if log is None:
            self._show_problem()
        else:
            self.pages.setCurrentIndex(BROWSE)
            if self.model is None or self.model.log is not log:  # first time, or the log was reopened
                self._drop_model()
                self.model = ContactLogTableModel(log, self, runner=self.service.tasks)
                self.model.read_failed.connect(self._on_model_read_failed)
                self.model.count_changed.connect(self._on_model_count_changed)
                self.table.setModel(self.model)
                # After setModel: the view and its selection model reset themselves first, so the
                # row chosen here is not cleared again behind the detail pane's back.
                self.model.modelReset.connect(self._on_model_reset)
                selection = self.table.selectionModel()
                selection.currentRowChanged.connect(self._on_selection_current_row_changed)
            self._load_choices()
            self._on_model_reset()
        self._on_service_health_changed()
        if not self.isVisible():
            fit_to_screen(self, PREFERRED_SIZE)
        self.show()
        self.raise_()
        self.activateWindow()
        (self.table if self.model is not None else self.retry).setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_problem(self) -> None:
        """The log cannot be used: say why, instead of a table."""
        error = self.service.error
        health = self.service.health
        self.problem.setText(
            (words.error_text(error) if error is not None else "The contact log cannot be used.")
            + f"\n\nThe guide still works. {words.where_records_go(health.files_blocked)}"
        )
        self.pages.setCurrentIndex(BROKEN)
        self._drop_model()

    def _drop_model(self) -> None:
        if self.model is not None:
            self.table.setModel(None)
            self.model.deleteLater()
            self.model = None
        self.detail.show_detail(None, 0)

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

    # -- the table and the detail ---------------------------------------------------------------
    @Slot(object)
    def _on_filters_filter_changed(self, flt: LogFilter) -> None:
        if self.model is not None:
            self.model.set_filter(flt)

    @Slot(str)
    def _on_filters_date_problem_changed(self, _problem: str) -> None:
        self._on_model_count_changed()

    @Slot()
    def _on_model_reset(self) -> None:
        """New rows (a filter, a sort, new records): keep the record shown if it is still among
        them, else show the first; the highlight always marks the record in the detail pane."""
        if self.model is None:
            return
        self._on_model_count_changed()
        shown = self.detail.selected_id
        row = self.model.row_of(shown) if shown is not None else None
        self._select_row(row if row is not None else 0)

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
        problem = self.filters.date_problem()
        if problem:
            shown = f"{problem} It is left out of the filter.  {shown}"
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
        self.service.check_writable()
        base = follow_up_base(detail, kind, self.settings.staff_name, self.settings.staff_badge)
        dialog = RecordContactDialog(
            base,
            self.service.save,
            mode=kind,
            original_id=original_id,
            notice=words.save_notice(self.service.health),
            wording=self.wording,
            parent=self,
        )
        accepted = dialog.exec() == RecordContactDialog.DialogCode.Accepted
        result, draft = dialog.saved, dialog.draft()
        dialog.deleteLater()
        if not accepted or result is None:
            return
        if result.record is None:
            explain_not_logged(self, draft, result, self.wording)
        self.show_record(original_id, result.record.id if result.record else original_id)

    # -- health, pending records, exports ---------------------------------------------------------
    @Slot()
    def _on_service_health_changed(self) -> None:
        health = self.service.health
        if self.model is not None and not self.service.is_open:
            self._show_problem()  # the log failed while shown (damaged, gone)
        browsing = self.pages.currentIndex() == BROWSE
        look = "warning" if health.state in WARNINGS else "verified" if health.state == VERIFIED else "quiet"
        self._set_look(self.health, look)
        self.health.setText(health.text())
        self.health.setVisible(browsing)  # else the problem page says it all
        # What stops new records, said apart from the check: never "verified" inside a red box.
        self.write_notice.setText(f"\u26a0 {health.write_problem}" if health.write_problem else "")
        self.write_notice.setVisible(browsing and bool(health.write_problem))
        for button in (self.export_button, self.report_button):
            button.setEnabled(self.service.is_open)
        self.import_button.setText(f"E&nter {words.records(health.pending)} saved to enter later")
        self.import_button.setVisible(bool(health.pending) and self.service.is_open and health.can_add)
        self.verify_button.setEnabled(self.service.is_open and health.state != CHECKING)
        self.detail.set_writable(health.can_add, f"Records cannot be added to this log: {health.write_problem}")

    @staticmethod
    def _set_look(label: QLabel, look: str) -> None:
        if label.property("look") != look:
            label.setProperty("look", look)
            label.style().unpolish(label)
            label.style().polish(label)

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
            dialog = ExportDialog(self.service, self.filters.current(), self.library.packs, self)
            dialog.exec()
            dialog.deleteLater()

    @Slot()
    def _on_report_clicked(self) -> None:
        from brightline.ui.contact_log.report_dialog import AuditReportDialog

        if self.service.is_open:
            dialog = AuditReportDialog(self.service, self.filters.current(), self.library.packs, self)
            dialog.exec()
            dialog.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.settings.sync()
        super().closeEvent(event)
