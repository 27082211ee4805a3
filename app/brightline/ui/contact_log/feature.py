"""The contact log's part of the main window, wired in one place.

The main window makes one `ContactLogFeature` and gives it what it needs (the data folder, the
walk controller, the outcome page, settings); it puts `status` in its status bar, binds
"Contact log…" (Ctrl+L) to `open_window`, and asks `may_close` before closing. Nothing is read
from disk when the window starts: the log opens on first use; a moment after start-up the folder
of records kept as files is looked at, to offer entering them, and the data folder is tried for
writing, so that a read-only one is said in the status bar before anyone fills in a form.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

from brightline.core.library import Library
from brightline.ui.contact_log.recorder import ContactRecorder
from brightline.ui.contact_log.service import ContactLogService
from brightline.ui.contact_log.status_widget import LogStatusWidget
from brightline.ui.settings import UiSettings

if TYPE_CHECKING:
    from brightline.ui.contact_log.log_window import ContactLogWindow
    from brightline.ui.controller import WalkController
    from brightline.ui.outcome_page import OutcomePage

# Long enough after start-up not to compete with the first paint and the first keystrokes.
PENDING_CHECK_DELAY_MS = 2000


class ContactLogFeature(QObject):
    """The service, the recorder, the status mark and the log window of one main window."""

    def __init__(
        self,
        data_dir: Path,
        library: Library,
        settings: UiSettings,
        controller: WalkController,
        outcome: OutcomePage,
        window: QWidget,
        *,
        busy_timeout: float = 3.0,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._settings = settings
        self._window = window
        self.service = ContactLogService(data_dir, self, busy_timeout=busy_timeout)
        self.recorder = ContactRecorder(controller, outcome, self.service, settings, window)
        self.status = LogStatusWidget(self.service)
        self.status.details_requested.connect(self.open_window)
        self.status.import_requested.connect(self._on_status_import_requested)
        self.log_window: ContactLogWindow | None = None
        QTimer.singleShot(PENDING_CHECK_DELAY_MS, self, self._on_start_check)

    @Slot()
    def open_window(self) -> ContactLogWindow:
        """Show the contact log window (made on first use), opening the log."""
        from brightline.ui.contact_log.log_window import ContactLogWindow

        if self.log_window is None:
            self.log_window = ContactLogWindow(self.service, self._library, self._settings, self._window)
        self.log_window.open_log()
        return self.log_window

    def may_close(self) -> bool:
        """Ask before the main window closes on an unrecorded contact; False to stay open."""
        return self.recorder.may_leave()

    def close(self) -> None:
        """The main window is closing: close the log window and the log."""
        if self.log_window is not None:
            self.log_window.close()
        self.service.close()

    @Slot()
    def _on_start_check(self) -> None:
        # Records waiting as files, and whether new ones can be written here at all: said in the
        # status bar from the start, not after someone has filled in a form.
        self.service.refresh_pending()
        self.service.check_writable()

    @Slot()
    def _on_status_import_requested(self) -> None:
        from brightline.ui.contact_log.save_messages import import_pending_with_message

        import_pending_with_message(self.service, self._window)
