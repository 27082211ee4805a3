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

from app.core.paths import resolve_paths
from app.selftest import self_test
from app.ui.app import Started, run

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
        [sys.executable, "-m", "app", "--data-dir", str(data_dir)],
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
