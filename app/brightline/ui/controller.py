"""The window's controller: which pack is chosen, and the one Walk through the open situation.

Widgets never hold a Walk. They call the controller's slots (answer, back, jump, restart …) and
redraw when it signals. The controller keeps the current node cached so that a redraw reads it
in constant time, however long the path.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from brightline.core.library import Library
    from brightline.core.model import Node, Pack, Tree
    from brightline.core.startcache import LibraryOnDemand
    from brightline.core.walk import Walk


class WalkController(QObject):
    """Owns the chosen pack and the walk through the open tree."""

    pack_selected = Signal(str)
    """A pack (its id) was chosen; any open walk was closed. (Sent again for the pack in force
    when the user chose to stay on an outcome instead.)"""

    step_changed = Signal()
    """The walk moved to a question or a note (answer, back, jump, restart or a new walk)."""

    tree_opening = Signal()
    """A walk is about to start (sent before its first step_changed or walk_finished)."""

    walk_finished = Signal()
    """The walk reached its outcome."""

    walk_closed = Signal()
    """The walk was put away; the user is choosing a situation again."""

    def __init__(
        self,
        library: LibraryOnDemand,
        parent: QObject | None = None,
        offered: Callable[[], Collection[str]] | None = None,
    ) -> None:
        """`library` is loaded, if it is not yet, when a pack's contents are first needed (the
        window holds the same object). `offered` gives the ids of the packs that may be chosen
        (the window's start index); without it, the library's packs."""
        super().__init__(parent)
        self._library = library
        self._offered = offered
        self._pack_id = ""
        self._pack: Pack | None = None
        self.tree: Tree | None = None
        self.walk: Walk | None = None
        self._current: Node | None = None
        self._leave_guard: Callable[[], bool] | None = None

    # -- state the views read ---------------------------------------------------------------
    @property
    def library(self) -> Library:
        return self._library.get()

    @property
    def pack(self) -> Pack | None:
        """The chosen pack (its contents are loaded, if they are not yet, when first asked for)."""
        if self._pack is None and self._pack_id:
            self._pack = self.library.packs.get(self._pack_id)
        return self._pack

    @property
    def pack_id(self) -> str:
        return self._pack_id

    @property
    def current(self) -> Node | None:
        """The node on screen: a question, a note or the outcome (None with no walk open)."""
        return self._current

    @property
    def finished(self) -> bool:
        return self._current is not None and self._current.type == "outcome"

    def choices(self) -> list[str]:
        """The answer labels on screen (a note has one, "Continue"): the walk's own choices."""
        return self.walk.choices() if self.walk is not None else []

    def step_number(self) -> int:
        """1-based number of the step on screen (questions and notes)."""
        return len(self.walk.steps) + 1 if self.walk else 0

    def question_number(self) -> int:
        """1-based number of the question on screen, counting questions only (not notes)."""
        if self.walk is None or self.tree is None:
            return 0
        nodes = self.tree.nodes
        return 1 + sum(1 for step in self.walk.steps if nodes[step.node_id].type == "question")

    def set_leave_guard(self, guard: Callable[[], bool] | None) -> None:
        """Ask `guard()` before any move away from a finished walk; it returns False to stay.

        The contact log uses it to remind before an outcome that must be documented is left.
        """
        self._leave_guard = guard

    def _may_leave(self) -> bool:
        return not self.finished or self._leave_guard is None or self._leave_guard()

    # -- actions ------------------------------------------------------------------------------
    @Slot(str)
    def select_pack(self, pack_id: str) -> None:
        """Choose the pack to work in; an open walk is closed."""
        known = self._offered() if self._offered is not None else self.library.packs
        if pack_id not in known or pack_id == self._pack_id:
            return
        self.close()
        if self.walk is not None and self._pack_id:
            # The user chose to stay on the outcome: views showing the choice put it back.
            self.pack_selected.emit(self._pack_id)
            return
        self._pack_id = pack_id
        self._pack = None
        self.pack_selected.emit(pack_id)

    def forget_pack(self) -> None:
        """Let go of the chosen pack (the packs on offer changed); select_pack chooses again."""
        if self.walk is None:
            self._pack_id = ""
            self._pack = None

    @Slot(str)
    def open_tree(self, tree_id: str) -> None:
        """Start a walk through one of the pack's trees at its first question."""
        if self.pack is None or tree_id not in self.pack.trees or not self._may_leave():
            return
        from brightline.core.walk import Walk

        self.tree_opening.emit()
        self.tree = self.pack.trees[tree_id]
        self.walk = Walk(self.tree)
        self._moved()

    @Slot(int)
    def answer(self, choice: int) -> None:
        """Choose option `choice` (0-based) at the current step; out-of-range choices are ignored."""
        if self.walk is None or self.finished:
            return
        from brightline.core.walk import WalkError

        try:
            self.walk.answer(choice)
        except WalkError:
            return
        self._moved()

    @Slot()
    def back(self) -> None:
        """Undo the last answer."""
        if self.walk is not None and self._may_leave() and self.walk.back():
            self._moved()

    @Slot(int)
    def jump(self, index: int) -> None:
        """Go back to step `index` (0 is the first question), forgetting later answers."""
        if self.walk is None or not 0 <= index <= len(self.walk.steps):
            return
        if index == len(self.walk.steps) or not self._may_leave():
            return
        self.walk.jump(index)
        self._moved()

    @Slot()
    def restart(self) -> None:
        """Start the same situation again from its first question."""
        if self.walk is None or not self._may_leave():
            return
        self.walk.restart()
        self._moved()

    @Slot()
    def close(self) -> None:
        """Put the walk away (to choose a new situation)."""
        if self.walk is None or not self._may_leave():
            return
        self.walk = None
        self.tree = None
        self._current = None
        self.walk_closed.emit()

    def _moved(self) -> None:
        assert self.walk is not None and self.tree is not None
        # The walk's current_id replays the path; read it once per move, not once per widget.
        self._current = self.tree.nodes[self.walk.current_id]
        if self._current.type == "outcome":
            self.walk_finished.emit()
        else:
            self.step_changed.emit()

    def remaining(self) -> int:
        """At most how many more questions before the outcome."""
        return self.walk.remaining() if self.walk is not None else 0
