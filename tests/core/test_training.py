"""Training: scoring against the expected outcome and path, the debrief, and the records."""

from __future__ import annotations

from pathlib import Path

from brightline.core.library import load_library
from brightline.core.training import debrief_text, expected_choices, score
from brightline.core.training_log import TrainingLog, completion, item_analysis
from brightline.core.walk import Walk


def play(packs: Path, choices: list[int]):  # type: ignore[no-untyped-def]
    pack = load_library(packs).pack("base")
    scenario = pack.scenarios["s1"]
    walk = Walk(pack.trees["detainer"])
    for choice in choices:
        walk.answer(choice)
    return pack, scenario, score(pack, scenario, walk)


def test_expected_answers_score_full_marks(packs: Path) -> None:
    pack = load_library(packs).pack("base")
    scenario = pack.scenarios["s1"]
    assert expected_choices(pack.trees["detainer"], scenario) == [0, 0]
    _, _, result = play(packs, [0, 0])
    assert result.right_outcome and result.right_path
    assert (result.points, result.max_points, result.percent) == (3, 3, 100)
    assert result.first_divergence is None


def test_wrong_answer_scores_less_and_shows_where(packs: Path) -> None:
    pack, scenario, result = play(packs, [1])
    assert not result.right_outcome and result.right_path is False
    assert result.points == 0
    assert result.first_divergence == 0
    text = debrief_text(pack, scenario, result)
    assert "✗ 1. What kind of paper is it?" in text
    assert "you chose: A warrant signed by a judge" in text
    assert "expected:  An ICE form" in text
    assert "Expected outcome: DECLINE — Do not hold the person." in text
    assert "Your outcome:     COMPLY — Honour the judge's warrant." in text
    assert "[base-law:no-hold] Base law, § 1 — No holds" in text


def test_city_pack_drops_inherited_scenarios_whose_answer_it_changed(packs: Path) -> None:
    scenario = (packs / "base/scenarios/s1.yaml").read_text()
    (packs / "base/scenarios/s2.yaml").write_text(
        scenario.replace("id: s1", "id: s2")
        .replace("expected_outcome: decline", "expected_outcome: honour")
        .replace("expected_path: [what-paper, note-copy, decline]", "expected_path: [what-paper, honour]")
    )
    library = load_library(packs)
    assert set(library.pack("base").scenarios) == {"s1", "s2"}
    # The city replaced 'honour' (comply → escalate): s2 would teach the state's answer. It only
    # added to 'decline', so s1 still trains the right answer there.
    assert set(library.pack("city").scenarios) == {"s1"}


def test_records_are_kept_and_analysed(packs: Path, tmp_path: Path) -> None:
    log = TrainingLog(tmp_path / "training.sqlite3")
    pack, scenario, good = play(packs, [0, 0])
    _, _, bad = play(packs, [1])
    log.add("Ana Ruiz", "base", "1.10", scenario.title, scenario.difficulty, "self-paced", good)
    log.add("Ana Ruiz", "base", "1.10", scenario.title, scenario.difficulty, "self-paced", bad)
    log.add("Ben Ode", "base", "1.10", scenario.title, scenario.difficulty, "self-paced", bad)
    records = log.records()
    assert [r.trainee for r in records] == ["Ben Ode", "Ana Ruiz", "Ana Ruiz"]
    assert records[0].missed_node == "what-paper" and records[2].missed_node == ""
    questions, scenarios = item_analysis(records)
    assert questions[0].key == "detainer/what-paper" and (questions[0].attempts, questions[0].misses) == (3, 2)
    assert scenarios[0].label == "A detainer at night" and scenarios[0].misses == 2
    table = completion(records, {"base": ["s1"]})
    [ana] = table["Ana Ruiz"].packs
    assert (ana.pack_id, len(ana.passed), ana.total, ana.complete) == ("base", 1, 1, True)
    [ben] = table["Ben Ode"].packs
    assert (len(ben.passed), ben.complete) == (0, False)
    # A class's presented run counts towards no one's completion.
    log.add("A class", "base", "1.10", scenario.title, scenario.difficulty, "presenter", good)
    assert "A class" not in completion(log.records(), {"base": ["s1"]})


