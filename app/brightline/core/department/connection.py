"""Connecting to the department's PostgreSQL server with psycopg 3, from the machine-wide
configuration (`brightline.core.machine_config`).

psycopg is imported here and only here, on first use: a machine on its own never loads it, and a
machine without the PostgreSQL client library (libpq, which psycopg's pure-Python build uses
through ctypes) gets one line saying so (`DriverMissingError`) while everything else works.

Secrets: the configuration names no password. libpq's own ways work (a client certificate with
`sslcert`/`sslkey`, PGPASSWORD, the account's ~/.pgpass), and `passfile` names a file in libpq's
pgpass format (`host:port:database:user:password`, `*` for any) that Brightline reads itself:
libpq ignores a password file that anyone but its owner can read, but a booking workstation's
officer accounts share one, so Brightline accepts a file its group may read (give it to a group
of the accounts that use Brightline) and refuses one that every account may read.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.core.department.errors import (
    ConfigError,
    CredentialsError,
    DepartmentError,
    DriverMissingError,
    NotConfiguredError,
    UnreachableError,
)
from brightline.core.machine_config import MachineConfig, ServerSettings

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "brightline"
# A connection that stops answering (a cable pulled mid-batch) is given up after this long, so a
# sync never hangs: the batch in flight is then either committed or not, and the next sync asks.
TCP_USER_TIMEOUT_MS = 30_000


def _point_psycopg_at_bundled_libpq() -> None:
    """In the Linux bundle, psycopg would miss the libpq the bundle carries: it finds libpq with
    ctypes.util.find_library, which on Linux asks only the system's loader cache (PyInstaller
    teaches it the bundle's folder on Windows and macOS only). Answer that one question with the
    bundled copy (installers/brightline.spec puts it there)."""
    base = getattr(sys, "_MEIPASS", None)
    if not base or not sys.platform.startswith("linux"):
        return
    bundled = next(iter(sorted(Path(base).glob("libpq.so*"))), None)
    if bundled is None:
        return
    import ctypes.util

    system_find = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        return str(bundled) if name == "pq" else system_find(name)

    ctypes.util.find_library = find_library


def load_driver() -> Any:
    """The psycopg module; DriverMissingError (one line) when it or libpq is not available."""
    _point_psycopg_at_bundled_libpq()
    try:
        import psycopg
    except ImportError as exc:
        raise DriverMissingError(
            "the department server cannot be reached from this machine: the PostgreSQL client library "
            f"(libpq) is not installed ({exc}); everything else works without it",
            summary="No PostgreSQL client library on this machine",
        ) from None
    return psycopg


def _pgpass_fields(line: str) -> list[str]:
    fields, current, escaped = [], "", False
    for char in line:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            fields.append(current)
            current = ""
        else:
            current += char
    fields.append(current)
    return fields


def password_from_file(path: Path, server: ServerSettings, user: str) -> str | None:
    """The password for this server and user in a pgpass-format file (None if no line matches).
    ConfigError when the file cannot be read or every account on the machine may read it."""
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: the password file cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: the password file is not UTF-8 text") from exc
    if os.name != "nt" and info.st_mode & stat.S_IROTH:
        raise ConfigError(
            f"{path}: every account on this machine may read the password file; "
            "make it readable by its owner and the group of Brightline's accounts only (chmod 640)"
        )
    wanted = (server.host, str(server.port), server.database, user)
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _pgpass_fields(line)
        if len(fields) == 5 and all(f in ("*", w) for f, w in zip(fields[:4], wanted, strict=True)):
            return fields[4]
    return None


def conninfo_params(server: ServerSettings, *, user: str | None = None) -> dict[str, Any]:
    """libpq's connection parameters for `server` (as `user` when given)."""
    account = user or server.user
    params: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "dbname": server.database,
        "user": account,
        "sslmode": server.sslmode,
        "connect_timeout": server.connect_timeout,
        "application_name": APPLICATION_NAME,
        "keepalives": 1,
        "keepalives_idle": 30,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
    }
    for name in ("sslrootcert", "sslcert", "sslkey"):
        value = getattr(server, name)
        if value:
            params[name] = value
    if server.passfile and (user is None or user == server.user):
        password = password_from_file(Path(server.passfile), server, account)
        if password is not None:
            params["password"] = password
    return params


