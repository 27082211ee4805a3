"""The paths verification takes for speed give the verdict the plain checks give: the record loop
(texts of any type, NULL or empty), the department's row shape, the log split among any number
of worker processes at awkward places, and the checkpoints signed again with this account's key."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from log_writer_child import sample_draft
from test_contact_log_tamper import fill, open_log, sql

from brightline.core.contact_log import ContactLog, checks, schema
from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY, when_taken
from brightline.core.contact_log.records import FREE_TEXT_FIELDS, GENESIS_HASH
from brightline.core.contact_log.redaction import redact
from brightline.core.contact_log.verify import (
    CHECKPOINT_FORGED,
    HASH_MISMATCH,
    INDEX_MISMATCH,
    MISSING,
    TEXT_MISMATCH,
    TEXT_MISSING,
    VerifyResult,
    check_chain,
    check_segment,
    describe,
)
from brightline.core.signing import WorkstationKey, load_or_create_key


def verify(data_dir: Path, workers: int = 1, key: WorkstationKey | None = None) -> VerifyResult:
    with ContactLog.open(data_dir / "contact-log.sqlite3", key=key) as log:
        return log.verify(workers=workers)


def test_the_commit_order_is_the_one_canonical_json_writes() -> None:
    assert schema.COMMIT_ORDER == tuple(sorted(FREE_TEXT_FIELDS))


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        # A text kept as TEXT, not as the salted bytes: the views could not read it.
        ("UPDATE contact SET salted_notes = CAST(salted_notes AS TEXT) WHERE id = 2", TEXT_MISMATCH),
        # An empty text where the body commits to none (an empty text is kept as NULL).
        ("UPDATE contact SET salted_official_badge = X'' WHERE id = 2", TEXT_MISMATCH),
        ("UPDATE contact SET hash = upper(hash) WHERE id = 2", HASH_MISMATCH),
        ("UPDATE contact SET staff_name = 7 WHERE id = 2", INDEX_MISMATCH),
        ("UPDATE contact SET corrects = 'x' WHERE id = 2", INDEX_MISMATCH),
    ],
)
def test_a_column_of_another_type_fails_without_a_crash(data_dir: Path, statement: str, problem: str) -> None:
    fill(data_dir, 3, official_badge="")
    assert verify(data_dir).ok
    sql(data_dir, (statement, ()))
    for workers in (1, 2):
        result = verify(data_dir, workers)
        assert (result.ok, result.first_bad_id, result.problem) == (False, 2, problem), describe(result)


def _department_rows(con: sqlite3.Connection, log_id: str, format_2_from: int) -> list[tuple[Any, ...]]:
    """The log's rows in the shape the department's verify gives them, its chain check the
    `_chain` from the id to the previous hash as the server rebuilds it from the columns."""
    log = json.dumps(log_id).encode()
    rows = []
    for row in schema.chain_rows(con, 2, 1, 1 << 40, format_2_from):
        record_id, digest, body, notes, badge, name, flags, check = row
        texts = [None if flags & (1 << bit) else text for bit, text in enumerate((notes, badge, name))]
        wrapped = b'"id":%d,"index":%s,"log":%s,"prev_hash":"' % (record_id, check, log)
        kind = "redaction" if flags & 8 else "record"
        rows.append((record_id, digest.decode(), body, texts[0], texts[2], texts[1], wrapped, kind))
    return rows


def test_the_departments_row_shape_gives_the_same_segment(data_dir: Path) -> None:
    fill(data_dir, 4, official_badge="")
    with open_log(data_dir) as log:
        redact(log, 2, "notes", "Sgt. Lee", "S-12", "the note named a victim's address")
    for tampered in (False, True):
        if tampered:
            sql(data_dir, ("UPDATE contact SET verdict = 'comply' WHERE id = 3", ()))
        with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
            con = sqlite3.connect(log.path)
            new = check_chain(schema.chain_rows(con, 2, 1, 5, 1), 1, GENESIS_HASH, 5, frozenset({4}), log.log_id, 1)
            old = check_segment(_department_rows(con, log.log_id, 1), 1, GENESIS_HASH, 5, frozenset({4}), log.log_id, 1)
            con.close()
        assert new == old
        if tampered:
            assert new.bad is not None and new.bad[:2] == (3, INDEX_MISMATCH) and new.erased == ((2, "notes"),)
        else:
            assert new.bad is None and new.erased == ((2, "notes"),) and new.redactions == ((5, 2, "notes"),)


def _results(data_dir: Path, counts: tuple[int, ...]) -> list[VerifyResult]:
    return [verify(data_dir, workers) for workers in counts]


def test_a_log_split_at_awkward_places_verifies_as_one_pass(data_dir: Path) -> None:
    """A redaction and the record it erased in different workers' ranges, a range of one
    record, ranges that start on a checkpoint: the same verdict whatever the split."""
    fill(data_dir, CHECKPOINT_EVERY + 1)
    with open_log(data_dir) as log:
        redact(log, 1, "notes", "Sgt. Lee", "S-12", "the note named a victim's address")
    results = _results(data_dir, (1, 2, 3, 34, 102))
    assert all(r == results[0] for r in results) and results[0].ok and results[0].count == CHECKPOINT_EVERY + 2


@pytest.mark.parametrize(
    ("statement", "first_bad", "problem"),
    [
        # The first record of the second of two ranges (51 of 102), the last of the first.
        ("UPDATE contact SET body = replace(body, 'Ana Ruiz', 'Ana Ruis') WHERE id = 51", 51, HASH_MISMATCH),
        ("UPDATE contact SET body = replace(body, 'Ana Ruiz', 'Ana Ruis') WHERE id = 52", 52, HASH_MISMATCH),
        ("DELETE FROM contact WHERE id = 52", 52, MISSING),
        ("DELETE FROM contact WHERE id = 51", 51, MISSING),
        ("UPDATE contact SET hash = (SELECT hash FROM contact WHERE id = 50) WHERE id = 51", 51, HASH_MISMATCH),
        ("UPDATE contact SET salted_notes = NULL WHERE id = 52", 52, TEXT_MISSING),
    ],
)
def test_tampering_at_a_range_boundary_is_named_alike_whatever_the_split(
    data_dir: Path, statement: str, first_bad: int, problem: str
) -> None:
    fill(data_dir, CHECKPOINT_EVERY + 2)
    sql(data_dir, (statement, ()))
    results = _results(data_dir, (1, 2, 3))
    assert all(r == results[0] for r in results), [describe(r) for r in results]
    assert (results[0].first_bad_id, results[0].problem) == (first_bad, problem)


def test_a_chain_whose_range_starts_after_a_gap_fails_as_one_pass(data_dir: Path) -> None:
    fill(data_dir, 6)
    sql(data_dir, ("DELETE FROM contact WHERE id = 3", ()))
    results = _results(data_dir, (1, 2, 6))
    assert all(r == results[0] for r in results)
    assert (results[0].first_bad_id, results[0].problem, results[0].params) == (3, MISSING, {"next_present": 4})


def _signed_rows(data_dir: Path) -> tuple[list[tuple[Any, ...]], dict[str, bytes], str]:
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        rows, keys = checks.checkpoint_rows(log._con, log.shape)
        return rows, keys, log.log_id


class _SignsOtherwise:
    """This account's key, but signing with another nonce (as another Ed25519 implementation
    may): its signatures are valid and never the same bytes as the stored ones."""

    def __init__(self, key: WorkstationKey) -> None:
        self.public_key, self.key_id = key.public_key, key.key_id

    def sign(self, data: bytes) -> bytes:
        return b"\0" * 64


def test_own_checkpoints_signed_again_give_the_verdict_of_the_check(data_dir: Path) -> None:
    fill(data_dir, 2 * CHECKPOINT_EVERY)
    key = load_or_create_key()
    rows, keys, log_id = _signed_rows(data_dir)
    checked = checks.signed_heads(rows, keys, log_id)
    assert isinstance(checked, list) and len(checked) == 2
    assert checks.signed_heads(rows, keys, log_id, key) == checked
    # Other bytes than its own signature: checked, and found valid, as without the key.
    assert checks.signed_heads(rows, keys, log_id, _SignsOtherwise(key)) == checked  # type: ignore[arg-type]
    other = WorkstationKey(b"\1" * 32)
    assert checks.signed_heads(rows, keys, log_id, other) == checked


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE checkpoint SET at = '20240101T000000Z' WHERE count = {CHECKPOINT_EVERY}",
        "UPDATE checkpoint SET signature = iif(substr(signature, 1, 1) = 'A', 'B', 'A') || substr(signature, 2) "
        f"WHERE count = {CHECKPOINT_EVERY}",
        f"UPDATE checkpoint SET signature = 'not base64!' WHERE count = {CHECKPOINT_EVERY}",
        f"UPDATE checkpoint SET head = 'é' || substr(head, 2) WHERE count = {CHECKPOINT_EVERY}",
        f"UPDATE checkpoint SET at = '20241301T000000Z' WHERE count = {CHECKPOINT_EVERY}",
        "UPDATE signing_key SET public_key = '" + "ab" * 32 + "'",
        "UPDATE checkpoint SET key_id = 'ffffffffffffffff'",
    ],
)
def test_an_edited_checkpoint_is_forged_with_or_without_the_key_that_signed_it(data_dir: Path, statement: str) -> None:
    fill(data_dir, 2 * CHECKPOINT_EVERY)
    sql(data_dir, (statement, ()))
    key = load_or_create_key()
    for result in (verify(data_dir), verify(data_dir, key=key), verify(data_dir, 2, key)):
        assert (result.ok, result.problem, result.first_bad_id) == (False, CHECKPOINT_FORGED, CHECKPOINT_EVERY)


def test_a_checkpoint_time_is_read_only_in_its_own_format() -> None:
    assert when_taken("20240305T021000Z").isoformat() == "2024-03-05T02:10:00+00:00"
    for bad in ("2024-03-05T02:10:00Z", "20240305T021000", "20241305T021000Z", "20240305T246000Z", ""):
        with pytest.raises(ValueError):
            when_taken(bad)


def test_an_empty_or_erased_text_of_a_new_record_verifies(data_dir: Path) -> None:
    with open_log(data_dir) as log:
        log.add(sample_draft(notes="", official_name="", official_badge=""))
        log.add(sample_draft(official_badge=""))
        log.add(sample_draft())
    for workers in (1, 2):
        assert verify(data_dir, workers).ok
