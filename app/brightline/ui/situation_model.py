"""The situations (trees) of the chosen pack as a list model: a thin adapter over the start index's
plain `Situation`s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from brightline.ui.wording import audiences_text

if TYPE_CHECKING:
    from brightline.core.startcache.index import Situation

# Custom roles, named once.
TREE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3
AUDIENCES_ROLE = Qt.ItemDataRole.UserRole + 4
# Provided by SituationProxyModel, which knows the audience and the order:
RELEVANT_ROLE = Qt.ItemDataRole.UserRole + 5  # bool: for the chosen audience
GROUP_START_ROLE = Qt.ItemDataRole.UserRole + 6  # bool: first row of its group as shown
CARD_ROLE = Qt.ItemDataRole.UserRole + 7  # Card: all a card shows, in one call (the delegate's)

Index = QModelIndex | QPersistentModelIndex


class SituationModel(QAbstractListModel):
    """One row per situation shown: title, group, summary and audiences. It shows the trees it was
    given, in their order, or those of them that a search matched, in the order of the match
    (`show_only`): ordering and leaving rows out here, in one reset, rather than in the proxy
    costs one Python call for the whole list instead of several a row (a sort compared hundreds
    of rows through Python at every key).

    No flags() of its own: the list model's (enabled, selectable, no children) are what it needs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._given: dict[str, Situation] = {}
        self._trees: list[Situation] = []

    def set_trees(self, trees: list[Situation]) -> None:
        """Show these trees (the chosen pack's), replacing the ones before."""
        self.beginResetModel()
        self._given = {tree.id: tree for tree in trees}
        self._trees = list(trees)
        self.endResetModel()

    def show_only(self, tree_ids: list[str]) -> None:
        """Show these of the trees given, in this order (ids not given are left out)."""
        trees = [self._given[tree_id] for tree_id in tree_ids if tree_id in self._given]
        if trees != self._trees:
            self.beginResetModel()
            self._trees = trees
            self.endResetModel()

    def situation(self, row: int) -> Situation | None:
        """The situation shown in `row` (None out of range)."""
        return self._trees[row] if 0 <= row < len(self._trees) else None

    def given_count(self) -> int:
        """How many trees were given, shown or not."""
        return len(self._given)

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
