"""The parts of `ContactLog.verify` that ask SQLite rather than read the records: the definitions
of the indexes and triggers, how many entries each index holds, the search index's entries, the
log's signed checkpoints, and (`verify --full`) SQLite's own integrity check."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from brightline.core import signing
from brightline.core.contact_log import schema
from brightline.core.contact_log.checkpoints import public_key_text, signed_text, unb64, when_taken
from brightline.core.contact_log.verify import (
    CHECKPOINT_FORGED,
    INDEX_ENTRIES,
    SCHEMA_CHANGED,
    SEARCH_INDEX,
    ChainHead,
    ExpectedHead,
    VerifyResult,
)

# A problem found outside the records: its code (`verify`) and its parameters.
Problem = tuple[str, dict[str, Any]]
# SQLite's integrity check lists up to this many problems; the first few say enough.
_PROBLEMS_SHOWN = 3


def integrity_problems(con: sqlite3.Connection) -> str:
    """What `PRAGMA integrity_check` finds ("" when it says ok): a damaged page, an index entry
    that does not match its row (the report counts from the indexes), a broken constraint."""
    size = con.execute("PRAGMA cache_size").fetchone()[0]
    # 64 MB of page cache while it runs: with SQLite's default 2 MB it reads each index page over
    # and over, and took twice as long on a million records.
    con.execute("PRAGMA cache_size = -65536")
    try:
        rows = [str(row[0]) for row in con.execute("PRAGMA integrity_check(100)")]
    finally:
        con.execute(f"PRAGMA cache_size = {int(size)}")
    if rows == ["ok"]:
        return ""
    shown = "; ".join(rows[:_PROBLEMS_SHOWN])
    return shown + (f" (and {len(rows) - _PROBLEMS_SHOWN} more)" if len(rows) > _PROBLEMS_SHOWN else "")


def layout_problem(con: sqlite3.Connection, shape: int, count: int, fts: bool) -> Problem | None:
    """What is wrong with the log's indexes (`definition_problem`, `index_entries_problem`,
    `search_index_problem`, in that order) for a log of `count` records; None if nothing."""
    return (
        definition_problem(con, shape)
        or index_entries_problem(con, count)
        or (search_index_problem(con, count) if fts else None)
    )


def definition_problem(con: sqlite3.Connection, shape: int) -> Problem | None:
    """SCHEMA_CHANGED if an index of the log is not the one this version defines, is missing,
    or was added: a redefined index holds entries that no longer say what its name promises, and
    the reports and filters read them."""
    expected = schema.index_definitions(shape)
    found = {
        str(name): str(sql)
        for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        if sql is not None  # SQLite's own indexes (of primary keys), which it keeps itself
    }
    for name in sorted(set(expected) | set(found)):
        if expected.get(name) != found.get(name):
            how = "missing" if name not in found else "added" if name not in expected else "changed"
            return SCHEMA_CHANGED, {"name": name, "how": how}
    return None


def index_entries_problem(con: sqlite3.Connection, count: int) -> Problem | None:
    """INDEX_ENTRIES if an index that holds an entry for every record holds another number of
    entries than the log's `count` records (records taken out of, or put twice into, what the
    views and reports read). Counted by reading each index alone (`count(*)` would count the
    smallest index, whatever INDEXED BY says)."""
    for index in schema.FULL_INDEXES:
        entries = int(con.execute(f"SELECT coalesce(sum(1), 0) FROM contact INDEXED BY {index}").fetchone()[0])
        if entries != count:
            return INDEX_ENTRIES, {"index": index, "entries": entries}
    return None


def search_index_problem(con: sqlite3.Connection, count: int) -> Problem | None:
    """SEARCH_INDEX if the search index does not hold exactly one entry per record (ids are
    1..N with no gaps once the chain verified, so count, lowest and highest say it)."""
    row = con.execute(f"SELECT count(*), min(id), max(id) FROM {schema.FTS_TABLE}_docsize").fetchone()
    if tuple(row) == ((count, 1, count) if count else (0, None, None)):
        return None
    return SEARCH_INDEX, {"entries": int(row[0])}


def checkpoint_rows(con: sqlite3.Connection, shape: int) -> tuple[list[tuple[Any, ...]], dict[str, bytes]]:
    """The log's own checkpoints (count, head, time, key id, signature) and the public keys it
    holds, as read (read them in the snapshot the chain is read in; `signed_heads` checks them)."""
    if shape < 2:
        return [], {}
    keys = {str(k): bytes.fromhex(str(p)) for k, p in con.execute("SELECT key_id, public_key FROM signing_key")}
    rows = con.execute("SELECT count, head, at, key_id, signature FROM checkpoint ORDER BY count").fetchall()
    return rows, keys


def signed_heads(
    rows: list[tuple[Any, ...]], keys: dict[str, bytes], log_id: str, own: signing.WorkstationKey | None = None
) -> list[ExpectedHead] | VerifyResult:
    """The checkpoint rows as heads the chain must extend; or, if one of them is not validly
    signed by a key the log holds, the failed result naming it.

    Every row's signature is checked over the text it signs, written straight from the row's
    columns (as `Checkpoint.signed_text` writes it), with each key read once: a million-record
    log holds 10,000 checkpoints, and the Ed25519 check itself is most of their cost. A row
    signed by `own` (this account's key, when the log was opened with it) is first signed again:
    Ed25519 signing is deterministic (RFC 8032, as libsodium signs), so the same bytes prove the
    signature valid at about a third of the cost of checking it; any other bytes are checked as
    every other key's are, so the verdict on every row is exactly the check's."""
    signers: dict[str, tuple[str, Callable[[bytes, bytes], bool]] | None] = {}
    heads: list[ExpectedHead] = []
    for count, head, at, key_id, signature in rows:
        key = str(key_id)
        if key not in signers:
            public_key = keys.get(key)
            signers[key] = None if public_key is None else _signer(key, public_key, own)
        signer = signers[key]
        why = "" if signer is not None else f"the log does not hold key {key_id}"
        taken = None
        if signer is not None:
            public_key_b64, check = signer
            try:
                text = signed_text(log_id, int(count), str(head), str(at), public_key_b64).encode("ascii")
                taken = when_taken(str(at)) if check(text, unb64(str(signature))) else None
            except ValueError:  # a time, signature or text no key could have signed
                taken = None
            if taken is None:
                why = f"its signature by key {key_id} does not check"
        if taken is None:
            return VerifyResult(False, 0, ChainHead(0, "0" * 64), int(count), CHECKPOINT_FORGED, {"why": why})
        origin = f"the log's own checkpoint of {taken:%Y-%m-%d %H:%M} UTC"
        heads.append(ExpectedHead(ChainHead(int(count), str(head)), log_id, origin))
    return heads


def _signer(
    key: str, public_key: bytes, own: signing.WorkstationKey | None
) -> tuple[str, Callable[[bytes, bytes], bool]]:
    """How a checkpoint line writes the key, and its signature check (one that fails every
    signature when the key is not the one its id names)."""
    if signing.key_id(public_key) != key:
        return public_key_text(public_key), lambda data, signature: False
    verify = signing.signature_checker(public_key)
    if own is None or own.public_key != public_key:
        return public_key_text(public_key), verify
    sign = own.sign
    return public_key_text(public_key), lambda data, signature: sign(data) == signature or verify(data, signature)


def stored_checkpoints(con: sqlite3.Connection, shape: int, log_id: str) -> list[ExpectedHead] | VerifyResult:
    """The log's own checkpoints as heads the chain must extend; or, if one of them is not validly
    signed by a key the log holds, the failed result naming it."""
    return signed_heads(*checkpoint_rows(con, shape), log_id)
