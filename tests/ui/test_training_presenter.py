"""Presenter mode: a whole set shown full screen to a class and driven from the keyboard (and a
click), large type, and the way out of full screen."""

# The fixtures imported from ui.test_training_support are redefined as test arguments, as pytest means.
# ruff: noqa: F811

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brightline.core.library import Library
from brightline.core.training import TrainingSession, choose_scenarios
from brightline.core.training_log import TrainingLog
from brightline.ui.training.presenter_window import DEBRIEF, NARRATIVE, QUESTION, REACHED, SUMMARY, PresenterWindow
from brightline.ui.training.training_window import TrainingWindow
from ui.test_training_support import (  # noqa: F401 (fixtures)
    ORDER,
    digit,
    training_library,
    training_log,
    training_root,
    training_window,
)


def present(qtbot: QtBot, window: TrainingWindow) -> PresenterWindow:
    window.setup.name.setText("Ana Ruiz")  # the last trainee's name, still in the form
    window.setup.class_name.setText("Class 3")
    window.setup.present.click()
    presenter = window.presenter
    assert presenter is not None
    qtbot.waitExposed(presenter)
    qtbot.waitUntil(presenter.isActiveWindow, timeout=2000)
    return presenter


def test_a_whole_set_presented_by_keyboard(
    qtbot: QtBot, training_window: TrainingWindow, training_log: TrainingLog
) -> None:
    p = present(qtbot, training_window)
    assert p.isFullScreen()
    press = lambda k, m=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(p, k, m)  # noqa: E731

    # 1. The narrative first; Space shows the question; a stray Space never answers it.
    assert p.stage_index() == NARRATIVE and "02:00 an I-247A" in p.stage.narrative.text()
    press(Qt.Key.Key_Space)
    assert p.stage_index() == QUESTION and len(p.answer_buttons()) == 3
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Return)
    assert p.stage_index() == QUESTION and p.session.walk is not None and not p.session.walk.steps
    press(digit(1))
    assert p.stage_index() == REACHED and "DECLINE" in p.stage.reached.text()
    press(Qt.Key.Key_Right)
    assert p.stage_index() == DEBRIEF and p.stage.caption.text().startswith("\u2713")
    assert "The class\u2019s answer" in p.stage.body.toPlainText()
    bar = p.stage.body.verticalScrollBar()
    if bar.maximum() > 0:  # a debrief longer than the screen scrolls with the arrow keys
        press(Qt.Key.Key_Down)
        assert bar.value() > 0
    assert len(training_log.records()) == 1  # kept as soon as it is scored
    press(Qt.Key.Key_Return)

    # 2. Back from the first question to the narrative, and on again; then two answers.
    assert p.stage_index() == NARRATIVE and "2 of 3" in p.where()
    press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Backspace)
    assert p.stage_index() == NARRATIVE and "back to the question" in p.prompt()
    press(Qt.Key.Key_Space)
    press(digit(3))
    press(digit(2), Qt.KeyboardModifier.KeypadModifier)
    assert "COMPLY, LIMITED" in p.stage.reached.text()
    press(Qt.Key.Key_Backspace)  # the trainer clicked the wrong one: change it
    press(digit(1))
    press(Qt.Key.Key_Enter)
    assert p.stage.caption.text().startswith("\u2713")
    press(Qt.Key.Key_Space)

    # 3. The trainer clicks the class's answer.
    press(Qt.Key.Key_Space)
    qtbot.mouseClick(p.answer_buttons()[0], Qt.MouseButton.LeftButton)  # help with the arrest: wrong
    press(Qt.Key.Key_Right)
    assert p.stage.caption.text().startswith("\u2717 <b>Not the expected outcome")
    assert "Where the class left the guide\u2019s path: at step 1" in p.stage.body.toPlainText()
    press(Qt.Key.Key_Right)

    assert p.stage_index() == SUMMARY and "The class scored 6 of 9 points (67%)" in p.stage.summary.text()
    with qtbot.waitSignal(p.presentation_ended):
        press(Qt.Key.Key_Return)
    assert training_window.presenter is None
    assert training_window.stack.currentWidget() is training_window.results
    records = training_log.records()
    assert [r.scenario_id for r in reversed(records)] == ORDER
    assert {(r.trainee, r.mode) for r in records} == {("Class 3", "presenter")}  # never Ana Ruiz's


def test_escape_leaves_full_screen_and_f11_returns(qtbot: QtBot, training_window: TrainingWindow) -> None:
    p = present(qtbot, training_window)
    assert p.keys_hint().endswith("Esc leave full screen")
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not p.isFullScreen(), timeout=2000)
    assert p.isVisible() and p.stage_index() == NARRATIVE
    assert p.keys_hint().endswith("F11 full screen")  # no longer offers to leave what it left
    qtbot.keyClick(p, Qt.Key.Key_F11)
    qtbot.waitUntil(p.isFullScreen, timeout=2000)
    assert p.keys_hint().endswith("Esc leave full screen")
    with qtbot.waitSignal(p.presentation_ended):
        qtbot.keyClick(p, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert training_window.stack.currentWidget() is training_window.setup  # nothing was played


def test_type_is_large_on_a_projector_and_a_long_narrative_scrolls(qtbot: QtBot, training_library: Library) -> None:
    pack = training_library.packs["testville"]
    session = TrainingSession(pack, choose_scenarios(pack, "difficulty", "medium"), "Class 3", "presenter")
    p = PresenterWindow(session)
    qtbot.addWidget(p)
    p.resize(1920, 1080)
    p.show()
    qtbot.waitExposed(p)
    sizes = p.font_sizes()
    # This narrative is long: its type is smaller than the largest (52 px) but stays 3% of the
    # screen's height or more, legible from the back of a classroom.
    assert 32 <= sizes["narrative"] < 52 and sizes["title"] >= 30
    assert p.stage.narrative.font().pixelSize() == sizes["narrative"]
    bar = p.stage.narrative_scroll.verticalScrollBar()
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow, timeout=2000)
    if bar.maximum() > 0:  # too long for the screen even so: it scrolls with the arrow keys
        qtbot.keyClick(p, Qt.Key.Key_PageDown)
        assert bar.value() > 0
    qtbot.keyClick(p, Qt.Key.Key_Space)
    assert p.font_sizes()["question"] >= 48 and p.answer_buttons()[0].font().pixelSize() >= 36
    p.resize(1280, 800)
    qtbot.waitUntil(lambda: p.font_sizes()["question"] < 48, timeout=2000)
    assert p.answer_buttons()[0].font().pixelSize() >= 24
    p.close()
