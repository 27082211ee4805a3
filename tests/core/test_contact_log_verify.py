"""Verification finds edits, deletions, reordering and truncation, naming the first bad record."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log import ChainHead, ContactLog
from brightline.core.contact_log.heads import check_seen, load_seen, remember
from brightline.core.contact_log.records import canonical_json, sha256_hex
from brightline.core.contact_log.verify import (
    CHAIN_BROKEN,
    HASH_MISMATCH,
    HEAD_MISMATCH,
    MISSING,
    OUT_OF_ORDER,
    SEARCH_INDEX,
    TRUNCATED,
    describe,
)


def make_log(path: Path, n: int = 5) -> ChainHead:
    with ContactLog.open(path) as log:
        for i in range(n):
            log.add(sample_draft(notes=f"record {i + 1}"))
        return log.head()


def tamper(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Go around the append-only triggers, as someone editing the file would."""
    con = sqlite3.connect(path)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    for sql, params in statements:
        con.execute(sql, params)
    con.commit()
    con.close()


def body_of(path: Path, record_id: int) -> dict[str, object]:
    con = sqlite3.connect(path)
    body = con.execute("SELECT body FROM contact WHERE id = ?", (record_id,)).fetchone()[0]
    con.close()
    return dict(json.loads(body))


@pytest.fixture(params=[1, 2], ids=["one process", "two processes"])
def workers(request: pytest.FixtureRequest) -> int:
    """Each check runs in this process and split over two worker processes: same results."""
    return int(request.param)


def verify(path: Path, workers: int, expected: ChainHead | None = None):  # type: ignore[no-untyped-def]
    with ContactLog.open(path) as log:
        return log.verify(expected, workers=workers)


def test_an_untouched_log_verifies(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "log.sqlite3"
    head = make_log(path)
    result = verify(path, workers, head)
    assert result.ok and result.count == 5 and result.head == head
    assert describe(result) == f"OK: 5 records, head {head}"
    empty = tmp_path / "empty.sqlite3"
    ContactLog.open(empty).close()
    assert verify(empty, workers).ok and verify(empty, workers, ChainHead.parse("0:" + "0" * 64)).ok


def test_an_edited_record_is_named(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    content = body_of(path, 3)
    content["verdict"] = "comply"
    tamper(path, ("UPDATE contact SET body = ? WHERE id = 3", (canonical_json(content).decode(),)))
    result = verify(path, workers)
    assert (result.ok, result.first_bad_id, result.problem, result.count) == (False, 3, HASH_MISMATCH, 2)
    assert "record 3 was changed" in describe(result)


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    content = body_of(path, 3)
    content["staff_name"] = "Someone Else"
    body = canonical_json(content)
    tamper(path, ("UPDATE contact SET body = ?, hash = ? WHERE id = 3", (body.decode(), sha256_hex(body))))
    result = verify(path, workers)
    assert (result.first_bad_id, result.problem, result.params["previous"]) == (4, CHAIN_BROKEN, 3)
    assert "record 3 was changed" in describe(result)


def test_a_deleted_record_is_named(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    tamper(path, ("DELETE FROM contact WHERE id = 2", ()))
    result = verify(path, workers)
    assert (result.first_bad_id, result.problem, result.params["next_present"]) == (2, MISSING, 3)


def test_reordered_records_are_named(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path)
    con = sqlite3.connect(path)
    rows = {i: con.execute("SELECT hash, body FROM contact WHERE id = ?", (i,)).fetchone() for i in (2, 3)}
    con.close()
    tamper(
        path,
        ("UPDATE contact SET hash = ?, body = ? WHERE id = 2", rows[3]),
        ("UPDATE contact SET hash = ?, body = ? WHERE id = 3", rows[2]),
    )
    result = verify(path, workers)
    assert (result.first_bad_id, result.problem) == (2, OUT_OF_ORDER)


def test_truncation_shows_against_an_earlier_head(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "log.sqlite3"
    head = make_log(path)
    tamper(path, ("DELETE FROM contact WHERE id > 3", ()))
    assert verify(path, workers).problem == SEARCH_INDEX  # the search index still has 5 entries
    tamper(path, ("DELETE FROM contact_fts_docsize WHERE id > 3", ()))  # and from its list of entries
    assert verify(path, workers).ok  # a shorter chain is still a chain ...
    result = verify(path, workers, head)  # ... but not the one seen before
    assert (result.ok, result.first_bad_id, result.problem) == (False, 4, TRUNCATED)
    assert "records were removed from the end" in describe(result)


def test_a_rewritten_log_does_not_match_an_earlier_head(tmp_path: Path, workers: int) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    head = make_log(first)
    make_log(second, 6)
    result = verify(second, workers, head)
    assert (result.first_bad_id, result.problem) == (5, HEAD_MISMATCH)
    assert verify(first, workers, ChainHead(3, body_hash(first, 3))).ok


def body_hash(path: Path, record_id: int) -> str:
    con = sqlite3.connect(path)
    digest = con.execute("SELECT hash FROM contact WHERE id = ?", (record_id,)).fetchone()[0]
    con.close()
    return str(digest)


@pytest.mark.parametrize("text", ["", "5", "x:" + "a" * 64, "5:abc", "5:" + "g" * 64])
def test_a_chain_head_must_be_count_colon_hash(text: str) -> None:
    with pytest.raises(ValueError):
        ChainHead.parse(text)


def test_a_chain_head_round_trips() -> None:
    head = ChainHead(12, "AB" * 32)
    assert ChainHead.parse(str(head)) == ChainHead(12, "ab" * 32)


def test_the_last_head_seen_is_remembered_per_log_and_kept_when_the_log_does_not_extend_it(
    tmp_path: Path, key_dir: Path
) -> None:
    path = tmp_path / "log.sqlite3"
    make_log(path, 3)
    with ContactLog.open(path) as log:
        assert load_seen(key_dir, path) is None
        assert check_seen(log, key_dir) is None  # nothing seen yet: remembered now
        seen = load_seen(key_dir, path)
        assert seen is not None and seen.head == log.head() and seen.log_id == log.log_id
        log.add(sample_draft())
        assert check_seen(log, key_dir) is None  # extends it: the longer head is remembered
        longer = load_seen(key_dir, path)
        assert longer is not None and longer.head.count == 4
    tamper(path, ("DELETE FROM contact WHERE id = 4", ()))
    with ContactLog.open(path) as log:
        failed = check_seen(log, key_dir)
        assert failed is not None and failed.problem == TRUNCATED
        assert "but the head this account saw on" in describe(failed)
    assert load_seen(key_dir, path) == longer  # the evidence is kept, not overwritten
    (key_dir / "seen-heads.json").write_text("not json", encoding="utf-8")
    assert load_seen(key_dir, path) is None
    remember(key_dir, path, "", longer.head)
    assert load_seen(key_dir, path).head == longer.head  # type: ignore[union-attr]


def test_worker_processes_really_run_and_agree(tmp_path: Path) -> None:
    from brightline.core.contact_log.parallel import auto_workers, start_parallel
    from brightline.core.contact_log.verify import ExpectedHead, combine

    path = tmp_path / "log.sqlite3"
    head = make_log(path, 7)
    with ContactLog.open(path) as log:
        job = (frozenset({7}), log.log_id, 1)
        wait = start_parallel(f"{path.resolve().as_uri()}?mode=ro", 2, 7, 3, job)  # no fallback: errors surface
        split = combine(wait(), [ExpectedHead(head)], log.log_id)
        assert split == log.verify(head, workers=1) and split.ok and split.count == 7
    assert auto_workers(10) == 1  # small logs are checked in this process
