"""A redaction erases a free text from the log and leaves every chain verifying."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from log_writer_child import sample_draft
from test_contact_log_cli import run

from brightline.core.contact_log import ContactLog, LogFilter, LogReadOnlyError, LogValidationError
from brightline.core.contact_log.exports import build_report
from brightline.core.contact_log.redaction import redact

SECRET = "Victim lives at 1432 Zanzibarweg, flat 3"


@pytest.fixture
def log(data_dir: Path):  # type: ignore[no-untyped-def]
    with ContactLog.open(data_dir / "contact-log.sqlite3") as opened:
        opened.add(sample_draft(notes="Fax at 02:10."))
        opened.add(sample_draft(notes=SECRET, official_name="J. Doe", contact_time="2024-03-06T01:00:00-08:00"))
        opened.add(sample_draft(notes="Agent left at 03:00."))
        yield opened


def file_bytes(log: ContactLog) -> bytes:
    return b"".join(Path(f"{log.path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{log.path}{s}").exists())


def test_a_redaction_erases_the_text_everywhere_and_every_hash_still_holds(log: ContactLog) -> None:
    hashes = [r.hash for r in log.iter_records()]
    assert SECRET.encode() in file_bytes(log) and log.count(LogFilter(text="zanzibarweg")) == 1
    done = redact(log, 2, "notes", "Sgt. Lee", "S-12", "the note gave a victim's address")
    assert done.wal_emptied
    record = log.get(2)
    assert record is not None and record.record.draft.notes == "" and record.record.erased == ("notes",)
    assert record.record.draft.official_name == "J. Doe"  # only the named field
    [redaction] = record.corrections
    assert (redaction.id, redaction.draft.kind, redaction.redacts, redaction.draft.corrects) == (
        4,
        "redaction",
        "notes",
        2,
    )
    assert (redaction.draft.staff_name, redaction.draft.staff_badge) == ("Sgt. Lee", "S-12")
    assert redaction.draft.notes == "the note gave a victim's address"
    assert redaction.draft.contact_time == record.record.draft.contact_time  # sorts with the contact
    assert [r.hash for r in log.iter_records()][:3] == hashes  # nothing before it changed
    result = log.verify()
    assert result.ok and result.count == 4
    # Gone from the file, the write-ahead file and the search index, not only from view.
    data = file_bytes(log)
    assert SECRET.encode() not in data and b"zanzibarweg" not in data and b"1432" not in data
    assert log.count(LogFilter(text="zanzibarweg")) == 0
    assert [r.id for r in log.query(LogFilter(text="doe"))] == [2, 3, 1]  # other words still found


def test_a_redaction_is_not_a_contact_and_is_counted_as_a_follow_up(log: ContactLog) -> None:
    before = build_report(log)
    redact(log, 2, "notes", "Sgt. Lee", "S-12", "victim's address")
    after = build_report(log)
    assert after.contacts == before.contacts == 3 and after.follow_ups == {"redaction": 1}
    assert after.verification is not None and after.verification.ok


def test_a_redactions_reason_can_itself_be_redacted(log: ContactLog) -> None:
    redact(log, 2, "notes", "Sgt. Lee", "S-12", "it said 1432 Zanzibarweg")
    redact(log, 4, "notes", "Lt. Park", "L-3", "the first reason repeated the address")
    assert log.get(4).record.draft.notes == "" and log.verify().ok  # type: ignore[union-attr]
    assert b"Zanzibarweg" not in file_bytes(log)


@pytest.mark.parametrize(
    ("record_id", "field", "by", "reason", "code"),
    [
        (9, "notes", "Sgt. Lee", "why", ("corrects", "unknown_record")),
        (2, "headline", "Sgt. Lee", "why", ("field", "invalid")),
        (2, "notes", "", "why", ("staff_name", "missing")),
        (2, "notes", "Sgt. Lee", " ", ("notes", "missing")),
        (2, "official_badge", "Sgt. Lee", "why", ("official_badge", "nothing_to_redact")),
    ],
)
def test_a_redaction_that_cannot_be_done_changes_nothing(
    log: ContactLog, record_id: int, field: str, by: str, reason: str, code: tuple[str, str]
) -> None:
    if field == "official_badge":
        redact(log, 2, field, "Sgt. Lee", "S-12", "first time")  # already erased
        before = log.head()
    else:
        before = log.head()
    with pytest.raises(LogValidationError) as caught:
        redact(log, record_id, field, by, "S-12", reason)
    assert code in [(p.field, p.code) for p in caught.value.problems]
    assert log.head() == before and log.verify().ok


def test_a_read_only_log_refuses_a_redaction(log: ContactLog) -> None:
    with ContactLog.open(log.path, read_only=True) as reader, pytest.raises(LogReadOnlyError):
        redact(reader, 2, "notes", "Sgt. Lee", "S-12", "why")


def test_a_text_cannot_be_erased_without_a_redaction_record(log: ContactLog) -> None:
    con = sqlite3.connect(log.path)
    with pytest.raises(sqlite3.IntegrityError, match="only ever erased, by a redaction record"):
        con.execute("UPDATE contact SET salted_notes = NULL WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="only ever erased"):
        con.execute("UPDATE contact SET salted_notes = x'00' WHERE id = 2")
    con.close()


def test_the_command_line_redacts_and_asks_about_status_words_in_the_reason(
    log: ContactLog, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("redact", "2", "--by", "Sgt. Ana Lee (S-12)")
    assert run(data_dir, *argv, "--reason", "he is undocumented, said the note") == 2
    assert "\u201cundocumented\u201d" in capsys.readouterr()[1] and log.head().count == 3
    assert run(data_dir, *argv, "--reason", "the note gave a victim's address") == 0
    assert "Record #2's notes was erased; the redaction is record #4" in capsys.readouterr()[0]
    redaction = log.get(2).corrections[0]  # type: ignore[union-attr]
    assert (redaction.draft.staff_name, redaction.draft.staff_badge) == ("Sgt. Ana Lee", "S-12")
    assert run(data_dir, *argv, "--reason", "again") == 2
    assert "has nothing to redact" in capsys.readouterr()[1]
    assert run(data_dir, "verify") == 0
