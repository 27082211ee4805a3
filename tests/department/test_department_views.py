"""The department's log read as one: the same views, filters, exports and report figures as a
machine's own log, by machine and unit too; and its verification."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from brightline.core.contact_log.exports import DepartmentExport, write_export
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.records import ContactRecord
from brightline.core.contact_log.store import ContactLog
from brightline.core.department import word_filter
from brightline.core.department.verify import verify_department
from brightline.core.department.views import DepartmentLog, text_query
from deptlib import Department, Machine


@pytest.fixture
def three(department: Department) -> list[Machine]:
    """A booking workstation and two patrol laptops, each with its own records, all sent."""
    booking = department.machine("booking-01", unit="Jail")
    car1 = department.machine("patrol-01", unit="Patrol")
    car2 = department.machine("patrol-02", unit="Patrol")
    booking.record(4, verdict="decline", staff_name="Bo Diaz", contact_time="2024-03-05T02:10:00")
    booking.record(1, verdict="comply", staff_name="Bo Diaz", contact_time="2024-04-01T10:00:00", notes="sally port")
    car1.record(3, verdict="escalate", staff_name="Cy Lee", contact_time="2024-03-20T22:00:00", document="I-200")
    car2.record(2, verdict="decline", staff_name="Di Oz", contact_time="2024-05-02T08:30:00")
    with ContactLog.open(car2.log_path, key=car2.key()) as log:
        from deptlib import draft

        log.add(draft(kind="correction", corrects=1, verdict="comply", contact_time="2024-05-02T08:30:00"))
        log.add(draft(kind="addendum", corrects=2, contact_time="2024-05-02T08:30:00"))
    for machine in (booking, car1, car2):
        assert machine.sync().waiting == 0
    return [booking, car1, car2]


def test_the_department_view_pages_filters_and_counts_every_machine(
    department: Department, three: list[Machine]
) -> None:
    booking = three[0]
    with DepartmentLog.open(booking.config()) as log:
        everything = log.query(limit=100)
        assert len(everything) == log.count() == 12
        assert [r.draft.contact_time[:10] for r in everything][:2] == ["2024-05-02", "2024-05-02"]
        assert {r.machine for r in everything} == {"booking-01", "patrol-01", "patrol-02"}
        assert log.count(LogFilter(machine="patrol-01")) == 3
        assert log.count(LogFilter(unit="Patrol")) == 7
        assert log.count(LogFilter(unit="Patrol", verdict="decline")) == 3
        assert log.count(LogFilter(staff="Bo Diaz", date_from=date(2024, 4, 1))) == 1
        assert log.count(LogFilter(document="I-200")) == 3
        assert log.count(LogFilter(machine="no-such-machine")) == 0
        [found] = log.query(LogFilter(text="sally po"))
        assert (found.machine, found.id, found.draft.notes) == ("booking-01", 5, "sally port")
        page, so_far = log.first_page(LogFilter(unit="Patrol"), limit=3, count_at_most=5)
        assert len(page) == 3 and (so_far.at_least, so_far.exact) == (5, False)
        by_staff = log.query(order_by="staff", descending=False, limit=3)
        assert [r.draft.staff_name for r in by_staff] == ["Ana Ruiz", "Ana Ruiz", "Bo Diaz"]
        assert log.distinct("machine") == ["booking-01", "patrol-01", "patrol-02"]
        assert log.distinct("unit") == ["Jail", "Patrol"]
        detail = log.get("patrol-02", 1)
        assert detail is not None and [c.draft.kind for c in detail.corrections] == ["correction"]


@pytest.mark.parametrize("recent", [3, 2_000])
@pytest.mark.parametrize("order_by", ["contact_time", "staff"])
def test_a_word_filter_finds_the_same_page_and_count_whether_the_word_is_common_or_rare(
    department: Department, three: list[Machine], monkeypatch: pytest.MonkeyPatch, recent: int, order_by: str
) -> None:
    monkeypatch.setattr(word_filter, "RECENT", recent)  # 3: a word in 2 of 3 recent records is "rare"
    with DepartmentLog.open(three[0].config()) as log:
        every = log.query(order_by=order_by, limit=100)
        for words, unit in (("detainer", ""), ("faxed", "Patrol"), ("sally", ""), ("nowhere", "")):
            matching = [r for r in every if (not unit or r.machine != "booking-01") and _has_word(r, words)]
            flt = LogFilter(text=words, unit=unit)
            page, so_far = log.first_page(flt, order_by=order_by, limit=2, count_at_most=4)
            assert [(r.machine, r.id) for r in page] == [(r.machine, r.id) for r in matching[:2]]
            assert (so_far.at_least, so_far.exact) == (min(len(matching), 4), len(matching) < 4)
            later = log.query(flt, order_by=order_by, limit=2, offset=2)
            assert [(r.machine, r.id) for r in later] == [(r.machine, r.id) for r in matching[2:4]]


def _has_word(record: ContactRecord, prefix: str) -> bool:
    d = record.draft
    text = " ".join(t or "" for t in (d.notes, d.agency, d.official_name, d.official_badge, d.headline)).lower()
    return any(word.startswith(prefix) for word in re.findall(r"\w+", text))


def test_the_report_figures_are_those_of_the_machines_logs_added_up(
    department: Department, three: list[Machine]
) -> None:
    groupings = ("request_type", "verdict", "document", "month", "pack")
    expected: dict[str, dict[str, int]] = {g: {} for g in groupings}
    follow_ups: dict[str, int] = {}
    for machine in three:
        with ContactLog.open(machine.log_path, create=False) as local:
            for g in groupings:
                for key, n in local.counts_by(g, date(2024, 3, 1), date(2024, 5, 31)).items():
                    expected[g][key] = expected[g].get(key, 0) + n
            for key, n in local.follow_up_counts().items():
                follow_ups[key] = follow_ups.get(key, 0) + n
    with DepartmentLog.open(three[0].config()) as log:
        for g in groupings:
            assert log.counts_by(g, date(2024, 3, 1), date(2024, 5, 31)) == expected[g]
        assert log.follow_up_counts() == follow_ups == {"correction": 1, "addendum": 1}
        assert log.counts_by("verdict")["comply"] == 2  # the corrected contact counts as corrected


def test_exports_of_the_department_name_each_machine_and_its_head(
    department: Department, three: list[Machine], tmp_path: Path
) -> None:
    with DepartmentLog.open(three[0].config()) as log:
        heads = tuple((h.machine, h.log_id, h.head) for h in log.machine_heads())
        info = write_export(log, tmp_path / "d.csv", "csv", department=DepartmentExport("Test PD", heads))
        write_export(log, tmp_path / "d.json", "json", flt=LogFilter(machine="patrol-02"))
    assert info.count == 12
    text = (tmp_path / "d.csv").read_text()
    table, _, about = text.partition("\n\n")  # the records, then what the export says of itself
    assert "Machine patrol-01: log" in about and "(3 records)" in about
    rows = list(csv.DictReader(table.splitlines()))
    assert {r["Machine"] for r in rows} == {"booking-01", "patrol-01", "patrol-02"}
    assert [(r["Machine"], r["Record"]) for r in rows if r["Machine"] == "patrol-01"] == [
        ("patrol-01", str(i)) for i in (1, 2, 3)
    ]
    exported = json.loads((tmp_path / "d.json").read_text())
    assert {r["machine"] for r in exported["records"]} == {"patrol-02"} and exported["count"] == 4


def test_verify_passes_and_then_names_the_machine_whose_chain_was_changed_on_the_server(
    department: Department, three: list[Machine]
) -> None:
    with DepartmentLog.open(three[0].config()) as log:
        check = verify_department(log)
    assert check.ok and not check.refusals
    assert [m.result.count for m in check.machines] == [5, 3, 4]
    assert all(m.checkpoints >= 1 for m in check.machines)
    with department.admin(autocommit=True) as con:
        con.execute("ALTER TABLE brightline.contact DISABLE TRIGGER USER")
        # A forger with the database's owner account rewrites patrol-01's record 2 and every hash after it.
        con.execute(
            "UPDATE brightline.contact SET body = replace(body, 'Cy Lee', 'Al Bo'), staff_name = 'Al Bo' "
            "WHERE seq = 2 AND machine_id = (SELECT id FROM brightline.machine WHERE name = 'patrol-01')"
        )
        con.execute(
            "UPDATE brightline.contact SET hash = encode(sha256(convert_to(body, 'UTF8')), 'hex') "
            "WHERE machine_id = (SELECT id FROM brightline.machine WHERE name = 'patrol-01')"
        )
    with DepartmentLog.open(three[0].config()) as log:
        check = verify_department(log)
    assert not check.ok
    failed = {m.machine: m.result.problem for m in check.machines if not m.result.ok}
    assert list(failed) == ["patrol-01"]
    assert any("patrol-01: FAILED" in line for line in check.lines())


def test_a_column_edited_on_the_server_leaves_the_kept_counts_and_fails_verify(
    department: Department, three: list[Machine]
) -> None:
    with department.admin(autocommit=True) as con:
        con.execute("ALTER TABLE brightline.contact DISABLE TRIGGER USER")
        con.execute("UPDATE brightline.contact SET verdict = 'comply' WHERE verdict = 'escalate'")  # 70 % declined …
    with DepartmentLog.open(three[0].config()) as log:
        assert log.counts_by("verdict")["escalate"] == 3  # counted as the records arrived
        check = verify_department(log)
    assert not check.ok
    assert {m.machine: m.result.problem for m in check.machines if not m.result.ok} == {"patrol-01": "index_mismatch"}
    assert [c.machine for c in check.counts] == ["patrol-01"]  # its columns no longer give its counts


def test_text_queries_are_phrases_with_prefixes() -> None:
    assert text_query("sally po") == "'sally':* & 'po':*"
    assert text_query("sally-po ICE") == "'sally' <-> 'po':* & 'ice':*"
    assert text_query("' & !") == ""


def test_a_log_that_began_before_format_2_and_texts_needing_escapes_verify_on_the_server(
    department: Department,
) -> None:
    laptop = department.machine("patrol-09")
    shutil.copy(Path(__file__).resolve().parents[1] / "core" / "data" / "contact-log-v1.sqlite3", laptop.log_path)
    laptop.record(1, staff_name='Zoë "Z" O\'Brien \\ 東', agency="ICE\tERO", notes="line one\nline two \u2028")
    laptop.record(1, kind="correction", corrects=1, verdict="comply")
    result = laptop.sync()
    assert result.refused is None and result.waiting == 0
    with DepartmentLog.open(laptop.config()) as log:
        check = verify_department(log)
        assert check.ok, check.lines()
        [tricky] = log.query(LogFilter(staff='Zoë "Z" O\'Brien \\ 東'))
    assert tricky.draft.notes == "line one\nline two \u2028"
    with ContactLog.open(laptop.log_path, create=False) as local:
        assert local.format_2_from > 1  # some records are format 1
        assert check.machines[0].result.head == local.head()
