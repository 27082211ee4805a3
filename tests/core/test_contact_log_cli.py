"""`brightline log …` handlers and `record_walk`, driven through the command line's own parser."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.cli.log import record_walk
from brightline.cli.main import main
from brightline.core.contact_log import ContactLog
from brightline.core.contact_log.pending import list_pending, pending_folder


def run(data_dir: Path, *argv: str) -> int:
    return main(["log", *argv, "--data-dir", str(data_dir)])


@pytest.fixture
def filled(data_dir: Path) -> Path:
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        log.add(sample_draft(contact_time="2024-01-05T10:00", staff_name="Ana Ruiz"))
        log.add(sample_draft(contact_time="2024-02-05T10:00", staff_name="Ben Lee", verdict="comply", agency="CBP"))
        log.add(sample_draft(kind="correction", corrects=1, contact_time="2024-01-05T10:00", verdict="escalate"))
    return data_dir


def test_list_shows_one_line_per_record_newest_first(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(filled, "list") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["2", "3", "1"]
    assert "Ben Lee" in lines[0] and "CBP" in lines[0] and lines[0].rstrip().endswith("comply")
    assert "[correction of #1]" in lines[1]
    assert "3 of 3 records shown" in err
    assert run(filled, "list", "--from", "2024-02-01", "--limit", "5") == 0
    assert [line.split()[0] for line in capsys.readouterr()[0].splitlines()] == ["2"]


def test_verify_prints_the_head_and_a_checkpoint_and_checks_an_expected_head(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(filled, "verify") == 0
    lines = capsys.readouterr()[0].strip().splitlines()
    assert lines[0].startswith("OK: 3 records, head 3:")
    assert lines[1].startswith("Checkpoint of contact log ") and "3 records" in lines[1] and "signed by key" in lines[1]
    assert lines[2].startswith("Checkpoint: blcp1:")
    head = lines[0].rsplit(" ", 1)[1]
    assert run(filled, "verify", "--expect-head", head) == 0
    capsys.readouterr()
    assert run(filled, "verify", "--expect-head", "4:" + "a" * 64) == 1
    assert "removed from the end" in capsys.readouterr()[0]
    assert run(filled, "verify", "--expect-head", "three") == 2


def test_verify_names_the_first_bad_record(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(filled / "contact-log.sqlite3")
    con.execute("DROP TRIGGER contact_no_update")
    con.execute("UPDATE contact SET body = replace(body, 'Ben Lee', 'Someone') WHERE id = 2")
    con.commit()
    con.close()
    assert run(filled, "verify") == 1
    assert "record 2 was changed" in capsys.readouterr()[0]


def test_a_log_replaced_by_a_new_one_is_reported_by_every_command(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(filled, "verify") == 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{filled / 'contact-log.sqlite3'}{suffix}").unlink(missing_ok=True)
    with ContactLog.open(filled / "contact-log.sqlite3") as log:
        for _ in range(4):
            log.add(sample_draft())
    capsys.readouterr()
    assert run(filled, "verify") == 1
    out = capsys.readouterr()[0]
    assert "FAILED: the head this account saw on" in out and "belongs to another log" in out
    assert run(filled, "list") == 1 and "belongs to another log" in capsys.readouterr()[1]
    assert run(filled, "export", "--format", "csv", "-o", str(tmp_path / "x.csv")) == 1
    assert run(filled, "verify") == 1  # still: the remembered head is never replaced by the new log


def test_exports_in_every_format_carry_the_head(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("csv", "json", "pdf"):
        out = tmp_path / f"log.{fmt}"
        assert run(filled, "export", "--format", fmt, "--redact-staff", "-o", str(out)) == 0
        assert "Exported 3 records" in capsys.readouterr()[0]
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))
    assert data["chain_head"].startswith("3:") and data["staff_redacted"]
    assert "Ana Ruiz" not in (tmp_path / "log.csv").read_text(encoding="utf-8")
    assert (tmp_path / "log.pdf").read_bytes().startswith(b"%PDF")
    assert run(filled, "export", "--format", "csv", "--from", "2024-02-01", "-o", str(tmp_path / "feb.csv")) == 0
    assert "Exported 1 record to" in capsys.readouterr()[0]


def test_report_writes_a_pdf_and_says_what_it_found(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.pdf"
    assert run(filled, "report", "--from", "2024-01-01", "--to", "2024-12-31", "-o", str(out)) == 0
    assert "2 contacts, 0% declined" in capsys.readouterr()[0]
    assert out.read_bytes().startswith(b"%PDF")


def test_a_period_to_the_last_day_there_is_has_no_end(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(filled, "list", "--from", "0001-01-01", "--to", "9999-12-31") == 0
    assert [line.split()[0] for line in capsys.readouterr()[0].splitlines()] == ["2", "3", "1"]
    out = tmp_path / "report.pdf"
    assert run(filled, "report", "--to", "9999-12-31", "-o", str(out)) == 0
    assert "2 contacts, 0% declined" in capsys.readouterr()[0]
    assert run(filled, "export", "--format", "csv", "--to", "9999-12-31", "-o", str(tmp_path / "all.csv")) == 0


def test_a_missing_log_is_an_error_naming_the_file(data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(data_dir, "list") == 3
    assert "contact-log.sqlite3" in capsys.readouterr()[1]
    assert not (data_dir / "contact-log.sqlite3").exists()


def test_bad_dates_are_refused_by_the_parser(data_dir: Path) -> None:
    with pytest.raises(SystemExit):
        run(data_dir, "list", "--from", "last tuesday")


def test_record_walk_logs_or_keeps_the_record_for_later(data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert record_walk(data_dir, sample_draft()) == 0
    assert "Logged contact #1" in capsys.readouterr()[0]
    assert record_walk(data_dir, sample_draft(agency="")) == 2
    assert "agency is required" in capsys.readouterr()[1]
    path = data_dir / "contact-log.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the log
    try:
        assert record_walk(data_dir, sample_draft(notes="kept"), busy_timeout=0.1) == 3
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr()[1]
    assert "log import-pending" in err
    assert len(list_pending(pending_folder(data_dir))) == 1
    assert run(data_dir, "import-pending") == 0
    assert "Imported 1 pending records" in capsys.readouterr()[0]
    with ContactLog.open(path) as log:
        assert [r.draft.notes for r in log.iter_records()][-1] == "kept"
