"""Setting up a training session: who, which pack, which set of scenarios, when to debrief, and
whether to play it alone or present it to a class."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brightline.core.catalogue import pack_order
from brightline.core.library import Library
from brightline.core.model import DIFFICULTIES, Pack
from brightline.core.training import choose_scenarios
from brightline.ui.pack_banner import PackBannerWidget
from brightline.ui.training.wording import NOT_IN_CONTACT_LOG
from brightline.ui.wording import pack_label

# Packs in force first, then templates, then proposals and demands (as the guide offers them).


@dataclass(frozen=True)
class TrainingPlan:
    """What the set-up page asks for."""

    trainee: str
    pack_id: str
    kind: str  # all | tree | difficulty | random (see brightline.core.training.choose_scenarios)
    value: str = ""
    count: int = 0
    debrief_each: bool = True  # else all debriefs at the end of the set


class SetupPage(QWidget):
    """Name, pack, set and debrief timing; start alone or present to a class."""

    start_requested = Signal(object)
    """The trainee asked to start self-paced training with this TrainingPlan."""

    present_requested = Signal(object)
    """The trainer asked to present this TrainingPlan to a class, full screen."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingSetupPage")
        self._library = library
        self._packs = sorted(
            (p for p in library.packs.values() if p.scenarios),
            key=lambda p: pack_order(p.manifest.status, p.manifest.name),
        )
        heading = QLabel("Training")
        heading.setObjectName("pageHeading")
        intro = QLabel(
            "Scenarios are played on the guide\u2019s own decision trees, so what is trained is what is used. "
            "Read each situation, then answer as you would at work: you see whether you were right only in "
            "the debrief. " + NOT_IN_CONTACT_LOG
        )
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setObjectName("traineeName")
        self.name.setPlaceholderText("Your name, or the class\u2019s name to present")
        self.name.setAccessibleName("Trainee name")
        self.name.returnPressed.connect(self._on_start_clicked)
        self.pack = QComboBox()
        self.pack.setObjectName("trainingPack")
        self.pack.setAccessibleName("Pack")
        for pack in self._packs:
            self.pack.addItem(f"{pack_label(pack.manifest)} \u2014 {len(pack.scenarios)} scenarios", pack.id)
        self.pack.currentIndexChanged.connect(self._on_pack_current_index_changed)
        self.banner = PackBannerWidget()

        self.every = QRadioButton("&Every scenario of the pack")
        self.by_tree = QRadioButton("One &situation:")
        self.tree = QComboBox()
        self.tree.setAccessibleName("Situation")
        self.by_difficulty = QRadioButton("One &difficulty:")
        self.difficulty = QComboBox()
        self.difficulty.setAccessibleName("Difficulty")
        self.random = QRadioButton("A rando&m set of")
        self.count = QSpinBox()
        self.count.setRange(1, 99)
        self.count.setValue(5)
        self.count.setAccessibleName("How many scenarios at random")
        self.kinds = QButtonGroup(self)
        for button in (self.every, self.by_tree, self.by_difficulty, self.random):
            self.kinds.addButton(button)
        self.every.setChecked(True)
        self.kinds.buttonToggled.connect(self._on_kinds_button_toggled)
        self.tree.currentIndexChanged.connect(self._on_choice_changed)
        self.difficulty.currentIndexChanged.connect(self._on_choice_changed)
        self.count.valueChanged.connect(self._on_choice_changed)
        self.set_size = QLabel()
        self.set_size.setObjectName("setSize")

        self.after_each = QRadioButton("After each scenario")
        self.at_end = QRadioButton("At the end of the set")
        self.after_each.setChecked(True)
        self.timing = QButtonGroup(self)
        self.timing.addButton(self.after_each)
        self.timing.addButton(self.at_end)

        self.problem = QLabel()
        self.problem.setObjectName("setupProblem")
        self.problem.setStyleSheet("color: #a63a00; font-weight: 600;")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.start = QPushButton("Start training")
        self.start.setObjectName("primaryButton")
        self.start.setAutoDefault(True)
        self.start.setToolTip("Play the set yourself (Enter)")
        self.start.clicked.connect(self._on_start_clicked)
        self.present = QPushButton("Present to a &class (full screen)")
        self.present.setObjectName("secondaryButton")
        self.present.setAutoDefault(True)
        self.present.setToolTip("Large type for a projector: the class votes, you click the answer")
        self.present.clicked.connect(self._on_present_clicked)

        form = QFormLayout()
        form.setSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        pack_label_ = QLabel("&Pack:")
        pack_label_.setBuddy(self.pack)
        form.addRow(name_label, self.name)
        form.addRow(pack_label_, self.pack)
        set_box = QVBoxLayout()
        set_box.setSpacing(6)
        set_box.addWidget(self.every)
        for radio, field, after in (
            (self.by_tree, self.tree, None),
            (self.by_difficulty, self.difficulty, None),
            (self.random, self.count, QLabel("scenarios")),
        ):
            row = QHBoxLayout()
            row.addWidget(radio)
            row.addWidget(field, 1 if after is None else 0)
            if after is not None:
                row.addWidget(after)
                row.addStretch(1)
            set_box.addLayout(row)
        set_box.addWidget(self.set_size)
        form.addRow(QLabel("Set:"), set_box)
        timing_box = QHBoxLayout()
        timing_box.addWidget(self.after_each)
        timing_box.addWidget(self.at_end)
        timing_box.addStretch(1)
        form.addRow(QLabel("Debrief:"), timing_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.present)
        buttons.addStretch(1)

        column = QWidget()
        column.setMaximumWidth(900)
        column.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(14)
        column_layout.addWidget(heading)
        column_layout.addWidget(intro)
        column_layout.addWidget(self.banner)
        column_layout.addLayout(form)
        column_layout.addWidget(self.problem)
        column_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(column)
        layout.addStretch(1)

        if not self._packs:
            self.pack.addItem("No loaded pack has training scenarios", "")
            for widget in (self.pack, self.start, self.present):
                widget.setEnabled(False)
        self._on_pack_current_index_changed(self.pack.currentIndex())

    # -- what the window calls -----------------------------------------------------------------
    def select_pack(self, pack_id: str) -> None:
        """Offer `pack_id` first (the pack open in the guide), if it has scenarios."""
        index = self.pack.findData(pack_id)
        if index >= 0:
            self.pack.setCurrentIndex(index)

    def focus_default(self) -> None:
        widget = self.name if not self.name.text().strip() else self.start
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def plan(self) -> TrainingPlan:
        """The plan as the page shows it now."""
        if self.by_tree.isChecked():
            kind, value = "tree", str(self.tree.currentData() or "")
        elif self.by_difficulty.isChecked():
            kind, value = "difficulty", str(self.difficulty.currentData() or "")
        elif self.random.isChecked():
            kind, value = "random", ""
        else:
            kind, value = "all", ""
        return TrainingPlan(
            trainee=" ".join(self.name.text().split()),
            pack_id=str(self.pack.currentData() or ""),
            kind=kind,
            value=value,
            count=self.count.value(),
            debrief_each=self.after_each.isChecked(),
        )

    def current_pack(self) -> Pack | None:
        return self._library.packs.get(str(self.pack.currentData() or ""))

    # -- internals ------------------------------------------------------------------------------
    def _set_size(self) -> int:
        pack = self.current_pack()
        plan = self.plan()
        size = len(choose_scenarios(pack, plan.kind, plan.value, plan.count)) if pack is not None else 0
        self.set_size.setText(f"{size} scenario{'s' if size != 1 else ''} in this set")
        return size

    def _checked_plan(self) -> TrainingPlan | None:
        plan = self.plan()
        if not plan.trainee:
            self._say("Enter the trainee\u2019s name (or the class\u2019s, to present).")
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        if self._set_size() == 0:
            self._say("This set has no scenarios; choose another.")
            return None
        self.problem.setVisible(False)
        return plan

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(True)

    @Slot(int)
    def _on_pack_current_index_changed(self, _index: int) -> None:
        pack = self.current_pack()
        self.banner.show_manifest(pack.manifest if pack else None)
        # Refilling the fields for another pack must not pick a kind of set (see _on_choice_changed).
        for field in (self.tree, self.difficulty, self.count):
            field.blockSignals(True)
        self.tree.clear()
        self.difficulty.clear()
        if pack is not None:
            counts: dict[str, int] = {}
            for scenario in pack.scenarios.values():
                counts[scenario.tree] = counts.get(scenario.tree, 0) + 1
            for tree_id in sorted(counts, key=lambda t: pack.trees[t].title.casefold()):
                self.tree.addItem(f"{pack.trees[tree_id].title} ({counts[tree_id]})", tree_id)
            for difficulty in DIFFICULTIES:
                n = sum(1 for s in pack.scenarios.values() if s.difficulty == difficulty)
                if n:
                    self.difficulty.addItem(f"{difficulty.capitalize()} ({n})", difficulty)
            self.count.setMaximum(max(1, len(pack.scenarios)))
            self.every.setText(f"&Every scenario of the pack ({len(pack.scenarios)})")
        for field in (self.tree, self.difficulty, self.count):
            field.blockSignals(False)
        self._set_size()

    @Slot()
    def _on_kinds_button_toggled(self) -> None:
        self._set_size()

    @Slot()
    def _on_choice_changed(self) -> None:
        # Choosing in a combo or the spin box picks its kind of set too.
        sender = self.sender()
        pairs = ((self.tree, self.by_tree), (self.difficulty, self.by_difficulty), (self.count, self.random))
        radio = next((r for field, r in pairs if field is sender), None)
        if radio is not None and not radio.isChecked():
            radio.setChecked(True)  # toggled → the size is set there
        else:
            self._set_size()

    @Slot()
    def _on_start_clicked(self) -> None:
        plan = self._checked_plan()
        if plan is not None:
            self.start_requested.emit(plan)

    @Slot()
    def _on_present_clicked(self) -> None:
        plan = self._checked_plan()
        if plan is not None:
            self.present_requested.emit(plan)
