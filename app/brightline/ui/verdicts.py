"""How each verdict looks: a word, a symbol and a colour, so no one depends on colour alone.

Colours are from the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), darkened so that text in the strong colour on the light tint passes WCAG AA.
"""

from __future__ import annotations

from dataclasses import dataclass

from brightline.core.text import VERDICT_WORDS


@dataclass(frozen=True)
class VerdictLook:
    word: str  # "DECLINE"
    meaning: str  # "do not do what is asked"
    symbol: str
    strong: str  # text, border and symbol colour
    tint: str  # background


_LOOKS = {
    "decline": ("\u2715", "#a63a00", "#fbe9e0"),  # ✕ vermillion
    "comply": ("\u2713", "#006b4c", "#e0f2ea"),  # ✓ bluish green
    "comply-limited": ("\u25d0", "#7a5000", "#faefd6"),  # ◐ (half) orange
    "escalate": ("\u25b2", "#1d4f91", "#e2ebf7"),  # ▲ blue
}


def verdict_look(verdict: str) -> VerdictLook:
    """The look of a verdict; an unknown verdict gets a neutral grey and its own name."""
    word, _, meaning = VERDICT_WORDS.get(verdict, verdict.upper()).partition(" — ")
    symbol, strong, tint = _LOOKS.get(verdict, ("\u25cf", "#3d3d3d", "#eeeeee"))
    return VerdictLook(word=word, meaning=meaning, symbol=symbol, strong=strong, tint=tint)