def words_for(exc: Exception, where: str, admin: bool = False) -> DepartmentError:
    """A psycopg error as the DepartmentError that says what went wrong at `where` (`admin`: the
    connection was a database administrator's, for init-server or create-account)."""
    # libpq puts its hint on a line of its own ("Connection refused" / "Is the server running…?").
    text = "; ".join(" ".join(line.split()) for line in str(exc).splitlines() if line.strip())
    lower = text.lower()
    if (
        "password authentication failed" in lower
        or "no password supplied" in lower
        or ("role" in lower and "does not exist" in lower)
    ):
        if admin:
            return CredentialsError(
                f"{where}: the server refused the administrator's account ({text}); give its password in "
                "PGPASSWORD, or run the command on a terminal to be asked for it",
                summary="The department server refused the administrator's account",
            )
        return CredentialsError(
            f"{where}: the server refused this machine's account ({text}); check [server] user and the "
            "password file or certificate",
            summary="The department server refused this machine's account",
        )
    if "certificate" in lower or "ssl" in lower:
        return CredentialsError(f"{where}: the secure connection failed ({text})", summary="Secure connection failed")
    if "permission denied" in lower:
        return CredentialsError(f"{where}: {text}", summary="Not allowed on the department server")
    if "database" in lower and "does not exist" in lower:
        return ConfigError(f"{where}: {text}; check [server] database", summary="No such department database")
    return UnreachableError(
        f"{where}: the department server does not answer ({text})", summary="The department server does not answer"
    )


def require_server(config: MachineConfig) -> ServerSettings:
    """The [server] settings, or NotConfiguredError when this machine is on its own."""
    if config.server is None or config.department is None:
        where = f" in {config.source}" if config.source else ""
        raise NotConfiguredError(
            f"this machine is not connected to a department: no [department] and [server] configuration{where} "
            "(see the README, Department)",
            summary="Not connected to a department",
        )
    return config.server


def open_connection(
    config: MachineConfig, *, user: str | None = None, password: str | None = None, autocommit: bool = False
) -> psycopg.Connection[Any]:
    """A connection to the department server (the caller closes it). DepartmentError for
    anything that stops it, in one line naming the server."""
    server = require_server(config)
    psycopg = load_driver()
    params = conninfo_params(server, user=user)
    if password is not None:
        params["password"] = password
    try:
        return psycopg.connect(autocommit=autocommit, **params)  # type: ignore[no-any-return]
    except psycopg.Error as exc:
        raise words_for(exc, describe(config, params["user"]), admin=user is not None) from None


def describe(config: MachineConfig, user: str | None = None) -> str:
    """The server as messages name it: user@host:port/database."""
    server = require_server(config)
    return f"{user or server.user}@{server.host}:{server.port}/{server.database}"


@contextmanager
def connect(
    config: MachineConfig, *, user: str | None = None, password: str | None = None, autocommit: bool = False
) -> Iterator[psycopg.Connection[Any]]:
    """`open_connection`, closed afterwards."""
    con = open_connection(config, user=user, password=password, autocommit=autocommit)
    try:
        yield con
    finally:
        con.close()


def fetch_one(con: Any, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """The one row `sql` answers (the server's functions always answer one)."""
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise DepartmentError(f"the department server gave no answer to {sql.split('(')[0]}")
    return tuple(row)


def server_words(exc: Exception, where: str) -> DepartmentError:
    """An error met after connecting (a dropped connection, a server restarting, a refusal by
    the database) as a DepartmentError."""
    psycopg = load_driver()
    if isinstance(exc, psycopg.OperationalError):
        return words_for(exc, where)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return CredentialsError(
            f"{where}: {' '.join(str(exc).split())}", summary="Not allowed on the department server"
        )
    return DepartmentError(f"{where}: the server said: {' '.join(str(exc).split())}")
