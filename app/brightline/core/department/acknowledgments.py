"""Officers' acknowledgments of signed pack releases (`brightline.core.acknowledgments`) as the
department's sync sends them, and as the supervisor's report reads them back from the server.

The machine's file is the one the officers' acknowledgments are kept in; the sync sends its rows
in order, like training records (`plain_sync`), to the server's `acknowledgment` table, where a
row is (person_name, badge, os_account, pack_id, release_sequence, version, acknowledged_at): an
officer known only by the operating-system account has an empty badge and that account.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brightline.core.acknowledgments import ACCOUNT_PREFIX, FILE_NAME, Acknowledgment, AcknowledgmentStore
from brightline.core.department.views import DepartmentLog

ACKNOWLEDGMENTS_FILE_NAME = FILE_NAME


def server_row(ack: Acknowledgment) -> dict[str, Any]:
    """An acknowledgment as the server's `acknowledgment` table keeps it."""
    account = (
        ack.badge_or_account.removeprefix(ACCOUNT_PREFIX) if ack.badge_or_account.startswith(ACCOUNT_PREFIX) else ""
    )
    return {
        "person_name": ack.who,
        "badge": "" if account else ack.badge_or_account,
        "os_account": account,
        "pack_id": ack.pack_id,
        "release_sequence": ack.sequence,
        "version": ack.version,
        "acknowledged_at": ack.acknowledged_at,
    }


class AcknowledgmentOutbox:
    """The machine's acknowledgments file as rows to send (`plain_sync.Outbox`)."""

    def __init__(self, path: Path) -> None:
        self.store = AcknowledgmentStore(path)

    def log_id(self) -> str:
        return self.store.log_id()

    def count(self) -> int:
        return self.store.count()

    def rows_after(self, position: int, limit: int) -> list[dict[str, Any]]:
        return [server_row(ack) for ack in self.store.after_position(position, limit)]


def department_acknowledgments(log: DepartmentLog) -> list[Acknowledgment]:
    """Every acknowledgment the server holds, from every machine, oldest first."""
    rows = log.fetch(
        "SELECT a.person_name, a.badge, a.os_account, m.name, a.pack_id, a.release_sequence, a.version,"
        " a.acknowledged_at FROM brightline.acknowledgment a JOIN brightline.machine m ON m.id = a.machine_id"
        " ORDER BY a.acknowledged_at, a.log_id, a.seq"
    )
    return [
        Acknowledgment(
            who=str(r[0]),
            badge_or_account=str(r[1]) if r[1] else ACCOUNT_PREFIX + str(r[2]),
            machine=str(r[3]),
            pack_id=str(r[4]),
            sequence=int(r[5]),
            version=str(r[6]),
            acknowledged_at=str(r[7]),
        )
        for r in rows
    ]
