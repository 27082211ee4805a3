"""The audit report's counts kept on the server as records arrive: the report's figures summed from
them are those of a straight count over the records, for any period; verify recounts them; nobody
but the store changes them; a server made before them gets them by its migration."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date
from itertools import product
from typing import Any

import psycopg
import pypdf
import pytest

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.redaction import redact
from brightline.core.contact_log.store import ContactLog
from brightline.core.contact_log.verify import ChainHead, VerifyResult
from brightline.core.contact_log.wording import verification_words
from brightline.core.department.counting import GROUPINGS, Counts, count_contacts
from brightline.core.department.server import migrate
from brightline.core.department.summary import department_summary
from brightline.core.department.verify import CountsCheck, DepartmentCheck, MachineCheck, verify_department
from brightline.core.department.views import DepartmentLog
from deptlib import Cluster, Department, draft, env_for

# Days around month and year edges, a leap day, and open ends.
DAYS = (
    None, date(2023, 12, 31), date(2024, 1, 1), date(2024, 1, 15), date(2024, 1, 31), date(2024, 2, 1),
    date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2024, 3, 17), date(2024, 3, 31),
    date(2024, 12, 31), date(2025, 1, 1),
)  # fmt: skip
PERIODS = list(product(DAYS, DAYS))  # and periods that end before they start: nothing


def _straight_count(con: psycopg.Connection[Any], date_from: date | None, date_to: date | None) -> Counts:
    """The report's figures counted here, record by record, from every record the server holds."""
    rows = con.execute(
        "SELECT log_id, seq, kind, corrects, contact_local, request_type, verdict, document, pack_id, pack_version "
        "FROM brightline.contact"
    ).fetchall()
    by_id = {(r[0], r[1]): r for r in rows}
    start = date_from.isoformat() if date_from else None
    end = date.fromordinal(date_to.toordinal() + 1).isoformat() if date_to else None

    def inside(row: tuple[Any, ...]) -> bool:
        return (start is None or row[4] >= start) and (end is None or row[4] < end)

    counted: list[tuple[tuple[Any, ...], int]] = [(r, 1) for r in rows if r[2] == "record" and inside(r)]
    latest: dict[tuple[str, int], int] = {}
    for r in rows:
        if r[2] == "correction" and r[3] is not None:
            latest[(r[0], r[3])] = max(latest.get((r[0], r[3]), 0), r[1])
    for (log_id, corrected), seq in latest.items():
        for row, sign in ((by_id.get((log_id, corrected)), -1), (by_id[(log_id, seq)], 1)):
            if row is not None and inside(row):
                counted.append((row, sign))
    counts: Counts = {g: {} for g in GROUPINGS}
    for row, sign in counted:
        values = {
            "request_type": row[5], "verdict": row[6], "document": row[7], "month": row[4][:7],
            "pack": f"{row[8]} {row[9]}",
        }  # fmt: skip
        for g in GROUPINGS:
            counts[g][values[g]] = counts[g].get(values[g], 0) + sign
    return {g: {k: n for k, n in c.items() if n} for g, c in counts.items()}


def _store_as_the_server(department: Department, name: str, records: list[dict[str, Any]]) -> None:
    """Records of machine `name` stored by the server's own store function, as the owner, with
    contact times no Brightline writes (the server stores what a machine signed)."""
    with department.admin() as con:
        machine_id = con.execute(
            "INSERT INTO brightline.machine (name, unit, account) VALUES (%s, 'Odd', 'nobody') RETURNING id", (name,)
        ).fetchone()[0]
        log_id = hashlib.md5(name.encode()).hexdigest()
        con.execute(
            "INSERT INTO brightline.machine_log (log_id, machine_id, format_2_from) VALUES (%s, %s, 1)",
            (log_id, machine_id),
        )
        bodies = [json.dumps({"_chain": {"prev_hash": "0" * 64, "index": index}}) for index in records]
        con.execute(
            "SELECT brightline.store_contacts(%s, 'Odd', %s, 0, 1, %s, %s, %s::jsonb[], %s, %s, %s, %s)",
            (
                machine_id, log_id, list(range(1, len(bodies) + 1)), bodies, bodies,
                [hashlib.sha256(b.encode()).hexdigest() for b in bodies], [None] * len(bodies), [None] * len(bodies),
                [None] * len(bodies),
            ),
        )  # fmt: skip


