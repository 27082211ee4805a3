"""Pending contacts: drafts kept as JSON files when the log cannot take them, entered later.

When the log is locked, read-only, damaged or the disk is full, the window (or `walk --record`)
saves the draft with `save_pending` — whatever its state, so nothing typed is lost — and
`import_pending` enters the files once the log works again. Each draft gets a `draft_id` when it
is saved, and the log logs a draft id once, so a file imported twice (say, the program stopped
after logging but before moving the file) still makes one record. Imported files are moved to
`imported/` rather than deleted: they are part of the paper trail.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.contact_log.errors import LogError, LogValidationError
from brightline.core.contact_log.files import atomic_text, fsync_dir
from brightline.core.contact_log.records import ContactDraft, ContactRecord
from brightline.core.contact_log.store import ContactLog

PENDING_DIR_NAME = "pending-contacts"
PENDING_FORMAT = "brightline-pending-contact"
PENDING_VERSION = 1


def pending_folder(data_dir: Path) -> Path:
    """Where pending contacts are kept inside a data folder."""
    return data_dir / PENDING_DIR_NAME


def save_pending(draft: ContactDraft, folder: Path, reason: str = "") -> Path:
    """Save `draft` durably as a JSON file in `folder` (created if needed); return its path.

    `reason` (e.g. the LogError code) is kept with it for whoever enters it later. Raises
    OSError if even this cannot be written; the caller should then show the draft to be copied.
    """
    if not draft.draft_id:
        draft = replace(draft, draft_id=uuid.uuid4().hex)
    saved_at = datetime.now(UTC)
    data = {
        "format": PENDING_FORMAT,
        "version": PENDING_VERSION,
        "saved_at": saved_at.isoformat(timespec="seconds"),
        "reason": reason,
        "draft": draft.to_content(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"pending-{saved_at:%Y%m%dT%H%M%S}-{draft.draft_id[:12]}.json"
    with atomic_text(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
    fsync_dir(folder)
    return path


def list_pending(folder: Path) -> list[Path]:
    """The pending files waiting in `folder`, oldest first."""
    return sorted(folder.glob("pending-*.json")) if folder.is_dir() else []


def load_pending(path: Path) -> ContactDraft:
    """Read one pending file; raises ValueError if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != PENDING_FORMAT:
            raise ValueError("not a Brightline pending contact")
        if int(data.get("version", 0)) > PENDING_VERSION:
            raise ValueError("written by a newer Brightline")
        return ContactDraft.from_content(data["draft"])
    except (OSError, KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable pending contact ({exc})") from exc


@dataclass(frozen=True)
class PendingImport:
    """What `import_pending` did: how many were logged, and the files it had to leave."""

    imported: int
    failed: tuple[tuple[Path, str], ...] = ()


def import_pending(folder: Path, log: ContactLog) -> PendingImport:
    """Log every pending file in `folder`, oldest first; return how many were logged.

    A file that is unreadable or whose draft has problems stays where it is and is listed in
    `failed` with the reason (problem codes). If the log itself fails (a LogError other than
    validation), the import stops there and the error propagates; nothing is lost.
    """
    imported = 0
    failed: list[tuple[Path, str]] = []
    done = folder / "imported"
    for path in list_pending(folder):
        try:
            draft = load_pending(path)
        except ValueError as exc:
            failed.append((path, str(exc)))
            continue
        try:
            log.add(draft)
        except LogValidationError as exc:
            failed.append((path, ", ".join(f"{p.field}: {p.code}" for p in exc.problems)))
            continue
        done.mkdir(exist_ok=True)
        os.replace(path, done / path.name)
        imported += 1
    return PendingImport(imported, tuple(failed))


@dataclass(frozen=True)
class SaveResult:
    """What became of a contact someone saved.

    Logged: `record` (and `duplicate` when this draft had been logged before, so the earlier
    record is returned). Not logged: `error` says why; the draft was kept at `pending_path`, or,
    if even that failed, `pending_error` says why and the caller must show the draft to copy.
    """

    record: ContactRecord | None = None
    duplicate: bool = False
    error: LogError | None = None
    pending_path: Path | None = None
    pending_error: OSError | None = None


def save_or_keep_pending(
    log: ContactLog | None, draft: ContactDraft, folder: Path, unusable: LogError | None = None
) -> SaveResult:
    """Log `draft`; when the log cannot take it, keep it as a pending file in `folder` instead, so
    that nothing typed is lost (the window's Save and `brightline walk --record` both do this).

    `log` is None when it could not be opened; `unusable` then says why. Raises
    LogValidationError when the draft itself has problems: nothing is written then.
    """
    error = unusable
    if log is not None:
        try:
            before = log.head().count
            record = log.add(draft)
        except LogValidationError:
            raise
        except LogError as exc:
            error = exc
        else:
            return SaveResult(record=record, duplicate=record.id <= before)
    if error is None:
        raise ValueError("save_or_keep_pending needs the log, or the error that made it unusable")
    try:
        saved = save_pending(draft, folder, reason=error.code)
    except OSError as exc:
        return SaveResult(error=error, pending_error=exc)
    return SaveResult(error=error, pending_path=saved)
