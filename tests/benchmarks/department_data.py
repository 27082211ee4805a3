"""A synthetic department on a PostgreSQL server, for the department benchmarks: `generate(...)`.

80 machines (20 booking workstations, 60 patrol laptops in three units), each enrolled with its
own Ed25519 key, each with a chain of records made by `contact_log_data.record_rows` (the
store's own record format, checked against `record_content`), the checkpoints its log would have
signed every 100 records and those it would have signed over each batch of 1,000 it sent, a last
sync and a last check-in: what `department sync` would have left after the machines sent
everything, so that `log verify --department` passes and the views and the report see a real
department.

Written the fast way, as a database administrator would load one: the records are streamed with
COPY into the real schema (made by `init_server`) with its indexes and constraints dropped, and
those are built again after, from their own definitions; then VACUUM ANALYZE, so the planner has
statistics and index-only scans need no table reads. The search column is made by the server
(to_tsvector, once for each distinct text). The records of machines that share a seed share
their texts and contact times; their chains, hashes and log ids are their own.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from contact_log_data import record_rows

from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY, take_checkpoint
from brightline.core.contact_log.verify import ChainHead
from brightline.core.signing import WorkstationKey

SYNC_BATCH = 1000
BACKSLASH = "\\"
SEEDS = 8
_COLUMNS = (
    "log_id, seq, machine_id, unit, hash, prev_hash, body, salted_notes, salted_official_name, salted_official_badge, "
    "contact_local, corrects, document, draft_id, kind, pack_id, pack_version, request_type, staff_name, verdict, "
    "redacts, search, received_at"
)
_MADE = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def machines(count: int) -> list[tuple[str, str]]:
    """(name, unit) of `count` machines: a quarter booking workstations, the rest patrol laptops."""
    booking = count // 4
    return [(f"booking-{i + 1:02d}", "Jail, booking") for i in range(booking)] + [
        (f"patrol-{i + 1:02d}", ("Patrol North", "Patrol South", "Patrol East")[i % 3]) for i in range(count - booking)
    ]


def machine_key(name: str) -> WorkstationKey:
    return WorkstationKey(hashlib.sha256(f"brightline benchmark machine {name}".encode()).digest())


def generate(con: psycopg.Connection[Any], count: int, per_machine: int, say: Callable[[str], None] = print) -> float:
    """Fill the department database of `con` (an administrator's, in autocommit, its schema
    fresh from `init_server`) with `count` machines of `per_machine` records; the seconds it took."""
    started = time.perf_counter()
    contact_keys = _drop_contact_keys(con)
    vectors: dict[str, str] = {}
    for number, (name, unit) in enumerate(machines(count)):
        key = machine_key(name)
        log_id = uuid.UUID(bytes=hashlib.md5(name.encode()).digest()).hex
        machine_id = con.execute(
            "INSERT INTO brightline.machine (name, unit, account) VALUES (%s, %s, 'bench_machine') RETURNING id",
            (name, unit),
        ).fetchone()[0]
        con.execute(
            "INSERT INTO brightline.machine_key (key_id, machine_id, public_key, os_account) VALUES (%s, %s, %s, 'bench')",
            (key.key_id, machine_id, key.public_key),
        )
        con.execute(
            "INSERT INTO brightline.machine_log (log_id, machine_id, format_2_from) VALUES (%s, %s, 1)",
            (log_id, machine_id),
        )
        _copy_machine(con, machine_id, unit, log_id, key, number % SEEDS, per_machine, vectors)
        if number % 10 == 9:
            say(f"  {number + 1} of {count} machines written ({time.perf_counter() - started:.0f} s)")
    say(f"  records written in {time.perf_counter() - started:.0f} s; building the indexes")
    for statement in contact_keys:
        con.execute(statement)
    say(f"  indexes built ({time.perf_counter() - started:.0f} s); VACUUM ANALYZE")
    con.execute("VACUUM (ANALYZE) brightline.contact")
    con.execute("VACUUM (ANALYZE) brightline.checkpoint")
    return time.perf_counter() - started


def _drop_contact_keys(con: psycopg.Connection[Any]) -> list[str]:
    """Drop the contact table's constraints and indexes; the statements that make them again."""
    again = []
    for name, definition in con.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'brightline.contact'::regclass "
        "AND contype IN ('p', 'u', 'f') ORDER BY contype DESC"
    ).fetchall():
        con.execute(f"ALTER TABLE brightline.contact DROP CONSTRAINT {name}")
        again.append(f"ALTER TABLE brightline.contact ADD CONSTRAINT {name} {definition}")
    for name, definition in con.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'brightline' AND tablename = 'contact'"
    ).fetchall():
        con.execute(f"DROP INDEX brightline.{name}")
        again.append(definition)
    return again


