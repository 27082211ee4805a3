"""Erasing a free text from a logged record without breaking the chain.

A note can hold what it must not (someone's immigration status, a victim's address). Its body
holds only a salted commitment to each free text (`records`), and the text itself is kept beside
the body, so `redact` can erase it: in one transaction it appends a *redaction record* (kind
"redaction", `corrects` = the record, `redacts` = the field; who in staff_name and staff_badge,
why in its notes, the contact's facts copied so that it sorts and filters with the contact) and
then erases the text and its salt. Every hash still holds; `verify` checks that every erased text
is named by a redaction record after it.

Erasing is meant to leave nothing behind in the file: SQLite's secure_delete overwrites the freed
bytes, the words are taken out of the search index and the index rewritten without them, and the
write-ahead file is emptied (unless another program is reading the log at that moment: then the
copy there lasts until the log is next closed by everyone). Backups, exports and pending files
made before are not touched. Records written before record format 2 keep their text inside the
hashed body and cannot be redacted: `redact` refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from brightline.core.contact_log.errors import LogReadOnlyError, LogValidationError
from brightline.core.contact_log.records import FREE_TEXT_FIELDS, MAX_NOTES, MAX_TEXT, ContactRecord, Problem
from brightline.core.contact_log.store import ContactLog


@dataclass(frozen=True)
class Redaction:
    """What `redact` did: the redaction record, and whether the write-ahead file could be emptied."""

    record: ContactRecord
    wal_emptied: bool


def redact(log: ContactLog, record_id: int, field: str, by_name: str, by_badge: str, reason: str) -> Redaction:
    """Erase `field` (one of FREE_TEXT_FIELDS) of record `record_id`, recording who and why.

    Raises LogValidationError with problem codes: `unknown_record`, `invalid` (field),
    `missing` (by_name, by_badge, reason), `too_long`, `nothing_to_redact` (empty or already
    erased), `old_format` (a record written before redaction was possible). Another LogError
    when the log cannot be written; nothing is changed then.
    """
    problems = []
    if field not in FREE_TEXT_FIELDS:
        problems.append(Problem("field", "invalid", {"value": field, "allowed": "|".join(FREE_TEXT_FIELDS)}))
    for name, value in (("staff_name", by_name), ("staff_badge", by_badge), ("notes", reason)):
        if not value.strip():
            problems.append(Problem(name, "missing"))
    if len(by_name) > MAX_TEXT or len(by_badge) > MAX_TEXT:
        problems.append(Problem("staff_name", "too_long", {"max": MAX_TEXT}))
    if len(reason) > MAX_NOTES:
        problems.append(Problem("notes", "too_long", {"max": MAX_NOTES}))
    if problems:
        raise LogValidationError(log.path, problems)

    def work() -> ContactRecord:
        detail = log.get(record_id)
        if detail is None:
            raise LogValidationError(log.path, [Problem("corrects", "unknown_record", {"value": record_id})])
        target = detail.record
        if not target.log_id:
            raise LogValidationError(log.path, [Problem(field, "old_format", {"value": record_id})])
        if not getattr(target.draft, field):
            raise LogValidationError(log.path, [Problem(field, "nothing_to_redact", {"value": record_id})])
        # The contact's facts (time, request, response, pack) so it sorts and filters with the
        # contact; none of its free text, walk or citations.
        base = replace(
            target.draft, kind="redaction", corrects=record_id, draft_id="", headline="",
            notes=reason.strip(), official_name="", official_badge="", path=(), citations=(),
            staff_name=" ".join(by_name.split()), staff_badge=" ".join(by_badge.split()),
        )  # fmt: skip
        redaction = log.append(base, redacts=field)
        log.erase_text(target, field)
        return redaction

    if log.read_only:
        raise LogReadOnlyError(log.path, "the log is open read-only; nothing can be redacted")
    with log.erasing() as outcome:
        record = log.write(work)
    return Redaction(record, wal_emptied=outcome["wal_emptied"])
