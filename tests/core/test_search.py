"""Finding a situation as you type, and who sees which situations first."""

from __future__ import annotations

from brightline.core.model import Node, Option, Tree
from brightline.core.search import SituationIndex, normalise, query_terms
from brightline.core.search_words import within
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


# A few situations as the shipped packs word them, for the mistakes and other words people type.
FIELD = [
    tree(
        "detainer-request",
        "An ICE detainer (hold request) arrived",
        "Booking",
        ["booking"],
        "A Form I-247A or other detainer asks the jail to keep someone past release.",
        ["I-247A", "detainer", "hold"],
    ),
    tree(
        "document-presented",
        "Someone shows you a warrant or an immigration form",
        "Booking",
        ["booking", "patrol"],
        "Work out who signed a document and what it is before acting on it.",
        ["warrant", "I-200", "I-205"],
    ),
    tree("school", "Immigration agents at a school", "Patrol", ["patrol"], "A school resource officer's duties."),
    tree("release", "Releasing someone while immigration officers wait outside", "Booking", ["booking"], "Release."),
    tree("interview", "ICE asks to interview a person in custody", "Booking", ["booking"], "The TRUTH Act."),
    tree(
        "status",
        "Should I ask about immigration status?",
        "Patrol",
        ["patrol"],
        "Never ask about status.",
        question="Which ID: ETA in Rome?",  # "id eta in rome" holds "detainr" across its words
    ),
    tree("courthouse", "Immigration agents at the courthouse", "Patrol", ["patrol"], "Bailiffs and court security."),
]


def test_typing_mistakes_are_forgiven() -> None:
    index = SituationIndex(FIELD)
    assert index.search("detaner")[0] == "detainer-request"
    assert index.search("warrent") == ["document-presented"]
    assert index.search("shcool") == ["school"]
    assert index.search("releese")[0] == "release"
    assert index.search("interveiw") == ["interview"]
    assert index.search("detainr")[0] == "detainer-request"


def test_letters_never_match_across_words() -> None:
    index = SituationIndex(FIELD)
    # "ID: ETA in Rome" holds the letters of "detainr" once the spaces are dropped: no match there.
    assert "status" not in index.search("detainr")
    assert "status" not in index.search("etain")
    assert index.search("i247a") == ["detainer-request"]  # a word written with a hyphen stays one word
    assert index.search("247") == ["detainer-request"]


def test_other_words_for_the_same_thing() -> None:
    index = SituationIndex(FIELD)
    assert index.search("hold")[0] == "detainer-request"
    assert index.search("holds") == ["detainer-request"]
    assert "school" in index.search("la migra") and "courthouse" in index.search("immigration agents")
    assert set(index.search("ICE campus")) == {"school"}  # "campus": another word for school
    assert index.search("courtroom")[0] == "courthouse"


def test_a_guess_at_a_mistake_never_outranks_the_word_itself() -> None:
    index = SituationIndex(FIELD)
    # "court" is a word of the index: it is not also read as a mistake for "count" or "cart".
    keys = index.rank("court")
    assert set(keys) == {"courthouse"}
    assert index.search("zzqx") == []


def test_mistakes_are_counted_with_swapped_letters_as_one() -> None:
    assert within("shcool", "school", 1)  # two letters swapped
    assert within("detaner", "detainer", 1)  # one left out
    assert within("warrent", "warrant", 1)  # one changed
    assert not within("warrent", "current", 1)
    assert not within("detainr", "detained", 1)
    assert within("interveiw", "interview", 1)
    assert not within("abc", "abcdef", 2)