def _index(contact_time: str, **changes: Any) -> dict[str, Any]:
    return {
        "contact_time": contact_time, "kind": "record", "corrects": None, "document": "I-247A", "draft_id": "d",
        "pack_id": "pasadena", "pack_version": "1.2.0", "request_type": "odd-request", "staff_name": "Od Dee",
        "verdict": "escalate", **changes,
    }  # fmt: skip


@pytest.fixture
def busy(department: Department) -> Department:
    """Four machines in two units and time zones, records around month edges, corrections (one
    moving a contact to another month, one corrected twice), an addendum, a redaction, a machine
    refused after its log was replaced by an older copy, and a machine with contact times no
    Brightline writes."""
    jail = department.machine("booking-01", unit="Jail")
    north = department.machine("patrol-01", unit="Patrol North")
    south = department.machine("patrol-02", unit="Patrol South")
    moved = department.machine("patrol-03", unit="Patrol South")
    times = (
        "2023-12-31T23:59:00-10:00", "2024-01-01T00:00:00+14:00", "2024-01-31T23:30:00-08:00",
        "2024-02-01T00:10:00+05:30", "2024-02-29T12:00:00", "2024-03-01T00:00:00Z", "2024-03-17T09:00:00-07:00",
        "2024-03-31T23:59:59-07:00", "2024-12-31T23:00:00-08:00", "2025-01-01T00:30:00+01:00",
    )  # fmt: skip
    verdicts = ("decline", "comply", "comply-limited", "escalate")
    documents = ("I-247A", "I-200", "I-205", "none")
    for n, when in enumerate(times):
        for machine, shift in ((jail, 0), (north, 1), (south, 2)):
            machine.record(
                1 + (n + shift) % 3, contact_time=when, verdict=verdicts[(n + shift) % 4],
                document=documents[(n * 3 + shift) % 4], pack_version=("1.1.0", "1.2.0")[(n + shift) % 2],
                request_type=("detainer-received", "interview-request")[n % 2],
            )  # fmt: skip
    with ContactLog.open(north.log_path, key=north.key()) as log:
        # A contact moved by its correction from January to February, with another verdict.
        log.add(draft(kind="correction", corrects=3, verdict="comply", contact_time="2024-02-01T08:00:00-08:00"))
        log.add(draft(kind="correction", corrects=3, verdict="escalate", contact_time="2024-02-02T08:00:00-08:00"))
        log.add(draft(kind="addendum", corrects=4, contact_time="2024-01-31T23:30:00-08:00"))
        redact(log, 2, "notes", "Sgt. Vega", "S-12", "a person's status")
    with ContactLog.open(south.log_path, key=south.key()) as log:
        log.add(draft(kind="correction", corrects=1, document="I-200", contact_time="2023-12-31T23:59:00-10:00"))
    for machine in (jail, north, south):
        assert machine.sync(batch=3).refused is None
    moved.record(3, contact_time="2024-03-17T10:00:00-07:00")
    moved.sync()
    older = moved.data.parent / "older"
    shutil.copytree(moved.data, older)
    moved.record(2, contact_time="2024-03-18T10:00:00-07:00")
    moved.sync()
    shutil.rmtree(moved.data)
    shutil.copytree(older, moved.data)
    moved.record(4, contact_time="2024-03-19T10:00:00-07:00", verdict="comply")  # never reaches the server
    assert moved.sync().refused is not None
    _store_as_the_server(
        department,
        "odd-01",
        [
            _index(t)
            for t in (
                "", "2024-02", "2024-02-00T10:00:00", "2024-02-30T10:00:00", "2024-13-01T10:00:00", "2024-2-5",
                "garbage", "2024-01-31", "2024-03-01T00:00:00", "\u0662\u0660\u0662\u0664-01-01", "2024-12-31",
            )
        ]
        + [_index("2024-01-15T10:00:00", kind="correction", corrects=9, verdict="decline")],
    )  # fmt: skip
    return department


