"""What this machine knows of its last sync, for saying how things stand without the server.

`department-sync.json` in the data folder (beside the log it describes; every account of a
booking workstation syncs the same log), written whole (temporary file, fsync, rename) after
every batch the server accepts and at the end of every sync, so a sync killed at any moment
leaves it either as it was or as it became. It is a convenience, never the truth: every sync
asks the server what it holds before sending anything.

    {"log_id", "server_count", "last_sent_at", "last_success_at", "last_attempt_at",
     "problem_code", "problem", "problem_since", "reason"}

Times are UTC, ISO 8601. `problem_since` is when the current run of failures began, so the
window can stay quiet about a short outage and speak up about a long one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from brightline.core.contact_log.files import atomic_text

STATE_FILE_NAME = "department-sync.json"


@dataclass(frozen=True)
class SyncState:
    """The last sync as this machine saw it (see the module docstring)."""

    log_id: str = ""
    server_count: int = 0
    last_sent_at: str = ""
    last_success_at: str = ""
    last_attempt_at: str = ""
    problem_code: str = ""
    problem: str = ""
    problem_since: str = ""
    reason: str = ""

    def failed(self, code: str, message: str, at: datetime, reason: str = "") -> SyncState:
        """This state after a failed sync at `at` (the run of failures keeps its start)."""
        since = self.problem_since if self.problem_code else at.isoformat(timespec="seconds")
        return replace(
            self,
            last_attempt_at=at.isoformat(timespec="seconds"),
            problem_code=code,
            problem=message,
            problem_since=since,
            reason=reason,
        )

    def succeeded(self, at: datetime) -> SyncState:
        stamp = at.isoformat(timespec="seconds")
        return replace(
            self, last_attempt_at=stamp, last_success_at=stamp, problem_code="", problem="", problem_since="", reason=""
        )


def load_state(data_dir: Path) -> SyncState:
    """The state as last written; an empty one when there is none or it cannot be read."""
    try:
        data = json.loads((data_dir / STATE_FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SyncState()
    if not isinstance(data, dict):
        return SyncState()
    empty = asdict(SyncState())
    values = {name: data[name] for name, default in empty.items() if isinstance(data.get(name), type(default))}
    return replace(SyncState(), **values)


def save_state(data_dir: Path, state: SyncState) -> bool:
    """Write the state whole; False when the data folder cannot take it (never an error: the
    server, not this file, says what was sent)."""
    try:
        with atomic_text(data_dir / STATE_FILE_NAME) as handle:
            json.dump(asdict(state), handle, indent=1, sort_keys=True)
    except OSError:
        return False
    return True
