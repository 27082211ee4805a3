"""The department's log as a table: pages read from the server on the worker thread (`calls`),
so a slow network never freezes the window.

A view (a filter, a sort) shows its first page and "at least N" from the indexes
(`DepartmentLog.first_page`); scrolling to the end fetches the next page (`canFetchMore` /
`fetchMore`). Results of a view that has since changed are dropped. The cells are those of the
machine's own log window (`contact_log.table_model.cell_text`), with the machine first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from brightline.ui.contact_log import table_model as local
from brightline.ui.department.calls import BackgroundCalls

if TYPE_CHECKING:
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.contact_log.records import ContactRecord
    from brightline.core.department.views import DepartmentLog

# (header, the column of the machine's own table it shows, the log's sort key or "")
COLUMNS = (
    ("Machine", -1, ""),
    ("#", local.ID, "id"),
    ("Date and time", local.TIME, "contact_time"),
    ("Staff member", local.STAFF, "staff"),
    ("Agency", local.AGENCY, ""),
    ("Request", local.REQUEST, "request_type"),
    ("Response", local.RESPONSE, "verdict"),
    ("Document", local.DOCUMENT, "document"),
    ("Kind", local.KIND, ""),
)
TIME_COLUMN = 2
PAGE_SIZE = 100
COUNT_AT_ONCE = 50_000

_Index = QModelIndex | QPersistentModelIndex


class DepartmentTableModel(QAbstractTableModel):
    """The records of a `DepartmentLog` for a filter and a sort, a page at a time."""

    count_changed = Signal()
    """How many records match became known (`matching`, `exact`)."""

    read_failed = Signal(object)
    """Reading from the server failed (the DepartmentError); the table keeps what it has."""

    def __init__(self, log: DepartmentLog, calls: BackgroundCalls, parent: QObject | None = None) -> None:
        from brightline.core.contact_log.filters import LogFilter

        super().__init__(parent)
        self._log = log
        self._calls = calls
        self._rows: list[ContactRecord] = []
        self._filter = LogFilter()
        self._sort_key = "contact_time"
        self._descending = True
        self._generation = 0
        self._more = False
        self._fetching = False
        self.matching = 0
        self.exact = True
        self.refresh()

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    def set_filter(self, flt: LogFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or not COLUMNS[column][2]:
            return
        self._sort_key, self._descending = COLUMNS[column][2], order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def refresh(self) -> None:
        """Show the first page of the view again (after a change of filter or sort, or on request)."""
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._more = False
        self._fetching = True
        self.endResetModel()
        generation, log, flt = self._generation, self._log, self._filter
        order, descending = self._sort_key, self._descending

        def work() -> object:
            return log.first_page(
                flt, order_by=order, descending=descending, limit=PAGE_SIZE, count_at_most=COUNT_AT_ONCE
            )

        self._calls.call(work, lambda result: self._on_first_page(generation, result), self._on_failed)

    def _on_first_page(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return
        page, so_far = result
        self._fetching = False
        self._append(page)
        self.matching, self.exact = so_far.at_least, so_far.exact
        self.count_changed.emit()

    def _append(self, page: list[ContactRecord]) -> None:
        self._more = len(page) == PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows += page
            self.endInsertRows()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008 (Qt's signature)
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008 (Qt's signature)
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, log, flt, offset = self._generation, self._log, self._filter, len(self._rows)
        order, descending = self._sort_key, self._descending

        def work() -> object:
            return log.query(flt, order_by=order, descending=descending, limit=PAGE_SIZE, offset=offset)

        self._calls.call(work, lambda page: self._on_page(generation, page), self._on_failed)

    def _on_page(self, generation: int, page: Any) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._append(page)
        if len(self._rows) > self.matching:
            self.matching = len(self._rows)
            self.count_changed.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._fetching = False
        self.read_failed.emit(error)

    def record_at(self, row: int) -> ContactRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- QAbstractTableModel --------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's signature)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record_at(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = COLUMNS[index.column()][1]
            return record.machine if column < 0 else local.cell_text(record, column)
        return None
