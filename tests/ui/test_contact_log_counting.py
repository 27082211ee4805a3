"""A view of many matches shows its first page before every match is counted: the rows shown are
the right ones in the right order, the table and the count label say the count is not finished,
and the rest of the rows (and the exact number) follow from the background count."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.store import ContactLog
from brightline.ui.contact_log import table_model
from brightline.ui.contact_log.background import TaskRunner
from brightline.ui.contact_log.table_model import RECORD_ID_ROLE, STAFF, ContactLogTableModel
from brightline.ui.main_window import MainWindow
from ui.test_contact_log_support import OFFSCREEN_SIZE_HINTS, fill_log, generated_log, wait_idle

pytestmark = OFFSCREEN_SIZE_HINTS
RECORDS = 3000


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_log(tmp_path_factory.mktemp("counting"), RECORDS)


def shown(model: ContactLogTableModel, rows: range | None = None) -> list[int]:
    return [model.index(row, 0).data(RECORD_ID_ROLE) for row in (rows or range(model.rowCount()))]


def expected(log: ContactLog, flt: LogFilter, limit: int, offset: int = 0, **order: object) -> list[int]:
    return [record.id for record in log.query(flt, limit=limit, offset=offset, **order)]  # type: ignore[arg-type]


def test_a_large_view_shows_its_first_rows_then_every_row_when_counted(qtbot: QtBot, big_log: Path) -> None:
    runner = TaskRunner()
    with ContactLog.open(big_log) as log:
        model = ContactLogTableModel(log, runner=runner, page_size=16, count_at_once=100)
        ModelTester(qtbot).check(model, force_py=True)  # it also fetches more, as a view would
        # At once: the first rows, and no more than are known to match (at least 100 of 3,000).
        assert not model.count_is_exact and 100 <= model.rowCount() < RECORDS
        assert shown(model) == expected(log, LogFilter(), model.rowCount())
        with qtbot.waitSignal(model.count_changed, timeout=10_000):
            pass
        assert model.count_is_exact and model.rowCount() == RECORDS
        assert shown(model, range(RECORDS - 3, RECORDS)) == expected(log, LogFilter(), 3, RECORDS - 3)

        # A common word with another filter: not even "at least 100" is known at once.
        common = LogFilter(text="ICE", verdict="decline")
        total = log.count(common)
        assert total > 200
        model.set_filter(common)
        known = model.rowCount()
        assert not model.count_is_exact and 16 <= known < 100 and known % 16 == 0
        assert shown(model) == expected(log, common, known)
        assert model.canFetchMore(QModelIndex())
        model.fetchMore(QModelIndex())  # the view scrolled to the last row known
        assert model.rowCount() == known + 16 and shown(model) == expected(log, common, known + 16)
        with qtbot.waitSignal(model.count_changed, timeout=10_000):
            pass
        assert model.count_is_exact and model.rowCount() == total and not model.canFetchMore(QModelIndex())
        assert shown(model) == expected(log, common, total)

        # Sorted by another column, with the filter: right before and after the count.
        model.sort(STAFF, Qt.SortOrder.AscendingOrder)
        by_staff = {"order_by": "staff", "descending": False}
        assert not model.count_is_exact and model.rowCount() < total
        assert shown(model) == expected(log, common, model.rowCount(), **by_staff)
        with qtbot.waitSignal(model.count_changed, timeout=10_000):
            pass
        assert model.rowCount() == total and shown(model) == expected(log, common, total, **by_staff)
        staff = [model.index(row, STAFF).data() for row in range(total)]
        assert staff == sorted(staff)
    runner.wait()


def test_fetching_to_the_end_makes_the_count_exact(qtbot: QtBot, big_log: Path) -> None:
    runner = TaskRunner()
    with ContactLog.open(big_log) as log:
        few = LogFilter(text="ICE", staff="Ana Garcia")
        total = log.count(few)
        assert 16 < total < 160
        model = ContactLogTableModel(log, runner=runner, page_size=16)
        ModelTester(qtbot).check(model, force_py=True)
        model.set_filter(few)
        assert not model.count_is_exact
        with qtbot.waitSignal(model.count_changed, timeout=1000):
            for _ in range(20):  # before the background count arrives
                if model.canFetchMore(QModelIndex()):
                    model.fetchMore(QModelIndex())
        assert model.count_is_exact and model.rowCount() == total
        assert shown(model) == expected(log, few, total)
    runner.wait()


def gate_counts(
    monkeypatch: pytest.MonkeyPatch, gates: dict[LogFilter, threading.Event], stopped: LogFilter | None = None
) -> tuple[list[LogFilter], list[LogFilter]]:
    """Make the background count of each filter in `gates` wait for its event, and the count
    of `stopped` then fail as an interrupted query does; returns the filters whose count has
    started and those whose count has ended."""
    from brightline.core.contact_log.errors import LogError

    started: list[LogFilter] = []
    ended: list[LogFilter] = []
    real_count = ContactLog.count

    def gated(log: ContactLog, flt: LogFilter | None = None) -> int:
        started.append(flt or LogFilter())
        gate = gates.get(flt or LogFilter())
        if gate is not None:
            gate.wait(10)
        try:
            if flt == stopped:
                raise LogError(log.path, "database error: interrupted")
            return real_count(log, flt)
        finally:
            ended.append(flt or LogFilter())

    monkeypatch.setattr(ContactLog, "count", gated)
    return started, ended


@pytest.mark.parametrize("stopped", [False, True], ids=["ends-late", "is-stopped"])
def test_a_count_for_a_view_no_longer_shown_is_dropped(
    qtbot: QtBot, big_log: Path, monkeypatch: pytest.MonkeyPatch, stopped: bool
) -> None:
    old, new = LogFilter(text="ICE"), LogFilter(text="sally", verdict="decline")
    gates = {old: threading.Event(), new: threading.Event()}
    runner = TaskRunner()
    with ContactLog.open(big_log) as log:
        total = log.count(new)
        started, ended = gate_counts(monkeypatch, gates, old if stopped else None)
        model = ContactLogTableModel(log, runner=runner, page_size=16, count_at_once=100)
        failures: list[object] = []
        model.read_failed.connect(failures.append)
        qtbot.waitUntil(lambda: model.count_is_exact and not runner.busy, timeout=10_000)
        model.set_filter(old)  # counted in the background ...
        qtbot.waitUntil(lambda: old in started, timeout=10_000)
        model.set_filter(new)  # ... but this is what is shown now
        known = model.rowCount()
        gates[old].set()  # the old count ends first
        qtbot.waitUntil(lambda: old in ended, timeout=10_000)
        qtbot.wait(50)  # its result (or its failure, if it was stopped) is delivered
        assert not model.count_is_exact and model.rowCount() == known  # not taken for the new view's
        gates[new].set()
        qtbot.waitUntil(lambda: model.count_is_exact, timeout=10_000)
        assert model.rowCount() == total and shown(model) == expected(log, new, total)
        assert failures == []  # a stopped count is not an error the user hears of
    runner.wait()


def test_a_failed_count_is_reported_and_the_rows_stay(
    qtbot: QtBot, big_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.core.contact_log.errors import LogError

    runner = TaskRunner()
    with ContactLog.open(big_log) as log:
        model = ContactLogTableModel(log, runner=runner, page_size=16, count_at_once=100)
        qtbot.waitUntil(lambda: model.count_is_exact and not runner.busy, timeout=10_000)

        def broken(log: ContactLog, flt: LogFilter | None = None) -> int:
            raise LogError(log.path, "input/output error from the operating system")

        monkeypatch.setattr(ContactLog, "count", broken)
        flt = LogFilter(text="ICE", verdict="decline")
        with qtbot.waitSignal(model.read_failed, timeout=10_000) as failed:
            model.set_filter(flt)
        assert "input/output error" in str(failed.args[0])
        assert not model.count_is_exact and shown(model) == expected(log, flt, model.rowCount())
        assert not model.still_counting  # the label must not go back to "still counting…"
        model.fetchMore(QModelIndex())  # scrolling on still reads more rows
        assert not model.still_counting and shown(model) == expected(log, flt, model.rowCount())
    runner.wait()


def test_the_count_label_says_when_it_is_still_counting(
    qtbot: QtBot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_log(data_dir, 150)
    monkeypatch.setattr(table_model, "COUNT_AT_ONCE", 10)  # as a million records would need
    counted = threading.Event()  # the background count waits for the test, however long it takes
    real_count = ContactLog.count

    def slow_count(log: ContactLog, flt: LogFilter | None = None) -> int:
        counted.wait(10)
        return real_count(log, flt)

    monkeypatch.setattr(ContactLog, "count", slow_count)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    view = window.contact_log.log_window
    qtbot.waitExposed(view)
    assert view.model is not None and not view.model.count_is_exact
    known = view.model.rowCount()  # 10, or more if the table fetched more to fill itself
    assert 10 <= known < 150
    assert view.count.text().startswith(f"At least {known} records in the log \u2014 still counting\u2026")
    assert shown(view.model) == list(range(150, 150 - known, -1))
    counted.set()
    wait_idle(qtbot, window)
    assert view.count.text().startswith("150 records in the log.")
    assert view.model.rowCount() == 150

    counted.clear()
    qtbot.keyClicks(view.filters.text, "routine")  # in four records of five
    qtbot.keyClick(view.filters.text, Qt.Key.Key_Return)
    known = view.model.rowCount()
    assert view.count.text().startswith(f"At least {known} records match \u2014 still counting\u2026")
    routine = [n + 1 for n in range(149, -1, -1) if n % 5]
    assert shown(view.model) == routine[:known]  # the newest, shown already
    assert view.detail.original_id == 150
    view.table.selectRow(2)
    assert view.detail.original_id == 148
    counted.set()
    wait_idle(qtbot, window)
    assert view.count.text().startswith("120 records match.")
    assert shown(view.model) == routine
    # The rest were added below: the row chosen stays chosen and shown.
    assert view.table.currentIndex().row() == 2 and view.detail.original_id == 148
