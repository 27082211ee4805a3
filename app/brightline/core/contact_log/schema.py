"""The contact log's SQLite schema and its forward migrations.

Version 2 (current). Tables:
  contact     one row a record: `id`, `hash`, `body` (the canonical JSON that was hashed, see
              `records`), the salted free texts beside it (`salted_notes`, `salted_official_name`,
              `salted_official_badge`: 16 salt bytes then UTF-8; NULL when empty or erased), and
              plain columns the views filter, sort and count by, copied from the body's `index`
              by the store (`contact_local` is the contact time as logged: local wall time first,
              then the offset if one was given). `verify` checks every one of these columns
              against the body, so none can disagree with what was hashed unnoticed.
  checkpoint  the signed checkpoints the log takes every CHECKPOINT_EVERY records (count, head
              hash, time, key id, signature; see `checkpoints`).
  signing_key the public keys that have signed checkpoints of this log, so that old
              checkpoints can be checked after a key changes.
  log_info    `log_id` (the log's random id), `format_2_from` (the first id written in record
              format 2; records before it are format 1), when it was made.
Append-only is enforced by triggers: no DELETE anywhere, no UPDATE of a record except erasing a
salted text that a redaction record names; `verify` catches anything that goes around them.
There are no generated columns: SQLite's integrity_check computes every one of them for every
row, which made it cost 16 s more at a million records.

Free text uses an FTS5 index when this SQLite has FTS5 (a contentless table kept by the store in
the same transaction as the record); otherwise a LIKE over `search_sql(shape)`.

Version 1 (logs made before): the same `contact` table without salted texts, its filter columns
generated from the body (`contact_local` holding the first 19 characters of the time). Migration
1 -> 2 rebuilds the table, copying every body and hash unchanged, so the history and its head stay
exactly as they were; the filter columns are copied too (not recomputed, so a column that
disagreed with its body still shows in `verify`). A version-1 log that cannot be written (on
read-only media) is read as it is: `shape` says which of the two a connection sees.

Migrations run in order from the file's `PRAGMA user_version` to SCHEMA_VERSION, each in its own
transaction; a file whose version is newer than SCHEMA_VERSION is refused, never touched.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

from brightline.core.contact_log.errors import LogCorruptError, LogNewerSchemaError, LogReadOnlyError

SCHEMA_VERSION = 2
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


# The salted free texts, in records.FREE_TEXT_FIELDS order.
TEXT_COLUMNS = ("salted_notes", "salted_official_name", "salted_official_badge")
# The free texts (records.FREE_TEXT_FIELDS) in the order a body's `commit` object holds them
# (canonical JSON sorts keys).
COMMIT_ORDER = ("notes", "official_badge", "official_name")
# In `chain_sql`'s flags, beside the bits of the NULL texts: the record is a redaction.
REDACTION_FLAG = 8
# The filter columns, in records.INDEX_FIELDS order (contact_time is kept as contact_local).
INDEX_COLUMNS = (
    "contact_local", "corrects", "document", "draft_id", "kind", "pack_id", "pack_version",
    "request_type", "staff_name", "verdict",
)  # fmt: skip
_TEXT_COLUMN_TYPES = {"corrects": "INTEGER"}

_CREATE_CONTACT_V2 = f"""CREATE TABLE contact_v2 (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    body TEXT NOT NULL,
    {", ".join(f"{c} BLOB" for c in TEXT_COLUMNS)},
    {", ".join(f"{c} {_TEXT_COLUMN_TYPES.get(c, 'TEXT')}" for c in INDEX_COLUMNS)}
)"""
_ERASE_ONLY = " OR ".join(
    f"(NEW.{c} IS NOT OLD.{c} AND (NEW.{c} IS NOT NULL OR NOT EXISTS (SELECT 1 FROM contact WHERE kind = 'redaction' "
    f"AND corrects = OLD.id AND json_extract(body, '$.redacts') = '{c.removeprefix('salted_')}')))"
    for c in TEXT_COLUMNS
)
_CREATE_V2 = [
    *(_view_index(index, lead) for lead, index in VIEW_INDEXES.items()),
    "CREATE INDEX contact_by_pack ON contact (pack_id, pack_version, contact_local)",
    "CREATE INDEX contact_by_corrects ON contact (corrects) WHERE corrects IS NOT NULL",
    "CREATE UNIQUE INDEX contact_by_draft ON contact (draft_id) WHERE draft_id <> ''",
    f"""CREATE TRIGGER contact_no_update BEFORE UPDATE OF id, hash, body, {", ".join(INDEX_COLUMNS)} ON contact BEGIN
        SELECT RAISE(ABORT, 'the contact log is append-only: a record is never changed; add a correction that points at it');
    END""",
    f"""CREATE TRIGGER contact_erase_only BEFORE UPDATE OF {", ".join(TEXT_COLUMNS)} ON contact WHEN {_ERASE_ONLY} BEGIN
        SELECT RAISE(ABORT, 'free text is only ever erased, by a redaction record that names it');
    END""",
    """CREATE TRIGGER contact_no_delete BEFORE DELETE ON contact BEGIN
        SELECT RAISE(ABORT, 'the contact log is append-only: a record is never deleted');
    END""",
    """CREATE TABLE checkpoint (
        count INTEGER PRIMARY KEY,
        head TEXT NOT NULL,
        at TEXT NOT NULL,
        key_id TEXT NOT NULL,
        signature TEXT NOT NULL
    )""",
    """CREATE TABLE signing_key (key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, first_seen TEXT NOT NULL)""",
    *(
        f"""CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} BEGIN
            SELECT RAISE(ABORT, 'the contact log keeps every {what}');
        END"""
        for table, what in (("checkpoint", "checkpoint"), ("signing_key", "key that signed it"))
        for action in ("update", "delete")
    ),
]


def _migrate_1_to_2(con: sqlite3.Connection) -> None:
    """Rebuild `contact` without generated columns and with room for salted texts; add the
    checkpoint and key tables and the log's id. Bodies and hashes are copied unchanged."""
    con.execute(_CREATE_CONTACT_V2)
    copied = [
        # The full contact time where the old column agrees with the body; else the old value.
        "CASE WHEN contact_local IS substr(json_extract(body, '$.contact_time'), 1, 19) "
        "THEN json_extract(body, '$.contact_time') ELSE contact_local END"
        if c == "contact_local"
        else c
        for c in INDEX_COLUMNS
    ]
    con.execute(
        f"INSERT INTO contact_v2 (id, hash, body, {', '.join(INDEX_COLUMNS)}) "
        f"SELECT id, hash, body, {', '.join(copied)} FROM contact ORDER BY id"
    )
    last = int(con.execute("SELECT coalesce(max(id), 0) FROM contact_v2").fetchone()[0])
    con.execute("DROP TABLE contact")
    con.execute("ALTER TABLE contact_v2 RENAME TO contact")
    for statement in _CREATE_V2:
        con.execute(statement)
    con.execute(
        "INSERT INTO log_info (key, value) VALUES ('log_id', ?), ('format_2_from', ?), ('migrated_to_2_at', ?)",
        (uuid.uuid4().hex, str(last + 1), datetime.now(UTC).isoformat(timespec="seconds")),
    )


