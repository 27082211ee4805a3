"""Verifying a large log on several processor cores.

Verification is bound by SHA-256 over every record (about 1.5 GB for a million records), and
Python's hashlib holds the GIL for inputs this small, so threads do not help; processes do.
The ids 1..N are split into ranges, one per worker; each worker checks its range starting from
the stored hash of the record before it, and the range before checks that stored hash against
its record's content, so together they check the whole chain exactly as one pass would.

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
from pathlib import Path

from brightline.core.contact_log.records import GENESIS_HASH
from brightline.core.contact_log.verify import CHAIN_BROKEN, ChainHead, Segment, VerifyResult, check_segment, combine

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


def verify_range(path: str, first: int, last: int, watch: int) -> Segment:
    """Check records `first`..`last` of the log at `path` (runs in a worker process)."""
    con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        prev = GENESIS_HASH
        if first > 1:
            row = con.execute("SELECT hash FROM contact WHERE id = ?", (first - 1,)).fetchone()
            if row is None:  # the range before reports it missing; this one cannot start
                return Segment(first, 0, GENESIS_HASH, (first, CHAIN_BROKEN, {"previous": first - 1}), None)
            prev = str(row[0])
        rows = con.execute(
            "SELECT id, hash, CAST(body AS BLOB) FROM contact WHERE id BETWEEN ? AND ? ORDER BY id", (first, last)
        )
        return check_segment(rows, first, prev, last, watch)
    finally:
        con.close()


def verify_parallel(path: Path, last: int, workers: int, expected: ChainHead | None) -> VerifyResult:
    """Verify records 1..`last` of the log at `path` with `workers` processes.

    Raises sqlite3.Error from a worker as is; OSError or concurrent.futures' BrokenProcessPool
    if the processes cannot be started (the caller then verifies in one process).
    """
    size = -(-last // workers)
    bounds = [(start, min(start + size - 1, last)) for start in range(1, last + 1, size)]
    watch = expected.count if expected is not None else -1
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(bounds), mp_context=context) as pool:
        futures = [pool.submit(verify_range, str(path), a, b, watch) for a, b in bounds]
        segments = [future.result() for future in futures]
    return combine(segments, expected)
