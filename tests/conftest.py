"""Shared test set-up: Qt runs offscreen, and nothing touches the user's real data, caches or settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: no window may appear and no display is needed.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Every test, and every command it runs, keeps data, caches and the cache key in fresh
    folders of its own, never in the user's real ones."""
    base = tmp_path_factory.mktemp("user")
    folders = {kind: base / kind for kind in ("data", "cache", "config")}
    for kind, folder in folders.items():
        monkeypatch.setenv(f"BRIGHTLINE_{kind.upper()}_DIR", str(folder))
    return folders


@pytest.fixture(autouse=True)
def no_machine_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test, and no command it runs, reads this machine's own machine-wide configuration
    (pinned author keys would change which packs are read): a test that wants one names it."""
    monkeypatch.delenv("BRIGHTLINE_DEPARTMENT", raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path_factory.mktemp("machine-config")))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder, set as BRIGHTLINE_DATA_DIR for the test."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("BRIGHTLINE_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def key_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own key folder (signing key, heads seen), never the account's real one."""
    folder = tmp_path_factory.mktemp("keys")
    monkeypatch.setenv("BRIGHTLINE_KEY_DIR", str(folder))
    return folder


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp: object) -> object:
    """Create the one QApplication first, for the whole session. Code that makes a bare
    QGuiApplication when none exists (PDF reports) then finds this one, and window tests never
    meet a QGuiApplication that cannot host widgets."""
    return qapp
