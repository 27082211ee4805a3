"""Checking the department's log: `verify_department(log)`, for `log verify --department`, the
audit report and the window.

For every machine's chain, what `ContactLog.verify` checks of one machine's log, by the same code
(`contact_log.verify.check_segment` and `combine`) over the rows the server holds: ids 1..N without
gaps, each body naming the previous hash, each body's SHA-256 its hash (computed here, not by the
server), the columns the views filter by equal to the body's (rebuilt by the server as canonical
JSON, compared here byte for byte), each kept text matching its commitment, each erased text
named by a redaction record after it. Then the checkpoints: each one the machine signed over a
batch must be signed by a key enrolled for that machine, each of the log's own by the key it
names, every signature must check (PyNaCl), and the chain must still hold each head they name.
So a record changed on the server, even with every hash after it recomputed, is found against
the machines' signatures, which nobody on the server can make. Then every machine's counts the
audit report sums (`server.counts`, made from those same columns) are recounted from its
records: any that differs is named, and `log` counts the report's figures from the records from
then on. So the report's figures are what the bodies say. Then the refusals still
open (a machine whose own log was cut short, rewritten or replaced, and that has sent nothing
since) are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from brightline.core.contact_log.checkpoints import Checkpoint
from brightline.core.contact_log.records import GENESIS_HASH
from brightline.core.contact_log.verify import (
    CHECKPOINT_FORGED,
    COUNTS_CHANGED,
    ChainHead,
    ExpectedHead,
    VerifyResult,
    check_segment,
    combine,
    describe,
)
from brightline.core.department.server.counts import COUNTED_FOR_MACHINE
from brightline.core.department.views import DepartmentLog

_INDEX = (
    ("contact_time", "contact_local"), ("corrects", "corrects"), ("document", "document"), ("draft_id", "draft_id"),
    ("kind", "kind"), ("pack_id", "pack_id"), ("pack_version", "pack_version"), ("request_type", "request_type"),
    ("staff_name", "staff_name"), ("verdict", "verdict"),
)  # fmt: skip


def _json(key: str, column: str) -> str:
    value = "coalesce(corrects::text, 'null')" if column == "corrects" else f"to_json({column}::text)::text"
    return f"'\"{key}\":' || {value}"


# The part of a format-2 body's `_chain` from its id to its previous hash, rebuilt from the columns
# as canonical JSON writes it (to_json escapes text exactly as Python's json module does with
# ensure_ascii off); for a format-1 record, whether the columns equal the body's values.
_CHECK_2 = (
    "CASE WHEN c.seq >= %(f2)s THEN convert_to('\"id\":' || c.seq || ',\"index\":{' || "
    + " || ',' || ".join(_json(k, c) for k, c in _INDEX)
    + " || '},\"log\":' || to_json(c.log_id)::text || ',\"prev_hash\":\"', 'UTF8') END"
)
_CHECK_1 = (
    "CASE WHEN c.seq < %(f2)s THEN CASE WHEN (SELECT ("
    + ", ".join(
        f"(j->>'{k}')::bigint" if c == "corrects" else f"coalesce(j->>'{k}', '') COLLATE \"C\"" for k, c in _INDEX
    )
    + ") FROM (SELECT c.body::jsonb AS j) b) IS NOT DISTINCT FROM ("
    + ", ".join(f'c.{c}::text COLLATE "C"' if c != "corrects" else "c.corrects" for _, c in _INDEX)
    + ") THEN 1 ELSE 0 END END"
)
_ROWS = (
    "SELECT c.seq, c.hash, convert_to(c.body, 'UTF8'), c.salted_notes, c.salted_official_name, "
    f"c.salted_official_badge, {_CHECK_2}, {_CHECK_1}, c.kind FROM brightline.contact c WHERE c.log_id = %(log)s "
    "ORDER BY c.seq"
)


@dataclass(frozen=True)
class MachineCheck:
    """One machine's chain: what `ContactLog.verify` would say of it, and how many signed
    checkpoints were checked."""

    machine: str
    unit: str
    log_id: str
    result: VerifyResult
    checkpoints: int


@dataclass(frozen=True)
class CountDifference:
    """A count the audit report sums that its machine's records do not give (None: no such row)."""

    month: str
    day: str
    grouping: str
    value: str
    kept: int | None
    counted: int | None


