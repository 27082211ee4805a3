"""Contact records: what staff enter (`ContactDraft`), what the log stores (`ContactRecord`).

The Pasadena policy (Procedure 3.B) requires every contact with federal immigration authorities
to be documented: when, who (officer and officials), how, the purpose and the outcome. A draft
holds exactly that plus what the app knows from the walk (pack, tree, path, citations). There
is deliberately no field for anyone's immigration status.

A record's *body* is canonical JSON (sorted keys, UTF-8, no whitespace) and its hash is the
SHA-256 of those bytes. The body includes the record's id and the previous record's hash, so the
records form a chain in which any edit, deletion or reordering shows. Two formats exist:

Format 1 (logs written before schema 2; their records keep it forever): every draft field at the
top level, plus `id`, `prev_hash`, `recorded_at` and `"v":1`.

Format 2 (every record written since), designed for the department log too. What the chain and
`verify` rely on comes first, in one object, `_chain` (its key sorts before every other, so its
bytes open the body and are checked with one comparison, not parsed):
  _chain       commit     for each free-text field (FREE_TEXT_FIELDS: notes, official_name,
                          official_badge), the hex SHA-256 of SALT || UTF-8 text, where SALT is 16
                          random bytes; null when the text was empty. The text itself is not in
                          the body: the log keeps SALT || text beside the record (`salted_…`
                          columns), so a redaction can erase it and every hash still holds
               id         the local sequence number, 1, 2, 3 ... with no gaps
               index      the fields views filter, sort and count by, exactly as the log's
                          columns hold them: contact_time, corrects, document, draft_id, kind,
                          pack_id, pack_version, request_type, staff_name, verdict
               log        the log's own id (32 hex digits, random, made when the log was made or
                          migrated): with `id`, the record's global identity (log, id), so a sync
                          that repeats after a failure is idempotent
               prev_hash  the previous record's hash (64 zeros for the first)
  key          the key id (`brightline.core.signing`) of the account that wrote it ("" if none)
  recorded_at  when it was committed (UTC, ISO 8601 with microseconds)
  redacts      only in a redaction record: the field it erased from the record named by
               _chain.index.corrects
  v            2
  and the other draft fields at the top level (agency, citations, headline, method,
  outcome_node, pack_hash, path, request_title, staff_badge, tree_id).

A record is not signed on its own: a checkpoint's signature (`checkpoints`) covers every record
before it through the chain.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from typing import Any

METHODS = ("in-person", "phone", "fax", "email", "other")
# The I-247D was withdrawn in April 2017, but a detainer issued on it before then may still be
# presented, and the packs name it.
DOCUMENTS = ("I-247A", "I-247D", "I-247N", "I-200", "I-205", "judicial-warrant", "none", "other")
# The same verdicts as brightline.core.model.VERDICTS (a test keeps them in step); repeated here so the
# log does not depend on the pack model and can read records whose pack is long gone.
VERDICTS = ("decline", "comply", "comply-limited", "escalate")
# What staff write; a "redaction" record is made only by `redaction.redact`.
DRAFT_KINDS = ("record", "correction", "addendum")
KINDS = (*DRAFT_KINDS, "redaction")

GENESIS_HASH = "0" * 64
RECORD_FORMAT = 2
# Free text: committed to by a salted hash in the body, kept beside it, erasable by a redaction.
# The official's name and badge are typed as the official gave them (a third party's personal
# data); the staff member's name and badge are the record's accountability and stay in the body.
FREE_TEXT_FIELDS = ("notes", "official_name", "official_badge")
# The body's `index`: what the log's columns hold (sorted, as canonical JSON writes them).
INDEX_FIELDS = (
    "contact_time", "corrects", "document", "draft_id", "kind", "pack_id", "pack_version",
    "request_type", "staff_name", "verdict",
)  # fmt: skip
SALT_BYTES = 16
# The format-2 body's first member: what the chain and `verify` rely on (see the docstring).
CHAIN_KEY = "_chain"
# Generous limits: they stop a stuck key or a pasted file, not a long honest note.
MAX_TEXT = 200
MAX_NOTES = 20_000
# Clocks on workstations drift; a contact a few minutes "in the future" is a clock, not an error.
FUTURE_TOLERANCE = timedelta(minutes=10)

_SHORT_FIELDS = (
    "staff_name",
    "staff_badge",
    "agency",
    "official_name",
    "official_badge",
    "request_type",
    "request_title",
    "outcome_node",
    "pack_id",
    "pack_version",
    "pack_hash",
    "tree_id",
)


@dataclass(frozen=True)
class PathStep:
    """One answered step of the walk: node id, the question as shown, the answer, when (ISO)."""

    node: str
    question: str
    answer: str
    at: str

    def to_content(self) -> dict[str, str]:
        return {"node": self.node, "question": self.question, "answer": self.answer, "at": self.at}


@dataclass(frozen=True)
class Problem:
    """A problem with a draft: the field, a code (`missing`, `invalid`, …) and parameters.

    The core never words problems; the window and the CLI turn codes into sentences.
    """

    field: str
    code: str
    params: Mapping[str, str | int] = dataclass_field(default_factory=dict)


# What each problem code says of its field ("Your name" + " is required"): the one table the
# command line and the window both word problems with.
PROBLEM_WORDS = {
    "missing": "is required",
    "invalid": "is not valid",
    "in_future": "is in the future",
    "too_long": "is too long",
    "unexpected": "must be empty for a first record",
    "unknown_record": "names a record that is not in the log",
    "not_original": "must name the original record, not a correction",
    "nothing_to_redact": "has nothing to redact (empty, or erased already)",
    "old_format": "cannot be redacted: the record was written before redaction was possible, "
    "and its text is part of its hash",
}


def problem_words(code: str) -> str:
    """What a problem code says of its field; an unknown code as words."""
    return PROBLEM_WORDS.get(code, code.replace("_", " "))


@dataclass(frozen=True)
class ContactDraft:
    """One contact with federal immigration authorities, as entered, before it is logged.

    Entered by staff (all editable):
      contact_time    when the contact happened, ISO 8601 (local wall time, offset optional);
      staff_name, staff_badge   the staff member who handled it;
      agency          e.g. "ICE ERO", "CBP", "HSI";
      official_name, official_badge   the federal official, as they gave them ("" if refused);
      method          one of METHODS; document: one of DOCUMENTS (what was presented);
      notes           free text.
    Filled in from the walk (the lead's `walk --record` and the window build these):
      request_type, request_title   what was requested: the tree id and its title;
      outcome_node, verdict, headline   the response given: the outcome node, its verdict, headline;
      pack_id, pack_version, pack_hash, tree_id   the guidance in force;
      path            the answers with their times; citations: "SOURCE:PROVISION" shown.
    Linking: `kind` is "record" for a first record; "correction" or "addendum" with `corrects`
    naming the id of the original record. `draft_id` (optional, unique) makes saving idempotent:
    a draft saved twice — double click, or a pending file imported twice — is logged once.
    """

    contact_time: str
    staff_name: str
    staff_badge: str
    agency: str
    method: str
    document: str = "none"
    official_name: str = ""
    official_badge: str = ""
    request_type: str = ""
    request_title: str = ""
    outcome_node: str = ""
    verdict: str = ""
    headline: str = ""
    notes: str = ""
    pack_id: str = ""
    pack_version: str = ""
    pack_hash: str = ""
    tree_id: str = ""
    path: tuple[PathStep, ...] = ()
    citations: tuple[str, ...] = ()
    kind: str = "record"
    corrects: int | None = None
    draft_id: str = ""

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples, so drafts stay hashable and immutable.
        object.__setattr__(self, "path", tuple(self.path))
        object.__setattr__(self, "citations", tuple(self.citations))

    def to_content(self) -> dict[str, Any]:
        """The draft as plain JSON-ready data (the keys are the field names)."""
        content: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        content["path"] = [step.to_content() for step in self.path]
        content["citations"] = list(self.citations)
        return content

    @classmethod
    def from_content(cls, content: Mapping[str, Any]) -> ContactDraft:
        """Rebuild a draft from `to_content()` output; unknown keys are ignored."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in content.items() if k in names}
        values["path"] = tuple(
            PathStep(
                node=str(s.get("node", "")),
                question=str(s.get("question", "")),
                answer=str(s.get("answer", "")),
                at=str(s.get("at", "")),
            )
            for s in content.get("path") or ()
        )
        values["citations"] = tuple(str(c) for c in content.get("citations") or ())
        return cls(**values)


@dataclass(frozen=True)
class ContactRecord:
    """A logged contact: the draft plus what the log added, read back from the store.

    `id` counts from 1 with no gaps; `recorded_at` is UTC when it was committed; `prev_hash` is
    the previous record's hash (GENESIS_HASH for the first) and `hash` the SHA-256 of the
    record's body. `log_id` and `key_id` are empty for format-1 records. `erased` names the
    free-text fields a redaction erased (they read as ""); `redacts` is the field a redaction
    record erased from record `draft.corrects`.
    """

    id: int
    draft: ContactDraft
    recorded_at: str
    prev_hash: str
    hash: str
    log_id: str = ""
    key_id: str = ""
    erased: tuple[str, ...] = ()
    redacts: str = ""
    machine: str = ""

    @property
    def is_correction(self) -> bool:
        return self.draft.kind != "record"


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, UTF-8 (not \\u escapes), no whitespace."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data` as 64 lowercase hex digits."""
    return hashlib.sha256(data).hexdigest()


def salted(text: str) -> bytes | None:
    """What the log keeps of a free text: 16 random bytes, then the text in UTF-8 (None if empty)."""
    return os.urandom(SALT_BYTES) + text.encode("utf-8") if text else None


def commitment(salted_text: bytes) -> str:
    """The body's commitment to a salted text: its SHA-256 in hex."""
    return hashlib.sha256(salted_text).hexdigest()


def record_content(
    draft: ContactDraft,
    record_id: int,
    prev_hash: str,
    recorded_at: str,
    *,
    log_id: str,
    key_id: str,
    texts: Mapping[str, bytes | None],
    redacts: str = "",
) -> dict[str, Any]:
    """The body of one record in format 2 (see the module docstring). `texts` holds the salted
    free texts (`salted`), one per FREE_TEXT_FIELDS; they are committed to, not included."""
    content = draft.to_content()
    for name in FREE_TEXT_FIELDS:
        del content[name]
    content[CHAIN_KEY] = {
        "commit": {name: commitment(text) if text else None for name, text in texts.items()},
        "id": record_id,
        "index": {name: content.pop(name) for name in INDEX_FIELDS},
        "log": log_id,
        "prev_hash": prev_hash,
    }
    content.update(key=key_id, recorded_at=recorded_at, v=RECORD_FORMAT)
    if redacts:
        content["redacts"] = redacts
    return content


def record_from_row(body: str | bytes, stored_hash: str, texts: tuple[bytes | None, ...] = ()) -> ContactRecord:
    """Rebuild a record from its stored body and its salted free texts (FREE_TEXT_FIELDS order;
    None where empty or erased). Reads both formats."""
    content = json.loads(body)
    erased: list[str] = []
    if CHAIN_KEY in content:
        content.update(content.pop(CHAIN_KEY))
        content.update(content.pop("index"))
        commits = content.pop("commit")
        for name, text in zip(FREE_TEXT_FIELDS, texts or (None,) * len(FREE_TEXT_FIELDS), strict=True):
            content[name] = text[SALT_BYTES:].decode("utf-8") if text else ""
            if text is None and commits.get(name):
                erased.append(name)
    return ContactRecord(
        id=int(content["id"]),
        draft=ContactDraft.from_content(content),
        recorded_at=str(content["recorded_at"]),
        prev_hash=str(content["prev_hash"]),
        hash=stored_hash,
        log_id=str(content.get("log", "")),
        key_id=str(content.get("key", "")),
        erased=tuple(erased),
        redacts=str(content.get("redacts", "")),
    )


def parse_contact_time(value: str) -> datetime:
    """Parse an ISO 8601 contact time; raises ValueError if it is not one."""
    text = value.strip()
    if len(text) < 16 or text[4] != "-" or text[10] not in "T ":
        # fromisoformat also takes "2024-01-01" or week dates; a contact needs a time of day.
        raise ValueError(value)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def normalize_contact_time(value: str) -> str:
    """The stored form: `YYYY-MM-DDTHH:MM:SS` plus the offset if one was given.

    The first 19 characters are the local wall time, which is what the date filters and the
    ordering use: a records request asks for "contacts in March" in the city's own time.
    """
    return parse_contact_time(value).isoformat(timespec="seconds")


def validate_draft(draft: ContactDraft, now: datetime | None = None) -> list[Problem]:
    """Problems that stop `draft` from being logged; an empty list means it can be logged.

    Codes: `missing`, `invalid` (params `value`, and `allowed` for choices), `in_future`,
    `too_long` (param `max`), `unexpected` (a first record that names one it corrects).
    """
    problems: list[Problem] = []
    if not draft.contact_time.strip():
        problems.append(Problem("contact_time", "missing"))
    else:
        try:
            when = parse_contact_time(draft.contact_time)
        except ValueError:
            problems.append(Problem("contact_time", "invalid", {"value": draft.contact_time}))
        else:
            reference = now or datetime.now().astimezone()
            # Naive times are local wall time; compare like with like.
            if when.tzinfo is None:
                reference = reference.astimezone().replace(tzinfo=None)
            elif reference.tzinfo is None:
                reference = reference.astimezone()
            if when > reference + FUTURE_TOLERANCE:
                problems.append(Problem("contact_time", "in_future", {"value": draft.contact_time}))
    for name in ("staff_name", "staff_badge", "agency"):
        if not getattr(draft, name).strip():
            problems.append(Problem(name, "missing"))
    for name, value, allowed, required in (
        ("method", draft.method, METHODS, True),
        ("document", draft.document, DOCUMENTS, True),
        ("verdict", draft.verdict, VERDICTS, False),
        ("kind", draft.kind, DRAFT_KINDS, True),
    ):
        if not value and required:
            problems.append(Problem(name, "missing"))
        elif value and value not in allowed:
            problems.append(Problem(name, "invalid", {"value": value, "allowed": "|".join(allowed)}))
    for name in _SHORT_FIELDS:
        if len(getattr(draft, name)) > MAX_TEXT:
            problems.append(Problem(name, "too_long", {"max": MAX_TEXT}))
    if len(draft.headline) > MAX_NOTES or len(draft.notes) > MAX_NOTES:
        problems.append(Problem("notes", "too_long", {"max": MAX_NOTES}))
    for citation in draft.citations:
        source, sep, provision = citation.partition(":")
        if not (sep and source and provision):
            problems.append(Problem("citations", "invalid", {"value": citation}))
    if draft.kind in ("correction", "addendum") and draft.corrects is None:
        problems.append(Problem("corrects", "missing"))
    if draft.kind == "record" and draft.corrects is not None:
        problems.append(Problem("corrects", "unexpected", {"value": draft.corrects}))
    return problems


def redact_staff(draft: ContactDraft) -> ContactDraft:
    """The draft with the staff member's name and badge replaced by "[redacted]"."""
    return replace(draft, staff_name="[redacted]", staff_badge="[redacted]")
