"""Sending training records and acknowledgments: rows in order, in batches, idempotent.

Each machine file (`training.sqlite3`, `acknowledgments.sqlite3`) has a random log id; a row's
identity on the server is (log id, its position in the file). The server's
`brightline.ingest_plain` takes a batch that starts at or before the row after the last it holds,
keeps the rows it lacks and checks that those it holds already are the same, so a batch sent again
after a lost answer changes nothing. These rows are not hash-chained: they are not evidence of a
contact, only of training done and of changes read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from brightline.core.department.connection import fetch_one
from brightline.core.department.errors import RefusedError

PLAIN_BATCH = 500


class Outbox(Protocol):
    """A local file of rows to send (`TrainingLog`, `acknowledgments.AcknowledgmentOutbox`)."""

    def log_id(self) -> str: ...

    def count(self) -> int: ...

    def rows_after(self, position: int, limit: int) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class PlainResult:
    """How many rows this sync sent, and how many the machine still holds that the server lacks."""

    sent: int
    waiting: int


def server_count(con: Any, table: str, log_id: str) -> int:
    return int(fetch_one(con, "SELECT brightline.plain_count(%s, %s)", (table, log_id))[0])


def push_plain(con: Any, table: str, outbox: Outbox, machine: str, unit: str, batch: int = PLAIN_BATCH) -> PlainResult:
    """Send the rows of `outbox` the server lacks to `table`, a batch a transaction.
    RefusedError when the server refuses a batch (what it holds is not what this file holds)."""
    local = outbox.count()
    if local == 0:
        return PlainResult(0, 0)
    log_id = outbox.log_id()
    held = server_count(con, table, log_id)
    con.commit()
    sent = 0
    while held < local:
        rows = outbox.rows_after(held, batch)
        if not rows:
            break
        status, count, detail = fetch_one(
            con,
            "SELECT * FROM brightline.ingest_plain(%s, %s, %s, %s, %s, %s::jsonb)",
            (table, machine, unit, log_id, held + 1, json.dumps(rows, ensure_ascii=False)),
        )
        con.commit()
        if status != "accepted":
            raise RefusedError(
                f"the department server refused {table.replace('_', ' ')} rows from this machine: {detail}",
                str(status),
                summary=f"The department server refused {'training records' if table == 'training_result' else 'acknowledgments'}",
            )
        sent += max(0, int(count) - held)
        held = int(count)
    return PlainResult(sent, max(0, local - held))
