"""Exports of the contact log (CSV, JSON) and the audit report's figures, as plain data.

Every export states the chain head (`COUNT:HASH`) of the log it was taken from and, when a
signing key is at hand, a signed checkpoint (`checkpoints`) in words and as one line, so a reader
can later prove the log still holds those records (`brightline log verify --checkpoint FILE`,
which finds the line in the export itself).
With `redact_staff`, staff names and badges become "[redacted]" and the per-record hashes are
left out: with the rest of a record in hand, a hash would let anyone confirm a guessed name.
Free text is not redacted here: notes may name staff, and must be read before a record is
released (`redaction.redact` erases a text from the log itself).
Records are exported in the order they were logged (id), the order of the chain.
The CSV is for people with a spreadsheet: its headings are in row 1, every value is in words
(`wording`: "In person", the situation's title, "DECLINE", citations by section, local dates and
times), and what the export says about itself follows the records, after an empty row.
Files are written to a temporary name and renamed, so a failed export leaves no half file.
The PDF forms are drawn by `brightline.reports.pdf` from the same data.

JSON (format version 2): `{"format", "format_version", "chain_head", "checkpoint", "exported_at",
"date_from", "date_to", "staff_redacted", "records": [...], "count"}`. Each record is its stored
body verbatim plus `"hash"` and, for record format 2, `"texts"`: `{FIELD: {"salt": HEX, "text":
TEXT}}` for each free text kept (an erased or empty one is absent). To check a record: its
SHA-256 of the canonical JSON of the record without "hash" and "texts" is "hash", and each text's
SHA-256 of bytes.fromhex(salt) + text in UTF-8 is the body's commit[FIELD].
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from brightline.core.contact_log.checkpoints import Checkpoint, take_checkpoint
from brightline.core.contact_log.files import atomic_text
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.records import (
    FREE_TEXT_FIELDS,
    SALT_BYTES,
    ContactRecord,
    record_from_row,
    redact_staff,
)
from brightline.core.contact_log.store import ContactLog
from brightline.core.contact_log.verify import ChainHead, ExpectedHead, VerifyResult
from brightline.core.contact_log.wording import (
    ERASED,
    TEXT_FIELD_WORDS,
    RecordWording,
    checkpoint_words,
    contact_zone_time,
    document_label,
    kind_label,
    local_time,
    method_label,
    month_words,
    records,
    verdict_word,
    wall_time,
)
from brightline.core.signing import WorkstationKey
from brightline.core.spreadsheet import formula_safe_row

EXPORT_FORMAT = "brightline-contact-log-export"
EXPORT_VERSION = 2
# The CSV's headings, in order; the two hash columns are left out of a redacted export.
CSV_COLUMNS = (
    "Record", "Kind", "Corrects record", "Date and time of contact", "Staff member",
    "Staff badge or ID", "Agency", "Official's name", "Official's badge or ID",
    "How the contact came", "Document presented", "What was requested", "Response",
    "Guidance given", "Notes", "Path of answers", "Citations shown", "Guidance pack",
    "Logged at", "Erased by a redaction", "Pack content hash",
    "Previous record's hash", "Record hash",
)  # fmt: skip
HASH_COLUMNS = ("Previous record's hash", "Record hash")

_Row = tuple[int, str, str, tuple[bytes | None, ...]]


@dataclass(frozen=True)
class ExportInfo:
    """What an export says about itself: at the top of the JSON and the PDF, after the CSV's records."""

    head: ChainHead
    exported_at: str
    date_from: date | None
    date_to: date | None
    staff_redacted: bool
    count: int = 0
    checkpoint: Checkpoint | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def period_filter(date_from: date | None, date_to: date | None) -> LogFilter:
    """The filter for an export or report period (dates inclusive, contact's local date)."""
    return LogFilter(date_from=date_from, date_to=date_to)


def export_info(
    log: ContactLog,
    date_from: date | None,
    date_to: date | None,
    redact: bool,
    key: WorkstationKey | None = None,
    now: Callable[[], str] = _now,
) -> ExportInfo:
    """The header of an export taken now (call inside `log.snapshot()`), with a checkpoint
    signed by `key` when one is given."""
    head = log.head()
    exported_at = now()
    checkpoint = take_checkpoint(key, log.log_id, head, datetime.fromisoformat(exported_at)) if key else None
    return ExportInfo(head, exported_at, date_from, date_to, redact, checkpoint=checkpoint)


def prepared_records(log: ContactLog, flt: LogFilter, redact: bool) -> Iterator[ContactRecord]:
    """The records to export in the order logged, redacted if asked (hashes dropped then)."""
    for record in log.iter_records(flt):
        if redact:
            yield replace(record, draft=redact_staff(record.draft), prev_hash="", hash="")
        else:
            yield record


