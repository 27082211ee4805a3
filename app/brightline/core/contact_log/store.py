"""The contact log: an append-only, hash-chained SQLite store of contact records.

One `ContactLog` wraps one connection (open another for a worker thread; it is cheap). Writes
use WAL with synchronous=FULL and one `BEGIN IMMEDIATE` transaction per record: the next id and
the previous hash are read inside the transaction that inserts, so two windows writing at once
still build one correct chain, and a record is durable when `add` returns. Opened with a signing
key, the log signs a checkpoint of itself every CHECKPOINT_EVERY records, in the same
transaction.

A log that cannot be written (a read-only file, folder or medium) opens with `read_only=True`:
SQLite reads a WAL log in place only if it can keep its -shm index beside it, so where it cannot,
the file is read as unchanging (`immutable`), which is safe only while no write-ahead file holds
records; then the error says to copy the folder to a writable disk. `open_for_reading` tries a
normal open first (so an old log is upgraded) and falls back to that.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from brightline.core.contact_log import checks, parallel, schema, textscan
from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY, Checkpoint, stored_signature, take_checkpoint
from brightline.core.contact_log.errors import (
    LogCannotOpenError,
    LogError,
    LogMissingError,
    LogReadOnlyError,
    LogValidationError,
    translate,
)
from brightline.core.contact_log.filters import ORDER_COLUMNS, SMALL_MATCH, LogFilter, Plan, fts_match, order_clause
from brightline.core.contact_log.filters import plan as make_plan
from brightline.core.contact_log.records import (
    CHAIN_KEY,
    FREE_TEXT_FIELDS,
    GENESIS_HASH,
    ContactDraft,
    ContactRecord,
    Problem,
    canonical_json,
    normalize_contact_time,
    record_content,
    record_from_row,
    salted,
    sha256_hex,
    validate_draft,
)
from brightline.core.contact_log.verify import DAMAGED, ChainHead, ExpectedHead, VerifyResult, combine, verify_rows
from brightline.core.signing import WorkstationKey

LOG_FILE_NAME = "contact-log.sqlite3"
# What the audit report counts by: (the key as SQL, the index holding it), so each count reads
# one index and never a record.
GROUPINGS = {
    "request_type": ("request_type", "contact_by_request"),
    "verdict": ("verdict", "contact_by_verdict"),
    "document": ("document", "contact_by_document"),
    "month": ("substr(contact_local, 1, 7)", "contact_by_time"),
    "pack": ("pack_id || ' ' || pack_version", "contact_by_pack"),
}
_FETCH_CHUNK = 500
# How far a text's FTS matches are counted at once: enough to plan a query (SMALL_MATCH) and for
# a view's count so far (the window asks for 50,000), so one count serves both.
_TEXT_COUNT_AT_ONCE = 50_000


def _utc_now() -> datetime:
    return datetime.now(UTC)


def search_text(draft: ContactDraft, without: str = "") -> str:
    """The text the free-text filter searches for a record (the FTS index holds this), leaving
    out the field `without`."""
    return " ".join("" if name == without else str(getattr(draft, name)) for name in schema.SEARCH_FIELDS)


def _damaged(problem: sqlite3.Error | str) -> VerifyResult:
    """A verification that failed because SQLite finds the file damaged, in SQLite's words."""
    return VerifyResult(False, 0, ChainHead(0, GENESIS_HASH), None, DAMAGED, {"sqlite": str(problem)})


@dataclass(frozen=True)
class CountSoFar:
    """How many records match, as far as could be told at once: at least `at_least`, and
    exactly that many when `exact`."""

    at_least: int
    exact: bool


@dataclass(frozen=True)
class RecordDetail:
    """A record with the records that correct or add to it, oldest first."""

    record: ContactRecord
    corrections: tuple[ContactRecord, ...]


