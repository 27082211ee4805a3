"""Finding a situation as you type, and who sees which situations first."""

from __future__ import annotations

from brightline.core.model import Node, Option, Tree
from brightline.core.search import SituationIndex, normalise, query_terms
from brightline.core.where import Where

HERE = Where("test.yaml", 1)


def tree(
    tree_id: str,
    title: str,
    group: str,
    audiences: list[str],
    summary: str = "",
    keywords: list[str] | None = None,
    question: str = "",
    answer: str = "",
) -> Tree:
    nodes = {
        "q": Node("q", "question", HERE, text=question, options=[Option(answer or "Yes", "o"), Option("No", "o")]),
        "o": Node("o", "outcome", HERE, verdict="decline", headline="Decline."),
    }
    return Tree(tree_id, title, group, audiences, summary, keywords or [], "q", nodes, HERE)


TREES = [
    tree(
        "detainer",
        "An ICE detainer arrived",
        "Booking",
        ["booking"],
        "Form I-247A asks for a hold.",
        ["hold", "I-247A"],
    ),
    tree(
        "interview",
        "ICE asks to interview a person",
        "Booking",
        ["booking"],
        "An interview request.",
        question="Has the person signed the consent form?",
    ),
    tree("scene", "Agents at a scene ask for backup", "Patrol", ["patrol", "supervisor"], "Backup at a scene."),
    tree("school", "Agents at a school", "Patrol", ["patrol"], "A sensitive place.", answer="A café"),
]


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("Café — I-247A!") == " cafe i 247a "
    assert query_terms("  I-247A  hold ") == ["i", "247a", "hold"]
    assert query_terms("— !") == []


def test_every_word_must_match_somewhere() -> None:
    index = SituationIndex(TREES)
    assert index.search("ice") == ["detainer", "interview"]
    assert index.search("ice hold") == ["detainer"]
    assert index.search("ice zebra") == []


def test_punctuation_and_accents_do_not_matter() -> None:
    index = SituationIndex(TREES)
    assert index.search("i247a") == ["detainer"]
    assert index.search("247") == ["detainer"]
    assert index.search("cafe") == ["school"]  # an answer deep in the tree


def test_title_matches_rank_above_matches_deep_in_the_tree() -> None:
    index = SituationIndex(TREES)
    assert index.search("consent") == ["interview"]
    keys = index.rank("person")
    assert set(keys) == {"interview"}  # title of one; nothing else mentions a person


def test_empty_query_lists_everything_grouped() -> None:
    index = SituationIndex(TREES)
    assert index.search("") == ["detainer", "interview", "scene", "school"]


def test_the_audiences_situations_and_groups_come_first() -> None:
    index = SituationIndex(TREES)
    assert index.search("", "patrol") == ["scene", "school", "detainer", "interview"]
    # Groups stay together: the group holding the audience's situation leads, its own first.
    assert index.search("", "supervisor") == ["scene", "school", "detainer", "interview"]
    assert index.search("agents", "supervisor") == ["scene", "school"]


def test_while_searching_the_best_group_comes_first() -> None:
    index = SituationIndex(TREES)
    # "scene" is in the title of a patrol situation: that group leads.
    assert index.search("scene")[0] == "scene"
    assert index.search("interview") == ["interview"]
    assert index.search("school", "booking") == ["school"]  # other roles' situations are still found