# MIGRATIONS[n] turns a version-n file into version n+1. Add new steps at the end; never edit one
# that has shipped (files in the field were made by it).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _migrate_0_to_1, 1: _migrate_1_to_2}

# What differs between a version-1 table read as it is and a version-2 one.
_SEARCH_V1 = "search"
_SEARCH_V2 = (
    "lower("
    + " || ' ' || ".join(
        f"coalesce(CAST(substr(salted_{k}, 17) AS TEXT), json_extract(body, '$.{k}'), '')"
        if f"salted_{k}" in TEXT_COLUMNS
        else f"coalesce(json_extract(body, '$.{k}'), '')"
        for k in SEARCH_FIELDS
    )
    + ")"
)


def index_definitions(shape: int) -> dict[str, str]:
    """The SQL of every index a table of `shape` has, by name, exactly as SQLite keeps it
    (`sqlite_master.sql`): `verify` checks the file still holds these and no others. (Triggers
    are not compared: they stop edits through SQL, and verify finds the edits themselves.)"""
    found: dict[str, str] = {}
    for statement in _CREATE_V2 if shape >= 2 else _CREATE_V1:
        words = statement.split(None, 4)
        if words[1] == "INDEX":
            found[words[2]] = statement
        elif words[1:3] == ["UNIQUE", "INDEX"]:
            found[words[3]] = statement
    return found


