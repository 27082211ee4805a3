"""The main window: menus, header, guidance banner, broken-pack notice, and a stack of three pages
(situation picker, question, outcome) driven by one WalkController.

The window wires page signals to the controller and controller signals to the pages; it holds no
walk state of its own. It remembers the pack, the audience, the zoom and its geometry through
UiSettings, and opens on the screen's available area: maximised on a small screen, never larger
than the screen on any (the status bar at its foot is always on screen).

Only what the first screen shows is built before it is painted: the menu bar's titles, the
header, the banners and the situation picker. The menus' commands, the question and outcome pages
and the contact log (its status mark, the recorder) are built just after the first paint, one
piece per turn of the event loop so that keys and clicks are handled in between (`_build_next`),
or at once when they are needed earlier (a situation chosen, Ctrl+L, closing): `finish_building()`
does all that is left.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from brightline.core.catalogue import pack_order
from brightline.core.startcache import LibraryOnDemand, PackSummary, StartIndex
from brightline.ui.broken_notice import BrokenPacksNoticeWidget
from brightline.ui.controller import WalkController
from brightline.ui.header_bar import HeaderBarWidget
from brightline.ui.menus import MainMenus
from brightline.ui.pack_banner import PackBannerWidget
from brightline.ui.picker_page import SituationPickerPage
from brightline.ui.screen_fit import FRAME, available_area
from brightline.ui.settings import UiSettings
from brightline.ui.wording import pack_label

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QCloseEvent

    from brightline.core.library import Library
    from brightline.ui.contact_log.feature import ContactLogFeature
    from brightline.ui.outcome_page import OutcomePage
    from brightline.ui.question_page import QuestionPage
    from brightline.ui.style import AppStyle
    from brightline.ui.walk_header import WalkHeaderWidget

# Under this available area the window opens maximised: there is no room to spare around it.
MAXIMISED_BELOW = (1440, 900)
SMALLEST = (600, 420)  # the window's minimum size: 1280×800 at 150 % leaves about 850×490


def ordered_packs(start: StartIndex) -> list[PackSummary]:
    """Packs as the picker offers them (`brightline.core.catalogue.pack_order`)."""
    return sorted(start.packs, key=lambda p: pack_order(p.status, p.name))


class _BuildRestAfterFirstPaint(QObject):
    """Starts building the rest of the window once its first paint is done."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            watched.removeEventFilter(self)
            watched.first_painted()
        return False


