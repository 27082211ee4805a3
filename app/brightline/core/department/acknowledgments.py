"""Officers' acknowledgments of signed pack releases: kept on the machine, sent to the server.

When a machine installs a verified pack release, each officer is shown what changed for their
role until they acknowledge it (the signed-packs work, issue 17). That work records each
acknowledgment here; the department sync sends them, in order, to the server's `acknowledgment`
table, like training records (`plain_sync`).

    from brightline.core.department.acknowledgments import Acknowledgment, AcknowledgmentLog

    AcknowledgmentLog(paths.data / ACKNOWLEDGMENTS_FILE_NAME).add(Acknowledgment(
        person_name="A. Officer", badge="1234", os_account="aofficer", pack_id="ca-sb54",
        release_sequence=7, version="2.1.0", acknowledged_at="2025-03-01T09:40:00+00:00"))

The file is SQLite (`acknowledgments.sqlite3` in the data folder): one row an acknowledgment, in
the order made, and the file's random log id; with a row's position, its identity on the server.
Nothing is ever changed or removed (triggers refuse it).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ACKNOWLEDGMENTS_FILE_NAME = "acknowledgments.sqlite3"
_FIELDS = ("person_name", "badge", "os_account", "pack_id", "release_sequence", "version", "acknowledged_at")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS acknowledgment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_name TEXT NOT NULL,
    badge TEXT NOT NULL,
    os_account TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    release_sequence INTEGER NOT NULL,
    version TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS acknowledgment_no_update BEFORE UPDATE ON acknowledgment BEGIN
    SELECT RAISE(ABORT, 'acknowledgments are never changed');
END;
CREATE TRIGGER IF NOT EXISTS acknowledgment_no_delete BEFORE DELETE ON acknowledgment BEGIN
    SELECT RAISE(ABORT, 'acknowledgments are never removed');
END;
"""


class AcknowledgmentError(Exception):
    """The acknowledgments file cannot be read or written; the message names it and why."""


@dataclass(frozen=True)
class Acknowledgment:
    """An officer acknowledged what a pack release changed: who (name, badge, OS account), which
    release (pack id, its release sequence and version) and when (ISO 8601, UTC)."""

    person_name: str
    badge: str
    os_account: str
    pack_id: str
    release_sequence: int
    version: str
    acknowledged_at: str = ""


class AcknowledgmentLog:
    """The machine's acknowledgments file; opened per use, like the training records."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5)
            db.executescript(_SCHEMA)
            with db:
                db.execute("INSERT OR IGNORE INTO info (key, value) VALUES ('log_id', ?)", (uuid.uuid4().hex,))
            return db
        except (sqlite3.Error, OSError) as exc:
            raise AcknowledgmentError(f"{self.path}: cannot open the acknowledgments: {exc}") from exc

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        db = self._connect()
        try:
            with db:
                return db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise AcknowledgmentError(f"{self.path}: {exc}") from exc
        finally:
            db.close()

    def add(self, ack: Acknowledgment) -> int:
        """Keep `ack` (its time defaults to now); returns its position, counting from 1."""
        if not ack.person_name.strip() or not ack.pack_id.strip():
            raise AcknowledgmentError(f"{self.path}: an acknowledgment needs the person's name and the pack")
        data = asdict(ack)
        data["acknowledged_at"] = ack.acknowledged_at or datetime.now(UTC).isoformat(timespec="seconds")
        marks = ", ".join("?" * len(_FIELDS))
        self._query(
            f"INSERT INTO acknowledgment ({', '.join(_FIELDS)}) VALUES ({marks})", tuple(data[f] for f in _FIELDS)
        )
        return self.count()

    def log_id(self) -> str:
        return str(self._query("SELECT value FROM info WHERE key = 'log_id'")[0][0])

    def count(self) -> int:
        if not self.path.exists():
            return 0
        return int(self._query("SELECT count(*) FROM acknowledgment")[0][0])

    def rows_after(self, position: int, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` acknowledgments after the first `position`, in order, as plain data."""
        rows = self._query(
            f"SELECT {', '.join(_FIELDS)} FROM acknowledgment ORDER BY id LIMIT ? OFFSET ?", (limit, position)
        )
        return [dict(zip(_FIELDS, row, strict=True)) for row in rows]