def test_the_report_summed_from_the_kept_counts_is_a_straight_count_for_every_period(busy: Department) -> None:
    machine = busy.machines["booking-01"]
    with DepartmentLog.open(machine.config()) as log, busy.admin() as con:
        for date_from, date_to in PERIODS:
            kept = count_contacts(log.fetch, date_from, date_to)
            assert kept == count_contacts(log.fetch, date_from, date_to, kept=False), (date_from, date_to)
            assert kept == _straight_count(con, date_from, date_to), (date_from, date_to)
        with log.snapshot():
            everything = {g: log.counts_by(g) for g in GROUPINGS}
    # 60 contacts of the three machines, 5 of the refused one sent before, 11 of the odd one.
    assert sum(everything["verdict"].values()) == sum(everything["month"].values()) == 60 + 5 + 11
    # 12 on the 1st and 29th, 3 odd times filed under February, and the contact moved there.
    assert everything["month"]["2024-02"] == 12 + 3 + 1
    assert everything["month"]["garbage"[:7]] == 1 and everything["request_type"]["odd-request"] == 11


def test_syncing_adds_to_the_counts_as_the_records_arrive(department: Department) -> None:
    laptop = department.machine("patrol-07")
    with DepartmentLog.open(laptop.config()) as log:
        assert count_contacts(log.fetch, None, None) == {g: {} for g in GROUPINGS}
        for week, verdict in enumerate(("decline", "comply", "decline")):
            laptop.record(2 + week, verdict=verdict, contact_time=f"2024-0{week + 1}-28T22:00:00-08:00")
            laptop.sync(batch=2)
            assert count_contacts(log.fetch, None, None) == count_contacts(log.fetch, None, None, kept=False)
        assert log.counts_by("verdict") == {"decline": 6, "comply": 3}
        assert log.counts_by("month", date(2024, 2, 1), date(2024, 3, 28)) == {"2024-02": 3, "2024-03": 4}
        assert verify_department(log).ok


def test_a_count_raised_by_the_database_owner_is_found_by_verify_and_the_report_says_so(
    busy: Department, tmp_path: Any
) -> None:
    machine = busy.machines["patrol-02"]
    with busy.admin(autocommit=True) as con:
        raised_by_hand = con.execute(
            "UPDATE brightline.contact_count SET contacts = contacts + 5 WHERE grouping = 'verdict' AND value = 'decline' "
            "AND month = '2024-01' AND machine_id = (SELECT id FROM brightline.machine WHERE name = 'patrol-02')"
        )
        assert raised_by_hand.rowcount == 1
    with DepartmentLog.open(machine.config()) as log:
        raised = log.counts_by("verdict")
        check = verify_department(log)
        assert [c.machine for c in check.counts] == ["patrol-02"] and not check.ok
        assert log.counts_by("verdict") == count_contacts(log.fetch, None, None, kept=False)["verdict"]
        assert raised["decline"] == log.counts_by("verdict")["decline"] + 5
    [line] = [line for line in check.lines() if "counts" in line]
    assert line.startswith("patrol-02: FAILED: the counts the audit report sums differ from this machine's records")
    assert '2024-01, verdict "decline": ' in line and "the report counts from the records instead" in line
    assert "patrol-02" in check.failed_machines()
    # The report's headline says so too (here a chain that fails comes first): never "Log verified".
    assert verification_words(check.overall()).startswith("\u26a0 Chain verification FAILED")
    verified = subprocess.run(
        [sys.executable, "-m", "brightline", "log", "verify", "--department", str(machine.config_path)],
        env=env_for(machine), capture_output=True, text=True,
    )  # fmt: skip
    assert (
        verified.returncode == 1
        and line in verified.stdout
        and "FAILED: odd-01, patrol-02, patrol-03" in verified.stdout
    )
    report = subprocess.run(
        [sys.executable, "-m", "brightline", "log", "report", "--department", str(machine.config_path),
         "-o", str(tmp_path / "r.pdf")],
        env=env_for(machine), capture_output=True, text=True,
    )  # fmt: skip
    assert report.returncode == 1 and line in report.stderr
    printed = " ".join(page.extract_text() for page in pypdf.PdfReader(str(tmp_path / "r.pdf")).pages)
    assert "Log verified" not in printed and "FAILED" in " ".join(printed.split())


