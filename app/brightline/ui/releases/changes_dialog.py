"""What a release in force changed, for the officer's role, old beside new; acknowledged with one
button, and turned into a short training set with another."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from brightline.core.acknowledgments import Acknowledgment, has_acknowledged, now, officer
from brightline.core.catalogue import AUDIENCES, EVERYONE
from brightline.core.packtrust import ReleaseInfo
from brightline.core.releases.events import account
from brightline.core.releases.refusal import ReleaseRefused
from brightline.ui.releases.wording import changes_html
from brightline.ui.training.wording import SELF_PACED
from brightline.ui.wording import AUDIENCE_LABELS

if TYPE_CHECKING:
    from brightline.core.changes import TreeChange
    from brightline.core.releases.versions import PackVersion
    from brightline.ui.releases.attach import ReleasesFeature


class WhatChangedDialog(QDialog):
    """One release in force at a time: what changed since the version before it."""

    acknowledged = Signal()
    """The officer acknowledged a release."""

    def __init__(self, feature: ReleasesFeature, pack_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatChangedDialog")
        self.setWindowTitle("What changed in the policy")
        self.setMinimumSize(820, 600)
        self.feature = feature
        trust = feature.paths.trust
        assert trust is not None
        self._releases = [s.in_force for s in trust.standings.values() if s.in_force is not None]
        self._versions: tuple[PackVersion, PackVersion, list[TreeChange]] | None = None

        self.release = QComboBox()
        self.release.setAccessibleName("Release")
        for info in self._releases:
            self.release.addItem(f"{info.pack_id}: {info.label}", info.pack_id)
        self.role = QComboBox()
        self.role.setAccessibleName("Show the changes for")
        for key in (EVERYONE, *AUDIENCES):
            self.role.addItem(AUDIENCE_LABELS[key], key)
        self.role.setCurrentIndex(max(0, self.role.findData(feature.window.settings.audience)))
        self.heading = QLabel()
        self.heading.setObjectName("changesHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QTextBrowser()
        self.view.setObjectName("changesView")
        self.view.setOpenLinks(False)
        who, badge = feature.officer()
        settings = feature.window.settings
        self.name = QLineEdit(settings.staff_name or ("" if badge.startswith("os:") else who))
        self.name.setPlaceholderText(f"your name (blank: the account {account()})")
        self.badge = QLineEdit(settings.staff_badge)
        self.badge.setPlaceholderText("your badge or ID (blank: the account)")
        self.state = QLabel()
        self.state.setObjectName("acknowledgmentState")
        self.state.setWordWrap(True)
        self.acknowledge = QPushButton("I have read these changes")
        self.acknowledge.setDefault(True)
        self.practise = QPushButton("Practise these changes")
        self.practise.setToolTip("A short training set: each changed outcome, walked and debriefed")
        close = QPushButton("Close")

        top = QHBoxLayout()
        top.addWidget(QLabel("Release:"))
        top.addWidget(self.release, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("Changes for:"))
        top.addWidget(self.role)
        form = QFormLayout()
        form.addRow("Your name", self.name)
        form.addRow("Your badge or ID", self.badge)
        buttons = QHBoxLayout()
        buttons.addWidget(self.practise)
        buttons.addStretch(1)
        buttons.addWidget(self.acknowledge)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addLayout(buttons)

        self.release.currentIndexChanged.connect(self._on_release_current_index_changed)
        self.role.currentIndexChanged.connect(self._on_role_current_index_changed)
        self.acknowledge.clicked.connect(self._on_acknowledge_clicked)
        self.practise.clicked.connect(self._on_practise_clicked)
        close.clicked.connect(self.reject)
        index = self.release.findData(pack_id)
        self.release.setCurrentIndex(max(0, index))
        if index <= 0:  # the signal fired for index 0 already, or not at all
            self._load()

    def chosen_role(self) -> str:
        return str(self.role.currentData() or "")

    def text(self) -> str:
        """What the dialog shows, as plain text."""
        return f"{self.heading.text()}\n{self.view.toPlainText()}\n{self.state.text()}"

    def _load(self) -> None:
        from brightline.core.releases.trust import machine_of
        from brightline.core.releases.versions import in_force_changes

        self._versions = None
        if not self._releases:
            self.heading.setText("No signed release is in force on this machine.")
            self.view.clear()
            self._show_state()
            return
        pack_id = str(self.release.currentData())
        trust = self.feature.paths.trust
        assert trust is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = in_force_changes(machine_of(trust), self.feature.paths.packs, pack_id, date.today())
        except ReleaseRefused as exc:
            found = None
            self.heading.setText(f"What changed cannot be shown: {exc.message}")
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._versions = found
        self._show()

    def _show(self) -> None:
        if self._versions is None:
            self.view.clear()
            self._show_state()
            return
        old, new, changes = self._versions
        assert new.release is not None
        heading = f"{new.pack.manifest.name}: {old.label} \u2192 {new.label}, in force since {new.release.effective}."
        if new.release.notes:
            heading += f"\nThe author says: {' '.join(new.release.notes.split())}"
        self.heading.setText(heading)
        self.view.setHtml(changes_html(changes, self.chosen_role(), old.label, new.label))
        self._show_state()

    def _show_state(self) -> None:
        release = self._current()
        if release is None:
            self.state.setText("")
            self.acknowledge.setEnabled(False)
            self.practise.setEnabled(False)
            return
        try:
            acks = self.feature.store.all()
        except (OSError, sqlite3.Error):
            acks = []
        _, badge = self._officer()
        done = has_acknowledged(acks, badge, release)
        self.acknowledge.setEnabled(not done)
        self.practise.setEnabled(self._versions is not None)
        self.state.setText(
            f"You acknowledged {release.pack_id} {release.label}."
            if done
            else "Read the changes for your role, then acknowledge them. Until then Brightline reminds you."
        )

    def _current(self) -> ReleaseInfo | None:
        index = self.release.currentIndex()
        return self._releases[index] if 0 <= index < len(self._releases) else None

    def _officer(self) -> tuple[str, str]:
        try:
            return officer(self.name.text(), self.badge.text(), account())
        except ValueError:
            return officer("", "", account())

    @Slot(int)
    def _on_release_current_index_changed(self, index: int) -> None:
        self._load()

    @Slot(int)
    def _on_role_current_index_changed(self, index: int) -> None:
        self._show()

    @Slot()
    def _on_acknowledge_clicked(self) -> None:
        release = self._current()
        if release is None:
            return
        try:
            who, badge = officer(self.name.text(), self.badge.text(), account())
        except ValueError as exc:
            self.state.setText(f"\u26a0 {exc}")
            return
        from brightline.core.releases.trust import machine_name

        ack = Acknowledgment(who, badge, machine_name(), release.pack_id, release.sequence, release.version, now())
        try:
            self.feature.store.record(ack)
        except (OSError, sqlite3.Error) as exc:
            self.state.setText(f"\u26a0 The acknowledgment could not be kept ({self.feature.store.path}): {exc}")
            return
        settings = self.feature.window.settings
        if self.name.text().strip():
            settings.staff_name = self.name.text().strip()
        if self.badge.text().strip():
            settings.staff_badge = self.badge.text().strip()
        self._show_state()
        self.acknowledged.emit()

    @Slot()
    def _on_practise_clicked(self) -> None:
        if self._versions is None:
            return
        from brightline.core.change_training import change_scenarios
        from brightline.core.training import TrainingSession

        _, new, changes = self._versions
        label = new.label
        scenarios = change_scenarios(new.pack, changes, self.chosen_role(), label)
        if not scenarios:
            self.state.setText("No outcome changed for this role: there is nothing to practise.")
            return
        who, _ = self._officer()
        session = TrainingSession(new.pack, scenarios, who, SELF_PACED)
        self.feature.play_training(session)
