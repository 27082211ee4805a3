"""The path so far as a row of numbered crumbs; choosing one goes back to that question.

However long the path, at most a few crumbs are shown (the first, "…", and the latest ones),
so updating it lays out the same few crumbs on a 3-step walk and a 3,000-step one. "…" lists every
step in a menu. Questions are numbered as the question page numbers them; a note read on the way
is "Note read", not a number. Crumb text is shortened to fit; the whole question and answer are in
its tooltip and accessible name, and on the outcome page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QWidget

from brightline.core.model import Tree
from brightline.core.walk import Step
from brightline.ui.flow_layout import FlowLayout
from brightline.ui.wording import question_numbers, step_caption

LATEST = 5  # crumbs shown at the end of a long path
CRUMB_CHARACTERS = 36  # a crumb's answer is shortened to about this many average characters


def _show(widget: QWidget, visible: bool) -> None:
    """setVisible only when it changes: each call re-lays out the row, even for no change."""
    if widget.isHidden() == visible:
        widget.setVisible(visible)


class BreadcrumbWidget(QWidget):
    """Numbered crumbs for the answered steps of a walk."""

    step_chosen = Signal(int)
    """A crumb was chosen: go back to that step (0-based) to answer it again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breadcrumb")
        self._tree: Tree | None = None
        self._steps: Sequence[Step] = ()
        self._caption = QLabel("Your answers:")
        self._caption.setObjectName("crumbCaption")
        self._crumbs: list[QPushButton] = []
        self._indexes: list[int] = []
        for _ in range(LATEST + 1):
            crumb = QPushButton(self)
            crumb.setObjectName("crumb")
            crumb.setAutoDefault(True)  # Enter presses it, as Space does
            crumb.setCursor(Qt.CursorShape.PointingHandCursor)
            crumb.clicked.connect(self._on_crumb_clicked)
            self._crumbs.append(crumb)
            self._indexes.append(-1)
        self._more = QPushButton("\u2026", self)
        self._more.setObjectName("crumb")
        self._more.setAutoDefault(True)
        self._more.setToolTip("Show every answer")
        self._more.setAccessibleName("Show every answer")
        self._more.clicked.connect(self._on_more_clicked)
        self._empty = QLabel("none yet \u2014 this is the first question")
        self._empty.setObjectName("crumbCaption")
        layout = FlowLayout(self, spacing=6)
        # "…" stands between the first crumb and the latest ones when the path is long.
        for widget in [self._caption, self._crumbs[0], self._more, *self._crumbs[1:], self._empty]:
            layout.addWidget(widget)

    def set_path(self, tree: Tree, steps: Sequence[Step]) -> None:
        """Show the answered `steps` of a walk through `tree`."""
        self._tree, self._steps = tree, steps
        count = len(steps)
        if count <= LATEST + 1:
            shown = list(range(count))
        else:
            shown = [0] + list(range(count - LATEST, count))
        _show(self._more, count > LATEST + 1)
        _show(self._empty, count == 0)
        metrics = QFontMetrics(self._crumbs[0].font())
        most = metrics.averageCharWidth() * CRUMB_CHARACTERS
        numbers = question_numbers(tree, steps)  # one pass over the path: a dictionary look-up a step
        for slot, crumb in enumerate(self._crumbs):
            index = shown[slot] if slot < len(shown) else -1
            if index < 0:
                _show(crumb, False)
                self._indexes[slot] = -1
                continue
            step = steps[index]
            node = tree.nodes[step.node_id]
            question = " ".join((node.text or node.id).split())
            number = numbers[index]
            if number:
                text = f"{number}. " + metrics.elidedText(step.label, Qt.TextElideMode.ElideRight, most)
                tip = f"{question}\nYou answered: {step.label}\n(choose to change this answer)"
                name = f"Question {number}: {question} You answered: {step.label}. Change this answer"
            else:
                text = "Note read"
                tip = f"{question}\n(choose to read it again)"
                name = f"Note: {question} Go back to it"
            if crumb.text() != text or self._indexes[slot] != index:
                crumb.setText(text)
                crumb.setToolTip(tip)
                crumb.setAccessibleName(name)
            self._indexes[slot] = index
            _show(crumb, True)

    @Slot()
    def _on_crumb_clicked(self) -> None:
        sender = self.sender()
        for slot, crumb in enumerate(self._crumbs):
            if crumb is sender and self._indexes[slot] >= 0:
                self.step_chosen.emit(self._indexes[slot])
                return

    @Slot()
    def _on_more_clicked(self) -> None:
        if self._tree is None:
            return
        menu = QMenu(self)
        numbers = question_numbers(self._tree, self._steps)
        for index, step in enumerate(self._steps):
            node = self._tree.nodes[step.node_id]
            question = " ".join((node.text or node.id).split())
            caption = step_caption(numbers[index])
            action = QAction(f"{caption} {question} \u2014 {step.label}", menu)
            action.setData(index)
            menu.addAction(action)
        chosen = menu.exec(self._more.mapToGlobal(self._more.rect().bottomLeft()))
        menu.deleteLater()
        if chosen is not None:
            self.step_chosen.emit(int(chosen.data()))
