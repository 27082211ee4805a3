"""What can go wrong with the contact log, as exception types the window and the CLI can act on.

Each error names the file and says what is wrong; `code` is a stable word for the UI to translate
(`locked`, `read_only`, `corrupt`, `newer_schema`, `disk_full`, `cannot_open`, `missing`,
`invalid`, `unknown_record`, `io`). Whatever the error, a draft that could not be logged can be
kept with `pending.save_pending` and entered later: no contact goes unrecorded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from brightline.core.contact_log.records import Problem


class LogError(Exception):
    """Base class: the contact log at `path` cannot do what was asked."""

    code = "error"

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.detail = message


class LogLockedError(LogError):
    """Another program (or another Brightline window) held the log longer than the busy timeout."""

    code = "locked"


class LogReadOnlyError(LogError):
    """The log file, its folder or the connection is read-only."""

    code = "read_only"


class LogCorruptError(LogError):
    """The file is not an SQLite database, not a Brightline contact log, or is damaged."""

    code = "corrupt"


class LogNewerSchemaError(LogError):
    """The log was written by a newer Brightline whose format this version does not know."""

    code = "newer_schema"

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"this contact log uses format version {found}, written by a newer Brightline; "
            f"this version reads up to version {supported}. Update Brightline to open it "
            "(the file has not been changed).",
        )
        self.found = found
        self.supported = supported


class LogDiskFullError(LogError):
    """The disk (or the database's size limit) is full; nothing was written."""

    code = "disk_full"


class LogCannotOpenError(LogError):
    """The file or its folder cannot be opened or created (missing folder, permissions …)."""

    code = "cannot_open"


class LogMissingError(LogError):
    """There is no contact log at the path and the caller asked not to create one."""

    code = "missing"


class LogIOError(LogError):
    """The operating system reported an input/output error while reading or writing."""

    code = "io"


class LogValidationError(LogError):
    """The draft has problems (see `problems`); nothing was written."""

    code = "invalid"

    def __init__(self, path: Path, problems: Sequence[Problem]) -> None:
        words = ", ".join(f"{p.field}: {p.code}" for p in problems)
        super().__init__(path, f"the contact record cannot be logged ({words})")
        self.problems = tuple(problems)


# SQLite primary result codes (the low byte of the extended code), from sqlite3.h.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def translate(path: Path, error: sqlite3.Error) -> LogError:
    """Turn an sqlite3 exception into the LogError subclass that says what is wrong."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error)
    if primary in (_BUSY, _LOCKED) or "locked" in text:
        return LogLockedError(
            path,
            "the contact log is in use by another program or Brightline window and stayed "
            "locked past the wait time; try again, or save the record to enter later",
        )
    if primary == _READONLY or "readonly" in text:
        return LogReadOnlyError(
            path,
            "the contact log is read-only (file or folder permissions, read-only media, or "
            "opened for reading only); records cannot be added",
        )
    if primary == _NOTADB or "not a database" in text:
        return LogCorruptError(path, "the file is not an SQLite database (not a contact log)")
    if primary == _CORRUPT or "malformed" in text:
        return LogCorruptError(
            path,
            "the database is damaged (malformed); keep the file for the records officer, "
            "restore the last backup, and save new records to enter later",
        )
    if primary == _FULL or "full" in text:
        return LogDiskFullError(
            path,
            "the disk is full; the record was not written. Free space, or save the record to enter later",
        )
    if primary == _CANTOPEN or "unable to open" in text:
        return LogCannotOpenError(
            path,
            "the contact log cannot be opened or created (check the folder exists and can be written)",
        )
    if primary == _IOERR or "disk I/O" in text:
        return LogIOError(path, f"input/output error from the operating system ({text})")
    return LogError(path, f"database error: {text}")
