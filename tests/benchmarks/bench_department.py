"""Department benchmarks, against a PostgreSQL server started on this machine.

    python tests/benchmarks/run.py --only department [--quick]

Budgets (issue 16; DESIGN.md, "Performance budgets"):
  - ingest with 50 machines sending at once: at least 2,000 records/s; the 99th percentile of
    the time a batch waits for the server's answer is shown beside it. Each machine is its own
    process (a laptop of its own), with 400 records waiting, sent as `department sync` sends them
    (batches of up to 1,000, each signed and checked by the server);
  - a laptop with 100,000 records waiting sends them all in under 60 s;
  - the department's audit report at 10,000,000 records in under 5 s (the whole period, and one
    quarter), with the machines' part (records held, last sent, unsent at the last check-in);
  - the department's log view at 10,000,000 records: opening (connect, first page of 100 and the
    count as far as the indexes tell it at once) under 300 ms; a filter under 100 ms;
  - recording while a sync runs is as fast as recording alone (the median of durable inserts).
Verifying the department's log at 10,000,000 records is shown for context: it reads and hashes
every record (about 20 GB) in this process.

The server is durable (fsync on, as a department's is), with a department server's modest tuning
(SERVER_SETTINGS), and kept between runs in $BRIGHTLINE_BENCH_CACHE (default
<tmp>/brightline-bench), in a folder named after the schema's version and a hash of the tables
and of the generators, with the department of 10,000,000 records (80 machines of 125,000;
`department_data`, generated once, with the server restarted for a bulk load: its row says how
long that took).
--quick uses 80 machines of 2,500 (200,000 records), 50 machines of 40, and a backlog of 10,000.

$BRIGHTLINE_BENCH_DEPARTMENT names the parts to run, comma-separated (default: all of them):
ingest, backlog, recording, big (the view and the report at 10,000,000 records), verify, e.g.

    BRIGHTLINE_BENCH_DEPARTMENT=ingest,backlog python tests/benchmarks/run.py --only department
"""

from __future__ import annotations

import hashlib
import inspect
import multiprocessing
import os
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import contact_log_data
import department_data
from benchlib import percentile, row
from contact_log_data import generate_log

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.store import ContactLog
from brightline.core.department.server import counts, tables
from brightline.core.department.server.migrate import SCHEMA_VERSION
from deptlib import Cluster, Department, draft
from pgserver import PostgresServer, find_binaries

HERE = Path(__file__).resolve().parent
# A department server's modest tuning (PostgreSQL's defaults are sized for a small machine).
SERVER_SETTINGS = {"shared_buffers": "1GB", "max_wal_size": "4GB", "maintenance_work_mem": "512MB"}
# While the big department is loaded: bulk loads into a new table skip the write-ahead log.
BULK_LOAD = {"wal_level": "minimal", "max_wal_senders": "0"}


def _key() -> str:
    """What the big department's data depends on: the tables and the generators (the functions
    machines call are not used by the figures measured on it)."""
    source = "".join(inspect.getsource(m) for m in (tables, counts, department_data, contact_log_data))
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm: the server's cache holds the pages, as it does for a server in use
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    parts = [p.strip() for p in os.environ.get("BRIGHTLINE_BENCH_DEPARTMENT", "").split(",") if p.strip()] or list(
        PARTS
    )
    unknown = sorted(set(parts) - PARTS.keys())
    if unknown:
        raise ValueError(
            f"BRIGHTLINE_BENCH_DEPARTMENT names no part {', '.join(unknown)}: choose from {', '.join(PARTS)}"
        )
    if find_binaries() is None:
        results.append(row("department", "not measured: PostgreSQL's server programs are not installed"))
        return
    cache = Path(os.environ.get("BRIGHTLINE_BENCH_CACHE") or Path(tempfile.gettempdir()) / "brightline-bench")
    folder = cache / f"department-schema{SCHEMA_VERSION}-{_key()}"
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob("department-schema*"):
        if old != folder:
            notes.append(f"department: an older cached server is left in {old}; delete it to free its space")
    server = PostgresServer(folder, durable=True, port=None, settings=SERVER_SETTINGS).start()
    try:
        cluster = Cluster(server)
        with tempfile.TemporaryDirectory(prefix="brightline-bench-dept-") as tmp:
            work = Path(tmp)
            work.chmod(0o755)
            os.environ["BRIGHTLINE_KEY_DIR"] = str(work / "keys")
            for part in parts:
                PARTS[part](cluster, work, results, quick, notes)
    finally:
        server.stop()


# -- ingest -----------------------------------------------------------------------------------


def _sync_one(config: str, data: str, keys: str, barrier: Any, answers: Any) -> None:
    """One machine's sync in a process of its own: the seconds each batch waited for its answer."""
    from brightline.core.department.connection import load_driver
    from brightline.core.department.sync import sync
    from brightline.core.machine_config import load_machine_config
    from brightline.core.signing import load_or_create_key

    settings, key = load_machine_config(config), load_or_create_key(Path(keys))
    load_driver()  # a laptop loads the driver on its own processor, not on the server's
    waits: list[float] = []
    barrier.wait()
    last = time.perf_counter()

    def answered(_count: int) -> None:
        nonlocal last
        now = time.perf_counter()
        waits.append(now - last)
        last = now

    result = sync(settings, Path(data), key, on_batch=answered)
    answers.put((result.sent, waits))


