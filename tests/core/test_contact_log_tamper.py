"""The attacks of issue 12 on the contact log, each found against something outside the log:
a checkpoint taken before, the head this account remembers, the log's own signed checkpoints.

Every test edits the file the way an insider with file access would: SQL around the triggers,
the hashes recomputed, the remembered head deleted."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from log_writer_child import sample_draft
from test_contact_log_cli import run

from brightline.core.contact_log import ContactLog
from brightline.core.contact_log.checkpoints import CHECKPOINT_EVERY, Checkpoint, take_checkpoint
from brightline.core.contact_log.exports import build_report
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.heads import SEEN_FILE_NAME, load_seen
from brightline.core.contact_log.records import GENESIS_HASH, canonical_json, sha256_hex
from brightline.core.contact_log.redaction import redact
from brightline.core.contact_log.schema import INDEX_COLUMNS
from brightline.core.contact_log.verify import (
    CHECKPOINT_FORGED,
    DAMAGED,
    INDEX_ENTRIES,
    INDEX_MISMATCH,
    OTHER_LOG,
    REDACTION_UNDONE,
    SCHEMA_CHANGED,
    SEARCH_INDEX,
    TEXT_MISMATCH,
    TEXT_MISSING,
    TRUNCATED,
    ChainHead,
    describe,
)
from brightline.core.signing import load_or_create_key


def open_log(data_dir: Path) -> ContactLog:
    return ContactLog.open(data_dir / "contact-log.sqlite3", key=load_or_create_key())


def fill(data_dir: Path, n: int, **changes: Any) -> None:
    with open_log(data_dir) as log:
        for i in range(n):
            log.add(sample_draft(notes=f"record {i + 1}", **changes))


def sql(data_dir: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run statements on the file with every trigger dropped, as someone editing it would."""
    con = sqlite3.connect(data_dir / "contact-log.sqlite3")
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    for statement, params in statements:
        con.execute(statement, params)
    con.commit()
    con.close()


def rewrite_chain(data_dir: Path, change: Callable[[int, dict[str, Any]], None]) -> None:
    """Change bodies and recompute every hash, link and column: a chain that verifies alone."""
    con = sqlite3.connect(data_dir / "contact-log.sqlite3")
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    prev = GENESIS_HASH
    for record_id, body in con.execute("SELECT id, body FROM contact ORDER BY id").fetchall():
        content = json.loads(body)
        change(record_id, content)
        content["_chain"]["prev_hash"] = prev
        data = canonical_json(content)
        prev = sha256_hex(data)
        index = content["_chain"]["index"]
        columns = ", ".join(f"{c} = ?" for c in INDEX_COLUMNS)
        values = [index["contact_time" if c == "contact_local" else c] for c in INDEX_COLUMNS]
        con.execute(
            f"UPDATE contact SET body = ?, hash = ?, {columns} WHERE id = ?", (data.decode(), prev, *values, record_id)
        )
    con.commit()
    con.close()


def to_comply(record_id: int, content: dict[str, Any]) -> None:
    if record_id == 2:
        content["_chain"]["index"]["verdict"] = "comply"


