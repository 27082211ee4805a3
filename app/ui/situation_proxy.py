"""Filtering the situations as the user types, and ordering them: the user's own first, in groups.

The ranking itself is Qt-free (`app.core.search.SituationIndex`); this proxy only applies it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from app.core.search import SituationIndex, SortKey
from app.ui.qt_values import DISPLAY_ROLE
from app.ui.situation_model import AUDIENCES_ROLE, GROUP_ROLE, GROUP_START_ROLE, RELEVANT_ROLE, TREE_ID_ROLE

Index = QModelIndex | QPersistentModelIndex


class SituationProxyModel(QSortFilterProxyModel):
    """Shows the trees that match the query, the chosen audience's first, grouped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index = SituationIndex([])
        self._query = ""
        self._audience = ""
        self._keys: dict[str, SortKey] = {}
        self.setDynamicSortFilter(False)  # the keys change only when we say so

    @property
    def query(self) -> str:
        return self._query

    def set_index(self, index: SituationIndex) -> None:
        """Use the search index of a newly chosen pack (after the source model was reset)."""
        self._index = index
        self._refresh()

    def set_query(self, query: str) -> None:
        if query != self._query:
            self._query = query
            self._refresh()

    def set_audience(self, audience: str) -> None:
        if audience != self._audience:
            self._audience = audience
            self._refresh()

    def _refresh(self) -> None:
        self._keys = self._index.rank(self._query, self._audience)
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt override)
        tree_id = self.sourceModel().index(source_row, 0, source_parent).data(TREE_ID_ROLE)
        return tree_id in self._keys

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 (Qt override)
        return self._keys[left.data(TREE_ID_ROLE)] < self._keys[right.data(TREE_ID_ROLE)]

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if role == RELEVANT_ROLE and index.isValid():
            return not self._audience or self._audience in (super().data(index, AUDIENCES_ROLE) or [])
        if role == GROUP_START_ROLE and index.isValid():
            if index.row() == 0:
                return True
            return self.index(index.row() - 1, 0).data(GROUP_ROLE) != super().data(index, GROUP_ROLE)
        return super().data(index, role)
