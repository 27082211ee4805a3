"""The department's part of the window, made by the contact log's feature when this machine
belongs to a department (`department_feature` returns None otherwise, and nothing of this
package is loaded): the background sync, its mark for the status bar, the department's log
window. Saving a record asks for a sync soon."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from brightline.core.library import Library
from brightline.core.machine_config import MachineConfig
from brightline.ui.department.status_widget import DepartmentStatusWidget

if TYPE_CHECKING:
    from brightline.ui.department.log_window import DepartmentLogWindow
    from brightline.ui.department.sync_service import DepartmentSyncService

_log = logging.getLogger("brightline.ui")

# Beside the contact log's Ctrl+L.
OPEN_LOG_KEYS = "Ctrl+Shift+L"


class DepartmentFeature(QObject):
    """The sync service, the status mark and the department's log window of one main window."""

    def __init__(
        self,
        config: MachineConfig | None,
        data_dir: Path,
        key_dir: Path,
        library: Library,
        window: QWidget,
        problem: str = "",
    ) -> None:
        """With `config` None, the window only says `problem` (a configuration that cannot be read)."""
        super().__init__(window)
        self.config = config
        self._library = library
        self._window = window
        self.sync: DepartmentSyncService | None = None
        if config is not None:
            from brightline.ui.department.sync_service import DepartmentSyncService

            self.sync = DepartmentSyncService(config, data_dir, key_dir, self)
        self.status = DepartmentStatusWidget(self.sync, problem)
        self.status.log_requested.connect(self.open_window)
        self.log_window: DepartmentLogWindow | None = None
        if config is not None:
            QShortcut(QKeySequence(OPEN_LOG_KEYS), window, activated=self.open_window)

    @Slot()
    def records_added(self) -> None:
        """Records were saved on this machine: send them soon."""
        if self.sync is not None:
            self.sync.records_added()

    @Slot()
    def open_window(self) -> DepartmentLogWindow | None:
        from brightline.ui.department.log_window import DepartmentLogWindow

        if self.config is None:
            return None
        if self.log_window is None:
            self.log_window = DepartmentLogWindow(self.config, self._library, self._window)
        self.log_window.open_log()
        self.log_window.show()
        self.log_window.raise_()
        return self.log_window

    def close(self) -> None:
        if self.sync is not None:
            self.sync.close()
        if self.log_window is not None:
            self.log_window.close()


def department_feature(data_dir: Path, key_dir: Path, library: Library, window: QWidget) -> DepartmentFeature | None:
    """The department's part, when the machine-wide configuration names a department; None for a
    machine on its own. A configuration that cannot be read is said in the status bar (and the
    log); the guide and the machine's own log work either way."""
    from brightline.core.machine_config import MachineConfigError, load_machine_config

    try:
        config = load_machine_config()
    except MachineConfigError as exc:
        _log.warning("department: %s", exc)
        return DepartmentFeature(None, data_dir, key_dir, library, window, str(exc))
    if not config.in_department:
        return None
    return DepartmentFeature(config, data_dir, key_dir, library, window)
