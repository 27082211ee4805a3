"""The walk engine: answer, back, jump, restart, path, outcome, questions remaining."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from brightline.core.library import load_library
from brightline.core.walk import Walk, WalkError, remaining_questions


@pytest.fixture
def tree(packs: Path):  # type: ignore[no-untyped-def]
    return load_library(packs).pack("base").trees["detainer"]


def test_walk_to_an_outcome_through_a_note(tree) -> None:  # type: ignore[no-untyped-def]
    walk = Walk(tree)
    assert walk.current_id == "what-paper"
    assert walk.choices() == ["An ICE form", "A warrant signed by a judge", "no"]
    walk.answer(0)
    assert walk.current.type == "note" and walk.choices() == ["Continue"]
    walk.answer(0)
    assert walk.finished and walk.outcome is not None
    assert walk.outcome.verdict == "decline"
    assert walk.path() == ["what-paper", "note-copy", "decline"]
    assert [s.label for s in walk.steps] == ["An ICE form", "Continue"]


def test_back_jump_and_restart(tree) -> None:  # type: ignore[no-untyped-def]
    walk = Walk(tree)
    assert walk.back() is False
    walk.answer(0)
    walk.answer(0)
    assert walk.back() is True
    assert walk.current_id == "note-copy"
    walk.jump(0)
    assert walk.current_id == "what-paper" and walk.steps == []
    walk.answer(1)
    assert walk.outcome is not None and walk.outcome.id == "honour"
    walk.restart()
    assert walk.current_id == "what-paper" and not walk.finished


def test_bad_answers_are_refused_without_changing_the_walk(tree) -> None:  # type: ignore[no-untyped-def]
    walk = Walk(tree)
    with pytest.raises(WalkError, match="choose 1 to 3"):
        walk.answer(3)
    with pytest.raises(WalkError):
        walk.jump(2)
    walk.answer(1)
    with pytest.raises(WalkError, match="reached its outcome"):
        walk.answer(0)
    assert walk.path() == ["what-paper", "honour"]


def test_each_answer_has_its_time(tree) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    ticks = iter(start + timedelta(seconds=s) for s in range(100))
    walk = Walk(tree, clock=lambda: next(ticks))
    walk.answer(0)
    walk.answer(0)
    assert walk.started_at == start
    assert [s.answered_at for s in walk.steps] == [start + timedelta(seconds=1), start + timedelta(seconds=2)]


def test_remaining_questions_counts_the_longest_way(tree) -> None:  # type: ignore[no-untyped-def]
    remaining = remaining_questions(tree)
    assert remaining == {"what-paper": 2, "note-copy": 1, "decline": 0, "honour": 0}
    walk = Walk(tree)
    assert walk.remaining() == 2
    walk.answer(0)
    assert walk.remaining() == 1


def test_layered_tree_uses_the_city_outcome(packs: Path) -> None:
    library = load_library(packs)
    city = library.pack("city")
    tree = city.trees["detainer"]
    walk = Walk(tree)
    walk.answer(1)
    assert walk.outcome is not None
    assert walk.outcome.verdict == "escalate"
    assert tree.changed_by == ["city"] and tree.pack_id == "city"
    decline = tree.nodes["decline"]
    # the city pack is a proposed policy: what it adds is worded as the proposal's
    assert decline.do == ["Release on time.", "Under the proposed policy, log it."]
    assert decline.cite == ["base-law:no-hold", "city-policy:p1"]
    # the base pack is untouched by the city's changes
    assert library.pack("base").trees["detainer"].nodes["honour"].verdict == "comply"
    assert library.pack("base").trees["detainer"].nodes["decline"].do == ["Release on time."]
    assert city.chain == ["city", "base"]