def csv_row(record: ContactRecord, wording: RecordWording) -> dict[str, Any]:
    """A record as one row of CSV_COLUMNS, in words."""
    d = record.draft

    def kept(field: str) -> str:
        return ERASED if field in record.erased else str(getattr(d, field))

    notes = kept("notes")
    if record.redacts:
        notes = f"Erased record #{d.corrects}'s {TEXT_FIELD_WORDS.get(record.redacts, record.redacts)}. Reason: {notes}"
    return {
        "Record": record.id,
        "Kind": kind_label(d.kind),
        "Corrects record": d.corrects if d.corrects is not None else "",
        "Date and time of contact": wall_time(d.contact_time),
        "Staff member": d.staff_name,
        "Staff badge or ID": d.staff_badge,
        "Agency": d.agency,
        "Official's name": kept("official_name"),
        "Official's badge or ID": kept("official_badge"),
        "How the contact came": method_label(d.method),
        "Document presented": document_label(d.document),
        "What was requested": wording.request(d),
        "Response": verdict_word(d.verdict) if d.verdict else "",
        "Guidance given": d.headline,
        "Notes": notes,
        "Path of answers": "; ".join(wording.path(d)),
        "Citations shown": "; ".join(wording.citation(d.pack_id, ref) for ref in d.citations),
        "Guidance pack": wording.guidance(d),
        "Logged at": contact_zone_time(d, record.recorded_at),
        "Erased by a redaction": "; ".join(TEXT_FIELD_WORDS.get(f, f) for f in record.erased),
        "Pack content hash": d.pack_hash,
        "Previous record's hash": record.prev_hash,
        "Record hash": record.hash,
    }


def write_export(
    log: ContactLog,
    path: Path,
    fmt: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    redact: bool = False,
    key: WorkstationKey | None = None,
    now: Callable[[], str] = _now,
    wording: RecordWording | None = None,
) -> ExportInfo:
    """Write the records in the period to `path` as `fmt` ("csv" or "json"); return the header.

    Reads one consistent snapshot, so the head matches the records even while others write.
    `wording` (with the packs) words the CSV's citations and packs; without it they keep their
    references.
    """
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown export format {fmt!r} (PDF is drawn by brightline.reports.pdf)")
    flt = period_filter(date_from, date_to)
    with log.snapshot():
        info = export_info(log, date_from, date_to, redact, key, now)
        with atomic_text(path) as handle:
            rows = log.iter_bodies(flt)
            if fmt == "csv":
                count = _write_csv(handle, info, rows, wording or RecordWording())
            else:
                count = _write_json(handle, info, rows)
    return replace(info, count=count)


def header_lines(info: ExportInfo) -> list[str]:
    """What an export says about itself, one fact a line, in words (the first line is its title)."""
    period = f"{info.date_from or 'the first record'} to {info.date_to or 'the last record'}"
    lines = [
        "Brightline contact log export",
        f"Contacts from {period} (by the contact's local date); exported {local_time(info.exported_at)} "
        "(this computer's local time). A record's times are its contact's local time.",
        f"The log held {records(info.head.count)}; the last record's hash is {info.head.hash}.",
    ]
    if info.checkpoint is not None:
        lines += [checkpoint_words(info.checkpoint), f"Checkpoint line, to file: {info.checkpoint.line()}"]
    if info.staff_redacted:
        lines.append("Staff names and badges are redacted, and the records' hashes left out.")
    return lines


def _write_csv(handle: IO[str], info: ExportInfo, rows: Iterator[_Row], wording: RecordWording) -> int:
    writer = csv.writer(handle)
    # Redaction drops the chain's own hashes (they would confirm a guessed name), not the pack's.
    columns = [c for c in CSV_COLUMNS if not (info.staff_redacted and c in HASH_COLUMNS)]
    writer.writerow(columns)
    count = 0
    for _, digest, body, texts in rows:
        record = record_from_row(body, digest, texts)
        if info.staff_redacted:
            record = replace(record, draft=redact_staff(record.draft))
        data = csv_row(record, wording)
        # Notes and an official's name come from outside the department: never a formula.
        writer.writerow(formula_safe_row(data[column] for column in columns))
        count += 1
    # After the records, so that a spreadsheet finds the headings in row 1; `log verify
    # --checkpoint` finds the checkpoint line wherever it is in the file.
    writer.writerow([])
    for line in header_lines(replace(info, count=count)):
        writer.writerow(formula_safe_row([line]))
    return count


