"""Officers' acknowledgments that they have read what a release changed, and the supervisor's report.

Kept in `acknowledgments.sqlite3` in the data folder (beside the training records: on a booking
workstation every officer account shares it), one row per officer and release:

| column | what |
| --- | --- |
| `id` | the local order, for the department's sync (`AcknowledgmentStore.since`) |
| `who` | the officer's name as they gave it (as on the contact form), else the OS account |
| `badge_or_account` | their badge or ID, else `os:ACCOUNT` (the operating-system account) |
| `machine` | this machine's name (the department's name for it, else the host name) |
| `pack_id`, `sequence`, `version` | the release acknowledged |
| `acknowledged_at` | when, ISO 8601 in UTC |

An officer acknowledges a release once (a second time changes nothing). The department's sync
reads rows in order with `since(last_id)` and sends exactly these fields; the server's rows come
back into `acknowledgment_report` beside the local ones, so a supervisor sees the whole
department. Who has *not* acknowledged is everyone known to have worked with the pack (whoever
acknowledged any of its releases, here or, in a department, anywhere; and anyone on a roster)
who has acknowledged neither that release nor a later one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.packtrust import ReleaseInfo

FILE_NAME = "acknowledgments.sqlite3"
ACCOUNT_PREFIX = "os:"
MAX_NAME = 200
_SCHEMA = """
CREATE TABLE IF NOT EXISTS acknowledgment (
    id INTEGER PRIMARY KEY,
    who TEXT NOT NULL,
    badge_or_account TEXT NOT NULL,
    machine TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    version TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    UNIQUE (badge_or_account, machine, pack_id, sequence)
);
"""
_COLUMNS = "who, badge_or_account, machine, pack_id, sequence, version, acknowledged_at"


@dataclass(frozen=True)
class Acknowledgment:
    """One officer's acknowledgment of one release (the fields the department's server keeps)."""

    who: str
    badge_or_account: str
    machine: str
    pack_id: str
    sequence: int
    version: str
    acknowledged_at: str

    @property
    def person(self) -> str:
        """How the report names the officer: "Ana Lee (S-12)"."""
        return f"{self.who} ({self.badge_or_account})"


def officer(name: str, badge: str, account: str) -> tuple[str, str]:
    """(who, badge_or_account) for an officer who gave `name` and `badge` (either may be blank:
    the OS `account` stands in). ValueError for a name or badge no one could read back."""
    name, badge = " ".join(name.split()), " ".join(badge.split())
    for text in (name, badge):
        if len(text) > MAX_NAME or not text.isprintable():
            raise ValueError(f"'{text[:40]}…' is not a name or badge (at most {MAX_NAME} printable characters)")
    return name or account, badge or ACCOUNT_PREFIX + account


class AcknowledgmentStore:
    """The acknowledgments kept in one file (see the module's notes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connection(self, write: bool) -> Iterator[sqlite3.Connection]:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10)
        else:
            connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=10)
        with closing(connection):
            if write:
                connection.executescript(_SCHEMA)
            yield connection

    def record(self, acknowledgment: Acknowledgment) -> bool:
        """Keep `acknowledgment`; False when that officer had acknowledged that release on this
        machine already (nothing changes). Raises sqlite3.Error or OSError when it cannot be kept."""
        with self._connection(write=True) as connection, connection:
            cursor = connection.execute(
                f"INSERT OR IGNORE INTO acknowledgment ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    acknowledgment.who,
                    acknowledgment.badge_or_account,
                    acknowledgment.machine,
                    acknowledgment.pack_id,
                    acknowledgment.sequence,
                    acknowledgment.version,
                    acknowledgment.acknowledged_at,
                ),
            )
            return cursor.rowcount == 1

    def since(self, after_id: int = 0, limit: int = 1000) -> list[tuple[int, Acknowledgment]]:
        """The acknowledgments kept after row `after_id`, oldest first, with their row ids: what
        the department's sync sends (it remembers the last id the server took)."""
        if not self.path.exists():
            return []
        with self._connection(write=False) as connection:
            rows = connection.execute(
                f"SELECT id, {_COLUMNS} FROM acknowledgment WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
            ).fetchall()
        return [(row[0], Acknowledgment(*row[1:])) for row in rows]

    def all(self) -> list[Acknowledgment]:
        """Every acknowledgment kept here, oldest first."""
        found: list[Acknowledgment] = []
        last = 0
        while True:
            batch = self.since(last, 10_000)
            if not batch:
                return found
            found += [ack for _, ack in batch]
            last = batch[-1][0]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def has_acknowledged(acknowledgments: Iterable[Acknowledgment], badge_or_account: str, release: ReleaseInfo) -> bool:
    """Whether this officer acknowledged `release` (on any machine)."""
    return any(
        a.badge_or_account == badge_or_account and a.pack_id == release.pack_id and a.sequence == release.sequence
        for a in acknowledgments
    )


@dataclass
class ReleaseAcknowledgments:
    """One release in the supervisor's report: who acknowledged it (first time each), who not yet."""

    pack_id: str
    sequence: int
    version: str
    acknowledged: list[Acknowledgment] = field(default_factory=list)
    outstanding: list[tuple[str, str]] = field(default_factory=list)  # (who, badge_or_account)


def acknowledgment_report(
    releases: Iterable[ReleaseInfo], acknowledgments: Iterable[Acknowledgment], roster: Iterable[tuple[str, str]] = ()
) -> list[ReleaseAcknowledgments]:
    """Per release (those given, and any acknowledged), newest first within each pack: who has
    acknowledged it and who, of everyone known for its pack (see the module's notes), has not."""
    acks = list(acknowledgments)
    rows: dict[tuple[str, int], ReleaseAcknowledgments] = {}
    for release in releases:
        rows.setdefault(
            (release.pack_id, release.sequence),
            ReleaseAcknowledgments(release.pack_id, release.sequence, release.version),
        )
    for ack in acks:
        rows.setdefault((ack.pack_id, ack.sequence), ReleaseAcknowledgments(ack.pack_id, ack.sequence, ack.version))
    roster = list(roster)
    for (pack_id, sequence), row in rows.items():
        known: dict[str, str] = {badge: who for who, badge in roster}
        known.update({a.badge_or_account: a.who for a in acks if a.pack_id == pack_id})
        first: dict[str, Acknowledgment] = {}
        for ack in sorted(acks, key=lambda a: a.acknowledged_at):
            if ack.pack_id == pack_id and ack.sequence == sequence:
                first.setdefault(ack.badge_or_account, ack)
        # Whoever acknowledged a later release has read what this one changed, in its place.
        later = {a.badge_or_account for a in acks if a.pack_id == pack_id and a.sequence > sequence}
        row.acknowledged = sorted(first.values(), key=lambda a: (a.who.casefold(), a.badge_or_account))
        row.outstanding = sorted(
            ((who, badge) for badge, who in known.items() if badge not in first and badge not in later),
            key=lambda p: p[0].casefold(),
        )
    return [rows[key] for key in sorted(rows, key=lambda k: (k[0], -k[1]))]
