"""The contact log as the window uses it: opened lazily, saved to safely, checked in the background.

`ContactLogService` owns the window's one connection to the log. It opens the log the first time
something needs it (never at start-up), remembers why it could not, and tries again on the next
use, so a log that was locked or on a missing drive starts working as soon as it can. When the log
cannot take a record, `save` keeps the record as a pending file (the core's rule,
`pending.save_or_keep_pending`) and says
so: the guide keeps working and nothing typed is lost. After opening, the whole chain is verified
on a worker thread against the head this workstation saw last (`heads`), so an edit, a deletion or
records cut off the end show as a warning in the window.

The core is imported inside the methods: importing it costs more than the window's whole
start-up budget allows for a feature that many sessions never use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from brightline.ui.contact_log import words
from brightline.ui.contact_log.background import TaskRunner

if TYPE_CHECKING:
    from brightline.core.contact_log.errors import LogError
    from brightline.core.contact_log.pending import PendingImport, SaveResult
    from brightline.core.contact_log.records import ContactDraft
    from brightline.core.contact_log.store import ContactLog
    from brightline.core.contact_log.verify import VerifyResult

_log = logging.getLogger("brightline.ui")

# States of LogHealth, and which of them the window shows as a warning.
CLOSED, CHECKING, VERIFIED, FAILED, UNUSABLE = "closed", "checking", "verified", "failed", "unusable"
WARNINGS = (FAILED, UNUSABLE)


@dataclass(frozen=True)
class LogHealth:
    """What the window shows about the log: a state, how many records, a line and the details.

    `write_problem` is set while records cannot be added (locked, read-only, disk full) even
    though the log can be read; `pending` counts records kept as files, waiting to be entered.
    """

    state: str = CLOSED
    records: int = 0
    line: str = ""
    detail: str = ""
    write_problem: str = ""
    pending: int = 0

    @property
    def is_warning(self) -> bool:
        return self.state in WARNINGS or bool(self.write_problem)

    def text(self) -> str:
        """The state in full, for the log window's heading."""
        text = self.line or "The contact log has not been opened yet."
        if self.detail and self.state in WARNINGS:
            text = f"\u26a0 {self.line}: {self.detail}"
        elif self.state == VERIFIED:
            text = f"\u2713 {self.line}: {self.detail.splitlines()[0]}"
        if self.write_problem:
            text += f"\n\u26a0 {self.write_problem}"
        return text


