"""Every fault of issue 16, each ending with nothing lost and nothing twice on the server."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from contact_log_data import generate_log

from brightline.core.contact_log.store import ContactLog
from brightline.core.department.errors import CredentialsError, DepartmentError, UnreachableError
from brightline.core.department.state import load_state
from brightline.core.department.summary import department_summary
from brightline.core.department.verify import verify_department
from brightline.core.department.views import DepartmentLog
from brightline.core.training import Result
from brightline.core.training_log import TrainingLog
from deptlib import Cluster, Department, Machine, draft, env_for
from tcpproxy import CuttingProxy

HERE = Path(__file__).resolve().parent


def test_a_connection_cut_mid_transaction_loses_and_doubles_nothing(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(60)
    rng = random.Random(7)
    outcomes = set()
    for _ in range(12):
        laptop.record(rng.randrange(0, 6))
        proxy = CuttingProxy(department.cluster.server.port, cut_after=rng.randrange(200, 60_000))
        try:
            laptop.sync(port=proxy.port, batch=7)
            outcomes.add("finished")
        except UnreachableError:
            outcomes.add("cut")
        finally:
            proxy.close()
    assert "cut" in outcomes
    assert laptop.sync().waiting == 0
    laptop.assert_on_server_exactly_once()


def test_the_server_stopped_mid_batch_and_started_again_loses_and_doubles_nothing(
    department: Department, cluster: Cluster
) -> None:
    laptop = department.machine("patrol-07")
    generate_log(laptop.log_path, 3000)
    second_batch = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            laptop.sync(batch=100, on_batch=lambda count: second_batch.set() if count >= 200 else None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    while not second_batch.wait(0.1):
        assert worker.is_alive(), failure
    cluster.server.stop("immediate")
    worker.join(60)
    cluster.server.start()
    cluster.server.wait_until_ready()
    assert failure and isinstance(failure[0], DepartmentError)
    assert load_state(laptop.data).problem_code == "unreachable"
    assert 0 < laptop.server_count() < 3000
    assert laptop.sync().waiting == 0
    laptop.assert_on_server_exactly_once()


def test_the_server_restarted_between_syncs_is_found_again(department: Department, cluster: Cluster) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(3)
    laptop.sync()
    cluster.server.restart()
    laptop.record(2)
    assert laptop.sync().sent == 2
    laptop.assert_on_server_exactly_once()


@pytest.mark.slow
def test_a_sync_killed_at_random_moments_many_times_loses_and_doubles_nothing(department: Department) -> None:
    laptop = department.machine("patrol-07")
    generate_log(laptop.log_path, 3000)
    rng = random.Random(16)
    killed = 0
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, str(HERE / "sync_child.py"), "5"], env=env_for(laptop), stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 1.6))
        if child.poll() is None:
            child.kill()
            killed += 1
        child.wait()
        state = laptop.data / "department-sync.json"
        if state.exists():
            json.loads(state.read_text())  # never left half-written
        laptop.record(rng.randrange(0, 3))
    assert killed >= 10
    assert laptop.sync().waiting == 0
    laptop.assert_on_server_exactly_once()


def test_two_syncs_of_one_machine_at_once_send_each_record_once(department: Department) -> None:
    laptop = department.machine("patrol-07")
    generate_log(laptop.log_path, 600)
    results = []

    def run() -> None:
        results.append(laptop.sync(batch=40))

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [r.waiting for r in results] == [0, 0]
    assert sum(r.sent for r in results) == 600
    laptop.assert_on_server_exactly_once()


@pytest.mark.slow
def test_fifty_machines_syncing_at_once_each_arrive_whole(department: Department) -> None:
    machines = [department.machine(f"car-{n:02d}", unit=f"Patrol {n % 4}") for n in range(50)]
    for n, machine in enumerate(machines):
        generate_log(machine.log_path, 40, seed=n)
    failures: list[BaseException] = []

    def run(machine: object) -> None:
        try:
            machine.sync(batch=15)  # type: ignore[attr-defined]
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    workers = [threading.Thread(target=run, args=(m,)) for m in machines]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
    assert failures == []
    assert department.count() == 50 * 40
    for machine in machines[::7]:
        machine.assert_on_server_exactly_once()


@pytest.mark.slow
def test_a_laptop_with_ten_thousand_records_waiting_sends_them_all(department: Department) -> None:
    laptop = department.machine("patrol-07")
    generate_log(laptop.log_path, 10_000)
    result = laptop.sync()
    assert (result.sent, result.waiting) == (10_000, 0)
    laptop.assert_on_server_exactly_once()
    with department.admin() as con:
        # the log's own checkpoints (every 100 records) arrived as evidence, checked against the records
        assert con.execute("SELECT count(*) FROM brightline.checkpoint WHERE origin = 'log'").fetchone()[0] == 100


def test_a_clock_hours_wrong_changes_nothing_that_was_recorded(department: Department) -> None:
    laptop = department.machine("patrol-07")
    ahead = datetime.now(UTC) + timedelta(hours=7)
    with ContactLog.open(laptop.log_path, key=laptop.key(), clock=lambda: ahead) as log:
        for _ in range(4):
            log.add(draft())
    assert laptop.sync(clock=lambda: ahead).waiting == 0
    laptop.assert_on_server_exactly_once()
    with department.admin() as con:
        at, machine_clock = con.execute("SELECT at, machine_clock FROM brightline.check_in").fetchone()
    assert abs((at - datetime.now(UTC)).total_seconds()) < 600  # the server's own time
    assert machine_clock - at > timedelta(hours=6)  # the machine's, kept as it said


def test_an_older_copy_of_the_local_log_is_refused_reported_and_never_merged(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(5)
    laptop.sync()
    copy = laptop.data.parent / "older-copy"
    shutil.copytree(laptop.data, copy)
    laptop.record(4)
    laptop.sync()
    shutil.rmtree(laptop.data)
    shutil.copytree(copy, laptop.data)  # the log as it was four records ago
    result = laptop.sync()
    assert result.refused is not None and result.refused.reason == "truncated"
    laptop.record(5)  # recording goes on; the new records diverge from what the server holds
    again = laptop.sync()
    assert again.refused is not None and again.refused.reason == "diverged"
    assert laptop.server_count() == 9
    with department.admin() as con:
        reasons = [r[0] for r in con.execute("SELECT reason FROM brightline.refusal ORDER BY id")]
    assert reasons == ["truncated", "diverged"]
    assert load_state(laptop.data).problem_code == "refused"
    with DepartmentLog.open(laptop.config()) as log:  # the auditor's report and verify say so
        summary = department_summary(log, "Test PD")
        check = verify_department(log)
    assert [(r.machine, r.reason) for r in summary.open_refusals] == [("patrol-07", "diverged")]
    assert check.ok and any(line.startswith("patrol-07: REFUSED") for line in check.lines())


def test_wrong_credentials_say_so_in_one_line_and_send_nothing(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(2)
    passfile = department.folder / f"{laptop.account}.pgpass"
    passfile.write_text(f"*:*:*:{laptop.account}:not-the-password\n")
    with pytest.raises(CredentialsError, match="refused this machine's account") as raised:
        laptop.sync()
    assert "\n" not in str(raised.value)
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "department", "sync"], env=env_for(laptop), capture_output=True, text=True
    )
    assert done.returncode == 3
    assert "refused this machine's account" in done.stderr and "Traceback" not in done.stderr
    assert department.count() == 0 and laptop.local_count() == 2


def test_a_refused_record_stays_local_the_user_is_told_and_the_rest_goes_on(department: Department) -> None:
    laptop = department.machine("booking-01", unit="Jail")
    laptop.record(5)
    con = sqlite3.connect(laptop.log_path)
    con.execute("DROP TRIGGER contact_no_update")
    con.execute("UPDATE contact SET body = replace(body, 'Ana Ruiz', 'Someone Else') WHERE id = 3")
    con.commit()
    con.close()
    TrainingLog(laptop.data / "training.sqlite3").add(
        "Ana Ruiz", "pasadena", "1.2.0", "A scenario", "basic", "practice",
        Result("s1", "t", "o", "decline", True, True, 10.0, ["q", "o"]),
    )  # fmt: skip
    result = laptop.sync(batch=10)
    assert result.refused is not None
    assert (result.refused.reason, result.refused.bad_seq) == ("hash_mismatch", 3)
    assert (result.server_count, result.local_count, result.training.sent) == (2, 5, 1)
    assert laptop.local_count() == 5
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "department", "sync"], env=env_for(laptop), capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "REFUSED" in done.stderr and "record 3" in done.stderr and "stay on this machine" in done.stderr
    laptop.record(1)  # recording is not stopped
    assert laptop.local_count() == 6


def test_another_account_sending_as_a_machine_is_not_called_a_diverged_history(department: Department) -> None:
    honest = department.machine("patrol-08")
    honest.record(2)
    honest.sync()
    other = department.machine("patrol-07")  # its account claims patrol-08's name
    config = other.config_path.with_name("as-patrol-08.toml")
    config.write_text(department.config_text("patrol-08", other.account))
    impostor = Machine(department, "patrol-08", other.account, other.data, other.keys, config)
    with pytest.raises(CredentialsError, match="enrolled by another"):
        impostor.enrol()
    with DepartmentLog.open(honest.config()) as log:
        check = verify_department(log)
    lines = check.lines()
    # Another account's attempt never marks the machine itself as refused (nor its log as diverged).
    assert not check.refusals and not [line for line in lines if "REFUSED" in line], lines
    said = [line for line in lines if line.startswith("patrol-08: another database account")]
    assert len(said) == 1 and "is not affected" in said[0], lines
    assert check.ok and "patrol-08: OK: 2 records" in "\n".join(lines)
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "log", "verify", "--department"],
        env=env_for(honest), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
