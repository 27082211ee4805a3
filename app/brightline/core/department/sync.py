"""Sending this machine's records to the department server: `sync(...)`.

Records are always committed to the machine's own SQLite log first; a sync only reads it. Each
run asks the server what it holds of this log (`log_state`), checks that the local log still
extends it, and sends the rest in order, in batches of up to BATCH records, each batch one
transaction carrying a checkpoint this account's key signed over the batch's last record. The
server checks the chain and the signature (`server.ingest`); an answer lost with a dropped
connection costs nothing, because the next run asks again and a batch the server holds already
is accepted without change. Then the training records and acknowledgments (`plain_sync`), then a
check-in saying what the machine holds, for the audit report.

A local log that is shorter than what the server holds, or whose record at the server's count is
another, was cut short, replaced by an older copy or rewritten: the machine reports it
(`report_divergence`, which the server checks against its own records and files as a refusal for
the auditor) and sends nothing of it. A refused batch stays on the machine; the records before
the first bad one are sent on their own; the training records and acknowledgments still go.

Several accounts may share a machine's log (a booking workstation): each signs with its own key,
which the first sync from that account enrols under the machine (the machine itself is enrolled
once, by `department enrol`, with the machine's database account, and only that database account
may add keys to it or send for it).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from brightline.core.contact_log.checkpoints import take_checkpoint
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.core.contact_log.verify import ChainHead
from brightline.core.department.acknowledgments import ACKNOWLEDGMENTS_FILE_NAME, AcknowledgmentOutbox
from brightline.core.department.connection import connect, fetch_one, server_words
from brightline.core.department.errors import CredentialsError, DepartmentError, NotEnrolledError, RefusedError
from brightline.core.department.plain_sync import PlainResult, push_plain
from brightline.core.department.server.migrate import check_compatible
from brightline.core.department.state import SyncState, load_state, save_state
from brightline.core.machine_config import MachineConfig
from brightline.core.signing import WorkstationKey
from brightline.core.training_log import TrainingLog

BATCH = 1000
# A batch is also cut at about this many bytes of bodies and texts (a note may be 20,000 characters).
BATCH_BYTES = 4_000_000
TRAINING_FILE_NAME = "training.sqlite3"


def _utc_now() -> datetime:
    return datetime.now(UTC)


BACKGROUND_NICENESS = 10


def run_in_background() -> None:
    """Let the thread calling (the window's sync worker) give way to recording: on Linux a thread
    has a scheduling priority of its own, lowered here by BACKGROUND_NICENESS, so that a contact
    being saved gets the machine's cores first while a long sync runs. Elsewhere it does nothing."""
    if sys.platform.startswith("linux"):
        try:
            thread = threading.get_native_id()
            os.setpriority(
                os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + BACKGROUND_NICENESS)
            )
        except OSError:
            pass  # not allowed here: the sync runs as it is


@dataclass(frozen=True)
class SyncResult:
    """What one sync did: records sent and held (this log on the server, and on the machine),
    training records and acknowledgments sent and still waiting, and the refusal if the
    server refused this machine's records (they stay on the machine)."""

    sent: int = 0
    server_count: int = 0
    local_count: int = 0
    training: PlainResult = PlainResult(0, 0)
    acknowledgments: PlainResult = PlainResult(0, 0)
    refused: RefusedError | None = None

    @property
    def waiting(self) -> int:
        return max(0, self.local_count - self.server_count)


def _machine(config: MachineConfig) -> tuple[str, str]:
    assert config.department is not None
    return config.department.machine, config.department.unit


def _os_account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def enrol_key(con: Any, config: MachineConfig, key: WorkstationKey, *, create: bool) -> tuple[str, str]:
    """Register this account's key under the machine (and, with `create`, the machine itself,
    bound to the database account connected); the server's (status, detail). NotEnrolledError
    when the machine is not enrolled and `create` is false; RefusedError for another machine's
    key; CredentialsError when another database account enrolled the machine."""
    machine, unit = _machine(config)
    status, detail = fetch_one(
        con,
        "SELECT * FROM brightline.enrol(%s, %s, %s, %s, %s)",
        (machine, unit, key.public_key, _os_account(), create),
    )
    con.commit()
    if status == "not_enrolled":
        raise NotEnrolledError(
            f"machine {machine} is not enrolled on the department server: IT runs `brightline department enrol` on it",
            summary="This machine is not enrolled",
        )
    if status == "wrong_account":
        raise CredentialsError(f"{detail}: check [server] user in the configuration", summary="Wrong database account")
    if status == "key_elsewhere":
        raise RefusedError(f"the department server refused this account's key: {detail}", "key_elsewhere")
    return str(status), str(detail)