def _vectors(con: psycopg.Connection[Any], texts: list[str], vectors: dict[str, str]) -> None:
    missing = sorted(set(texts) - vectors.keys())
    if missing:
        rows = con.execute("SELECT t, to_tsvector('simple', lower(t))::text FROM unnest(%s::text[]) t", (missing,))
        vectors.update((str(t), str(v)) for t, v in rows)


def _copy_machine(
    con: psycopg.Connection[Any],
    machine_id: int,
    unit: str,
    log_id: str,
    key: WorkstationKey,
    seed: int,
    n: int,
    vectors: dict[str, str],
) -> None:
    texts: list[str] = []
    heads: list[ChainHead] = []
    rows = list(record_rows(n, seed, log_id, texts, heads))
    _vectors(con, texts, vectors)
    received = _MADE.isoformat()
    prev = "0" * 64
    with con.cursor().copy(f"COPY brightline.contact ({_COLUMNS}) FROM STDIN") as copy:
        lines = []
        for (seq, digest, body, notes, name, badge, *columns), text in zip(rows, texts, strict=True):
            # COPY's text format: a body holds backslashes (JSON escapes), never a tab or newline;
            # the columns come from the generator's own word lists.
            texts_hex = "\t".join("\\N" if t is None else "\\\\x" + t.hex() for t in (notes, name, badge))
            rest = "\t".join("\\N" if c is None else str(c) for c in columns)
            lines.append(
                f"{log_id}\t{seq}\t{machine_id}\t{unit}\t{digest}\t{prev}\t{body.replace(BACKSLASH, BACKSLASH * 2)}\t"
                f"{texts_hex}\t{rest}\t\t{vectors[text]}\t{received}\n"
            )
            prev = digest
            if len(lines) == 5000:
                copy.write("".join(lines))
                lines = []
        copy.write("".join(lines))
    _copy_checkpoints(con, log_id, key, heads, rows)
    sent_at = _MADE - timedelta(hours=machine_id % 30)
    con.execute(
        "INSERT INTO brightline.sync (machine_id, log_id, first_seq, last_seq, key_id, account, at) "
        "VALUES (%s, %s, 1, %s, %s, 'bench_machine', %s)",
        (machine_id, log_id, n, key.key_id, sent_at),
    )
    con.execute(
        "INSERT INTO brightline.check_in (machine_id, log_id, local_count, server_count, machine_clock, account, at) "
        "VALUES (%s, %s, %s, %s, %s, 'bench_machine', %s)",
        (machine_id, log_id, n + machine_id % 3, n, sent_at, sent_at),
    )


def _copy_checkpoints(
    con: psycopg.Connection[Any], log_id: str, key: WorkstationKey, heads: list[ChainHead], rows: list[Any]
) -> None:
    """The log's own checkpoints (every CHECKPOINT_EVERY records) and one over each batch of
    SYNC_BATCH records sent, signed by the machine's key."""
    wanted = [(h, "log") for h in heads]
    wanted += [(ChainHead(int(r[0]), str(r[1])), "sync") for r in rows[SYNC_BATCH - 1 :: SYNC_BATCH]]
    if rows and len(rows) % SYNC_BATCH:
        wanted.append((ChainHead(int(rows[-1][0]), str(rows[-1][1])), "sync"))
    with con.cursor().copy(
        "COPY brightline.checkpoint (log_id, count, head, at, key_id, public_key, signature, origin) FROM STDIN"
    ) as copy:
        for head, origin in wanted:
            # A batch's checkpoint is signed when it is sent, a little after the log's own.
            checkpoint = take_checkpoint(key, log_id, head, _MADE + timedelta(minutes=origin == "sync"))
            copy.write_row(
                (log_id, head.count, head.hash, checkpoint.at, key.key_id, key.public_key, checkpoint.signature, origin)
            )


__all__ = ["CHECKPOINT_EVERY", "generate", "machine_key", "machines"]