# The indexes holding an entry for every record (the partial ones hold a few).
FULL_INDEXES = (*VIEW_INDEXES.values(), "contact_by_pack")


def search_sql(shape: int) -> str:
    """SQL for a record's searchable text (what the FTS index holds), for a table of `shape`."""
    return _SEARCH_V2 if shape >= 2 else _SEARCH_V1


def _text(column: str) -> str:
    # Compared as text whatever was stored: a BLOB would make JSON functions raise mid-verify.
    return f"CAST({column} AS INTEGER)" if column == "corrects" else f"CAST({column} AS TEXT)"


def chain_sql(shape: int) -> str:
    """The rows `verify.check_chain` checks, for records BETWEEN ?1 AND ?2, with the first id
    of record format 2 as ?3: (id, hash, body, the salted notes, official's badge and official's
    name, flags, chain check).

    Shaped so that Python does as little per record as it can (a million records pass through
    it): the hash and body as bytes, the texts in the order the body commits to them (sorted, as
    canonical JSON writes the `commit` object) with X'' for NULL and 0 for a value that is not
    bytes, and one small integer of flags:
    which texts are NULL (1 notes, 2 badge, 4 name) and REDACTION_FLAG for a redaction record.

    The chain check is computed by SQLite from the columns, so Python only compares bytes: for a
    format-2 record the body's `index` object rebuilt from the columns (json_object writes JSON
    exactly as canonical JSON does: the same escapes, no spaces, keys in the order given; Python
    writes the id, log and hashes around it); for a format-1 record whether the columns equal the
    values SQLite extracts from the body.
    """
    paths = ", ".join(f"'$.{'contact_time' if c == 'contact_local' else c}'" for c in INDEX_COLUMNS)
    rebuilt = ", ".join(f"'{'contact_time' if c == 'contact_local' else c}', {_text(c)}" for c in INDEX_COLUMNS)
    if shape >= 2:
        old = f"json_extract(body, {paths}) IS json_array({', '.join(_text(c) for c in INDEX_COLUMNS)})"
    else:  # version-1 columns hold the first 19 characters of the contact time
        rest = [c for c in INDEX_COLUMNS if c != "contact_local"]
        old = (
            f"json_extract(body, {', '.join(f'{chr(39)}$.{c}{chr(39)}' for c in rest)}) "
            f"IS json_array({', '.join(_text(c) for c in rest)}) "
            "AND substr(json_extract(body, '$.contact_time'), 1, 19) IS CAST(contact_local AS TEXT)"
        )
    redaction = f"{REDACTION_FLAG} * (CAST(kind AS TEXT) = 'redaction')"
    if shape >= 2:
        # A text of another type than the store writes (bytes) comes as 0: it fails, and no
        # text that cannot be read as UTF-8 stops the walk.
        texts = ", ".join(
            f"CASE typeof(salted_{name}) WHEN 'blob' THEN salted_{name} WHEN 'null' THEN X'' ELSE 0 END"
            for name in COMMIT_ORDER
        )
        nulls = " + ".join(f"{1 << bit} * (salted_{name} IS NULL)" for bit, name in enumerate(COMMIT_ORDER))
    else:
        texts, nulls = "X'', X'', X''", "7"
    return (
        # A hash kept as anything but text (as the store writes it) is no hash: NULL.
        f"SELECT id, CASE typeof(hash) WHEN 'text' THEN CAST(hash AS BLOB) END, CAST(body AS BLOB), {texts}, "
        f"{nulls} + {redaction}, "
        f"CASE WHEN id >= ?3 THEN CAST(json_object({rebuilt}) AS BLOB) "
        f"WHEN json_valid(body) THEN {old} ELSE 0 END "
        "FROM contact WHERE id BETWEEN ?1 AND ?2 ORDER BY id"
    )


