"""The department's contact log, read from its PostgreSQL server: `DepartmentLog`.

It implements `contact_log.source.LogSource`, as a machine's own `ContactLog` does, so the
window's table, `log list|export|report --department` and the audit report's figures are the
same code over either. Filters are those of `LogFilter`, with `machine` and `unit` besides; each
filter column leads an index that continues in the view's order (`server.tables`), so a first
page and "at least N" counts are read from one index; words go through `word_filter`, which
decides between the word index and the time order by looking at the recent records first.

Every read is one statement on a connection in autocommit; `snapshot()` makes a REPEATABLE READ
transaction, in which counts, pages and heads all see the same records while machines keep
sending. The report's figures are summed from the counts the server keeps as records arrive, and
the records of the months a period covers only in part (`counting`); all five groupings at once,
kept for the snapshot. Records carry their machine's name (`ContactRecord.machine`); their `id`
is their number in their machine's chain, so ids repeat across machines: `get(machine, id)`
names one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Self

from brightline.core.contact_log.filters import ORDER_COLUMNS, LogFilter, day_after
from brightline.core.contact_log.reading import RecordDetail
from brightline.core.contact_log.records import GENESIS_HASH, ContactRecord, record_from_row
from brightline.core.contact_log.verify import ChainHead
from brightline.core.contact_log.views import CountSoFar
from brightline.core.department.connection import describe, open_connection, server_words
from brightline.core.department.counting import count_contacts
from brightline.core.department.errors import DepartmentError
from brightline.core.department.server.migrate import check_compatible
from brightline.core.department.word_filter import first_page_with_words, page_with_words
from brightline.core.machine_config import MachineConfig

# What the views sort by, as columns (never a caller's string in SQL); "id" is arrival order.
_ORDER = {**ORDER_COLUMNS, "id": "row_id"}
_EQUALITY = (
    ("staff", "staff_name"),
    ("request_type", "request_type"),
    ("verdict", "verdict"),
    ("document", "document"),
    ("kind", "kind"),
    ("unit", "unit"),
)
RECORD_COLUMNS = "c.machine_id, c.hash, c.body, c.salted_notes, c.salted_official_name, c.salted_official_badge"
# What `distinct` may list.
_DISTINCT = {"staff_name", "request_type", "verdict", "document", "unit"}


def text_query(text: str) -> str:
    """The tsquery for typed text, as the machines' search finds it: each chunk a phrase whose
    last word may be a prefix ("sally po" finds "sally port")."""
    phrases = []
    for chunk in text.split():
        words = re.findall(r"\w+", chunk.lower())
        if words:
            phrases.append(" <-> ".join([*(f"'{w}'" for w in words[:-1]), f"'{words[-1]}':*"]))
    return " & ".join(phrases)


@dataclass(frozen=True)
class MachineHead:
    """One machine's chain as the server holds it."""

    machine: str
    unit: str
    log_id: str
    head: ChainHead


