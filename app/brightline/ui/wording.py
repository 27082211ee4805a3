"""Words the window shows about packs: their status, how to label them, the guidance notice.

Qt-free, so the printed outcome and the screen say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

# Statuses that are not (or not yet) in force get a visible warning wherever the pack is shown;
# the words are the core's, so the terminal and the printout say the same.
from brightline.core.standing import STATUS_WARNINGS

if TYPE_CHECKING:
    from brightline.core.model import Manifest, Tree
    from brightline.core.startcache.index import PackSummary
    from brightline.core.walk import Step

DISCLAIMER = "Guidance, not legal advice."


AUDIENCE_LABELS = {
    "": "Everyone",
    "booking": "Booking staff",
    "patrol": "Patrol",
    "supervisor": "Supervisor",
}


def pack_label(manifest: Manifest | PackSummary) -> str:
    """The name for a pack in the picker, with its status when that is not law or adopted policy."""
    if manifest.status in STATUS_WARNINGS:
        return f"{manifest.name} [{manifest.status}]"
    return manifest.name


def pack_facts(manifest: Manifest | PackSummary) -> str:
    """Status, version, the date of the law it states, effective date and approver in one line."""
    parts = [f"Status: {manifest.status}", f"version {manifest.version}"]
    if manifest.law_as_of:
        parts.append(f"law as of {manifest.law_as_of}")
    if manifest.effective:
        parts.append(f"effective {manifest.effective}")
    if manifest.approved_by:
        parts.append(f"approved by {manifest.approved_by}")
    return " \u00b7 ".join(parts)


def escape_html(text: str) -> str:
    """`text` safe inside rich text: the same as html.escape, whose module (with its table of
    entities) is slow to import on the way to the first paint."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def question_numbers(tree: Tree, steps: Sequence[Step]) -> list[int]:
    """The number of each answered step as the question page showed it: questions count from 1,
    a note ("Before you go on") is 0, so the path and the question page never disagree."""
    numbers, count = [], 0
    for step in steps:
        if tree.nodes[step.node_id].type == "question":
            count += 1
            numbers.append(count)
        else:
            numbers.append(0)
    return numbers


def step_caption(number: int) -> str:
    """ "3." for question 3, "Note:" for a note read on the way (see `question_numbers`)."""
    return f"{number}." if number else "Note:"


def audiences_text(audiences: list[str]) -> str:
    """ "Booking staff, Patrol" for a tree's audiences."""
    return ", ".join(AUDIENCE_LABELS.get(a, a) for a in audiences)
