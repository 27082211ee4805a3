"""How each verdict looks: a word, a symbol and a colour, so no one depends on colour alone.

The colours are the palette's (`brightline.ui.palette.VERDICT_COLOURS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from brightline.core.text import VERDICT_WORDS
from brightline.ui.palette import UNKNOWN_VERDICT_COLOURS, VERDICT_COLOURS


@dataclass(frozen=True)
class VerdictLook:
    word: str  # "DECLINE"
    meaning: str  # "do not do what is asked"
    symbol: str
    strong: str  # text, border and symbol colour
    tint: str  # background


_SYMBOLS = {
    "decline": "\u2715",  # ✕
    "comply": "\u2713",  # ✓
    "comply-limited": "\u25d0",  # ◐ (half)
    "escalate": "\u25b2",  # ▲
}


def verdict_look(verdict: str) -> VerdictLook:
    """The look of a verdict; an unknown verdict gets a neutral grey and its own name."""
    word, _, meaning = VERDICT_WORDS.get(verdict, verdict.upper()).partition(" — ")
    strong, tint = VERDICT_COLOURS.get(verdict, UNKNOWN_VERDICT_COLOURS)
    return VerdictLook(word=word, meaning=meaning, symbol=_SYMBOLS.get(verdict, "\u25cf"), strong=strong, tint=tint)
