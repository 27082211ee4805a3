"""The department in the window: a background sync that never holds up a recording, a quiet line
that turns loud only when something stays wrong, and the department's log window."""

from __future__ import annotations

import shutil
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.store import ContactLog
from brightline.core.department.state import SyncState
from brightline.core.department.status import DepartmentStatus, Waiting
from brightline.core.library import Library
from brightline.core.machine_config import MachineConfig
from brightline.ui.contact_log.service import ContactLogService
from brightline.ui.department.log_window import DepartmentLogWindow
from brightline.ui.department.status_widget import DepartmentStatusWidget
from brightline.ui.department.sync_service import DepartmentSyncService
from brightline.ui.department.words import sync_line
from deptlib import Department, draft
from tcpproxy import CuttingProxy

NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def _status(waiting: int = 0, **state: str) -> DepartmentStatus:
    return DepartmentStatus(MachineConfig(), SyncState(**state), contacts=Waiting(40, waiting))  # type: ignore[arg-type]


def _ago(hours: float) -> str:
    return (NOW - timedelta(hours=hours)).isoformat()


def test_the_line_is_quiet_while_things_are_normal_and_loud_when_they_stay_wrong() -> None:
    assert sync_line(_status(), NOW) == sync_line(_status(), NOW)
    assert sync_line(_status(), NOW).text == "Department: all sent"
    line = sync_line(_status(12, last_sent_at=_ago(0)), NOW)
    assert line.text == f"Department: 12 waiting, last sent {(NOW.astimezone()):%H:%M}" and not line.loud
    offline = dict(problem_code="unreachable", problem="no answer", problem_since=_ago(5), last_sent_at=_ago(5))
    assert not sync_line(_status(3, **offline), NOW).loud  # a laptop out of reach for a few hours
    long_offline = {**offline, "problem_since": _ago(50), "last_sent_at": _ago(50)}
    assert sync_line(_status(3, **long_offline), NOW).text == "\u26a0 Department: 3 waiting, not sent for 2 days"
    setup = dict(problem_code="credentials", problem="refused the account", problem_since=_ago(0.2))
    assert not sync_line(_status(1, **setup), NOW).loud
    assert sync_line(_status(1, **{**setup, "problem_since": _ago(3)}), NOW).loud
    refused = sync_line(_status(2, problem_code="refused", problem="truncated", problem_since=_ago(0)), NOW)
    assert refused.loud and "refused" in refused.text and "truncated" in refused.detail


def test_saving_a_record_never_waits_for_a_sync_stuck_on_the_network(
    qtbot: QtBot, department: Department, tmp_path: Path
) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(1)
    stuck = _blackhole(tmp_path)
    service = DepartmentSyncService(laptop.config(port=stuck.port), laptop.data, laptop.keys, first_ms=10**7)
    status = DepartmentStatusWidget(service)
    qtbot.addWidget(status)
    log_service = ContactLogService(laptop.data, key_dir=laptop.keys)
    service.sync_now()
    assert service.syncing and status.text() == "Department: sending\u2026"
    result = log_service.save(draft(notes="saved while the sync waits for the server"))
    assert result.record is not None and service.syncing  # saved, and the sync is still waiting
    with ContactLog.open(laptop.log_path, create=False) as log:
        assert log.head().count == 2
    with qtbot.waitSignal(service.status_changed, timeout=20_000, check_params_cb=lambda *a: not service.syncing):
        pass
    assert status.text().startswith("Department: 2 waiting")
    log_service.close()
    service.close()
    stuck.close()


def _blackhole(tmp_path: Path) -> CuttingProxy:
    """A port that accepts connections and never answers (a server that stopped mid-way)."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    proxy = CuttingProxy(silent.getsockname()[1])
    proxy._silent = silent  # type: ignore[attr-defined]  # kept open with the proxy
    return proxy


def test_records_saved_in_the_window_are_sent_in_the_background(qtbot: QtBot, department: Department) -> None:
    laptop = department.machine("patrol-07")
    service = DepartmentSyncService(laptop.config(), laptop.data, laptop.keys, first_ms=10**7, after_record_ms=10)
    status = DepartmentStatusWidget(service)
    qtbot.addWidget(status)
    log_service = ContactLogService(laptop.data, key_dir=laptop.keys)
    log_service.records_added.connect(service.records_added)
    log_service.save(draft())
    log_service.records_added.emit()

    def sent() -> bool:
        done = service.status
        return done is not None and (done.contacts.local, done.contacts.waiting) == (1, 0) and not service.syncing

    qtbot.waitUntil(sent, timeout=20_000)
    assert status.text() == "Department: all sent"
    assert laptop.server_count() == 1 and not status.is_warning()
    log_service.close()
    service.close()


def test_the_department_log_window_shows_every_machine_filters_by_machine_and_shows_a_record(
    qtbot: QtBot, department: Department, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, unit, staff in (("booking-01", "Jail", "Bo Diaz"), ("patrol-01", "Patrol", "Cy Lee")):
        machine = department.machine(name, unit=unit)
        machine.record(3, staff_name=staff, notes=f"noted on {name}")
        machine.sync()
    window = DepartmentLogWindow(machine.config(), Library(root=department.folder))
    qtbot.addWidget(window)
    window.open_log()
    qtbot.waitUntil(lambda: window.model is not None and window.model.rowCount() == 6, timeout=20_000)
    assert window.count.text() == "6 records match."
    assert [window.machine.itemText(i) for i in range(window.machine.count())] == [
        "Any machine",
        "booking-01",
        "patrol-01",
    ]
    window.machine.setCurrentIndex(1)
    window.machine.activated.emit(1)
    qtbot.waitUntil(lambda: window.model is not None and window.model.rowCount() == 3, timeout=20_000)
    model = window.model
    assert {model.data(model.index(row, 0)) for row in range(3)} == {"booking-01"}
    qtbot.waitUntil(lambda: "noted on booking-01" in window.detail.text(), timeout=20_000)
    assert not window.detail.correct.isVisible()
    exported, report = tmp_path / "booking.csv", tmp_path / "report.pdf"
    for button, out in ((window.export_button, exported), (window.report_button, report)):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, out=out, **k: (str(out), ""))
        button.click()
        qtbot.waitUntil(lambda: window.state.text().startswith("\u2713"), timeout=30_000)
        assert str(out) in window.state.text()
        window.state.setText("")
    rows = [line for line in exported.read_text().splitlines() if line.startswith("booking-01,")]
    assert len(rows) == 3  # the filter chosen: one machine's records
    assert report.read_bytes().startswith(b"%PDF")
    window.close()


def test_a_refusal_turns_the_mark_loud_at_once(qtbot: QtBot, department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(2)
    laptop.sync()
    older = laptop.data.parent / "older"
    shutil.copytree(laptop.data, older)
    laptop.record(1)
    laptop.sync()
    shutil.rmtree(laptop.data)
    shutil.copytree(older, laptop.data)
    service = DepartmentSyncService(laptop.config(), laptop.data, laptop.keys, first_ms=0)
    status = DepartmentStatusWidget(service)
    qtbot.addWidget(status)
    qtbot.waitUntil(lambda: service.status is not None and not service.syncing, timeout=20_000)
    assert status.is_warning() and "refused" in status.text()
    assert "older copy" in status.accessibleDescription()
    service.close()
