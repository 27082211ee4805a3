"""A log on a read-only file, folder or medium is verified, listed, exported and reported, and
verify never says FAILED for a reason that is not tampering.

The conditions are made real: a read-only bind mount (root, as CI runs) or the immutable
attribute (root, where mounting is not allowed), or file modes (any other user, for whom they
hold). Where none of these can be had, the test is skipped; `ContactLog.open(read_only=True)`
on an ordinary folder is tested regardless."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_writer_child import sample_draft
from test_contact_log_cli import run

from brightline.core.contact_log import ContactLog, LogReadOnlyError

FIXTURE_V1 = Path(__file__).with_name("data") / "contact-log-v1.sqlite3"


def _sh(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


def _writable(folder: Path) -> bool:
    try:
        (folder / ".probe").touch()
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


def _make_read_only(source: Path, target: Path, kind: str) -> Iterator[Path]:
    """Yield `source` made read-only as `kind` ("medium": the whole folder, as a CD or a
    write-protected stick; "file": only the log file, its folder writable)."""
    is_root = os.name != "nt" and os.geteuid() == 0
    files = [p for p in source.iterdir() if p.is_file()]
    if kind == "medium" and is_root:
        target.mkdir()
        if _sh("mount", "--bind", str(source), str(target)):
            try:
                if _sh("mount", "-o", "remount,bind,ro", str(target)) and not _writable(target):
                    yield target
                    return
            finally:
                _sh("umount", str(target))
    elif is_root:
        log = source / "contact-log.sqlite3"
        if _sh("chattr", "+i", str(log)):
            try:
                yield source
                return
            finally:
                _sh("chattr", "-i", str(log))
    elif os.name != "nt":
        for path in files if kind == "file" else [*files, source]:
            path.chmod(0o444 if path.is_file() else 0o555)
        try:
            yield source
            return
        finally:
            for path in [source, *files]:
                path.chmod(0o755 if path.is_dir() else 0o644)
    pytest.skip(f"no way to make a read-only {kind} here")


def _closed_log(folder: Path, n: int = 5) -> None:
    with ContactLog.open(folder / "contact-log.sqlite3") as log:
        for i in range(n):
            log.add(sample_draft(notes=f"record {i + 1}"))


@pytest.fixture(params=["medium", "file"])
def read_only(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    source = tmp_path / "archive"
    source.mkdir()
    _closed_log(source)
    yield from _make_read_only(source, tmp_path / "mounted", request.param)


def test_a_read_only_log_is_verified_listed_exported_and_reported(
    read_only: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(read_only, "verify") == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK: 5 records") and "FAILED" not in out + err
    assert run(read_only, "list") == 0 and len(capsys.readouterr()[0].splitlines()) == 5
    for fmt in ("csv", "json", "pdf"):
        assert run(read_only, "export", "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")) == 0
        assert "Exported 5 records" in capsys.readouterr()[0]
    assert run(read_only, "report", "-o", str(tmp_path / "report.pdf")) == 0
    assert "FAILED" not in "".join(capsys.readouterr())
    assert run(read_only, "verify", "--checkpoint", str(tmp_path / "out.csv")) == 0
    with pytest.raises(LogReadOnlyError, match="read-only"):  # writing is what cannot be done
        with ContactLog.open(read_only / "contact-log.sqlite3") as log:
            log.add(sample_draft())


def test_an_old_log_on_read_only_media_is_read_without_being_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "archive"
    source.mkdir()
    shutil.copyfile(FIXTURE_V1, source / "contact-log.sqlite3")
    for medium in _make_read_only(source, tmp_path / "mounted", "medium"):
        assert run(medium, "verify") == 0 and capsys.readouterr()[0].startswith("OK: 6 records")
        assert run(medium, "export", "--format", "json", "-o", str(tmp_path / "old.json")) == 0
    with ContactLog.open(source / "contact-log.sqlite3", read_only=True) as log:
        assert log.shape == 1  # still version 1: nothing was written


def test_records_only_in_the_write_ahead_file_are_never_silently_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "copied while open"
    source.mkdir()
    path = source / "contact-log.sqlite3"
    writer = ContactLog.open(path)
    writer._con.execute("PRAGMA wal_autocheckpoint = 0")  # as a copy made while Brightline was open
    for _ in range(3):
        writer.add(sample_draft())
    Path(f"{path}-shm").unlink()  # a copy tool that skipped it
    shutil.copyfile(path, tmp_path / "db")
    shutil.copyfile(f"{path}-wal", tmp_path / "wal")
    writer.close()
    shutil.copyfile(tmp_path / "db", path)
    shutil.copyfile(tmp_path / "wal", f"{path}-wal")
    for medium in _make_read_only(source, tmp_path / "mounted", "medium"):
        with pytest.raises(LogReadOnlyError, match="write-ahead file holds records"):
            ContactLog.open(medium / "contact-log.sqlite3", read_only=True)
        assert run(medium, "verify") == 3  # "copy the folder to a writable disk", never FAILED
        out, err = capsys.readouterr()
        assert "FAILED" not in out + err and "Copy the folder" in err


def test_read_only_opening_works_on_an_ordinary_folder_and_refuses_writes(tmp_path: Path) -> None:
    _closed_log(tmp_path)
    path = tmp_path / "contact-log.sqlite3"
    with ContactLog.open(path, read_only=True) as log:
        assert log.verify().ok and log.count() == 5
        with pytest.raises(LogReadOnlyError):
            log.add(sample_draft())
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 5  # what the fallback reads
    con.close()
