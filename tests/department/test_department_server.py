"""The server's schema: versioned and forward only, append-only for everyone, and the roles'
grants: machines read and add through the checking functions, auditors only read."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg import errors

from brightline.core.department.errors import SchemaError
from brightline.core.department.server.migrate import SCHEMA_VERSION, check_compatible, init_server, schema_version
from brightline.core.department.server.tables import ALL_TABLES
from deptlib import Department


def test_init_server_is_versioned_and_a_second_run_changes_nothing(department: Department) -> None:
    with department.admin() as con:
        assert schema_version(con) == SCHEMA_VERSION
        result = init_server(con)
        assert (result.from_version, result.to_version) == (SCHEMA_VERSION, SCHEMA_VERSION)
        assert con.execute("SELECT count(*) FROM brightline.schema_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_schema_is_refused_and_left_alone_by_init_server_and_by_machines(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(2)
    with department.admin() as con:
        con.execute("INSERT INTO brightline.schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
        con.commit()
        with pytest.raises(SchemaError, match="newer than this Brightline knows"):
            init_server(con)
        assert schema_version(con) == SCHEMA_VERSION + 1
        with pytest.raises(SchemaError, match="update Brightline"):
            check_compatible(con, "here")
    with pytest.raises(SchemaError, match="update Brightline on this machine"):
        laptop.sync()
    assert laptop.local_count() == 2 and department.count() == 0


def test_no_account_may_change_or_remove_rows_not_even_the_owner(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(1)
    laptop.sync()
    with department.admin(autocommit=True) as con:
        for table in ALL_TABLES:
            column = con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'brightline' "
                "AND table_name = %s AND is_identity = 'NO' ORDER BY ordinal_position LIMIT 1",
                (table,),
            ).fetchone()[0]
            statements = [f"DELETE FROM brightline.{table}", f"TRUNCATE brightline.{table} CASCADE"]
            if table != "contact":  # a contact's own trigger: see the next test
                statements.append(f"UPDATE brightline.{table} SET {column} = {column}")
            for statement in statements:
                with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
                    con.execute(statement)
        assert con.execute("SELECT count(*) FROM brightline.contact").fetchone()[0] == 1


def test_a_contact_cannot_be_edited_and_its_text_is_erased_only_after_a_redaction(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(1)
    laptop.sync()
    with department.admin(autocommit=True) as con:
        for change in ("verdict = 'comply'", "body = body || ' '", "hash = repeat('0', 64)", "unit = 'Other'"):
            with pytest.raises(errors.InsufficientPrivilege, match="never changed"):
                con.execute(f"UPDATE brightline.contact SET {change}")
        with pytest.raises(errors.InsufficientPrivilege, match="only ever erased"):
            con.execute("UPDATE brightline.contact SET salted_notes = NULL")
        with pytest.raises(errors.InsufficientPrivilege, match="only ever erased"):
            con.execute("UPDATE brightline.contact SET salted_official_name = '\\x00'::bytea")
        assert con.execute("SELECT count(*) FROM brightline.contact WHERE salted_notes IS NOT NULL").fetchone()[0] == 1


def _try(con: psycopg.Connection[Any], statement: str, params: tuple[Any, ...] = ()) -> str:
    try:
        con.execute(statement, params)
    except errors.InsufficientPrivilege:
        return "denied"
    return "allowed"


def test_machine_accounts_read_and_add_only_through_the_checking_functions(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(1)
    laptop.sync()
    with department.connect_as(laptop.account, autocommit=True) as con:
        assert _try(con, "SELECT * FROM brightline.contact") == "allowed"
        assert _try(con, "SELECT * FROM brightline.refusal") == "allowed"
        assert _try(con, "SELECT * FROM brightline.log_state('patrol-07', %s)", ("0" * 32,)) == "allowed"
        assert _try(con, "INSERT INTO brightline.refusal (machine, reason, detail) VALUES ('x', 'y', 'z')") == "denied"
        assert _try(con, "INSERT INTO brightline.machine (name, account) VALUES ('fake', 'x')") == "denied"
        assert _try(con, "UPDATE brightline.contact SET verdict = 'comply'") == "denied"
        assert _try(con, "DELETE FROM brightline.contact") == "denied"
        assert _try(con, "TRUNCATE brightline.checkpoint") == "denied"
        assert (
            _try(con, "SELECT brightline.store_contacts(1, '', '', 0, 1, '{}', '{}', '{}', '{}', '{}', '{}', '{}')")
            == "denied"
        )


def test_the_auditor_reads_and_does_nothing_else(department: Department) -> None:
    laptop = department.machine("patrol-07")
    laptop.record(1)
    laptop.sync()
    with department.connect_as("auditor_test", "auditor", autocommit=True) as con:
        assert con.execute("SELECT count(*) FROM brightline.contact").fetchone()[0] == 1
        assert _try(con, "SELECT * FROM brightline.enrol('x', '', %s, '', true)", (b"\0" * 32,)) == "denied"
        assert _try(con, "SELECT * FROM brightline.check_in('patrol-07', '', 0, 0, 0, now())") == "denied"
        assert _try(con, "INSERT INTO brightline.refusal (machine, reason, detail) VALUES ('x', 'y', 'z')") == "denied"
        assert _try(con, "DELETE FROM brightline.refusal") == "denied"
