"""Logs written before schema 2 migrate forward with their history intact, or are read as they
are where they cannot be written. The fixture was written by the code of the time (data/README.md)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from log_writer_child import sample_draft
from test_contact_log_cli import run

from brightline.core.contact_log import ContactLog, LogFilter, LogValidationError
from brightline.core.contact_log.exports import build_report, write_export
from brightline.core.contact_log.heads import LEGACY_HEAD_FILE_NAME
from brightline.core.contact_log.records import canonical_json, sha256_hex
from brightline.core.contact_log.redaction import redact
from brightline.core.contact_log.schema import SCHEMA_VERSION
from brightline.core.contact_log.verify import ChainHead

FIXTURE = Path(__file__).with_name("data") / "contact-log-v1.sqlite3"
V1_DAY = date(2024, 3, 2)
V1_HEAD = ChainHead.parse("6:890d1b38ee9c934931c6960797ca20122b9296070a5861b28491df83d9b13f7c")


@pytest.fixture
def old_log(data_dir: Path) -> Path:
    path = data_dir / "contact-log.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


def bodies(path: Path) -> list[tuple[int, str, str]]:
    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, hash, body FROM contact ORDER BY id").fetchall()
    con.close()
    return rows


def test_an_old_log_migrates_with_every_body_and_hash_unchanged(old_log: Path) -> None:
    before = bodies(old_log)
    with ContactLog.open(old_log) as log:
        assert log.shape == SCHEMA_VERSION and len(log.log_id) == 32
        result = log.verify(V1_HEAD)  # the head printed on its old exports still holds
        assert result.ok and result.head == V1_HEAD
        old = {r.id: r for r in log.iter_records()}
    assert bodies(old_log) == before
    assert old[2].draft.notes == 'Signed by Judge "M. Ortiz"; copy kept.\nSecond line — ünïcödé.'
    assert old[4].draft.kind == "correction" and old[4].draft.corrects == 1 and old[1].log_id == ""
    con = sqlite3.connect(old_log)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT contact_local FROM contact WHERE id = 1").fetchone()[0] == "2024-03-01T02:10:00-08:00"
    con.close()


def test_a_migrated_log_takes_new_records_filters_counts_and_exports_both_formats(
    old_log: Path, tmp_path: Path
) -> None:
    with ContactLog.open(old_log) as log:
        new = log.add(sample_draft(contact_time="2024-03-06T08:00:00-08:00", notes="the first record in format 2"))
        assert new.id == 7 and new.prev_hash == V1_HEAD.hash and new.log_id == log.log_id
        assert log.verify(V1_HEAD).ok and log.verify().count == 7
        assert [r.id for r in log.query(LogFilter(text="ortiz"))] == [2]  # an old record's notes
        assert [r.id for r in log.query(LogFilter(text="format"))] == [7]
        assert [r.id for r in log.query(LogFilter(date_from=V1_DAY, date_to=V1_DAY))] == [5, 2]
        report = build_report(log)
        assert report.contacts == 5 and report.follow_ups == {"correction": 1, "addendum": 1}
        assert report.verification is not None and report.verification.ok
        out = tmp_path / "all.json"
        write_export(log, out, "json")
    for record in json.loads(out.read_text(encoding="utf-8"))["records"]:
        digest = record.pop("hash")
        record.pop("texts", None)  # format 2 only
        assert sha256_hex(canonical_json(record)) == digest


def test_records_written_before_format_2_cannot_be_redacted(old_log: Path) -> None:
    with ContactLog.open(old_log) as log, pytest.raises(LogValidationError) as caught:
        redact(log, 2, "notes", "Sgt. Lee", "S-12", "named a victim")
    assert [(p.field, p.code) for p in caught.value.problems] == [("notes", "old_format")]


def test_an_old_log_that_cannot_be_written_is_read_as_it_is(old_log: Path) -> None:
    before = old_log.read_bytes()
    with ContactLog.open(old_log, read_only=True) as log:
        assert log.shape == 1 and log.log_id == ""
        assert log.verify(V1_HEAD).ok
        assert [r.id for r in log.query(LogFilter(text="ortiz"))] == [2]
        assert build_report(log, verify=False).contacts == 4
        assert log.get(2).record.draft.staff_name == "Ben Lee"  # type: ignore[union-attr]
    assert old_log.read_bytes() == before  # not migrated, not touched


def test_the_head_an_old_version_remembered_is_still_checked(old_log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy = old_log.parent / LEGACY_HEAD_FILE_NAME
    legacy.write_text(json.dumps({"count": 6, "hash": V1_HEAD.hash, "head": str(V1_HEAD)}), encoding="utf-8")
    assert run(old_log.parent, "verify") == 0
    capsys.readouterr()
    legacy.write_text(json.dumps({"count": 9, "hash": "ab" * 32}), encoding="utf-8")
    other = old_log.parent.parent / "other"
    other.mkdir()
    shutil.copyfile(FIXTURE, other / "contact-log.sqlite3")
    shutil.copyfile(legacy, other / LEGACY_HEAD_FILE_NAME)
    assert run(other, "verify") == 1  # an old version had seen 9 records here
    assert "had 9 records: records were removed from the end" in capsys.readouterr()[0]
