"""The trainer's records view and the training models: Qt's model tester, filters, item analysis,
exports from the window; and the training session the window plays (Qt-free)."""

# The fixtures imported from ui.test_training_support are redefined as test arguments, as pytest means.
# ruff: noqa: F811

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from brightline.core.library import Library
from brightline.core.training import CSV_HEADER, TrainingSession, choose_scenarios
from brightline.core.training_log import TrainingLog, item_analysis
from brightline.ui.training.item_model import ItemStatModel
from brightline.ui.training.records_model import RECORD_ROLE, TrainingRecordsModel
from brightline.ui.training.records_proxy import TrainingRecordsProxyModel
from brightline.ui.training.results_model import SessionResultsModel
from brightline.ui.training.training_window import TrainingWindow
from ui.test_training_support import (  # noqa: F401 (fixtures)
    ORDER,
    training_library,
    training_log,
    training_root,
    training_window,
)

RIGHT = {"night-detainer": [0], "unsure-paper": [2, 0], "scene-crowd": [1]}
WRONG = {"night-detainer": [2, 0], "unsure-paper": [0], "scene-crowd": [0]}


class Clock:
    """A clock that moves on 10 s each time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=10)
        return self.now


def play(
    library: Library, log: TrainingLog, trainee: str, answers: dict[str, list[int]], pack_id: str = "testville"
) -> TrainingSession:
    """Play every scenario of the pack with these answers and record the results, as the window does."""
    pack = library.packs[pack_id]
    session = TrainingSession(pack, choose_scenarios(pack), trainee, "self-paced", clock=Clock())
    while not session.over:
        walk = session.begin()
        for choice in answers[session.scenario.id]:
            walk.answer(choice)
        result = session.finish()
        log.add(
            trainee,
            pack.id,
            pack.manifest.version,
            session.scenario.title,
            session.scenario.difficulty,
            session.mode,
            result,
        )
        session.advance()
    return session


@pytest.fixture
def filled_log(training_library: Library, training_log: TrainingLog) -> TrainingLog:
    play(training_library, training_log, "Ana Ruiz", RIGHT)
    play(training_library, training_log, "Ben Ode", WRONG)
    play(training_library, training_log, "Ben Ode", RIGHT, pack_id="proposalville")
    return training_log


def test_the_models_pass_qt_model_tester(
    qtmodeltester: ModelTester, training_library: Library, filled_log: TrainingLog
) -> None:
    records = filled_log.records()
    model = TrainingRecordsModel()
    model.set_records(records, training_library.packs)
    qtmodeltester.check(model)
    proxy = TrainingRecordsProxyModel()
    proxy.setSourceModel(model)
    proxy.set_trainee("trainee:Ben Ode")
    proxy.sort(0)
    qtmodeltester.check(proxy)
    questions, scenarios = item_analysis(records)
    items = ItemStatModel("Question")
    items.set_items([(q, q.label) for q in questions])
    qtmodeltester.check(items)
    session = play(training_library, TrainingLog(filled_log.path.with_name("other.sqlite3")), "Cy", RIGHT)
    results = SessionResultsModel()
    results.set_results([(session.scenario_of(r), r) for r in session.results])
    qtmodeltester.check(results)


def test_filters_narrow_the_results_and_the_item_analysis(
    qtbot: QtBot, training_window: TrainingWindow, filled_log: TrainingLog
) -> None:
    training_window.tabs.setCurrentIndex(1)
    view = training_window.records
    assert view.count.text() == "9 of 9 results"
    assert view.trainee.count() == 3 and view.pack.count() == 3 and view.scenario.count() == 7
    # Ben's wrong answers: the first question of the detainer tree is the one missed most.
    assert view.questions.index(0, 0).data() == "Who signed the paper that asks you to keep the person in custody?"
    view.trainee.setCurrentIndex(view.trainee.findData("trainee:Ben Ode"))
    assert view.count.text() == "6 of 9 results"
    view.pack.setCurrentIndex(view.pack.findData("testville"))
    assert {r.scenario_id for r in view.shown_records()} == set(ORDER)
    assert all(r.points < r.max_points for r in view.shown_records())
    assert [view.scenarios.index(row, 3).data() for row in range(3)] == ["100%"] * 3
    view.scenario.setCurrentIndex(view.scenario.findData("testville/scene-crowd"))
    assert view.count.text() == "1 of 9 results"
    assert view.scenario.currentText() == "A crowd gathers at an arrest (Testville Police Department)"
    assert view.proxy.index(0, 0).data(RECORD_ROLE).scenario_title == "A crowd gathers at an arrest"
    assert (
        view.proxy.index(0, 9).data() == "What are the agents asking your officers to do?"
    )  # Ben's first wrong answer
    view.refresh()  # reading again keeps the filters
    assert view.count.text() == "1 of 9 results"


def test_sorting_by_time_and_score(qtbot: QtBot, training_window: TrainingWindow, filled_log: TrainingLog) -> None:
    training_window.tabs.setCurrentIndex(1)
    view = training_window.records
    view.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    scores = [view.proxy.index(row, 5).data(RECORD_ROLE).points for row in range(view.proxy.rowCount())]
    assert scores == sorted(scores)


def test_exports_from_the_window(
    qtbot: QtBot,
    training_window: TrainingWindow,
    filled_log: TrainingLog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    training_window.tabs.setCurrentIndex(1)
    view = training_window.records
    view.trainee.setCurrentIndex(view.trainee.findData("trainee:Ana Ruiz"))
    target = tmp_path / "roster"
    monkeypatch.setattr(
        "brightline.ui.training.records_view.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    view.csv.click()
    with (tmp_path / "roster.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_HEADER
    assert [r[0] for r in rows[1:]] == ["result"] * 3 + ["completion"]
    assert rows[-1][1:2] == ["Ana Ruiz"] and rows[-1][10:12] == ["3", "3"]  # 3 of 3 passed
    assert "roster.csv (3 results, 1 trainee)" in view.exported.text()
    view.pdf.click()
    assert (tmp_path / "roster.pdf").read_bytes().startswith(b"%PDF")


def pdf_text(path: Path) -> str:
    import pypdf

    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages)


def test_a_class_is_filed_as_a_class_and_a_certificate_is_for_a_whole_set_only(
    qtbot: QtBot,
    training_window: TrainingWindow,
    training_library: Library,
    training_log: TrainingLog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    play(training_library, training_log, "Ana Ruiz", RIGHT)  # every scenario of Testville, full marks
    pack = training_library.packs["testville"]
    one = TrainingSession(pack, choose_scenarios(pack, "difficulty", "easy"), "Ben Ode", "self-paced", Clock())
    one.begin().answer(0)
    training_log.add("Ben Ode", "testville", "2.1", one.scenario.title, "easy", "self-paced", one.finish())
    for trainee in ("Ben Ode", "Night shift"):  # a class that shares no name, and one that does
        session = TrainingSession(pack, choose_scenarios(pack), trainee, "presenter", clock=Clock())
        while not session.over:
            walk = session.begin()
            for choice in WRONG[session.scenario.id]:
                walk.answer(choice)
            training_log.add(trainee, "testville", "2.1", session.scenario.title, "x", "presenter", session.finish())
            session.advance()
    training_window.tabs.setCurrentIndex(1)
    view = training_window.records
    names = [view.trainee.itemText(i) for i in range(view.trainee.count())]
    assert names == ["All trainees and classes", "Ana Ruiz", "Ben Ode", "Ben Ode (class)", "Night shift (class)"]
    view.trainee.setCurrentIndex(view.trainee.findData("trainee:Ben Ode"))
    assert len(view.shown_records()) == 1  # his own run only, not the class of his name
    assert view.scenarios.rowCount() == 0 and view.questions.rowCount() == 0  # full marks: nothing hardest
    view.trainee.setCurrentIndex(0)
    # Everyone's own runs were right: the classes' wrong votes are not anyone's item analysis.
    assert view.scenarios.rowCount() == 0 and view.questions.rowCount() == 0
    view.trainee.setCurrentIndex(view.trainee.findData("class:Night shift"))
    assert view.scenarios.rowCount() == 3 and view.questions.rowCount() > 0  # the class chosen: its votes
    view.trainee.setCurrentIndex(0)
    target = tmp_path / "all.pdf"
    monkeypatch.setattr(
        "brightline.ui.training.records_view.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    view.pdf.click()
    text = pdf_text(target)
    assert text.count("Certificate of completion") == 1  # Ana's whole set; not Ben's 1 of 3, not a class
    assert "Ana Ruiz completed every one of the 3 training scenarios of Testville Police Department" in text
    assert "1 of the 3 scenarios of Testville Police Department passed with full marks" in text
    assert "Night shift (a class, presented)" in text
    assert "testville/" not in text and "+00:00" not in text


def test_a_session_keeps_its_clock_through_back_and_restart(training_library: Library) -> None:
    pack = training_library.packs["testville"]
    session = TrainingSession(
        pack, choose_scenarios(pack, "tree", "detainer"), "  Ana   Ruiz ", "self-paced", clock=Clock()
    )
    assert session.trainee == "Ana Ruiz" and session.total == 2
    walk = session.begin()  # t = 10 s
    walk.answer(2)  # 20
    walk.restart()  # 30
    walk.answer(0)  # 40: the outcome
    result = session.finish()
    assert result.right_outcome and result.seconds == 30
    assert session.advance() and not session.advance() and session.over
    with pytest.raises(ValueError):
        session.begin()


def test_choosing_a_set(training_library: Library) -> None:
    pack = training_library.packs["testville"]
    assert [s.id for s in choose_scenarios(pack)] == ORDER
    assert [s.id for s in choose_scenarios(pack, "difficulty", "hard")] == ["scene-crowd"]
    assert [s.id for s in choose_scenarios(pack, "tree", "scene-assistance")] == ["scene-crowd"]
    drawn = choose_scenarios(pack, "random", count=2, seed=7)
    assert len(drawn) == 2 and drawn == choose_scenarios(pack, "random", count=2, seed=7)
    assert len(choose_scenarios(pack, "random", count=99)) == 3
    with pytest.raises(ValueError):
        choose_scenarios(pack, "everything")
    with pytest.raises(ValueError):
        TrainingSession(pack, [], "Ana", "self-paced")
