"""`brightline department …`: set up the department server, enrol this machine, send its records,
and say how things stand.

  init-server      (IT, once, and after each upgrade) create or migrate the server's schema and
                   roles, as a database administrator (--admin-user; the password from PGPASSWORD,
                   the administrator's ~/.pgpass, or asked for on a terminal)
  create-account   (IT) make a machine's or the auditor's database account; prints its password
                   and the line for the machine's password file
  enrol            register this machine (its name and unit) and this account's public key
  status           configured? does the server answer? records waiting? last sent?
  sync             send what the server lacks (a scheduled task may run it)

The machine-wide configuration is read from `--department FILE`, BRIGHTLINE_DEPARTMENT or the
platform's place (`brightline.core.machine_config`). Exit codes: 0 done (status: nothing is
wrong); 1 the server refused records (they stay on this machine) or a status found something
wrong; 2 a usage error; 3 the department cannot be used (not configured, no PostgreSQL client
library, the server does not answer, wrong credentials, a schema this Brightline does not speak).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from brightline.core.department.errors import CredentialsError, DepartmentError, NotConfiguredError
from brightline.core.machine_config import MachineConfig, MachineConfigError, load_machine_config
from brightline.core.signing import SigningKeyError, WorkstationKey, load_or_create_key
from brightline.core.text import count_words

if TYPE_CHECKING:
    from brightline.core.department.status import DepartmentStatus, Waiting
    from brightline.core.paths import Paths

OK, REFUSED, USAGE, UNUSABLE = 0, 1, 2, 3
T = TypeVar("T")


def add_department_arguments(parser: argparse.ArgumentParser) -> None:
    """The `department` command's subcommands, on its parser."""
    sub = parser.add_subparsers(dest="department_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("init-server", help="(IT) create or migrate the department server's schema and roles")
    p.add_argument(
        "--admin-user", default="postgres", metavar="NAME", help="a database administrator (default postgres)"
    )
    p.set_defaults(handler=cmd_init_server)
    p = sub.add_parser("create-account", help="(IT) make a machine's or the auditor's database account")
    p.add_argument("name", metavar="NAME", help="the account's name, e.g. machine_booking_01")
    p.add_argument("--kind", choices=("machine", "auditor"), default="machine")
    p.add_argument(
        "--admin-user", default="postgres", metavar="NAME", help="a database administrator (default postgres)"
    )
    p.set_defaults(handler=cmd_create_account)
    p = sub.add_parser("enrol", help="register this machine and this account's signing key with the server")
    p.set_defaults(handler=cmd_enrol)
    p = sub.add_parser("status", help="configured? does the server answer? records waiting? last sent?")
    p.set_defaults(handler=cmd_status)
    p = sub.add_parser("sync", help="send the records the server does not have yet")
    p.set_defaults(handler=cmd_sync)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def machine_config(args: argparse.Namespace) -> MachineConfig:
    """The machine-wide configuration named by --department, or found; MachineConfigError."""
    return load_machine_config(getattr(args, "department", None) or None)


def _key(paths: Paths) -> WorkstationKey | None:
    try:
        return load_or_create_key(paths.keys)
    except SigningKeyError as exc:
        _err(f"error: this account has no usable signing key: {exc}")
        return None


def _config_or_exit(args: argparse.Namespace) -> MachineConfig | int:
    try:
        config = machine_config(args)
    except MachineConfigError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    if not config.in_department:
        from brightline.core.department.connection import require_server

        try:
            require_server(config)
        except NotConfiguredError as exc:
            _err(f"error: {exc}")
        return UNUSABLE
    return config


def _config_and_key(args: argparse.Namespace, paths: Paths) -> tuple[MachineConfig, WorkstationKey] | int:
    """The department's configuration and this account's key, or the exit code that says why not."""
    config = _config_or_exit(args)
    if isinstance(config, int):
        return config
    key = _key(paths)
    return UNUSABLE if key is None else (config, key)


def _run_as_admin(config: MachineConfig, user: str, work: Callable[[Any], T]) -> T:
    """`work(connection)` as database administrator `user`, asking for the password on a
    terminal when the server wants one and none was found."""
    from brightline.core.department.connection import connect

    password: str | None = None
    while True:
        try:
            with connect(config, user=user, password=password) as con:
                return work(con)
        except CredentialsError as exc:
            if password is not None or not sys.stdin.isatty() or "no password" not in str(exc):
                raise
            password = getpass.getpass(f"Password for database administrator {user}: ")


def cmd_init_server(args: argparse.Namespace, paths: Paths) -> int:
    """`department init-server`: create or migrate the schema, (re)grant the roles."""
    from brightline.core.department.server.migrate import SCHEMA_VERSION, init_server

    config = _config_or_exit(args)
    if isinstance(config, int):
        return config
    try:
        result = _run_as_admin(config, args.admin_user, init_server)
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    if result.from_version == result.to_version:
        print(f"The department server's schema is up to date (version {SCHEMA_VERSION}); roles and grants checked.")
    elif result.from_version == 0:
        print(f"Created the department server's schema (version {result.to_version}) and its roles.")
    else:
        print(f"Migrated the department server's schema from version {result.from_version} to {result.to_version}.")
    print("Roles: brightline_machine (machines: read, and add through checking functions), brightline_auditor (read).")
    return OK


def cmd_create_account(args: argparse.Namespace, paths: Paths) -> int:
    """`department create-account NAME`: a login role in the machine or auditor group."""
    from brightline.core.department.server.migrate import create_account

    config = _config_or_exit(args)
    if isinstance(config, int):
        return config
    assert config.server is not None
    try:
        password = _run_as_admin(config, args.admin_user, lambda con: create_account(con, args.name, args.kind))
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    server = config.server
    print(f"Created the {args.kind} account {args.name}. Its password (shown once):")
    print(password)
    print("Its line for the password file ([server] passfile, readable only by the accounts that use it):")
    print(f"{server.host}:{server.port}:{server.database}:{args.name}:{password}")
    return OK


def cmd_enrol(args: argparse.Namespace, paths: Paths) -> int:
    """`department enrol`: register this machine and this account's public key."""
    from brightline.core.department.connection import connect
    from brightline.core.department.sync import enrol_key

    ready = _config_and_key(args, paths)
    if isinstance(ready, int):
        return ready
    config, key = ready
    assert config.department is not None
    try:
        with connect(config) as con:
            status, _ = enrol_key(con, config, key, create=True)
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return REFUSED if exc.code == "refused" else UNUSABLE
    machine = config.department.machine
    unit = f" (unit {config.department.unit})" if config.department.unit else ""
    print(
        {
            "enrolled": f"Enrolled machine {machine}{unit} with this account's key {key.key_id}.",
            "key_added": f"Machine {machine} was enrolled already; added this account's key {key.key_id}.",
            "already": f"Machine {machine} and this account's key {key.key_id} were enrolled already.",
        }.get(status, f"{machine}: {status}")
    )
    return OK


def _when(stamp: str) -> str:
    if not stamp:
        return "never"
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _waiting_line(what: str, waiting: Waiting, state_note: str) -> str:
    if waiting.behind_server:
        return (
            f"{what}: the server holds {waiting.held:,} of this machine's, but its log holds {waiting.local:,}: "
            "the log was cut short or replaced by an older copy, and the server refuses it until IT looks at it "
            "(run `brightline log verify`)."
        )
    if waiting.local == 0:
        return f"{what}: none on this machine."
    if waiting.waiting == 0:
        return f"{what}: all {waiting.local:,} sent."
    note = "" if waiting.known else f" (as of the last sync{state_note})"
    return f"{what}: {waiting.waiting:,} of {waiting.local:,} waiting to be sent{note}."


def status_lines(status: DepartmentStatus) -> list[str]:
    """`department status` in lines (also what the window shows in full)."""
    config = status.config
    if not status.configured:
        where = f" ({config.source})" if config.source else ""
        return [f"This machine is on its own: no department is configured{where}. Everything is kept on this machine."]
    assert config.department is not None and config.server is not None
    server = config.server
    unit = f", unit {config.department.unit}" if config.department.unit else ""
    lines = [
        f"Department: {config.department.name} (configured in {config.source})",
        f"This machine: {config.department.machine}{unit}",
    ]
    where = f"{server.user}@{server.host}:{server.port}/{server.database}"
    if status.answers:
        lines.append(f"Server: {where} answers.")
        if not status.machine_enrolled:
            lines.append("Enrolled: no. Run `brightline department enrol` on this machine.")
        else:
            mark = "enrolled" if status.key_enrolled else "not yet enrolled (the next sync enrols it)"
            lines.append(f"Enrolled: yes; this account's key {status.key_id} is {mark}.")
    elif status.problem is not None:
        lines.append(f"Server: {status.problem}")
    state = status.state
    note = f", {_when(state.last_attempt_at)}" if state.last_attempt_at else ""
    lines.append(_waiting_line("Contact records", status.contacts, note))
    lines.append(_waiting_line("Training records", status.training, note))
    lines.append(_waiting_line("Acknowledgments", status.acknowledgments, note))
    lines.append(f"Last sent: {_when(state.last_sent_at)}; last sync without problems: {_when(state.last_success_at)}.")
    if state.problem_code == "refused":
        lines.append(f"REFUSED since {_when(state.problem_since)}: {state.problem}")
    return lines


def cmd_status(args: argparse.Namespace, paths: Paths) -> int:
    """`department status`."""
    from brightline.core.department.status import department_status

    try:
        config = machine_config(args)
    except MachineConfigError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    key = _key(paths) if config.in_department else None
    status = department_status(config, paths.data, key)
    for line in status_lines(status):
        print(line)
    if not status.configured:
        return OK
    if status.problem is not None:
        return UNUSABLE
    return REFUSED if status.state.problem_code == "refused" or status.contacts.behind_server else OK


def cmd_sync(args: argparse.Namespace, paths: Paths) -> int:
    """`department sync`: send what the server lacks; say what was sent and what was refused."""
    from brightline.core.department.sync import sync

    ready = _config_and_key(args, paths)
    if isinstance(ready, int):
        return ready
    config, key = ready
    try:
        result = sync(config, paths.data, key)
    except DepartmentError as exc:
        _err(f"error: {exc}")
        _err("Nothing is lost: the records stay on this machine and the next sync sends them.")
        return UNUSABLE
    extras = [
        count_words(n, what)
        for n, what in ((result.training.sent, "training record"), (result.acknowledgments.sent, "acknowledgment"))
        if n
    ]
    print(
        f"Sent {count_words(result.sent, 'contact record')}{' and ' + ', '.join(extras) if extras else ''}; "
        "the server holds "
        f"{result.server_count:,} of this machine's {result.local_count:,}."
    )
    if result.refused is not None:
        _err(f"REFUSED: {result.refused}")
        return REFUSED
    return OK
