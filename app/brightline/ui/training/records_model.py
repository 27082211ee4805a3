"""The training records as a table model: a thin adapter over plain TrainingRecords."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from brightline.core.model import Pack
from brightline.core.training_log import PRESENTED, TrainingRecord
from brightline.ui.training.table_base import ColumnsTableModel
from brightline.ui.training.wording import duration, local_time, outcome_mark, path_mark, question_text

Index = QModelIndex | QPersistentModelIndex

# Custom roles, named once.
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the TrainingRecord
TRAINEE_ROLE = Qt.ItemDataRole.UserRole + 2
PACK_ROLE = Qt.ItemDataRole.UserRole + 3  # pack id
SCENARIO_ROLE = Qt.ItemDataRole.UserRole + 4  # "pack/scenario"
SORT_ROLE = Qt.ItemDataRole.UserRole + 5  # a value that sorts (numbers as numbers)

COLUMNS = ("When", "Trainee", "Pack", "Scenario", "How", "Score", "Outcome", "Path", "Time", "First wrong answer")
WHEN, TRAINEE, PACK, SCENARIO, MODE, SCORE, OUTCOME, PATH, TIME, PARTED = range(len(COLUMNS))
MODE_WORDS = {"self-paced": "alone, in the window", "terminal": "alone, at a terminal", PRESENTED: "class, presented"}


def trainee_key(record: TrainingRecord) -> str:
    """Who a record is filed under, a class and a trainee of the same name kept apart."""
    return f"{'class' if record.presented else 'trainee'}:{record.trainee}"


def trainee_words(record: TrainingRecord) -> str:
    return f"{record.trainee} (class)" if record.presented else record.trainee


class TrainingRecordsModel(ColumnsTableModel):
    """One row per played scenario, newest first as the records give them."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[TrainingRecord] = []
        self._parted: list[str] = []
        self._pack_names: dict[str, str] = {}

    def set_records(self, records: list[TrainingRecord], packs: dict[str, Pack]) -> None:
        """Show these records; `packs` gives the words of the questions where trainees parted."""
        self.beginResetModel()
        self._records = list(records)
        self._pack_names = {pack_id: pack.manifest.name for pack_id, pack in packs.items()}
        self._parted = [
            question_text(packs.get(r.pack_id), r.tree_id, r.missed_node) if r.missed_node else "" for r in records
        ]
        self.endResetModel()

    def records(self) -> list[TrainingRecord]:
        return list(self._records)

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, index.row(), column)
        if role == SORT_ROLE:
            if column == SCORE:
                return record.points / record.max_points if record.max_points else 0.0
            if column == TIME:
                return record.seconds
            if column == WHEN:
                return record.played_at
            return self._display(record, index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PARTED and self._parted[index.row()]:
                return self._parted[index.row()]
            if column == SCENARIO:
                return f"{record.scenario_title} ({record.difficulty})"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SCORE, TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RECORD_ROLE:
            return record
        if role == TRAINEE_ROLE:
            return trainee_key(record)
        if role == PACK_ROLE:
            return record.pack_id
        if role == SCENARIO_ROLE:
            return f"{record.pack_id}/{record.scenario_id}"
        return None

    def _display(self, record: TrainingRecord, row: int, column: int) -> str:
        if column == WHEN:
            return local_time(record.played_at)
        if column == TRAINEE:
            return trainee_words(record)
        if column == PACK:
            return f"{self._pack_names.get(record.pack_id, record.pack_id)} {record.pack_version}"
        if column == SCENARIO:
            return record.scenario_title
        if column == MODE:
            return MODE_WORDS.get(record.mode, record.mode)
        if column == SCORE:
            return f"{record.points} of {record.max_points}"
        if column == OUTCOME:
            return outcome_mark(record.right_outcome, record.same_response_only)
        if column == PATH:
            return path_mark(record.right_path)
        if column == TIME:
            return duration(record.seconds)
        return self._parted[row]
