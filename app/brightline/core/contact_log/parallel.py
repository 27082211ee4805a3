"""Verifying a large log on several processor cores.

Verification is bound by the records (`verify`: SHA-256, SQLite reading them, Python's loop,
about 7.5 us a record on one core), and Python holds the GIL for all but SQLite's own steps
(hashlib releases it only for inputs over 2 KB), so threads do not help; processes do. The ids
1..N are split into ranges, one per worker; each worker checks its range starting from the
stored hash of the record before it, and the range before checks that stored hash against its
record's content, so together they check the whole chain exactly as one pass would (a range
that ends on missing records asks for the next one present, to name it as one pass does).
Meanwhile the calling process checks the checkpoints' signatures and the indexes, about a
second of the two cores' work at a million records.

Workers are *spawned* (never forked: the window has Qt threads), read the file read-only, and
are used only for large logs and not in a frozen (PyInstaller) build, which would need
`multiprocessing.freeze_support()` in its entry point; the bundle leaves multiprocessing out
altogether, since PyInstaller's hook for it imports it at every start. So it is imported here
only when workers are started. Whatever goes wrong starting them, the caller falls back to one
process.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import replace

from brightline.core.contact_log import schema
from brightline.core.contact_log.records import GENESIS_HASH
from brightline.core.contact_log.verify import CHAIN_BROKEN, MISSING, Segment, check_chain

MMAP_BYTES = 1 << 31
# Below this, starting processes costs more than it saves.
PARALLEL_MIN_RECORDS = 200_000
MAX_WORKERS = 4


def auto_workers(count: int) -> int:
    """How many processes to verify `count` records with (1: in this process)."""
    if count < PARALLEL_MIN_RECORDS or getattr(sys, "frozen", False):
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cpus))


def verify_range(uri: str, shape: int, first: int, last: int, job: tuple[frozenset[int], str, int]) -> Segment:
    """Check records `first`..`last` of the log at `uri` (runs in a worker process); `job` is
    (ids to watch, the log's id, the first id of record format 2)."""
    watch, log_id, format_2_from = job
    con = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        # Read through a memory map where the platform allows: no copy of each page into SQLite's
        # cache (SQLite maps at most its compile-time limit, 2 GB in the usual builds).
        con.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        prev = GENESIS_HASH
        if first > 1:
            row = con.execute("SELECT hash FROM contact WHERE id = ?", (first - 1,)).fetchone()
            if row is None:  # the range before reports it missing; this one cannot start
                return Segment(first, 0, GENESIS_HASH, (first, CHAIN_BROKEN, {"previous": first - 1}), {})
            prev = str(row[0])
        rows = schema.chain_rows(con, shape, first, last, format_2_from)
        segment = check_chain(rows, first, prev, last, watch, log_id, format_2_from)
        if segment.bad and segment.bad[1] == MISSING and segment.bad[2].get("next_present") is None:
            # Records missing at the end of this range: name the next one present, as one pass would.
            after = con.execute("SELECT min(id) FROM contact WHERE id > ?", (last,)).fetchone()[0]
            segment = replace(segment, bad=(segment.bad[0], MISSING, {"next_present": after}))
        return segment
    finally:
        con.close()


def start_parallel(
    uri: str, shape: int, last: int, workers: int, job: tuple[frozenset[int], str, int]
) -> Callable[[], list[Segment]]:
    """Start checking records 1..`last` of the log at `uri` in `workers` processes; returns a
    function that waits for them and gives their segments in order. (The caller meanwhile runs
    SQLite's integrity check, which takes longer than the chain.)

    The waiting function raises sqlite3.Error from a worker as is; starting raises OSError or
    concurrent.futures' BrokenProcessPool if the processes cannot be started (the caller then
    verifies in one process).
    """
    size = -(-last // workers)
    bounds = [(start, min(start + size - 1, last)) for start in range(1, last + 1, size)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=len(bounds), mp_context=context)
    try:
        futures = [pool.submit(verify_range, uri, shape, a, b, job) for a, b in bounds]
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise

    def wait() -> list[Segment]:
        try:
            return [future.result() for future in futures]
        finally:
            pool.shutdown(cancel_futures=True)

    return wait
