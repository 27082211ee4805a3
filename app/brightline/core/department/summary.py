"""What the department's audit report says of the machines: `department_summary(log, ...)`.

For each enrolled machine: its unit, how many records the server holds of it, when it last sent
records (the server's clock), when it last checked in and how many records it said were still
waiting then (contacts, training records, acknowledgments); then the refusals in the period and
those still open, and every machine's chain check (`verify`). A machine that has not checked in
for long may hold records the server cannot know of: the report says when each was last heard of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from brightline.core.contact_log.exports import DepartmentExport
from brightline.core.contact_log.filters import day_after
from brightline.core.department.verify import DepartmentCheck, OpenRefusal, open_refusals
from brightline.core.department.views import DepartmentLog


@dataclass(frozen=True)
class MachineLine:
    """One machine in the report (times are the server's, UTC)."""

    machine: str
    unit: str
    records: int
    last_sent: datetime | None
    last_heard: datetime | None
    waiting: int | None
    training_waiting: int | None
    acknowledgments_waiting: int | None

    @property
    def has_unsent(self) -> bool:
        return bool(self.waiting or self.training_waiting or self.acknowledgments_waiting)


@dataclass(frozen=True)
class RefusalLine:
    machine: str
    at: datetime
    reason: str
    detail: str


@dataclass(frozen=True)
class DepartmentSummary:
    """The machines part of the department's audit report."""

    name: str
    machines: tuple[MachineLine, ...]
    refusals: tuple[RefusalLine, ...]
    open_refusals: tuple[OpenRefusal, ...]
    checks: tuple[str, ...] = ()

    @property
    def machines_with_unsent(self) -> int:
        return sum(1 for m in self.machines if m.has_unsent)


_MACHINES = """
SELECT m.name, m.unit, coalesce(h.seq, 0), s.last_sent, ci.at, ci.local_count - ci.server_count,
       ci.training_waiting, ci.acknowledgments_waiting
FROM brightline.machine m
LEFT JOIN brightline.machine_log l ON l.machine_id = m.id
LEFT JOIN LATERAL (SELECT c.seq FROM brightline.contact c WHERE c.log_id = l.log_id ORDER BY c.seq DESC LIMIT 1) h
    ON true
LEFT JOIN LATERAL (SELECT max(x.at) AS last_sent FROM brightline.sync x WHERE x.machine_id = m.id) s ON true
LEFT JOIN LATERAL (SELECT y.* FROM brightline.check_in y WHERE y.machine_id = m.id ORDER BY y.at DESC LIMIT 1) ci
    ON true
ORDER BY m.name
"""


def department_summary(
    log: DepartmentLog,
    name: str,
    date_from: date | None = None,
    date_to: date | None = None,
    check: DepartmentCheck | None = None,
) -> DepartmentSummary:
    """The machines, refusals and checks for the report of the period (dates inclusive, UTC)."""
    machines = tuple(
        MachineLine(str(n), str(u), int(records), sent, heard, waiting, training, acks)
        for n, u, records, sent, heard, waiting, training, acks in log.fetch(_MACHINES)
    )
    clauses, params = [], []
    if date_from:
        clauses.append("at >= %s")
        params.append(datetime.combine(date_from, datetime.min.time()).isoformat() + "+00:00")
    end = day_after(date_to)
    if end:
        clauses.append("at < %s")
        params.append(datetime.combine(end, datetime.min.time()).isoformat() + "+00:00")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    refusals = tuple(
        RefusalLine(str(m), at, str(reason), str(detail))
        for m, at, reason, detail in log.fetch(
            f"SELECT machine, at, reason, detail FROM brightline.refusal{where} ORDER BY at", params
        )
    )
    still_open = tuple(check.refusals if check is not None else open_refusals(log))
    checks = tuple(check.lines()) if check is not None else ()
    return DepartmentSummary(name, machines, refusals, still_open, checks)


def export_header(log: DepartmentLog, name: str) -> DepartmentExport:
    """What an export of the department's log says of it: its name and every machine's head."""
    return DepartmentExport(name, tuple((h.machine, h.log_id, h.head) for h in log.machine_heads()))