def _refusal(reason: str, detail: str, bad_seq: int | None) -> RefusedError:
    return RefusedError(
        f"the department server refused this machine's records ({reason}): {detail}. They stay on this machine; "
        "the auditor is told.",
        reason,
        bad_seq,
        summary="The department server refused this machine's records",
    )


@dataclass(frozen=True)
class Answer:
    """The server's answer to a batch: accepted or refused, how many records of the log it now
    holds, the first record refused and why, and how many records this batch added."""

    status: str
    server_count: int
    bad_seq: int | None
    reason: str
    detail: str
    stored: int


class _ContactSender:
    """One run's sending of the contact log."""

    def __init__(self, con: Any, config: MachineConfig, log: ContactLog, key: WorkstationKey, clock: Any) -> None:
        self.con = con
        self.machine, self.unit = _machine(config)
        self.log = log
        self.key = key
        self.clock = clock

    def state(self) -> tuple[int, str]:
        row = fetch_one(self.con, "SELECT * FROM brightline.log_state(%s, %s)", (self.machine, self.log.log_id))
        self.con.commit()
        return int(row[2]), str(row[3])

    def report_divergence(self, local_count: int, server_count: int) -> RefusedError | None:
        local_hash = self.log.hash_at(server_count) if local_count >= server_count else None
        status, _, _, bad_seq, reason, detail, _ = fetch_one(
            self.con,
            "SELECT * FROM brightline.report_divergence(%s, %s, %s, %s)",
            (self.machine, self.log.log_id, local_count, local_hash),
        )
        self.con.commit()
        return _refusal(str(reason), str(detail), bad_seq) if status == "refused" else None

    def batch_end(self, first: int, local_count: int, batch: int) -> int:
        last = min(first + batch - 1, local_count)
        # A record whose text was erased goes with the redaction record that explains it.
        while True:
            named = self.log.last_redaction_naming(first, last)
            if named <= last:
                return last
            last = named

    def send(self, first: int, last: int) -> Answer:
        rows = self.log.rows_between(first, last)
        size, cut = 0, len(rows)
        for index, (_, _, body, texts) in enumerate(rows):
            size += len(body) + sum(len(t) for t in texts if t)
            if (
                size > BATCH_BYTES
                and index > 0
                and self.log.last_redaction_naming(first, first + index - 1) < first + index
            ):
                cut = index
                break
        rows = rows[:cut]
        head = ChainHead(rows[-1][0], rows[-1][1])
        checkpoint = take_checkpoint(self.key, self.log.log_id, head, self.clock())
        # One record at a time, not the whole batch in one call: a long C call holds the
        # interpreter's lock, and the window records contacts on another thread of this process.
        batch = (
            "["
            + ",".join(
                json.dumps(
                    {
                        "s": seq,
                        "h": digest,
                        "b": body,
                        **{k: t.hex() if t else None for k, t in zip("nog", texts, strict=True)},
                    },
                    ensure_ascii=False,
                )
                for seq, digest, body, texts in rows
            )
            + "]"
        )
        row = fetch_one(
            self.con,
            "SELECT * FROM brightline.ingest_contacts(%s, %s, %s, %s, %s::json, %s, %s)",
            (
                self.machine,
                self.unit,
                self.log.log_id,
                self.log.format_2_from,
                batch,
                checkpoint.line(),
                self.log.checkpoint_lines_between(first, head.count),
            ),
        )
        self.con.commit()
        return Answer(str(row[0]), int(row[1] or 0), row[3], str(row[4]), str(row[5]), int(row[6] or 0))