def test_a_period_to_the_last_day_there_is_has_no_end(busy: Department) -> None:
    with DepartmentLog.open(busy.machines["patrol-01"].config()) as log:
        for grouping in GROUPINGS:
            assert log.counts_by(grouping, None, date.max) == log.counts_by(grouping)
        assert log.follow_up_counts(None, date.max) == log.follow_up_counts()
        assert log.count(LogFilter(date_to=date.max)) == log.count(LogFilter())
        summary = department_summary(log, "Testville", None, date.max)
        assert summary == department_summary(log, "Testville")


def test_counts_changed_on_the_server_fail_the_check_even_where_every_chain_holds() -> None:
    head = ChainHead(3, "0" * 64)
    chains = tuple(
        MachineCheck(name, "patrol", f"log-{name}", VerifyResult(True, 3, head), 1)
        for name in ("patrol-01", "patrol-02")
    )
    assert DepartmentCheck(chains, (), head).overall().ok
    changed = DepartmentCheck(chains, (), head, counts=(CountsCheck("patrol-02", ()),))
    headline = verification_words(changed.overall())
    assert not changed.ok and not changed.overall().ok
    assert headline.startswith("\u26a0 Chain verification FAILED: the counts the department's audit report sums")
    assert "patrol-02 (they were changed on the server)" in headline and "patrol-01" not in headline


def test_nobody_but_the_store_changes_a_count(busy: Department, cluster: Cluster) -> None:
    with busy.admin(autocommit=True) as con:
        for statement in (
            "UPDATE brightline.contact_count SET contacts = contacts - 1",
            "UPDATE brightline.contact_count SET value = 'comply' WHERE value = 'decline'",
            "DELETE FROM brightline.contact_count",
            "TRUNCATE brightline.contact_count",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                con.execute(statement)
    machine = busy.machines["patrol-01"]
    with busy.connect_as(machine.account, autocommit=True) as con:
        assert con.execute("SELECT count(*) FROM brightline.contact_count").fetchone()[0] > 0  # machines read them
        for statement in (
            "UPDATE brightline.contact_count SET contacts = contacts + 1",
            "INSERT INTO brightline.contact_count VALUES (1, '2024-01', '', 'verdict', 'comply', 1)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                con.execute(statement)


def test_a_server_made_before_the_counts_gets_them_from_its_records_by_its_migration(
    cluster: Cluster, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = "counts_migration"
    with cluster.admin(autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {database}")
        con.execute(f"CREATE DATABASE {database}")
    with monkeypatch.context() as before:
        before.setattr(migrate, "SCHEMA_VERSION", 1)  # the Brightline that made schema 1
        with cluster.admin(database) as con:
            assert migrate.init_server(con).to_version == 1
        department = Department(cluster, database, tmp_path)
        laptop = department.machine("patrol-07")
        laptop.record(3, verdict="comply", contact_time="2024-01-31T23:00:00-08:00")
        laptop.record(2, contact_time="2024-02-10T10:00:00-08:00")
        assert laptop.sync(batch=2).refused is None
    with cluster.admin(database) as con:
        result = migrate.init_server(con)
    assert (result.from_version, result.to_version) == (1, 2)
    laptop.record(4, verdict="escalate", contact_time="2024-02-11T10:00:00-08:00")
    assert laptop.sync().refused is None
    with DepartmentLog.open(laptop.config()) as log:
        assert log.counts_by("verdict") == {"comply": 3, "decline": 2, "escalate": 4}
        assert log.counts_by("month", date(2024, 2, 1)) == {"2024-02": 6}
        check = verify_department(log)
    assert check.ok and not check.counts
