"""The department from the command line, as the README has IT set it up: a server initialised,
accounts made, machines enrolled, records sent, the department's log listed, verified and
reported on by the auditor."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from deptlib import Cluster, Department, env_for


def brightline(*args: str, env: dict[str, str], check: int | None = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "brightline", *args], env=env, capture_output=True, text=True)
    if check is not None:
        assert done.returncode == check, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


def _config(cluster: Cluster, database: str, machine: str, user: str, passfile: Path | None) -> str:
    secret = f'passfile = "{passfile}"\n' if passfile else ""
    return (
        f'[department]\nname = "Test Police Department"\nmachine = "{machine}"\nunit = "Patrol"\n\n'
        f'[server]\nhost = "127.0.0.1"\nport = {cluster.server.port}\ndatabase = "{database}"\nuser = "{user}"\n'
        f'sslmode = "disable"\n{secret}'
    )


def test_it_sets_up_a_department_and_the_auditor_reports_on_it(cluster: Cluster, tmp_path: Path) -> None:
    database = f"cli_{os.getpid()}"
    with cluster.admin(autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {database}")
        con.execute(f"CREATE DATABASE {database}")
    it = tmp_path / "it.toml"
    it.write_text(_config(cluster, database, "it-desk", "postgres", None))
    admin = {**os.environ, "PGPASSWORD": cluster.server.password, "BRIGHTLINE_DEPARTMENT": str(it)}
    assert (
        "Created the department server's schema (version 2)"
        in brightline("department", "init-server", env=admin).stdout
    )
    assert "up to date" in brightline("department", "init-server", env=admin).stdout
    suffix = os.getpid()
    made = brightline("department", "create-account", f"car_{suffix}", env=admin).stdout
    passline = made.splitlines()[-1]
    assert passline.startswith(f"127.0.0.1:{cluster.server.port}:{database}:car_{suffix}:")
    made = brightline("department", "create-account", f"audit_{suffix}", "--kind", "auditor", env=admin).stdout

    laptop = tmp_path / "laptop"
    (laptop / "data").mkdir(parents=True)
    passfile = laptop / "pgpass"
    passfile.write_text(passline + "\n")
    passfile.chmod(0o600)
    config = laptop / "brightline.toml"
    config.write_text(_config(cluster, database, "patrol-07", f"car_{suffix}", passfile))
    env = {
        **os.environ,
        "BRIGHTLINE_DATA_DIR": str(laptop / "data"),
        "BRIGHTLINE_KEY_DIR": str(laptop / "keys"),
        "BRIGHTLINE_DEPARTMENT": str(config),
    }
    assert "Enrolled machine patrol-07 (unit Patrol)" in brightline("department", "enrol", env=env).stdout
    from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
    from brightline.core.signing import load_or_create_key
    from deptlib import draft

    with ContactLog.open(laptop / "data" / LOG_FILE_NAME, key=load_or_create_key(laptop / "keys")) as log:
        for _ in range(3):
            log.add(draft())
    status = brightline("department", "status", env=env).stdout
    assert "answers" in status and "Contact records: 3 of 3 waiting to be sent." in status
    assert "Sent 3 contact records" in brightline("department", "sync", env=env).stdout
    assert "Contact records: all 3 sent." in brightline("department", "status", env=env).stdout
    listed = brightline("log", "list", "--department", env=env)
    assert listed.stdout.count("patrol-07") == 3 and "3 of 3 records shown" in listed.stderr
    assert brightline("log", "list", "--department", "--machine", "nobody", env=env).stdout == ""
    verified = brightline("log", "verify", "--department", env=env).stdout
    assert "patrol-07: OK: 3 records" in verified and "OK: 1 machine, 3 records" in verified

    auditor = tmp_path / "auditor.toml"
    auditor_pass = tmp_path / "auditor.pgpass"
    auditor_pass.write_text(made.splitlines()[-1] + "\n")
    auditor_pass.chmod(0o600)
    auditor.write_text(_config(cluster, database, "auditor-desk", f"audit_{suffix}", auditor_pass))
    audit_env = {**os.environ, "BRIGHTLINE_KEY_DIR": str(tmp_path / "auditor-keys")}
    report = tmp_path / "report.pdf"
    said = brightline("log", "report", "--department", str(auditor), "-o", str(report), env=audit_env).stdout
    assert "3 contacts from 1 machine," in said and "0 machines had unsent records" in said
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(report).pages)
    assert "Machines of Test Police Department" in text and "patrol-07 (Patrol): 3 records on the server" in text
    assert "1 machine enrolled; 0 had records not yet sent" in text
    assert "0 contact records, 0 training records and 0 acknowledgments waiting" in text
    exported = tmp_path / "department.csv"
    brightline("log", "export", "--department", str(auditor), "--format", "csv", "-o", str(exported), env=audit_env)
    rows = list(csv.DictReader(exported.read_text(encoding="utf-8").split("\n\n")[0].splitlines()))
    assert len(rows) == 3 and {r["Machine"] for r in rows} == {"patrol-07"}
    # In the words the window and a machine's own export use: the pack by its name, not its id.
    (pack,) = {r["Guidance pack"] for r in rows}
    assert pack.startswith("Pasadena") and pack.endswith("version 1.2.0"), pack


def test_without_a_department_nothing_changes_and_department_commands_say_so(tmp_path: Path) -> None:
    env = {**os.environ, "BRIGHTLINE_DEPARTMENT": "", "XDG_CONFIG_DIRS": str(tmp_path / "none")}
    assert "on its own" in brightline("department", "status", env=env).stdout
    done = brightline("department", "sync", env=env, check=3)
    assert "not connected to a department" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    done = brightline("log", "list", "--machine", "x", env=env, check=2)
    assert "add --department" in done.stderr


def test_a_machine_without_the_postgresql_library_is_told_in_one_line(department: Department) -> None:
    laptop = department.machine("patrol-07", enrol=False)
    laptop.record(1)
    env = {**env_for(laptop), "PSYCOPG_IMPL": "binary"}  # as if libpq could not be loaded
    done = brightline("department", "sync", env=env, check=3)
    assert "PostgreSQL client library" in done.stderr and len(done.stderr.strip().splitlines()) == 2
    brightline("log", "list", env=env)  # the machine's own log works as ever


@pytest.mark.parametrize("command", ["sync", "status"])
def test_wrong_credentials_are_one_line_and_exit_3(department: Department, command: str) -> None:
    laptop = department.machine("patrol-07")
    (department.folder / f"{laptop.account}.pgpass").write_text(f"*:*:*:{laptop.account}:wrong\n")
    done = brightline("department", command, env=env_for(laptop), check=3)
    assert "refused this machine's account" in done.stdout + done.stderr


def test_one_record_sent_is_said_in_the_singular(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(1)
    done = brightline("department", "sync", env=env_for(laptop))
    assert done.stdout.startswith("Sent 1 contact record;"), done.stdout


def test_status_says_when_the_local_log_is_behind_what_the_server_holds(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(3)
    laptop.sync()
    copy = laptop.data.parent / "older-copy"
    shutil.copytree(laptop.data, copy)
    laptop.record(2)
    laptop.sync()
    shutil.rmtree(laptop.data)
    shutil.copytree(copy, laptop.data)  # before any sync notices: the copy's own state says "all sent"
    done = brightline("department", "status", env=env_for(laptop), check=1)
    assert "the server holds 5 of this machine's, but its log holds 3" in done.stdout
    assert "all 3 sent" not in done.stdout


@pytest.mark.parametrize("command", ["sync", "status"])
def test_a_server_that_does_not_answer_is_said_in_whole_sentences_and_exits_3(
    department: Department, command: str
) -> None:
    import socket

    laptop = department.machine("patrol-07")
    laptop.record(2)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    laptop.config(port)
    env = {**env_for(laptop), "BRIGHTLINE_DEPARTMENT": str(laptop.config_path.with_name(f"brightline-{port}.toml"))}
    done = brightline("department", command, env=env, check=3)
    said = done.stdout + done.stderr
    assert "the department server does not answer" in said
    assert "Connection refused; " in said and "Connection refused Is" not in said


def test_an_administrator_without_a_password_is_told_how_to_give_one(department: Department) -> None:
    laptop = department.machine("patrol-07")
    env = {k: v for k, v in env_for(laptop).items() if k not in ("PGPASSWORD", "PGPASSFILE")}
    env["PGPASSFILE"] = str(department.folder / "no-such-pgpass")
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "department", "init-server", "--admin-user", "postgres"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "refused the administrator's account" in done.stderr and "PGPASSWORD" in done.stderr
    assert "this machine's account" not in done.stderr
