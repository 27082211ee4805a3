"""Reading the contact log: the connection, one consistent snapshot, records by id and in the
order logged, the chain head, and the audit report's figures.

`LogReader` is the part of `ContactLog` (store.py) that only reads; `LogViews` (views.py) adds
the filtered, sorted and counted views on top of it. Every read turns an SQLite error, also one
met while reading the rows (a damaged page), into the LogError that says what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Self

from brightline.core.contact_log import schema
from brightline.core.contact_log.errors import translate
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.filters import plan as make_plan
from brightline.core.contact_log.records import GENESIS_HASH, ContactRecord, record_from_row
from brightline.core.contact_log.verify import ChainHead
from brightline.core.signing import WorkstationKey

# What the audit report counts by: (the key as SQL, the index holding it), so each count reads
# one index and never a record.
GROUPINGS = {
    "request_type": ("request_type", "contact_by_request"),
    "verdict": ("verdict", "contact_by_verdict"),
    "document": ("document", "contact_by_document"),
    "month": ("substr(contact_local, 1, 7)", "contact_by_time"),
    "pack": ("pack_id || ' ' || pack_version", "contact_by_pack"),
}
# Records are read by id this many at a time.
FETCH_CHUNK = 500


@dataclass(frozen=True)
class RecordDetail:
    """A record with the records that correct, add to or redact it, oldest first."""

    record: ContactRecord
    corrections: tuple[ContactRecord, ...]


class LogReader:
    """An open contact log, for reading (see `ContactLog.open`)."""

    def __init__(
        self,
        path: Path,
        con: sqlite3.Connection,
        read_only: bool,
        clock: Callable[[], datetime],
        uri: str,
        key: WorkstationKey | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._con = con
        self._clock = clock
        self._uri = uri  # how to read the same file from another process (read-only)
        self._key = key
        self._fts = False
        self.shape = schema.SCHEMA_VERSION  # the tables' schema version (1: an old log read as it is)
        self.log_id = ""
        self._format_2_from = 1
        # FTS match counts by (query, last id): (how many, whether exact rather than a floor),
        # one count per text typed, fresh after any write.
        self._match_counts: dict[tuple[str, int], tuple[int, bool]] = {}
        # Texts a scan found in much of the log, by (query, last id): not worth counting at once.
        self._common_texts: set[tuple[str, int]] = set()

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def has_fts(self) -> bool:
        """Whether free-text filters use the FTS5 index (else a slow LIKE over every record)."""
        return self._fts

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read inside one transaction: counts, pages and the head all see the same records,
        even while another window adds some (in WAL, readers and the writer never wait)."""
        if self._con.in_transaction:
            yield
            return
        self._run("BEGIN")
        try:
            yield
        except BaseException:
            # End the read, but never let an error in doing so hide the one that got us here
            # (a damaged file fails again at COMMIT, with a less useful message).
            if self._con.in_transaction:
                try:
                    self._con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        if self._con.in_transaction:
            self._run("COMMIT")

    def interrupt(self) -> None:
        """Stop the query this connection is running (call it from another thread); the query
        raises LogError. A count nobody waits for any more need not run on."""
        self._con.interrupt()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row of `sql`; an error (also one met while reading the rows, as from a damaged
        page) becomes the LogError that says what is wrong."""
        try:
            return self._con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(self.path, exc) from exc

    # -- writing ---------------------------------------------------------------------------

    def _last_id(self) -> int:
        return int(self._run("SELECT max(id) FROM contact")[0][0] or 0)

    def _fetch(self, ids: Sequence[int]) -> list[ContactRecord]:
        """The records with these ids, in this order."""
        found: dict[int, ContactRecord] = {}
        for start in range(0, len(ids), FETCH_CHUNK):
            chunk = ids[start : start + FETCH_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, hash, body, {schema.texts_sql(self.shape)} FROM contact WHERE id IN ({marks})"
            for record_id, digest, body, *texts in self._run(sql, chunk):
                found[int(record_id)] = record_from_row(body, digest, tuple(texts))
        return [found[i] for i in ids if i in found]

    def get(self, record_id: int) -> RecordDetail | None:
        """The record with this id and the records that correct or add to it; None if none."""
        columns = f"hash, body, {schema.texts_sql(self.shape)}"
        row = next(iter(self._run(f"SELECT {columns} FROM contact WHERE id = ?", (record_id,))), None)
        if row is None:
            return None
        rows = self._run(f"SELECT {columns} FROM contact WHERE corrects = ? ORDER BY id", (record_id,))
        return RecordDetail(
            record_from_row(row[1], row[0], tuple(row[2:])),
            tuple(record_from_row(r[1], r[0], tuple(r[2:])) for r in rows),
        )

    def head(self) -> ChainHead:
        """The chain head: how many records and the last one's hash (0 and zeros when empty)."""
        row = next(iter(self._run("SELECT id, hash FROM contact ORDER BY id DESC LIMIT 1")), None)
        return ChainHead(int(row[0]), str(row[1])) if row else ChainHead(0, GENESIS_HASH)

    def hash_at(self, count: int) -> str | None:
        """The hash of record `count` (GENESIS_HASH for 0), or None if there is no such record."""
        if count == 0:
            return GENESIS_HASH
        row = next(iter(self._run("SELECT hash FROM contact WHERE id = ?", (count,))), None)
        return str(row[0]) if row else None

    def counts_by(self, grouping: str, date_from: date | None = None, date_to: date | None = None) -> dict[str, int]:
        """Contacts in the period per value of `grouping` (a key of GROUPINGS).

        Counts contacts, not records: addenda are not counted, and a corrected contact counts
        once, as its latest correction says (in the period that correction gives).
        """
        key, index = GROUPINGS[grouping]
        p = make_plan(LogFilter(date_from=date_from, date_to=date_to), "contact_local", False)
        cond = p.where.replace(" WHERE ", " AND ")
        fixes = "corrects IS NOT NULL AND kind = 'correction'"
        parts = (
            (1, f"SELECT {key}, count(*) FROM contact INDEXED BY {index}{p.where} GROUP BY 1"),
            # Corrections and addenda are not contacts of their own ...
            (-1, f"SELECT {key}, count(*) FROM contact INDEXED BY contact_by_corrects "
                 f"WHERE corrects IS NOT NULL{cond} GROUP BY 1"),
            # ... and a corrected contact counts as its latest correction, not as first logged.
            # (NOT INDEXED: look these few up by id; the planner otherwise chose to read every
            # record in the order of the grouping's index.)
            (-1, f"SELECT {key}, count(*) FROM contact NOT INDEXED WHERE id IN "
                 f"(SELECT corrects FROM contact WHERE {fixes}){cond} GROUP BY 1"),
            (1, f"SELECT {key}, count(*) FROM contact NOT INDEXED WHERE id IN "
                f"(SELECT max(id) FROM contact WHERE {fixes} GROUP BY corrects){cond} GROUP BY 1"),
        )  # fmt: skip
        counts: dict[str, int] = {}
        for sign, sql in parts:
            for value, n in self._run(sql, p.params):
                name = "" if value is None else str(value)
                counts[name] = counts.get(name, 0) + sign * int(n)
        return {name: n for name, n in counts.items() if n}

    def follow_up_counts(self, date_from: date | None = None, date_to: date | None = None) -> dict[str, int]:
        """How many corrections and addenda were logged for contacts in the period."""
        p = make_plan(LogFilter(date_from=date_from, date_to=date_to), "contact_local", False)
        cond = p.where.replace(" WHERE ", " AND ")
        sql = (
            "SELECT kind, count(*) FROM contact INDEXED BY contact_by_corrects "
            f"WHERE corrects IS NOT NULL{cond} GROUP BY kind"
        )
        return {str(kind): int(n) for kind, n in self._run(sql, p.params)}

    def request_titles(self) -> dict[str, str]:
        """Each request type's title, as most recently logged."""
        titles: dict[str, str] = {}
        for request_type in self.distinct("request_type"):
            rows = self._run(
                "SELECT json_extract(body, '$.request_title') FROM contact INDEXED BY contact_by_request "
                "WHERE request_type = ? ORDER BY contact_local DESC LIMIT 1",
                (request_type,),
            )
            titles[request_type] = str(rows[0][0] or "") if rows else ""
        return titles

    def distinct(self, column: str) -> list[str]:
        """The distinct values of a view column (for filter choices), sorted."""
        if column not in schema.VIEW_INDEXES or column == "contact_local":
            raise ValueError(f"no index to list distinct values of {column!r}")
        # A skip-scan: one index seek per distinct value instead of reading every entry.
        sql = (
            f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM contact UNION ALL "
            f"SELECT (SELECT min({column}) FROM contact WHERE {column} > v.x) FROM v "
            "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
        )
        return [str(row[0]) for row in self._run(sql)]
