"""Presenter mode: a training set shown full screen to a class, in type legible from the back.

Each scenario: the narrative first; then each question with big numbered answers (the class
votes, the trainer clicks the answer or presses its number); then the outcome the class's
answers reach; then the debrief. Right, Space or Enter move on; Left or Backspace go back (an
answer, or to the narrative); Up/Down and Page Up/Down scroll a long text; Esc leaves full screen
and F11 returns to it (the key hint says whichever applies now); Ctrl+W or End presentation stops.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QRect, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from brightline.core.training import TrainingSession
from brightline.core.walk import WalkError
from brightline.ui.answer_button import AnswerButton
from brightline.ui.training.fit import chrome_sizes, room_scale, style_sheet
from brightline.ui.training.presenter_stage import DEBRIEF, NARRATIVE, QUESTION, REACHED, SUMMARY, PresenterStageWidget
from brightline.ui.wording import STATUS_WARNINGS

SCROLL_KEYS = {"Key_Down": 0.25, "Key_Up": -0.25, "Key_PageDown": 0.9, "Key_PageUp": -0.9}  # in pages


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class PresenterWindow(QWidget):
    """A training session for a class, full screen."""

    scenario_scored = Signal(object)
    """The class's walk through a scenario was scored (the Result): the window keeps it."""

    presentation_ended = Signal()
    """The trainer ended the presentation (or closed its window)."""

    def __init__(self, session: TrainingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterWindow")
        self.setWindowTitle("Brightline training \u2014 presenter")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A fixed minimum: otherwise the layout resets it with every change of type size, and the
        # window manager is asked to follow each time.
        self.setMinimumSize(640, 400)
        self.session = session
        self._ended = False
        self._sizes: dict[str, int] = {}
        self._normal: QRect | None = None  # the geometry to return to from full screen

        self._where = _label("presenterWhere")
        warning = STATUS_WARNINGS.get(session.pack.manifest.status)
        self._warning = _label("presenterWarning")
        self._warning.setText(f"\u26a0 {warning}" if warning else "")
        self._warning.setVisible(bool(warning))
        self._keys = QLabel()
        self._keys.setObjectName("presenterKeys")
        end = QPushButton("End presentation")
        end.setObjectName("presenterEnd")
        end.setToolTip("Stop presenting (Ctrl+W); the scenarios played are kept")
        end.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        end.clicked.connect(self.close)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self._where, 1)
        top.addWidget(self._keys)
        top.addWidget(end)
        self.stage = PresenterStageWidget()
        self.stage.answer_clicked.connect(self._on_stage_answer_clicked)
        self._prompt = _label("presenterPrompt")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self._warning)
        layout.addWidget(self.stage, 1)
        layout.addWidget(self._prompt)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._add_shortcuts()
        self._show_keys()
        self._show_narrative()

    def _add_shortcuts(self) -> None:
        keys = (
            ((Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter), self._on_next_activated),
            ((Qt.Key.Key_Left, Qt.Key.Key_Backspace), self._on_back_activated),
            ((Qt.Key.Key_Escape,), self._on_escape_activated),
            ((Qt.Key.Key_F11,), self._on_full_screen_activated),
            ((Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp), self._on_scroll_activated),
        )
        for sequence_keys, slot in keys:
            for key in sequence_keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setObjectName(key.name)
                shortcut.activated.connect(slot)
        for sequence in (QKeySequence("Ctrl+W"), QKeySequence(QKeySequence.StandardKey.Close)):
            QShortcut(sequence, self).activated.connect(self.close)
        for number in range(1, 10):
            key = Qt.Key(int(Qt.Key.Key_0) + number)
            # The digits on the number pad too, as in the guide.
            for modifier in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
                shortcut = QShortcut(QKeySequence(QKeyCombination(modifier, key)), self)
                shortcut.setObjectName(f"answer{number}")
                shortcut.activated.connect(self._on_number_activated)

    # -- what the training window and the tests read -----------------------------------------------
    def stage_index(self) -> int:
        return self.stage.currentIndex()

    def prompt(self) -> str:
        return self._prompt.text()

    def where(self) -> str:
        return self._where.text()

    def answer_buttons(self) -> list[AnswerButton]:
        return self.stage.answer_buttons()

    def font_sizes(self) -> dict[str, int]:
        """The pixel sizes in use (narrative, question, answers, debrief body …)."""
        return dict(self._sizes)

    def keys_hint(self) -> str:
        return self._keys.text()

    def _show_keys(self) -> None:
        """The keys, with the way into or out of full screen as it is now."""
        screen = "Esc leave full screen" if self.isFullScreen() else "F11 full screen"
        self._keys.setText(f"\u2192 next \u00b7 1\u20139 answer \u00b7 \u232b back \u00b7 {screen}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._show_keys()

    def show_full_screen(self) -> None:
        """Fill the screen the window is on. The geometry is set too, so that the window fills it
        even where no window manager acts on "full screen" (a bare X server, some kiosks)."""
        if not self.isFullScreen():
            available = self.screen().availableGeometry()
            tenth = (available.width() // 10, available.height() // 10)
            self._normal = self.geometry() if self.isVisible() else available.adjusted(*tenth, -tenth[0], -tenth[1])
            self.setGeometry(self.screen().geometry())
        self.showFullScreen()

    # -- the flow ---------------------------------------------------------------------------------
    def _show_narrative(self) -> None:
        s = self.session
        self._where.setText(f"Scenario {s.index + 1} of {s.total} \u00b7 {s.scenario.difficulty} \u00b7 {s.tree.title}")
        self.stage.show_narrative(s.scenario)
        then = "back to the question" if s.walk is not None else "the first question"
        self._prompt.setText(f"Read the situation together.  \u2192 or Space: {then}")
        self._restyle()

    def _show_walk(self) -> None:
        walk = self.session.walk
        assert walk is not None
        if walk.outcome is not None:
            self.stage.show_reached(walk.outcome)
            self._prompt.setText("\u2192 or Space: the debrief \u00b7 \u232b change the last answer")
        else:
            self.stage.show_question(walk.current, walk.choices())
            self._prompt.setText(
                "Class: vote.  Then click the answer, or press its number.  \u232b back"
                if walk.current.type == "question"
                else "Read the note.  \u2192 or 1 to go on.  \u232b back"
            )
        self._restyle()

    def _show_debrief(self) -> None:
        s = self.session
        self.stage.show_debrief(s.pack, s.scenario, s.results[-1])
        then = "the results of the set" if s.index + 1 >= s.total else "the next scenario"
        self._prompt.setText(f"\u2192 or Space: {then} \u00b7 \u2193 scroll \u00b7 click a citation to read it")
        self._restyle()

    def _show_summary(self) -> None:
        self._where.setText(f"End of the set \u00b7 {self.session.pack.manifest.name}")
        self.stage.show_summary(self.session)
        self._prompt.setText("\u2192 or Space: end the presentation")
        self._restyle()

    def _answer(self, choice: int) -> None:
        if self.stage.currentIndex() != QUESTION or self.session.walk is None:
            return
        try:
            self.session.walk.answer(choice)
        except WalkError:
            return
        self._show_walk()

    # -- type sizes ---------------------------------------------------------------------------------
    def _restyle(self) -> None:
        """Size the type for the room and the text on show; restyle only when a size changed."""
        scale = room_scale(self.width(), self.height())
        sizes = chrome_sizes(scale) | self.stage.fit(self.font(), scale)
        if sizes == self._sizes:
            return
        rescaled = sizes["debrief"] != self._sizes.get("debrief")
        self._sizes = sizes
        self.setStyleSheet(style_sheet(sizes))
        if rescaled:
            self.stage.scale_documents(scale)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._restyle()

    # -- keys ---------------------------------------------------------------------------------------
    @Slot()
    def _on_next_activated(self) -> None:
        current = self.stage.currentIndex()
        walk = self.session.walk
        if current == QUESTION and walk is not None and walk.current.type == "note":
            self._answer(0)  # a note has one way on
        elif current == NARRATIVE:
            if walk is None:
                self.session.begin()
            self._show_walk()
        elif current == REACHED:
            self.scenario_scored.emit(self.session.finish())
            self._show_debrief()
        elif current == DEBRIEF:
            if self.session.advance():
                self._show_narrative()
            else:
                self._show_summary()
        elif current == SUMMARY:
            self.close()

    @Slot()
    def _on_back_activated(self) -> None:
        current = self.stage.currentIndex()
        walk = self.session.walk
        if walk is None or current not in (QUESTION, REACHED):
            return
        if walk.back():
            self._show_walk()
        elif current == QUESTION:
            self._show_narrative()

    @Slot(int)
    def _on_stage_answer_clicked(self, choice: int) -> None:
        self._answer(choice)

    @Slot()
    def _on_number_activated(self) -> None:
        number = int(self.sender().objectName().removeprefix("answer"))
        if number <= len(self.answer_buttons()):
            self._answer(number - 1)

    @Slot()
    def _on_escape_activated(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            if self._normal is not None:
                self.setGeometry(self._normal)

    @Slot()
    def _on_full_screen_activated(self) -> None:
        if self.isFullScreen():
            self._on_escape_activated()
        else:
            self.show_full_screen()

    @Slot()
    def _on_scroll_activated(self) -> None:
        self.stage.scroll_pages(SCROLL_KEYS.get(self.sender().objectName(), 0.0))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        super().closeEvent(event)
        if not self._ended:
            self._ended = True
            self.presentation_ended.emit()
