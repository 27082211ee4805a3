"""The department's log window: every machine's records on the department's server, with the
machine's own filters plus machine and unit, and a record in full. Read-only: records are
corrected on the machine that logged them.

The connection is made, and every page read, on the worker thread (`calls`); until the server
answers the window says it is connecting, and when it cannot, why.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brightline.core.contact_log.wording import RecordWording
from brightline.core.library import Library
from brightline.ui.contact_log.detail_view import RecordDetailView
from brightline.ui.contact_log.filter_bar import LogFilterBarWidget
from brightline.ui.contact_log.style import chart_colours, log_style
from brightline.ui.contact_log.table_view import COLUMN_WIDTHS, ROW_HEIGHT, records_beside_detail
from brightline.ui.department.calls import BackgroundCalls
from brightline.ui.department.table_model import COLUMNS, TIME_COLUMN, DepartmentTableModel

if TYPE_CHECKING:
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.department.views import DepartmentLog
    from brightline.core.machine_config import MachineConfig


class DepartmentLogWindow(QWidget):
    """Browse and filter the department's log; read any record in full."""

    def __init__(self, config: MachineConfig, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("departmentLogWindow")
        name = config.department.name if config.department else "the department"
        self.setWindowTitle(f"Department log \u2014 {name} \u2014 Brightline")
        self.setStyleSheet(log_style())
        self.config = config
        self.library = library
        self.calls = BackgroundCalls(self)
        self.log: DepartmentLog | None = None
        self.model: DepartmentTableModel | None = None

        heading = QLabel(f"Department log: {name}")
        heading.setObjectName("logHeading")
        self.state = QLabel("Connecting to the department's server\u2026")
        self.state.setObjectName("logMuted")
        self.state.setWordWrap(True)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self._on_refresh_clicked)
        self.export_button = QPushButton("E&xport CSV\u2026")
        self.export_button.setToolTip("The records the filters show, every machine's, with each machine's chain head")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.report_button = QPushButton("Audit re&port\u2026")
        self.report_button.setToolTip(
            "The department's audit report as PDF: counts, machines, refusals, every chain checked"
        )
        self.report_button.clicked.connect(self._on_report_clicked)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        for button in (self.refresh_button, self.export_button, self.report_button):
            button.setObjectName("secondaryButton")
            button.setEnabled(button is self.refresh_button)
            top.addWidget(button)

        self.filters = LogFilterBarWidget()
        self.filters.filter_changed.connect(self._on_filters_changed)
        self.machine = QComboBox()
        self.machine.setAccessibleName("Machine")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        for combo, anything in ((self.machine, "Any machine"), (self.unit, "Any unit")):
            combo.addItem(anything, "")
            combo.activated.connect(self._on_choice_activated)
        places = QHBoxLayout()
        places.addWidget(QLabel("Machine"))
        places.addWidget(self.machine, 1)
        places.addWidget(QLabel("Unit"))
        places.addWidget(self.unit, 1)
        places.addStretch(2)

        self.table = QTableView()
        self.table.setObjectName("logTable")
        self.table.setAccessibleName("The department's contact records")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.wording = RecordWording(library.packs)
        self.detail = RecordDetailView(self.wording)
        for button in (self.detail.correct, self.detail.addendum):
            button.setVisible(False)  # corrected on the machine that logged it
        self.count = QLabel()
        self.count.setObjectName("logMuted")
        self.count.setWordWrap(True)
        splitter = records_beside_detail(self.table, self.count, self.detail)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.filters)
        layout.addLayout(places)
        layout.addWidget(splitter, 1)
        for sequence, slot in ((QKeySequence.StandardKey.Refresh, self._on_refresh_clicked), ("Esc", self.close)):
            QShortcut(QKeySequence(sequence), self, activated=slot)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(min(1200, screen.width()) if screen else 1200, min(760, screen.height()) if screen else 760)

    def open_log(self) -> None:
        """Connect (on the worker thread) and show the first page, unless connected already."""
        if self.log is not None:
            return
        config = self.config

        def work() -> object:
            from brightline.core.department.views import DepartmentLog

            log = DepartmentLog.open(config)
            return log, log.distinct("machine"), log.distinct("unit"), log.distinct("staff_name"), log.request_titles()

        self.state.setText("Connecting to the department's server\u2026")
        self.calls.call(work, self._on_opened, self._on_failed)

    def _on_opened(self, result: Any) -> None:
        log, machines, units, staff, titles = result
        self.log = log
        for combo, values in ((self.machine, machines), (self.unit, units)):
            for value in values:
                combo.addItem(value, value)
        self.filters.set_choices(staff, sorted(titles.items()))
        self.model = DepartmentTableModel(log, self.calls, self)
        self.model.count_changed.connect(self._on_model_count_changed)
        self.model.read_failed.connect(self._on_failed)
        self.table.setModel(self.model)
        for column, (_, local_column, _) in enumerate(COLUMNS):
            if local_column < len(COLUMN_WIDTHS):  # the machine's own table's widths; the machine's name 110
                self.table.setColumnWidth(column, 110 if local_column < 0 else COLUMN_WIDTHS[local_column])
        self.table.horizontalHeader().blockSignals(True)
        self.table.horizontalHeader().setSortIndicator(TIME_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().blockSignals(False)
        selection = self.table.selectionModel()
        assert selection is not None
        selection.currentRowChanged.connect(self._on_current_row_changed)
        where = self.config.server.host if self.config.server else ""
        self.state.setText(f"Read from the department's server ({where}); every machine's records as they arrived.")
        self.export_button.setEnabled(True)
        self.report_button.setEnabled(True)

    def _on_failed(self, error: BaseException) -> None:
        self.state.setText(f"\u26a0 {error}")

    def _current_filter(self) -> LogFilter | None:
        if self.model is None:
            return None
        return replace(
            self.filters.current(),
            machine=str(self.machine.currentData() or ""),
            unit=str(self.unit.currentData() or ""),
        )

    @Slot(object)
    def _on_filters_changed(self, _flt: object) -> None:
        flt = self._current_filter()
        if self.model is not None and flt is not None:
            self.model.set_filter(flt)

    @Slot(int)
    def _on_choice_activated(self, _index: int) -> None:
        self._on_filters_changed(None)

    @Slot(int, Qt.SortOrder)
    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self.model is not None:
            self.model.sort(column, order)

    @Slot()
    def _on_refresh_clicked(self) -> None:
        if self.model is None:
            self.open_log()
        else:
            self.model.refresh()

    @Slot()
    def _on_model_count_changed(self) -> None:
        if self.model is None:
            return
        n = self.model.matching
        self.count.setText(f"{n:,}{'' if self.model.exact else ' or more'} records match.")
        if n and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record_at(current.row()) if self.model is not None else None
        if record is None or self.log is None:
            self.detail.show_detail(None, 0)
            return
        log, original, selected, machine = self.log, record.draft.corrects or record.id, record.id, record.machine

        def work() -> object:
            return log.get(machine, original)

        self.calls.call(work, lambda detail: self.detail.show_detail(detail, selected), self._on_failed)  # type: ignore[arg-type]

    # -- exports and the audit report --------------------------------------------------------
    @Slot()
    def _on_export_clicked(self) -> None:
        out, _ = QFileDialog.getSaveFileName(self, "Export the department's records", "department.csv", "CSV (*.csv)")
        flt, log, config, wording = self._current_filter(), self.log, self.config, self.wording
        if not out or log is None or flt is None:
            return

        def work() -> object:
            from brightline.core.contact_log.exports import write_export
            from brightline.core.department.summary import export_header

            name = config.department.name if config.department else ""
            return write_export(log, Path(out), "csv", department=export_header(log, name), flt=flt, wording=wording)

        self.state.setText(f"Exporting to {out}\u2026")
        self.calls.call(
            work, lambda info: self.state.setText(f"\u2713 Exported {info.count:,} records to {out}."), self._on_failed
        )  # type: ignore[attr-defined]

    @Slot()
    def _on_report_clicked(self) -> None:
        out, _ = QFileDialog.getSaveFileName(
            self, "Save the department's audit report", "audit-report.pdf", "PDF (*.pdf)"
        )
        flt, log, config, wording = self._current_filter(), self.log, self.config, self.wording
        if not out or log is None or flt is None:
            return

        def work() -> object:
            from brightline.core.contact_log.exports import build_report
            from brightline.core.department.summary import department_summary
            from brightline.core.department.verify import verify_department

            check = verify_department(log)
            report = build_report(log, flt.date_from, flt.date_to, verify=False, wording=wording)
            name = config.department.name if config.department else ""
            summary = department_summary(log, name, flt.date_from, flt.date_to, check)
            return replace(report, verification=check.overall(), department=summary)

        def save(report: Any) -> None:
            from brightline.reports.pdf import write_report_pdf

            try:
                write_report_pdf(Path(out), report, chart_colours())
            except OSError as exc:
                self.state.setText(f"\u26a0 Cannot write {out}: {exc.strerror or exc}")
                return
            self.state.setText(f"\u2713 Audit report written to {out}: {report.contacts:,} contacts.")

        self.state.setText("Counting and checking every machine's records for the report\u2026")
        self.calls.call(work, save, self._on_failed)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        log, self.log, self.model = self.log, None, None
        self.table.setModel(None)
        if log is not None:
            self.calls.call(lambda: log.close(), lambda _result: None, lambda _error: None)
        super().closeEvent(event)