class DepartmentLog:
    """The department's log on its server, for reading (see the module docstring)."""

    def __init__(self, con: Any, where: str) -> None:
        self._con = con
        self.where = where
        self.path = where  # what messages name, as a ContactLog's path
        self.read_only = True
        row = con.execute("SELECT value FROM brightline.server_info WHERE key = 'department_id'").fetchone()
        self.log_id = str(row[0]) if row else ""
        self._names: dict[int, str] = {}
        self._ids: dict[str, int] = {}
        self._in_snapshot = False
        self._counts: dict[tuple[date | None, date | None], dict[str, dict[str, int]]] = {}
        self.kept_counts = True
        self._load_machines()

    @classmethod
    def open(cls, config: MachineConfig, *, user: str | None = None, password: str | None = None) -> DepartmentLog:
        """Connect with the machine's account (or `user`, e.g. the auditor's) and check the
        schema; DepartmentError when that cannot be done."""
        psycopg_con = open_connection(config, user=user, password=password, autocommit=True)
        where = describe(config, user)
        try:
            check_compatible(psycopg_con, where)
            from psycopg import IsolationLevel

            psycopg_con.isolation_level = IsolationLevel.REPEATABLE_READ
            # The view's statements run for milliseconds: compiling them (JIT, for any statement
            # the planner guesses costly, such as an "at least N" count) costs tens more.
            psycopg_con.execute("SET jit = off")
            return cls(psycopg_con, where)
        except DepartmentError:
            psycopg_con.close()
            raise
        except Exception as exc:
            psycopg_con.close()
            if type(exc).__module__.startswith("psycopg"):
                raise server_words(exc, where) from None
            raise

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_machines(self) -> None:
        rows = self.fetch("SELECT id, name FROM brightline.machine")
        self._names = {int(i): str(n) for i, n in rows}
        self._ids = {n: i for i, n in self._names.items()}

    def fetch(self, sql: str, params: tuple[Any, ...] | list[Any] | dict[str, Any] = ()) -> list[Any]:
        """Every row of `sql`; a server error becomes the DepartmentError that says it."""
        try:
            return list(self._con.execute(sql, params).fetchall())
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise server_words(exc, self.where) from None
            raise

    def execute(self, sql: str) -> None:
        """A statement that answers no rows (a setting)."""
        try:
            self._con.execute(sql)
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise server_words(exc, self.where) from None
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read inside one REPEATABLE READ transaction (nested calls join the outer one)."""
        from psycopg.pq import TransactionStatus

        if self._con.info.transaction_status != TransactionStatus.IDLE:
            yield
            return
        try:
            with self._con.transaction():
                self._in_snapshot = True
                try:
                    yield
                finally:
                    self._in_snapshot = False
                    self._counts.clear()
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise server_words(exc, self.where) from None
            raise

    def interrupt(self) -> None:
        """Stop the statement running (from another thread); it raises DepartmentError."""
        self._con.cancel_safe()

    # -- records --------------------------------------------------------------------------

    def record(self, row: tuple[Any, ...]) -> ContactRecord:
        machine_id, digest, body, *texts = row
        if int(machine_id) not in self._names:
            self._load_machines()
        record = record_from_row(body, digest, tuple(bytes(t) if t is not None else None for t in texts))
        return replace(record, machine=self._names.get(int(machine_id), ""))

    def where_clause(self, flt: LogFilter) -> tuple[str, list[Any]] | None:
        """WHERE and its parameters for `flt`; None when it can match nothing."""
        clauses: list[str] = []
        params: list[Any] = []
        if flt.date_from:
            clauses.append("contact_local >= %s")
            params.append(flt.date_from.isoformat())
        end = day_after(flt.date_to)
        if end:
            clauses.append("contact_local < %s")
            params.append(end.isoformat())
        for name, column in _EQUALITY:
            value = getattr(flt, name)
            if value:
                clauses.append(f"{column} = %s")
                params.append(value)
        if flt.machine:
            if flt.machine not in self._ids:
                self._load_machines()
            if flt.machine not in self._ids:
                return None
            clauses.append("machine_id = %s")
            params.append(self._ids[flt.machine])
        query = text_query(flt.text)
        if query:
            clauses.append("search @@ to_tsquery('simple', %s)")
            params.append(query)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    @staticmethod
    def order_clause(order_by: str, descending: bool) -> tuple[str, list[str]]:
        """ORDER BY for `order_by` (a key of ORDER_COLUMNS), and the columns it sorts by."""
        column = _ORDER[order_by]
        direction = "DESC" if descending else "ASC"
        keys = [column] + [k for k in ("contact_local", "row_id") if k != column]
        return " ORDER BY " + ", ".join(f"{k} {direction}" for k in keys), keys

    def query(
        self,
        flt: LogFilter | None = None,
        *,
        order_by: str = "contact_time",
        descending: bool = True,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ContactRecord]:
        """One page of records matching `flt`, sorted by `order_by` (a key of ORDER_COLUMNS)."""
        if flt is not None and text_query(flt.text):
            return page_with_words(self, flt, order_by, descending, limit, offset)[0]
        where = self.where_clause(flt or LogFilter())
        if where is None:
            return []
        sql = f"SELECT {RECORD_COLUMNS} FROM brightline.contact c{where[0]}{self.order_clause(order_by, descending)[0]} LIMIT %s OFFSET %s"
        return [self.record(row) for row in self.fetch(sql, [*where[1], limit, offset])]

    def count(self, flt: LogFilter | None = None) -> int:
        where = self.where_clause(flt or LogFilter())
        if where is None:
            return 0
        return int(self.fetch(f"SELECT count(*) FROM brightline.contact{where[0]}", where[1])[0][0])

    def count_quickly(self, flt: LogFilter | None = None, at_most: int = 10_000) -> CountSoFar:
        """How many match, counting no further than `at_most`."""
        where = self.where_clause(flt or LogFilter())
        if where is None:
            return CountSoFar(0, True)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM brightline.contact{where[0]} LIMIT %s) x"
        n = int(self.fetch(sql, [*where[1], at_most])[0][0])
        return CountSoFar(n, n < at_most)

    def first_page(
        self,
        flt: LogFilter | None = None,
        *,
        order_by: str = "contact_time",
        descending: bool = True,
        limit: int = 100,
        count_at_most: int = 10_000,
    ) -> tuple[list[ContactRecord], CountSoFar]:
        with self.snapshot():
            if flt is not None and text_query(flt.text):
                return first_page_with_words(self, flt, order_by, descending, limit, count_at_most)
            records = self.query(flt, order_by=order_by, descending=descending, limit=limit)
            if len(records) < limit:
                return records, CountSoFar(len(records), True)
            so_far = self.count_quickly(flt, count_at_most)
        return records, CountSoFar(max(so_far.at_least, len(records)), so_far.exact)

    def iter_bodies(self, flt: LogFilter | None = None) -> Iterator[tuple[Any, ...]]:
        """(id, hash, body, salted texts, machine) of every matching record, machine by machine,
        each machine's in the order of its chain; streamed from a server-side cursor."""
        where = self.where_clause(flt or LogFilter())
        if where is None:
            return
        sql = f"SELECT c.seq, {RECORD_COLUMNS} FROM brightline.contact c{where[0]} ORDER BY c.log_id, c.seq"
        for seq, machine_id, digest, body, *texts in self.stream(sql, where[1]):
            if int(machine_id) not in self._names:
                self._load_machines()
            yield (
                int(seq), str(digest), str(body),
                tuple(bytes(t) if t is not None else None for t in texts),
                self._names.get(int(machine_id), ""),
            )  # fmt: skip

    def stream(
        self, sql: str, params: tuple[Any, ...] | list[Any] | dict[str, Any] = (), itersize: int = 2000
    ) -> Generator[tuple[Any, ...], None, None]:
        """The rows of `sql` from a server-side cursor, a few thousand at a time, in a snapshot."""
        with self.snapshot():
            try:
                with self._con.cursor(name="brightline_stream") as cursor:
                    cursor.itersize = itersize
                    cursor.execute(sql, params)
                    yield from cursor
            except Exception as exc:
                if type(exc).__module__.startswith("psycopg"):
                    raise server_words(exc, self.where) from None
                raise

    def iter_records(self, flt: LogFilter | None = None) -> Iterator[ContactRecord]:
        for _, digest, body, texts, machine in self.iter_bodies(flt):
            yield replace(record_from_row(body, digest, texts), machine=machine)

    def get(self, machine: str, record_id: int) -> RecordDetail | None:
        """Record `record_id` of `machine` with the records that correct, add to or redact it."""
        logs = self.fetch(
            "SELECT l.log_id FROM brightline.machine_log l JOIN brightline.machine m ON m.id = l.machine_id "
            "WHERE m.name = %s",
            (machine,),
        )
        if not logs:
            return None
        log_id = str(logs[0][0])
        found = self.fetch(
            f"SELECT {RECORD_COLUMNS} FROM brightline.contact c WHERE log_id = %s AND seq = %s", (log_id, record_id)
        )
        if not found:
            return None
        rows = self.fetch(
            f"SELECT {RECORD_COLUMNS} FROM brightline.contact c WHERE log_id = %s AND corrects = %s ORDER BY seq",
            (log_id, record_id),
        )
        return RecordDetail(self.record(found[0]), tuple(self.record(r) for r in rows))

    # -- heads ----------------------------------------------------------------------------

    def machine_heads(self) -> list[MachineHead]:
        """Every machine's chain head as the server holds it, by machine name."""
        rows = self.fetch(
            "SELECT m.name, m.unit, l.log_id, h.seq, h.hash FROM brightline.machine_log l "
            "JOIN brightline.machine m ON m.id = l.machine_id "
            "LEFT JOIN LATERAL (SELECT c.seq, c.hash FROM brightline.contact c WHERE c.log_id = l.log_id "
            "ORDER BY c.seq DESC LIMIT 1) h ON true ORDER BY m.name"
        )
        return [
            MachineHead(str(name), str(unit), str(log_id), ChainHead(int(seq or 0), str(digest or GENESIS_HASH)))
            for name, unit, log_id, seq, digest in rows
        ]

    def head(self) -> ChainHead:
        """The department's state as one head: every record, and the SHA-256 of each machine's
        `LOG_ID COUNT:HASH` line in order of log id (so any change to any chain changes it)."""
        heads = sorted(self.machine_heads(), key=lambda h: h.log_id)
        lines = "".join(f"{h.log_id} {h.head}\n" for h in heads)
        return ChainHead(sum(h.head.count for h in heads), hashlib.sha256(lines.encode("ascii")).hexdigest())

    # -- the report's figures -------------------------------------------------------------

    @staticmethod
    def _period(date_from: date | None, date_to: date | None) -> tuple[str, list[str]]:
        clauses, params = "", []
        if date_from:
            clauses += " AND c.contact_local >= %s"
            params.append(date_from.isoformat())
        end = day_after(date_to)
        if end:
            clauses += " AND c.contact_local < %s"
            params.append(end.isoformat())
        return clauses, params

    def counts_by(self, grouping: str, date_from: date | None = None, date_to: date | None = None) -> dict[str, int]:
        """Contacts in the period per value of `grouping`, as `ContactLog.counts_by` counts them
        (addenda are not contacts; a corrected contact counts as its latest correction says),
        summed from the counts the server keeps unless `kept_counts` is off (`counting`).
        Every grouping is counted at once, kept while the snapshot lasts."""
        key = (date_from, date_to)
        counts = self._counts.get(key)
        if counts is None:
            counts = count_contacts(self.fetch, date_from, date_to, kept=self.kept_counts)
            if self._in_snapshot:
                self._counts[key] = counts
        return dict(counts[grouping])

    def distrust_kept_counts(self) -> None:
        """Count the report's figures from the records from now on (the kept counts were found
        to differ from them)."""
        self.kept_counts = False
        self._counts.clear()

    def follow_up_counts(self, date_from: date | None = None, date_to: date | None = None) -> dict[str, int]:
        """How many corrections, addenda and redactions were logged for contacts in the period."""
        clauses, params = self._period(date_from, date_to)
        rows = self.fetch(
            f"SELECT c.kind, count(*) FROM brightline.contact c WHERE c.corrects IS NOT NULL{clauses} GROUP BY c.kind",
            params,
        )
        return {str(kind): int(n) for kind, n in rows}

    def request_titles(self) -> dict[str, str]:
        titles = {}
        for request_type in self.distinct("request_type"):
            rows = self.fetch(
                "SELECT body::jsonb->>'request_title' FROM brightline.contact WHERE request_type = %s "
                "ORDER BY contact_local DESC, row_id DESC LIMIT 1",
                (request_type,),
            )
            titles[request_type] = str(rows[0][0] or "") if rows else ""
        return titles

    def distinct(self, column: str) -> list[str]:
        """The distinct values of a filter column (for filter choices), sorted; "machine" lists
        the enrolled machines."""
        if column == "machine":
            self._load_machines()
            return sorted(self._ids)
        if column not in _DISTINCT:
            raise ValueError(f"no index to list distinct values of {column!r}")
        # A skip-scan: one index descent a value instead of reading every entry.
        sql = (
            f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM brightline.contact UNION ALL "
            f"SELECT (SELECT min({column}) FROM brightline.contact WHERE {column} > v.x) FROM v "
            "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
        )
        return [str(row[0]) for row in self.fetch(sql)]
