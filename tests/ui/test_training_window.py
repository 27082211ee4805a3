"""Self-paced training in the real window, driven from the keyboard: set-up, a whole set with the
debrief after each scenario or at the end, the results, and what is (and is not) recorded."""

# The fixtures imported from ui.test_training_support are redefined as test arguments, as pytest means.
# ruff: noqa: F811

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from brightline.core.library import Library
from brightline.core.training_log import TrainingLog
from brightline.ui.main_window import MainWindow
from brightline.ui.training.training_window import TrainingWindow
from ui.test_training_support import (  # noqa: F401 (fixtures)
    ORDER,
    digit,
    key,
    training_library,
    training_log,
    training_root,
    training_window,
)


def start(qtbot: QtBot, window: TrainingWindow, name: str = "Ana Ruiz") -> None:
    """Type the trainee's name where the window put the focus, and Enter."""
    assert window.setup.name.hasFocus()
    qtbot.keyClicks(window.setup.name, name)
    key(qtbot, Qt.Key.Key_Return)


def test_ctrl_t_in_the_guide_opens_training_on_the_guides_pack(
    qtbot: QtBot, open_window: Callable[..., MainWindow], training_library: Library, data_dir: Path
) -> None:
    guide = open_window(library=training_library)
    qtbot.keyClick(guide, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    training = guide._training
    assert isinstance(training, TrainingWindow)
    qtbot.waitExposed(training)
    assert training.setup.current_pack() is training_library.packs["testville"]
    assert guide.training_log == data_dir / "training.sqlite3"
    assert training.records.shown_records() == []
    qtbot.keyClick(guide, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert guide._training is training  # the same window, raised again


def test_a_whole_set_by_keyboard_with_a_debrief_after_each(
    qtbot: QtBot, training_window: TrainingWindow, training_log: TrainingLog, data_dir: Path
) -> None:
    w = training_window
    start(qtbot, w)
    scenario = w.scenario
    assert w.stack.currentWidget() is scenario and scenario.stage() == "reading"
    assert "02:00 an I-247A arrives" in scenario.narrative.toPlainText()
    assert scenario.begin.hasFocus()

    # 1. Right first time: the ICE form is declined.
    key(qtbot, Qt.Key.Key_Return)  # Begin
    assert scenario.stage() == "walking"
    assert scenario.question.question_text() == "Who signed the paper that asks you to keep the person in custody?"
    key(qtbot, digit(1))
    assert scenario.stage() == "reached" and "DECLINE" in scenario.banner.text()
    key(qtbot, Qt.Key.Key_Return)  # Submit
    assert w.stack.currentWidget() is w.debrief
    assert w.debrief.caption().startswith("\u2713 Right")
    assert "Score 3 of 3 points (100%)" in w.debrief.body.toPlainText()
    assert w.debrief.next.text() == "Next scenario \u2192" and w.debrief.next.hasFocus()
    key(qtbot, Qt.Key.Key_Return)

    # 2. Wrong: back once from the outcome reached, then still the wrong branch.
    assert scenario.stage() == "reading" and "signature block" in scenario.narrative.toPlainText()
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, digit(1))
    assert scenario.stage() == "reached"
    key(qtbot, Qt.Key.Key_Backspace)  # change an answer
    assert scenario.stage() == "walking"
    # The long narrative stays above the question, in a band of a third of the page at most.
    assert 80 <= scenario.narrative.height() <= scenario.height() // 3
    key(qtbot, digit(3))  # Not sure
    assert scenario.question.question_text() == "Is the person due for release within the next hour?"
    key(qtbot, digit(2), Qt.KeyboardModifier.KeypadModifier)  # No (the number pad works too)
    assert "COMPLY, LIMITED" in scenario.banner.text()
    key(qtbot, Qt.Key.Key_Return)
    debrief = w.debrief.body.toPlainText()
    assert w.debrief.caption().startswith("\u2717 Not the expected outcome")
    assert "ESCALATE" in w.debrief.banner.text()  # the expected outcome's banner
    assert "Score 0 of 3 points (0%) \u00b7 \u2717 wrong outcome \u00b7 \u2717 different path" in debrief
    assert "\u2717 left the guide\u2019s path here" in debrief and "\u2713 same" in debrief
    assert "Where you left the guide\u2019s path: at step 2" in debrief
    assert "parted" not in debrief
    assert "When you cannot tell who signed" in debrief  # the debrief point, with what to read
    key(qtbot, Qt.Key.Key_Return)

    # 3. Another tree; the scenario names no path, so the right outcome scores full marks.
    assert scenario.stage() == "reading"
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, digit(2))
    key(qtbot, Qt.Key.Key_Return)
    assert "Score 3 of 3 points (100%)" in w.debrief.body.toPlainText()
    assert w.debrief.next.text() == "See the results \u2192"
    key(qtbot, Qt.Key.Key_Return)

    assert w.stack.currentWidget() is w.results
    assert w.results.summary().startswith(
        "Score 6 of 9 points (67%) on all 3 scenarios of the set, from Testville Police Department"
    )
    assert w.results.model.rowCount() == 3
    records = training_log.records()
    assert [r.scenario_id for r in reversed(records)] == ORDER
    assert {(r.trainee, r.mode, r.pack_id, r.pack_version) for r in records} == {
        ("Ana Ruiz", "self-paced", "testville", "2.1")
    }
    assert records[1].missed_node == "release-soon" and records[1].path[-1] == "unsure-limited"
    # Training never touches the contact log.
    assert not (data_dir / "contact-log.sqlite3").exists()
    assert not [
        b.text()
        for b in w.findChildren(QAbstractButton)
        if "record" in b.text().casefold() and "contact" in b.text().casefold()
    ]


