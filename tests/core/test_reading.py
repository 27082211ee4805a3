"""The time-to-act figure: verdict, headline, Do and Do not at 200 words a minute, plus 2 s per
question and 1 s per note on the quickest path to the outcome."""

from __future__ import annotations

from pathlib import Path

from brightline.core.library import load_library
from brightline.core.reading import action_words, quickest_steps, summarise, tree_reading_times, word_count


def test_words_are_what_a_reader_meets() -> None:
    assert word_count("Do not hold — not for 48 hours.") == 7
    assert word_count("§ 7284.6(a)(1)(B) bars it.") == 3
    assert word_count("- — …") == 0


def test_each_outcome_costs_its_words_and_its_quickest_path(packs: Path) -> None:
    tree = load_library(packs).pack("base").trees["detainer"]
    steps = quickest_steps(tree)
    assert steps["decline"] == (1, 1)  # the question, then the note
    assert steps["honour"] == (1, 0)
    decline = tree.nodes["decline"]
    # "DECLINE — do not do it" (5) + "Do not hold the person." (5) + "Release on time." (3) + "Do not hold." (3)
    assert action_words(decline) == 16
    times = {t.outcome_id: t for t in tree_reading_times("base", tree)}
    assert times["decline"].seconds == 16 / 200 * 60 + 2 + 1
    summary = summarise(list(times.values()))
    assert summary.count == 2 and summary.slowest is times["decline"]
    assert summary.maximum == times["decline"].seconds and summary.holds
