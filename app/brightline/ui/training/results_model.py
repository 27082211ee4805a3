"""The results of a training session as a table model: one row per scenario played."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from brightline.core.model import Scenario
from brightline.core.training import Result
from brightline.ui.training.table_base import ColumnsTableModel
from brightline.ui.training.wording import duration, outcome_mark, path_mark, score_text

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("#", "Scenario", "Difficulty", "Outcome", "Path", "Score", "Time")


class SessionResultsModel(ColumnsTableModel):
    """Scenario, difficulty, outcome and path marks, score and time, in the order played."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Scenario, Result]] = []

    def set_results(self, rows: list[tuple[Scenario, Result]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        scenario, result = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(index.row() + 1),
                " ".join(scenario.title.split()),
                scenario.difficulty,
                outcome_mark(result.right_outcome, result.same_response_only),
                path_mark(result.right_path),
                score_text(result.points, result.max_points),
                duration(result.seconds),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return "Open its debrief (Enter or double-click)"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
