"""The record form starts with the document presented, where the walk's answers name it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from brightline.core.contact_log.from_walk import document_from_answers
from brightline.core.contact_log.records import DOCUMENTS
from brightline.core.library import Library, load_library
from brightline.core.model import Tree
from brightline.core.walk import Step, Walk

SHIPPED = Path(__file__).resolve().parents[2] / "decision_trees"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(SHIPPED)


def walked(tree: Tree, *labels: str) -> Walk:
    """A walk through `tree` choosing the options that start with each of `labels`, in turn."""
    walk = Walk(tree, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    for start in labels:
        choices = walk.choices()
        walk.answer(next(i for i, label in enumerate(choices) if label.startswith(start)))
    return walk


@pytest.mark.parametrize(
    ("tree_id", "answers", "document"),
    [
        # A detainer with its papers: the detainer form, whatever is attached.
        ("detainer-request", ["Only immigration officers", "Continue"], "I-247A"),
        ("detainer-request", ["A state court judge", "Continue"], "judicial-warrant"),
        ("detainer-request", ["An immigration judge", "Continue"], "other"),
        ("document-presented", ["A judge or magistrate judge", "A state court's warrant"], "judicial-warrant"),
        # A judge signed, then: it came from an immigration court. The later, closer answer counts.
        ("document-presented", ["A judge or magistrate judge", "A paper from an immigration court"], "other"),
        ("document-presented", ["An immigration officer", "Keep a person in custody"], "I-247A"),
        # Two forms the answer does not tell apart, or no idea: the form asks.
        ("document-presented", ["An immigration officer", "Arrest or pick up a person"], ""),
        ("document-presented", ["No signature, or I can't tell"], ""),
    ],
)
def test_the_document_the_answers_name(library: Library, tree_id: str, answers: list[str], document: str) -> None:
    tree = library.packs["california"].trees[tree_id]
    assert document_from_answers(tree, walked(tree, *answers).steps) == document


def test_every_detainer_form_a_situation_names_is_a_document_choice(library: Library) -> None:
    named = set()
    for pack in library.packs.values():
        for tree in pack.trees.values():
            texts = [*tree.keywords, tree.title, tree.summary]
            texts += [text for node in tree.nodes.values() for text in (node.text, *(o.label for o in node.options))]
            named.update(re.findall(r"\bI-(?:247[A-Z]?|200|205)\b", " ".join(texts)))
    assert {"I-247A", "I-247D", "I-200", "I-205"} <= named  # what the shipped situations name
    assert named <= set(DOCUMENTS), named - set(DOCUMENTS)
    i247d = Step("who-signed", 0, "An ICE form (an I-247D issued before 2017)", datetime(2025, 1, 1, tzinfo=UTC))
    assert document_from_answers(library.packs["california"].trees["detainer-request"], [i247d]) == "I-247D"


def test_answers_that_say_no_judge_signed_never_make_a_judicial_warrant(library: Library) -> None:
    for pack in library.packs.values():
        for tree in pack.trees.values():
            for node in tree.nodes.values():
                for index, option in enumerate(node.options):
                    step = Step(node.id, index, option.label, datetime(2025, 1, 1, tzinfo=UTC))
                    found = document_from_answers(tree, [step])
                    assert found == "" or found in DOCUMENTS
                    if "not signed by a judge" in option.label or "not sure" in option.label.casefold():
                        assert found == "", (tree.id, option.label)