@dataclass(frozen=True)
class CountsCheck:
    """A machine's kept counts recounted from its records: the differences, first few first."""

    machine: str
    differences: tuple[CountDifference, ...]

    def line(self) -> str:
        first = self.differences[0]
        when = first.day or first.month
        value = f'"{first.value}"' if first.value else "(none)"
        more = len(self.differences) - 1
        others = f"; and {more} other count{'s' if more != 1 else ''}" if more else ""
        return (
            f"{self.machine}: FAILED: the counts the audit report sums differ from this machine's records "
            f"({when}, {first.grouping.replace('_', ' ')} {value}: {first.kept or 0} kept on the server, "
            f"{first.counted or 0} in the records{others}): they were changed on the server; "
            "the report counts from the records instead"
        )


@dataclass(frozen=True)
class OpenRefusal:
    """A machine refused since it last sent anything: why, when, and the counts it gave."""

    machine: str
    reason: str
    detail: str
    at: datetime
    local_count: int | None
    server_count: int | None


# The refusals that say the machine's log is not the one the server holds; the others are about
# who sent (an account or a key) or about one batch or record.
HISTORY_REASONS = frozenset({"truncated", "diverged", "replaced", "other_machine"})


@dataclass(frozen=True)
class DepartmentCheck:
    """Every machine's check and the open refusals."""

    machines: tuple[MachineCheck, ...]
    refusals: tuple[OpenRefusal, ...]
    head: ChainHead
    impersonations: tuple[OpenRefusal, ...] = ()
    counts: tuple[CountsCheck, ...] = ()

    @property
    def ok(self) -> bool:
        return all(m.result.ok for m in self.machines) and not self.counts

    def failed_machines(self) -> list[str]:
        """The machines whose chain or kept counts fail, or that are refused, by name."""
        failed = {m.machine for m in self.machines if not m.result.ok} | {c.machine for c in self.counts}
        return sorted(failed | {r.machine for r in self.refusals})

    def overall(self) -> VerifyResult:
        """The department's check as one result: the first machine whose chain fails names the
        problem; else kept counts that differ from the records fail it (`counts` has each, and
        the log they were found on then counts from the records)."""
        count = sum(m.result.count for m in self.machines)
        for m in self.machines:
            if not m.result.ok:
                return VerifyResult(False, count, self.head, m.result.first_bad_id, m.result.problem, m.result.params)
        if self.counts:
            machines = ", ".join(sorted({c.machine for c in self.counts}))
            return VerifyResult(False, count, self.head, None, COUNTS_CHANGED, {"machines": machines})
        return VerifyResult(True, count, self.head)

    def lines(self) -> list[str]:
        """The check in words, a line a machine, then the open refusals."""
        out = []
        for m in self.machines:
            signed = f"; {m.checkpoints} signed checkpoints checked" if m.result.ok else ""
            out.append(f"{m.machine}: {describe(m.result)}{signed}")
        out += [c.line() for c in self.counts]
        for r in self.refusals:
            diverges = (
                "; its history on the machine diverges from what the server holds"
                if r.reason in HISTORY_REASONS
                else ""
            )
            out.append(f"{r.machine}: REFUSED since {r.at:%Y-%m-%d %H:%M} UTC ({r.reason}): {r.detail}{diverges}")
        for r in self.impersonations:
            out.append(
                f"{r.machine}: another database account tried to act as this machine at {r.at:%Y-%m-%d %H:%M} UTC "
                f"and was refused ({r.detail}); the machine itself is not affected: IT looks at that account"
            )
        return out


def _checkpoints(log: DepartmentLog, log_id: str, machine: str) -> list[ExpectedHead] | VerifyResult:
    rows = log.fetch(
        "SELECT c.count, c.head, c.at, c.key_id, c.public_key, c.signature, c.origin, "
        "k.machine_id IS NOT NULL AND m.name = %s FROM brightline.checkpoint c "
        "LEFT JOIN brightline.machine_key k ON k.key_id = c.key_id LEFT JOIN brightline.machine m ON m.id = k.machine_id "
        "WHERE c.log_id = %s ORDER BY c.count",
        (machine, log_id),
    )
    heads = []
    for count, head, at, key_id, public_key, signature, origin, enrolled in rows:
        checkpoint = Checkpoint(log_id, int(count), str(head), str(at), bytes(public_key), bytes(signature))
        why = ""
        if origin == "sync" and not enrolled:
            why = f"key {key_id} is not enrolled for machine {machine}"
        elif checkpoint.key_id != key_id or not checkpoint.signature_ok():
            why = f"its signature by key {key_id} does not check"
        if why:
            return VerifyResult(False, 0, ChainHead(0, GENESIS_HASH), int(count), CHECKPOINT_FORGED, {"why": why})
        what = "a batch it sent" if origin == "sync" else "its log"
        origin_words = f"the checkpoint {machine} signed over {what} ({checkpoint.when():%Y-%m-%d %H:%M} UTC)"
        heads.append(ExpectedHead(checkpoint.chain_head, log_id, origin_words))
    return heads


