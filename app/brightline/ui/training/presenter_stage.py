"""What presenter mode shows below its bar, one view at a time and in large type: the narrative,
a question with its big numbered answers, the outcome reached, the debrief (citations opening
beside it), and the end of the set.

Nothing here takes the keyboard focus: the window's keys drive it, so a stray Space can never
choose an answer. Answers are chosen by a click or by their number only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brightline.core.model import Node, Pack, Scenario
from brightline.core.training import Result, TrainingSession
from brightline.ui.answer_button import AnswerButton
from brightline.ui.html import CITE_SCHEME
from brightline.ui.reference_panel import ReferencePanelWidget, make_browser
from brightline.ui.training.debrief_html import (
    debrief_html,
    debrief_refs,
    narrative_html,
    scaled_style,
    summary_html,
    verdict_line,
)
from brightline.ui.training.fit import DEBRIEF_SCALE, REFERENCE_SCALE, fit_narrative, fit_question
from brightline.ui.training.wording import RIGHT, SAME_RESPONSE, WRONG

NARRATIVE, QUESTION, REACHED, DEBRIEF, SUMMARY = range(5)
SPACING = 18
LARGEST = {"title": 44, "narrative": 52, "question": 56, "answer": 44}  # at 1920×1080


def _label(name: str, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def _scroll(*items: QWidget | QLayout) -> QScrollArea:
    """The items one under the other, top-aligned, scrolling when they do not fit."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(SPACING)
    for item in items:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(column)
    return scroll


