"""Above a question or an outcome: the way back to the situations, the situation, and the path.

On the outcome the path is left out here: the outcome lists every answer with a "change" link,
and the room goes to the guidance."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from brightline.core.model import Tree
from brightline.core.walk import Step
from brightline.ui.breadcrumb import BreadcrumbWidget


class WalkHeaderWidget(QWidget):
    """The open situation's title and the breadcrumb of answers."""

    new_situation_requested = Signal()
    """The user asked to choose another situation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkHeader")
        self._situations = QPushButton("\u2190 Situations")
        self._situations.setObjectName("linkButton")
        self._situations.setAutoDefault(True)  # Enter presses it, as Space does
        self._situations.setToolTip("Choose another situation (Ctrl+N)")
        self._situations.clicked.connect(self.new_situation_requested)
        self._title = QLabel()
        self._title.setObjectName("situationTitle")
        self._title.setWordWrap(True)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.breadcrumb = BreadcrumbWidget()
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self._situations, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self._title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.breadcrumb)

    def show_walk(self, tree: Tree, steps: Sequence[Step], on_outcome: bool = False) -> None:
        """Show the walk through `tree` so far: its title, and its path unless `on_outcome`."""
        if self._title.text() != tree.title:
            self._title.setText(tree.title)
        if self.breadcrumb.isHidden() != on_outcome:
            self.breadcrumb.setVisible(not on_outcome)
        if not on_outcome:
            self.breadcrumb.set_path(tree, steps)

    def title(self) -> str:
        return self._title.text()
