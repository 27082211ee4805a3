"""The first page and count of a department view filtered by words: `first_page_with_words`.

PostgreSQL cannot tell a word found in most records from one found in a few: for a prefix search
(`'sally':*`, as the view searches) it guesses the same share of rows whatever the word, and the
fast plans for the two are opposite. Walking an index in the view's order and checking each
record's words finds a common word's first page at once but reads the whole table for a rare one;
the word index (GIN) finds a rare word's few records at once but hands over millions for a common
one, which must then all be sorted. So the view looks through the RECENT records first (the most
recent in its order, with the other filters): when they hold a page of matches, that page is the
first page (no older record can come before them), and the word is common enough to count by
reading records in storage order until enough match; when they do not, the word is rare, and the
word index gives every match once, for the page and the count alike.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.records import ContactRecord
from brightline.core.contact_log.views import CountSoFar

if TYPE_CHECKING:
    from brightline.core.department.views import DepartmentLog

RECENT = 2_000


def page_with_words(
    log: DepartmentLog,
    flt: LogFilter,
    order_by: str,
    descending: bool,
    limit: int,
    offset: int = 0,
    count_at_most: int = 0,
) -> tuple[list[ContactRecord], CountSoFar | None]:
    """Records `offset` to `offset + limit` of those matching `flt` (which has words) in the
    view's order; and, when the words are rare, how many match, counted as far as
    `count_at_most` in the same pass (None when they are common: found in the recent records)."""
    from brightline.core.department.views import RECORD_COLUMNS, text_query

    where = log.where_clause(flt)
    others = log.where_clause(replace(flt, text=""))
    if where is None or others is None:
        return [], CountSoFar(0, True)
    order, columns = log.order_clause(order_by, descending)
    words = text_query(flt.text)
    recent = log.fetch(
        f"SELECT {RECORD_COLUMNS} FROM (SELECT * FROM brightline.contact c{others[0]}{order} LIMIT %s) c "
        f"WHERE c.search @@ to_tsquery('simple', %s){order} LIMIT %s OFFSET %s",
        [*others[1], max(RECENT, 20 * (offset + limit)), words, limit, offset],
    )
    if len(recent) == limit:
        return [log.record(row) for row in recent], None
    rows = log.fetch(
        f"WITH m AS MATERIALIZED (SELECT {', '.join(f'c.{c}' for c in columns)} FROM brightline.contact c{where[0]}), "
        f"top AS (SELECT row_id FROM m{order} LIMIT %s OFFSET %s) "
        f"SELECT {RECORD_COLUMNS}, (SELECT count(*) FROM (SELECT 1 FROM m LIMIT %s) n) "
        f"FROM top JOIN brightline.contact c USING (row_id){order}",
        [*where[1], limit, offset, count_at_most],
    )
    count = int(rows[0][-1]) if rows else 0
    return [log.record(row[:-1]) for row in rows], CountSoFar(count, count < count_at_most)


def first_page_with_words(
    log: DepartmentLog, flt: LogFilter, order_by: str, descending: bool, limit: int, count_at_most: int
) -> tuple[list[ContactRecord], CountSoFar]:
    """The first `limit` records matching `flt` (which has words) in the view's order, and how
    many match, counting no further than `count_at_most`; inside the caller's snapshot."""
    records, counted = page_with_words(log, flt, order_by, descending, limit, count_at_most=count_at_most)
    if len(records) < limit:
        return records, CountSoFar(len(records), True)
    if counted is not None:
        return records, CountSoFar(max(counted.at_least, len(records)), counted.exact)
    # A common word: read the table in storage order until enough match.
    log.execute("SET LOCAL enable_bitmapscan = off")
    try:
        so_far = log.count_quickly(flt, count_at_most)
    finally:
        log.execute("RESET enable_bitmapscan")
    return records, CountSoFar(max(so_far.at_least, len(records)), so_far.exact)
