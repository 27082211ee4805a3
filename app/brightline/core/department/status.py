"""How this machine stands with the department: `department_status(...)`, for
`brightline department status` and the window's sync line.

What is configured (the machine-wide file), whether the server answers and knows this machine and
this account's key, and how many records of each kind wait to be sent: counted against the server
when it answers, else against what the last sync left in `department-sync.json` (`state`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brightline.core.contact_log.errors import LogError
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.core.department.acknowledgments import ACKNOWLEDGMENTS_FILE_NAME, AcknowledgmentOutbox
from brightline.core.department.connection import connect, fetch_one, server_words
from brightline.core.department.errors import DepartmentError
from brightline.core.department.plain_sync import server_count
from brightline.core.department.server.migrate import check_compatible
from brightline.core.department.state import SyncState, load_state
from brightline.core.department.sync import TRAINING_FILE_NAME
from brightline.core.machine_config import MachineConfig
from brightline.core.signing import WorkstationKey
from brightline.core.training_log import TrainingLog, TrainingLogError


@dataclass(frozen=True)
class Waiting:
    """Records of one kind: how many the machine holds and how many of them the server lacks
    (`known`: counted against the server now, rather than as of the last sync); `held`, of the
    contact records, how many the server holds: more than the machine has means its log was cut
    short or replaced by an older copy, which the next sync is refused for."""

    local: int = 0
    waiting: int = 0
    known: bool = False
    held: int = 0

    @property
    def behind_server(self) -> bool:
        return self.known and self.held > self.local


@dataclass(frozen=True)
class DepartmentStatus:
    """This machine and the department (see the module docstring)."""

    config: MachineConfig
    state: SyncState = field(default_factory=SyncState)
    answers: bool = False
    problem: DepartmentError | None = None
    machine_enrolled: bool = False
    key_enrolled: bool = False
    key_id: str = ""
    log_id: str = ""
    contacts: Waiting = Waiting()
    training: Waiting = Waiting()
    acknowledgments: Waiting = Waiting()

    @property
    def configured(self) -> bool:
        return self.config.in_department

    @property
    def all_sent(self) -> bool:
        return not (self.contacts.waiting or self.training.waiting or self.acknowledgments.waiting)


def _local_contacts(data_dir: Path) -> tuple[int, str]:
    path = data_dir / LOG_FILE_NAME
    if not path.exists():
        return 0, ""
    try:
        with ContactLog.open_for_reading(path) as log:
            return log.head().count, log.log_id
    except LogError:
        return 0, ""


def _local_plain(outbox: TrainingLog | AcknowledgmentOutbox) -> tuple[int, str]:
    try:
        count = outbox.count()
        return count, outbox.log_id() if count else ""
    except (TrainingLogError, Exception):
        return 0, ""


def department_status(
    config: MachineConfig, data_dir: Path, key: WorkstationKey | None, *, ask_server: bool = True
) -> DepartmentStatus:
    """The status now; asks the server only when `ask_server` (and the machine is configured)."""
    state = load_state(data_dir)
    count, log_id = _local_contacts(data_dir)
    training_count, training_id = _local_plain(TrainingLog(data_dir / TRAINING_FILE_NAME))
    acks_count, acks_id = _local_plain(AcknowledgmentOutbox(data_dir / ACKNOWLEDGMENTS_FILE_NAME))
    sent = state.server_count if state.log_id == log_id else 0
    status = DepartmentStatus(
        config,
        state,
        key_id=key.key_id if key else "",
        log_id=log_id,
        contacts=Waiting(count, max(0, count - sent)),
        training=Waiting(training_count, 0),
        acknowledgments=Waiting(acks_count, 0),
    )
    if not config.in_department or not ask_server:
        return status
    try:
        return _ask(config, status, (training_count, training_id), (acks_count, acks_id))
    except DepartmentError as exc:
        return DepartmentStatus(**{**status.__dict__, "problem": exc})


def _ask(
    config: MachineConfig, status: DepartmentStatus, training: tuple[int, str], acks: tuple[int, str]
) -> DepartmentStatus:
    assert config.server is not None and config.department is not None
    where = f"{config.server.host}:{config.server.port}/{config.server.database}"
    with connect(config, autocommit=True) as con:
        try:
            check_compatible(con, where)
            problem, _, held, _, keys = fetch_one(
                con,
                "SELECT * FROM brightline.log_state(%s, %s)",
                (config.department.machine, status.log_id or "0" * 32),
            )
            counts: dict[str, Any] = {}
            for name, (local, log_id), table in (
                ("training", training, "training_result"),
                ("acknowledgments", acks, "acknowledgment"),
            ):
                held_rows = server_count(con, table, log_id) if log_id else 0
                counts[name] = Waiting(local, max(0, local - held_rows), True)
        except DepartmentError:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise server_words(exc, where) from None
            raise
    return DepartmentStatus(
        **{
            **status.__dict__,
            "answers": True,
            "machine_enrolled": problem != "not_enrolled",
            "key_enrolled": status.key_id in (keys or []),
            "contacts": Waiting(status.contacts.local, max(0, status.contacts.local - int(held)), True, int(held)),
            **counts,
        }
    )
