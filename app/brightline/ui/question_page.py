"""One question (or note) at a time: large numbered answers, help beside it, back and restart.

The page is built once and updated in place for each step: the same labels get new text, the
same answer buttons are relabelled (more are made only when a question has more options than any
before it), and the help text is replaced only when the article changes. That keeps the step from
an answer to the next question painted well inside a frame, on any size of tree.

The help panel shows only when the question has a help article; on a narrow window it opens on
demand ("Show help"), so the question and its answers keep the width they need.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QKeyCombination, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from brightline.core.model import Node, Pack
from brightline.core.text import citation_label
from brightline.ui import palette
from brightline.ui.answer_button import AnswerButton
from brightline.ui.html import CITE_SCHEME
from brightline.ui.reference_panel import ReferencePanelWidget
from brightline.ui.text_views import LinkLabel

NARROW = 860  # below this width the help opens on demand instead of beside the question


def _show(widget: QWidget, visible: bool) -> None:
    """setVisible only when it changes: each call invalidates the layout, even for no change."""
    if widget.isHidden() == visible:
        widget.setVisible(visible)


def _wrapping_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class _Column(QWidget):
    """The column in its scroll area: as tall as its text at the width it gets (the scroll area
    asks its layout), never as tall as its wrapping labels would be at their narrowest, which
    showed a scroll bar beside a question that fitted."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(super().minimumSizeHint().width(), 0)


