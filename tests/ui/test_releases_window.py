"""Signed releases in the real window: which release is in force, the quiet reminder, what changed
old beside new, acknowledging, practising the changes, the supervisor's report, installing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brightline.core.acknowledgments import AcknowledgmentStore
from brightline.core.library import load_library
from brightline.core.machine_config import load_machine_config
from brightline.core.paths import Paths, resolve_paths
from brightline.core.releases.trust import decide_trust
from brightline.ui.app import build
from brightline.ui.main_window import MainWindow
from brightline.ui.releases.attach import ReleasesFeature
from brightline.ui.releases.changes_dialog import WhatChangedDialog
from brightline.ui.releases.install_dialog import InstallReleasesDialog
from brightline.ui.releases.report_dialog import AcknowledgmentsReportDialog
from brightline.ui.training.training_window import TrainingWindow
from packlib import make_library
from releaselib import CHANGED_OVERRIDE, author_key, config_file, install, publish_city, rezip


class Machine:
    """A pack library, an author key, and a machine that pins it with releases 1 and 2 of `city`."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = make_library(tmp_path)
        self.key = author_key(tmp_path)
        self.installed = tmp_path / "machine"
        self.share = tmp_path / "share"
        self.share.mkdir()
        install(publish_city(self.root, self.key, tmp_path / "city-1.zip", 1), self.installed, self.key, self.root)
        two = publish_city(self.root, self.key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE, version="1.11")
        install(two, self.installed, self.key, self.root)
        config = config_file(tmp_path, [self.key], self.installed, self.share)
        monkeypatch.setenv("BRIGHTLINE_DEPARTMENT", str(config))
        monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(self.root))
        self.tmp = tmp_path

    def paths(self) -> Paths:
        return decide_trust(resolve_paths(), load_machine_config())


def open_main(qtbot: QtBot, paths: Paths) -> tuple[MainWindow, ReleasesFeature]:
    window = build(paths, ["brightline"], load_library(paths.packs, trust=paths.trust)).window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.finish_building()
    feature = window.findChild(ReleasesFeature)
    assert feature is not None
    return window, feature


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Machine:
    return Machine(tmp_path, monkeypatch)


def test_without_pinned_keys_the_window_says_quietly_that_packs_are_unsigned(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(make_library(tmp_path)))
    window, feature = open_main(qtbot, resolve_paths())
    assert feature.status.text() == "Packs: unsigned"
    assert "No author key is pinned" in feature.status._text.toolTip()
    assert not feature.status.reminder.isVisible() and not feature.changes_action.isEnabled()
    window.close()


