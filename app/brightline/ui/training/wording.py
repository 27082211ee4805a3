"""Words and marks the training views share. Qt-free, so every view says the same thing.

Right and wrong are always told with a symbol and a word, never by colour alone.
"""

from __future__ import annotations

from brightline.core.model import Pack
from brightline.core.text import duration_words
from brightline.core.text import local_time as local_time
from brightline.core.training_log import PRESENTED

RIGHT = "\u2713"  # ✓
WRONG = "\u2717"  # ✗
SELF_PACED = "self-paced"
PRESENTER = PRESENTED  # a class's run, filed under the class's name
NOT_IN_CONTACT_LOG = "Training results are kept in the training records, never in the contact log."


def duration(seconds: float) -> str:
    """ "45 s", "2 min 05 s", "1 h 02 min"."""
    return duration_words(seconds)


SAME_RESPONSE = "\u2248"  # ≈: the expected verdict, by another outcome


def outcome_mark(right: bool, same_response: bool = False) -> str:
    """ "✓ right", "≈ same response" (another outcome with the expected verdict) or "✗ wrong"."""
    if right:
        return f"{RIGHT} right"
    return f"{SAME_RESPONSE} same response" if same_response else f"{WRONG} wrong"


def path_mark(right_path: bool | None) -> str:
    """The path's mark; None means the scenario accepts any path to the right outcome."""
    if right_path is None:
        return "\u2014 any path"
    return f"{RIGHT} same" if right_path else f"{WRONG} different"


def score_text(points: int, max_points: int) -> str:
    """ "2 of 3 points (67%)": points, never to be read as a number of scenarios."""
    percent = round(100 * points / max_points) if max_points else 0
    return f"{points} of {max_points} points ({percent}%)"


def question_text(pack: Pack | None, tree_id: str, node_id: str) -> str:
    """A question's words for the item analysis ("tree/node" when the pack no longer has it)."""
    tree = pack.trees.get(tree_id) if pack is not None else None
    node = tree.nodes.get(node_id) if tree is not None else None
    if node is None or not node.text:
        return f"{tree_id}/{node_id}"
    return " ".join(node.text.split())