def test_debriefs_at_the_end_of_the_set(qtbot: QtBot, training_window: TrainingWindow) -> None:
    w = training_window
    w.setup.at_end.setChecked(True)
    w.setup.tree.setCurrentIndex(w.setup.tree.findData("detainer"))  # choosing a situation picks "one situation"
    assert w.setup.by_tree.isChecked() and w.setup.set_size.text() == "2 scenarios in this set"
    w.setup.name.setFocus()
    start(qtbot, w, "Ben Ode")
    for answers in ([1], [3, 1]):
        key(qtbot, Qt.Key.Key_Return)
        for answer in answers:
            key(qtbot, digit(answer))
        key(qtbot, Qt.Key.Key_Return)  # submitted: straight on, no debrief yet
    assert w.stack.currentWidget() is w.results
    assert w.results.summary().startswith("Score 6 of 6 points (100%) on both scenarios of the set")
    assert w.results.debriefs.hasFocus()
    key(qtbot, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.debrief
    assert w.debrief.next.text() == "Next debrief \u2192" and w.debrief.results.isVisibleTo(w)
    key(qtbot, Qt.Key.Key_Return)
    assert "A paper nobody can read" in w.debrief._title.text()
    assert w.debrief.next.text() == "Back to the results"
    key(qtbot, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.results
    w.results.table.selectRow(1)
    w.results.table.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # Enter on a row opens its debrief
    assert w.stack.currentWidget() is w.debrief and "A paper nobody can read" in w.debrief._title.text()


def test_set_up_needs_a_name_and_says_how_big_the_set_is(qtbot: QtBot, training_window: TrainingWindow) -> None:
    setup = training_window.setup
    assert setup.set_size.text() == "3 scenarios in this set"
    key(qtbot, Qt.Key.Key_Return)
    assert setup.problem.isVisibleTo(setup) and "name" in setup.problem.text()
    assert training_window.session is None and setup.name.hasFocus()
    setup.difficulty.setCurrentIndex(setup.difficulty.findData("hard"))
    assert setup.by_difficulty.isChecked() and setup.set_size.text() == "1 scenario in this set"
    setup.count.setValue(2)
    assert setup.random.isChecked() and setup.set_size.text() == "2 scenarios in this set"
    assert [setup.pack.itemData(i) for i in range(setup.pack.count())] == ["testville", "proposalville"]
    setup.pack.setCurrentIndex(1)
    assert "PROPOSED POLICY" in setup.banner.text()


def test_enter_starts_training_from_anywhere_on_the_set_up_form(qtbot: QtBot, training_window: TrainingWindow) -> None:
    setup = training_window.setup
    qtbot.keyClicks(setup.name, "Ana Ruiz")
    started: list[object] = []
    setup.start_requested.connect(started.append)
    for field in (setup.name, setup.pack, setup.difficulty, setup.count, setup.at_end):
        field.setFocus()
        key(qtbot, Qt.Key.Key_Return)
        assert training_window.stack.currentWidget() is training_window.scenario, type(field).__name__
        training_window.scenario._end.click()  # nothing played: back to the set-up
        assert training_window.stack.currentWidget() is setup
    assert len(started) == 5  # once each, never twice
    # Enter in the class's name presents it, filed under the class, and says nothing of a trainee.
    presented: list[object] = []
    setup.present_requested.disconnect()
    setup.present_requested.connect(presented.append)
    setup.class_name.setFocus()
    qtbot.keyClicks(setup.class_name, "Night shift")
    key(qtbot, Qt.Key.Key_Return)
    assert [plan.trainee for plan in presented] == ["Night shift"]  # type: ignore[attr-defined]
    assert not setup.problem.isVisibleTo(setup) and len(started) == 5


def test_a_citation_in_the_debrief_opens_beside_it(qtbot: QtBot, training_window: TrainingWindow) -> None:
    w = training_window
    start(qtbot, w)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, digit(2))  # a judge: the note, then continue
    key(qtbot, digit(1))
    key(qtbot, Qt.Key.Key_Return)
    assert "Note: Verify the warrant" in w.debrief.body.toPlainText()
    reference = w.debrief.reference
    assert "Record every contact" in reference.text()  # the debrief's citations, listed
    w.debrief.body.anchorClicked.emit(QUrl("cite:testville-ordinance:sec-3"))
    assert reference.shown_ref == "testville-ordinance:sec-3"
    assert "The Department shall not hold any person" in reference.text()


def test_going_back_and_starting_again_keep_the_clock_and_end_the_set_keeps_what_was_played(
    qtbot: QtBot, training_window: TrainingWindow, training_log: TrainingLog
) -> None:
    w = training_window
    start(qtbot, w)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, digit(3))
    key(qtbot, Qt.Key.Key_Escape)  # start the walk again
    assert w.scenario.question.question_text().startswith("Who signed")
    assert w.session is not None and w.session.walk is not None and not w.session.walk.steps
    key(qtbot, digit(1))
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return)  # next scenario
    w.scenario._end.click()
    assert w.stack.currentWidget() is w.results
    assert w.results.summary().startswith(
        "Score 3 of 3 points (100%) on 1 of the 3 scenarios in the set (the set was ended early)"
    )
    assert len(training_log.records()) == 1
    w._on_results_again_requested()
    assert w.stack.currentWidget() is w.setup and w.session is None
    w.setup.start.click()
    w.scenario._end.click()  # nothing played: back to the set-up
    assert w.stack.currentWidget() is w.setup


def test_a_result_that_cannot_be_saved_is_said_so(qtbot: QtBot, training_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "training.sqlite3"
    folder.mkdir()  # a folder where the file should be
    window = TrainingWindow(training_library, TrainingLog(folder))
    qtbot.addWidget(window)
    window.open_for("testville")
    window.setup.name.setText("Ana Ruiz")
    window.setup.start.click()
    window.scenario.begin.click()
    window.scenario.question.answer_chosen.emit(0)
    window.scenario.submit.click()
    assert window.problem.isVisibleTo(window) and "could not be saved" in window.problem.text()
    window.scenario.end_requested.emit()
    assert window.stack.currentWidget() is window.results
    assert "could not be saved" in window.results._saved.text()
    window.tabs.setCurrentIndex(1)
    assert window.records.problem.isVisibleTo(window.records)
    window.close()
