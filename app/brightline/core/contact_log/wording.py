"""The contact log in words: what a person reads in the window, an export (CSV, PDF), the audit
report and a record kept outside the log (copied, printed or saved elsewhere when the log cannot
take it). Qt-free, so every one of them says the same thing.

A record holds codes and stamps: `in-person`, `I-247A`, `comply-limited`, the tree's id, citation
references such as `CA-GOV-7284.6:a1B`, ISO 8601 times. People read "In person", "I-247A
detainer", "COMPLY, LIMITED", the situation's title, "§ 7284.6(a)(1)(B) — No holds
on detainers (Gov. Code)" and "2026-12-07 02:14". Citations and pack names need the packs
(`RecordWording(packs)`); a citation whose pack is not loaded keeps its reference, said so.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from brightline.core.contact_log.records import ContactDraft, ContactRecord
from brightline.core.model import Pack
from brightline.core.text import VERDICT_WORDS, citation_label
from brightline.core.text import count_words as count_words
from brightline.core.text import local_time as local_time

if TYPE_CHECKING:  # exports imports this module
    from brightline.core.contact_log.checkpoints import Checkpoint
    from brightline.core.contact_log.exports import AuditReport
    from brightline.core.contact_log.verify import VerifyResult

METHOD_LABELS = {
    "in-person": "In person",
    "phone": "Phone",
    "fax": "Fax",
    "email": "E-mail",
    "other": "Other",
}
DOCUMENT_LABELS = {  # short enough to show whole in the record form's field
    "I-247A": "I-247A detainer",
    "I-247D": "I-247D (pre-2017 detainer)",
    "I-247N": "I-247N notification request",
    "I-200": "I-200 administrative warrant",
    "I-205": "I-205 removal warrant (ICE)",
    "judicial-warrant": "Judge's warrant or order",
    "none": "None",
    "other": "Other",
}
KIND_LABELS = {"record": "Record", "correction": "Correction", "addendum": "Addendum", "redaction": "Redaction"}
# The free texts a redaction may erase, as a sentence names them.
TEXT_FIELD_WORDS = {"notes": "notes", "official_name": "official's name", "official_badge": "official's badge"}
ERASED = "[erased by a redaction]"
NOT_RECORDED = "not recorded"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def records(n: int) -> str:
    """ "1 record", "12 records"."""
    return count_words(n, "record")


def contact_zone_time(draft: ContactDraft, stamp: str) -> str:
    """`stamp` (a UTC time the log or the walk took) in the contact's own local time, so that a
    record's times agree with its contact time wherever it is read; "YYYY-MM-DD HH:MM"."""
    try:
        when = datetime.fromisoformat(stamp)
        zone = datetime.fromisoformat(draft.contact_time).tzinfo
    except ValueError:
        return local_time(stamp)
    if when.tzinfo is None or zone is None:
        return local_time(stamp)
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def wall_time(stamp: str) -> str:
    """A contact's time as it was entered, "YYYY-MM-DD HH:MM", wherever it is read later (the
    offset it was entered with is the contact's own)."""
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def month_words(month: str) -> str:
    """ "2026-11" as "November 2026" (whatever the computer's language, as the rest of the words)."""
    year, _, number = month.partition("-")
    if year.isdigit() and number.isdigit() and 1 <= int(number) <= 12:
        return f"{_MONTHS[int(number) - 1]} {year}"
    return month or NOT_RECORDED


def verdict_word(verdict: str) -> str:
    """ "DECLINE", "COMPLY, LIMITED" (an unknown verdict in capitals; none: "not recorded")."""
    if not verdict:
        return NOT_RECORDED
    return VERDICT_WORDS.get(verdict, verdict.upper()).partition(" — ")[0]


def method_label(code: str) -> str:
    return METHOD_LABELS.get(code, code)


def document_label(code: str) -> str:
    return DOCUMENT_LABELS.get(code, code)


def kind_label(code: str) -> str:
    return KIND_LABELS.get(code, code.capitalize())


def name_and_badge(name: str, badge: str) -> str:
    """ "Dep. Maria Lopez (B-4471)"; either alone; "" when neither was given."""
    return " ".join(x for x in (name, f"({badge})" if badge else "") if x)


def checkpoint_words(checkpoint: Checkpoint) -> str:
    """A signed checkpoint in a sentence, its time in local time (the line itself is for filing)."""
    return (
        f"Signed checkpoint of contact log {checkpoint.log_id}: {records(checkpoint.count)}, the last with hash "
        f"{checkpoint.head}; taken {local_time(checkpoint.when().isoformat())} (local time) and signed by key "
        f"{checkpoint.key_id}."
    )


def checkpoint_summary(checkpoint: Checkpoint) -> str:
    """The checkpoint in a short sentence without its hashes (for a window's status line)."""
    taken = local_time(checkpoint.when().isoformat())
    return f"Signed checkpoint: {records(checkpoint.count)}, taken {taken} (local time) by key {checkpoint.key_id}."


