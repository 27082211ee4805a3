"""Start-up as `brightline` does it, the quit-when-ready switch, no network, and the self-test."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brightline.cli.selftest import self_test
from brightline.core.library import Library
from brightline.core.paths import resolve_paths
from brightline.ui.app import Started, build, run
from brightline.ui.contact_log.recorder import STAY, ContactRecorder
from brightline.ui.contact_log.status_widget import LogStatusWidget

ROOT = Path(__file__).resolve().parents[2]


def test_run_without_exec_returns_the_shown_window(qtbot: QtBot, data_dir: Path, packs_root: Path) -> None:
    started = run(resolve_paths(), ["brightline"], exec=False)
    assert isinstance(started, Started)
    qtbot.addWidget(started.window)
    assert started.window.isVisible()
    assert started.app.organizationName() == "Brightline"
    assert started.app.applicationName() == "Brightline"
    assert started.window.header.packs.currentData() == "testville"
    assert "PySide6.QtNetwork" not in sys.modules  # nothing in the window can open a connection


def test_quit_when_ready_exits_after_the_first_paint_and_prints_nothing(packs_root: Path, data_dir: Path) -> None:
    # A real process: once exec() has returned, a QApplication is closing and cannot be reused.
    env = dict(os.environ, BRIGHTLINE_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_self_test_walks_every_tree(packs_root: Path, data_dir: Path) -> None:
    out = io.StringIO()
    assert self_test(resolve_paths(), out) == 0
    assert out.getvalue() == "OK: 2 packs, 4 trees walked\n"
    assert not (data_dir / "settings.ini").exists()  # the user's remembered choices are untouched


def test_self_test_fails_on_a_broken_pack(
    fixture_root: Path, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "packs"
    shutil.copytree(fixture_root, root)
    tree = root / "testville" / "trees" / "scene-assistance.yaml"
    tree.write_text(tree.read_text().replace("next: peace-comply", "next: nowhere"))
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(root))
    out = io.StringIO()
    assert self_test(resolve_paths(), out) == 1
    text = out.getvalue()
    assert "FAIL: pack 'testville' did not load" in text
    assert "scene-assistance.yaml" in text and "nowhere" in text
    assert "self-test failed" in text


def test_the_rest_of_the_window_is_built_right_after_its_first_paint(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library
) -> None:
    window = build(resolve_paths(), ["brightline"], fixture_library).window
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.built, timeout=5000):
        pass  # nobody touches the window: the event loop alone finishes it
    marks = window.statusBar().findChildren(LogStatusWidget)
    assert len(marks) == 1 and marks[0].isVisible()  # the contact log's mark is in the status bar
    assert window.stack.indexOf(window.question) >= 0 and window.stack.indexOf(window.outcome) >= 0


def test_a_situation_chosen_before_the_rest_is_built_opens_and_offers_recording(
    qtbot: QtBot, data_dir: Path, packs_root: Path, fixture_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(ContactRecorder, "ask_before_leaving", lambda self: asked.append("asked") or STAY)
    window = build(resolve_paths(), ["brightline"], fixture_library).window
    qtbot.addWidget(window)
    # No event processed yet: the window has not even been painted once.
    window.picker.tree_chosen.emit("detainer")
    assert window.stack.currentWidget() is window.question
    assert window.question.answer_buttons()[0].isVisibleTo(window)
    window.question.answer_chosen.emit(0)
    assert window.stack.currentWidget() is window.outcome
    assert window.controller.current is not None and window.controller.current.id == "hold-decline"
    assert window.outcome._record.isVisibleTo(window) and window.outcome._record.objectName() == "primaryButton"
    assert "record it before you leave" in window.outcome.record_note()
    window.controller.close()  # "New situation" on an unrecorded contact that must be documented
    assert asked == ["asked"]
    assert window.stack.currentWidget() is window.outcome  # the officer chose to stay and record it


def test_self_test_fails_when_what_is_kept_differs_from_the_packs(packs_root: Path, data_dir: Path) -> None:
    """As if the cache's codec had a bug: an entry made with the user's own key, for exactly these
    packs, that says something else. Every start would trust it; the self-test must not."""
    import json

    from brightline.cli.packs import load
    from brightline.core.startcache.sealed import MAGIC, seal
    from brightline.core.startcache.secret import read_secret

    paths = resolve_paths()
    load(paths)  # a command keeps the library and the start index
    assert self_test(paths, io.StringIO()) == 0
    key = read_secret(paths.cache_key)
    assert key is not None
    header, body = paths.library_cache.read_bytes()[len(MAGIC) :].split(b"\n", 1)
    made = json.loads(header)
    changed = body.replace(
        b'"Do not keep the person past their release time', b'"Keep the person past their release time'
    )
    assert changed != body
    paths.library_cache.write_bytes(seal(made["kind"], made["packs"], made["made_for"], changed, key))
    out = io.StringIO()
    assert self_test(paths, out) == 1
    assert f"FAIL: the library kept in {paths.library_cache} differs from the packs" in out.getvalue()
