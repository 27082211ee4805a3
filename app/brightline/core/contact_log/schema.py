"""The contact log's SQLite schema and its forward migrations.

Layout (version 1): one table, `contact`, holding each record's canonical JSON `body` and its
`hash`. Everything the views filter or sort on is a *virtual generated column* computed from the
body, with indexes on those columns. So the body is the one source of truth — no column can
disagree with what was hashed — and filters still run on indexes. Append-only (no UPDATE, no
DELETE) is also enforced by triggers, so a stray SQL tool cannot quietly change the log; `verify`
catches anything that goes around them. The chain itself (ids count up from 1, each record names
the previous hash) is built by the store and checked by `verify`, not by an INSERT trigger:
any INSERT trigger makes SQLite compute every generated column of NEW, which more than doubled
the cost of an insert.

Free text uses an FTS5 index when this SQLite has FTS5 (a contentless table kept by the store in
the same transaction as the record); otherwise a LIKE over the generated `search` column.

Migrations run in order from the file's `PRAGMA user_version` to SCHEMA_VERSION, each in its own
transaction; a file whose version is newer than SCHEMA_VERSION is refused, never touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.contact_log.errors import LogCorruptError, LogNewerSchemaError, LogReadOnlyError

SCHEMA_VERSION = 1
# "BrLg": marks the file as a Brightline contact log, so another SQLite file is never adopted.
APPLICATION_ID = 0x42724C67
PAGE_SIZE = 8192


# The fields views filter and sort on are pulled out of the body once, at insert, into the JSON
# array `meta` (one parse of the body; computed, not kept), and from it into STORED columns.
# SQLite 3.40 parses the whole body for every json_extract, and computes VIRTUAL columns again
# for every index that holds them: extracting each column straight from the body made building
# the indexes of a million records take minutes.
META_FIELDS = (
    "id",
    "prev_hash",
    "contact_time",
    "recorded_at",
    "staff_name",
    "staff_badge",
    "agency",
    "request_type",
    "request_title",
    "verdict",
    "document",
    "method",
    "kind",
    "corrects",
    "draft_id",
    "pack_id",
    "pack_version",
)
# The filter columns every view index carries, so that any mix of filters, any sort and any
# count is answered from one index without reading a record (records are ~1.5 KB; reading
# them at random is what makes a filter slow).
FILTER_COLUMNS = ("contact_local", "staff_name", "request_type", "verdict", "document", "kind")


def _col(name: str, key: str, kind: str, sql_type: str = "TEXT", wrap: str = "{}") -> str:
    value = wrap.format(f"json_extract(meta, '$[{META_FIELDS.index(key)}]')")
    return f"{name} {sql_type} GENERATED ALWAYS AS ({value}) {kind}"


def _view_index(name: str, lead: str) -> str:
    rest = [c for c in FILTER_COLUMNS if c != lead]
    return f"CREATE INDEX {name} ON contact ({', '.join([lead, *rest])})"


_META = ", ".join(f"'$.{key}'" for key in META_FIELDS)
# What the free-text filter searches (the FTS index gets the same text from the store).
SEARCH_FIELDS = ("notes", "agency", "official_name", "official_badge", "headline")
_SEARCH = " || ' ' || ".join(f"coalesce(json_extract(body, '$.{k}'), '')" for k in SEARCH_FIELDS)
# Which index serves a filter or a sort on a column (the lead column of the index).
VIEW_INDEXES = {
    "contact_local": "contact_by_time",
    "staff_name": "contact_by_staff",
    "request_type": "contact_by_request",
    "verdict": "contact_by_verdict",
    "document": "contact_by_document",
}

_CREATE_V1 = [
    "CREATE TABLE log_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"""CREATE TABLE contact (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL CHECK (length(hash) = 64),
        body TEXT NOT NULL,
        meta TEXT GENERATED ALWAYS AS (json_extract(body, {_META})) VIRTUAL,
        {_col("contact_local", "contact_time", "STORED", wrap="substr({}, 1, 19)")},
        {_col("staff_name", "staff_name", "STORED")},
        {_col("request_type", "request_type", "STORED")},
        {_col("verdict", "verdict", "STORED")},
        {_col("document", "document", "STORED")},
        {_col("kind", "kind", "STORED")},
        {_col("corrects", "corrects", "STORED", "INTEGER")},
        {_col("draft_id", "draft_id", "STORED")},
        {_col("pack_id", "pack_id", "STORED")},
        {_col("pack_version", "pack_version", "STORED")},
        {_col("prev_hash", "prev_hash", "VIRTUAL")},
        {_col("recorded_at", "recorded_at", "VIRTUAL")},
        {_col("staff_badge", "staff_badge", "VIRTUAL")},
        {_col("agency", "agency", "VIRTUAL")},
        {_col("request_title", "request_title", "VIRTUAL")},
        {_col("method", "method", "VIRTUAL")},
        search TEXT GENERATED ALWAYS AS (lower({_SEARCH})) VIRTUAL
    )""",
    *(_view_index(index, lead) for lead, index in VIEW_INDEXES.items()),
    # For the audit report's "pack versions in use", read from the index alone.
    "CREATE INDEX contact_by_pack ON contact (pack_id, pack_version, contact_local)",
    "CREATE INDEX contact_by_corrects ON contact (corrects) WHERE corrects IS NOT NULL",
    "CREATE UNIQUE INDEX contact_by_draft ON contact (draft_id) WHERE draft_id <> ''",
    """CREATE TRIGGER contact_no_update BEFORE UPDATE ON contact BEGIN
        SELECT RAISE(ABORT, 'the contact log is append-only: a record is never changed; add a correction that points at it');
    END""",
    """CREATE TRIGGER contact_no_delete BEFORE DELETE ON contact BEGIN
        SELECT RAISE(ABORT, 'the contact log is append-only: a record is never deleted');
    END""",
]

FTS_TABLE = "contact_fts"
# How the FTS index splits text into words; `textscan` checks rows with the same tokenizer.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
_CREATE_FTS = f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='', tokenize='{FTS_TOKENIZE}')"


def fts5_available(con: sqlite3.Connection) -> bool:
    """Whether this SQLite library was built with FTS5 (checked, not assumed)."""
    options = {row[0] for row in con.execute("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def _migrate_0_to_1(con: sqlite3.Connection) -> None:
    for statement in _CREATE_V1:
        con.execute(statement)
    if fts5_available(con):
        con.execute(_CREATE_FTS)
    con.execute(
        "INSERT INTO log_info (key, value) VALUES ('created_at', ?), ('created_schema', '1')",
        (datetime.now(UTC).isoformat(timespec="seconds"),),
    )
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# MIGRATIONS[n] turns a version-n file into version n+1. Add new steps at the end; never edit one
# that has shipped (files in the field were made by it).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _migrate_0_to_1}


def prepare(con: sqlite3.Connection, path: Path, read_only: bool) -> bool:
    """Check the file is a contact log this version can use, set it up, upgrade it.

    Returns whether free text can use the FTS index. Raises LogNewerSchemaError for a file from
    a newer Brightline, LogCorruptError for another kind of SQLite file.
    """
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise LogNewerSchemaError(path, version, SCHEMA_VERSION)
    foreign = app_id not in (0, APPLICATION_ID) or (
        version == 0 and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    )
    if foreign:
        raise LogCorruptError(path, "this SQLite database is not a Brightline contact log")
    if not read_only:
        if version == 0:
            # Before any table exists (it cannot change later in WAL): records are ~1.5 KB, and
            # on 4 KB pages most pages held one record, doubling the file and every scan.
            con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
    if version < SCHEMA_VERSION:
        if read_only:
            raise LogReadOnlyError(path, "the log needs upgrading but is open read-only")
        _migrate(con)
    has_table = con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,))
    return bool(has_table.fetchone()) and fts5_available(con) and _catch_up_fts(con, read_only)


def _in_transaction(con: sqlite3.Connection, work: Callable[[], object]) -> None:
    con.execute("BEGIN IMMEDIATE")
    try:
        work()
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


def _migrate(con: sqlite3.Connection) -> None:
    def step() -> None:
        # Re-read inside the write lock: another window may have migrated meanwhile.
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version < SCHEMA_VERSION:
            MIGRATIONS[version](con)
            con.execute(f"PRAGMA user_version = {version + 1}")

    while int(con.execute("PRAGMA user_version").fetchone()[0]) < SCHEMA_VERSION:
        _in_transaction(con, step)


def _catch_up_fts(con: sqlite3.Connection, read_only: bool) -> bool:
    """Index records written by a SQLite without FTS5 (the index is derived data).

    Returns whether the FTS index can be used: not if it lags and cannot be brought up to
    date (read-only), since a LIKE scan that finds everything beats an index that misses some.
    """
    indexed = con.execute(f"SELECT max(rowid) FROM {FTS_TABLE}").fetchone()[0] or 0
    last = con.execute("SELECT max(id) FROM contact").fetchone()[0] or 0
    if indexed >= last:
        return True
    if read_only:
        return False
    _in_transaction(
        con,
        lambda: con.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT id, search FROM contact WHERE id > ?",
            (indexed,),
        ),
    )
    return True
