"""Contact drafts and records: validation codes, canonical JSON, hashing, round trips."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log.records import (
    DOCUMENTS,
    FREE_TEXT_FIELDS,
    METHODS,
    SALT_BYTES,
    VERDICTS,
    ContactDraft,
    canonical_json,
    commitment,
    normalize_contact_time,
    record_content,
    record_from_row,
    redact_staff,
    salted,
    sha256_hex,
    validate_draft,
)
from brightline.core.model import VERDICTS as MODEL_VERDICTS

NOW = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def codes(draft: ContactDraft) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in validate_draft(draft, NOW)}


def test_a_complete_draft_has_no_problems() -> None:
    assert validate_draft(sample_draft(), NOW) == []


def test_required_fields_are_named_with_codes() -> None:
    draft = sample_draft(contact_time="", staff_name=" ", staff_badge="", agency="", method="")
    assert codes(draft) == {
        ("contact_time", "missing"),
        ("staff_name", "missing"),
        ("staff_badge", "missing"),
        ("agency", "missing"),
        ("method", "missing"),
    }


@pytest.mark.parametrize("value", ["yesterday", "2024-03-05", "05/03/2024 10:00", "2024-13-01T10:00"])
def test_a_contact_time_must_be_an_iso_date_and_time(value: str) -> None:
    problems = validate_draft(sample_draft(contact_time=value), NOW)
    assert [(p.field, p.code, p.params["value"]) for p in problems] == [("contact_time", "invalid", value)]


def test_a_contact_time_far_in_the_future_is_refused_but_clock_drift_is_not() -> None:
    assert ("contact_time", "in_future") in codes(sample_draft(contact_time="2024-03-06T12:00Z"))
    assert codes(sample_draft(contact_time="2024-03-05T12:05:00+00:00")) == set()


def test_choices_are_checked_and_the_allowed_values_given() -> None:
    problems = validate_draft(sample_draft(method="pigeon", document="I-9", verdict="maybe"), NOW)
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"method", "document", "verdict"}
    assert by_field["method"].params["allowed"] == "|".join(METHODS)
    assert by_field["document"].params["allowed"] == "|".join(DOCUMENTS)


def test_verdicts_are_the_pack_models_verdicts() -> None:
    assert VERDICTS == MODEL_VERDICTS


def test_corrections_must_name_the_record_and_first_records_must_not() -> None:
    assert ("corrects", "missing") in codes(sample_draft(kind="correction"))
    assert ("corrects", "missing") in codes(sample_draft(kind="addendum"))
    assert ("corrects", "unexpected") in codes(sample_draft(corrects=3))
    assert codes(sample_draft(kind="correction", corrects=3)) == set()


def test_citations_must_be_source_colon_provision_and_text_has_limits() -> None:
    assert ("citations", "invalid") in codes(sample_draft(citations=("PAS-POLICY",)))
    assert ("agency", "too_long") in codes(sample_draft(agency="x" * 201))
    assert ("notes", "too_long") in codes(sample_draft(notes="x" * 20_001))


def test_there_is_no_field_for_immigration_status() -> None:
    names = {f.name for f in dataclasses.fields(ContactDraft)}
    assert not any("status" in name or "immigration" in name for name in names)


def test_contact_times_are_normalised_to_seconds_keeping_the_offset() -> None:
    assert normalize_contact_time("2024-03-05 02:10") == "2024-03-05T02:10:00"
    assert normalize_contact_time("2024-03-05T02:10:30.5-08:00") == "2024-03-05T02:10:30-08:00"
    assert normalize_contact_time("2024-03-05T10:10Z") == "2024-03-05T10:10:00+00:00"


def test_canonical_json_sorts_keys_uses_utf8_and_no_whitespace() -> None:
    assert canonical_json({"b": 1, "a": "é", "c": [1, {"z": None, "y": True}]}) == (
        '{"a":"é","b":1,"c":[1,{"y":true,"z":null}]}'.encode()
    )


def test_a_record_body_round_trips_and_its_hash_is_the_sha256_of_the_body() -> None:
    draft = sample_draft(kind="correction", corrects=7, draft_id="abc", official_badge="")
    texts = {name: salted(getattr(draft, name)) for name in FREE_TEXT_FIELDS}
    content = record_content(
        draft, 8, "f" * 64, "2024-03-05T10:00:00+00:00", log_id="a" * 32, key_id="b" * 16, texts=texts
    )
    body = canonical_json(content)
    digest = sha256_hex(body)
    record = record_from_row(body, digest, tuple(texts.values()))
    assert record.draft == draft
    assert (record.id, record.prev_hash, record.hash, record.log_id, record.key_id) == (
        8, "f" * 64, digest, "a" * 32, "b" * 16,
    )  # fmt: skip
    data = json.loads(body)
    assert (
        data["v"] == 2 and data["_chain"]["index"]["kind"] == "correction" and data["_chain"]["index"]["corrects"] == 7
    )
    # The free texts are committed to, never included: the body can be kept while a text is erased.
    assert draft.notes not in body.decode() and draft.official_name not in body.decode()
    assert data["_chain"]["commit"]["official_badge"] is None  # nothing typed, nothing to commit to
    notes = texts["notes"]
    assert notes is not None and len(notes) == SALT_BYTES + len(draft.notes.encode())
    assert data["_chain"]["commit"]["notes"] == commitment(notes) == hashlib.sha256(notes).hexdigest()
    erased = record_from_row(body, digest, (None, texts["official_name"], None))
    assert erased.draft.notes == "" and erased.erased == ("notes",)


def test_the_same_text_never_commits_the_same_way_twice() -> None:
    first, second = salted("undocumented"), salted("undocumented")
    assert first is not None and second is not None
    assert commitment(first) != commitment(second)  # a guessed text cannot be confirmed by its hash
    assert salted("") is None


def test_lists_become_tuples_and_redaction_replaces_name_and_badge() -> None:
    draft = sample_draft(citations=["A:1"], path=[])
    assert draft.citations == ("A:1",) and draft.path == ()
    hidden = redact_staff(draft)
    assert (hidden.staff_name, hidden.staff_badge) == ("[redacted]", "[redacted]")
    assert hidden.agency == draft.agency
