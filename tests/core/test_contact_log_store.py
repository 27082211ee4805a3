"""The contact log store: appending, reading, filtering, corrections and append-only rules."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log import (
    ContactLog,
    LogFilter,
    LogValidationError,
)
from brightline.core.contact_log.records import GENESIS_HASH
from brightline.core.contact_log.schema import APPLICATION_ID, PAGE_SIZE, SCHEMA_VERSION


@pytest.fixture
def log(tmp_path: Path) -> Iterator[ContactLog]:
    opened = ContactLog.open(tmp_path / "data" / "contact-log.sqlite3")
    yield opened
    opened.close()


def fill(log: ContactLog) -> None:
    """Six contacts over two months, two staff, three request types, one correction."""
    rows = [
        ("2024-01-03T09:00:00-08:00", "Ana Ruiz", "detainer-received", "decline", "I-247A", "Fax from the sally port"),
        (
            "2024-01-20T23:30:00-08:00",
            "Ben Lee",
            "interview-request",
            "decline",
            "none",
            "Asked to interview a person in custody",
        ),
        (
            "2024-01-31T23:59:59-08:00",
            "Ana Ruiz",
            "warrant-presented",
            "comply",
            "judicial-warrant",
            "Judge signed the warrant",
        ),
        (
            "2024-02-01T00:00:00-08:00",
            "Ben Lee",
            "detainer-received",
            "decline",
            "I-247A",
            "Release date requested by phone",
        ),
        (
            "2024-02-14T12:00:00-08:00",
            "Ana Ruiz",
            "detainer-received",
            "escalate",
            "I-200",
            "Supervisor called; Smithson present",
        ),
    ]
    for when, staff, request, verdict, document, notes in rows:
        log.add(
            sample_draft(
                contact_time=when,
                staff_name=staff,
                request_type=request,
                verdict=verdict,
                document=document,
                notes=notes,
            )
        )
    log.add(
        sample_draft(
            kind="correction",
            corrects=2,
            contact_time="2024-01-20T23:30:00-08:00",
            staff_name="Ben Lee",
            request_type="interview-request",
            verdict="escalate",
            document="none",
            notes="Corrected: escalated",
        )
    )


def test_a_new_log_is_versioned_marked_and_in_wal_with_full_sync(log: ContactLog) -> None:
    con = sqlite3.connect(log.path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    assert log._con.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert log.head().count == 0 and log.head().hash == GENESIS_HASH


def test_records_chain_and_come_back_as_written(log: ContactLog) -> None:
    first = log.add(sample_draft())
    second = log.add(sample_draft(staff_name="Ben Lee"))
    assert (first.id, second.id) == (1, 2)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.hash
    detail = log.get(2)
    assert detail is not None and detail.record == second and detail.corrections == ()
    assert log.get(3) is None
    assert str(log.head()) == f"2:{second.hash}"
    assert first.recorded_at.endswith("+00:00")


def test_the_contact_time_is_stored_normalised(log: ContactLog) -> None:
    record = log.add(sample_draft(contact_time="2024-03-05 02:10"))
    assert record.draft.contact_time == "2024-03-05T02:10:00"


def test_a_bad_draft_is_refused_with_codes_and_nothing_is_written(log: ContactLog) -> None:
    with pytest.raises(LogValidationError) as caught:
        log.add(sample_draft(staff_name="", method="telepathy"))
    assert {(p.field, p.code) for p in caught.value.problems} == {("staff_name", "missing"), ("method", "invalid")}
    assert str(log.path) in str(caught.value)
    assert log.count() == 0


def test_records_can_never_be_updated_or_deleted(log: ContactLog) -> None:
    log.add(sample_draft())
    con = sqlite3.connect(log.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE contact SET hash = ? WHERE id = 1", ("0" * 64,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM contact")
    con.close()
    assert log.verify().ok


def test_corrections_point_at_the_original_and_come_with_it(log: ContactLog) -> None:
    log.add(sample_draft())
    fix = log.add(sample_draft(kind="correction", corrects=1, verdict="escalate"))
    extra = log.add(sample_draft(kind="addendum", corrects=1, notes="Agent returned at 04:00"))
    detail = log.get(1)
    assert detail is not None and detail.corrections == (fix, extra)
    with pytest.raises(LogValidationError) as caught:
        log.add(sample_draft(kind="correction", corrects=2))
    assert caught.value.problems[0].code == "not_original"
    assert caught.value.problems[0].params == {"original": 1}
    with pytest.raises(LogValidationError) as caught:
        log.add(sample_draft(kind="addendum", corrects=99))
    assert caught.value.problems[0].code == "unknown_record"
    assert log.count() == 3


def test_a_draft_id_is_logged_once(log: ContactLog) -> None:
    first = log.add(sample_draft(draft_id="d-1"))
    again = log.add(sample_draft(draft_id="d-1", notes="double click"))
    assert again == first and log.count() == 1


def test_filters_sorting_and_pages(log: ContactLog) -> None:
    fill(log)
    ids = lambda flt=None, **kw: [r.id for r in log.query(flt, **kw)]  # noqa: E731
    assert ids() == [5, 4, 3, 6, 2, 1]  # newest contact first; ties by id
    assert ids(descending=False, limit=2, offset=1) == [2, 6]
    assert ids(LogFilter(date_from=date(2024, 1, 31), date_to=date(2024, 2, 1))) == [4, 3]
    assert ids(LogFilter(staff="Ana Ruiz")) == [5, 3, 1]
    assert ids(LogFilter(request_type="detainer-received", verdict="decline")) == [4, 1]
    assert ids(LogFilter(document="I-200")) == [5]
    assert ids(LogFilter(kind="correction")) == [6]
    assert ids(order_by="staff", descending=False) == [1, 3, 5, 2, 6, 4]
    assert ids(LogFilter(verdict="decline"), order_by="id") == [4, 2, 1]
    assert log.count(LogFilter(staff="Ben Lee", date_from=date(2024, 2, 1))) == 1
    assert log.count() == 6


def test_sorting_by_each_column_is_stable(log: ContactLog) -> None:
    fill(log)
    by_staff = [(r.draft.staff_name, r.draft.contact_time) for r in log.query(order_by="staff", descending=False)]
    assert by_staff == sorted(by_staff)
    for key in ("request_type", "verdict", "document", "id", "contact_time"):
        assert len(log.query(order_by=key)) == 6
    with pytest.raises(KeyError):
        log.query(order_by="notes; DROP TABLE contact")


def test_free_text_finds_words_and_word_starts_in_notes_agency_official_headline(
    log: ContactLog,
) -> None:
    fill(log)
    assert log.has_fts
    ids = lambda text, **kw: [r.id for r in log.query(LogFilter(text=text, **kw))]  # noqa: E731
    assert ids("sally port") == [1]
    assert ids("smith") == [5]  # a word start: "Smithson"
    assert ids("SALLY") == [1]
    assert ids("ice ero") == [5, 4, 3, 6, 2, 1]  # the agency
    assert ids("doe") == [5, 4, 3, 6, 2, 1]  # the official
    assert ids("judge", verdict="comply") == [3]
    assert ids("nothing-like-this") == []
    assert ids('"; DROP') == []
    assert log.count(LogFilter(text="release")) == 6  # the headline says "release"
    assert log.count(LogFilter(text="phone", staff="Ben Lee")) == 1


def test_free_text_without_fts5_falls_back_to_a_substring_scan(log: ContactLog) -> None:
    fill(log)
    log._fts = False
    assert [r.id for r in log.query(LogFilter(text="ally po"))] == [1]
    assert log.count(LogFilter(text="100%")) == 0
    assert log.count(LogFilter(text="SMITHSON")) == 1


def test_distinct_values_and_request_titles(log: ContactLog) -> None:
    fill(log)
    assert log.distinct("staff_name") == ["Ana Ruiz", "Ben Lee"]
    assert log.distinct("verdict") == ["comply", "decline", "escalate"]
    assert log.request_titles()["warrant-presented"] == "An ICE detainer arrived"
    with pytest.raises(ValueError):
        log.distinct("notes")


def test_iter_records_streams_matches_in_the_order_logged(log: ContactLog) -> None:
    fill(log)
    assert [r.id for r in log.iter_records()] == [1, 2, 3, 4, 5, 6]
    assert [r.id for r in log.iter_records(LogFilter(date_from=date(2024, 2, 1)))] == [4, 5]
    assert [r.id for r in log.iter_records(LogFilter(text="no such words"))] == []


def test_report_counts_follow_corrections(log: ContactLog) -> None:
    fill(log)
    # Record 2 (decline) was corrected to escalate: it counts once, as escalate.
    assert log.counts_by("verdict") == {"decline": 2, "comply": 1, "escalate": 2}
    assert log.counts_by("month") == {"2024-01": 3, "2024-02": 2}
    assert log.counts_by("verdict", date(2024, 2, 1), date(2024, 2, 29)) == {"decline": 1, "escalate": 1}
    assert log.counts_by("pack") == {"pasadena 1.2.0": 5}
    assert log.follow_up_counts() == {"correction": 1}


def test_concurrent_writers_build_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    ContactLog.open(path).close()
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            with ContactLog.open(path, busy_timeout=20) as own:
                for n in range(25):
                    own.add(sample_draft(staff_name=name, notes=f"{name} {n}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(f"writer {i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with ContactLog.open(path) as check:
        result = check.verify()
        assert result.ok and result.count == 100
        assert sorted(check.distinct("staff_name")) == [f"writer {i}" for i in range(4)]


def test_a_snapshot_sees_one_state_while_another_connection_writes(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with ContactLog.open(path) as reader, ContactLog.open(path) as writer:
        writer.add(sample_draft())
        with reader.snapshot():
            before = reader.head()
            writer.add(sample_draft())
            assert reader.count() == 1 and reader.head() == before
        assert reader.count() == 2


def test_the_clock_is_injectable(tmp_path: Path) -> None:
    fixed = datetime(2024, 3, 5, 18, 0, tzinfo=UTC)
    with ContactLog.open(tmp_path / "l.sqlite3", clock=lambda: fixed) as log:
        assert log.add(sample_draft()).recorded_at == "2024-03-05T18:00:00.000000+00:00"
        late = (fixed + timedelta(hours=1)).isoformat()
        with pytest.raises(LogValidationError):
            log.add(sample_draft(contact_time=late))


def test_text_counts_follow_writes_from_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with ContactLog.open(path) as reader, ContactLog.open(path) as writer:
        writer.add(sample_draft(notes="zebra crossing"))
        assert reader.count(LogFilter(text="zebra")) == 1
        writer.add(sample_draft(notes="another zebra"))
        assert reader.count(LogFilter(text="zebra")) == 2
        assert reader.count(LogFilter(text="?!")) == 2  # no words: no text filter
        with reader.snapshot(), pytest.raises(RuntimeError):
            reader.add(sample_draft())


def test_a_log_made_without_fts5_searches_by_substring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brightline.core.contact_log import schema

    monkeypatch.setattr(schema, "fts5_available", lambda con: False)
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        assert not log.has_fts
        log.add(sample_draft(notes="sally port"))
        assert log.count(LogFilter(text="ally por")) == 1


def test_records_written_without_the_fts_index_are_indexed_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with ContactLog.open(path) as log:
        log.add(sample_draft(notes="first"))
        log._fts = False  # as a SQLite without FTS5 would write
        log.add(sample_draft(notes="second zebra"))
    with ContactLog.open(path, read_only=True) as log:
        assert not log.has_fts  # behind, and cannot catch up: substring search instead
        assert log.count(LogFilter(text="zebra")) == 1
    with ContactLog.open(path) as log:
        assert log.has_fts and log.count(LogFilter(text="zebra")) == 1
