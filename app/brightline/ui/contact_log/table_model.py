"""The contact log as a table that pages from SQLite, so a million records open at once.

A new view (a filter, a sort, new records) shows its first page at once, with as much of the count
as the indexes tell in a few milliseconds (`ContactLog.first_page`): the exact count when it is
small, else "at least" so many. Counting every match (half a million entries of an index, or
every record with a common word) is done on a worker thread; until it arrives the table holds the
rows known so far, `count_is_exact` is false, and scrolling to the end fetches more
(`canFetchMore`/`fetchMore`); then the rest of the rows are added and `count_changed` is emitted.

The model reads only the pages the view paints (`ContactLog.query` with limit and offset, from the
nearer end: see `paging`), keeping the last few dozen. A page deep in the middle of a large view
takes SQLite most of a second; those are read on a worker thread once scrolling pauses, and their
cells fill in then. Sorting and filtering are done by SQLite through the log's indexes — a
QSortFilterProxyModel would have to read every record — so `sort` and `set_filter` start a new
view and drop the cached pages. Reads that fail (the file went away, a lock held for long) show as
empty cells and are reported once through `read_failed`, never raised into Qt's painting.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor
from shiboken6 import isValid

from brightline.ui.contact_log import words
from brightline.ui.contact_log.background import TaskRunner
from brightline.ui.contact_log.paging import View, read_page
from brightline.ui.verdicts import verdict_look

if TYPE_CHECKING:
    from brightline.core.contact_log.errors import LogError
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.contact_log.records import ContactRecord
    from brightline.core.contact_log.store import ContactLog

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The record's id (int) on every cell of its row."""

# (header, the log's sort key or "" when the log cannot sort by it)
COLUMNS = (
    ("#", "id"),
    ("Date and time", "contact_time"),
    ("Staff member", "staff"),
    ("Agency", ""),
    ("Request", "request_type"),
    ("Response", "verdict"),
    ("Document", "document"),
    ("Kind", ""),
)
ID, TIME, STAFF, AGENCY, REQUEST, RESPONSE, DOCUMENT, KIND = range(len(COLUMNS))
# A page is about two screens of rows: small pages make the first paint of a filter quick.
PAGE_SIZE = 64
KEPT_PAGES = 48
# Pages that SQLite reaches by stepping over at most this many rows are read at once (a few
# milliseconds); deeper ones are read on a worker thread once scrolling pauses.
SYNC_DEPTH = 25_000
LOAD_PAUSE_MS = 60
MAX_LOADS = 2
# Counted at once, from the indexes, up to this many matches (a few milliseconds); beyond it the
# table says "at least" and the exact count is made in the background.
COUNT_AT_ONCE = 50_000

_Index = QModelIndex | QPersistentModelIndex


def kind_text(record: ContactRecord) -> str:
    d = record.draft
    if d.kind == "correction":
        return f"Correction of #{d.corrects}"
    if d.kind == "addendum":
        return f"Addendum to #{d.corrects}"
    if d.kind == "redaction":
        return f"Redaction of #{d.corrects}"
    return "Record"


def cell_text(record: ContactRecord, column: int) -> str:
    d = record.draft
    if column == ID:
        return str(record.id)
    if column == TIME:
        return d.contact_time[:16].replace("T", " ")
    if column == STAFF:
        return d.staff_name
    if column == AGENCY:
        return d.agency
    if column == REQUEST:
        return d.request_title or d.request_type
    if column == RESPONSE:
        return verdict_look(d.verdict).word if d.verdict else ""
    if column == DOCUMENT:
        return d.document
    return kind_text(record)


