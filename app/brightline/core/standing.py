"""A pack's standing — whether what it says is in force — and the words that follow from it.

A pack whose status is not in force (a proposed policy, community demands) is for study and
training. Everything it adds to the law it layers on is framed as what the proposal would do
("Under the proposed policy, do not …"), and every script it adds is introduced the same way. The
loader applies the framing (`brightline.core.library`) from the manifest's `status:` alone: the
YAML is written as the policy itself would say it, so an agency that adopts the pack changes
`status:` in one line and every outcome, script and note then reads as its own policy. Authors
never write the framing by hand; the validator reports text that does (`hand_framed`).
"""

from __future__ import annotations

import re

# The framing of each status that is not in force; a status not listed here is in force (law,
# adopted policy) or a template written for the agency that adopts it (model).
FRAMES = {
    "proposed policy": "Under the proposed policy",
    "community demand": "Under the community demands",
}

# What the window, the printout and the terminal say about a pack of each status that is not (or
# not yet) in force, wherever the pack is shown.
STATUS_WARNINGS = {
    "proposed policy": "PROPOSED POLICY \u2014 not adopted, not in force. For study and training: "
    "what applies today is the law it builds on and your agency's own policy.",
    "community demand": "COMMUNITY DEMAND \u2014 not policy, not in force. For study and training: "
    "what applies today is the law it builds on and your agency's own policy.",
    "model": "MODEL POLICY \u2014 a template, not adopted anywhere as written. It states no state law: "
    "your state's law may require, limit or forbid what it says.",
}

# Words that keep their capital after the framing's comma: names, and labels followed by a number
# ("Procedure 3.B", "Policy 9").
_KEEP_CASE = frozenset(
    {"California", "Pasadena", "Long", "Sacramento", "City", "Council", "Department", "Procedure", "Policy", "Demand"}
)
# Phrases by which an author would state a pack's standing by hand.
_HAND_FRAMING = re.compile(
    r"under\s+the\s+proposed|under\s+the\s+community\s+demand|not\s+city\s+policy|proposed\s+pasadena\s+policy",
    re.IGNORECASE,
)
# Every phrase _HAND_FRAMING can find holds "proposed", "community" or "city"; a text holding none of
# them is not searched (a case-insensitive search of every text of every pack was a third of
# validating them).
# Case-insensitive matching also takes İ and ı for i, ſ for s and the Kelvin sign for k: they are
# mapped before lower-casing, so that a shortcut on lower-cased words never skips a text a pattern
# would match.
_ASCII_CASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def lowered(text: str) -> str:
    """`text` lower-cased as re.IGNORECASE compares it, for word shortcuts before a pattern search."""
    return text.lower() if text.isascii() else text.translate(_ASCII_CASE_FOLDS).lower()


def frame_of(status: str) -> str:
    """The framing for a pack of this status, or '' when its guidance is in force."""
    return FRAMES.get(status, "")


def frame(text: str, framing: str) -> str:
    """`text` as what a pack not in force would do: "Do not …" → "Under the proposed policy, do not …"."""
    text = text.strip()
    if not framing or not text:
        return text
    first, _, rest = text.partition(" ")
    keep = (
        first in _KEEP_CASE or not first.isalpha() or first.isupper() or not first[1:].islower() or rest[:1].isdigit()
    )
    return f"{framing}, {text if keep else text[0].lower() + text[1:]}"


def frame_script(say: str, framing: str) -> str:
    """A script introduced as the proposal's: it is not what an officer says today."""
    say = say.strip()
    if not framing or not say:
        return say
    return f"{framing} (not in force), the script would be:\n\n{say}"


def hand_framed(text: str) -> str:
    """The phrase by which `text` states a pack's standing by hand, or ''."""
    low = lowered(text)
    if "proposed" not in low and "community" not in low and "city" not in low:
        return ""
    match = _HAND_FRAMING.search(text)
    return " ".join(match.group(0).split()).lower() if match else ""
