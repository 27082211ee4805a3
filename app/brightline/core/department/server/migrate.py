"""Creating and migrating the department server's schema, its roles and its accounts.

`init_server(con)` (run by `brightline department init-server` with a database administrator's
connection) brings the schema `brightline` from the version it has to SCHEMA_VERSION, one
migration at a time, each in its own transaction, under a lock so that two runs take turns;
migrations only go forward and a server whose schema is newer than this Brightline knows is
refused, never touched. It then (every run) makes sure of the two group roles and their grants:

  brightline_machine   USAGE on the schema, SELECT on its tables, EXECUTE on the functions a
                       machine calls (`functions.MACHINE_FUNCTIONS`, `ingest`); no INSERT,
                       UPDATE, DELETE or TRUNCATE on anything
  brightline_auditor   USAGE and SELECT, nothing else

`create_account(con, name, kind)` makes a login role in one of them with a random password,
sent to the server already hashed (SCRAM-SHA-256), and returns the password to hand to IT.

`check_compatible(con)` is what every machine does first: a schema older than this Brightline
needs `init-server`; a newer one needs a newer Brightline.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from brightline.core.department.errors import ConfigError, SchemaError
from brightline.core.department.server.counts import COUNTS_SQL, FILL_FROM_RECORDS
from brightline.core.department.server.ed25519 import ED25519_SQL
from brightline.core.department.server.functions import FUNCTIONS_SQL, MACHINE_FUNCTIONS
from brightline.core.department.server.ingest import INGEST_SQL
from brightline.core.department.server.store import STORE_SQL, STORE_SQL_2
from brightline.core.department.server.tables import TABLES_SQL, append_only_triggers

SCHEMA = "brightline"
SCHEMA_VERSION = 2
MACHINE_ROLE = "brightline_machine"
AUDITOR_ROLE = "brightline_auditor"
ROLES = {"machine": MACHINE_ROLE, "auditor": AUDITOR_ROLE}
_LOCK = "hashtextextended('brightline init-server', 0)"
_ACCOUNT_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _version_1(con: Any) -> None:
    con.execute(f"CREATE SCHEMA {SCHEMA}")
    for block in (TABLES_SQL, ED25519_SQL, INGEST_SQL, STORE_SQL, FUNCTIONS_SQL):
        con.execute(block)
    for statement in append_only_triggers():
        con.execute(statement)
    con.execute(
        "INSERT INTO brightline.server_info (key, value) VALUES ('department_id', %s), ('created_at', now()::text)",
        (uuid.uuid4().hex,),
    )


def _version_2(con: Any) -> None:
    """The audit report's counts kept as records arrive (`counts`), filled from the records the
    server holds. Every other use of the contact table waits while it runs: a batch being stored
    when it starts is stored (by the old store) and then counted here; a batch that arrives
    meanwhile waits before it reads the table, and then runs the new store, which counts it.
    (A weaker lock would let a batch wait inside the old store and be stored uncounted.)"""
    con.execute("LOCK TABLE brightline.contact IN ACCESS EXCLUSIVE MODE")
    con.execute(COUNTS_SQL)
    con.execute(STORE_SQL_2)
    con.execute(FILL_FROM_RECORDS)


# MIGRATIONS[n] turns a version-n schema into version n+1. Add new steps at the end; never edit
# one that has shipped (servers in the field were made by it).
MIGRATIONS: dict[int, Callable[[Any], None]] = {0: _version_1, 1: _version_2}


def schema_version(con: Any) -> int:
    """The version of the server's schema; 0 when it has none."""
    if con.execute("SELECT to_regclass('brightline.schema_version')").fetchone()[0] is None:
        return 0
    return int(con.execute("SELECT coalesce(max(version), 0) FROM brightline.schema_version").fetchone()[0])


def check_compatible(con: Any, where: str) -> None:
    """SchemaError unless the server's schema is the one this Brightline speaks."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{where}: the department server's schema is version {version}, newer than this Brightline knows "
            f"({SCHEMA_VERSION}): update Brightline on this machine",
            summary="The department server needs a newer Brightline",
        )
    if version < SCHEMA_VERSION:
        raise SchemaError(
            f"{where}: the department server's schema is version {version}; this Brightline needs "
            f"{SCHEMA_VERSION}: IT runs `brightline department init-server`",
            summary="The department server is not set up for this Brightline",
        )


@dataclass(frozen=True)
class InitResult:
    """What `init_server` did: the schema version before and after."""

    from_version: int
    to_version: int


def init_server(con: Any) -> InitResult:
    """Create or migrate the schema and (re)grant the roles; `con` is an administrator's
    connection (not in autocommit mode). SchemaError for a newer schema, which is left alone."""
    with con.transaction():
        con.execute(f"SELECT pg_advisory_xact_lock({_LOCK})")
        before = schema_version(con)
    if before > SCHEMA_VERSION:
        raise SchemaError(
            f"the server's schema is version {before}, newer than this Brightline knows ({SCHEMA_VERSION}); "
            "it was left as it is: run init-server from a newer Brightline",
            summary="The department server has a newer schema",
        )
    version = before
    while version < SCHEMA_VERSION:
        with con.transaction():
            con.execute(f"SELECT pg_advisory_xact_lock({_LOCK})")
            if schema_version(con) != version:  # another init-server ran meanwhile
                version = schema_version(con)
                continue
            MIGRATIONS[version](con)
            version += 1
            con.execute("INSERT INTO brightline.schema_version (version) VALUES (%s)", (version,))
    with con.transaction():
        con.execute(f"SELECT pg_advisory_xact_lock({_LOCK})")
        _grant(con)
    return InitResult(before, version)


def _grant(con: Any) -> None:
    for role in ROLES.values():
        con.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
    both = f"{MACHINE_ROLE}, {AUDITOR_ROLE}"
    for statement in (
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {both}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM PUBLIC, {both}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {both}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM PUBLIC, {both}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {SCHEMA} FROM PUBLIC, {both}",
        *(f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{function} TO {MACHINE_ROLE}" for function in MACHINE_FUNCTIONS),
    ):
        con.execute(statement)


def create_account(con: Any, name: str, kind: str) -> str:
    """Make login role `name` in the machine or auditor group with a new random password, and
    return the password. ConfigError for a name PostgreSQL would need quoted, or one in use."""
    from psycopg import sql

    if kind not in ROLES:
        raise ConfigError(f"an account is a machine's or the auditor's, not {kind!r}")
    if not _ACCOUNT_NAME.fullmatch(name):
        raise ConfigError(
            f"{name!r}: an account name is lower-case letters, digits and _, up to 63, not starting with a digit"
        )
    password = secrets.token_urlsafe(24)
    hashed = con.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
    with con.transaction():
        if con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            raise ConfigError(f"there is already an account named {name} on this server")
        con.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(hashed), sql.Identifier(ROLES[kind])
            )
        )
    return password