def verify_machine(log: DepartmentLog, machine: str, unit: str, log_id: str, count: int) -> MachineCheck:
    """One machine's chain and checkpoints."""
    f2 = int(log.fetch("SELECT format_2_from FROM brightline.machine_log WHERE log_id = %s", (log_id,))[0][0])
    expected = _checkpoints(log, log_id, machine)
    if isinstance(expected, VerifyResult):
        return MachineCheck(machine, unit, log_id, expected, 0)
    watch = frozenset(e.head.count for e in expected)
    stream = log.stream(_ROWS, {"f2": f2, "log": log_id}, itersize=5000)
    try:
        segment = check_segment((_as_check_row(row) for row in stream), 1, GENESIS_HASH, count, watch, log_id, f2)
    finally:
        stream.close()  # a chain that fails stops the walk: close its cursor now
    return MachineCheck(machine, unit, log_id, combine([segment], expected, log_id), len(expected))


def _as_check_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as `check_segment` takes it (SQLite's shape: one check column, bytes or 0/1)."""
    seq, digest, body, notes, name, badge, check_2, check_1, kind = row
    texts = (bytes(t) if t is not None else None for t in (notes, name, badge))
    return (seq, digest, bytes(body), *texts, bytes(check_2) if check_2 is not None else check_1, kind)


# A refusal made for another database account than the machine's own: an account acting as a
# machine it was not enrolled with. It says nothing about that machine's log, which is not refused.
_BY_OWN_ACCOUNT = "(owner.id IS NULL OR r.account = owner.account)"


def open_refusals(log: DepartmentLog) -> list[OpenRefusal]:
    """Each machine's latest refusal, made for its own account, when the machine has sent
    nothing since."""
    return _refusals(log, _BY_OWN_ACCOUNT)


def impersonations(log: DepartmentLog) -> list[OpenRefusal]:
    """Per machine, the latest refusal of another account acting as it, since it last sent."""
    return _refusals(log, f"NOT {_BY_OWN_ACCOUNT}")


def _refusals(log: DepartmentLog, whose: str) -> list[OpenRefusal]:
    rows = log.fetch(
        "SELECT DISTINCT ON (r.machine) r.machine, r.reason, r.detail, r.at, r.local_count, r.server_count "
        "FROM brightline.refusal r LEFT JOIN brightline.machine owner ON owner.name = r.machine "
        f"WHERE {whose} AND NOT EXISTS (SELECT 1 FROM brightline.sync s JOIN brightline.machine m "
        "ON m.id = s.machine_id WHERE m.name = r.machine AND s.at > r.at) ORDER BY r.machine, r.id DESC"
    )
    return [OpenRefusal(str(m), str(reason), str(detail), at, lc, sc) for m, reason, detail, at, lc, sc in rows]


_COUNTS_DIFFER = f"""
SELECT coalesce(k.month, r.month), coalesce(k.day, r.day), coalesce(k.grouping, r.grouping),
       coalesce(k.value, r.value), k.contacts, r.contacts
FROM (SELECT * FROM brightline.contact_count WHERE machine_id = %(machine)s) k
FULL JOIN ({COUNTED_FOR_MACHINE}) r
    ON r.month = k.month AND r.day = k.day AND r.grouping = k.grouping AND r.value = k.value
WHERE k.contacts IS DISTINCT FROM r.contacts
ORDER BY 1, 2, 3, 4
"""


def check_counts(log: DepartmentLog) -> list[CountsCheck]:
    """Every enrolled machine's kept counts against a count of its records: those that differ."""
    found = []
    for machine_id, name in log.fetch("SELECT id, name FROM brightline.machine ORDER BY name"):
        rows = log.fetch(_COUNTS_DIFFER, {"machine": machine_id})
        if rows:
            found.append(CountsCheck(str(name), tuple(CountDifference(*row) for row in rows)))
    return found


def verify_department(log: DepartmentLog) -> DepartmentCheck:
    """Check every machine's chain, checkpoints and kept counts, and list the open refusals (see
    above). When kept counts differ, `log` counts the report's figures from the records."""
    with log.snapshot():
        heads = log.machine_heads()
        head = log.head()
        machines = tuple(verify_machine(log, h.machine, h.unit, h.log_id, h.head.count) for h in heads)
        counts = tuple(check_counts(log))
        refusals = tuple(open_refusals(log))
        others = tuple(impersonations(log))
    if counts:
        log.distrust_kept_counts()
    return DepartmentCheck(machines, refusals, head, others, counts)
