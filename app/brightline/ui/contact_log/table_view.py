"""The table of contact records: whole rows, one at a time, sorted by clicking a heading.

Rows have one fixed height, so a million of them are never measured; Tab leaves the table as it
leaves every other field; a heading the log cannot sort by (agency, kind) leaves the order as it
was and puts the sort arrow back.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Slot
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from brightline.ui.contact_log.table_model import COLUMNS, TIME, ContactLogTableModel

COLUMN_WIDTHS = (78, 136, 120, 100, 190, 116, 90)  # the last column takes what is left
ROW_HEIGHT = 30


class ContactLogTableView(QTableView):
    """The records table over a ContactLogTableModel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logTable")
        self.setAccessibleName("Contact records")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 (Qt override)
        super().setModel(model)
        if isinstance(model, ContactLogTableModel):
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(TIME, Qt.SortOrder.DescendingOrder)  # as the model starts
            header.blockSignals(False)
            for column, width in enumerate(COLUMN_WIDTHS):
                self.setColumnWidth(column, width)

    @Slot(int, Qt.SortOrder)
    def _on_header_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        model = self.model()
        if not isinstance(model, ContactLogTableModel):
            return
        if COLUMNS[column][1]:
            model.sort(column, order)
            return
        header = self.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(model.sort_column, model.sort_order)
        header.blockSignals(False)


def records_beside_detail(table: QTableView, count: QLabel, detail: QWidget) -> QSplitter:
    """The records (with the count under them) on the left, the chosen record on the right: the
    body of the contact log's window and of the department's."""
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.addWidget(table, 1)
    left_layout.addWidget(count)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter
