"""The HTML of one record in the log view: every field, the path, the citations, and the
corrections, addenda and redactions that point at it. Qt-free; all text is escaped.

A correction is always shown with its original: the original first, then each correction with
the fields it changed (the latest correction is what the record now says), then the addenda,
then the redactions (who erased which text, when and why; the erased text shows as erased).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from brightline.core.contact_log.wording import (
    ERASED,
    RecordWording,
    contact_zone_time,
    document_label,
    kind_label,
    method_label,
    verdict_word,
    wall_time,
)

if TYPE_CHECKING:
    from brightline.core.contact_log.reading import RecordDetail
    from brightline.core.contact_log.records import ContactDraft, ContactRecord

# Fields a correction may change, in the order shown, with their labels.
COMPARED = (
    ("contact_time", "Date and time"),
    ("staff_name", "Staff member"),
    ("staff_badge", "Badge or ID"),
    ("agency", "Agency"),
    ("official_name", "Official's name"),
    ("official_badge", "Official's badge or ID"),
    ("method", "How the contact came"),
    ("document", "Document presented"),
    ("request_title", "What was requested"),
    ("verdict", "Response"),
    ("headline", "Guidance"),
    ("notes", "Notes"),
)


def _value(draft: ContactDraft, name: str) -> str:
    value = str(getattr(draft, name))
    if name == "method":
        return method_label(value)
    if name == "document":
        return document_label(value)
    if name == "verdict":
        return verdict_word(value) if value else ""
    if name == "contact_time":
        return wall_time(value)
    return value


_ERASED = "\u2014 erased by a redaction (below) \u2014"


def _row(label: str, value: str, pre: bool = False) -> str:
    shown = escape(value) if value else '<span class="muted">not given</span>'
    if value == _ERASED:
        shown = f'<span class="muted">{escape(value)}</span>'
    elif pre and value:
        shown = "<br>".join(escape(line) for line in value.splitlines())
    return f'<tr><td class="label" width="30%">{escape(label)}</td><td>{shown}</td></tr>'


def _record_html(record: ContactRecord, wording: RecordWording) -> str:
    d = record.draft
    facts = wording.fields(record)
    rows = [_row(label, _ERASED if value == ERASED else value, pre=label == "Notes") for label, value in facts]
    parts = [f'<table cellspacing="0" cellpadding="3" width="100%">{"".join(rows)}</table>']
    if d.path:
        steps = "".join(f"<li>{escape(step)}</li>" for step in wording.path(d))
        parts.append(f'<p class="heading">Path of answers</p><ol>{steps}</ol>')
    if d.citations:
        cites = "".join(f"<li>{escape(wording.citation(d.pack_id, ref))}</li>" for ref in d.citations)
        parts.append(f'<p class="heading">Citations shown</p><ul>{cites}</ul>')
    parts.append(
        f'<p class="muted">Guidance: {escape(wording.guidance(d))}<br>'
        f"Pack content hash: {escape(d.pack_hash or 'not recorded')}<br>"
        f"Logged {escape(_logged(record))}<br>Record hash: {escape(record.hash)}"
        f"<br>Previous record's hash: {escape(record.prev_hash)}</p>"
    )
    return "".join(parts)


def _logged(record: ContactRecord) -> str:
    """When a record was logged, in its contact's local time."""
    return contact_zone_time(record.draft, record.recorded_at)


def _changes(before: ContactDraft, after: ContactDraft) -> str:
    rows = []
    for name, label in COMPARED:
        old, new = _value(before, name), _value(after, name)
        if old != new:
            rows.append(
                f'<tr><td class="label" width="30%">{escape(label)}</td>'
                f"<td><s>{escape(old) or '(empty)'}</s> \u2192 <b>{escape(new) or '(empty)'}</b></td></tr>"
            )
    if not rows:
        return '<p class="muted">No field was changed.</p>'
    return f'<table cellspacing="0" cellpadding="3" width="100%">{"".join(rows)}</table>'


def detail_html(detail: RecordDetail, selected: int, wording: RecordWording) -> str:
    """The record `detail` (an original and what points at it), `selected` being the row chosen."""
    original = detail.record
    corrections = [r for r in detail.corrections if r.draft.kind == "correction"]
    addenda = [r for r in detail.corrections if r.draft.kind == "addendum"]
    parts = []
    if selected != original.id:
        chosen = next((r for r in detail.corrections if r.id == selected), None)
        kind = kind_label(chosen.draft.kind).lower() if chosen else "record"
        parts.append(
            f"<p><b>Record #{selected} is {('an ' if kind[0] in 'aeiou' else 'a ')}{escape(kind)} of record "
            f"#{original.id}.</b> The original is shown first, then everything that points at it.</p>"
        )
    if corrections:
        latest = corrections[-1]
        parts.append(
            f"<p><b>\u26a0 Corrected.</b> What the record now says is correction #{latest.id} "
            f"(logged {escape(_logged(latest))}); the original is kept unchanged.</p>"
        )
    parts.append(f'<p class="title">Record #{original.id}</p>')
    parts.append(_record_html(original, wording))
    before = original.draft
    for record in corrections:
        marker = " \u2014 the current version" if record is corrections[-1] else ""
        parts.append(f'<p class="section">Correction #{record.id}{marker}</p>')
        parts.append(
            f'<p class="muted">Logged {escape(_logged(record))} by '
            f"{escape(record.draft.staff_name)}. Changed from the version before:</p>"
        )
        parts.append(_changes(before, record.draft))
        before = record.draft
    for record in (r for r in detail.corrections if r.draft.kind == "redaction"):
        erased = {"notes": "notes", "official_name": "official's name", "official_badge": "official's badge"}
        parts.append(f'<p class="section">Redaction #{record.id}</p>')
        parts.append(
            f"<p>Record #{record.draft.corrects}\u2019s {escape(erased.get(record.redacts, record.redacts))} "
            f"erased from the log by {escape(record.draft.staff_name)} ({escape(record.draft.staff_badge)}), "
            f"{escape(_logged(record))}. Every record's hash still holds.</p>"
        )
        reason = _ERASED if "notes" in record.erased else record.draft.notes
        parts.append(f'<table cellspacing="0" cellpadding="3" width="100%">{_row("Reason", reason, pre=True)}</table>')
    for record in addenda:
        parts.append(f'<p class="section">Addendum #{record.id}</p>')
        parts.append(
            f'<p class="muted">Logged {escape(_logged(record))} by '
            f"{escape(record.draft.staff_name)} ({escape(record.draft.staff_badge)})</p>"
        )
        parts.append("<p>" + "<br>".join(escape(line) for line in record.draft.notes.splitlines()) + "</p>")
    return "".join(parts)
