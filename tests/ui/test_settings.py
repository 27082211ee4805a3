"""Remembered UI state: kept across runs, and the settings file rewritten only for a change (a
start that changes nothing leaves it alone, not flushed to disk again)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from brightline.ui.settings import UiSettings


def test_choices_are_remembered_across_runs(qtbot: QtBot, tmp_path: Path) -> None:
    first = UiSettings(tmp_path / "settings.ini")
    first.pack_id = "pasadena"
    first.audience = "booking"
    first.sync()
    again = UiSettings(tmp_path / "settings.ini")
    assert (again.pack_id, again.audience) == ("pasadena", "booking")


def test_setting_the_same_value_leaves_the_file_alone(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    first = UiSettings(path)
    first.pack_id = "pasadena"
    first.sync()
    written = path.stat()

    again = UiSettings(path)
    again.pack_id = "pasadena"
    again.sync()
    del again  # QSettings also writes what is pending when it goes
    now = path.stat()
    assert (now.st_ino, now.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)

    changed = UiSettings(path)
    changed.pack_id = "california"
    changed.sync()
    assert path.stat().st_ino != written.st_ino  # replaced, as QSettings writes a change
    assert UiSettings(path).pack_id == "california"
