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
    assert len(table["Ana Ruiz"]["passed"]) == 1 and table["Ana Ruiz"]["total"] == 1  # type: ignore[arg-type]
    assert len(table["Ben Ode"]["passed"]) == 0  # type: ignore[arg-type]


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