def sync_contacts(
    con: Any,
    config: MachineConfig,
    log: ContactLog,
    key: WorkstationKey,
    *,
    batch: int = BATCH,
    clock: Callable[[], datetime] = _utc_now,
    on_batch: Callable[[int], None] | None = None,
) -> SyncResult:
    """Send what the server lacks of `log`; `on_batch(server_count)` after each accepted batch."""
    sender = _ContactSender(con, config, log, key, clock)
    local = log.head()
    held, held_hash = sender.state()
    if local.count < held or (held and log.hash_at(held) != held_hash):
        refused = sender.report_divergence(local.count, held)
        return SyncResult(0, held, local.count, refused=refused)
    sent = 0
    while held < local.count:
        first = held + 1
        last = sender.batch_end(first, local.count, batch)
        answer = sender.send(first, last)
        if answer.status == "refused" and answer.bad_seq is not None and first < answer.bad_seq <= last:
            good = sender.send(first, answer.bad_seq - 1)  # the records before the first bad one
            if good.status == "accepted":
                sent += good.stored
                held = max(held, good.server_count)
                if on_batch:
                    on_batch(held)
        if answer.status == "refused":
            return SyncResult(sent, held, local.count, refused=_refusal(answer.reason, answer.detail, answer.bad_seq))
        sent += answer.stored
        held = max(held, answer.server_count)
        if on_batch:
            on_batch(held)
    return SyncResult(sent, held, local.count)


def sync(
    config: MachineConfig,
    data_dir: Path,
    key: WorkstationKey,
    *,
    batch: int = BATCH,
    clock: Callable[[], datetime] = _utc_now,
    on_batch: Callable[[int], None] | None = None,
) -> SyncResult:
    """One whole sync of this machine (see the module docstring); `on_batch(server_count)` after
    each batch of contact records the server accepted. Raises DepartmentError when the server
    cannot be used (its state is saved for `department status` and the window); a refusal is
    returned in the result, and also saved."""
    state = load_state(data_dir)
    try:
        result = _sync(config, data_dir, key, state, batch, clock, on_batch)
    except DepartmentError as exc:
        save_state(data_dir, load_state(data_dir).failed(exc.code, str(exc), clock(), getattr(exc, "reason", "")))
        raise
    state = load_state(data_dir)
    if result.refused is not None:
        state = state.failed("refused", str(result.refused), clock(), result.refused.reason)
    else:
        state = state.succeeded(clock())
    save_state(data_dir, replace(state, server_count=result.server_count))
    return result


def _sync(
    config: MachineConfig,
    data_dir: Path,
    key: WorkstationKey,
    state: SyncState,
    batch: int,
    clock: Any,
    on_batch: Callable[[int], None] | None,
) -> SyncResult:
    machine, unit = _machine(config)
    log_path = data_dir / LOG_FILE_NAME
    with connect(config) as con:
        assert config.server is not None
        where = f"{config.server.host}:{config.server.port}/{config.server.database}"
        try:
            check_compatible(con, where)
            con.commit()
            enrol_key(con, config, key, create=False)
            result = SyncResult()
            if log_path.exists():
                with ContactLog.open(log_path, create=False, key=key) as log:
                    if state.log_id != log.log_id:
                        state = SyncState(log_id=log.log_id)

                    def saved(count: int) -> None:
                        sent_at = clock().isoformat(timespec="seconds")
                        save_state(data_dir, replace(load_state(data_dir), log_id=log.log_id, server_count=count,
                                                     last_sent_at=sent_at))  # fmt: skip
                        if on_batch is not None:
                            on_batch(count)

                    save_state(data_dir, state)
                    result = sync_contacts(con, config, log, key, batch=batch, clock=clock, on_batch=saved)
                    log_id = log.log_id
            else:
                log_id = ""
            training = push_plain(con, "training_result", TrainingLog(data_dir / TRAINING_FILE_NAME), machine, unit)
            acknowledgments = push_plain(
                con, "acknowledgment", AcknowledgmentOutbox(data_dir / ACKNOWLEDGMENTS_FILE_NAME), machine, unit
            )
            if log_id:
                con.execute(
                    "SELECT brightline.check_in(%s, %s, %s, %s, %s, %s)",
                    (machine, log_id, result.local_count, training.waiting, acknowledgments.waiting, clock()),
                )
                con.commit()
        except DepartmentError:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise server_words(exc, where) from None
            raise
    return replace(result, training=training, acknowledgments=acknowledgments)
