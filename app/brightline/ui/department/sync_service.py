"""The department sync in the window: `DepartmentSyncService`.

Every SYNC_INTERVAL_MS, and AFTER_RECORD_MS after a record is saved, one sync runs on a worker
thread (`calls`): the window never waits for the network, and a recording never waits for a sync
(records are committed to the machine's own log first; the sync only reads it). One sync at a
time; a request while one runs starts another when it ends. The first happens a little after
start-up, not during it. `status` is what the last sync and the machine's files say
(`core.department.status`, without asking the server, which the sync itself just did).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from brightline.ui.department.calls import BackgroundCalls
from brightline.ui.department.words import SyncLine, sync_line

if TYPE_CHECKING:  # the core's department code loads on the worker thread, with the first sync
    from brightline.core.department.status import DepartmentStatus
    from brightline.core.machine_config import MachineConfig

_log = logging.getLogger("brightline.ui")

SYNC_INTERVAL_MS = 5 * 60 * 1000
AFTER_RECORD_MS = 5 * 1000
FIRST_SYNC_MS = 15 * 1000


class DepartmentSyncService(QObject):
    """Background syncs of this machine, and their state for the window."""

    status_changed = Signal()
    """A sync started or ended, or the machine's records changed; read `line` and `status`."""

    def __init__(
        self,
        config: MachineConfig,
        data_dir: Path,
        key_dir: Path,
        parent: QObject | None = None,
        *,
        interval_ms: int = SYNC_INTERVAL_MS,
        after_record_ms: int = AFTER_RECORD_MS,
        first_ms: int = FIRST_SYNC_MS,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.data_dir = data_dir
        self.key_dir = key_dir
        self._calls = BackgroundCalls(self)
        self._syncing = False
        self._again = False
        self._status: DepartmentStatus | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sync_now)
        self._timer.start()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(after_record_ms)
        self._soon.timeout.connect(self.sync_now)
        QTimer.singleShot(first_ms, self, self.sync_now)
        self._calls.call(self._read_status, self._on_status_read, self._on_sync_failed)

    def _read_status(self) -> object:
        """What the last sync left and the machine's files say (no network): the line before the
        first sync of this session."""
        from brightline.core.department.status import department_status

        return department_status(self.config, self.data_dir, None, ask_server=False)

    def _on_status_read(self, status: object) -> None:
        if self._status is None:
            self._status = status  # type: ignore[assignment]  # a DepartmentStatus
            self.status_changed.emit()

    @property
    def syncing(self) -> bool:
        return self._syncing

    @property
    def status(self) -> DepartmentStatus | None:
        """The state after the last sync (None before the first has ended)."""
        return self._status

    def line(self, now: datetime | None = None) -> SyncLine:
        if self._status is None:
            return SyncLine("Department: sending\u2026" if self._syncing else "Department", False, "")
        return sync_line(self._status, now or datetime.now(UTC), self._syncing)

    @Slot()
    def records_added(self) -> None:
        """Records were saved: send them soon (a burst of saves makes one sync)."""
        self._soon.start()

    @Slot()
    def sync_now(self) -> None:
        """Start a sync now, or right after the one running."""
        if self._syncing:
            self._again = True
            return
        self._syncing = True
        self.status_changed.emit()
        config, data_dir, key_dir = self.config, self.data_dir, self.key_dir

        def work() -> object:
            from brightline.core.department.errors import DepartmentError
            from brightline.core.department.status import department_status
            from brightline.core.department.sync import run_in_background, sync
            from brightline.core.signing import load_or_create_key

            run_in_background()
            key = load_or_create_key(key_dir)
            try:
                sync(config, data_dir, key)
            except DepartmentError as exc:
                _log.info("department sync: %s", exc)  # kept in department-sync.json for the line
            return department_status(config, data_dir, key, ask_server=False)

        self._calls.call(work, self._on_sync_done, self._on_sync_failed)

    def _on_sync_done(self, status: object) -> None:
        self._status = status  # type: ignore[assignment]  # a DepartmentStatus
        self._finished()

    def _on_sync_failed(self, error: BaseException) -> None:
        _log.warning("department sync failed: %s", error)
        self._finished()

    def _finished(self) -> None:
        self._syncing = False
        self.status_changed.emit()
        if self._again:
            self._again = False
            self.sync_now()

    def close(self) -> None:
        """Sync no more (a sync running finishes on its own thread)."""
        self._timer.stop()
        self._soon.stop()
        self._calls.stop()