class _CountJob:
    """A count running on a worker thread, which a newer view stops (a count of a million
    entries nobody waits for would hold up the one that is wanted)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._log: ContactLog | None = None
        self.cancelled = False

    def started(self, log: ContactLog) -> bool:
        """The worker opened `log` for the count; False when the count is no longer wanted."""
        with self._lock:
            self._log = None if self.cancelled else log
            return not self.cancelled

    def finished(self) -> None:
        with self._lock:
            self._log = None

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._log is not None:
                self._log.interrupt()


class ContactLogTableModel(QAbstractTableModel):
    """The records matching a LogFilter, sorted by the log, one page read at a time."""

    read_failed = Signal(object)
    """Reading the log failed (the LogError); the cells it would have filled stay empty."""

    count_changed = Signal()
    """More rows are known to match, or the count became exact (`count_is_exact`), without a reset."""

    def __init__(
        self,
        log: ContactLog,
        parent: QObject | None = None,
        *,
        runner: TaskRunner | None = None,
        page_size: int = PAGE_SIZE,
        sync_depth: int = SYNC_DEPTH,
        count_at_once: int | None = None,
    ) -> None:
        from brightline.core.contact_log.filters import LogFilter

        super().__init__(parent)
        self._log = log
        self._runner = runner
        self._page_size = page_size
        self._sync_depth = sync_depth
        self._count_at_once = COUNT_AT_ONCE if count_at_once is None else count_at_once
        self._filter = LogFilter()
        self._sort_key = "contact_time"
        self._sort_column = TIME
        self._descending = True
        self._pages: OrderedDict[int, list[ContactRecord]] = OrderedDict()
        self._failure: LogError | None = None
        self._generation = 0  # bumped on every reset: late pages of an old view are dropped
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._loading: set[int] = set()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(LOAD_PAUSE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._count = 0  # the rows the table has: every match when _complete, else those known
        self._complete = True
        self._counting: _CountJob | None = None
        self._show_first()

    # -- what is shown --------------------------------------------------------------------------
    @property
    def log(self) -> ContactLog:
        return self._log

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    @property
    def loading(self) -> bool:
        """Pages are being read on a worker thread (or wait to be)."""
        return bool(self._wanted or self._loading)

    @property
    def count_is_exact(self) -> bool:
        """Whether the table holds every matching record; else at least `rowCount()` match and
        the rest are being counted (`still_counting`) or could not be counted."""
        return self._complete

    @property
    def still_counting(self) -> bool:
        """Whether the exact count is being made now (False once it is known, or failed)."""
        return not self._complete and self._counting is not None

    def set_filter(self, flt: LogFilter) -> None:
        """Show the records matching `flt`."""
        if flt != self._filter:
            self._filter = flt
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` when the log can (the others keep the current order)."""
        if not 0 <= column < len(COLUMNS) or not COLUMNS[column][1]:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return
        self._sort_column, self._sort_key, self._descending = column, COLUMNS[column][1], descending
        self.refresh()  # every row moves: a reset, not a layout change with a million indexes

    def refresh(self) -> None:
        """Forget the pages read and show the first page again, counting anew (after a filter
        change or new records)."""
        self.beginResetModel()
        self._generation += 1
        self._pages.clear()
        self._wanted.clear()
        self._loading.clear()
        self._show_first()
        self.endResetModel()

    def record_at(self, row: int) -> ContactRecord | None:
        """The record shown in `row` (read now if its page is not held)."""
        if not 0 <= row < self._count:
            return None
        page = self._pages.get(row // self._page_size)
        if page is None:
            page = self._read(row // self._page_size)
        offset = row % self._page_size
        return page[offset] if offset < len(page) else None

    def row_of(self, record_id: int) -> int | None:
        """The row showing record `record_id`, if it is among the rows read (None otherwise: it is
        not looked for further, which would read the whole view)."""
        for number, page in self._pages.items():
            for offset, record in enumerate(page):
                if record.id == record_id:
                    return number * self._page_size + offset
        return None

    def _view(self) -> View:
        return View(self._filter, self._sort_key, self._descending, self._count, self._page_size, self._complete)

    # -- reading --------------------------------------------------------------------------------
    def _failed(self, error: LogError) -> None:
        # Never emit from inside data(): the view is painting. Tell it once the paint is over.
        if self._failure is None:
            self._failure = error
            QTimer.singleShot(0, self._on_timer_report_failure)

    @Slot()
    def _on_timer_report_failure(self) -> None:
        error, self._failure = self._failure, None
        if error is not None:
            self.read_failed.emit(error)

    def _show_first(self) -> None:
        """Read the first page and what the indexes tell of the count at once; count the rest
        on the worker thread (or here, when there is none)."""
        from brightline.core.contact_log.errors import LogError

        self._stop_counting()
        self._count, self._complete = 0, True
        try:
            page, so_far = self._log.first_page(
                self._filter,
                order_by=self._sort_key,
                descending=self._descending,
                limit=self._page_size,
                count_at_most=self._count_at_once,
            )
            count, exact = so_far.at_least, so_far.exact
            if not exact and self._runner is None:
                count, exact = self._log.count(self._filter), True
        except LogError as exc:
            self._failed(exc)
            return
        self._keep(0, page)
        self._count, self._complete = count, exact
        if not exact:
            self._start_counting()

    def _start_counting(self) -> None:
        from brightline.core.contact_log.store import ContactLog

        assert self._runner is not None
        job = self._counting = _CountJob()
        path, read_only, flt, generation = self._log.path, self._log.read_only, self._filter, self._generation

        def work() -> object:
            with ContactLog.open(path, create=False, read_only=read_only) as log:
                if not job.started(log):
                    return None
                try:
                    return generation, log.count(flt)
                finally:
                    job.finished()

        self._runner.run(work, self._on_count_done, partial(self._on_count_failed, job))

    def _stop_counting(self) -> None:
        if self._counting is not None:
            self._counting.cancel()
            self._counting = None

    def _on_count_done(self, result: object) -> None:
        if not isValid(self) or result is None:
            return
        assert isinstance(result, tuple)
        generation, total = result
        if generation != self._generation or self._complete:
            return  # the view changed while this was counted, or fetching reached the end
        self._counting = None
        self._resize(total)
        self._complete = True
        self.count_changed.emit()

    def _on_count_failed(self, job: _CountJob, error: BaseException) -> None:
        from brightline.core.contact_log.errors import LogError

        if not isValid(self) or job.cancelled or job is not self._counting:
            return  # stopped on purpose: the view changed
        self._counting = None
        if isinstance(error, LogError):
            self._failed(error)

    def _resize(self, total: int) -> None:
        """The table holds `total` rows: rows past the known ones are added at the end (the
        rows above keep their places: the order is the same, only more of it is known)."""
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        elif total < self._count:  # records cannot go, but a log edited by hand can shrink
            self.beginRemoveRows(QModelIndex(), total, self._count - 1)
            self._count = total
            self.endRemoveRows()

    def _keep(self, number: int, page: list[ContactRecord]) -> None:
        self._pages[number] = page
        self._pages.move_to_end(number)
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    def _read(self, number: int) -> list[ContactRecord]:
        """Read page `number` now, on this thread."""
        from brightline.core.contact_log.errors import LogError

        try:
            page = read_page(self._log, self._view(), number)
        except LogError as exc:
            self._failed(exc)
            page = []
        self._keep(number, page)
        return page

    def _cached(self, row: int) -> ContactRecord | None:
        """The record in `row` if its page is held; otherwise the page is read now when that is
        quick, or asked for on a worker thread (the cells fill in when it arrives)."""
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            if self._runner is None or self._view().depth(number) <= self._sync_depth:
                page = self._read(number)
            else:
                self._wanted[number] = None
                self._wanted.move_to_end(number)
                self._debounce.start()  # while the scroll bar is dragged, wait for it to stop
                return None
        offset = row % self._page_size
        return page[offset] if offset < len(page) else None

    @Slot()
    def _on_debounce_timeout(self) -> None:
        from brightline.core.contact_log.store import ContactLog

        assert self._runner is not None
        wanted = [n for n in self._wanted if n not in self._pages and n not in self._loading]
        self._wanted.clear()
        view, path, generation = self._view(), self._log.path, self._generation
        for number in wanted[-MAX_LOADS:]:  # the pages last painted: where the user stopped
            self._loading.add(number)

            def work(number: int = number) -> object:
                with ContactLog.open(path, create=False) as log:
                    return number, generation, read_page(log, view, number)

            self._runner.run(work, self._on_page_read, self._on_page_failed)

    def _on_page_read(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, tuple)
        number, generation, page = result
        if generation != self._generation:
            return  # the view changed while this page was read
        self._loading.discard(number)
        self._keep(number, page)
        first = number * self._page_size
        last = min(first + len(page), self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _on_page_failed(self, error: BaseException) -> None:
        from brightline.core.contact_log.errors import LogError

        if not isValid(self):
            return
        self._loading.clear()
        if isinstance(error, LogError):
            self._failed(error)

    # -- Qt's model interface -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def canFetchMore(self, parent: _Index) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: _Index) -> None:  # noqa: N802 (Qt's name)
        """The view reached the last row known while the count is being made: read the next page."""
        if parent.isValid() or self._complete:
            return
        from brightline.core.contact_log.errors import LogError

        number = self._count // self._page_size
        try:
            page = read_page(self._log, self._view(), number)
        except LogError as exc:
            self._failed(exc)
            return
        self._keep(number, page)
        known = number * self._page_size + len(page)
        self._resize(max(known, self._count))
        if len(page) < self._page_size:  # the end: every match is known
            self._stop_counting()
            self._complete = True
        self.count_changed.emit()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's signature)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if column == ID else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            RECORD_ID_ROLE,
        ):
            return None
        record = self._cached(index.row())
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole and column == ID:
                return "\u2026"  # being read
            return None
        if role == RECORD_ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == RESPONSE and record.draft.verdict:
                return QColor(verdict_look(record.draft.verdict).strong)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            d = record.draft
            if column == RESPONSE:
                return d.headline or None
            if column == DOCUMENT:
                return words.document_label(d.document)
            return None
        return cell_text(record, column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == Qt.ItemDataRole.ToolTipRole:
                return None if COLUMNS[section][1] else "The log is not sorted by this column"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
