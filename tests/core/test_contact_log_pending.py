"""Pending contacts: saved when the log cannot take them, entered later exactly once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log import ContactLog, LogLockedError
from brightline.core.contact_log.errors import LogValidationError
from brightline.core.contact_log.pending import (
    import_pending,
    list_pending,
    load_pending,
    pending_folder,
    save_or_keep_pending,
    save_pending,
)


def test_a_saved_draft_is_complete_and_gets_an_id(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    path = save_pending(sample_draft(), folder, reason="locked")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "brightline-pending-contact" and data["reason"] == "locked"
    draft = load_pending(path)
    assert draft.draft_id and draft == sample_draft(draft_id=draft.draft_id)
    assert list_pending(folder) == [path]
    assert not list(folder.glob("*.tmp"))


def test_even_an_incomplete_draft_is_kept(tmp_path: Path) -> None:
    path = save_pending(sample_draft(staff_name="", agency=""), tmp_path)
    assert load_pending(path).staff_name == ""


def test_import_logs_each_file_once_and_keeps_the_files(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    first = save_pending(sample_draft(notes="first"), folder)
    save_pending(sample_draft(notes="second"), folder)
    # As if the program had stopped after logging the first file but before moving it:
    copy = folder / "pending-copy-of-first.json"
    copy.write_bytes(first.read_bytes())
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        result = import_pending(folder, log)
        assert result.imported == 3 and result.failed == ()
        assert sorted(r.draft.notes for r in log.iter_records()) == ["first", "second"]
        assert log.verify().ok
    assert list_pending(folder) == []
    assert len(list((folder / "imported").glob("*.json"))) == 3


def test_files_that_cannot_be_imported_stay_with_a_reason(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    bad = save_pending(sample_draft(staff_name=""), folder)
    junk = folder / "pending-junk.json"
    junk.write_text("{not json", encoding="utf-8")
    good = save_pending(sample_draft(), folder)
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        result = import_pending(folder, log)
    assert result.imported == 1
    reasons = dict(result.failed)
    assert reasons[bad] == "staff_name: missing" and "unreadable" in reasons[junk]
    assert set(list_pending(folder)) == {bad, junk} and not good.exists()


def test_a_log_failure_stops_the_import_and_loses_nothing(tmp_path: Path) -> None:
    import sqlite3

    folder = pending_folder(tmp_path)
    save_pending(sample_draft(), folder)
    path = tmp_path / "log.sqlite3"
    ContactLog.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with ContactLog.open(path, busy_timeout=0.1) as log, pytest.raises(LogLockedError):
            import_pending(folder, log)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(list_pending(folder)) == 1
    with ContactLog.open(path) as log:
        assert import_pending(folder, log).imported == 1


def test_save_or_keep_pending_logs_when_the_log_takes_the_record(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        first = save_or_keep_pending(log, sample_draft(draft_id="d1"), folder)
        again = save_or_keep_pending(log, sample_draft(draft_id="d1"), folder)
        assert log.head().count == 1
    assert first.record is not None and not first.duplicate and first.error is None
    assert again.record is not None and again.duplicate and again.record.id == first.record.id
    assert list_pending(folder) == []


def test_save_or_keep_pending_keeps_the_record_when_the_log_is_locked(tmp_path: Path) -> None:
    import sqlite3

    folder = pending_folder(tmp_path)
    path = tmp_path / "log.sqlite3"
    ContactLog.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with ContactLog.open(path, busy_timeout=0.1) as log:
            result = save_or_keep_pending(log, sample_draft(notes="kept"), folder)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.record is None and isinstance(result.error, LogLockedError)
    assert result.pending_path is not None and list_pending(folder) == [result.pending_path]
    assert load_pending(result.pending_path).notes == "kept"
    assert json.loads(result.pending_path.read_text(encoding="utf-8"))["reason"] == "locked"


def test_save_or_keep_pending_keeps_the_record_when_there_is_no_log(tmp_path: Path) -> None:
    unusable = LogLockedError(tmp_path / "log.sqlite3", "held by another program")
    result = save_or_keep_pending(None, sample_draft(), pending_folder(tmp_path), unusable=unusable)
    assert result.error is unusable and result.pending_path is not None and result.pending_path.is_file()


def test_save_or_keep_pending_says_when_even_the_file_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    unusable = LogLockedError(tmp_path / "log.sqlite3", "held")
    result = save_or_keep_pending(None, sample_draft(), blocked / "pending", unusable=unusable)
    assert result.pending_path is None and isinstance(result.pending_error, OSError)


def test_save_or_keep_pending_writes_nothing_for_a_draft_with_problems(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    with ContactLog.open(tmp_path / "log.sqlite3") as log, pytest.raises(LogValidationError):
        save_or_keep_pending(log, sample_draft(staff_name=""), folder)
    assert list_pending(folder) == []
