"""The parts of `ContactLog.verify` that ask SQLite rather than read the records: its own
integrity check, the search index's entries, and the log's signed checkpoints."""

from __future__ import annotations

import sqlite3

from brightline.core.contact_log import schema
from brightline.core.contact_log.checkpoints import from_row
from brightline.core.contact_log.verify import (
    CHECKPOINT_FORGED,
    SEARCH_INDEX,
    ChainHead,
    ExpectedHead,
    VerifyResult,
)

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


def search_index_problem(con: sqlite3.Connection, result: VerifyResult) -> VerifyResult | None:
    """A failed result if the search index does not hold exactly one entry per record (ids are
    1..N with no gaps once the chain verified, so count, lowest and highest say it)."""
    row = con.execute(f"SELECT count(*), min(id), max(id) FROM {schema.FTS_TABLE}_docsize").fetchone()
    count = result.count
    if tuple(row) == ((count, 1, count) if count else (0, None, None)):
        return None
    return VerifyResult(False, count, result.head, None, SEARCH_INDEX, {"entries": int(row[0])})


def stored_checkpoints(con: sqlite3.Connection, shape: int, log_id: str) -> list[ExpectedHead] | VerifyResult:
    """The log's own checkpoints as heads the chain must extend; or, if one of them is not
    validly signed by a key the log holds, the failed result naming it."""
    if shape < 2:
        return []
    keys = {str(k): bytes.fromhex(str(p)) for k, p in con.execute("SELECT key_id, public_key FROM signing_key")}
    heads: list[ExpectedHead] = []
    for count, head, at, key_id, signature in con.execute(
        "SELECT count, head, at, key_id, signature FROM checkpoint ORDER BY count"
    ):
        public_key = keys.get(str(key_id))
        checkpoint = None
        why = ""
        if public_key is None:
            why = f"the log does not hold key {key_id}"
        else:
            try:
                checkpoint = from_row(log_id, count, head, at, signature, public_key)
            except ValueError:
                pass
            if checkpoint is None or checkpoint.key_id != key_id or not checkpoint.signature_ok():
                why = f"its signature by key {key_id} does not check"
        if why:
            return VerifyResult(False, 0, ChainHead(0, "0" * 64), int(count), CHECKPOINT_FORGED, {"why": why})
        assert checkpoint is not None
        origin = f"the log's own checkpoint of {checkpoint.when():%Y-%m-%d %H:%M} UTC"
        heads.append(ExpectedHead(ChainHead(int(count), str(head)), log_id, origin))
    return heads