class MainWindow(QMainWindow):
    """Brightline's one window.

    `library` is the loaded library, or one loaded on demand (`LibraryOnDemand`, or a function that
    loads it) together with `start`, the start index (`brightline.core.startcache`) to paint the
    first screen from: the library is then loaded just after the first paint, or as soon as
    anything needs it, the window or its controller. `style` is the application's style sheet
    (View → Zoom changes it); `resources` holds the user guide and the licences.
    """

    built = Signal()
    """Every part of the window is built (the first screen comes before; see the module's notes)."""

    def __init__(
        self,
        library: Library | Callable[[], Library] | LibraryOnDemand,
        settings: UiSettings,
        parent: QWidget | None = None,
        training_log: Path | None = None,
        data_dir: Path | None = None,
        start: StartIndex | None = None,
        style: AppStyle | None = None,
        resources: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setMinimumSize(*SMALLEST)
        self._library = library if isinstance(library, LibraryOnDemand) else LibraryOnDemand(library)
        loaded = self._library.loaded()
        if start is None:
            assert loaded is not None, "a library loaded later needs a start index to paint from"
            start = StartIndex.of(loaded)
        self.start: StartIndex = start
        start.find_packs_with(self._library.get)  # the search words, at the first key
        self._library.when_loaded(self._check_start)
        self.settings = settings
        self.style_sheet = style
        self.resources = resources
        self.training_log = training_log  # the training records file (None: no training in this window)
        self._training: QMainWindow | None = None  # the training window, made when first opened
        self._data_dir = data_dir  # None: no contact log in this window
        self._contact_log: ContactLogFeature | None = None
        self.controller = WalkController(self._library, self, offered=lambda: [p.id for p in self.start.packs])
        self._remember_pack = True  # a pack selected is the user's choice, but for the start's default
        self._shown_geometry: QByteArray | None = None  # as first painted: not remembered unless changed
        self.menus = MainMenus(self)
        self._build_first_screen()
        self._still_to_build: list[Callable[[], object]] = [
            lambda: self.menus.add_commands(self),
            self.picker.prepare_search,
            lambda: self.library,
            lambda: self.walk_header,
            lambda: self.question,
            lambda: self.outcome,
            lambda: self.contact_log,
        ]
        self._connect()
        self._show_remembered_choices()
        self.picker.search.setFocus()  # type to search straight away
        self.installEventFilter(_BuildRestAfterFirstPaint(self))

    def _build_first_screen(self) -> None:
        # Every widget is made inside its final parent: moving a built widget into another makes
        # Qt apply the style sheet to its whole subtree again, on each move.
        central = QWidget(self)
        central.setObjectName("central")
        self.header = HeaderBarWidget(central)
        self.banner = PackBannerWidget(central)
        self.notice = BrokenPacksNoticeWidget(central)
        content = QWidget(central)
        content.setObjectName("content")
        self._walk_header: WalkHeaderWidget | None = None
        self.stack = QStackedWidget(content)
        self.stack.setObjectName("pages")
        self.picker = SituationPickerPage(self.stack)
        self._question: QuestionPage | None = None
        self._outcome: OutcomePage | None = None
        self.stack.addWidget(self.picker)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(24, 12, 24, 8)
        content_layout.setSpacing(6)
        self._content_layout = content_layout  # the walk header goes on top, when first needed
        content_layout.addWidget(self.stack, 1)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.header, self.banner, self.notice):
            layout.addWidget(widget)
        layout.addWidget(content, 1)
        self.setCentralWidget(central)
        # The contact log's mark goes in the status bar once it is built; the bar's place is kept
        # from the start, so the page does not jump later.
        self.statusBar()

    def _show_remembered_choices(self) -> None:
        audience = self.settings.audience
        self.header.show_audience(audience)
        self.picker.set_audience(audience)
        self._show_start(self.settings.pack_id)
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry) or self._larger_than_screen():
            self._fit_to_screen()

    def _show_start(self, wanted: str) -> None:
        """Offer the packs of `self.start` and choose `wanted` (else the first one offered)."""
        self.notice.show_broken(self.start.broken, self._problems_of)
        packs = ordered_packs(self.start)
        self.header.set_packs([(p.id, pack_label(p)) for p in packs])
        ids = [p.id for p in packs]
        first = wanted if wanted in ids else (ids[0] if ids else "")
        if first:
            # The first pack offered is not the user's choice: it is not remembered, so a user
            # who never chose follows the packs' order, and a first start writes no settings.
            self._remember_pack = first == wanted
            self.controller.select_pack(first)
            self._remember_pack = True
        else:
            self.picker.set_pack(None)
            self.setWindowTitle("No pack")

    def _problems_of(self, pack_key: str) -> list[str]:
        """Every problem of a pack that was left out, in words (the library is loaded for them)."""
        return [problem.format() for problem in self.library.broken.get(pack_key, [])]

    @property
    def library(self) -> Library:
        """The full library (loaded now if the window was painted from its start index)."""
        return self._library.get()

    def loaded_library(self) -> Library | None:
        """The library if it has been loaded, else None (nothing is loaded by asking)."""
        return self._library.loaded()

    def _check_start(self, library: Library) -> None:
        """Show the library itself where it differs from the start index the window was painted
        from (its files changed in between): a stale first screen is never left in place."""
        actual = StartIndex.of(library)
        if actual == self.start:
            return
        self.start = actual
        wanted = self.controller.pack_id
        self.controller.close()
        self.controller.forget_pack()
        self._show_start(wanted)

    # -- the window on its screen ---------------------------------------------------------------
    def _larger_than_screen(self) -> bool:
        room = available_area(self).size() - FRAME
        return not self.isMaximized() and (self.width() > room.width() or self.height() > room.height())

    def _fit_to_screen(self) -> None:
        """Maximised on a small screen; on a larger one 1280×800 or a little more, never more than
        the screen less the window's frame (the title bar included)."""
        available = available_area(self)
        room = available.size() - FRAME
        width = min(room.width(), max(1280, int(available.width() * 0.8)))
        height = min(room.height(), max(800, int(available.height() * 0.85)))
        self.resize(width, height)
        self.move(available.center() - self.rect().center())
        if available.width() < MAXIMISED_BELOW[0] or available.height() < MAXIMISED_BELOW[1]:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # -- built when first needed --------------------------------------------------------------
    @property
    def walk_header(self) -> WalkHeaderWidget:
        if self._walk_header is None:
            from brightline.ui.walk_header import WalkHeaderWidget

            self._walk_header = WalkHeaderWidget()
            self._walk_header.setVisible(self.stack.currentWidget() is not self.picker)
            self._content_layout.insertWidget(0, self._walk_header)
            self._walk_header.new_situation_requested.connect(self.controller.close)
            self._walk_header.breadcrumb.step_chosen.connect(self.controller.jump)
        return self._walk_header

    @property
    def question(self) -> QuestionPage:
        if self._question is None:
            from brightline.ui.question_page import QuestionPage

            self._question = QuestionPage()
            self.stack.addWidget(self._question)
            q, c = self._question, self.controller
            q.answer_chosen.connect(c.answer)
            q.back_requested.connect(c.back)
            q.restart_requested.connect(c.restart)
        return self._question

    @property
    def outcome(self) -> OutcomePage:
        if self._outcome is None:
            from brightline.ui.outcome_page import OutcomePage

            self._outcome = OutcomePage()
            self.stack.addWidget(self._outcome)
            o, c = self._outcome, self.controller
            o.back_requested.connect(c.back)
            o.restart_requested.connect(c.restart)
            o.step_chosen.connect(c.jump)
            o.new_situation_requested.connect(c.close)
        return self._outcome

    @property
    def contact_log(self) -> ContactLogFeature | None:
        """The contact log's part of this window; None when there is no data folder (or after
        `contact_log = None`, as the self-test does)."""
        if self._contact_log is None and self._data_dir is not None:
            from brightline.ui.contact_log.feature import ContactLogFeature

            self._contact_log = ContactLogFeature(
                self._data_dir, self.library, self.settings, self.controller, self.outcome, self
            )
            self.statusBar().addPermanentWidget(self._contact_log.status)
            if self._contact_log.department is not None:
                self.statusBar().addPermanentWidget(self._contact_log.department.status)
        return self._contact_log

    @contact_log.setter
    def contact_log(self, feature: ContactLogFeature | None) -> None:
        self._contact_log = feature
        if feature is None:
            self._data_dir = None  # not made again on the next use

    def has_contact_log(self) -> bool:
        return self._data_dir is not None or self._contact_log is not None

    def after_first_paint(self, action: Callable[[], object]) -> None:
        """Run `action` on the first turn of the event loop after the first paint, before the
        rest of the window is built (at once if it is built already)."""
        if self._still_to_build:
            self._still_to_build.insert(0 if self.menus.actions else 1, action)  # after the menus' commands
        else:
            action()

    def finish_building(self) -> None:
        """Build every part not built yet (normally done piece by piece after the first paint)."""
        while self._still_to_build:
            self._still_to_build.pop(0)()

    def first_painted(self) -> None:
        """Note the place the window was first shown in, and build the rest of it."""
        self._shown_geometry = self.saveGeometry()
        QTimer.singleShot(0, self, self._build_next)

    @Slot()
    def _build_next(self) -> None:
        if self._still_to_build:
            self._still_to_build.pop(0)()
        if self._still_to_build:
            QTimer.singleShot(0, self, self._build_next)
        else:
            self.built.emit()

    def _connect(self) -> None:
        c = self.controller
        c.pack_selected.connect(self._on_controller_pack_selected)
        c.step_changed.connect(self._on_controller_step_changed)
        c.walk_finished.connect(self._on_controller_walk_finished)
        c.walk_closed.connect(self._on_controller_walk_closed)
        self.header.pack_chosen.connect(c.select_pack)
        self.header.audience_chosen.connect(self._on_header_audience_chosen)
        # Every walk starts here, whoever opens it: the pages and the recorder are there before
        # its first step or its outcome is shown.
        c.tree_opening.connect(self.finish_building)
        self.picker.tree_chosen.connect(c.open_tree)

    # -- controller → pages ---------------------------------------------------------------------
    @Slot(str)
    def _on_controller_pack_selected(self, pack_id: str) -> None:
        pack = self.start.pack(pack_id)
        assert pack is not None
        self.header.show_pack(pack_id)
        self.banner.show_manifest(pack)
        self.picker.set_pack(pack)
        # The platform adds the program's name ("… — Brightline"): the title names the pack only.
        self.setWindowTitle(pack.name)
        if self._remember_pack:
            self.settings.pack_id = pack_id

    @Slot()
    def _on_controller_step_changed(self) -> None:
        c = self.controller
        assert c.pack is not None and c.tree is not None and c.walk is not None and c.current is not None
        self.walk_header.show_walk(c.tree, c.walk.steps)
        self.question.show_step(
            c.pack, c.current, c.question_number(), c.remaining(), c.choices(), first_step=c.step_number() == 1
        )
        self._show_page(self.question)

    @Slot()
    def _on_controller_walk_finished(self) -> None:
        c = self.controller
        assert c.pack is not None and c.tree is not None and c.walk is not None and c.current is not None
        self.walk_header.show_walk(c.tree, c.walk.steps, on_outcome=True)
        self.outcome.show_outcome(c.pack, c.tree, c.current, c.walk.steps)
        self._show_page(self.outcome)

    @Slot()
    def _on_controller_walk_closed(self) -> None:
        self._show_page(self.picker)

    # -- the user → settings and pages ------------------------------------------------------------
    @Slot(str)
    def _on_header_audience_chosen(self, audience: str) -> None:
        self.settings.audience = audience
        self.picker.set_audience(audience)

    def _show_page(self, page: QWidget) -> None:
        changed = self.stack.currentWidget() is not page
        if changed:
            self.stack.setCurrentWidget(page)
            walking = page is not self.picker
            # The pack and the role are chosen with the situation; a walk gives their room to the guidance.
            self.header.setVisible(not walking)
            if walking or self._walk_header is not None:
                self.walk_header.setVisible(walking)
            self.menus.show_outcome_commands(page is self._outcome)
        if page is self._question:
            self.question.focus_first_answer()
        elif page is self._outcome and changed:
            self.outcome.focus_default()
        elif page is self.picker and changed:
            self.picker.list.setFocus()

    # -- menu commands ------------------------------------------------------------------------------
    def on_outcome(self) -> bool:
        return self._outcome is not None and self.stack.currentWidget() is self._outcome

    @Slot()
    def find_situation(self) -> None:
        self.controller.close()
        if self.controller.walk is not None:
            return  # the user stayed on the outcome to record the contact
        self._show_page(self.picker)
        self.picker.focus_search()

    @Slot()
    def print_outcome(self) -> None:
        if self.on_outcome():
            self.outcome.print_document()

    @Slot()
    def save_outcome_pdf(self) -> None:
        if self.on_outcome():
            self.outcome.save_pdf()

    @Slot()
    def zoom_in(self) -> None:
        self._zoom(+1)

    @Slot()
    def zoom_out(self) -> None:
        self._zoom(-1)

    @Slot()
    def zoom_reset(self) -> None:
        self._zoom(0)

    def _zoom(self, steps: int) -> None:
        from brightline.ui.style import zoomed

        if self.style_sheet is None:
            return
        zoom = zoomed(self.style_sheet.zoom, steps) if steps else 1.0
        self.style_sheet.apply(zoom)
        self.settings.zoom = zoom
        self.statusBar().showMessage(f"Text size {zoom:.0%}", 3000)

    @Slot()
    def open_training(self) -> None:
        # Imported on first use, so training costs nothing at start-up.
        from brightline.core.training_log import TrainingLog
        from brightline.ui.training.training_window import TrainingWindow

        if self.training_log is None:
            return
        if self._training is None:
            self._training = TrainingWindow(self.library, TrainingLog(self.training_log), self)
        assert isinstance(self._training, TrainingWindow)
        self._training.open_for(self.controller.pack.id if self.controller.pack else "")

    @Slot()
    def open_contact_log(self) -> None:
        if self.contact_log is not None:
            self.contact_log.open_window()

    @Slot()
    def show_guide(self) -> None:
        from brightline.ui.help_dialogs import GuideDialog

        GuideDialog(self.resources, self).open()

    @Slot()
    def show_shortcuts(self) -> None:
        from brightline.ui.help_dialogs import ShortcutsDialog

        ShortcutsDialog(self.menus.shortcuts(), self).open()

    @Slot()
    def show_about(self) -> None:
        from brightline.ui.about_dialog import AboutDialog

        AboutDialog(self.resources, ordered_packs(self.start), self).open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._contact_log is not None:
            if not self._contact_log.may_close():  # an outcome that must be documented, not recorded
                event.ignore()
                return
            self._contact_log.close()
        self._still_to_build.clear()  # nothing more to build for a window that goes away
        geometry = self.saveGeometry()
        if geometry != self._shown_geometry:  # moved or resized: a place fitted to the screen is not kept
            self.settings.geometry = geometry
        self.settings.sync()
        super().closeEvent(event)
