"""The signed releases' part of the main window, hooked in after the first paint.

`attach_releases(window, paths)` adds the status mark and reminder (`status_widget`) and a
"Releases" menu: What changed… (the officer reads and acknowledges), Install releases… (IT), and
the Acknowledgments report… (supervisors). Everything it needs comes from `paths.trust` (what
start-up verified), the data folder (the acknowledgments) and the window's settings (who the
officer is, their role); it never changes the window's own widgets.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from brightline.core.acknowledgments import FILE_NAME, AcknowledgmentStore, has_acknowledged, officer
from brightline.core.packtrust import ReleaseInfo
from brightline.core.releases.events import account
from brightline.ui.releases.status_widget import ReleaseStatusWidget

if TYPE_CHECKING:
    from brightline.core.paths import Paths
    from brightline.core.training import TrainingSession
    from brightline.ui.main_window import MainWindow
    from brightline.ui.training.training_window import TrainingWindow


class ReleasesFeature(QObject):
    """The status mark, the reminder and the Releases menu of one main window."""

    def __init__(self, window: MainWindow, paths: Paths) -> None:
        super().__init__(window)
        self.window = window
        self.paths = paths
        self.store = AcknowledgmentStore(paths.data / FILE_NAME)
        self._training: TrainingWindow | None = None  # made when first asked for
        self.status = ReleaseStatusWidget(paths.trust)
        window.statusBar().addWidget(self.status)
        self.status.reminder_clicked.connect(self.open_changes)
        menu = window.menuBar().addMenu("&Releases")
        self.changes_action = self._add(menu, "&What changed\u2026", self.open_changes)
        self.install_action = self._add(menu, "&Install releases\u2026", self.open_install)
        self.report_action = self._add(menu, "&Acknowledgments report\u2026", self.open_report)
        signed = paths.trust is not None
        self.changes_action.setEnabled(signed)
        window.controller.pack_selected.connect(self._on_controller_pack_selected)
        self.status.show_pack(window.controller.pack_id)
        self.refresh_reminder()

    def _add(self, menu: QMenu, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def officer(self) -> tuple[str, str]:
        """(who, badge_or_account) of whoever uses the window: as on the contact form, else the account."""
        settings = self.window.settings
        try:
            return officer(settings.staff_name, settings.staff_badge, account())
        except ValueError:
            return officer("", "", account())

    def waiting(self) -> list[ReleaseInfo]:
        """The releases in force that this officer has not acknowledged."""
        trust = self.paths.trust
        if trust is None:
            return []
        try:
            acks = self.store.all()
        except (OSError, sqlite3.Error):
            acks = []
        _, badge = self.officer()
        in_force = [s.in_force for s in trust.standings.values() if s.in_force is not None]
        return [release for release in in_force if not has_acknowledged(acks, badge, release)]

    def refresh_reminder(self) -> None:
        self.status.show_reminder(self.waiting())

    @Slot(str)
    def _on_controller_pack_selected(self, pack_id: str) -> None:
        self.status.show_pack(pack_id)

    @Slot()
    def open_changes(self) -> None:
        from brightline.ui.releases.changes_dialog import WhatChangedDialog

        trust = self.paths.trust
        if trust is None:
            return
        waiting = self.waiting()
        first = waiting[0].pack_id if waiting else self.window.controller.pack_id
        dialog = WhatChangedDialog(self, first, self.window)
        dialog.acknowledged.connect(self.refresh_reminder)
        dialog.open()

    def play_training(self, session: TrainingSession) -> None:
        """Play a training set made from what a release changed, in the training window."""
        from brightline.core.training_log import TrainingLog
        from brightline.ui.training.training_window import TrainingWindow

        if self._training is None:
            self._training = TrainingWindow(self.window.library, TrainingLog(self.paths.training_log), self.window)
        self._training.play_session(session)

    @Slot()
    def open_install(self) -> None:
        from brightline.ui.releases.install_dialog import InstallReleasesDialog

        InstallReleasesDialog(self.paths, self.window).open()

    @Slot()
    def open_report(self) -> None:
        from brightline.ui.releases.report_dialog import AcknowledgmentsReportDialog

        AcknowledgmentsReportDialog(self.paths, self.store, self.window).open()


def attach_releases(window: MainWindow, paths: Paths) -> ReleasesFeature:
    """Hook the releases into `window` (see the module's notes); the window keeps the feature."""
    return ReleasesFeature(window, paths)  # a child of the window: it lives as long