# Rows of `chain_sql` fetched this many at a time: SQLite's and Python's work each in a run is
# about 5 % cheaper a record than one row at a time (and than larger runs).
CHAIN_BATCH = 64


def chain_rows(
    con: sqlite3.Connection, shape: int, first: int, last: int, format_2_from: int
) -> Iterator[tuple[Any, ...]]:
    """The rows of `chain_sql` for records `first`..`last`, in id order."""
    cursor = con.execute(chain_sql(shape), (first, last, format_2_from))
    cursor.arraysize = CHAIN_BATCH
    return chain.from_iterable(iter(cursor.fetchmany, []))


def texts_sql(shape: int) -> str:
    """SQL selecting the salted free texts (NULLs for a version-1 table)."""
    return ", ".join(TEXT_COLUMNS) if shape >= 2 else "NULL, NULL, NULL"


def prepare(con: sqlite3.Connection, path: Path, read_only: bool, busy_timeout: float = 5.0) -> tuple[bool, int]:
    """Check the file is a contact log this version can use, set it up, upgrade it.

    Returns whether free text can use the FTS index, and the shape of its tables (the schema
    version: 2, or 1 for an old log opened read-only). Raises LogNewerSchemaError for a file from
    a newer Brightline, LogCorruptError for another kind of SQLite file.
    """
    # One statement, so one snapshot: read apart, another window creating the log between the
    # reads made a new log look like some other SQLite file (its version 0, its tables already).
    version, app_id, tables = (
        int(value)
        for value in con.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
    )
    if version > SCHEMA_VERSION:
        raise LogNewerSchemaError(path, version, SCHEMA_VERSION)
    foreign = app_id not in (0, APPLICATION_ID) or (version == 0 and tables)
    if foreign:
        raise LogCorruptError(path, "this SQLite database is not a Brightline contact log")
    if not read_only:
        if version == 0:
            # Before any table exists (it cannot change later in WAL): records are ~1.5 KB, and
            # on 4 KB pages most pages held one record, doubling the file and every scan.
            con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _use_wal(con, busy_timeout)
        con.execute("PRAGMA synchronous = FULL")
    shape = version
    if version < SCHEMA_VERSION and not (read_only and version >= 1):
        if read_only:
            raise LogReadOnlyError(path, "the log was never written to and is open read-only")
        _migrate(con)
        shape = SCHEMA_VERSION
    has_table = con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,))
    fts = bool(has_table.fetchone()) and fts5_available(con) and _catch_up_fts(con, read_only, shape)
    return fts, shape


def _use_wal(con: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch to WAL, waiting for other connections as long as the busy timeout allows.

    Changing the journal mode needs the file to itself, and SQLite answers "database is locked"
    at once instead of calling the busy handler when another connection is reading: two windows
    creating a new log at the same moment met exactly that. So wait here, like any other write.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


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


def _catch_up_fts(con: sqlite3.Connection, read_only: bool, shape: int) -> bool:
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
            f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT id, {search_sql(shape)} FROM contact WHERE id > ?",
            (indexed,),
        ),
    )
    return True
