"""The contact log as the window uses it: opened lazily, saved to safely, checked in the background.

`ContactLogService` owns the window's one connection to the log. It opens the log the first time
something needs it (never at start-up), remembers why it could not, and tries again on the next
use, so a log that was locked or on a missing drive starts working as soon as it can. When the log
cannot take a record, `save` keeps the record as a pending file (the core's rule,
`pending.save_or_keep_pending`) and says so: the guide keeps working and nothing typed is lost.
After opening, the whole log is verified on a worker thread against the head this account saw
last (`heads`, kept in the account's key folder), so an edit, a deletion, records cut off the end
or a replaced log show as a warning in the window; the remembered head is only ever replaced by
one that extends it. The log is opened with this account's signing key
(`brightline.core.signing`), so it signs a checkpoint of itself every so many records.

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
    from brightline.core.contact_log.verify import ChainHead, ExpectedHead, VerifyResult
    from brightline.core.signing import WorkstationKey

_log = logging.getLogger("brightline.ui")

# States of LogHealth, and which of them the window shows as a warning.
CLOSED, CHECKING, VERIFIED, FAILED, UNUSABLE = "closed", "checking", "verified", "failed", "unusable"
WARNINGS = (FAILED, UNUSABLE)


@dataclass(frozen=True)
class LogHealth:
    """What the window shows about the log: a state, how many records, a line and the details.

    `write_problem` is set while records cannot be added (locked, read-only, disk full) even
    though the log can be read; `files_blocked` when records could not be kept as files either
    (then the window offers to save a record elsewhere, copy or print it); `pending` counts
    records kept as files, waiting to be entered.
    """

    state: str = CLOSED
    records: int = 0
    line: str = ""
    detail: str = ""
    write_problem: str = ""
    pending: int = 0
    files_blocked: bool = False

    @property
    def is_warning(self) -> bool:
        return self.state in WARNINGS or bool(self.write_problem)

    @property
    def can_add(self) -> bool:
        """Records can be added to the log now (as far as is known)."""
        return self.state not in (UNUSABLE,) and not self.write_problem

    def text(self) -> str:
        """The log's state in full (verified, being checked, failed), for the log window's heading;
        what stops new records is `write_problem`, said apart."""
        if self.detail and self.state in WARNINGS:
            return f"\u26a0 {self.line}: {self.detail}"
        if self.state == VERIFIED:
            return f"\u2713 {self.line}: {self.detail.splitlines()[0]}"
        return self.line or "The contact log has not been opened yet."


class ContactLogService(QObject):
    """The window's contact log: lazy open, safe saving, background verification, health."""

    health_changed = Signal()
    """The log's health changed (opened, checked, failed, records waiting …); read `health`."""

    records_added = Signal()
    """Records were added to the log from this window (a save, a correction, an import)."""

    def __init__(
        self,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        busy_timeout: float = 3.0,
        key_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._key_dir = key_dir
        self.busy_timeout = busy_timeout
        self._log: ContactLog | None = None
        self._error: LogError | None = None
        self._write_error: LogError | None = None
        self._verify: VerifyResult | None = None
        self._checking = False
        self._records = 0
        self._pending = 0
        self._files_blocked = False
        self._closed = False
        self.tasks = TaskRunner(self)
        self._health = LogHealth()

    @property
    def path(self) -> Path:
        from brightline.core.contact_log.store import LOG_FILE_NAME

        return self.data_dir / LOG_FILE_NAME

    @property
    def key_dir(self) -> Path:
        """This account's key folder: its signing key and the heads it has seen."""
        from brightline.core.signing import key_folder

        return self._key_dir or key_folder()

    def signing_key(self) -> WorkstationKey | None:
        """This account's signing key; None (logged) when it cannot be read or made: the log
        then works without signing its checkpoints."""
        from brightline.core.signing import SigningKeyError, load_or_create_key

        try:
            return load_or_create_key(self.key_dir)
        except SigningKeyError as exc:
            _log.warning("no signing key: %s", exc)
            return None

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
        from brightline.core.contact_log.errors import LogCannotOpenError, LogError, LogReadOnlyError
        from brightline.core.contact_log.store import ContactLog

        try:
            try:
                log = ContactLog.open(self.path, busy_timeout=self.busy_timeout, key=self.signing_key())
                self._write_error = None
            except (LogReadOnlyError, LogCannotOpenError) as exc:
                if not self.path.exists():
                    raise
                # Still worth reading: an auditor may be looking at a copy on read-only media.
                log = ContactLog.open(self.path, read_only=True, busy_timeout=self.busy_timeout)
                self._write_error = (
                    exc if isinstance(exc, LogReadOnlyError) else LogReadOnlyError(self.path, exc.detail)
                )
        except LogError as exc:
            _log.warning("contact log unusable: %s", exc)
            self._error = self._why_not_made(exc)
            self._count_pending()
            self._update()
            return None
        self._log, self._error = log, None
        self._count_pending()
        self.verify()
        return log

    def _why_not_made(self, error: LogError) -> LogError:
        """`error`, or, for a log that could not be made in a folder that cannot be written, that
        reason in words (SQLite says only that it cannot open the file)."""
        from brightline.core.contact_log.errors import LogReadOnlyError
        from brightline.core.contact_log.files import write_problem

        if error.code != "cannot_open" or self.path.exists():
            return error
        problem = write_problem(self.data_dir)
        if problem is None:
            return error
        return LogReadOnlyError(
            self.path, f"there is no contact log here yet, and none can be made: {words.os_error_words(problem)}"
        )

    def verify(self) -> None:
        """Check the whole chain on a worker thread (and against the head seen last)."""
        if self._log is None or self._checking or self._closed:
            return
        from brightline.core.contact_log.store import ContactLog

        path, timeout, expected = self.path, self.busy_timeout, self.seen_heads()
        read_only = self._log.read_only

        def work() -> VerifyResult:
            with ContactLog.open(path, create=False, read_only=read_only, busy_timeout=timeout) as log:
                return log.verify(expected)

        self._checking = True
        self._update()
        self.tasks.run(work, self._on_verify_done, self._on_verify_failed)

    def check_writable(self) -> None:
        """Find out now, before anyone types a record, whether records can be added here and, if
        not, whether they can at least be kept as files; `health` says so. Cheap: a small file
        made and removed in the data folder (and in the pending folder when the log cannot take
        records)."""
        from brightline.core.contact_log.errors import LogReadOnlyError
        from brightline.core.contact_log.files import write_problem

        problem = write_problem(self.data_dir, self.path)
        if problem is not None:
            if self._write_error is None:
                self._write_error = LogReadOnlyError(
                    self.path, f"records cannot be added here: {words.os_error_words(problem)}"
                )
        else:
            reopen_needed = self._log is not None and self._log.read_only
            if self._write_error is not None and self._write_error.code == "read_only" and not reopen_needed:
                self._write_error = None  # the folder was made writable again
        cannot_add = self._write_error is not None or (self._log is None and self._error is not None)
        self._files_blocked = cannot_add and write_problem(self.pending_dir) is not None
        self._update()

    def seen_heads(self) -> list[ExpectedHead]:
        """The head this account saw last of this log, as a head the log must extend."""
        from brightline.core.contact_log.heads import load_seen

        seen = load_seen(self.key_dir, self.path, self.data_dir)
        return [seen.expected()] if seen else []

    @property
    def read_only(self) -> bool:
        return self._log is not None and self._log.read_only

    def _on_verify_done(self, result: object) -> None:
        from brightline.core.contact_log.verify import VerifyResult

        if self._closed:
            return
        assert isinstance(result, VerifyResult)
        self._checking = False
        self._verify = result
        self._records = max(self._records, result.head.count) if result.ok else result.head.count
        if result.ok:
            self._remember(result.head)
        self._update()

    def _remember(self, head: ChainHead) -> None:
        """Remember `head` as the last seen (only ever after the log was found to extend the one
        remembered before)."""
        from brightline.core.contact_log.heads import remember

        if self._log is None:
            return
        try:
            remember(self.key_dir, self.path, self._log.log_id, head)
        except OSError as exc:
            _log.warning("cannot remember the contact log's head: %s", exc)

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
            self._files_blocked = True
            self._update()
            return result
        self._count_pending()
        self._update()
        return result

    def _written(self, log: ContactLog) -> None:
        head = log.head()
        self._records = head.count
        self._write_error = None
        if self._verify is not None and self._verify.ok:
            self._remember(head)
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
        pending, blocked = self._pending, self._files_blocked
        write = ""
        if self._write_error is not None:
            write = f"{words.error_headline(self._write_error)} {words.where_records_go(blocked)}"
        if self._log is None:
            if self._error is None:
                return LogHealth(CLOSED, pending=pending, write_problem=write, files_blocked=blocked)
            return LogHealth(
                UNUSABLE,
                line="Contact log unavailable",
                detail=f"{words.error_text(self._error)}\n\nThe guide still works. {words.where_records_go(blocked)}",
                pending=pending,
                files_blocked=blocked,
            )
        count = self._records
        if self._checking:
            return LogHealth(CHECKING, count, "Checking the contact log\u2026", "", write, pending, blocked)
        result = self._verify
        if result is None:
            return LogHealth(CHECKING, count, "Contact log open", "", write, pending, blocked)
        if not result.ok:
            line = words.VERIFY_HEADLINES.get(result.problem, "Contact log check FAILED")
            detail = (
                words.verify_failure(result)
                + f".\n\nFile: {self.path}\n\nKeep this file as it is and tell the records officer. "
                "Recording still works; new records are added after the last good one."
            )
            return LogHealth(FAILED, result.count, line, detail, write, pending, blocked)
        detail = f"every record, column and kept text matches what was logged.\nFile: {self.path}"
        return LogHealth(
            VERIFIED, count, f"Log verified \u00b7 {words.records(count)}", detail, write, pending, blocked
        )

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
