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
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.contact_log import checks, parallel, schema
from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY, Checkpoint, stored_signature, take_checkpoint
from brightline.core.contact_log.errors import (
    LogCannotOpenError,
    LogError,
    LogMissingError,
    LogReadOnlyError,
    LogValidationError,
    translate,
)
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
from brightline.core.contact_log.verify import (
    DAMAGED,
    ChainHead,
    ExpectedHead,
    Segment,
    VerifyResult,
    combine,
    verify_rows,
)
from brightline.core.contact_log.views import LogViews
from brightline.core.signing import WorkstationKey

LOG_FILE_NAME = "contact-log.sqlite3"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def search_text(draft: ContactDraft, without: str = "") -> str:
    """The text the free-text filter searches for a record (the FTS index holds this), leaving
    out the field `without`."""
    return " ".join("" if name == without else str(getattr(draft, name)) for name in schema.SEARCH_FIELDS)


def store_checkpoint(con: sqlite3.Connection, key: WorkstationKey, log_id: str, head: ChainHead, at: datetime) -> None:
    """Sign a checkpoint of `head` with `key` and keep it, and the key, in the log's tables (run
    inside the transaction that writes the record at `head`)."""
    checkpoint = take_checkpoint(key, log_id, head, at)
    con.execute(
        "INSERT OR IGNORE INTO signing_key (key_id, public_key, first_seen) VALUES (?, ?, ?)",
        (key.key_id, key.public_key.hex(), checkpoint.at),
    )
    con.execute(
        "INSERT OR IGNORE INTO checkpoint (count, head, at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
        (head.count, head.hash, checkpoint.at, key.key_id, stored_signature(checkpoint.signature)),
    )


def _damaged(problem: sqlite3.Error | str) -> VerifyResult:
    """A verification that failed because SQLite finds the file damaged, in SQLite's words."""
    return VerifyResult(False, 0, ChainHead(0, GENESIS_HASH), None, DAMAGED, {"sqlite": str(problem)})


# Up to this many records a plain verify runs SQLite's integrity check too (about a second here,
# years of a workstation's contacts); above, only `full` runs it, so a million records verify
# within the design's 5 s.
INTEGRITY_CHECK_UP_TO = 50_000


class ContactLog(LogViews):
    """An open contact log; use `ContactLog.open(path)` and close it (or use `with`)."""

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
        store_checkpoint(self._con, self._key, self.log_id, head, self._clock())

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
        full: bool | None = None,
    ) -> VerifyResult:
        """Check everything the views and reports rely on (see `verify`'s docstring) and that the
        log extends the heads in `expected` and its own signed checkpoints; with `full`, also
        SQLite's `PRAGMA integrity_check`: every page of the file, and every entry of every index
        against its row (most of a minute at a million records; `log verify --full` and the audit
        report run it). `full` None: the check runs when the log holds at most
        `INTEGRITY_CHECK_UP_TO` records, where it costs about a second.

        A large log's records are checked by several processes (`parallel.auto_workers`;
        `workers` sets how many, 1 for this process only) while this one checks the indexes and
        the checkpoints' signatures, with the same result as one pass. The checkpoints signed by
        the key the log was opened with are signed again instead of checked (the same verdict,
        `checks.signed_heads`). A damaged file is a failed verification whose message is
        SQLite's, not an error.
        """
        if isinstance(expected, ChainHead):
            expected = (ExpectedHead(expected),)
        elif isinstance(expected, ExpectedHead):
            expected = (expected,)
        elif expected is None:
            expected = ()
        wait: Callable[[], list[Segment]] | None = None
        segments: list[Segment] | None = None
        try:
            try:
                # One snapshot: the count, the checkpoints and the indexes, while the workers
                # (started in it, each reading in its own) check the records up to that count.
                with self.snapshot():
                    try:
                        last = int(self._con.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0])
                        stored, keys = checks.checkpoint_rows(self._con, self.shape)
                    except sqlite3.DatabaseError as exc:
                        return _damaged(exc)
                    watch = frozenset([*(e.head.count for e in expected), *(int(row[0]) for row in stored)])
                    wait = self._start_workers(last, workers, (watch, self.log_id, self._format_2_from))
                    layout = checks.layout_problem(self._con, self.shape, last, self._fts)
                found = checks.signed_heads(stored, keys, self.log_id, self._key)
                if full is None:
                    full = last <= INTEGRITY_CHECK_UP_TO
                damage = checks.integrity_problems(self._con) if full and not isinstance(found, VerifyResult) else ""
            finally:
                if wait is not None:
                    try:
                        segments = wait()
                    except (OSError, RuntimeError):
                        pass  # a worker could not run: check in this process
            if isinstance(found, VerifyResult):
                return found
            if damage:
                return _damaged(damage)
            heads = (*expected, *found)
            if segments is not None:
                result = combine(segments, heads, self.log_id)
            else:
                rows = schema.chain_rows(self._con, self.shape, 1, last, self._format_2_from)
                result = verify_rows(rows, heads, self.log_id, self._format_2_from)
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (11, 26) or "malformed" in str(exc):
                return _damaged(exc)
            raise translate(self.path, exc) from exc
        if result.ok and layout:
            return VerifyResult(False, result.count, result.head, None, *layout)
        return result

    def _start_workers(
        self, last: int, workers: int | None, job: tuple[frozenset[int], str, int]
    ) -> Callable[[], list[Segment]] | None:
        """Start checking records 1..`last` in worker processes (`parallel`); None when they are
        not used (a small log, `workers` 1) or cannot be started here: then this process checks."""
        count = parallel.auto_workers(last) if workers is None else workers
        if count < 2 or last < 2:
            return None
        from concurrent.futures.process import BrokenProcessPool  # here: see parallel.py

        try:
            return parallel.start_parallel(self._uri, self.shape, last, count, job)
        except (OSError, BrokenProcessPool, RuntimeError):
            return None  # processes could not be started here: check in this one

    # -- the audit report's figures --------------------------------------------------------
