"""A returning start paints the first screen from the start index and loads the library just after:
the officer sees exactly what the library holds, can choose a situation at once, and a stale index
never stays on screen. The first paint does not need the model (what keeps the start within its
budget), which a real process checks."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brightline.core.library import Library, load_library
from brightline.core.paths import resolve_paths
from brightline.core.startcache import StartCache, StartIndex, write_shipped_index
from brightline.ui.app import build, run
from brightline.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def painted_from_index(qtbot: QtBot, library: Library, start: StartIndex) -> tuple[MainWindow, list[int]]:
    loads: list[int] = []

    def load() -> Library:
        loads.append(1)
        return library

    window = build(resolve_paths(), ["brightline"], load, start=start).window
    qtbot.addWidget(window)
    return window, loads


def test_a_returning_start_paints_from_the_index_then_loads_the_library(
    qtbot: QtBot, data_dir: Path, packs_root: Path
) -> None:
    paths = resolve_paths()
    first = run(paths, ["brightline"], exec=False)
    assert not isinstance(first, int)
    qtbot.addWidget(first.window)
    with qtbot.waitSignal(first.window.built, timeout=5000):
        pass
    shown = first.window.picker.visible_tree_ids()
    first.window.close()
    assert StartCache(paths).start_index() == first.window.start  # kept in this user's cache folder

    again = run(paths, ["brightline"], exec=False)
    assert not isinstance(again, int)
    window = again.window
    qtbot.addWidget(window)
    assert window.loaded_library() is None  # painted from the index alone
    assert window.header.packs.currentData() == "testville"
    assert window.picker.visible_tree_ids() == shown
    with qtbot.waitSignal(window.built, timeout=5000):
        pass
    loaded = window.loaded_library()
    assert loaded is not None and list(loaded.packs) == ["testville", "proposalville"]
    assert window.picker.visible_tree_ids() == shown


def test_a_new_users_first_start_paints_from_the_shipped_index_though_an_install_set_new_file_times(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs = tmp_path / "installed"
    shutil.copytree(fixture_root, packs)
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(packs))
    monkeypatch.delenv("BRIGHTLINE_PACKS", raising=False)
    # What `brightline prepare` writes (the fixture packs are not complete enough for its checks).
    assert write_shipped_index(resolve_paths(), load_library(packs))
    for file in packs.rglob("*.yaml"):
        os.utime(file, ns=(1_000_000_000, 1_000_000_000))
    started = run(resolve_paths(), ["brightline"], exec=False)
    assert not isinstance(started, int)
    qtbot.addWidget(started.window)
    assert started.window.loaded_library() is None  # painted from the shipped index alone
    assert started.window.header.packs.currentData() == "testville"


def test_a_situation_chosen_before_the_library_is_loaded_opens(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    window, loads = painted_from_index(qtbot, fixture_library, StartIndex.of(fixture_library))
    assert not loads
    window.picker.search.setText("backup")
    qtbot.keyClick(window.picker.search, "\r")
    assert loads == [1]
    assert window.stack.currentWidget() is window.question
    assert window.walk_header.title() == "Agents at a scene ask for backup"


def test_a_stale_index_is_replaced_by_the_library_as_soon_as_it_is_loaded(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    stale = StartIndex.of(fixture_library)
    gone = stale.packs[0]
    gone.name = "Oldtown (renamed since)"
    gone.situations[0].title = "A situation that no longer exists"
    stale.broken = [("oldpack", 2, "oldpack/pack.yaml:1: a problem since mended")]
    window, loads = painted_from_index(qtbot, fixture_library, stale)
    assert "Oldtown" in window.header.packs.currentText()
    assert "oldpack" in window.notice.text()
    with qtbot.waitSignal(window.built, timeout=5000):
        pass
    assert loads == [1]
    assert window.header.packs.currentText() == "Testville Police Department"
    assert "A situation that no longer exists" not in [
        window.picker.proxy.index(row, 0).data() for row in range(window.picker.proxy.rowCount())
    ]
    assert not window.notice.isVisible()
    assert window.start == StartIndex.of(fixture_library)


def as_read_from_disk(index: StartIndex) -> StartIndex:
    """The index as a start reads it from its file: the packs' texts, not the packs."""
    return StartIndex.from_data(json.loads(json.dumps(index.data())))