def verify_cli(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run(data_dir, "verify", *argv)
    out, err = capsys.readouterr()
    return code, out + err


def checkpoint_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(data_dir, "checkpoint") == 0
    out = capsys.readouterr()[0]
    return out.split("Checkpoint: ", 1)[1].strip()


def test_a_rewritten_chain_fails_against_a_checkpoint_taken_before_and_the_remembered_head(
    data_dir: Path, key_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir, 5)
    line = checkpoint_line(data_dir, capsys)
    filed = tmp_path / "filed-by-the-auditor.txt"
    filed.write_text(f"Workstation B-2, 5 March\n{line}\n", encoding="utf-8")
    remembered = load_seen(key_dir, data_dir / "contact-log.sqlite3")
    rewrite_chain(data_dir, to_comply)
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        assert log.verify().ok  # alone, a carefully rewritten chain is a valid chain ...
    for given in (["--checkpoint", line], ["--checkpoint", str(filed)], []):
        code, out = verify_cli(data_dir, capsys, *given)  # ... but not the one seen before
        assert code == 1 and "FAILED: record 5 is not the one in the" in out
    assert load_seen(key_dir, data_dir / "contact-log.sqlite3") == remembered  # never overwritten
    (key_dir / SEEN_FILE_NAME).unlink()  # the head remembered is gone; the filed checkpoint is not
    code, out = verify_cli(data_dir, capsys, "--checkpoint", str(filed))
    assert code == 1 and "record 5 is not the one in the checkpoint of" in out


def test_a_truncated_log_fails_against_its_own_checkpoint_when_the_head_file_is_deleted(
    data_dir: Path, key_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir, CHECKPOINT_EVERY + 20)
    assert verify_cli(data_dir, capsys)[0] == 0  # the account remembers this head ...
    last = CHECKPOINT_EVERY - 10
    sql(
        data_dir,
        ("DELETE FROM contact WHERE id > ?", (last,)),
        ("DELETE FROM contact_fts_docsize WHERE id > ?", (last,)),
    )
    (key_dir / SEEN_FILE_NAME).unlink()  # ... until someone deletes what it remembers
    code, out = verify_cli(data_dir, capsys)
    assert code == 1
    assert f"the log ends after record {last}, but the log's own checkpoint of" in out
    assert f"had {CHECKPOINT_EVERY} records" in out


def test_a_truncation_that_also_removes_the_logs_checkpoints_fails_against_a_filed_one(
    data_dir: Path, key_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir, 6)
    line = checkpoint_line(data_dir, capsys)
    sql(data_dir, ("DELETE FROM contact WHERE id > 4", ()), ("DELETE FROM contact_fts_docsize WHERE id > 4", ()))
    sql(data_dir, ("DELETE FROM checkpoint", ()))
    (key_dir / SEEN_FILE_NAME).unlink()
    assert verify_cli(data_dir, capsys)[0] == 0  # nothing left in or beside the log remembers ...
    code, out = verify_cli(data_dir, capsys, "--checkpoint", line)  # ... the auditor's line does
    assert code == 1 and "the log ends after record 4" in out and "had 6 records" in out


def test_edited_report_columns_fail_verify_though_every_hash_holds(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir, 10, verdict="decline")
    sql(data_dir, ("UPDATE contact SET verdict = 'comply' WHERE id IN (2, 5, 7)", ()))
    with open_log(data_dir) as log:
        assert build_report(log, verify=False).decline_share == pytest.approx(0.7)  # what the indexes say
        result = log.verify()
    assert (result.ok, result.problem, result.first_bad_id) == (False, INDEX_MISMATCH, 2)
    assert "columns that views filter and count by do not match its content" in describe(result)
    assert run(data_dir, "report", "-o", str(tmp_path / "report.pdf")) == 1
    assert "record 2's columns" in capsys.readouterr()[1]


def test_an_index_redefined_in_the_file_fails_and_full_gives_sqlites_words(data_dir: Path) -> None:
    fill(data_dir, 10)
    # Point an index at another column: its entries no longer match the rows (as if edited).
    con = sqlite3.connect(data_dir / "contact-log.sqlite3")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = replace(sql, '(verdict,', '(kind,') WHERE name = 'contact_by_verdict'")
    con.commit()
    con.close()
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        result = log.verify()
        full = log.verify(full=True)
    assert (result.ok, result.problem, result.params["name"]) == (False, SCHEMA_CHANGED, "contact_by_verdict")
    assert "index contact_by_verdict is changed" in describe(result)
    assert (full.ok, full.problem) == (False, DAMAGED)
    assert "contact_by_verdict" in describe(full) and "SQLite says" in describe(full)


def test_an_index_that_leaves_a_record_out_fails_verify(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The staff index swapped for one built without record 2, its definition unchanged: a filter
    by staff member would never show record 2."""
    fill(data_dir, 10)
    con = sqlite3.connect(data_dir / "contact-log.sqlite3")
    columns = "staff_name, contact_local, request_type, verdict, document, kind"
    con.execute(f"CREATE INDEX planted ON contact ({columns}) WHERE id <> 2")
    con.execute("PRAGMA writable_schema = ON")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'planted'").fetchone()[0]
    con.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'contact_by_staff'", (root,))
    con.execute("DELETE FROM sqlite_master WHERE name = 'planted'")
    con.commit()
    con.close()
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        staff = log.query().pop().draft.staff_name
        assert 2 not in [r.id for r in log.query(LogFilter(staff=staff))]  # what the attack does
        result = log.verify()
        assert log.verify(full=True).problem == DAMAGED
    assert (result.ok, result.problem, result.params) == (
        False,
        INDEX_ENTRIES,
        {"index": "contact_by_staff", "entries": 9},
    )
    assert "holds 9 entries for 10 records" in describe(result)
    code, out = verify_cli(data_dir, capsys)
    assert code == 1 and "contact_by_staff" in out
    code, out = verify_cli(data_dir, capsys, "--full")
    assert code == 1 and "SQLite says" in out


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (
            "UPDATE contact SET salted_notes = CAST(randomblob(16) || 'nothing happened' AS BLOB) WHERE id = 2",
            TEXT_MISMATCH,
        ),
        ("UPDATE contact SET salted_notes = NULL WHERE id = 2", TEXT_MISSING),
        ("UPDATE contact SET salted_official_name = salted_official_badge WHERE id = 2", TEXT_MISMATCH),
        ("DELETE FROM contact_fts_docsize WHERE id = 2", SEARCH_INDEX),
        ("UPDATE checkpoint SET head = (SELECT hash FROM contact WHERE id = 1)", CHECKPOINT_FORGED),
    ],
)
def test_edited_texts_search_index_and_checkpoints_fail_verify(data_dir: Path, statement: str, problem: str) -> None:
    fill(data_dir, CHECKPOINT_EVERY)
    sql(data_dir, (statement, ()))
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        result = log.verify()
    assert (result.ok, result.problem) == (False, problem), describe(result)


def test_a_record_of_another_log_fails_verify(data_dir: Path) -> None:
    fill(data_dir, 3)
    rewrite_chain(data_dir, lambda i, content: content["_chain"].update(log="f" * 32) if i == 2 else None)
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        result = log.verify()
    assert (result.problem, result.first_bad_id) == (OTHER_LOG, 2)


def test_a_text_put_back_after_its_redaction_fails_verify(data_dir: Path) -> None:
    fill(data_dir, 3)
    with open_log(data_dir) as log:
        kept = sqlite3.connect(log.path).execute("SELECT salted_notes FROM contact WHERE id = 2").fetchone()[0]
        redact(log, 2, "notes", "Sgt. Lee", "S-12", "the note named a victim's address")
        assert log.verify().ok
    sql(data_dir, ("UPDATE contact SET salted_notes = ? WHERE id = 2", (kept,)))
    with ContactLog.open(data_dir / "contact-log.sqlite3") as log:
        result = log.verify()
    assert (result.problem, result.first_bad_id, result.params["redaction"]) == (REDACTION_UNDONE, 2, 4)


def test_a_checkpoint_line_that_was_altered_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(data_dir, 4)
    line = checkpoint_line(data_dir, capsys)
    checkpoint = Checkpoint.parse(line)
    assert checkpoint.signature_ok() and checkpoint.count == 4
    forged = line.replace(":4:", ":2:", 1)  # "the log had only 2 records then"
    code, out = verify_cli(data_dir, capsys, "--checkpoint", forged)
    assert code == 2 and "is not genuine" in out and "nothing was checked against it" in out
    code, out = verify_cli(data_dir, capsys, "--checkpoint", line[:-5])
    assert code == 2 and "not a Brightline checkpoint line" in out
    code, out = verify_cli(data_dir, capsys, "--checkpoint", str(data_dir / "contact-log.sqlite3"))
    assert code == 2 and "no checkpoint line" in out
    sql(data_dir, ("DELETE FROM contact WHERE id = 4", ()), ("DELETE FROM contact_fts_docsize WHERE id = 4", ()))
    code, out = verify_cli(data_dir, capsys, "--checkpoint", line)
    assert code == 1 and TRUNCATED not in out and "the log ends after record 3" in out


def test_a_checkpoint_line_pasted_over_several_lines_is_read_whole(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir, 3)
    line = checkpoint_line(data_dir, capsys)
    pasted = f"{line[:60]}\n  {line[60:150]} \n{line[150:]}"  # as copied out of a PDF's wrapped text
    code, out = verify_cli(data_dir, capsys, "--checkpoint", pasted)
    assert code == 0 and "The log extends the checkpoint of" in out
    with open_log(data_dir) as log:  # a longer line than a file name may be: still a line
        big = take_checkpoint(load_or_create_key(), log.log_id, ChainHead(12_345, "ab" * 32)).line()
    assert len(big) > 255
    code, out = verify_cli(data_dir, capsys, "--checkpoint", big)
    assert code == 1 and "but the checkpoint of" in out and "had 12345 records" in out
    assert run(data_dir, "export", "--format", "pdf", "-o", str(tmp_path / "export.pdf")) == 0
    capsys.readouterr()
    code, out = verify_cli(data_dir, capsys, "--checkpoint", str(tmp_path / "export.pdf"))
    assert code == 2 and "copy the line from it, or give the CSV or JSON export" in out
