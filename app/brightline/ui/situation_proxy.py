"""Filtering the situations as the user types, and ordering them: the user's own first, in groups.

The ranking itself is Qt-free (`brightline.core.search.SituationIndex`); this proxy only applies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from brightline.core.search import SituationIndex, SortKey
from brightline.ui.situation_model import (
    AUDIENCES_ROLE,
    CARD_ROLE,
    GROUP_ROLE,
    GROUP_START_ROLE,
    RELEVANT_ROLE,
    SituationModel,
)

if TYPE_CHECKING:
    from brightline.core.startcache.index import Situation

Index = QModelIndex | QPersistentModelIndex


class Card(NamedTuple):
    """What one card shows: the situation, whether it is the chosen audience's, and whether it
    starts its group (its heading goes above it)."""

    situation: Situation
    relevant: bool
    group_start: bool


class SituationProxyModel(QSortFilterProxyModel):
    """Shows the trees that match the query, the chosen audience's first, grouped: it ranks them
    and has its SituationModel show those, in that order; it adds the roles that depend on the
    audience and on the order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index = SituationIndex([])
        self._query = ""
        self._audience = ""
        self._cards: list[Card] = []  # one a row as shown, made once a refresh (cards are asked for often)
        self.setDynamicSortFilter(False)  # the order is the source model's
        self.modelReset.connect(self._forget_cards)

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
            self._cards = []  # who the cards are for changed, even where the rows did not
            self._refresh()

    def _refresh(self) -> None:
        index = self._index
        keys: dict[str, SortKey] = index.rank(self._query, self._audience)
        if index is not self._index:
            # The first search read the words, which loaded the library, which replaced the pack's
            # index (its files had changed): the newer one has been applied meanwhile.
            return
        source = self.sourceModel()
        if isinstance(source, SituationModel):
            source.show_only(sorted(keys, key=keys.__getitem__))

    def prepare(self) -> None:
        """Make the search's word index now, in idle time, rather than at the first key."""
        self._index.prepare()

    def card(self, row: int) -> Card | None:
        """The card in `row`: one call for all the delegate draws (rows are the source's rows:
        the proxy neither filters nor sorts)."""
        if not self._cards:
            self._make_cards()
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def _make_cards(self) -> None:
        source = self.sourceModel()
        if not isinstance(source, SituationModel):
            return
        group = None
        for row in range(source.rowCount()):
            situation = source.situation(row)
            assert situation is not None
            relevant = not self._audience or self._audience in situation.audiences
            self._cards.append(Card(situation, relevant, situation.group != group))
            group = situation.group

    def _forget_cards(self) -> None:
        self._cards = []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == CARD_ROLE and index.isValid():
            return self.card(index.row())
        if role == RELEVANT_ROLE and index.isValid():
            return not self._audience or self._audience in (super().data(index, AUDIENCES_ROLE) or [])
        if role == GROUP_START_ROLE and index.isValid():
            if index.row() == 0:
                return True
            return self.index(index.row() - 1, 0).data(GROUP_ROLE) != super().data(index, GROUP_ROLE)
        return super().data(index, role)
