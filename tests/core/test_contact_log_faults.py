"""Faults give a LogError subclass naming the file and what is wrong; nothing committed is lost."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log import (
    ContactLog,
    LogCannotOpenError,
    LogCorruptError,
    LogDiskFullError,
    LogLockedError,
    LogMissingError,
    LogNewerSchemaError,
    LogReadOnlyError,
)
from brightline.core.contact_log.schema import MIGRATIONS, SCHEMA_VERSION


def make_log(path: Path, n: int = 3) -> None:
    with ContactLog.open(path) as log:
        for _ in range(n):
            log.add(sample_draft())


def test_a_locked_log_waits_then_says_so(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another instance in the middle of a write
    try:
        with ContactLog.open(path, busy_timeout=0.3) as log:
            assert log.count() == 3  # readers are not blocked (WAL)
            started = time.monotonic()
            with pytest.raises(LogLockedError) as caught:
                log.add(sample_draft())
            assert time.monotonic() - started >= 0.25
            assert str(path) in str(caught.value) and caught.value.code == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    with ContactLog.open(path) as log:
        log.add(sample_draft())
        assert log.verify().count == 4


def test_a_read_only_log_reads_but_refuses_to_write(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    with ContactLog.open(path, read_only=True) as log:
        assert log.verify().ok and log.count() == 3
        with pytest.raises(LogReadOnlyError, match="read-only") as caught:
            log.add(sample_draft())
        assert str(path) in str(caught.value)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores file modes")
def test_a_write_protected_file_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    path.chmod(0o444)
    try:
        with ContactLog.open(path) as log, pytest.raises(LogReadOnlyError):
            log.add(sample_draft())
    finally:
        path.chmod(0o644)


def test_a_file_that_is_not_a_database_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "contact-log.sqlite3"
    path.write_bytes(b"These are the minutes of the council meeting.\n" * 200)
    with pytest.raises(LogCorruptError, match="not an SQLite database") as caught:
        ContactLog.open(path)
    assert str(path) in str(caught.value)


def test_another_sqlite_database_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "contact-log.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE budget (line TEXT)")
    con.commit()
    con.close()
    with pytest.raises(LogCorruptError, match="not a Brightline contact log"):
        ContactLog.open(path)


def test_a_damaged_database_is_reported_as_malformed(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path, 40)
    data = bytearray(path.read_bytes())
    page = 8192
    for offset in range(page, len(data) - 1, page):  # every page after the header page
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(LogCorruptError) as caught:
        with ContactLog.open(path) as log:
            log.verify()
    assert str(path) in str(caught.value)


def test_a_log_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(LogNewerSchemaError, match="newer Brightline") as caught:
        ContactLog.open(path)
    assert (caught.value.found, caught.value.supported) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_every_older_version_has_a_migration_and_an_empty_file_is_upgraded(tmp_path: Path) -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))
    path = tmp_path / "log.sqlite3"
    path.touch()
    with ContactLog.open(path) as log:
        log.add(sample_draft())
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


def test_a_full_disk_writes_nothing_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    with ContactLog.open(path) as log:
        pages = log._con.execute("PRAGMA page_count").fetchone()[0]
        log._con.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
        with pytest.raises(LogDiskFullError, match="disk is full") as caught:
            for _ in range(200):
                log.add(sample_draft(notes="x" * 15_000))
        assert str(path) in str(caught.value)
        written = log.count()
        log._con.execute("PRAGMA max_page_count = 1073741823")
        log.add(sample_draft())
        result = log.verify()
        assert result.ok and result.count == written + 1


def test_a_missing_log_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "log.sqlite3"
    with pytest.raises(LogMissingError):
        ContactLog.open(path, create=False)
    with pytest.raises(LogMissingError):
        ContactLog.open(path, read_only=True)
    assert not path.parent.exists()


def test_a_data_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(LogCannotOpenError) as caught:
        ContactLog.open(blocker / "contact-log.sqlite3")
    assert "data" in str(caught.value)


def _scribble_on(path: Path, table: str) -> None:
    """Overwrite the middle of every page of `table` (a table or an index) with garbage."""
    con = sqlite3.connect(path)
    pages = [int(p) for (p,) in con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    size = int(con.execute("PRAGMA page_size").fetchone()[0])
    con.close()
    assert pages, f"{table} has no leaf pages to damage"
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\xa5" * 400)


def test_an_export_of_a_damaged_log_says_so_without_a_traceback(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_contact_log_cli import run

    path = data_dir / "contact-log.sqlite3"
    make_log(path, 60)
    _scribble_on(path, "contact")
    for fmt in ("csv", "json", "pdf"):
        out = tmp_path / f"export.{fmt}"
        assert run(data_dir, "export", "--format", fmt, "-o", str(out)) == 3
        err = capsys.readouterr()[1]
        # The first error, in words: not a traceback, nor the second error met ending the read.
        assert "the database is damaged (malformed)" in err and str(path) in err, err
        assert "Traceback" not in err and "commit" not in err.lower()
        assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_a_malformed_database_fails_verify_with_sqlites_words(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_contact_log_cli import run

    path = data_dir / "contact-log.sqlite3"
    make_log(path, 60)
    _scribble_on(path, "contact_by_verdict")  # the records read fine; an index the report counts from does not
    with ContactLog.open(path) as log:
        assert log.count() == 60 and log.head().count == 60
        result = log.verify()
    assert (result.ok, result.problem) == (False, "damaged")
    assert result.params["sqlite"]  # SQLite's own words, whichever check met the damage first
    assert run(data_dir, "verify") == 1
    out = capsys.readouterr()[0]
    assert out.startswith("FAILED: the database file is damaged; SQLite says: ")


def test_writers_making_a_new_log_at_once_all_succeed(tmp_path: Path) -> None:
    """Six windows saving the first record of a new log at the same moment, many times over. (Two
    races did this, a few times in a hundred: "database is locked" at once, while one of them
    switched the new file to WAL; and "not a Brightline contact log", read between another's
    creating the tables and its marking them.)"""
    import threading

    for trial in range(15):
        path = tmp_path / str(trial) / "contact-log.sqlite3"
        start = threading.Barrier(6)
        errors: list[BaseException] = []

        def writer(
            n: int, path: Path = path, start: threading.Barrier = start, errors: list[BaseException] = errors
        ) -> None:
            try:
                start.wait()
                with ContactLog.open(path, busy_timeout=10.0) as log:
                    log.add(sample_draft(notes=f"writer {n}"))
            except BaseException as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == [], f"trial {trial}"
        with ContactLog.open(path) as log:
            result = log.verify()
            assert result.ok and result.count == 6
            assert sorted(r.draft.notes for r in log.iter_records()) == [f"writer {n}" for n in range(6)]
