"""The trainer's view of the training records: the results, filtered by trainee (or class), pack
and scenario; an item analysis of what is shown (the questions answered wrongly most often, the
hardest scenarios); and exports of what is shown as CSV or PDF (the same files as `brightline
training export`).

A class's presented runs are filed under the class and marked so; they are left out of the item
analysis unless that class is chosen, and count towards no one's completion or certificate.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brightline.core.library import Library
from brightline.core.text import count_words
from brightline.core.training import write_training_csv
from brightline.core.training_log import TrainingLog, TrainingLogError, TrainingRecord, completion, item_analysis
from brightline.ui.contact_log.form_parts import caption
from brightline.ui.training.item_model import ItemStatModel
from brightline.ui.training.records_model import (
    PARTED,
    SCENARIO,
    WHEN,
    TrainingRecordsModel,
    trainee_key,
    trainee_words,
)
from brightline.ui.training.records_proxy import TrainingRecordsProxyModel
from brightline.ui.training.wording import NOT_IN_CONTACT_LOG, question_text

WIDE_COLUMN = 300  # at most, for scenario titles and questions


def _table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    return table


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelHeading")
    label.setWordWrap(True)
    label.setBuddy(buddy)
    return label


class TrainingRecordsView(QWidget):
    """Results, filters, item analysis and exports."""

    def __init__(self, library: Library, log: TrainingLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingRecordsView")
        self._library = library
        self._log = log
        heading = QLabel("Training records")
        heading.setObjectName("pageHeading")
        where = QLabel(f"Kept in {log.path}. {NOT_IN_CONTACT_LOG}")
        where.setObjectName("pageIntro")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setObjectName("recordsProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._results_table())
        splitter.addWidget(self._analysis())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(self.problem)
        layout.addLayout(self._filters())
        layout.addWidget(splitter, 1)
        layout.addLayout(self._exports())

    # -- building -------------------------------------------------------------------------------
    def _filters(self) -> QGridLayout:
        self.trainee = QComboBox()
        self.trainee.setAccessibleName("Trainee or class")
        self.pack = QComboBox()
        self.pack.setAccessibleName("Pack")
        self.scenario = QComboBox()
        self.scenario.setAccessibleName("Scenario")
        for combo, length in ((self.trainee, 12), (self.pack, 12), (self.scenario, 16)):
            combo.setMinimumContentsLength(length)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.count = QLabel()
        self.count.setObjectName("keysHint")
        # Two rows, so that the filters fit a small screen: who and which pack, then which scenario.
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        cells = (
            (0, 0, "Tr&ainee:", self.trainee, 1),
            (0, 2, "Pac&k:", self.pack, 1),
            (1, 0, "&Scenario:", self.scenario, 3),
        )
        for row, column, text, combo, span in cells:
            grid.addWidget(caption(text, combo), row, column)
            grid.addWidget(combo, row, column + 1, 1, span)
        grid.addWidget(self.count, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _results_table(self) -> QTableView:
        self.model = TrainingRecordsModel(self)
        self.proxy = TrainingRecordsProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table("trainingRecords", "Training results")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WHEN, Qt.SortOrder.DescendingOrder)  # newest first
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return self.table

    def _analysis(self) -> QWidget:
        """The questions answered wrongly most often, and the hardest scenarios, side by side."""
        self.questions = ItemStatModel("Question", self)
        self.scenarios = ItemStatModel("Scenario", self)
        self.questions_table = _table("missedQuestions", "Questions answered wrongly most often")
        self.questions_table.setModel(self.questions)
        self.scenarios_table = _table("hardestScenarios", "Hardest scenarios")
        self.scenarios_table.setModel(self.scenarios)
        analysis = QWidget()
        layout = QHBoxLayout(analysis)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        for heading, table in (
            ("Questions answered wrongly most often (each run\u2019s first wrong answer)", self.questions_table),
            ("Hardest scenarios (played without full marks)", self.scenarios_table),
        ):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            box = QVBoxLayout()
            box.setSpacing(4)
            box.addWidget(_caption(heading, table))
            box.addWidget(table, 1)
            layout.addLayout(box, 1)
        return analysis

    def _exports(self) -> QHBoxLayout:
        self.csv = QPushButton("Export CSV\u2026")
        self.pdf = QPushButton("Export PDF\u2026")
        for button, slot in ((self.csv, self._on_csv_clicked), (self.pdf, self._on_pdf_clicked)):
            button.setObjectName("secondaryButton")
            button.setAutoDefault(True)
            button.setToolTip(
                "The results shown, with what each trainee completed (the PDF: a certificate for each pack a "
                "trainee completed in full)"
            )
            button.clicked.connect(slot)
        self.exported = QLabel()
        self.exported.setObjectName("keysHint")
        self.exported.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.csv)
        row.addWidget(self.pdf)
        row.addWidget(self.exported, 1)
        return row

    # -- what the window calls -----------------------------------------------------------------
    def refresh(self) -> None:
        """Read the records again (keeping the filters where they still apply)."""
        try:
            records = self._log.records()
        except TrainingLogError as exc:
            records = []
            self.problem.setText(f"\u26a0 {exc}")
            self.problem.setVisible(True)
        else:
            self.problem.setVisible(False)
        self.model.set_records(records, self._library.packs)
        self._fill_filters(records)
        self._on_filter_changed()
        self.table.resizeColumnsToContents()
        # Long titles and questions are elided (the whole text is in their tooltips).
        for column in (SCENARIO, PARTED):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), WIDE_COLUMN))

    def shown_records(self) -> list[TrainingRecord]:
        return self.proxy.records()

    def focus_default(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- internals ------------------------------------------------------------------------------
    def _fill_filters(self, records: list[TrainingRecord]) -> None:
        # Trainees first, then classes, each alphabetically.
        people = sorted({(r.presented, r.trainee.casefold(), trainee_key(r), trainee_words(r)) for r in records})
        packs = sorted({r.pack_id for r in records})
        several = len(packs) > 1  # the same scenario may be played in a pack and in one that extends it
        scenarios = sorted(
            {
                (
                    f"{r.pack_id}/{r.scenario_id}",
                    f"{r.scenario_title} ({self._pack_name(r.pack_id)})" if several else r.scenario_title,
                )
                for r in records
            },
            key=lambda s: s[1].casefold(),
        )
        for combo, everything, items in (
            (self.trainee, "All trainees and classes", [(key, words) for _, _, key, words in people]),
            (self.pack, "All packs", [(p, self._pack_name(p)) for p in packs]),
            (self.scenario, "All scenarios", scenarios),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for key, text in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(0, combo.findData(kept)))
            combo.blockSignals(False)

    def _pack_name(self, pack_id: str) -> str:
        pack = self._library.packs.get(pack_id)
        return pack.manifest.name if pack is not None else pack_id

    def _question_words(self, key: str) -> str:
        tree_id, _, node_id = key.partition("/")
        chosen = self._library.packs.get(str(self.pack.currentData() or ""))
        packs = [chosen] if chosen is not None else []
        packs += [p for p in self._library.packs.values() if tree_id in p.trees]
        for pack in packs:
            words = question_text(pack, tree_id, node_id)
            if words != key:
                return words
        return key

    @Slot()
    def _on_filter_changed(self) -> None:
        chosen = str(self.trainee.currentData() or "")
        self.proxy.set_trainee(chosen)
        self.proxy.set_pack(str(self.pack.currentData() or ""))
        self.proxy.set_scenario(str(self.scenario.currentData() or ""))
        shown = self.proxy.records()
        self.count.setText(f"{len(shown)} of {count_words(self.model.rowCount(), 'result')}")
        # A class's votes are not a trainee's answers: analysed only when that class is chosen.
        analysed = shown if chosen.startswith("class:") else [r for r in shown if not r.presented]
        questions, scenarios = item_analysis(analysed)
        # An item no one missed says nothing about difficulty; list only the missed ones.
        self.questions.set_items([(q, self._question_words(q.key)) for q in questions if q.misses])
        self.scenarios.set_items([(s, s.label) for s in scenarios if s.misses])
        for button in (self.csv, self.pdf):
            button.setEnabled(bool(shown))

    def _export_path(self, kind: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"brightline-training.{kind}")
        name, _ = QFileDialog.getSaveFileName(
            self, f"Export training records as {kind.upper()}", suggested, f"{kind.upper()} files (*.{kind})"
        )
        if not name:
            return None
        return Path(name) if name.lower().endswith(f".{kind}") else Path(f"{name}.{kind}")

    def _export(self, kind: str) -> None:
        from brightline.ui.contact_log.words import os_error_words

        path = self._export_path(kind)
        if path is None:
            return
        records = self.proxy.records()
        packs = self._library.packs
        table = completion(records, {pid: sorted(p.scenarios) for pid, p in packs.items()})
        try:
            if kind == "csv":
                write_training_csv(path, records, table)
            else:
                from brightline.reports.training_pdf import write_training_pdf  # loads Qt's PDF writer only when asked

                write_training_pdf(path, records, table, {pid: p.manifest.name for pid, p in packs.items()})
        except OSError as exc:
            self.exported.setText(f"\u26a0 {path} could not be written: {os_error_words(exc)}")
            return
        self.exported.setText(
            f"Wrote {path} ({count_words(len(records), 'result')}, {count_words(len(table), 'trainee')})."
        )

    @Slot()
    def _on_csv_clicked(self) -> None:
        self._export("csv")

    @Slot()
    def _on_pdf_clicked(self) -> None:
        self._export("pdf")
