"""Fixtures for the training tests: the UI fixture library with three scenarios added, a training
window on a temporary data folder, and helpers to press keys where the focus is.

(No tests here; the test_training_* modules import these fixtures.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from brightline.core.library import Library, load_library
from brightline.core.training_log import TrainingLog
from brightline.ui.training.training_window import TrainingWindow

LONG = " ".join(["The deputy reads the paper twice, checks the signature block and the heading again."] * 12)

SCENARIOS = {
    # Easy, on the detainer tree, with the path given: first answer, then the outcome.
    "testville/scenarios/night-detainer.yaml": """id: night-detainer
title: A detainer at night
tree: detainer
difficulty: easy
narrative: |
  At 02:00 an I-247A arrives by fax, signed by a deportation officer, for a man due for release
  within the hour.

  His sister is waiting in the lobby.
expected_outcome: hold-decline
expected_path: [who-signed, hold-decline]
debrief:
  - point: An immigration officer's signature makes it an ICE form, not a judge's warrant.
    cite: [testville-ordinance:sec-3]
  - point: Write down what arrived and that the hold was declined.
    cite: [testville-ordinance:sec-4]
""",
    # Medium, on the same tree, two questions deep; its narrative is long (it must scroll, not be cut).
    "testville/scenarios/unsure-paper.yaml": f"""id: unsure-paper
title: A paper nobody can read
tree: detainer
difficulty: medium
narrative: |
  {LONG}
expected_outcome: unsure-escalate
expected_path: [who-signed, release-soon, unsure-escalate]
debrief:
  - point: When you cannot tell who signed and release is near, a supervisor reads it now.
    cite: [testville-ordinance:sec-3]
""",
    # Hard, on the scene tree, with no path given: any path to the outcome scores full marks.
    "testville/scenarios/scene-crowd.yaml": """id: scene-crowd
title: A crowd gathers at an arrest
tree: scene-assistance
difficulty: hard
narrative: Agents arresting a man outside a shop ask your officers to keep a growing crowd back.
expected_outcome: peace-comply
expected_path: []
debrief:
  - point: Keeping the peace is ordinary police work.
    cite: [testville-ordinance:sec-4]
""",
}
ORDER = ["night-detainer", "unsure-paper", "scene-crowd"]  # the order a set of all plays them in


@pytest.fixture(scope="session")
def training_root(fixture_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("training") / "packs"
    shutil.copytree(fixture_root, root)
    for name, text in SCENARIOS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def training_library(training_root: Path) -> Library:
    library = load_library(training_root)
    assert not library.broken, library.broken
    assert not [p for p in library.problems if p.code.startswith("scenario.")], library.problems
    assert set(library.packs["testville"].scenarios) == set(ORDER)
    return library


@pytest.fixture
def training_log(data_dir: Path) -> TrainingLog:
    return TrainingLog(data_dir / "training.sqlite3")


@pytest.fixture
def training_window(qtbot: QtBot, training_library: Library, training_log: TrainingLog) -> Iterator[TrainingWindow]:
    window = TrainingWindow(training_library, training_log)
    qtbot.addWidget(window)
    window.open_for("testville")
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    yield window
    window.close()


def key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a person would."""
    target = QApplication.focusWidget()
    assert isinstance(target, QWidget), "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def digit(n: int) -> Qt.Key:
    return Qt.Key(int(Qt.Key.Key_0) + n)
