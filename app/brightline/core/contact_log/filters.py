"""What a view of the contact log asks for (`LogFilter`) and how it becomes fast SQL.

Every view index leads with one filter column and carries all the others (see
`schema.FILTER_COLUMNS`), so a filter, a sort and a count are answered from one index and only
the rows of the page shown are read. The index is chosen here, not left to the planner: without
statistics SQLite sometimes scanned a million records in time order to find a few hundred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from brightline.core.contact_log import schema

# What views may sort by, mapped to columns that every view index holds (never interpolate a
# caller's string into SQL).
ORDER_COLUMNS = {
    "id": "id",
    "contact_time": "contact_local",
    "staff": "staff_name",
    "request_type": "request_type",
    "verdict": "verdict",
    "document": "document",
}
# Equality filters, roughly most selective first: the first one set picks the index.
_EQUALITY = (
    ("staff", "staff_name"),
    ("request_type", "request_type"),
    ("document", "document"),
    ("verdict", "verdict"),
    ("kind", "kind"),
)
# Up to this many text matches, records are looked up by id; above it, the filter index is
# scanned in order and each entry checked against the matches (stops at the page's end).
SMALL_MATCH = 2000


@dataclass(frozen=True)
class LogFilter:
    """What a view shows. Empty fields do not filter.

    Dates are inclusive, on the contact's local date. `staff` is the staff member's name as
    logged; `kind` is record|correction|addendum. `text` finds words and word beginnings in
    notes, agency, official's name and badge and the headline ("sally po" finds "sally port").
    `machine` (its enrolled name) and `unit` filter the department's log; one machine's own log
    has neither, so it matches nothing when they are set.
    """

    date_from: date | None = None
    date_to: date | None = None
    staff: str = ""
    request_type: str = ""
    verdict: str = ""
    document: str = ""
    kind: str = ""
    text: str = ""
    machine: str = ""
    unit: str = ""

    @property
    def is_empty(self) -> bool:
        return self == LogFilter()


def fts_match(text: str) -> str:
    """The FTS5 query for typed text: each chunk a phrase whose last word may be a prefix."""
    phrases = [re.findall(r"\w+", chunk.lower()) for chunk in text.split()]
    return " ".join('"' + " ".join(words) + '"*' for words in phrases if words)


def _like_terms(text: str) -> list[str]:
    terms = []
    for chunk in text.lower().split():
        escaped = chunk.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        terms.append(f"%{escaped}%")
    return terms


@dataclass(frozen=True)
class Plan:
    """A filter as SQL: the FROM clause (with the index to use), WHERE and its parameters."""

    source: str
    where: str
    params: tuple[Any, ...]
    empty: bool = False  # known to match nothing (no text match): skip the query
    by_id: bool = False  # the text's few matches are looked up by id


def day_after(last_day: date | None) -> date | None:
    """The first day after a period ending with `last_day`, its end bound; None when the period has
    no end (none given, or the last day there is: 9999-12-31)."""
    if last_day is None or last_day == date.max:
        return None
    return last_day + timedelta(days=1)


def plan(flt: LogFilter, order_column: str, fts: bool, text_matches: int | None = None, search: str = "search") -> Plan:
    """Turn `flt` into SQL; `text_matches` is the FTS match count when there is text (a count
    stopped above SMALL_MATCH will do); `search` is the SQL for a record's searchable text
    (`schema.search_sql`), used when there is no FTS5."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.machine or flt.unit:
        return Plan("contact", "", (), empty=True)  # a machine's own log: see LogFilter
    if flt.date_from:
        clauses.append("contact_local >= ?")
        params.append(flt.date_from.isoformat())
    end = day_after(flt.date_to)
    if end:
        clauses.append("contact_local < ?")
        params.append(end.isoformat())
    index = ""
    for name, column in _EQUALITY:
        value = getattr(flt, name)
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
            index = index or schema.VIEW_INDEXES.get(column, "")
    if flt.kind in ("correction", "addendum"):
        # Few records are corrections or addenda: find them through the partial index.
        clauses.append("corrects IS NOT NULL")
        index = index or "contact_by_corrects"
    if not index:
        if flt.date_from or flt.date_to or flt.kind:
            index = schema.VIEW_INDEXES["contact_local"]
        else:
            index = schema.VIEW_INDEXES.get(order_column, "")
    source = f"contact INDEXED BY {index}" if index else "contact"
    match = fts_match(flt.text)
    by_id = False
    if match and fts:
        if text_matches == 0:
            return Plan(source, "", (), empty=True)
        clauses.append(f"id IN (SELECT rowid FROM {schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH ?)")
        params.append(match)
        if text_matches is not None and text_matches <= SMALL_MATCH:
            source, by_id = "contact NOT INDEXED", True  # look the few matches up by id
    elif match:
        # No FTS5 in this SQLite: correct but slow (reads every record).
        for term in _like_terms(flt.text):
            clauses.append(f"{search} LIKE ? ESCAPE '\\'")
            params.append(term)
        source = "contact"
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return Plan(source, where, tuple(params), by_id=by_id)


def order_clause(order_column: str, descending: bool) -> str:
    """ORDER BY for a view: the column, then contact time, then id (a stable order)."""
    direction = "DESC" if descending else "ASC"
    keys = [order_column]
    if order_column not in ("id", "contact_local"):
        keys.append("contact_local")
    if order_column != "id":
        keys.append("id")
    return " ORDER BY " + ", ".join(f"{key} {direction}" for key in keys)
