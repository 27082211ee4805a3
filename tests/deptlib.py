"""A department for the tests and benchmarks: a real PostgreSQL, databases set up by the real
`init_server`, accounts made by the real `create_account`, and machines with their own data
folder, key folder and machine-wide configuration file.

    cluster = Cluster(PostgresServer(folder).start())
    department = cluster.department()             # a fresh database, initialised
    laptop = department.machine("patrol-07")      # enrolled, with the machine account "machine_patrol_07"
    laptop.record(5); laptop.sync()
"""

from __future__ import annotations

import itertools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from brightline.core.contact_log.records import ContactDraft
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.core.department.server.counts import COUNTED_FOR_MACHINE
from brightline.core.department.server.migrate import create_account, init_server
from brightline.core.department.sync import SyncResult, enrol_key, sync
from brightline.core.machine_config import MachineConfig, load_machine_config
from brightline.core.signing import WorkstationKey, load_or_create_key
from pgserver import PostgresServer

sys.path.insert(0, str(Path(__file__).resolve().parent / "core"))
from log_writer_child import sample_draft  # noqa: E402

_numbers = itertools.count(1)
TEMPLATE = "brightline_template"


class Cluster:
    """One running server; accounts are made once per cluster (roles are cluster-wide)."""

    def __init__(self, server: PostgresServer) -> None:
        self.server = server
        self.passwords: dict[str, str] = {}
        self.template_ready = False

    def admin(self, database: str = "postgres", **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(self.server.conninfo(database), **kwargs)

    def account(self, name: str, kind: str = "machine") -> str:
        """The password of login role `name` (made on first use; a role left by an earlier run
        of a kept cluster, as the benchmarks keep theirs, gets a new password)."""
        if name not in self.passwords:
            with self.admin(autocommit=True) as con:
                if con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                    con.execute(f"DROP ROLE {name}")
            with self.admin() as con:
                self.passwords[name] = create_account(con, name, kind)
        return self.passwords[name]

    def department(self, folder: Path, name: str = "") -> Department:
        """A fresh database with the schema made by `init_server` (once, in a template database
        that each department is copied from: copying takes a fraction of initialising)."""
        database = name or f"dept_{os.getpid()}_{next(_numbers)}"
        with self.admin(autocommit=True) as con:
            if not self.template_ready:
                con.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
                con.execute(f"CREATE DATABASE {TEMPLATE}")
                with self.admin(TEMPLATE) as template:
                    init_server(template)
                self.template_ready = True
            con.execute(f"DROP DATABASE IF EXISTS {database}")
            con.execute(f"CREATE DATABASE {database} TEMPLATE {TEMPLATE}")
        return Department(self, database, folder)


@dataclass
class Department:
    cluster: Cluster
    database: str
    folder: Path
    machines: dict[str, Machine] = field(default_factory=dict)

    def admin(self, **kwargs: Any) -> psycopg.Connection[Any]:
        return self.cluster.admin(self.database, **kwargs)

    def connect_as(self, account: str, kind: str = "machine", **kwargs: Any) -> psycopg.Connection[Any]:
        password = self.cluster.account(account, kind)
        return psycopg.connect(self.cluster.server.conninfo(self.database, account, password), **kwargs)

    def config_text(self, machine: str, account: str, unit: str = "", port: int | None = None) -> str:
        server = self.cluster.server
        passfile = self.folder / f"{account}.pgpass"
        passfile.write_text(f"*:*:*:{account}:{self.cluster.account(account)}\n")
        passfile.chmod(0o600)
        return (
            f'[department]\nname = "Test Police Department"\nmachine = "{machine}"\nunit = "{unit}"\n\n'
            f'[server]\nhost = "127.0.0.1"\nport = {port or server.port}\ndatabase = "{self.database}"\n'
            f'user = "{account}"\nsslmode = "disable"\npassfile = "{passfile}"\nconnect_timeout = 5\n'
        )

    def machine(self, name: str, unit: str = "Patrol", *, account: str = "", enrol: bool = True) -> Machine:
        """A machine with its own folders and configuration, enrolled unless told otherwise."""
        account = account or "machine_" + name.replace("-", "_")
        base = self.folder / name
        data, keys = base / "data", base / "keys"
        data.mkdir(parents=True, exist_ok=True)
        keys.mkdir(parents=True, exist_ok=True)
        config = base / "brightline.toml"
        config.write_text(self.config_text(name, account, unit))
        machine = Machine(self, name, account, data, keys, config)
        if enrol:
            machine.enrol()
        self.machines[name] = machine
        return machine

    def count(self, sql: str = "SELECT count(*) FROM brightline.contact", params: tuple[Any, ...] = ()) -> int:
        with self.admin() as con:
            return int(con.execute(sql, params).fetchone()[0])


@dataclass
class Machine:
    department: Department
    name: str
    account: str
    data: Path
    keys: Path
    config_path: Path

    @property
    def log_path(self) -> Path:
        return self.data / LOG_FILE_NAME

    def config(self, port: int | None = None) -> MachineConfig:
        """The machine's configuration; with `port`, reaching the server through that port (a proxy)."""
        if port is None:
            return load_machine_config(self.config_path)
        path = self.config_path.with_name(f"brightline-{port}.toml")
        path.write_text(self.department.config_text(self.name, self.account, "", port))
        return load_machine_config(path)

    def key(self) -> WorkstationKey:
        return load_or_create_key(self.keys)

    def enrol(self) -> tuple[str, str]:
        from brightline.core.department.connection import connect

        with connect(self.config()) as con:
            return enrol_key(con, self.config(), self.key(), create=True)

    def record(self, n: int = 1, **changes: Any) -> list[int]:
        """Add `n` records to the machine's own log; their ids."""
        with ContactLog.open(self.log_path, key=self.key()) as log:
            return [log.add(draft(**changes)).id for _ in range(n)]

    def sync(self, port: int | None = None, **kwargs: Any) -> SyncResult:
        return sync(self.config(port), self.data, self.key(), **kwargs)

    def local_count(self) -> int:
        if not self.log_path.exists():
            return 0
        with ContactLog.open(self.log_path, create=False) as log:
            return log.head().count

    def assert_on_server_exactly_once(self) -> None:
        """The server holds exactly this machine's records, each once, the batches it accepted
        cover them without overlapping, and its kept counts are those of its records."""
        with ContactLog.open(self.log_path, create=False) as log:
            local = [(r[0], r[1]) for r in log.rows_between(1, log.head().count)]
        with self.department.admin() as con:
            held = con.execute(
                "SELECT c.seq, c.hash FROM brightline.contact c JOIN brightline.machine m ON m.id = c.machine_id "
                "WHERE m.name = %s ORDER BY c.seq",
                (self.name,),
            ).fetchall()
            batches = con.execute(
                "SELECT s.first_seq, s.last_seq FROM brightline.sync s JOIN brightline.machine m ON m.id = s.machine_id "
                "WHERE m.name = %s ORDER BY s.first_seq",
                (self.name,),
            ).fetchall()
            keys = "r.month, r.day, r.grouping, r.value, r.contacts"
            machine = {
                "machine": con.execute("SELECT id FROM brightline.machine WHERE name = %s", (self.name,)).fetchone()[0]
            }
            kept = con.execute(
                f"SELECT {keys} FROM brightline.contact_count r WHERE machine_id = %(machine)s ORDER BY 1, 2, 3, 4",
                machine,
            ).fetchall()
            counted = con.execute(
                f"SELECT {keys} FROM ({COUNTED_FOR_MACHINE}) r ORDER BY 1, 2, 3, 4", machine
            ).fetchall()
        assert [tuple(r) for r in held] == local
        covered = [seq for first, last in batches for seq in range(first, last + 1)]
        assert covered == list(range(1, len(local) + 1))
        assert kept == counted  # and the report's counts kept for it are those of its records, once each

    def server_count(self) -> int:
        return self.department.count(
            "SELECT count(*) FROM brightline.contact c JOIN brightline.machine m ON m.id = c.machine_id "
            "WHERE m.name = %s",
            (self.name,),
        )


def draft(**changes: Any) -> ContactDraft:
    """A valid draft (the contact-log tests' sample) with `changes`."""
    return sample_draft(**changes)


def env_for(machine: Machine) -> dict[str, str]:
    """The environment for a `brightline` subprocess acting as `machine`."""
    return {
        **os.environ,
        "BRIGHTLINE_DATA_DIR": str(machine.data),
        "BRIGHTLINE_KEY_DIR": str(machine.keys),
        "BRIGHTLINE_DEPARTMENT": str(machine.config_path),
    }