class ContactLogService(QObject):
    """The window's contact log: lazy open, safe saving, background verification, health."""

    health_changed = Signal()
    """The log's health changed (opened, checked, failed, records waiting …); read `health`."""

    records_added = Signal()
    """Records were added to the log from this window (a save, a correction, an import)."""

    def __init__(self, data_dir: Path, parent: QObject | None = None, *, busy_timeout: float = 3.0) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.busy_timeout = busy_timeout
        self._log: ContactLog | None = None
        self._error: LogError | None = None
        self._write_error: LogError | None = None
        self._verify: VerifyResult | None = None
        self._checking = False
        self._records = 0
        self._pending = 0
        self._closed = False
        self.tasks = TaskRunner(self)
        self._health = LogHealth()

    @property
    def path(self) -> Path:
        from brightline.core.contact_log.store import LOG_FILE_NAME

        return self.data_dir / LOG_FILE_NAME

    @property
    def pending_dir(self) -> Path:
        from brightline.core.contact_log.pending import pending_folder

        return pending_folder(self.data_dir)

    @property
    def health(self) -> LogHealth:
        return self._health

    @property
    def is_open(self) -> bool:
        return self._log is not None

    @property
    def error(self) -> LogError | None:
        """Why the log could not be opened the last time it was tried (None when open)."""
        return self._error

    # -- opening --------------------------------------------------------------------------------
    def log(self) -> ContactLog | None:
        """The open log, opening it now if need be; None (see `error`) if it cannot be opened."""
        if self._log is not None or self._closed:
            return self._log
        from brightline.core.contact_log.errors import LogError, LogReadOnlyError
        from brightline.core.contact_log.store import ContactLog

        try:
            try:
                log = ContactLog.open(self.path, busy_timeout=self.busy_timeout)
                self._write_error = None
            except LogReadOnlyError as exc:
                # Still worth reading: an auditor may be looking at a copy on read-only media.
                log = ContactLog.open(self.path, read_only=True, busy_timeout=self.busy_timeout)
                self._write_error = exc
        except LogError as exc:
            _log.warning("contact log unusable: %s", exc)
            self._error = exc
            self._count_pending()
            self._update()
            return None
        self._log, self._error = log, None
        self._count_pending()
        self.verify()
        return log

    def verify(self) -> None:
        """Check the whole chain on a worker thread (and against the head seen last)."""
        if self._log is None or self._checking or self._closed:
            return
        from brightline.core.contact_log.heads import load_last_head
        from brightline.core.contact_log.store import ContactLog

        path, timeout, expected = self.path, self.busy_timeout, load_last_head(self.data_dir)
        read_only = self._log.read_only

        def work() -> VerifyResult:
            with ContactLog.open(path, create=False, read_only=read_only, busy_timeout=timeout) as log:
                return log.verify(expected)

        self._checking = True
        self._update()
        self.tasks.run(work, self._on_verify_done, self._on_verify_failed)

    @property
    def read_only(self) -> bool:
        return self._log is not None and self._log.read_only

    def _on_verify_done(self, result: object) -> None:
        from brightline.core.contact_log.heads import check_last_head
        from brightline.core.contact_log.verify import VerifyResult

        if self._closed:
            return
        assert isinstance(result, VerifyResult)
        self._checking = False
        self._verify = result
        self._records = max(self._records, result.head.count) if result.ok else result.head.count
        if result.ok:
            check_last_head(self.data_dir, result.head)  # remember the longest head seen
        self._update()

    def _on_verify_failed(self, error: BaseException) -> None:
        from brightline.core.contact_log.errors import LogError

        if self._closed:
            return
        self._checking = False
        if isinstance(error, LogError):
            self._lost(error)
        else:
            _log.exception("verifying the contact log failed", exc_info=error)
            self._update()

    def _lost(self, error: LogError) -> None:
        """The log failed while in use in a way that makes it unusable (damaged, gone)."""
        if error.code in ("locked", "read_only", "disk_full"):
            self._write_error = error
        else:
            if self._log is not None:
                self._log.close()
            self._log, self._error = None, error
        self._update()

    def report_error(self, error: LogError) -> None:
        """A view met `error` reading the log: show it in the log's health."""
        self._lost(error)

    # -- writing --------------------------------------------------------------------------------
    def save(self, draft: ContactDraft) -> SaveResult:
        """Log `draft`; when the log cannot take it, keep it as a pending file instead.

        Raises LogValidationError when the draft itself has problems (nothing is written then:
        the form shows them). A draft whose draft_id was logged before returns that record.
        """
        from brightline.core.contact_log.pending import save_or_keep_pending

        log = self.log()
        result = save_or_keep_pending(log, draft, self.pending_dir, unusable=self._error)
        if result.record is not None:
            assert log is not None
            self._written(log)
            return result
        assert result.error is not None
        if log is not None:  # the log failed just now, taking this record
            self._lost(result.error)
        if result.pending_error is not None:
            _log.error("could not keep the record as a pending file either: %s", result.pending_error)
            return result
        self._count_pending()
        self._update()
        return result

    def _written(self, log: ContactLog) -> None:
        from brightline.core.contact_log.heads import check_last_head

        head = log.head()
        self._records = head.count
        self._write_error = None
        if self._verify is not None and self._verify.ok:
            check_last_head(self.data_dir, head)
        self._count_pending()
        self._update()
        self.records_added.emit()

    def import_pending(self) -> PendingImport:
        """Enter the records kept as files; raises LogError if the log cannot take them."""
        from brightline.core.contact_log.errors import LogError
        from brightline.core.contact_log.pending import import_pending

        log = self.log()
        if log is None:
            assert self._error is not None
            raise self._error
        try:
            result = import_pending(self.pending_dir, log)
        except LogError as exc:
            self._lost(exc)
            self._count_pending()
            raise
        self._written(log)
        return result

    def _count_pending(self) -> None:
        from brightline.core.contact_log.pending import list_pending

        try:
            self._pending = len(list_pending(self.pending_dir))
        except OSError:
            self._pending = 0

    # -- health ---------------------------------------------------------------------------------
    def _update(self) -> None:
        health = self._compute_health()
        if health != self._health:
            self._health = health
            self.health_changed.emit()

    def _compute_health(self) -> LogHealth:
        pending = self._pending
        write = ""
        if self._write_error is not None:
            write = words.error_headline(self._write_error) + " New records are saved to a file to enter later."
        if self._log is None:
            if self._error is None:
                return LogHealth(CLOSED, pending=pending)
            return LogHealth(
                UNUSABLE,
                line="Contact log unavailable",
                detail=words.error_text(self._error)
                + "\n\nThe guide still works. Records you save are kept as files and can be entered later.",
                pending=pending,
            )
        count = self._records
        if self._checking:
            return LogHealth(CHECKING, count, "Checking the contact log\u2026", "", write, pending)
        result = self._verify
        if result is None:
            return LogHealth(CHECKING, count, "Contact log open", "", write, pending)
        if not result.ok:
            from brightline.core.contact_log.verify import TRUNCATED

            line = "Contact log is shorter than before" if result.problem == TRUNCATED else "Contact log check FAILED"
            detail = (
                words.verify_failure(result)
                + f".\n\nFile: {self.path}\n\nKeep this file as it is and tell the records officer. "
                "Recording still works; new records are added after the last good one."
            )
            return LogHealth(FAILED, result.count, line, detail, write, pending)
        detail = f"every record matches its hash and the chain is whole.\nFile: {self.path}"
        return LogHealth(VERIFIED, count, f"Log verified \u00b7 {words.records(count)}", detail, write, pending)

    def refresh_pending(self) -> None:
        """Count the pending files again (e.g. after the user moved some)."""
        self._count_pending()
        self._update()

    def close(self) -> None:
        """Wait for background work, then close the connection (the window is closing)."""
        self.tasks.wait(10_000)
        self._closed = True
        if self._log is not None:
            self._log.close()
            self._log = None