def test_the_window_says_which_release_is_in_force_and_reminds_until_acknowledged(
    qtbot: QtBot, machine: Machine, data_dir: Path
) -> None:
    window, feature = open_main(qtbot, machine.paths())
    window.controller.select_pack("city")
    assert feature.status.text() == "city: signed release 2 (1.11)"
    assert "in force (effective 2020-01-01" in feature.status._text.toolTip()
    assert feature.status.reminder.isVisible()
    assert feature.status.reminder.text() == "What changed: city release 2"
    window.controller.select_pack("base")
    assert feature.status.text() == "base: the program's own pack"

    qtbot.mouseClick(feature.status.reminder, Qt.MouseButton.LeftButton)
    dialog = window.findChild(WhatChangedDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    shown = dialog.text()
    assert "release 1 (version 1.10) \u2192 release 2 (version 1.11)" in shown
    assert "The answer changed" in shown
    assert "ESCALATE \u2014 Under the proposed policy, call the watch commander." in shown  # before
    assert "COMPLY \u2014 Under the proposed policy, honour the judge's warrant at once." in shown  # now, beside it
    assert "Added \u2014 do: Tell the watch commander afterwards." in shown
    dialog.role.setCurrentIndex(dialog.role.findData("patrol"))
    assert "Nothing changed in the situations for this role." in dialog.text()
    dialog.role.setCurrentIndex(dialog.role.findData("booking"))

    dialog.name.setText("Ana Lee")
    dialog.badge.setText("S-12")
    qtbot.mouseClick(dialog.acknowledge, Qt.MouseButton.LeftButton)
    assert "You acknowledged city release 2 (version 1.11)." in dialog.state.text()
    assert not dialog.acknowledge.isEnabled()
    assert not feature.status.reminder.isVisible()  # acknowledged: no more reminder
    [ack] = AcknowledgmentStore(data_dir / "acknowledgments.sqlite3").all()
    assert (ack.who, ack.badge_or_account, ack.pack_id, ack.sequence, ack.version) == (
        "Ana Lee",
        "S-12",
        "city",
        2,
        "1.11",
    )
    assert window.settings.staff_name == "Ana Lee"  # remembered as the contact form remembers it
    dialog.close()
    window.close()

    again, feature_again = open_main(qtbot, machine.paths())
    assert not feature_again.status.reminder.isVisible()  # seen once, and never again
    report = AcknowledgmentsReportDialog(machine.paths(), feature_again.store, again)
    qtbot.addWidget(report)
    text = report.text()
    assert "city release 2 (version 1.11)" in text and "Ana Lee (S-12)" in text
    assert "Acknowledged (1)" in text
    again.close()


def test_changed_outcomes_are_practised_in_the_training_window(qtbot: QtBot, machine: Machine) -> None:
    window, feature = open_main(qtbot, machine.paths())
    feature.open_changes()
    dialog = window.findChild(WhatChangedDialog)
    assert dialog is not None
    dialog.role.setCurrentIndex(dialog.role.findData("booking"))
    dialog.practise.click()
    training = window.findChild(TrainingWindow)
    assert isinstance(training, TrainingWindow)
    qtbot.waitExposed(training)
    session = training.session
    assert session is not None and [s.expected_outcome for s in session.scenarios] == ["honour"]
    assert "A warrant signed by a judge" in training.scenario.narrative.toPlainText()
    dialog.close()
    training.close()
    window.close()


def test_it_installs_the_newer_releases_from_its_folder_and_names_what_it_refuses(
    qtbot: QtBot, machine: Machine
) -> None:
    three = publish_city(machine.root, machine.key, machine.share / "city-3.zip", 3, notes="three")
    rezip(
        three,
        machine.share / "city-4-tampered.zip",
        lambda old: [
            (i, d.replace(b"Log it.", b"Hold them.") if i.filename.endswith("detainer.yaml") else d) for i, d in old
        ],
    )
    (machine.tmp / "city-1.zip").replace(machine.share / "city-1.zip")
    dialog = InstallReleasesDialog(machine.paths())
    qtbot.addWidget(dialog)
    shown = dialog.text()
    assert "city-3.zip: city release 3 (version 1.10), in force from 2020-01-01: not installed yet" in shown
    assert "city-4-tampered.zip: refused: 'overrides/detainer.yaml' is not the file the signature vouches for" in shown
    assert "city-1.zip: city release 1 (version 1.10): older than release 2, installed" in shown
    assert dialog.install_newer.isEnabled()
    dialog.install_newer.click()
    assert "\u2713 city release 3 (version 1.10) installed; in force from 2020-01-01." in dialog.outcome.text()
    assert "Brightline uses new releases from its next start." in dialog.outcome.text()
    assert not dialog.install_newer.isEnabled()
    assert "installed: city release 3" in dialog.text()  # the event log, shown
    said = dialog.install([machine.share / "city-4-tampered.zip"])
    assert said[0].startswith("\u26a0 city-4-tampered.zip: refused:")


def test_the_status_bar_fits_1024_pixels_with_the_release_the_reminder_and_the_department(
    qtbot: QtBot, machine: Machine
) -> None:
    """Every mark of the status bar shows whole on a 1024x768 screen: the release in force, the
    reminder, the contact log's and the department's (a department whose server does not answer)."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QLabel, QPushButton

    from ui.fit import fit_problems

    config = Path(str(machine.tmp / "brightline.toml"))
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[department]\nname = "Test PD"\nmachine = "booking-01"\nunit = "Jail"\n'
        + '[server]\nhost = "127.0.0.1"\nport = 9\ndatabase = "brightline"\nuser = "m"\nconnect_timeout = 1\n',
        encoding="utf-8",
    )
    window, feature = open_main(qtbot, machine.paths())
    assert feature.status.reminder.isVisible()

    def marks() -> str:
        return " | ".join(w.text() for w in window.statusBar().findChildren(QLabel) if w.isVisibleTo(window))

    qtbot.waitUntil(lambda: "Department:" in marks(), timeout=15_000)
    problems = [p for p in fit_problems(window, QSize(1024, 768)) if "status" in p.lower() or "reminder" in p.lower()]
    assert not problems, problems
    bar = window.statusBar()
    widgets = [*bar.findChildren(QLabel), *bar.findChildren(QPushButton)]
    shown = [w for w in widgets if w.isVisibleTo(window) and w.text().strip()]
    assert len(shown) >= 4, [w.text() for w in shown]  # the release, the reminder, the department, the log
    for widget in shown:
        assert widget.width() >= widget.sizeHint().width() - 1, f"{widget.text()!r} is squeezed to {widget.width()} px"
        assert widget.geometry().right() <= bar.width(), widget.text()
