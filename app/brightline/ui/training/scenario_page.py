"""One training scenario: the narrative first, then the walk on the guide's own question page,
then the outcome the answers reached, to submit for scoring (or go back and change an answer).

The trainee never sees the expected answer here. The narrative stays on screen above the
questions, so it can be read again while answering.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brightline.core.training import TrainingSession
from brightline.core.walk import WalkError
from brightline.ui.html import STYLE
from brightline.ui.question_page import QuestionPage
from brightline.ui.reference_panel import make_browser
from brightline.ui.training.debrief_html import narrative_html
from brightline.ui.verdict_banner import VerdictBannerWidget

NARRATIVE_STYLE = STYLE + "body { font-size: 18px; } p { line-height: 140%; }"


def _label(name: str, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class ScenarioPage(QWidget):
    """Reads a scenario, walks its tree and hands in the outcome reached."""

    walk_submitted = Signal()
    """The trainee submitted the outcome their walk reached: the session can score it."""

    end_requested = Signal()
    """The trainee asked to stop the set here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioPage")
        self._session: TrainingSession | None = None
        # While reading, the narrative has the page and Begin sits under it; then the walk
        # takes the page and the narrative stays above it as a band.
        self.stages = QStackedWidget()
        self.stages.addWidget(self._walk_stage())
        self.stages.addWidget(self._reached_stage())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._top_row())
        layout.addWidget(self._narrative_view(), 1)  # up to its maximum height, set to fit the text
        layout.addWidget(self._begin_stage())
        layout.addWidget(self.stages, 1)
        self.stages.setVisible(False)

    # -- building -------------------------------------------------------------------------------
    def _top_row(self) -> QHBoxLayout:
        """Where in the set, the scenario's title, and End the set."""
        self._progress = _label("stepLabel")
        self._title = _label("situationTitle")
        self._end = QPushButton("End the set")
        self._end.setObjectName("linkButton")
        self._end.setToolTip("Stop here; the scenarios already played are kept")
        self._end.clicked.connect(self.end_requested)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self._progress)
        titles.addWidget(self._title)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(titles, 1)
        top.addWidget(self._end, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _narrative_view(self) -> QWidget:
        self.narrative = make_browser(self, "narrativeText")
        self.narrative.setAccessibleName("The situation")
        self.narrative.document().setDefaultStyleSheet(NARRATIVE_STYLE)
        self.narrative.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.narrative.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        # The text re-wraps whenever the view's width changes; its height follows.
        self.narrative.document().documentLayout().documentSizeChanged.connect(self._on_narrative_size_changed)
        return self.narrative

    def _begin_stage(self) -> QWidget:
        """Before the walk: a word on what comes, and Begin."""
        self._begin_panel = QWidget()
        self.begin = QPushButton("Begin \u2192")
        self.begin.setObjectName("primaryButton")
        self.begin.setAutoDefault(True)
        self.begin.setToolTip("Start answering the guide's questions (Enter); the time runs from here")
        self.begin.clicked.connect(self._on_begin_clicked)
        note = _label("pageIntro")
        note.setText(
            "Read the situation. Then answer the guide\u2019s questions as you would at work. "
            "The time runs from Begin to your last answer."
        )
        layout = QVBoxLayout(self._begin_panel)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.begin, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return self._begin_panel

    def _walk_stage(self) -> QWidget:
        """The walk: the guide's own question page."""
        self.question = QuestionPage()
        self.question.answer_chosen.connect(self._on_question_answer_chosen)
        self.question.back_requested.connect(self._on_back_requested)
        self.question.restart_requested.connect(self._on_question_restart_requested)
        return self.question

    def _reached_stage(self) -> QWidget:
        """The outcome reached, to submit or go back from."""
        self._reached_panel = QWidget()
        caption = _label("pageIntro")
        caption.setText("Your answers lead to this outcome. Submit it to be scored, or go back and change an answer.")
        self.banner = VerdictBannerWidget()
        self.submit = QPushButton("Submit for scoring")
        self.submit.setObjectName("primaryButton")
        self.submit.setAutoDefault(True)
        self.submit.setToolTip("Score this scenario (Enter)")
        self.submit.clicked.connect(self.walk_submitted)
        self._back = QPushButton("\u2190 Change an answer")
        self._back.setObjectName("secondaryButton")
        self._back.setAutoDefault(True)
        self._back.setToolTip("Go back to the last question (Backspace or Alt+Left)")
        self._back.clicked.connect(self._on_back_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit)
        buttons.addWidget(self._back)
        buttons.addStretch(1)
        layout = QVBoxLayout(self._reached_panel)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(caption)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        layout.addStretch(1)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for sequence in ("Backspace", "Alt+Left"):
            QShortcut(QKeySequence(sequence), self._reached_panel, context=context).activated.connect(
                self._on_back_requested
            )
        return self._reached_panel

    # -- what the window calls -----------------------------------------------------------------
    def play(self, session: TrainingSession) -> None:
        """Show the session's current scenario: its narrative, and Begin."""
        self._session = session
        scenario = session.scenario
        self._progress.setText(
            f"Training \u00b7 scenario {session.index + 1} of {session.total} \u00b7 {scenario.difficulty}"
            f" \u00b7 {session.tree.title}"
        )
        self._title.setText(" ".join(scenario.title.split()))
        self.narrative.setHtml(narrative_html(scenario.narrative))
        self.narrative.verticalScrollBar().setValue(0)
        self._show_stage(None)

    def stage(self) -> str:
        """ "reading", "walking" or "reached" (for tests and the window)."""
        if self.stages.isHidden():
            return "reading"
        return "walking" if self.stages.currentWidget() is self.question else "reached"

    def focus_default(self) -> None:
        stage = self.stage()
        if stage == "reading":
            self.begin.setFocus(Qt.FocusReason.OtherFocusReason)
        elif stage == "walking":
            self.question.focus_first_answer()
        else:
            self.submit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- internals ------------------------------------------------------------------------------
    def _show_stage(self, stage: QWidget | None) -> None:
        """Show a stage of the walk, or (None) the narrative alone with Begin."""
        reading = stage is None
        if stage is not None:
            self.stages.setCurrentWidget(stage)
        if self.stages.isHidden() != reading:
            self.stages.setVisible(not reading)
            self._begin_panel.setVisible(reading)
        self._fit_narrative()
        if self.isVisible():
            self.focus_default()

    def _fit_narrative(self) -> None:
        # As tall as the text: while reading, as much of the page as it needs (Begin right under
        # it); while answering, at most a third of the page, so the answers stay in view. Beyond
        # that it scrolls.
        needed = int(self.narrative.document().size().height()) + 2 * self.narrative.frameWidth() + 2
        if self.stages.isHidden():
            low, high = min(needed, 120), needed
        else:
            low = high = max(80, min(needed, self.height() // 3))
        if (self.narrative.minimumHeight(), self.narrative.maximumHeight()) != (low, high):
            self.narrative.setMinimumHeight(low)
            self.narrative.setMaximumHeight(high)

    @Slot()
    def _on_narrative_size_changed(self) -> None:
        self._fit_narrative()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_narrative()

    def _show_walk(self) -> None:
        session = self._session
        assert session is not None and session.walk is not None
        walk = session.walk
        if walk.finished:
            assert walk.outcome is not None
            self.banner.show_outcome(walk.outcome)
            self._show_stage(self._reached_panel)
            return
        nodes = session.tree.nodes
        number = 1 + sum(1 for step in walk.steps if nodes[step.node_id].type == "question")
        self.question.show_step(
            session.pack, walk.current, number, walk.remaining(), walk.choices(), first_step=not walk.steps
        )
        self._show_stage(self.question)

    @Slot()
    def _on_begin_clicked(self) -> None:
        if self._session is not None and not self._session.over:
            self._session.begin()
            self._show_walk()

    @Slot(int)
    def _on_question_answer_chosen(self, choice: int) -> None:
        if self._session is None or self._session.walk is None:
            return
        try:
            self._session.walk.answer(choice)
        except WalkError:
            return
        self._show_walk()

    @Slot()
    def _on_back_requested(self) -> None:
        if self._session is not None and self._session.walk is not None and self._session.walk.back():
            self._show_walk()

    @Slot()
    def _on_question_restart_requested(self) -> None:
        if self._session is not None and self._session.walk is not None and self._session.walk.steps:
            self._session.walk.restart()
            self._show_walk()
