"""Free text found in much of the log: check the view's rows in order instead of collecting
every match first.

The free-text filter is an FTS5 query whose last word is a prefix ("sally po" → `"sally po"*`).
SQLite 3.40 answers a prefix query by merging the doclists of every word with that prefix before
it returns a row, and a view checks its index against the set of all matches, which SQLite
collects first: a word in 80% of a million records costs about 100 ms before the first row of
the first page, on every page, whatever the LIMIT. When the text is that common the page is
found quicker the other way round: walk the view's index in order and check each row, a batch at
a time, until the page is full. For a word in 80% of the records the first page is about 80 rows.

A row is checked by putting its search text (the `search` column: the text the FTS index was
given) into a small in-memory FTS5 table with the same tokenizer and asking it the same query, so
a row matches here exactly when it matches in the log's index. The table is emptied after each
batch.

Checking a row costs far more than collecting one match (the record is read), so the scan is a
bet on the text being common: it gives up (returns None, and the caller collects the matches the
usual way) as soon as what is left to check looks dearer than collecting every match. What is
left is estimated from the rows checked so far: how many matched, and how long they took.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from brightline.core.contact_log import schema

# Measured on a million-record log in the file cache, in µs: reading one row's search text and
# checking it takes about 60 (the scan then times its own rows); collecting the matches of the
# log's FTS index and checking the view's index against them, about 0.3 a match (a word in 20%
# of a million records: 56 ms before the first row).
ROW_COST = 60.0
MATCH_COST = 0.3
BATCH = 64
PROBE_TABLE = "contact_probe"
_CREATE_PROBE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{PROBE_TABLE} "
    f"USING fts5(text, content='', tokenize='{schema.FTS_TOKENIZE}')"
)


def worth_trying(wanted: int, records: int) -> bool:
    """Whether checking rows can beat collecting the matches, even if every row matched."""
    return wanted * ROW_COST < records * MATCH_COST


def scan(
    con: sqlite3.Connection, sql: str, params: Sequence[Any], match: str, wanted: int, records: int
) -> list[int] | None:
    """The first `wanted` ids, in order, of the rows `sql` yields whose text matches `match`.

    `sql` selects (id, search) in the view's order; `match` is the FTS5 query; `records` is how
    many records the log holds. Returns fewer ids when the rows run out, and None when checking
    rows looks dearer than collecting all of the text's matches. Run it inside a transaction, so
    the rows checked and the scratch table's writes belong to one snapshot.
    """
    if not worth_trying(wanted, records):
        return None
    con.execute(_CREATE_PROBE)
    found: list[int] = []
    checked = 0
    started = time.perf_counter()
    cursor = con.execute(sql, params)
    try:
        while len(found) < wanted:
            rows = cursor.fetchmany(BATCH)
            found.extend(_matching(con, rows, match) if rows else [])
            if len(rows) < BATCH:
                return found[:wanted]  # every row checked
            checked += len(rows)
            density = len(found) / checked  # of the rows checked, how many match
            row_cost = (time.perf_counter() - started) * 1e6 / checked
            left = wanted - len(found)
            # The rows still to check, against collecting density × records matches.
            if left > 0 and (not found or left / density * row_cost > density * records * MATCH_COST):
                return None
    finally:
        cursor.close()
    return found[:wanted]


def _matching(con: sqlite3.Connection, rows: list[Any], match: str) -> list[int]:
    """The ids of `rows` (id, search text) whose text matches the FTS query, in their order."""
    try:
        con.executemany(f"INSERT INTO temp.{PROBE_TABLE}(rowid, text) VALUES (?, ?)", rows)
        sql = f"SELECT rowid FROM temp.{PROBE_TABLE} WHERE {PROBE_TABLE} MATCH ?"
        hits = {int(row[0]) for row in con.execute(sql, (match,))}
    finally:
        # Empty it again. (Not a rollback to a savepoint: that would abort the scan's cursor.)
        con.execute(f"INSERT INTO temp.{PROBE_TABLE}({PROBE_TABLE}) VALUES ('delete-all')")
    return [int(row[0]) for row in rows if int(row[0]) in hits]
