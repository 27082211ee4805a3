"""Setting up a training session: which pack, which set of scenarios, when to debrief, and then
either a trainee plays it alone (filed under their name) or a trainer presents it to a class
(filed under the class's name, never a trainee's).

Enter starts self-paced training from anywhere on the form (from the class's name, it presents).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
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
from brightline.core.text import count_words
from brightline.core.training import choose_scenarios
from brightline.ui.contact_log.form_parts import caption
from brightline.ui.pack_banner import PackBannerWidget
from brightline.ui.training.wording import NOT_IN_CONTACT_LOG
from brightline.ui.wording import pack_label


@dataclass(frozen=True)
class TrainingPlan:
    """What the set-up page asks for."""

    trainee: str  # who the results are filed under: the trainee, or the class when presenting
    pack_id: str
    kind: str  # all | tree | difficulty | random (see brightline.core.training.choose_scenarios)
    value: str = ""
    count: int = 0
    debrief_each: bool = True  # else all debriefs at the end of the set


def default_class_name(now: datetime | None = None) -> str:
    """ "Class of 2026-12-07 14:05": what a presented set is filed under when no name is given."""
    return f"Class of {(now or datetime.now()):%Y-%m-%d %H:%M}"


class SetupPage(QWidget):
    """Pack, set and debrief timing; then a trainee starts alone or a trainer presents to a class."""

    start_requested = Signal(object)
    """The trainee asked to start self-paced training with this TrainingPlan."""

    present_requested = Signal(object)
    """The trainer asked to present this TrainingPlan to a class, full screen."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingSetupPage")
        self._library = library
        # Packs in force first, then templates, then proposals and demands (as the guide offers them).
        self._packs = sorted(
            (p for p in library.packs.values() if p.scenarios),
            key=lambda p: pack_order(p.manifest.status, p.manifest.name),
        )
        self._make_pack_choice()
        self._make_set_choice()
        self._make_people()
        column = QWidget()
        column.setMaximumWidth(900)
        column.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(14)
        for item in (self._heading(), self.banner, self._choices_form(), self.problem):
            if isinstance(item, QLayout):
                column_layout.addLayout(item)
            else:
                column_layout.addWidget(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(column)
        layout.addStretch(1)
        if not self._packs:
            self.pack.addItem("No loaded pack has training scenarios", "")
            for widget in (self.pack, self.start, self.present):
                widget.setEnabled(False)
        self._on_pack_current_index_changed(self.pack.currentIndex())

    # -- building -------------------------------------------------------------------------------
    def _heading(self) -> QVBoxLayout:
        heading = QLabel("Training")
        heading.setObjectName("pageHeading")
        intro = QLabel(
            "Scenarios are played on the guide\u2019s own decision trees, so what is trained is what is used. "
            "Read each situation, then answer as you would at work: you see whether you were right only in "
            "the debrief. " + NOT_IN_CONTACT_LOG
        )
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)
        box = QVBoxLayout()
        box.setSpacing(6)
        box.addWidget(heading)
        box.addWidget(intro)
        return box

    def _make_pack_choice(self) -> None:
        self.pack = QComboBox()
        self.pack.setObjectName("trainingPack")
        self.pack.setAccessibleName("Pack")
        self.pack.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pack.setMinimumContentsLength(24)
        for pack in self._packs:
            scenarios = count_words(len(pack.scenarios), "scenario")
            self.pack.addItem(f"{pack_label(pack.manifest)} \u2014 {scenarios}", pack.id)
        self.pack.currentIndexChanged.connect(self._on_pack_current_index_changed)
        self.banner = PackBannerWidget()

    def _make_set_choice(self) -> None:
        """Every scenario, one situation's, one difficulty's or a number at random; when to debrief."""
        self.every = QRadioButton("&Every scenario of the pack")
        self.by_tree = QRadioButton("One &situation:")
        self.tree = QComboBox()
        self.tree.setAccessibleName("Situation")
        self.tree.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tree.setMinimumContentsLength(20)
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

    def _choices_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(caption("&Pack:", self.pack), self.pack)
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
        for text, field, button in (("&Name:", self.name, self.start), ("Cl&ass:", self.class_name, self.present)):
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(field, 1)
            row.addWidget(button)
            form.addRow(caption(text, field), row)
        return form

    def _make_people(self) -> None:
        """Who plays: a trainee's name and Start, or a class's name and Present."""
        self.name = QLineEdit()
        self.name.setObjectName("traineeName")
        self.name.setPlaceholderText("Your name")
        self.name.setAccessibleName("Trainee name")
        self.class_name = QLineEdit()
        self.class_name.setObjectName("className")
        self.class_name.setPlaceholderText("e.g. Night shift, booking")
        self.class_name.setAccessibleName("Class name")
        self.class_name.setToolTip(
            f"The class's results are filed under this name; empty: \u201c{default_class_name()}\u201d"
        )
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
        self.problem = QLabel()
        self.problem.setObjectName("setupProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

    # -- what the window calls -----------------------------------------------------------------
    def select_pack(self, pack_id: str) -> None:
        """Offer `pack_id` first (the pack open in the guide), if it has scenarios."""
        index = self.pack.findData(pack_id)
        if index >= 0:
            self.pack.setCurrentIndex(index)

    def focus_default(self) -> None:
        widget = self.name if not self.name.text().strip() else self.start
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def plan(self, presenting: bool = False) -> TrainingPlan:
        """The plan as the page shows it now, filed under the trainee (or, `presenting`, the class)."""
        if self.by_tree.isChecked():
            kind, value = "tree", str(self.tree.currentData() or "")
        elif self.by_difficulty.isChecked():
            kind, value = "difficulty", str(self.difficulty.currentData() or "")
        elif self.random.isChecked():
            kind, value = "random", ""
        else:
            kind, value = "all", ""
        who = " ".join((self.class_name if presenting else self.name).text().split())
        return TrainingPlan(
            trainee=(who or default_class_name()) if presenting else who,
            pack_id=str(self.pack.currentData() or ""),
            kind=kind,
            value=value,
            count=self.count.value(),
            debrief_each=self.after_each.isChecked(),
        )

    def current_pack(self) -> Pack | None:
        return self._library.packs.get(str(self.pack.currentData() or ""))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Enter that no button took (a field, a drop-down, a choice, the number of scenarios)
        # starts; in the class's name, it presents. (A line edit passes Enter on after its
        # returnPressed, so Enter is handled here once, not there too.)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.start.isEnabled():
            if self.class_name.hasFocus():
                self._on_present_clicked()
            else:
                self._on_start_clicked()
            return
        super().keyPressEvent(event)

    # -- internals ------------------------------------------------------------------------------
    def _set_size(self) -> int:
        pack = self.current_pack()
        plan = self.plan()
        size = len(choose_scenarios(pack, plan.kind, plan.value, plan.count)) if pack is not None else 0
        self.set_size.setText(f"{count_words(size, 'scenario')} in this set")
        return size

    def _checked_plan(self, presenting: bool) -> TrainingPlan | None:
        plan = self.plan(presenting)
        if not plan.trainee:
            self._say("Enter your name to start (a class\u2019s name goes in Class, to present).")
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
        plan = self._checked_plan(presenting=False)
        if plan is not None:
            self.start_requested.emit(plan)

    @Slot()
    def _on_present_clicked(self) -> None:
        plan = self._checked_plan(presenting=True)
        if plan is not None:
            self.present_requested.emit(plan)
