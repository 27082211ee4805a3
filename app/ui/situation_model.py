"""The situations (trees) of the chosen pack as a list model: a thin adapter over plain Trees."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.core.model import Tree
from app.ui.wording import audiences_text

# Custom roles, named once.
TREE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3
AUDIENCES_ROLE = Qt.ItemDataRole.UserRole + 4
# Provided by SituationProxyModel, which knows the audience and the order:
RELEVANT_ROLE = Qt.ItemDataRole.UserRole + 5  # bool: for the chosen audience
GROUP_START_ROLE = Qt.ItemDataRole.UserRole + 6  # bool: first row of its group as shown

Index = QModelIndex | QPersistentModelIndex


class SituationModel(QAbstractListModel):
    """One row per tree: title, group, summary and audiences."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._trees: list[Tree] = []

    def set_trees(self, trees: list[Tree]) -> None:
        """Show these trees (the chosen pack's), replacing the ones before."""
        self.beginResetModel()
        self._trees = list(trees)
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._trees)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._trees):
            return None
        tree = self._trees[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return tree.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tree.summary
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{tree.title}. {tree.summary} For: {audiences_text(tree.audiences)}."
        if role == TREE_ID_ROLE:
            return tree.id
        if role == GROUP_ROLE:
            return tree.group
        if role == SUMMARY_ROLE:
            return tree.summary
        if role == AUDIENCES_ROLE:
            return list(tree.audiences)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