def _texts(texts: tuple[bytes | None, ...]) -> str:
    """The `"texts"` member of a format-2 record in the JSON export ("" when none is kept)."""
    kept = {
        name: {"salt": text[:SALT_BYTES].hex(), "text": text[SALT_BYTES:].decode("utf-8")}
        for name, text in zip(FREE_TEXT_FIELDS, texts, strict=True)
        if text is not None
    }
    return f',"texts":{json.dumps(kept, ensure_ascii=False, sort_keys=True)}' if kept else ""


def _write_json(handle: IO[str], info: ExportInfo, rows: Iterator[_Row]) -> int:
    # Streamed record by record: a million records must not be held in memory at once.
    head = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "chain_head": str(info.head),
        "checkpoint": info.checkpoint.line() if info.checkpoint else None,
        "exported_at": info.exported_at,
        "date_from": info.date_from.isoformat() if info.date_from else None,
        "date_to": info.date_to.isoformat() if info.date_to else None,
        "staff_redacted": info.staff_redacted,
    }
    handle.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "records": [')
    count = 0
    for _, digest, body, texts in rows:
        handle.write("\n  " if count == 0 else ",\n  ")
        if not info.staff_redacted:
            # The stored body verbatim, plus its hash and texts: drop "hash" and "texts" and
            # re-serialise canonically to check it. (Splicing, not decoding: a million records
            # export in seconds.)
            handle.write(f'{body[:-1]},"hash":"{digest}"{_texts(texts)}}}')
        else:
            data = json.loads(body)
            chain = data.get("_chain", data)  # the chain's own fields (format 1: the record's)
            chain.get("index", chain)["staff_name"] = "[redacted]"
            data["staff_badge"] = "[redacted]"
            del chain["prev_hash"]
            kept = _texts(texts)
            if kept:
                data["texts"] = json.loads(kept[len(',"texts":') :])
            handle.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
        count += 1
    handle.write(f'\n ],\n "count": {count}\n}}\n')
    return count


@dataclass(frozen=True)
class Count:
    """One bar of a chart: a key (e.g. a verdict), its label for people, how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AuditReport:
    """Everything the periodic audit report shows, as plain data (drawn by brightline.reports.pdf).

    Counts are of contacts: a corrected contact counts once, as corrected; addenda and
    corrections are counted separately in `follow_ups`. `decline_share` is the share of
    contacts where the guidance was to decline (0.0 when there were none).
    """

    generated_at: str
    date_from: date | None
    date_to: date | None
    contacts: int
    declined: int
    decline_share: float
    by_request_type: tuple[Count, ...]
    by_verdict: tuple[Count, ...]
    by_month: tuple[Count, ...]
    by_document: tuple[Count, ...]
    pack_versions: tuple[Count, ...]
    follow_ups: dict[str, int]
    head: ChainHead
    verification: VerifyResult | None
    checkpoint: Checkpoint | None = None


def _counts(counts: dict[str, int], label: Callable[[str], str]) -> tuple[Count, ...]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Count(k, label(k) if k else "not recorded", n) for k, n in ordered)


def build_report(
    log: ContactLog,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    verify: bool = True,
    expected: Sequence[ExpectedHead] = (),
    key: WorkstationKey | None = None,
    now: Callable[[], str] = _now,
    wording: RecordWording | None = None,
) -> AuditReport:
    """Count the contacts in the period for the audit report; verify the log if asked (against
    the heads seen before in `expected`), fully: SQLite's integrity check too, since the report
    counts from the indexes; sign a checkpoint of it with `key` if given. Every count's label is
    in words (`wording`, with the packs, names the packs).

    Each count reads one index, so a million records take well under a second to count;
    verification reads every record and dominates the time.
    """
    wording = wording or RecordWording()
    with log.snapshot():
        generated_at = now()
        head = log.head()
        by_verdict = log.counts_by("verdict", date_from, date_to)
        months = log.counts_by("month", date_from, date_to)
        contacts = sum(by_verdict.values())
        declined = by_verdict.get("decline", 0)
        titles = log.request_titles()
        report = AuditReport(
            generated_at=generated_at,
            date_from=date_from,
            date_to=date_to,
            contacts=contacts,
            declined=declined,
            decline_share=declined / contacts if contacts else 0.0,
            by_request_type=_counts(log.counts_by("request_type", date_from, date_to), lambda k: titles.get(k) or k),
            by_verdict=_counts(by_verdict, verdict_word),
            by_month=tuple(Count(m, month_words(m), months[m]) for m in sorted(months)),
            by_document=_counts(log.counts_by("document", date_from, date_to), document_label),
            pack_versions=_counts(log.counts_by("pack", date_from, date_to), wording.pack_key_label),
            follow_ups=log.follow_up_counts(date_from, date_to),
            head=head,
            verification=log.verify(expected, full=True) if verify else None,
            checkpoint=take_checkpoint(key, log.log_id, head, datetime.fromisoformat(generated_at)) if key else None,
        )
    return report