class QuestionPage(QWidget):
    """The question on screen, its answers and its help."""

    answer_chosen = Signal(int)
    """An answer was chosen (0-based), by click or by its number key."""

    back_requested = Signal()
    """The user asked to go back one question (Back, Backspace or Alt+Left)."""

    restart_requested = Signal()
    """The user asked to start the situation again (Start again or Escape)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionPage")
        self._pack: Pack | None = None
        self._has_help = False
        self._narrow = False
        self._help_wanted = False  # on a narrow page, the user opened the help
        scroll = self._build_column()
        self.reference = ReferencePanelWidget()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.reference, 2)
        self._add_shortcuts()

    def _build_column(self) -> QScrollArea:
        """The question, its hint and citations, the answers, and Back / Start again, scrolling."""
        self._progress = _wrapping_label("stepLabel")
        self._question = _wrapping_label("questionText")
        self._question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._hint = _wrapping_label("hintText")
        self._cites = LinkLabel("noteCites")
        self._cites.linkActivated.connect(self._on_cites_link_activated)
        # A link that wraps, not a button: an article's title is longer than a narrow column.
        self._help_link = LinkLabel("helpLink")
        self._help_link.linkActivated.connect(self._on_help_link_activated)
        self._buttons: list[AnswerButton] = []
        self._answers = QVBoxLayout()
        self._answers.setSpacing(10)

        self._back = QPushButton("\u2190 Back")
        self._back.setToolTip("Go back one question (Backspace or Alt+Left)")
        self._back.clicked.connect(self.back_requested)
        self._restart = QPushButton("Start again")
        self._restart.setToolTip("Start this situation again from the first question (Esc)")
        self._restart.clicked.connect(self.restart_requested)
        for button in (self._back, self._restart):
            button.setObjectName("secondaryButton")
        for button in (self._back, self._restart):
            button.setAutoDefault(True)  # Enter presses it, as Space does
        footer = QHBoxLayout()
        footer.addWidget(self._back)
        footer.addWidget(self._restart)
        footer.addStretch(1)
        keys = _wrapping_label("keysHint")
        keys.setText("Keys: 1\u20139 answer \u00b7 Backspace back \u00b7 Esc start again")

        column = _Column()
        column.setObjectName("questionColumn")
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(4, 4, 16, 4)
        column_layout.setSpacing(10)
        column_layout.addWidget(self._progress)
        column_layout.addWidget(self._question)
        column_layout.addWidget(self._hint)
        column_layout.addWidget(self._cites)
        column_layout.addWidget(self._help_link)
        column_layout.addSpacing(8)
        column_layout.addLayout(self._answers)
        column_layout.addSpacing(8)
        column_layout.addLayout(footer)
        column_layout.addWidget(keys)
        column_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("questionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)
        return scroll

    def _add_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for number in range(1, 10):
            key = Qt.Key(int(Qt.Key.Key_0) + number)
            # The digits on the number pad too: booking desks often answer with it.
            for modifier in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
                shortcut = QShortcut(QKeySequence(QKeyCombination(modifier, key)), self, context=context)
                shortcut.setObjectName(f"answer{number}")
                shortcut.activated.connect(self._on_number_shortcut_activated)
        for sequence in ("Backspace", "Alt+Left"):
            QShortcut(QKeySequence(sequence), self, context=context).activated.connect(self.back_requested)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=context).activated.connect(self.restart_requested)

    # -- what the window calls ------------------------------------------------------------------
    def show_step(
        self, pack: Pack, node: Node, number: int, remaining: int, choices: list[str], first_step: bool
    ) -> None:
        """Show `node` as question `number` (1-based; a note shows no number), with at most
        `remaining` steps left including it; `first_step` disables Back."""
        self._pack = pack
        after = remaining - 1
        kind = "Question" if node.type == "question" else "Before you go on"
        more = "the last question" if after <= 0 else f"at most {after} more question{'s' if after != 1 else ''}"
        self._progress.setText(
            f"{kind} {number}  \u00b7  {more}" if node.type == "question" else f"{kind}  \u00b7  {more}"
        )
        self._question.setText(" ".join(node.text.split()))
        self._hint.setText(" ".join(node.hint.split()))
        _show(self._hint, bool(node.hint))
        self._show_cites(pack, node.cite if node.type == "note" else [])
        self._show_answers(choices)
        if self._back.isEnabled() == first_step:
            self._back.setEnabled(not first_step)
        article = pack.help.get(node.help) if node.help else None
        self.reference.show_help(pack, article)
        self._has_help = article is not None
        title = escape(article.title) if article is not None else ""
        self._help_link.setText(f'<a style="color: {palette.ACCENT};" href="help:">Show help: {title}</a>')
        self._help_link.setAccessibleName(f"Show help: {article.title}" if article is not None else "")
        self._show_help()
        if self.isVisible():
            self._buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_help(self) -> None:
        """The help beside the question when there is one and room for it (or it was asked for)."""
        beside = self._has_help and (not self._narrow or self._help_wanted)
        _show(self.reference, beside)
        _show(self._help_link, self._has_help and self._narrow and not self._help_wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._help_wanted = False
            self._show_help()

    @Slot(str)
    def _on_help_link_activated(self, _link: str) -> None:
        self._help_wanted = True
        self._show_help()
        self.reference.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def help_shown(self) -> bool:
        """The help panel is on the page (a question with an article, and room or asked for)."""
        return not self.reference.isHidden()

    def focus_first_answer(self) -> None:
        if self._buttons:
            self._buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def question_text(self) -> str:
        return self._question.text()

    def progress_text(self) -> str:
        return self._progress.text()

    def answer_buttons(self) -> list[AnswerButton]:
        """The answer buttons on show, in order."""
        return [b for b in self._buttons if not b.isHidden()]

    # -- internals ------------------------------------------------------------------------------
    def _show_cites(self, pack: Pack, refs: list[str]) -> None:
        if not refs:
            _show(self._cites, False)
            return
        links = ", ".join(
            f'<a style="color: {palette.ACCENT};" href="{CITE_SCHEME}:{escape(r)}">{escape(citation_label(pack, r))}</a>'
            for r in refs
        )
        self._cites.setText(f"Cited: {links}")
        _show(self._cites, True)

    def _show_answers(self, choices: list[str]) -> None:
        if len(self._buttons) < len(choices):
            while len(self._buttons) < len(choices):
                button = AnswerButton(self)
                button.clicked.connect(self._on_answer_clicked)
                self._answers.addWidget(button)
                self._buttons.append(button)
            # New buttons would come last in the tab order: answers first, then Back, Start again,
            # a note's citations and the help.
            chain = [*self._buttons, self._back, self._restart, self._cites, self._help_link, self.reference.browser]
            for first, second in zip(chain, chain[1:], strict=False):
                QWidget.setTabOrder(first, second)
        for index, button in enumerate(self._buttons):
            if index < len(choices):
                button.set_answer(index + 1, choices[index])
                _show(button, True)
            else:
                _show(button, False)

    @Slot()
    def _on_answer_clicked(self) -> None:
        sender = self.sender()
        for index, button in enumerate(self._buttons):
            if button is sender:
                self.answer_chosen.emit(index)
                return

    @Slot()
    def _on_number_shortcut_activated(self) -> None:
        name = self.sender().objectName()
        number = int(name.removeprefix("answer"))
        if number <= len(self.answer_buttons()):
            self.answer_chosen.emit(number - 1)

    @Slot(str)
    def _on_cites_link_activated(self, link: str) -> None:
        scheme, _, ref = link.partition(":")
        if scheme == CITE_SCHEME and self._pack is not None:
            self.reference.show_provision(self._pack, ref)
