"""Filtering and sorting the training records: by trainee, pack and scenario (any mix)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from brightline.core.training_log import TrainingRecord
from brightline.ui.training.records_model import PACK_ROLE, RECORD_ROLE, SCENARIO_ROLE, SORT_ROLE, TRAINEE_ROLE

Index = QModelIndex | QPersistentModelIndex


class TrainingRecordsProxyModel(QSortFilterProxyModel):
    """The records that match every filter set ("" matches all); sorts on SORT_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filters = {TRAINEE_ROLE: "", PACK_ROLE: "", SCENARIO_ROLE: ""}
        self.setSortRole(SORT_ROLE)

    def set_trainee(self, trainee: str) -> None:
        self._set(TRAINEE_ROLE, trainee)

    def set_pack(self, pack_id: str) -> None:
        self._set(PACK_ROLE, pack_id)

    def set_scenario(self, key: str) -> None:
        """Only the scenario `key` ("pack/scenario")."""
        self._set(SCENARIO_ROLE, key)

    def _set(self, role: int, value: str) -> None:
        if self._filters[role] == value:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+, where invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self._filters[role] = value
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._filters[role] = value
            self.invalidateRowsFilter()

    def records(self) -> list[TrainingRecord]:
        """The records that pass the filters, in the order shown."""
        return [self.index(row, 0).data(RECORD_ROLE) for row in range(self.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt override)
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return all(not wanted or model.data(index, role) == wanted for role, wanted in self._filters.items())