HOSTILE_NAMES = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTab", "\rReturn"]


def test_the_training_csv_never_hands_a_spreadsheet_a_formula(packs: Path, tmp_path: Path) -> None:
    import csv

    from brightline.core.training import write_training_csv

    log = TrainingLog(tmp_path / "training.sqlite3")
    _, scenario, good = play(packs, [0, 0])
    for name in HOSTILE_NAMES:
        log.add(name, "base", "1.10", scenario.title, scenario.difficulty, "self-paced", good)
    records = log.records()
    out = tmp_path / "roster.csv"
    write_training_csv(out, records, completion(records, {"base": ["s1"]}))
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    trainees = [row[1] for row in rows]
    assert len(trainees) == 2 * len(HOSTILE_NAMES)
    stored = {r.trainee for r in records}  # as kept: runs of spaces and tabs become one space
    for cell in trainees:
        assert cell[:1] not in "=+-@\t\r", cell
        assert cell in stored or (cell.startswith("'") and cell[1:] in stored)
    assert sum(cell.startswith("'") for cell in trainees) == 2 * 4  # the four names that are formulas
    assert {row[7] for row in rows if row[0] == "result"} == {str(good.points)}  # numbers stay numbers


def with_a_second_decline(packs: Path) -> None:
    """The base pack's third answer leads to another outcome that also declines."""
    tree = packs / "base/trees/detainer.yaml"
    text = tree.read_text(encoding="utf-8").replace(
        '      - label: "no"\n        next: honour', '      - label: "no"\n        next: decline-other'
    )
    text += """  decline-other:
    type: outcome
    verdict: decline
    headline: Do not hold the person; send the paper to the supervisor.
    do: [Release on time.]
    cite: [base-law:no-hold]
"""
    tree.write_text(text, encoding="utf-8")


def test_another_outcome_with_the_same_verdict_is_the_same_response_not_wrong(packs: Path) -> None:
    with_a_second_decline(packs)
    pack, scenario, result = play(packs, [2])
    assert result.outcome_id == "decline-other" and result.verdict == "decline"
    assert not result.right_outcome and result.right_verdict and result.same_response_only
    assert (result.points, result.max_points) == (1, 3)  # not "0 of 3"
    text = debrief_text(pack, scenario, result)
    assert "Score: 1 of 3 points (33%) — the same response by another outcome" in text
    assert "Your outcome:     DECLINE — Do not hold the person; send the paper to the supervisor." in text
    _, _, wrong = play(packs, [1])
    assert not wrong.right_verdict and wrong.points == 0


def test_records_keep_the_same_response_and_an_old_file_is_upgraded(packs: Path, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "training.sqlite3"
    old = sqlite3.connect(path)  # a file from before right_verdict was kept
    old.executescript(
        "CREATE TABLE results (id INTEGER PRIMARY KEY, trainee TEXT NOT NULL, played_at TEXT NOT NULL,"
        " pack_id TEXT NOT NULL, pack_version TEXT NOT NULL, scenario_id TEXT NOT NULL, scenario_title TEXT NOT NULL,"
        " tree_id TEXT NOT NULL, difficulty TEXT NOT NULL, mode TEXT NOT NULL, right_outcome INTEGER NOT NULL,"
        " right_path INTEGER, points INTEGER NOT NULL, max_points INTEGER NOT NULL, seconds REAL NOT NULL,"
        " path TEXT NOT NULL, missed_node TEXT);"
        "INSERT INTO results VALUES (1, 'Ana', '2024-01-01T00:00:00+00:00', 'base', '1', 's1', 'T', 'detainer',"
        " 'easy', 'self-paced', 1, 1, 3, 3, 5.0, '[]', NULL); PRAGMA user_version = 1;"
    )
    old.close()
    with_a_second_decline(packs)
    _, scenario, result = play(packs, [2])
    log = TrainingLog(path)
    log.add("Ben", "base", "1.10", scenario.title, scenario.difficulty, "self-paced", result)
    newest, oldest = log.records()
    assert newest.right_verdict is True and newest.same_response_only
    assert oldest.right_verdict is None and oldest.trainee == "Ana"