def _ingest(cluster: Cluster, work: Path, results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    machines, each = 50, 40 if quick else 400
    department = cluster.department(work / "ingest", "bench_ingest")
    laptops = [department.machine(f"car-{n:02d}", unit=f"Patrol {n % 3}") for n in range(machines)]
    for n, laptop in enumerate(laptops):
        generate_log(laptop.log_path, each, seed=n)
    context = multiprocessing.get_context("spawn")
    barrier, answers = context.Barrier(machines + 1), context.Queue()
    processes = [
        context.Process(
            target=_sync_one, args=(str(m.config_path), str(m.data), str(m.keys), barrier, answers), daemon=True
        )
        for m in laptops
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=600)
    started = time.perf_counter()
    outcomes = [answers.get(timeout=900) for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join(60)
    sent = sum(n for n, _ in outcomes)
    waits = [w * 1000 for _, ws in outcomes for w in ws]
    label = f"department ingest, {machines} machines at once, {machines * each:,} records"
    rate = sent / elapsed
    results.append(row(f"{label}: records/s", rate, "records/s", ">= 2,000", rate >= 2000 and sent == machines * each))
    results.append(row(f"{label}: p99 time to acknowledge a batch", percentile(waits, 99), "ms"))
    if department.count() != machines * each:
        results.append(row(f"{label}: all stored", f"only {department.count()} records stored", holds=False))


def _backlog(cluster: Cluster, work: Path, results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    n = 10_000 if quick else 100_000
    department = cluster.department(work / "backlog", "bench_backlog")
    laptop = department.machine("patrol-99")
    generate_log(laptop.log_path, n)
    started = time.perf_counter()
    result = laptop.sync()
    elapsed = time.perf_counter() - started
    ok = result.sent == n and elapsed < 60
    results.append(row(f"department: a laptop sends {n:,} records waiting", elapsed, "s", "< 60 s", ok))


def _recording(cluster: Cluster, work: Path, results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    """Durable inserts into the machine's own log: alone, while a sync waits on a server that
    does not answer (the budget: recording never waits for the server), and, for context, while
    a sync sends a backlog to the server on this same machine (they share its two cores). The
    sync runs on a thread of the recording process, as the window runs it. A durable insert
    waits for the disk, which the other parts (and other programs) keep busy for a while after
    they end: the server writes its checkpoint first, and alone and during alternate, ROUNDS
    times, each figure the median of all its inserts."""
    department = cluster.department(work / "recording", "bench_recording")
    laptop = department.machine("patrol-98")
    generate_log(laptop.log_path, 5_000 if quick else 30_000)
    count, rounds = (30, 3) if quick else (60, 5)
    with department.admin(autocommit=True) as con:
        con.execute("CHECKPOINT")
    os.sync()

    def inserts() -> list[float]:
        times = []
        with ContactLog.open(laptop.log_path, key=laptop.key()) as log:
            for _ in range(count):
                started = time.perf_counter()
                log.add(draft())
                times.append((time.perf_counter() - started) * 1000)
        return times

    def during(port: int | None) -> tuple[list[float], bool]:
        syncing = threading.Thread(target=_sync_quietly, args=(laptop, port), daemon=True)
        syncing.start()
        times = inserts()
        overlapped = syncing.is_alive()
        syncing.join(120)
        return times, overlapped

    label = "department: recording a contact (durable insert, median)"
    alone: list[float] = []
    stuck: list[float] = []
    overlapped = True
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    with silent:
        for _ in range(rounds):
            alone += inserts()
            times, waited = during(silent.getsockname()[1])
            stuck += times
            overlapped = overlapped and waited
    alone_ms = statistics.median(alone)
    results.append(row(f"{label}, alone", alone_ms, "ms"))
    ratio = statistics.median(stuck) / alone_ms
    results.append(
        row(
            f"{label}, while a sync waits on a server that does not answer{'' if overlapped else ' (it gave up first)'}",
            ratio,
            "× alone",
            "<= 1.5×",
            ratio <= 1.5,
        )  # fmt: skip
    )
    busy, overlapped = during(None)
    results.append(
        row(
            f"{label}, while a sync sends to the server on this machine{'' if overlapped else ' (it ended first)'}",
            statistics.median(busy) / alone_ms,
            "× alone",
        )
    )


def _sync_quietly(laptop: Any, port: int | None) -> None:
    from brightline.core.department.errors import DepartmentError
    from brightline.core.department.sync import run_in_background

    run_in_background()  # as the window's sync worker does
    try:
        laptop.sync(port=port, batch=200)
    except DepartmentError:
        pass  # the server that does not answer


# -- ten million records ------------------------------------------------------------------------


def _big_department(cluster: Cluster, work: Path, results: list[dict[str, Any]], quick: bool) -> tuple[Any, str, int]:
    """The auditor's configuration for the big department (generated on first use), its size in
    words and its number of records."""
    machines, each = 80, 2_500 if quick else 125_000
    total = machines * each
    name = f"bench_{total}"
    size = f"{total:,} records"
    with cluster.admin(autocommit=True) as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    department = Department(cluster, name, work / "big")
    complete = False
    if exists:
        with department.admin() as con:
            complete = bool(con.execute("SELECT 1 FROM brightline.server_info WHERE key = 'bench_complete'").fetchone())
    if not complete:
        department = cluster.department(work / "big", name)
        # Loaded as an administrator loads a department: the server restarted without the
        # write-ahead log's copy of bulk loads (wal_level=minimal), then as it runs.
        cluster.server.settings.update(BULK_LOAD)
        cluster.server.restart()
        try:
            with department.admin(autocommit=True) as con:
                seconds = department_data.generate(con, machines, each, say=lambda line: print(line, flush=True))
                con.execute("INSERT INTO brightline.server_info (key, value) VALUES ('bench_complete', now()::text)")
        finally:
            for setting in BULK_LOAD:
                cluster.server.settings.pop(setting)
            cluster.server.restart()
        results.append(row(f"department {size}: generate (kept for later runs)", seconds, "s"))
    (work / "big").mkdir(parents=True, exist_ok=True)
    cluster.account("bench_auditor", "auditor")  # the auditor's account reads the department's log
    auditor = department.machine("auditor-desk", unit="Audit", account="bench_auditor", enrol=False)
    return auditor.config(), size, total


def _big(cluster: Cluster, work: Path, results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    config, size, _ = _big_department(cluster, work, results, quick)
    from brightline.core.department.views import DepartmentLog

    repeat = 3 if quick else 5

    def open_view() -> None:
        with DepartmentLog.open(config) as log:
            page, _ = log.first_page(limit=100, count_at_most=50_000)
            assert len(page) == 100

    results.append(
        _budget(f"department view at {size}: open, first page and count", _median_ms(open_view, repeat), 300)
    )
    with DepartmentLog.open(config) as log:
        filters = {
            "one machine": LogFilter(machine="patrol-07"),
            "one unit": LogFilter(unit="Patrol North"),
            "one staff member": LogFilter(staff="Chen Lee"),
            "a response in a quarter": LogFilter(
                verdict="comply", date_from=date(2024, 1, 1), date_to=date(2024, 3, 31)
            ),
            "a machine and a document": LogFilter(machine="booking-03", document="I-200"),
            "a common word": LogFilter(text="detainer"),
            "a rare word": LogFilter(text="229"),
        }
        for what, flt in filters.items():
            ms = _median_ms(lambda flt=flt: log.first_page(flt, limit=100, count_at_most=50_000), repeat)
            results.append(_budget(f"department view at {size}: filter by {what}", ms, 100))
        ms = _median_ms(lambda: log.first_page(order_by="staff", limit=100, count_at_most=50_000), repeat)
        results.append(_budget(f"department view at {size}: sort by staff member", ms, 100))
    _report(config, size, results, repeat)
    notes.append(
        f"department: the {size} live in {cluster.server.folder} between runs (about "
        f"{_folder_size(cluster.server.folder) / 1e9:.0f} GB); delete the folder to free the space"
    )


def _budget(name: str, ms: float, budget_ms: float) -> dict[str, Any]:
    return row(name, ms, "ms", f"< {budget_ms:g} ms", ms < budget_ms)


def _report(config: Any, size: str, results: list[dict[str, Any]], repeat: int) -> None:
    from brightline.core.contact_log.exports import build_report
    from brightline.core.department.summary import department_summary
    from brightline.core.department.views import DepartmentLog

    for label, period in (("the whole period", (None, None)), ("one quarter", (date(2024, 1, 1), date(2024, 3, 31)))):

        def report(period: tuple[date | None, date | None] = period) -> None:
            with DepartmentLog.open(config) as log:
                figures = build_report(log, *period, verify=False)
                summary = department_summary(log, "Benchmark PD", *period)
                assert figures.contacts > 0 and summary.machines

        ms = _median_ms(report, max(2, repeat // 2))
        results.append(row(f"department audit report at {size}, {label}", ms / 1000, "s", "< 5 s", ms < 5000))


def _verify(cluster: Cluster, work: Path, results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    from brightline.core.department.verify import verify_department
    from brightline.core.department.views import DepartmentLog

    config, size, total = _big_department(cluster, work, results, quick)

    started = time.perf_counter()
    with DepartmentLog.open(config) as log:
        check = verify_department(log)
    elapsed = time.perf_counter() - started
    checked = sum(m.result.count for m in check.machines)
    ok = check.ok and checked == total
    results.append(
        row(
            f"department verify at {size} (every chain and signed checkpoint)",
            elapsed,
            "s",
            holds=None if ok else False,
        )
    )


PARTS: dict[str, Callable[[Cluster, Path, list[dict[str, Any]], bool, list[str]], None]] = {
    "ingest": _ingest,
    "backlog": _backlog,
    "recording": _recording,
    "big": _big,
    "verify": _verify,
}


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
