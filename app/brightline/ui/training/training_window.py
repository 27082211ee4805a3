"""The training window, opened from the guide (Training…, Ctrl+T): a "Train" tab that sets up a
session and plays it (narrative, walk, debrief, results), presenter mode for a class, and the
trainer's records.

Each scored scenario is saved at once in the training records (its own file in the data
folder), never in the contact log. Nothing in this window offers to record a contact: it does
not use the guide's outcome page, where that control lives.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from brightline.core.library import Library
from brightline.core.training import Result, TrainingSession, choose_scenarios
from brightline.core.training_log import TrainingLog, TrainingLogError
from brightline.ui import palette
from brightline.ui.contact_log.form_parts import fit_to_screen, scrolling
from brightline.ui.contact_log.style import base_points, em_sizes
from brightline.ui.training.debrief_page import DebriefPage
from brightline.ui.training.presenter_window import PresenterWindow
from brightline.ui.training.records_view import TrainingRecordsView
from brightline.ui.training.results_page import ResultsPage
from brightline.ui.training.scenario_page import ScenarioPage
from brightline.ui.training.setup_page import SetupPage, TrainingPlan
from brightline.ui.training.wording import PRESENTER, SELF_PACED

# @NAME@ is a palette colour; {em:F} F times the body text's size (brightline.ui.contact_log.style).
_STYLE = """
#trainingWindow, #trainingTabs, #trainingStack, #trainingSetupPage, #scenarioPage, #debriefPage, #resultsPage,
#trainingRecordsView, #trainingPage, #trainingPageScroll > #qt_scrollarea_viewport { background: @BACKGROUND@; }
#trainingBand { background: @ACCENT_DEEP@; color: @ON_ACCENT@; font-weight: 600; padding: 8px 24px; }
#trainingProblem { background: @ERROR_BACK@; color: @ERROR_TEXT@; font-weight: 600; padding: 8px 24px; }
#setupProblem, #recordsProblem { color: @ERROR_TEXT@; font-weight: 600; }
QTextBrowser#narrativeText { background: @SURFACE@; }
#debriefCaption, #resultsSummary { font-size: {em:1.2}; font-weight: 600; }
QTabWidget::pane { border: none; }
QTabBar::tab { font-size: {em:1.0}; padding: 8px 18px; }
QTabBar::tab:selected { font-weight: 700; border-bottom: 3px solid @ACCENT@; }
"""
# As large as training likes to be; a smaller screen gets what it has room for.
PREFERRED_SIZE = QSize(1280, 800)


def training_style() -> str:
    """The training window's style sheet, sized from the body text's size."""
    return em_sizes(palette.fill(_STYLE), base_points())


class TrainingWindow(QMainWindow):
    """Self-paced training, presenter mode and the training records."""

    def __init__(self, library: Library, log: TrainingLog, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("trainingWindow")
        self.setWindowTitle("Brightline \u2014 Training")
        self.setMinimumSize(640, 440)
        self.setStyleSheet(training_style())
        self.library = library
        self.log = log
        self.session: TrainingSession | None = None
        self.presenter: PresenterWindow | None = None
        self._debrief_each = True
        self._reviewing = -1  # the result whose debrief is shown from the results (-1: while playing)
        self._all_saved = True

        self.setup = SetupPage(library)
        self.scenario = ScenarioPage()
        self.debrief = DebriefPage()
        self.results = ResultsPage()
        self.stack = QStackedWidget()
        self.stack.setObjectName("trainingStack")
        for page in (self.setup, self.scenario, self.debrief, self.results):
            self.stack.addWidget(page)
        self.records = TrainingRecordsView(library, log)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainingTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._padded(self.stack), "&Train")
        self.tabs.addTab(self._padded(self.records), "Trainer\u2019s &records")
        band = QLabel("TRAINING \u2014 scenarios, not real contacts. Nothing here goes into the contact log.")
        band.setObjectName("trainingBand")
        band.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("trainingProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(band)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        close = QAction("Close", self)
        close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence(QKeySequence.StandardKey.Close)])
        close.triggered.connect(self.close)
        self.addAction(close)
        self._connect()
        self.resize(PREFERRED_SIZE)

    @staticmethod
    def _padded(widget: QWidget) -> QWidget:
        """`widget` with room around it, scrolling on a screen too small for the page (at 150 % of
        1280×800 the set-up form is taller than the window can be)."""
        holder = QWidget()
        holder.setObjectName("trainingPage")
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(32, 16, 32, 20)
        layout.addWidget(widget)
        return scrolling(holder, "trainingPageScroll", sideways=True)

    def _connect(self) -> None:
        self.setup.start_requested.connect(self._on_setup_start_requested)
        self.setup.present_requested.connect(self._on_setup_present_requested)
        self.scenario.walk_submitted.connect(self._on_scenario_walk_submitted)
        self.scenario.end_requested.connect(self._on_scenario_end_requested)
        self.debrief.next_requested.connect(self._on_debrief_next_requested)
        self.debrief.results_requested.connect(self._on_debrief_results_requested)
        self.results.debrief_requested.connect(self._on_results_debrief_requested)
        self.results.again_requested.connect(self._on_results_again_requested)
        self.results.records_requested.connect(self._on_results_records_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    # -- what the main window calls ----------------------------------------------------------------
    def open_for(self, pack_id: str) -> None:
        """Show the window (raised), offering `pack_id` when no session is under way."""
        if self.session is None:
            self.setup.select_pack(pack_id)
        was_visible = self.isVisible()
        if not was_visible:
            fit_to_screen(self, PREFERRED_SIZE)
        self.show()
        # Bring it to the front when it was open behind the guide (the offscreen platform of the
        # tests cannot raise windows, and says so in a warning).
        if was_visible and QGuiApplication.platformName() != "offscreen":
            self.raise_()
        self.activateWindow()
        if self.stack.currentWidget() is self.setup and self.tabs.currentIndex() == 0:
            self.setup.focus_default()

    def play_session(self, session: TrainingSession) -> None:
        """Show the window and play `session`, a set made elsewhere (what a release changed),
        self-paced with a debrief after each scenario; results go to the training records."""
        self._debrief_each, self._all_saved, self._reviewing = True, True, -1
        self.problem.setVisible(False)
        self.session = session
        self.show()
        self.activateWindow()
        self._play()

    # -- starting --------------------------------------------------------------------------------
    def _session_for(self, plan: TrainingPlan, mode: str) -> TrainingSession | None:
        pack = self.library.packs.get(plan.pack_id)
        if pack is None:
            return None
        scenarios = choose_scenarios(pack, plan.kind, plan.value, plan.count)
        if not scenarios:
            return None
        self._debrief_each = plan.debrief_each or mode == PRESENTER
        self._all_saved = True
        self._reviewing = -1
        self.problem.setVisible(False)
        return TrainingSession(pack, scenarios, plan.trainee, mode)

    @Slot(object)
    def _on_setup_start_requested(self, plan: TrainingPlan) -> None:
        self.session = self._session_for(plan, SELF_PACED)
        if self.session is not None:
            self._play()

    @Slot(object)
    def _on_setup_present_requested(self, plan: TrainingPlan) -> None:
        session = self._session_for(plan, PRESENTER)
        if session is None:
            return
        self.session = session
        if self.presenter is not None:
            self.presenter.close()
        self.presenter = PresenterWindow(session, self)
        self.presenter.scenario_scored.connect(self._on_presenter_scenario_scored)
        self.presenter.presentation_ended.connect(self._on_presenter_presentation_ended)
        self.presenter.setScreen(self.screen())  # where the trainer is: the projector, when shared
        self.presenter.show_full_screen()
        self.presenter.activateWindow()

    # -- playing ---------------------------------------------------------------------------------
    def _show(self, page: QWidget) -> None:
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(page)
        focus = getattr(page, "focus_default", None)
        if focus is not None:
            focus()

    def _play(self) -> None:
        assert self.session is not None
        self.scenario.play(self.session)
        self._show(self.scenario)

    def _save(self, result: Result) -> None:
        session = self.session
        assert session is not None
        scenario = session.scenario_of(result)
        try:
            self.log.add(
                session.trainee,
                session.pack.id,
                session.pack.manifest.version,
                scenario.title,
                scenario.difficulty,
                session.mode,
                result,
            )
        except TrainingLogError as exc:
            self._all_saved = False
            self.problem.setText(f"\u26a0 This result could not be saved in the training records: {exc}")
            self.problem.setVisible(True)

    @Slot()
    def _on_scenario_walk_submitted(self) -> None:
        session = self.session
        if session is None or session.walk is None or not session.walk.finished:
            return
        result = session.finish()
        self._save(result)
        if self._debrief_each:
            self._reviewing = -1
            last = session.index + 1 >= session.total
            self.debrief.show_result(
                session.pack,
                session.scenario,
                result,
                f"scenario {session.index + 1} of {session.total}",
                "See the results \u2192" if last else "Next scenario \u2192",
                results=False,
            )
            self._show(self.debrief)
        else:
            self._next_scenario()

    def _next_scenario(self) -> None:
        assert self.session is not None
        if self.session.advance():
            self._play()
        else:
            self._show_results()

    @Slot()
    def _on_debrief_next_requested(self) -> None:
        if self.session is None:
            return
        if self._reviewing < 0:
            self._next_scenario()
        elif self._reviewing + 1 < len(self.session.results):
            self._on_results_debrief_requested(self._reviewing + 1)
        else:
            self._show_results()

    @Slot()
    def _on_scenario_end_requested(self) -> None:
        if self.session is not None and self.session.results:
            self._show_results()
        else:
            self.session = None
            self._show(self.setup)

    @Slot()
    def _on_debrief_results_requested(self) -> None:
        self._show_results()

    def _show_results(self) -> None:
        if self.session is None:
            return
        self.results.show_session(self.session, self._all_saved)
        self._show(self.results)
        if self.records.isVisible():
            self.records.refresh()

    @Slot(int)
    def _on_results_debrief_requested(self, row: int) -> None:
        session = self.session
        if session is None or not 0 <= row < len(session.results):
            return
        self._reviewing = row
        result = session.results[row]
        last = row + 1 >= len(session.results)
        self.debrief.show_result(
            session.pack,
            session.scenario_of(result),
            result,
            f"scenario {row + 1} of {len(session.results)}",
            "Back to the results" if last else "Next debrief \u2192",
            results=not last,
        )
        self._show(self.debrief)

    @Slot()
    def _on_results_again_requested(self) -> None:
        self.session = None
        self._show(self.setup)

    @Slot()
    def _on_results_records_requested(self) -> None:
        self.tabs.setCurrentIndex(1)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if index == 1:
            self.records.refresh()
            self.records.focus_default()

    # -- presenter mode --------------------------------------------------------------------------
    @Slot(object)
    def _on_presenter_scenario_scored(self, result: Result) -> None:
        self._save(result)

    @Slot()
    def _on_presenter_presentation_ended(self) -> None:
        self.presenter = None
        if self.session is not None and self.session.results:
            self._show_results()
        else:
            self.session = None
            self._show(self.setup)
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.presenter is not None:
            self.presenter.close()
        super().closeEvent(event)
