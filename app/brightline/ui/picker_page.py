"""Choosing the situation: a search field that filters as you type, and the grouped list.

Keyboard: Ctrl+F (anywhere in the window) comes here and into the search field; Up and Down move
through the list from the search field; Enter opens the highlighted situation; Escape clears
the search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from brightline.core.search import SituationIndex
from brightline.ui.situation_delegate import SituationDelegate
from brightline.ui.situation_model import TREE_ID_ROLE, SituationModel
from brightline.ui.situation_proxy import SituationProxyModel

if TYPE_CHECKING:
    from brightline.core.startcache.index import PackSummary

MOVE_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)


class _SituationListView(QListView):
    """The situation list; tells its card delegate when the mouse leaves, to drop the hover look."""

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        delegate = self.itemDelegate()
        if isinstance(delegate, SituationDelegate):
            delegate.clear_hover()
        super().leaveEvent(event)


class SituationPickerPage(QWidget):
    """Search and pick a situation of the chosen pack."""

    tree_chosen = Signal(str)
    """A situation (its tree id) was chosen: start walking it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickerPage")
        self._has_pack = False
        heading = QLabel("What is happening?", self)
        heading.setObjectName("pageHeading")
        intro = QLabel("Choose the situation in front of you. Type to search (Ctrl+F); Enter opens it.", self)
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText("Search situations \u2014 for example: detainer, warrant, school, interview")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search situations")
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.installEventFilter(self)

        self.model = SituationModel(self)
        self.proxy = SituationProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.list = _SituationListView(self)
        self.list.setObjectName("situationList")
        self.list.setAccessibleName("Situations")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(SituationDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # Hundreds of matches are laid out a batch at a time between events: the first cards show
        # at once and the next key is not kept waiting (tests/benchmarks/README.md).
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(40)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.setSpacing(0)
        self.list.clicked.connect(self._on_list_clicked)
        self.list.activated.connect(self._on_list_activated)

        self._empty = QLabel(self)
        self._empty.setObjectName("emptyText")
        self._empty.setWordWrap(True)
        self._empty.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addSpacing(4)
        layout.addWidget(self._empty)
        layout.addWidget(self.list, 1)

    def set_pack(self, pack: PackSummary | None) -> None:
        """List the situations of `pack` (None: no pack could be loaded)."""
        self._has_pack = pack is not None
        self.model.set_trees(pack.situations if pack else [])
        self.proxy.set_index(pack.search_index() if pack else SituationIndex([]))
        self._after_filter()
        if self.isVisible():  # another pack chosen: its word index in idle time, before the first key
            QTimer.singleShot(0, self, self.prepare_search)

    def prepare_search(self) -> None:
        """Make the search's word index now (idle time after the first paint), not at the first key."""
        self.proxy.prepare()

    def set_audience(self, audience: str) -> None:
        self.proxy.set_audience(audience)
        self._after_filter()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def visible_tree_ids(self) -> list[str]:
        """The situations as listed, top to bottom."""
        return [self.proxy.index(row, 0).data(TREE_ID_ROLE) for row in range(self.proxy.rowCount())]

    def _after_filter(self) -> None:
        rows = self.proxy.rowCount()
        if rows:
            # The top of the list (the best match, or the user's own first), ready for Enter.
            self.list.setCurrentIndex(self.proxy.index(0, 0))
            self.list.scrollToTop()
            self._empty.setVisible(False)
        else:
            if not self._has_pack:
                self._empty.setText("There are no situations to show: no pack could be loaded.")
            elif self.model.given_count() == 0:
                self._empty.setText("This pack has no situations yet.")
            else:
                self._empty.setText(
                    f"No situation matches \u201c{self.proxy.query.strip()}\u201d. "
                    "Try another word, or clear the search (Esc)."
                )
            self._empty.setVisible(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and watched is self.search:
            assert isinstance(event, QKeyEvent)
            if event.key() in MOVE_KEYS and self.proxy.rowCount():
                # Up/Down from the search field move the highlight in the list (and go there).
                self.list.setFocus(Qt.FocusReason.TabFocusReason)
                QApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._after_filter()

    @Slot()
    def _on_search_return_pressed(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.tree_chosen.emit(index.data(TREE_ID_ROLE))

    @Slot(QModelIndex)
    def _on_list_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tree_chosen.emit(index.data(TREE_ID_ROLE))

    @Slot(QModelIndex)
    def _on_list_activated(self, index: QModelIndex) -> None:
        # Enter (and, on some platforms, a double click) activates; a single click already opened it.
        if index.isValid() and self.list.hasFocus():
            self.tree_chosen.emit(index.data(TREE_ID_ROLE))
