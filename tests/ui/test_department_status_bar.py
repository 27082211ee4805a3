"""The department's mark in the main window's status bar: there only when the machine belongs to
a department, and a configuration that cannot be read is said, not a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.ui.department.status_widget import DepartmentStatusWidget
from brightline.ui.main_window import MainWindow


def _marks(window: MainWindow) -> list[DepartmentStatusWidget]:
    window.finish_building()
    return window.statusBar().findChildren(DepartmentStatusWidget)


def test_a_machine_on_its_own_shows_no_department(
    open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "nothing"))
    monkeypatch.delenv("BRIGHTLINE_DEPARTMENT", raising=False)
    assert _marks(open_window()) == []


def test_a_department_machine_shows_its_sync_quietly_and_a_broken_configuration_loudly(
    open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "brightline.toml"
    config.write_text(
        '[department]\nname = "Test PD"\nmachine = "patrol-07"\n\n'
        '[server]\nhost = "127.0.0.1"\nport = 9\ndatabase = "x"\nuser = "y"\nsslmode = "disable"\n'
    )
    monkeypatch.setenv("BRIGHTLINE_DEPARTMENT", str(config))
    [mark] = _marks(open_window())
    assert mark.text() == "Department" and not mark.is_warning() and mark.open_log.isVisibleTo(mark)
    config.write_text('[department]\nname = "Test PD"\nmachien = "typo"\n')
    [mark] = _marks(open_window())
    assert mark.is_warning() and "configuration cannot be used" in mark.text()
    assert "unknown key 'machien'" in mark.accessibleDescription()
