"""Walking a situation in the real window: search, open, answer, go back, jump, restart, outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from brightline.ui.main_window import MainWindow
from ui.helpers import answer_labels, links_in, open_situation, press

FIRST_QUESTION = "Who signed the paper that asks you to keep the person in custody?"
SECOND_QUESTION = "Is the person due for release within the next hour?"


def test_type_to_search_then_enter_opens_the_situation(qtbot: QtBot, window: MainWindow) -> None:
    assert window.picker.visible_tree_ids() == ["detainer", "scene-assistance"]
    qtbot.keyClicks(window.picker.search, "backup")
    assert window.picker.visible_tree_ids() == ["scene-assistance"]
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.question
    assert window.walk_header.title() == "Agents at a scene ask for backup"
    assert window.question.question_text() == "What are the agents asking your officers to do?"


def test_search_with_no_match_says_so_and_escape_clears_it(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.picker.search, "zebra crossing")
    assert window.picker.visible_tree_ids() == []
    assert "No situation matches" in window.picker._empty.text()
    assert window.picker._empty.isVisible()
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Escape)
    assert window.picker.search.text() == ""
    assert len(window.picker.visible_tree_ids()) == 2


def test_arrow_down_from_search_then_enter_opens_the_highlighted_situation(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Down)
    assert window.picker.list.hasFocus()
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Return)
    assert window.walk_header.title() == "Agents at a scene ask for backup"


def test_a_click_on_a_situation_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    view = window.picker.list
    rect = view.visualRect(window.picker.proxy.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.walk_header.title() == "An ICE detainer (hold request) arrived"


def test_question_page_shows_question_hint_help_and_numbered_answers(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    question = window.question
    assert question.question_text() == FIRST_QUESTION
    assert question.progress_text() == "Question 1  \u00b7  at most 1 more question"
    assert question._hint.text() == "Look at the signature block at the bottom of the paper."
    assert answer_labels(window)[1:] == ["A judge or magistrate of a court", "Not sure"]
    assert question.answer_buttons()[0].accessibleName().startswith("Answer 1: An immigration officer")
    help_text = question.reference.text()
    assert "How to tell a judge's warrant from an ICE form" in help_text
    assert "Signs of an ICE form" in help_text and "A DHS or ICE heading" in help_text
    assert question.answer_buttons()[0].hasFocus()  # keyboard users can answer with Enter/Space too
    assert "none yet" in window.walk_header.breadcrumb._empty.text()


def test_answer_by_click_and_by_number_key(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    buttons = window.question.answer_buttons()
    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)  # "Not sure"
    assert window.question.question_text() == SECOND_QUESTION
    assert window.question.progress_text() == "Question 2  \u00b7  the last question"
    assert answer_labels(window) == ["Yes", "No"]
    assert not window.question.help_shown()  # no article: no empty panel taking the room
    press(qtbot, window, Qt.Key.Key_9)  # no ninth answer: nothing happens
    assert window.question.question_text() == SECOND_QUESTION
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.KeypadModifier)  # the number pad works too
    assert window.stack.currentWidget() is window.outcome
    assert "COMPLY, LIMITED" in window.outcome.banner.text()


def test_backspace_and_alt_left_go_back(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_1)
    assert window.stack.currentWidget() is window.outcome
    press(qtbot, window, Qt.Key.Key_Backspace)  # from the outcome back to its question
    assert window.stack.currentWidget() is window.question
    assert window.question.question_text() == SECOND_QUESTION
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.question.question_text() == FIRST_QUESTION
    assert not window.question._back.isEnabled()
    press(qtbot, window, Qt.Key.Key_Backspace)  # already at the first question: stays
    assert window.question.question_text() == FIRST_QUESTION


def test_keys_work_while_reading_the_help(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    window.question.reference.browser.setFocus()
    qtbot.keyClick(window.question.reference.browser, Qt.Key.Key_3)
    assert window.question.question_text() == SECOND_QUESTION
    window.question.reference.browser.setFocus()
    qtbot.keyClick(window.question.reference.browser, Qt.Key.Key_Backspace)
    assert window.question.question_text() == FIRST_QUESTION


def test_breadcrumb_shows_answers_and_jumps_back(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_3)
    crumbs = [c for c in window.walk_header.breadcrumb._crumbs if c.isVisible()]
    assert [c.text() for c in crumbs] == ["1. Not sure"]
    assert FIRST_QUESTION in crumbs[0].toolTip()
    qtbot.mouseClick(crumbs[0], Qt.MouseButton.LeftButton)
    assert window.question.question_text() == FIRST_QUESTION
    assert not any(c.isVisible() for c in window.walk_header.breadcrumb._crumbs)
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_1)  # the outcome lists the path with "change" links instead
    assert not window.walk_header.breadcrumb.isVisible()
    assert "1. Who signed the paper" in window.outcome.body.toPlainText()


def test_escape_restarts_the_situation(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.question.question_text() == FIRST_QUESTION
    press(qtbot, window, Qt.Key.Key_1)
    assert window.stack.currentWidget() is window.outcome
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.question
    assert window.question.question_text() == FIRST_QUESTION


def test_a_note_has_one_continue_answer_and_opens_its_citation(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_2)
    assert window.question.question_text() == "Verify the warrant with the issuing court before acting on it."
    assert answer_labels(window) == ["Continue"]
    assert "Practice note 1" in window.question._cites.text()
    window.question._cites.linkActivated.emit("cite:testville-ordinance:judge")
    assert "Judicial warrants are honoured" in window.question.reference.text()
    press(qtbot, window, Qt.Key.Key_1)
    assert "COMPLY" in window.outcome.banner.text()


def test_outcome_page_shows_verdict_do_dont_say_document_and_path(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    banner = window.outcome.banner.text()
    assert banner.startswith("\u2715 DECLINE \u2014 do not do it")  # a symbol and a word, not only colour
    assert "Do not keep the person past their release time on an ICE detainer." in banner
    assert "The policy requires a record of this contact" in window.outcome.record_note()
    body = window.outcome.body.toPlainText()
    for expected in (
        "Do\n",
        "Release the person when they would otherwise be released.",
        "Do not\n",
        "Do not hold the person past release, not even for a few hours.",
        "What to say",
        "Under Testville policy we do not hold people on immigration detainers.",
        "What to write down",
        "The form received, the date and time, and that the hold was declined.",
        "How you got here",
        FIRST_QUESTION,
        "An immigration officer (an ICE or DHS form",
    ):
        assert expected in body, expected
    cited = window.outcome.reference.text()
    assert "Section 3 \u2014 No holds on detainers (Testville Ord. 12)" in cited
    assert "Section 4 \u2014 Record every contact" in cited


def test_a_citation_opens_in_place_with_source_section_status_and_kind(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    panel = window.outcome.reference
    links_in(qtbot, panel.browser)
    qtbot.keyClick(panel.browser, Qt.Key.Key_Return)
    assert panel.shown_ref == "testville-ordinance:sec-3"
    text = panel.text()
    assert "No holds on detainers" in text
    assert "Section\tSection 3" in text or "Section 3" in text
    assert "Testville Ordinance 12 (immigration enforcement)" in text
    assert "adopted policy" in text
    assert "Verbatim quote" in text
    assert "Checked as of" in text and "2024-03-01" in text
    assert "shall not hold any person on the basis of an immigration detainer request" in text
    qtbot.mouseClick(panel._back, Qt.MouseButton.LeftButton)
    assert panel.shown_ref == ""
    assert "Section 4 \u2014 Record every contact" in panel.text()
    assert "verbatim document; text checked as of 2024-03-01" in panel.text()


def test_a_summary_is_labelled_as_our_words(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    panel = window.question.reference
    links_in(qtbot, panel.browser)  # the help article cites a summarised provision
    qtbot.keyClick(panel.browser, Qt.Key.Key_Return)
    assert "Summary in our words, not the official text (checked against the law)" in panel.text()
    assert "Practice note 1" in panel.text()


def test_change_link_on_the_path_goes_back_to_that_question(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_2)
    body = window.outcome.body
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_Tab)  # the first "change" link: step 1
    qtbot.keyClick(body, Qt.Key.Key_Return)
    assert window.question.question_text() == FIRST_QUESTION


def test_new_situation_and_ctrl_n_return_to_the_picker(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.mouseClick(window.outcome._new, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.picker
    assert not window.walk_header.isVisible()
    open_situation(qtbot, window, "backup")
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.picker


def test_save_as_pdf(qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "outcome"  # no suffix: ".pdf" is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF files (*.pdf)"))
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.mouseClick(window.outcome._pdf, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "outcome.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 5000


def test_print_prints_the_whole_outcome(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6 import QtPrintSupport
    from PySide6.QtWidgets import QDialog

    target = tmp_path / "printed.pdf"

    class AcceptingPrintDialog:  # the user picks "print to file" and presses Print
        def __init__(self, printer: QtPrintSupport.QPrinter, parent: object) -> None:
            printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))

        def setWindowTitle(self, title: str) -> None:  # noqa: N802
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", AcceptingPrintDialog)
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes().startswith(b"%PDF")
    printed = window.outcome.document_html()
    for expected in (
        "Guidance, not legal advice.",
        "Testville Police Department",
        "DECLINE",
        "The cited provisions",
        "shall not hold any person",
    ):
        assert expected in printed


def test_a_note_read_on_the_way_is_not_counted_as_an_answer(qtbot: QtBot, window: MainWindow) -> None:
    open_situation(qtbot, window, "detainer")
    press(qtbot, window, Qt.Key.Key_2)  # a judge signed: a note comes before the outcome
    assert window.question.progress_text().startswith("Before you go on")
    crumbs = [c.text() for c in window.walk_header.breadcrumb._crumbs if c.isVisible()]
    assert crumbs == ["1. A judge or magistrate of a court"]
    press(qtbot, window, Qt.Key.Key_1)  # Continue
    path = window.outcome.body.toPlainText()
    assert "1. Who signed the paper" in path
    assert "Note: Verify the warrant with the issuing court" in path and "2." not in path


def test_on_a_narrow_window_the_help_and_the_citations_open_on_demand(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(760, 700)  # 1280x800 at 150 % leaves about this
    open_situation(qtbot, window, "detainer")
    question = window.question
    qtbot.waitUntil(lambda: not question.help_shown())
    link = question._help_link
    assert link.isVisible()
    assert link.accessibleName() == "Show help: How to tell a judge's warrant from an ICE form"
    assert link.width() <= question.width()  # a long title wraps in a narrow column
    question._restart.setFocus()
    press(qtbot, window, Qt.Key.Key_Tab)
    assert link.hasFocus()  # after Start again, where the help is on a wide window
    press(qtbot, window, Qt.Key.Key_Return)
    assert question.help_shown() and "Signs of an ICE form" in question.reference.text()

    press(qtbot, window, Qt.Key.Key_1)
    outcome = window.outcome
    qtbot.waitUntil(lambda: not outcome.reference.isVisible())
    assert "Cited" in outcome.body.toPlainText()  # listed in the text instead
    outcome.body.anchorClicked.emit(QUrl("cite:testville-ordinance:sec-3"))
    assert outcome.reference.isVisible() and outcome.reference.shown_ref == "testville-ordinance:sec-3"
    qtbot.mouseClick(outcome.reference._back, Qt.MouseButton.LeftButton)
    assert not outcome.reference.isVisible()
