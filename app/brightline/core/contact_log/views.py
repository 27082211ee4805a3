"""The views of the contact log: a page of records for a filter and a sort, and how many match.

Every view index leads with one filter column and carries the others (`schema`), so a filter, a
sort and a count are answered from one index and only the page's records are read. Free text
goes through the FTS index, or, for a text found in much of the log, by checking the view's rows
in order (`textscan`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace

from brightline.core.contact_log import schema, textscan
from brightline.core.contact_log.errors import translate
from brightline.core.contact_log.filters import ORDER_COLUMNS, SMALL_MATCH, LogFilter, Plan, fts_match, order_clause
from brightline.core.contact_log.filters import plan as make_plan
from brightline.core.contact_log.reading import FETCH_CHUNK, LogReader
from brightline.core.contact_log.records import ContactRecord, record_from_row

# How far a text's FTS matches are counted at once: enough to plan a query (SMALL_MATCH) and for
# a view's count so far (the window asks for 50,000), so one count serves both.
_TEXT_COUNT_AT_ONCE = 50_000


@dataclass(frozen=True)
class CountSoFar:
    """How many records match, as far as could be told at once: at least `at_least`, and
    exactly that many when `exact`."""

    at_least: int
    exact: bool


class LogViews(LogReader):
    """The contact log's filtered, sorted and counted views."""

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
        for start in range(0, len(ids), FETCH_CHUNK):
            chunk = ids[start : start + FETCH_CHUNK]
            marks = ",".join("?" * len(chunk))
            for record_id, digest, body, *texts in self._run(
                f"SELECT {columns} FROM contact WHERE id IN ({marks}) ORDER BY id", chunk
            ):
                yield record_id, digest, body, tuple(texts)