class PresenterStageWidget(QStackedWidget):
    """The five views of presenter mode."""

    answer_clicked = Signal(int)
    """The trainer clicked answer number `n` (0-based)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterStage")
        self._pack: Pack | None = None
        self._debrief: tuple[Pack, Scenario, Result] | None = None
        self._sizes = dict(LARGEST)

        self.title = _label("presenterTitle")
        self.narrative = _label("presenterNarrative", rich=True)
        self.narrative_scroll = _scroll(self.title, self.narrative)

        self.question = _label("presenterQuestion")
        self._answers: list[AnswerButton] = []
        self._answers_layout = QVBoxLayout()
        self._answers_layout.setSpacing(SPACING)
        self.question_scroll = _scroll(self.question, self._answers_layout)

        self.reached = _label("presenterReached", rich=True)
        reached = QWidget()
        reached_layout = QVBoxLayout(reached)
        reached_layout.addStretch(1)
        reached_layout.addWidget(self.reached)
        reached_layout.addStretch(2)

        self.caption = _label("presenterCaption", rich=True)
        self.body = make_browser(self, "presenterDebrief")
        self.body.anchorClicked.connect(self._on_body_anchor_clicked)
        self.reference = ReferencePanelWidget()
        for widget in (self.body, self.reference.browser, *self.reference.findChildren(QPushButton)):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        debrief = QWidget()
        debrief_layout = QHBoxLayout(debrief)
        debrief_layout.setContentsMargins(0, 0, 0, 0)
        debrief_layout.setSpacing(24)
        left = QVBoxLayout()
        left.addWidget(self.caption)
        left.addWidget(self.body, 1)
        debrief_layout.addLayout(left, 2)
        debrief_layout.addWidget(self.reference, 1)

        self.summary = _label("presenterSummary", rich=True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_scroll = _scroll(self.summary)

        for page in (self.narrative_scroll, self.question_scroll, reached, debrief, self.summary_scroll):
            self.addWidget(page)

    # -- the views --------------------------------------------------------------------------------
    def show_narrative(self, scenario: Scenario) -> None:
        self.title.setText(" ".join(scenario.title.split()))
        self.narrative.setText(narrative_html(scenario.narrative))
        self.narrative_scroll.verticalScrollBar().setValue(0)
        self.setCurrentIndex(NARRATIVE)

    def show_question(self, node: Node, choices: list[str]) -> None:
        self.question.setText(" ".join(node.text.split()))
        while len(self._answers) < len(choices):
            button = AnswerButton(self)
            button.setObjectName("presenterAnswer")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(self._on_answer_clicked)
            self._answers_layout.addWidget(button)
            self._answers.append(button)
        for index, button in enumerate(self._answers):
            if index < len(choices):
                button.set_answer(index + 1, choices[index])
            button.setVisible(index < len(choices))
        self.question_scroll.verticalScrollBar().setValue(0)
        self.setCurrentIndex(QUESTION)

    def show_reached(self, outcome: Node) -> None:
        self.reached.setText(f"<p>The class\u2019s answers lead to:</p><p>{verdict_line(outcome)}</p>")
        self.setCurrentIndex(REACHED)

    def show_debrief(self, pack: Pack, scenario: Scenario, result: Result) -> None:
        self._pack = pack
        self._debrief = (pack, scenario, result)
        expected = pack.trees[scenario.tree].nodes[scenario.expected_outcome]
        if result.right_outcome:
            caption = f"{RIGHT} <b>Right.</b> The class reached the expected outcome: {verdict_line(expected)}"
        elif result.same_response_only:
            caption = (
                f"{SAME_RESPONSE} <b>The same response by another outcome.</b> The guide\u2019s answer: "
                f"{verdict_line(expected)}"
            )
        else:
            caption = f"{WRONG} <b>Not the expected outcome.</b> The guide\u2019s answer: {verdict_line(expected)}"
        self.caption.setText(caption)
        self.body.setHtml(debrief_html(pack, scenario, result, chooser="The class", headlines=False))
        self.reference.show_citations(pack, debrief_refs(pack, scenario))
        self.setCurrentIndex(DEBRIEF)

    def show_summary(self, session: TrainingSession) -> None:
        self.summary.setText(summary_html(session, "The class"))
        self.setCurrentIndex(SUMMARY)

    def answer_buttons(self) -> list[AnswerButton]:
        return [b for b in self._answers if not b.isHidden()]

    # -- type sizes and scrolling -------------------------------------------------------------------
    def fit(self, base: QFont, scale: float) -> dict[str, int]:
        """The largest type the view on show fits at (the others keep theirs); also sizes the
        debrief's documents for `scale`."""
        area = self.contentsRect()
        width, height = max(200, area.width() - 24), max(200, area.height())
        if self.currentIndex() == NARRATIVE:
            self._sizes["title"], self._sizes["narrative"] = fit_narrative(
                base, self.title.text(), self.narrative.text(), width, height, scale
            )
        elif self.currentIndex() == QUESTION:
            labels = [b.text() for b in self.answer_buttons()]
            self._sizes["question"], self._sizes["answer"] = fit_question(
                base, self.question.text(), labels, width, height, scale, SPACING
            )
        return dict(self._sizes)

    def scale_documents(self, scale: float) -> None:
        """Size the debrief and its citations for `scale` (the documents take it with new HTML)."""
        self.body.document().setDefaultStyleSheet(scaled_style(DEBRIEF_SCALE * scale))
        self.reference.browser.document().setDefaultStyleSheet(scaled_style(REFERENCE_SCALE * scale))
        if self.currentIndex() == DEBRIEF and self._debrief is not None:
            self.show_debrief(*self._debrief)

    def scroll_pages(self, pages: float) -> None:
        """Scroll the view on show by `pages` (a fraction of a page for the arrow keys)."""
        current = self.currentIndex()
        area: QAbstractScrollArea = {
            NARRATIVE: self.narrative_scroll,
            QUESTION: self.question_scroll,
            SUMMARY: self.summary_scroll,
        }.get(current, self.body)
        bar = area.verticalScrollBar()
        bar.setValue(bar.value() + round(pages * bar.pageStep()))

    @Slot()
    def _on_answer_clicked(self) -> None:
        sender = self.sender()
        for index, button in enumerate(self._answers):
            if button is sender:
                self.answer_clicked.emit(index)
                return

    @Slot(QUrl)
    def _on_body_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == CITE_SCHEME and self._pack is not None:
            self.reference.show_provision(self._pack, url.path())
