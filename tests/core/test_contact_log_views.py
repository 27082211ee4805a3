"""Views of a larger log: a common word's page found by checking rows (`textscan`) is the page the
FTS index gives, and what a view can count at once (`first_page`, `count_quickly`) is never more
than is true and says when it is not the whole count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from brightline.core.contact_log import textscan
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.store import ContactLog

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
RECORDS = 3000


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic records (the benchmarks' generator): "ICE" in ~80%, "sally port" in ~20%."""
    import contact_log_data

    path = tmp_path_factory.mktemp("views") / "contact-log.sqlite3"
    contact_log_data.generate_log(path, RECORDS)
    return path


@pytest.fixture
def log(log_path: Path) -> Iterator[ContactLog]:
    with ContactLog.open(log_path, read_only=True) as opened:
        yield opened


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[list[int] | None]:
    """Checking rows made worth trying at this size (collecting matches made to look as dear as
    a million records make it); what each scan found (None: it gave up, and the page was found
    the usual way)."""
    monkeypatch.setattr(textscan, "MATCH_COST", 1000.0)
    found: list[list[int] | None] = []
    real = textscan.scan

    def scan(*args: Any) -> list[int] | None:
        found.append(real(*args))
        return found[-1]

    monkeypatch.setattr(textscan, "scan", scan)
    return found


def ids(log: ContactLog, flt: LogFilter, **kwargs: Any) -> list[int]:
    return [record.id for record in log.query(flt, **kwargs)]


def collected(log: ContactLog, flt: LogFilter, **kwargs: Any) -> list[int]:
    """The same page the usual way: every match of the FTS index collected first."""
    saved = textscan.ROW_COST
    textscan.ROW_COST = 1e12
    try:
        return ids(log, flt, **kwargs)
    finally:
        textscan.ROW_COST = saved


FILTERS = [
    LogFilter(text="ICE"),
    LogFilter(text="sally po"),  # a phrase whose last word is a prefix
    LogFilter(text="ice ero"),  # two words, anywhere in the text
    LogFilter(text="ICE", verdict="decline"),
    LogFilter(text="detainer", verdict="escalate"),
    LogFilter(text="ice", date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: f"{f.text}+{f.verdict or f.staff or f.date_from or ''}")
def test_checking_rows_finds_the_page_the_index_gives(
    log: ContactLog, flt: LogFilter, scans: list[list[int] | None]
) -> None:
    views = [
        {"order_by": order_by, "descending": descending, "limit": 25, "offset": offset}
        for order_by in ("contact_time", "staff", "verdict", "id")
        for descending in (True, False)
        for offset in (0, 37, 300)
    ]
    found_by_scan = 0
    for kwargs in views:
        scans.clear()
        got = ids(log, flt, **kwargs)
        assert got == collected(log, flt, **kwargs), kwargs
        assert len(got) == 25
        found_by_scan += bool(scans) and scans[-1] is not None
    # Mostly found by checking rows (else this tests nothing); a scan may give up where the
    # rows first in that order seldom hold the text (staff members write their own notes).
    assert found_by_scan >= len(views) * 3 // 4


def test_a_rare_word_gives_up_checking_rows(log: ContactLog, scans: list[list[int] | None]) -> None:
    rare = LogFilter(text="ERO-4242")
    expected = collected(log, rare, limit=40)
    assert ids(log, rare, limit=40) == expected
    assert scans == [None]  # a batch found too few to be worth going on


def test_checking_rows_matches_words_as_the_index_does(tmp_path: Path, scans: list[list[int] | None]) -> None:
    from log_writer_child import sample_draft

    notes = ["Café at the corner", "cafeteria door", "the Sally-Port gate", "released at 03:00", "sally", "port"]
    with ContactLog.open(tmp_path / "contact-log.sqlite3") as log:
        for i in range(60):
            log.add(sample_draft(notes=notes[i % len(notes)], contact_time=f"2024-03-{1 + i % 28:02d}T10:00:00-08:00"))
        for text in ("cafe", "café", "CAFET", "sally port", "sally-po", "03", "release"):
            flt = LogFilter(text=text)
            scans.clear()
            got = ids(log, flt, limit=200)
            assert got == collected(log, flt, limit=200), text
            assert got and scans and scans[-1] is not None, text


def test_first_page_counts_what_an_index_tells_at_once(log: ContactLog) -> None:
    staff = LogFilter(staff="Ana Garcia")
    records, so_far = log.first_page(staff, limit=10, count_at_most=1000)
    assert [r.id for r in records] == ids(log, staff, limit=10)
    assert so_far.exact and so_far.at_least == log.count(staff)  # fewer than 1,000: exact
    records, so_far = log.first_page(LogFilter(), limit=10, count_at_most=1000)
    assert (so_far.at_least, so_far.exact) == (1000, False)  # 3,000 in the log: "at least"
    assert log.count() == RECORDS
    page, so_far = log.first_page(LogFilter(staff="Ana Garcia", verdict="comply", document="I-200"), limit=500)
    assert so_far.exact and so_far.at_least == len(page)  # the page is all of them


def test_common_text_with_other_filters_is_left_to_the_full_count(
    log: ContactLog, scans: list[list[int] | None]
) -> None:
    common = LogFilter(text="ICE", verdict="decline")
    records, so_far = log.first_page(common, limit=10, count_at_most=1000)
    assert [r.id for r in records] == collected(log, common, limit=10)
    assert not so_far.exact and so_far.at_least == 10  # only what is shown is known
    total = log.count(common)
    assert total > 100 and total == len(collected(log, common, limit=RECORDS))
    alone = LogFilter(text="ICE")
    assert log.count_quickly(alone, 1000).exact is False  # a scan found it common: not counted
    rare = LogFilter(text="ERO-4242", verdict="decline")
    assert log.count_quickly(rare, 1000).exact  # a few matches are counted at once


def test_a_common_texts_count_so_far_without_a_scan(log: ContactLog) -> None:
    alone = LogFilter(text="ICE")
    so_far = log.count_quickly(alone, 1000)
    assert (so_far.at_least, so_far.exact) == (1000, False)
    exact = log.count_quickly(alone, RECORDS + 1)
    assert exact.exact and exact.at_least == log.count(alone) > 2000
