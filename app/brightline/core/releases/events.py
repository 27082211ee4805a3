"""The machine's event log of pack releases: every install, refusal and rollback, with reasons.

One JSON object a line in `events.log` in the machine's release folder, appended and synced,
never rewritten: `{"at", "event", "pack", "sequence", "version", "source", "account", "machine",
"detail"}` ("at" in UTC; "event" one of EVENTS). It is a record for IT, not evidence: anyone who
may write the folder may edit it (the contact log is where evidence lives). Nothing here is
read back into a decision.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EVENTS_FILE = "events.log"
EVENTS = ("installed", "already installed", "refused", "rolled back", "rollback refused")
MAX_READ = 4 * 1024 * 1024  # the newest part of the log read back for showing


def account() -> str:
    """This operating-system account's name ("unknown" when the system cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def record_event(
    folder: Path,
    event: str,
    *,
    pack: str = "",
    sequence: int = 0,
    version: str = "",
    source: str = "",
    detail: str = "",
    machine: str = "",
) -> str:
    """Append one event to the folder's log; "" when done, else why it could not be (the caller
    says it beside its own message: a refusal must never be hidden by a log that cannot be written)."""
    entry: dict[str, Any] = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        "pack": pack,
        "sequence": sequence,
        "version": version,
        "source": source,
        "account": account(),
        "machine": machine or socket.gethostname(),
        "detail": detail,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / EVENTS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return f"not recorded in {folder / EVENTS_FILE}: {exc.strerror or exc}"
    return ""


def read_events(folder: Path, limit: int = 200) -> list[dict[str, Any]]:
    """The newest `limit` events, oldest first (lines that are not events are skipped)."""
    path = folder / EVENTS_FILE
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - MAX_READ))
            data = handle.read(MAX_READ)
    except OSError:
        return []
    events = []
    for raw in data.splitlines()[-limit:]:
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(entry, dict) and entry.get("event") in EVENTS:
            events.append(entry)
    return events


def describe_event(entry: dict[str, Any]) -> str:
    """One event in one line, for IT: "TIME  EVENT: PACK release N (version V) by … on … — why"."""

    def field(key: str) -> str:
        text = " ".join(str(entry.get(key, "") or "").split())
        return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")

    what = field("pack") or "a release whose pack could not be read"
    if entry.get("sequence"):
        what += f" release {field('sequence')}"
    if entry.get("version"):
        what += f" (version {field('version')})"
    line = f"{field('at') or '?'}  {field('event')}: {what} by {field('account') or '?'} on {field('machine') or '?'}"
    if entry.get("source"):
        line += f" from {field('source')}"
    if entry.get("detail"):
        line += f" \u2014 {field('detail')}"
    return line
