"""A synthetic department on a PostgreSQL server, for the department benchmarks: `generate(...)`.

80 machines (20 booking workstations, 60 patrol laptops in three units), each enrolled with its
own Ed25519 key, each with a chain of records made by `contact_log_data.record_rows` (the
store's own record format, checked against `record_content`), the checkpoints its log would have
signed every 100 records and those it would have signed over each batch of 1,000 it sent, a last
sync and a last check-in: what `department sync` would have left after the machines sent
everything, so that `log verify --department` passes and the views and the report see a real
department.

Written the fast way, as a database administrator would load one: in one transaction, the
contact table is emptied (so that, on a server started with wal_level=minimal as the benchmark
starts it for this, its rows skip the write-ahead log and COPY can FREEZE them: no later pass
rewrites every page), its indexes and constraints dropped, the records streamed with COPY and
the indexes and constraints built again from their own definitions, and the report's counts
filled from the records (`server.counts`, as the migration to schema 2 fills them, since COPY
bypasses the store that keeps them); then VACUUM ANALYZE, so the planner has statistics. The records are spliced from a few thousand templates per machine
(`contact_log_data.checked_plan`, checked against the store's own record_content), each with
its own chain and hash; the search column is made by the server (to_tsvector, once for each
distinct text). The records of machines that share a seed share their texts and contact times;
their chains, hashes and log ids are their own.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from contact_log_data import checked_plan

from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY, take_checkpoint
from brightline.core.contact_log.records import GENESIS_HASH
from brightline.core.contact_log.verify import ChainHead
from brightline.core.department.server.counts import FILL_FROM_RECORDS
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
    con.execute("SET maintenance_work_mem = '1GB'")
    vectors: dict[str, str] = {}
    with con.transaction():
        con.execute("ALTER TABLE brightline.contact DISABLE TRIGGER contact_no_truncate")
        con.execute("TRUNCATE brightline.contact")  # a new file: COPY may FREEZE, and skip the WAL
        con.execute("ALTER TABLE brightline.contact ENABLE TRIGGER contact_no_truncate")
        contact_keys = _drop_contact_keys(con)
        for number, (name, unit) in enumerate(machines(count)):
            key = machine_key(name)
            log_id = uuid.UUID(bytes=hashlib.md5(name.encode()).digest()).hex
            machine_id = con.execute(
                "INSERT INTO brightline.machine (name, unit, account) VALUES (%s, %s, 'bench_machine') RETURNING id",
                (name, unit),
            ).fetchone()[0]
            con.execute(
                "INSERT INTO brightline.machine_key (key_id, machine_id, public_key, os_account) "
                "VALUES (%s, %s, %s, 'bench')",
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
        say(f"  indexes built ({time.perf_counter() - started:.0f} s); counting for the report")
        con.execute(FILL_FROM_RECORDS)  # as the migration to schema 2 counts a server's records
    say(f"  counted ({time.perf_counter() - started:.0f} s); VACUUM ANALYZE")
    con.execute("VACUUM (ANALYZE) brightline.contact")
    con.execute("VACUUM (ANALYZE) brightline.contact_count")
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
    plan = checked_plan(n, seed, log_id)
    _vectors(con, [t.search for t in plan.templates], vectors)
    # Each template's body and its other columns, as COPY's text format writes them: a body holds
    # backslashes (JSON escapes), never a tab or newline; the columns come from the generator's
    # own word lists. What a record adds (its id, contact time and previous hash) holds neither.
    lines = {
        id(t): (
            [part.replace(BACKSLASH, BACKSLASH * 2) for part in t.parts],
            "\t".join("\\N" if x is None else "\\\\x" + x.hex() for x in t.texts),
            "\t".join("\\N" if c is None else str(c) for name, c in t.columns.items() if name != "contact_local"),
            vectors[t.search],
        )
        for t in plan.templates
    }
    assert list(plan.templates[0].columns)[0] == "contact_local"  # the column order the COPY names
    received = _MADE.isoformat()
    heads: list[ChainHead] = []
    prev = GENESIS_HASH
    with con.cursor().copy(f"COPY brightline.contact ({_COLUMNS}) FROM STDIN (FREEZE)") as copy:
        chunk = []
        for seq in range(1, n + 1):
            template, when = plan.at(seq)
            p = template.parts
            body = f'{p[0]}{seq}{p[1]}"{when}"{p[2]}"{prev}"{p[3]}'
            digest = hashlib.sha256(body.encode()).hexdigest()
            e, texts, rest, vector = lines[id(template)]
            chunk.append(
                f"{log_id}\t{seq}\t{machine_id}\t{unit}\t{digest}\t{prev}\t"
                f'{e[0]}{seq}{e[1]}"{when}"{e[2]}"{prev}"{e[3]}\t{texts}\t{when}\t{rest}\t\t{vector}\t{received}\n'
            )
            if seq % CHECKPOINT_EVERY == 0 or seq == n:
                heads.append(ChainHead(seq, digest))
            prev = digest
            if len(chunk) == 5000:
                copy.write("".join(chunk))
                chunk = []
        copy.write("".join(chunk))
    _copy_checkpoints(con, log_id, key, heads, n)
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
    con: psycopg.Connection[Any], log_id: str, key: WorkstationKey, heads: list[ChainHead], n: int
) -> None:
    """The log's own checkpoints (every CHECKPOINT_EVERY records) and one over each batch of
    SYNC_BATCH records sent, signed by the machine's key; `heads` holds the head at every
    CHECKPOINT_EVERY records and the last."""
    wanted = [(h, "log") for h in heads if h.count % CHECKPOINT_EVERY == 0]
    wanted += [(h, "sync") for h in heads if h.count % SYNC_BATCH == 0 or (h.count == n and n % SYNC_BATCH)]
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
