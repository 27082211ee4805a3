"""The end of a set: the total, one row per scenario, each debrief one Enter away."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brightline.core.text import count_words
from brightline.core.training import TrainingSession
from brightline.ui.training.results_model import SessionResultsModel
from brightline.ui.training.wording import NOT_IN_CONTACT_LOG, PRESENTER, duration, score_text


class ResultsPage(QWidget):
    """The results of the session just played."""

    debrief_requested = Signal(int)
    """The trainee asked for the debrief of the scenario in this row (0-based)."""

    again_requested = Signal()
    """The trainee asked to set up another session."""

    records_requested = Signal()
    """The trainer asked for the training records."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPage")
        self._heading = QLabel()
        self._heading.setObjectName("pageHeading")
        self._summary = QLabel()
        self._summary.setObjectName("resultsSummary")
        self._summary.setWordWrap(True)
        self._saved = QLabel()
        self._saved.setObjectName("pageIntro")
        self._saved.setWordWrap(True)
        self.model = SessionResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("sessionResults")
        self.table.setAccessibleName("Results of the set")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)
        self.debriefs = QPushButton("Go through the debriefs")
        self.debriefs.setObjectName("primaryButton")
        self.debriefs.setAutoDefault(True)
        self.debriefs.setToolTip("The debrief of each scenario in turn, from the row chosen")
        self.debriefs.clicked.connect(self._on_debriefs_clicked)
        again = QPushButton("Train again\u2026")
        again.setObjectName("secondaryButton")
        again.setAutoDefault(True)
        again.clicked.connect(self.again_requested)
        records = QPushButton("Training records")
        records.setObjectName("secondaryButton")
        records.setAutoDefault(True)
        records.clicked.connect(self.records_requested)
        actions = QHBoxLayout()
        for button in (self.debriefs, again, records):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self._heading)
        layout.addWidget(self._summary)
        layout.addWidget(self._saved)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def show_session(self, session: TrainingSession, saved: bool) -> None:
        """Show what `session` scored; `saved` says whether every result reached the records."""
        played = len(session.results)
        who = f"{session.trainee} (a class)" if session.mode == PRESENTER else session.trainee
        self._heading.setText(f"Results \u2014 {who}")
        if played == session.total:
            finished = {1: "the one scenario of the set", 2: "both scenarios of the set"}.get(
                played, f"all {played} scenarios of the set"
            )
        else:
            finished = f"{played} of the {count_words(session.total, 'scenario')} in the set (the set was ended early)"
        self._summary.setText(
            f"Score {score_text(session.points, session.max_points)} on {finished}, from "
            f"{session.pack.manifest.name}, in {duration(session.seconds)}."
            if played
            else "No scenario was finished."
        )
        self._saved.setText(
            NOT_IN_CONTACT_LOG if saved else "\u26a0 Some results could not be saved; see the message above."
        )
        self.model.set_results([(session.scenario_of(r), r) for r in session.results])
        self.debriefs.setEnabled(bool(played))
        if played:
            self.table.selectRow(0)

    def summary(self) -> str:
        return self._summary.text()

    def focus_default(self) -> None:
        target = self.debriefs if self.debriefs.isEnabled() else self.table
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.debrief_requested.emit(index.row())

    @Slot()
    def _on_debriefs_clicked(self) -> None:
        index = self.table.currentIndex()
        self.debrief_requested.emit(index.row() if index.isValid() else 0)
