"""Item analysis as a table model: which questions trainees miss most, which scenarios are hardest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from brightline.core.training_log import ItemStat

Index = QModelIndex | QPersistentModelIndex

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the item's key: "tree/node" or "pack/scenario"
COLUMNS = ("Missed", "Of", "Miss rate")


class ItemStatModel(QAbstractTableModel):
    """One row per question or scenario, most missed first (as item_analysis orders them)."""

    def __init__(self, item_heading: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heading = item_heading
        self._items: list[tuple[ItemStat, str]] = []

    def set_items(self, items: list[tuple[ItemStat, str]]) -> None:
        """Show these (statistic, words for the item) pairs."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._items)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else 1 + len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        stat, words = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (words, str(stat.misses), str(stat.attempts), f"{round(100 * stat.miss_rate)}%")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"{words}\n({stat.key})"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KEY_ROLE:
            return stat.key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        headings = (self._heading, *COLUMNS)
        return headings[section] if 0 <= section < len(headings) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