def test_the_first_key_searches_the_words_of_the_packs_which_the_index_does_not_hold(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    window, loads = painted_from_index(qtbot, fixture_library, as_read_from_disk(StartIndex.of(fixture_library)))
    assert not loads
    window.picker.search.setText("magistrate")  # only in an answer of the detainer situation
    assert loads == [1]
    assert window.picker.visible_tree_ids() == ["detainer"]
    window.picker.search.setText("crowd")
    assert window.picker.visible_tree_ids() == ["scene-assistance"]
    assert loads == [1]


def test_a_first_key_on_a_stale_index_lists_what_the_library_holds(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    stale = as_read_from_disk(StartIndex.of(fixture_library))
    for situation in stale.packs[0].situations:  # the groups since renamed: listed in the other order
        situation.group = {"detainer": "Zzz old group", "scene-assistance": "Aaa old group"}.get(situation.id, "")
        if situation.id == "detainer":
            situation.title = "A situation that no longer exists"
    window, loads = painted_from_index(qtbot, fixture_library, stale)
    assert window.picker.visible_tree_ids() == ["scene-assistance", "detainer"]
    window.picker.search.setText("you")  # found as well in both: listed by group; the first search loads the library
    assert loads == [1]
    assert window.start == StartIndex.of(fixture_library)
    fresh, _loads = painted_from_index(qtbot, fixture_library, StartIndex.of(fixture_library))
    fresh.picker.search.setText("you")
    window_order = window.picker.visible_tree_ids()
    assert len(window_order) == 2 and window_order == fresh.picker.visible_tree_ids()
    titles = [window.picker.proxy.index(row, 0).data() for row in range(window.picker.proxy.rowCount())]
    assert "A situation that no longer exists" not in titles


# Run in a fresh process: records, at the main window's first paint, which of the model's modules
# are loaded.
AT_FIRST_PAINT = """
import gc, json, sys
import PySide6.QtCore as QtCore
import brightline.ui.main_window as main_window
seen = {}
original = main_window._BuildRestAfterFirstPaint.eventFilter
def spy(self, watched, event):
    if not seen and event.type() == QtCore.QEvent.Type.Paint and isinstance(watched, main_window.MainWindow):
        seen["modules"] = sorted(m for m in sys.modules if m in MODEL)
        seen["library_loaded"] = watched.loaded_library() is not None
        seen["collecting_garbage"] = gc.isenabled() and gc.get_freeze_count() > 0
        seen["pack_files_read"] = len(read)
    return original(self, watched, event)
read = []
import brightline.core.packfiles as packfiles, brightline.core.startcache.digest as digest
def reading(file, *args, **kwargs):
    read.append(file.location)
    return packfiles.read_file(file, *args, **kwargs)
digest.read_file = reading
MODEL = {"brightline.core.library", "brightline.core.model", "brightline.core.walk", "brightline.core.yamlio",
         "brightline.core.startcache.model_codec", "pickle", "networkx", "html"}
main_window._BuildRestAfterFirstPaint.eventFilter = spy
from brightline.cli import main
code = main(sys.argv[1:])
print(json.dumps(seen))
sys.exit(code)
"""


def test_a_returning_start_paints_without_the_model(packs_root: Path, data_dir: Path) -> None:
    env = dict(os.environ, BRIGHTLINE_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", AT_FIRST_PAINT, "--data-dir", str(data_dir)]
    runs = [subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT) for _ in "12"]
    for done in runs:
        assert done.returncode == 0, done.stderr
    first, again = (json.loads(done.stdout.strip().splitlines()[-1]) for done in runs)
    assert first["library_loaded"]  # nothing kept yet: the library was loaded to paint
    assert first["collecting_garbage"]  # on again for the event loop, the start's objects left out
    # Nor the packs' bytes, nor the code: what it painted is checked when the library is loaded.
    assert again == {"modules": [], "library_loaded": False, "collecting_garbage": True, "pack_files_read": 0}


def test_garbage_is_collected_again_once_the_window_is_made(qtbot: QtBot, data_dir: Path, packs_root: Path) -> None:
    gc.disable()  # as the command does for the start (brightline.cli.cmd_gui)
    try:
        frozen_before = gc.get_freeze_count()
        started = run(resolve_paths(), ["brightline"], exec=False)
        assert not isinstance(started, int)
        qtbot.addWidget(started.window)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen_before  # the start's objects are left out of later collections
    finally:
        gc.unfreeze()
        gc.enable()


def test_whoever_asks_first_loads_the_library_once_and_the_window_checks_what_it_painted(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    stale = StartIndex.of(fixture_library)
    stale.packs[0].name = "Oldtown (renamed since)"
    window, loads = painted_from_index(qtbot, fixture_library, stale)
    window.picker.tree_chosen.emit("detainer")  # the controller needs the library first
    assert loads == [1]
    assert window.controller.tree is not None and window.controller.tree.id == "detainer"
    assert window.library is fixture_library and window.controller.library is fixture_library
    assert loads == [1]  # one load, shared by the window and its controller
    assert window.header.packs.currentText() == "Testville Police Department"  # the painted name was checked
