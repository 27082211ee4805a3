"""Machines send their records to the department server: in order, once, checked."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from brightline.core.acknowledgments import FILE_NAME, Acknowledgment, AcknowledgmentStore
from brightline.core.contact_log.redaction import redact
from brightline.core.contact_log.store import ContactLog
from brightline.core.department.acknowledgments import department_acknowledgments
from brightline.core.department.state import load_state
from brightline.core.department.sync import BACKGROUND_NICENESS, run_in_background
from brightline.core.department.training import department_training_records
from brightline.core.department.views import DepartmentLog
from brightline.core.training import Result
from brightline.core.training_log import TrainingLog, completion, item_analysis
from deptlib import Department, env_for


def test_records_reach_the_server_once_in_order_and_a_repeat_sends_nothing(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(7)
    first = laptop.sync(batch=3)
    assert (first.sent, first.server_count, first.waiting) == (7, 7, 0)
    again = laptop.sync(batch=3)
    assert (again.sent, again.server_count) == (0, 7)
    laptop.record(2)
    assert laptop.sync().sent == 2
    with department.admin() as con:
        rows = con.execute("SELECT seq, hash, prev_hash FROM brightline.contact ORDER BY seq").fetchall()
        batches = con.execute("SELECT first_seq, last_seq FROM brightline.sync ORDER BY id").fetchall()
    with ContactLog.open(laptop.log_path, create=False) as log:
        local = [(r[0], r[1]) for r in log.rows_between(1, 9)]
    assert [(seq, digest) for seq, digest, _ in rows] == local
    assert all(rows[i][2] == rows[i - 1][1] for i in range(1, len(rows)))
    assert batches == [(1, 3), (4, 6), (7, 7), (8, 9)]
    state = load_state(laptop.data)
    assert state.server_count == 9 and state.last_sent_at and not state.problem


def test_three_machines_keep_their_own_chains_and_the_columns_come_from_the_bodies(department: Department) -> None:
    booking = department.machine("booking-01", unit="Jail")
    laptops = [department.machine(f"patrol-0{n}") for n in (1, 2)]
    booking.record(3, verdict="comply", staff_name="Bo Diaz")
    for laptop in laptops:
        laptop.record(2)
    for machine in (booking, *laptops):
        assert machine.sync().waiting == 0
    with department.admin() as con:
        per_machine = dict(
            con.execute(
                "SELECT m.name, count(*) FROM brightline.contact c JOIN brightline.machine m ON m.id = c.machine_id "
                "GROUP BY m.name"
            ).fetchall()
        )
        jail = con.execute(
            "SELECT DISTINCT verdict, staff_name, unit FROM brightline.contact WHERE unit = 'Jail'"
        ).fetchall()
    assert per_machine == {"booking-01": 3, "patrol-01": 2, "patrol-02": 2}
    assert jail == [("comply", "Bo Diaz", "Jail")]


def test_a_redaction_erases_the_text_on_the_server_too_and_a_text_erased_before_sending_goes_with_its_redaction(
    department: Department,
) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(2, notes="victim lives at 12 Elm Street")
    laptop.sync()
    with ContactLog.open(laptop.log_path, key=laptop.key()) as log:
        redact(log, 1, "notes", "Sgt. Vega", "S-12", "a victim's address")
        log.add(__import__("deptlib").draft(notes="status was mentioned"))
        redact(log, 3, "notes", "Sgt. Vega", "S-12", "a person's status")  # erased before it was ever sent
    result = laptop.sync(batch=1)
    assert result.refused is None and result.server_count == 5
    with department.admin() as con:
        kept = dict(con.execute("SELECT seq, salted_notes IS NOT NULL FROM brightline.contact").fetchall())
        found = con.execute(
            "SELECT count(*) FROM brightline.contact WHERE search @@ to_tsquery('simple', 'elm')"
        ).fetchone()[0]
    assert kept == {1: False, 2: True, 3: False, 4: True, 5: True}
    assert found == 1  # record 2 still says it; record 1's words are gone


def test_training_records_and_acknowledgments_go_to_their_own_tables(department: Department) -> None:
    trainer = department.machine("training-room", unit="Training")
    log = TrainingLog(trainer.data / "training.sqlite3")
    result = Result("s1", "detainer-received", "out-decline", "decline", True, True, 40.0, ["q1", "out-decline"])
    for name in ("Ana Ruiz", "Ben Lee", "Ana Ruiz"):
        log.add(name, "pasadena", "1.2.0", "The detainer", "basic", "practice", result)
    store = AcknowledgmentStore(trainer.data / FILE_NAME)
    store.record(
        Acknowledgment("Ana Ruiz", "PPD-1001", "training-room", "pasadena", 7, "1.2.0", "2025-03-01T09:40:00+00:00")
    )
    store.record(
        Acknowledgment("Ben Lee", "os:blee", "training-room", "pasadena", 7, "1.2.0", "2025-03-01T09:45:00+00:00")
    )
    outcome = trainer.sync()
    assert (outcome.training.sent, outcome.acknowledgments.sent) == (3, 2)
    assert trainer.sync().training.sent == 0
    assert department.count("SELECT count(*) FROM brightline.training_result") == 3
    assert department.count("SELECT count(*) FROM brightline.acknowledgment WHERE release_sequence = 7") == 2
    assert (
        department.count("SELECT count(*) FROM brightline.acknowledgment WHERE badge = '' AND os_account = 'blee'") == 1
    )
    with DepartmentLog.open(trainer.config()) as dlog:
        back = department_acknowledgments(dlog)
    assert [(a.who, a.badge_or_account, a.machine) for a in back] == [
        ("Ana Ruiz", "PPD-1001", "training-room"), ("Ben Lee", "os:blee", "training-room")
    ]  # fmt: skip
    assert department.count("SELECT count(*) FROM brightline.contact") == 0
    # A supervisor at another machine sees both in the report, once each.
    office = department.machine("records-office", unit="Records")
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "pack", "acknowledgments", "--department"],
        env=env_for(office), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Acknowledgments of the whole department" in done.stdout
    assert done.stdout.count("Ana Ruiz (PPD-1001)") == 1 and done.stdout.count("Ben Lee (os:blee)") == 1


def test_a_trainer_sees_every_machines_completion_and_item_analysis(department: Department) -> None:
    rooms = [department.machine(name, unit="Training") for name in ("room-a", "room-b")]
    missed = Result("s1", "detainer-received", "out-comply", "comply", False, False, 50.0, ["q1", "q2", "out-comply"])
    right = Result("s1", "detainer-received", "out-decline", "decline", True, True, 40.0, ["q1", "out-decline"])
    for room, name in zip(rooms, ("Ana Ruiz", "Ben Lee"), strict=True):
        log = TrainingLog(room.data / "training.sqlite3")
        log.add(name, "pasadena", "1.2.0", "The detainer", "basic", "practice", right)
        log.add(name, "pasadena", "1.2.0", "The detainer", "basic", "practice", missed)
        room.sync()
    with DepartmentLog.open(rooms[0].config()) as dlog:
        records = department_training_records(dlog)
    assert sorted({r.trainee for r in records}) == ["Ana Ruiz", "Ben Lee"] and len(records) == 4
    table = completion(records, {"pasadena": ["s1"]})
    assert {name: [len(p.passed) for p in entry.packs] for name, entry in table.items()} == {
        "Ana Ruiz": [1],
        "Ben Lee": [1],
    }
    _, scenarios = item_analysis(records)
    assert [(s.key, s.attempts, s.misses) for s in scenarios] == [("pasadena/s1", 4, 2)]
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "training", "items", "--department"],
        env=env_for(rooms[1]), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0 and "50% missed     2 of 4     The detainer" in done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own priority is Linux's")
def test_a_background_sync_gives_way_to_recording_and_leaves_the_other_threads_as_they_were() -> None:
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen: dict[str, int] = {}

    def worker() -> None:
        seen["before"] = niceness()
        run_in_background()
        seen["after"] = niceness()

    recording = niceness()
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen["after"] == min(19, seen["before"] + BACKGROUND_NICENESS) > seen["before"]
    assert niceness() == recording  # the thread that records keeps its priority
