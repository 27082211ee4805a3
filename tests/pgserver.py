"""A real PostgreSQL server for the tests and benchmarks, started in a folder of their own.

`PostgresServer(folder).start()` runs `initdb` and `pg_ctl` from Debian's `postgresql` package
(or whatever `pg_ctl` is on PATH) with the data in `folder`, listening on 127.0.0.1 on a free
port and on a Unix socket in the same folder; `stop()` stops it. PostgreSQL refuses to run as
root, so when the tests run as root the server runs as `nobody`, with `folder` handed to that
account. The superuser is `postgres`, with a password (TCP logins need one: wrong credentials
must be tested for real), and trusted on the socket.

`find_binaries()` says where the server's programs are, or None; `missing_message()` says how
to install them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

SUPERUSER = "postgres"
UNPRIVILEGED = "nobody"
# Debian's server (initdb, pg_ctl, postgres); it brings libpq, which psycopg loads.
SERVER_PACKAGES = ("postgresql",)
INSTALL_LINE = f"apt-get install -y {' '.join(SERVER_PACKAGES)}"


def find_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


def missing_message() -> str:
    return f"PostgreSQL's server programs are not installed (initdb, pg_ctl): run `sudo {INSTALL_LINE}`"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["setpriv", f"--reuid={UNPRIVILEGED}", "--regid=nogroup", "--clear-groups", "--", *command]
    return command


class PostgresServer:
    """One PostgreSQL cluster in `folder` (made if needed; reused if it holds one already)."""

    def __init__(
        self, folder: Path, *, durable: bool = False, port: int | None = None, settings: dict[str, str] | None = None
    ) -> None:
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.durable = durable
        self.settings = dict(settings or {})  # more server settings (-c name=value), read at each start
        self.port = port or free_port()
        self.bin = find_binaries()
        if self.bin is None:
            raise RuntimeError(missing_message())
        password_file = self.folder / "superuser-password"
        self.password = password_file.read_text().strip() if password_file.exists() else secrets.token_hex(12)

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert self.bin is not None
        return subprocess.run(
            _as_server_user([str(self.bin / command[0]), *command[1:]]),
            capture_output=True,
            text=True,
            check=check,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )

    def _hand_over(self) -> None:
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            shutil.chown(self.folder, UNPRIVILEGED, "nogroup")
            for path in self.folder.rglob("*"):
                shutil.chown(path, UNPRIVILEGED, "nogroup")

    def init(self) -> None:
        """Make the cluster (UTF-8, a superuser with a password) unless the folder has one."""
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o755)
        (self.folder / "superuser-password").write_text(self.password + "\n")
        self._hand_over()
        done = self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8",
            "--auth-local=trust", "--auth-host=scram-sha-256",
            f"--pwfile={self.folder / 'superuser-password'}", check=False,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()}")

    def start(self) -> PostgresServer:
        self.init()
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.folder}",
            "-c max_connections=200",
            "-c log_min_messages=fatal",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c full_page_writes=off"]
        options += [f"-c {name}={value}" for name, value in self.settings.items()]
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
            "-o", " ".join(options), "start", check=False,
        )  # fmt: skip
        if done.returncode:
            log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the test PostgreSQL did not start: {done.stderr.strip()}\n{log}")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def conninfo(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        """A libpq connection string over TCP (the superuser's password unless another is given)."""
        secret = self.password if password is None else password
        return f"host=127.0.0.1 port={self.port} dbname={database} user={user} password={secret} sslmode=disable"

    def wait_until_ready(self, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the test PostgreSQL does not answer")
