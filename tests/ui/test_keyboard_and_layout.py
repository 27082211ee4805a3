"""Keyboard-only use (focus order, shortcuts) and long texts that wrap instead of being cut off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brightline.core.library import Library
from brightline.core.model import Option
from brightline.ui.contact_log.record_dialog import RecordContactDialog
from brightline.ui.main_window import MainWindow
from ui.helpers import open_situation, press
from ui.test_contact_log_support import OFFSCREEN_SIZE_HINTS, ModalWatcher

pytestmark = OFFSCREEN_SIZE_HINTS


def focus_chain(qtbot: QtBot, window: MainWindow, count: int) -> list[object]:
    chain = []
    for _ in range(count):
        chain.append(QApplication.focusWidget())
        press(qtbot, window, Qt.Key.Key_Tab)
    return chain


def test_the_window_opens_ready_to_type_a_search(window: MainWindow) -> None:
    assert window.picker.search.hasFocus()


def test_tab_goes_through_the_answers_then_back_restart_and_help(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    question = window.question
    buttons = question.answer_buttons()
    chain = focus_chain(qtbot, window, 4)  # question 1: Back is off, the help is beside it
    assert chain == [*buttons, question._restart]
    assert question.reference.browser.hasFocus()
    assert question.reference.browser.focused_link().startswith("cite:")  # one Tab reaches its link
    press(qtbot, window, Qt.Key.Key_3)  # question 2: Back is on, and there is no help to go to
    chain = focus_chain(qtbot, window, 4)
    assert chain == [*question.answer_buttons(), question._back, question._restart]


def test_enter_and_space_on_a_focused_answer_choose_it(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_Tab)  # to answer 2
    assert window.question.answer_buttons()[1].hasFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.question.question_text() == "Verify the warrant with the issuing court before acting on it."
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Enter)  # the number pad's
    assert window.question.question_text() == "Verify the warrant with the issuing court before acting on it."


def test_keys_alone_walk_from_the_search_past_a_note_to_the_record_form(qtbot: QtBot, window: MainWindow) -> None:
    assert window.picker.search.hasFocus()
    qtbot.keyClicks(window.picker.search, "detainer")
    press(qtbot, window, Qt.Key.Key_Return)  # the situation
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Return)  # answer 2: a judge signed; a note comes next
    assert window.question.progress_text().startswith("Before you go on")
    press(qtbot, window, Qt.Key.Key_Return)  # Continue
    assert window.stack.currentWidget() is window.outcome
    press(qtbot, window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # from the text back to Record
    assert window.outcome._record.hasFocus()
    modal = ModalWatcher()
    modal.on(RecordContactDialog, lambda dialog: dialog.reject())
    press(qtbot, window, Qt.Key.Key_Return)
    modal.check()


def test_ctrl_f_from_a_question_goes_to_the_search(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.picker
    assert window.picker.search.hasFocus()
    assert window.picker.search.selectedText() == "detainer"  # typing replaces the last search


def test_number_keys_type_into_the_search_field_not_answer(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.picker.search, "1373")
    assert window.picker.search.text() == "1373"
    assert window.stack.currentWidget() is window.picker


def test_record_comes_first_then_the_change_links_then_the_citations(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)  # an outcome that must be recorded
    outcome = window.outcome
    assert outcome._record.hasFocus()  # what the policy asks for next: Enter opens the form
    press(qtbot, window, Qt.Key.Key_Tab)
    assert outcome.body.hasFocus()  # on its first link, "change" beside answer 1
    assert outcome.body.focused_link() == "step:0"
    assert len(outcome.body.focused_link_rects()) == 1  # ringed in the accent colour, not a dotted box
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.question
    assert window.question.question_text() == "Who signed the paper that asks you to keep the person in custody?"


def test_outcome_focus_order_reaches_the_citations(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    outcome = window.outcome
    outcome.reference.browser.setFocus()
    press(qtbot, window, Qt.Key.Key_Tab)  # into the first citation link
    press(qtbot, window, Qt.Key.Key_Return)
    assert outcome.reference.shown_ref == "testville-ordinance:sec-3"


def test_long_questions_and_answers_wrap(
    qtbot: QtBot, open_window: Callable[..., MainWindow], fixture_library: Library
) -> None:
    pack = fixture_library.packs["testville"]
    tree = pack.trees["detainer"]
    long_label = "A judge or magistrate of a court, " * 12
    long_question = "Who signed the paper that asks you to keep the person in custody? " * 6
    start = tree.nodes["who-signed"]
    nodes = dict(tree.nodes)
    nodes["who-signed"] = replace(
        start, text=long_question, options=[Option(long_label, "hold-decline"), *start.options[1:]]
    )
    trees = dict(pack.trees)
    trees["detainer"] = replace(tree, nodes=nodes)
    library = replace(fixture_library, packs={"testville": replace(pack, trees=trees)})
    window = open_window(library)
    window.resize(1000, 700)
    open_situation(qtbot, window, "detainer")
    qtbot.wait(10)
    button = window.question.answer_buttons()[0]
    short = window.question.answer_buttons()[2]
    assert button.height() > 2 * short.height()  # several lines, not one cut-off line
    assert button.height() >= button.heightForWidth(button.width())  # room for all of its text
    column = button.parentWidget()
    assert button.geometry().right() <= column.width()  # nothing runs off to the right
    label = window.question._question
    assert label.wordWrap() and label.height() > 3 * label.fontMetrics().height()
