"""Words and marks the training views share. Qt-free, so every view says the same thing.

Right and wrong are always told with a symbol and a word, never by colour alone.
"""

from __future__ import annotations

from datetime import datetime

from brightline.core.model import Pack

RIGHT = "\u2713"  # ✓
WRONG = "\u2717"  # ✗
SELF_PACED = "self-paced"
PRESENTER = "presenter"
NOT_IN_CONTACT_LOG = "Training results are kept in the training records, never in the contact log."


def duration(seconds: float) -> str:
    """ "45 s", "2 min 05 s", "1 h 02 min"."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def outcome_mark(right: bool) -> str:
    return f"{RIGHT} right" if right else f"{WRONG} wrong"


def path_mark(right_path: bool | None) -> str:
    """The path's mark; None means the scenario accepts any path to the right outcome."""
    if right_path is None:
        return "\u2014 any path"
    return f"{RIGHT} same" if right_path else f"{WRONG} different"


def score_text(points: int, max_points: int) -> str:
    percent = round(100 * points / max_points) if max_points else 0
    return f"{points} of {max_points} ({percent}%)"


def local_time(iso: str) -> str:
    """A stored UTC time as local 'YYYY-MM-DD HH:MM' (the text itself if it is not a time)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def question_text(pack: Pack | None, tree_id: str, node_id: str) -> str:
    """A question's words for the item analysis ("tree/node" when the pack no longer has it)."""
    tree = pack.trees.get(tree_id) if pack is not None else None
    node = tree.nodes.get(node_id) if tree is not None else None
    if node is None or not node.text:
        return f"{tree_id}/{node_id}"
    return " ".join(node.text.split())