def verification_words(result: VerifyResult | None) -> str:
    """What a check of the chain found, in a sentence for a report."""
    from brightline.core.contact_log.verify import describe

    if result is None:
        return "The chain was not verified for this report."
    if result.ok:
        return (
            f"\u2713 Log verified: {records(result.count)}; every hash, column and kept text matches what was "
            "logged, and the log extends every head seen before."
        )
    return f"\u26a0 Chain verification FAILED: {describe(result).removeprefix('FAILED: ')}."


def contacts_words(report: AuditReport) -> str:
    """ "12 contacts; the guidance was to decline in 5 (41.7%). Corrections and addenda: 1 addendum." """
    share = f" ({report.decline_share:.1%})" if report.contacts else ""
    plurals = {"addendum": "addenda"}
    follow = ", ".join(count_words(n, kind, plurals.get(kind, "")) for kind, n in sorted(report.follow_ups.items()))
    return (
        f"{count_words(report.contacts, 'contact')}; the guidance was to decline in {report.declined:,}{share}. "
        f"Corrections, addenda and redactions: {follow or 'none'}."
    )


class RecordWording:
    """A record's codes in words, with the packs at hand for citations and pack names."""

    def __init__(self, packs: Mapping[str, Pack] | None = None) -> None:
        self.packs: Mapping[str, Pack] = packs or {}

    def citation(self, pack_id: str, ref: str) -> str:
        pack = self.packs.get(pack_id)
        if pack is None or pack.provision(ref) is None:
            return f"{ref} (reference; its pack is not loaded here)"
        return citation_label(pack, ref)

    def pack_label(self, pack_id: str, version: str) -> str:
        """ "California state law, version 2.0.0": the pack by name (its id when not loaded)."""
        pack = self.packs.get(pack_id)
        name = pack.manifest.name if pack is not None else pack_id
        return ", ".join(x for x in (name, f"version {version}" if version else "") if x) or NOT_RECORDED

    def pack_key_label(self, key: str) -> str:
        """The audit report's "PACK_ID VERSION" key in words."""
        pack_id, _, version = key.partition(" ")
        return self.pack_label(pack_id, version)

    def guidance(self, draft: ContactDraft) -> str:
        """The guidance the record was made with: its pack by name, and the version."""
        return self.pack_label(draft.pack_id, draft.pack_version)

    def request(self, draft: ContactDraft) -> str:
        """What was requested: the situation's title (its id only if the title is lost)."""
        if draft.request_title:
            return draft.request_title
        pack = self.packs.get(draft.pack_id)
        tree = pack.trees.get(draft.request_type) if pack is not None else None
        return tree.title if tree is not None else draft.request_type or NOT_RECORDED

    def response(self, draft: ContactDraft) -> str:
        """ "DECLINE — Do not hold the person …": the verdict's word and the outcome's headline."""
        if not draft.verdict:
            return draft.headline or NOT_RECORDED
        return " \u2014 ".join(x for x in (verdict_word(draft.verdict), draft.headline) if x)

    @staticmethod
    def path(draft: ContactDraft) -> list[str]:
        """Each answer: "Question → Answer (02:13)", in the contact's local time."""
        lines = []
        for step in draft.path:
            at = contact_zone_time(draft, step.at)
            lines.append(f"{step.question} \u2192 {step.answer} ({at[11:] if len(at) == 16 else at})")
        return lines

    def fields(self, record: ContactRecord | ContactDraft) -> list[tuple[str, str]]:
        """The record's facts as (label, words), in the order the window shows them; an erased
        text reads as erased, an empty one as ""."""
        draft = record.draft if isinstance(record, ContactRecord) else record
        erased = record.erased if isinstance(record, ContactRecord) else ()
        name = ERASED if "official_name" in erased else draft.official_name
        badge = ERASED if "official_badge" in erased else draft.official_badge
        notes = ERASED if "notes" in erased else draft.notes
        return [
            ("Date and time of contact", wall_time(draft.contact_time)),
            ("Staff member", name_and_badge(draft.staff_name, draft.staff_badge)),
            ("Agency", draft.agency),
            ("Official (as given)", name_and_badge(name, badge)),
            ("How the contact came", method_label(draft.method)),
            ("Document presented", document_label(draft.document)),
            ("What was requested", self.request(draft)),
            ("Response given", self.response(draft)),
            ("Notes", notes),
        ]

    def text(self, draft: ContactDraft) -> str:
        """The whole draft as plain text, to copy, print or keep in a file: every fact, the answers
        and the citations, in words."""
        lines = [f"{label}: {value or 'not given'}" for label, value in self.fields(draft)]
        if draft.path:
            lines += ["", "Path of answers:"]
            lines += [f"  {n}. {step}" for n, step in enumerate(self.path(draft), start=1)]
        if draft.citations:
            lines += ["", "Citations shown:"]
            lines += [f"  - {self.citation(draft.pack_id, ref)}" for ref in draft.citations]
        lines += ["", f"Guidance: {self.guidance(draft)}"]
        if draft.corrects is not None:
            lines.append(f"{kind_label(draft.kind)} of record #{draft.corrects}")
        return "\n".join(lines)