class ContactLog:
    """An open contact log; use `ContactLog.open(path)` and close it (or use `with`)."""

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

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        read_only: bool = False,
        busy_timeout: float = 5.0,
        clock: Callable[[], datetime] = _utc_now,
        key: WorkstationKey | None = None,
    ) -> ContactLog:
        """Open (and, unless `create` is false or `read_only`, create) the log at `path`.

        Upgrades an older file in place; refuses a newer one (LogNewerSchemaError) without
        touching it. `busy_timeout` is how many seconds to wait for another writer before
        LogLockedError. With `key`, the log signs a checkpoint every CHECKPOINT_EVERY records.
        Raises a LogError subclass naming the file for every failure.
        """
        path = Path(path)
        if not path.exists():
            if read_only or not create:
                raise LogMissingError(path, "there is no contact log here yet")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LogCannotOpenError(path, f"cannot create the data folder ({exc.strerror or exc})") from exc
        uri = path.resolve().as_uri()
        if read_only:
            try:
                return cls._connect(path, f"{uri}?mode=ro", True, busy_timeout, clock, key)
            except LogError as exc:
                if exc.code not in ("cannot_open", "read_only"):
                    raise
                wal = Path(f"{path}-wal")
                if wal.exists() and wal.stat().st_size > 0:
                    raise LogReadOnlyError(
                        path,
                        "the log cannot be read here: its write-ahead file holds records, and SQLite "
                        "reads them only where it may keep its index file beside them. Copy the "
                        "folder (all contact-log files) to a writable disk and open the copy",
                    ) from exc
            # A read-only folder or medium: read the file as unchanging (no -shm needed).
            return cls._connect(path, f"{uri}?mode=ro&immutable=1", True, busy_timeout, clock, key)
        try:
            return cls._connect(path, f"{uri}?mode={'rwc' if create else 'rw'}", False, busy_timeout, clock, key)
        except LogCannotOpenError as exc:
            if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                raise LogReadOnlyError(
                    path,
                    "the contact log is read-only here (its file, folder or medium cannot be written); "
                    "it can be read, verified and exported, but records cannot be added",
                ) from exc
            raise

    @classmethod
    def open_for_reading(
        cls, path: Path, *, busy_timeout: float = 5.0, key: WorkstationKey | None = None
    ) -> ContactLog:
        """Open an existing log to read it: normally (upgrading it if it is old), else, if it
        cannot be written here, read-only. Raises LogError as `open` does."""
        try:
            return cls.open(path, create=False, busy_timeout=busy_timeout, key=key)
        except (LogReadOnlyError, LogCannotOpenError):
            if not Path(path).exists():
                raise
            return cls.open(path, read_only=True, busy_timeout=busy_timeout, key=key)

    @classmethod
    def _connect(
        cls,
        path: Path,
        uri: str,
        read_only: bool,
        busy_timeout: float,
        clock: Callable[[], datetime],
        key: WorkstationKey | None,
    ) -> ContactLog:
        try:
            con = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)  # we BEGIN ourselves
        except sqlite3.Error as exc:
            raise translate(path, exc) from exc
        read_uri = uri if read_only else uri.rsplit("?", 1)[0] + "?mode=ro"
        log = cls(path, con, read_only, clock, read_uri, key)
        try:
            log._fts, log.shape = schema.prepare(con, path, read_only, busy_timeout)
            con.execute("PRAGMA temp_store = MEMORY")  # textscan's scratch table, never a file
            info = dict(con.execute("SELECT key, value FROM log_info").fetchall())
        except sqlite3.Error as exc:
            con.close()
            raise translate(path, exc) from exc
        except LogError:
            con.close()
            raise
        log.log_id = str(info.get("log_id", ""))
        # A version-1 log read as it is holds only format-1 records.
        log._format_2_from = int(info.get("format_2_from", 1)) if log.shape >= 2 else 1 << 62
        return log

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        self._con.close()

    def __enter__(self) -> ContactLog:
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

    def add(self, draft: ContactDraft) -> ContactRecord:
        """Validate `draft`, append it to the chain in one durable transaction, return it.

        Raises LogValidationError (with problem codes) for a bad draft, or another LogError if
        the file cannot be written; either way nothing is written. A draft whose `draft_id` is
        already in the log returns the record logged then instead of adding a duplicate.
        """
        problems = validate_draft(draft, self._clock())
        if problems:
            raise LogValidationError(self.path, problems)
        draft = replace(draft, contact_time=normalize_contact_time(draft.contact_time))
        return self.write(lambda: self._insert(draft))

    def write(self, work: Callable[[], ContactRecord]) -> ContactRecord:
        """Run `work` (which appends with `append`) in one durable write transaction."""
        if self._con.in_transaction:
            raise RuntimeError("a write inside snapshot(): a record is its own transaction")
        try:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                record = work()
                self._con.execute("COMMIT")
            except BaseException:
                if self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise translate(self.path, exc) from exc
        return record

    def _insert(self, draft: ContactDraft) -> ContactRecord:
        con = self._con
        if draft.draft_id:
            row = con.execute(
                f"SELECT hash, body, {schema.texts_sql(self.shape)} FROM contact WHERE draft_id = ?", (draft.draft_id,)
            ).fetchone()
            if row:
                return record_from_row(row[1], row[0], tuple(row[2:]))
        if draft.corrects is not None:
            target = con.execute("SELECT kind, corrects FROM contact WHERE id = ?", (draft.corrects,)).fetchone()
            if target is None:
                problem = Problem("corrects", "unknown_record", {"value": draft.corrects})
                raise LogValidationError(self.path, [problem])
            if target[0] != "record":
                # Corrections always point at the original, so "the latest correction wins" is
                # well defined; the parameter names the original for the UI to offer instead.
                problem = Problem("corrects", "not_original", {"original": int(target[1])})
                raise LogValidationError(self.path, [problem])
        return self.append(draft)

    def append(self, draft: ContactDraft, redacts: str = "") -> ContactRecord:
        """Append `draft` (already checked) to the chain; call inside `write`."""
        con = self._con
        last = con.execute("SELECT id, hash FROM contact ORDER BY id DESC LIMIT 1").fetchone()
        record_id, prev_hash = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS_HASH)
        recorded_at = self._clock().astimezone(UTC).isoformat(timespec="microseconds")
        texts = {name: salted(getattr(draft, name)) for name in FREE_TEXT_FIELDS}
        content = record_content(
            draft,
            record_id,
            prev_hash,
            recorded_at,
            log_id=self.log_id,
            key_id=self._key.key_id if self._key else "",
            texts=texts,
            redacts=redacts,
        )
        body = canonical_json(content)
        digest = sha256_hex(body)
        index = content[CHAIN_KEY]["index"]
        con.execute(
            f"INSERT INTO contact (id, hash, body, {', '.join(schema.TEXT_COLUMNS)}, {', '.join(schema.INDEX_COLUMNS)}) "
            f"VALUES ({', '.join('?' * (3 + len(schema.TEXT_COLUMNS) + len(schema.INDEX_COLUMNS)))})",
            (
                record_id,
                digest,
                body.decode("utf-8"),
                *(texts[name] for name in FREE_TEXT_FIELDS),
                *(index["contact_time" if c == "contact_local" else c] for c in schema.INDEX_COLUMNS),
            ),
        )
        if self._fts:
            con.execute(
                f"INSERT INTO {schema.FTS_TABLE}(rowid, text) VALUES (?, ?)",
                (record_id, search_text(draft)),
            )
        if self._key is not None and record_id % CHECKPOINT_EVERY == 0:
            self._store_checkpoint(ChainHead(record_id, digest))
        return ContactRecord(record_id, draft, recorded_at, prev_hash, digest, self.log_id, content["key"], (), redacts)

    def erase_text(self, record: ContactRecord, field: str) -> None:
        """Erase free text `field` of `record` and take its words out of the search index; call
        inside `write`, after appending the redaction record that names it (a trigger refuses
        the erasure otherwise)."""
        con = self._con
        if self._fts:
            table = schema.FTS_TABLE
            old, new = search_text(record.draft), search_text(record.draft, without=field)
            con.execute(f"INSERT INTO {table}({table}, rowid, text) VALUES ('delete', ?, ?)", (record.id, old))
            con.execute(f"INSERT INTO {table}(rowid, text) VALUES (?, ?)", (record.id, new))
            # The deleted words stay in older index segments until they are merged: merge them all.
            con.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        con.execute(f"UPDATE contact SET salted_{field} = NULL WHERE id = ?", (record.id,))

    @contextmanager
    def erasing(self) -> Iterator[dict[str, bool]]:
        """Writes inside overwrite the bytes they free (SQLite's secure_delete); afterwards the
        write-ahead file is emptied. Yields a dict whose "wal_emptied" says whether it could be
        (not while another program reads the log)."""
        outcome = {"wal_emptied": False}
        try:
            self._con.execute("PRAGMA secure_delete = ON")
            yield outcome
            busy = self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            outcome["wal_emptied"] = not busy
        except sqlite3.Error as exc:
            raise translate(self.path, exc) from exc
        finally:
            try:
                self._con.execute("PRAGMA secure_delete = OFF")
            except sqlite3.Error:
                pass

    def _store_checkpoint(self, head: ChainHead) -> None:
        assert self._key is not None
        checkpoint = take_checkpoint(self._key, self.log_id, head, self._clock())
        self._con.execute(
            "INSERT OR IGNORE INTO signing_key (key_id, public_key, first_seen) VALUES (?, ?, ?)",
            (self._key.key_id, self._key.public_key.hex(), checkpoint.at),
        )
        self._con.execute(
            "INSERT OR IGNORE INTO checkpoint (count, head, at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
            (head.count, head.hash, checkpoint.at, self._key.key_id, stored_signature(checkpoint.signature)),
        )

    # -- reading ---------------------------------------------------------------------------

    def _last_id(self) -> int:
        return int(self._run("SELECT max(id) FROM contact")[0][0] or 0)

    def _text_matches(self, match: str, at_most: int | None = None) -> int:
        """How many records the FTS query matches; with `at_most`, counting stops there (a
        word in most of a million records takes ~60 ms to count in full). Cached until the log
        changes."""
        key = (match, self._last_id())
        known, exact = self._match_counts.get(key, (0, False))
        if key not in self._match_counts or not (exact or (at_most is not None and known >= at_most)):
            if len(self._match_counts) > 64:
                self._match_counts.clear()
            source = f"{schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH ?"
            if at_most is None:
                known = int(self._run(f"SELECT count(*) FROM {source}", (match,))[0][0])
                exact = True
            else:
                sql = f"SELECT count(*) FROM (SELECT rowid FROM {source} LIMIT ?)"
                known = int(self._run(sql, (match, at_most))[0][0])
                exact = known < at_most
            self._match_counts[key] = (known, exact)
        return known if at_most is None else min(known, at_most)

    def _plan(self, flt: LogFilter, order_column: str = "contact_local") -> Plan:
        match = fts_match(flt.text) if self._fts else ""
        # The plan only needs to know whether there are none, a few (look them up by id) or more.
        matches = self._text_matches(match, max(SMALL_MATCH + 1, _TEXT_COUNT_AT_ONCE)) if match else None
        return make_plan(flt, order_column, self._fts, matches, schema.search_sql(self.shape))

    def _scan_text(self, flt: LogFilter, column: str, descending: bool, wanted: int) -> list[int] | None:
        """The first `wanted` ids of the view when its free text is found in much of the log,
        found by checking the view's rows in order (see `textscan`); None when that does not pay."""
        match = fts_match(flt.text) if self._fts else ""
        if not match:
            return None
        records = self._last_id()
        if not textscan.worth_trying(wanted, records):
            return None
        p = make_plan(replace(flt, text=""), column, self._fts)
        if p.empty:
            return []
        sql = f"SELECT id, {schema.search_sql(self.shape)} FROM {p.source}{p.where}{order_clause(column, descending)}"
        with self.snapshot():
            try:
                found = textscan.scan(self._con, sql, p.params, match, wanted, records)
            except sqlite3.Error as exc:
                raise translate(self.path, exc) from exc
        if found is not None and len(found) == wanted:
            if len(self._common_texts) > 64:
                self._common_texts.clear()
            self._common_texts.add((match, records))
        return found

    def _fetch(self, ids: Sequence[int]) -> list[ContactRecord]:
        """The records with these ids, in this order."""
        found: dict[int, ContactRecord] = {}
        for start in range(0, len(ids), _FETCH_CHUNK):
            chunk = ids[start : start + _FETCH_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, hash, body, {schema.texts_sql(self.shape)} FROM contact WHERE id IN ({marks})"
            for record_id, digest, body, *texts in self._run(sql, chunk):
                found[int(record_id)] = record_from_row(body, digest, tuple(texts))
        return [found[i] for i in ids if i in found]

    def query(
        self,
        flt: LogFilter | None = None,
        *,
        order_by: str = "contact_time",
        descending: bool = True,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ContactRecord]:
        """One page of records matching `flt`, sorted by `order_by` (a key of ORDER_COLUMNS,
        newest first by default; ties broken by contact time, then id)."""
        column = ORDER_COLUMNS[order_by]
        flt = flt or LogFilter()
        scanned = self._scan_text(flt, column, descending, offset + limit)
        if scanned is not None:
            return self._fetch(scanned[offset:])
        p = self._plan(flt, column)
        if p.empty:
            return []
        # Ids first, from the index alone; then only the page's records are read.
        sql = f"SELECT id FROM {p.source}{p.where}{order_clause(column, descending)} LIMIT ? OFFSET ?"
        ids = [int(r[0]) for r in self._run(sql, (*p.params, limit, offset))]
        return self._fetch(ids)

    def count(self, flt: LogFilter | None = None) -> int:
        """How many records match `flt` (reads every match: a view counts in the background,
        and shows `count_quickly` first)."""
        flt = flt or LogFilter()
        p = self._plan(flt)
        if p.empty:
            return 0
        match = fts_match(flt.text) if self._fts else ""
        if match and replace(flt, text="").is_empty:
            return self._text_matches(match)  # the FTS index counts faster than a join
        return int(self._run(f"SELECT count(*) FROM {p.source}{p.where}", p.params)[0][0])

    def first_page(
        self,
        flt: LogFilter | None = None,
        *,
        order_by: str = "contact_time",
        descending: bool = True,
        limit: int = 100,
        count_at_most: int = 10_000,
    ) -> tuple[list[ContactRecord], CountSoFar]:
        """What a view shows first: its first page (as `query`) and how many records match as
        far as can be told at once (as `count_quickly`), from one snapshot. Counting every
        match is left to `count`, which a view runs in the background."""
        flt = flt or LogFilter()
        with self.snapshot():
            records = self.query(flt, order_by=order_by, descending=descending, limit=limit)
            if len(records) < limit:
                return records, CountSoFar(len(records), True)
            so_far = self.count_quickly(flt, count_at_most)
        return records, CountSoFar(max(so_far.at_least, len(records)), so_far.exact)

    def count_quickly(self, flt: LogFilter | None = None, at_most: int = 10_000) -> CountSoFar:
        """How many records match `flt`, counting no further than `at_most`: a few ms from the
        indexes, where `count` may read a million entries.

        Free text found in much of the log (known from a `query` that found its page by checking
        rows), or any text together with other filters unless it is in only a few records, cannot
        be counted without collecting every match: then nothing is counted (at_least 0) and the
        caller counts in the background.
        """
        flt = flt or LogFilter()
        match = fts_match(flt.text)
        if match and not self._fts:
            return CountSoFar(0, False)  # no FTS5 here: a substring scan of every record
        if match and (match, self._last_id()) in self._common_texts:
            return CountSoFar(0, False)
        if match and replace(flt, text="").is_empty:
            n = self._text_matches(match, at_most)
            return CountSoFar(n, n < at_most)
        p = self._plan(flt)
        if p.empty:
            return CountSoFar(0, True)
        if match and not p.by_id:
            return CountSoFar(0, False)  # text in many records: every match must be collected
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {p.source}{p.where} LIMIT ?)"
        n = int(self._run(sql, (*p.params, at_most))[0][0])
        return CountSoFar(n, n < at_most)

    def iter_records(self, flt: LogFilter | None = None) -> Iterator[ContactRecord]:
        """Every matching record in the order logged (id), streamed — for exports."""
        for _, digest, body, texts in self.iter_bodies(flt):
            yield record_from_row(body, digest, texts)

    def iter_bodies(self, flt: LogFilter | None = None) -> Iterator[tuple[int, str, str, tuple[bytes | None, ...]]]:
        """(id, hash, canonical JSON body, salted free texts) of every matching record in the
        order logged.

        For exports of many records: a body is the exact content that was hashed, so it can be
        written out without decoding it.
        """
        flt = flt or LogFilter()
        columns = f"id, hash, body, {schema.texts_sql(self.shape)}"
        if flt.is_empty:
            try:
                cursor = self._con.execute(f"SELECT {columns} FROM contact ORDER BY id")
                for record_id, digest, body, *texts in cursor:
                    yield record_id, digest, body, tuple(texts)
            except sqlite3.Error as exc:
                raise translate(self.path, exc) from exc
            return
        p = self._plan(flt)
        if p.empty:
            return
        # The matching ids from the index, then the records in id order, a chunk at a time.
        ids = sorted(int(r[0]) for r in self._run(f"SELECT id FROM {p.source}{p.where}", p.params))
        for start in range(0, len(ids), _FETCH_CHUNK):
            chunk = ids[start : start + _FETCH_CHUNK]
            marks = ",".join("?" * len(chunk))
            for record_id, digest, body, *texts in self._run(
                f"SELECT {columns} FROM contact WHERE id IN ({marks}) ORDER BY id", chunk
            ):
                yield record_id, digest, body, tuple(texts)

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

    def checkpoint(self, key: WorkstationKey | None = None, at: datetime | None = None) -> Checkpoint:
        """A checkpoint of the log as it is now, signed by `key` (default: the log's key).
        Raises ValueError when the log has no key to sign with."""
        key = key or self._key
        if key is None:
            raise ValueError("no signing key to sign a checkpoint with")
        return take_checkpoint(key, self.log_id, self.head(), at or self._clock())

    def verify(
        self,
        expected: ChainHead | ExpectedHead | Sequence[ExpectedHead] | None = (),
        *,
        workers: int | None = None,
    ) -> VerifyResult:
        """Check everything (see `verify`'s docstring) and that the log extends the heads in
        `expected` and its own signed checkpoints.

        A large log's records are checked by several processes (`parallel.auto_workers`;
        `workers` sets how many, 1 for this process only) while this one runs SQLite's integrity
        check, with the same result as one pass. A damaged file is a failed verification whose
        message is SQLite's, not an error.
        """
        if isinstance(expected, ChainHead):
            expected = (ExpectedHead(expected),)
        elif isinstance(expected, ExpectedHead):
            expected = (expected,)
        elif expected is None:
            expected = ()
        try:
            with self.snapshot():
                last = int(self._con.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0])
                found = checks.stored_checkpoints(self._con, self.shape, self.log_id)
        except sqlite3.DatabaseError as exc:
            return _damaged(exc)
        if isinstance(found, VerifyResult):
            return found
        heads = (*expected, *found)
        job = (frozenset(e.head.count for e in heads), self.log_id, self._format_2_from)
        count = parallel.auto_workers(last) if workers is None else workers
        wait = None
        if count > 1 and last > 1:
            from concurrent.futures.process import BrokenProcessPool  # here: see parallel.py

            try:
                wait = parallel.start_parallel(self._uri, self.shape, last, count, job)
            except (OSError, BrokenProcessPool, RuntimeError):
                wait = None  # processes could not be started here: check in this one
        try:
            damage = checks.integrity_problems(self._con)
            if damage:
                return _damaged(damage)
            result = None
            if wait is not None:
                try:
                    result = combine(wait(), heads, self.log_id)
                except (OSError, RuntimeError):
                    pass  # a worker could not run: check in this process
            if result is None:
                rows = self._con.execute(schema.chain_sql(self.shape), (1, last, self._format_2_from, self.log_id))
                result = verify_rows(rows, heads, self.log_id, self._format_2_from)
            if result.ok and self._fts:
                result = checks.search_index_problem(self._con, result) or result
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (11, 26) or "malformed" in str(exc):
                return _damaged(exc)
            raise translate(self.path, exc) from exc
        return result

    # -- the audit report's figures --------------------------------------------------------

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
