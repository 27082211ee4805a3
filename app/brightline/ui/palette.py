"""The window's colours, named once: the style sheet (resources/style.qss, through `fill`), the
painted widgets (situation cards, answer buttons), the rich text, the verdicts, the contact log
and training all take them from here, so one change of a colour changes it everywhere.

Plain strings, no Qt: the Qt-free HTML builders use them too. The names are stable; add a name
rather than give an old one a new meaning.

Verdict colours are from the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), darkened so that text in the strong colour on its tint passes WCAG AA; the rest
pass AA as text on BACKGROUND or on their own background.
"""

from __future__ import annotations

import re

# -- text ---------------------------------------------------------------------------------------
TEXT = "#1f2328"  # body text
TEXT_SECONDARY = "#3d444d"  # facts, hints, secondary body text
MUTED = "#57606a"  # captions, labels, quiet notes
FAINT = "#8c959f"  # disabled, or not for the chosen audience
ON_ACCENT = "#ffffff"  # text on ACCENT, ACCENT_DEEP or a verdict's strong colour

# -- surfaces -----------------------------------------------------------------------------------
BACKGROUND = "#ffffff"  # pages, cards, fields
SURFACE = "#f6f8fa"  # bars, table headers, quiet boxes
READING = "#fbfcfd"  # the reading panel beside a question or an outcome
QUOTE = "#f3f4f6"  # quoted text and what to say

# -- lines --------------------------------------------------------------------------------------
LINE = "#d8dee4"  # separators and box borders
BORDER = "#d0d7de"  # card borders
CONTROL = "#b9c0ca"  # borders of buttons, fields and drop-downs
CHIP = "#c9d1d9"  # borders of small rounded buttons (the answers so far)
GRID = "#eaeef2"  # table grid lines

# -- the accent: links, focus, the primary action -----------------------------------------------
ACCENT = "#0b5cad"
ACCENT_PRESSED = "#0a4f95"
ACCENT_DEEP = "#0b3d75"  # titles and bands
HOVER = "#f3f7fc"  # under the mouse
HIGHLIGHT = "#eef4fb"  # a chip or answer under the mouse; another route in a debrief
SELECTED = "#e3eefa"  # the current card
PRESSED = "#dde9f7"  # pressed, and selected rows in lists and tables
FOCUS_ON_ACCENT = "#f2b705"  # the focus ring of a button filled with ACCENT

# -- states -------------------------------------------------------------------------------------
WARNING_TEXT = "#6b3d00"  # something needs doing or is not in force (amber)
WARNING_BACK = "#fff1d6"
WARNING_LINE = "#b36b00"
NOTICE_TEXT = "#4d3500"  # something was left out; everything else works (pale amber)
NOTICE_BACK = "#fff8e6"
NOTICE_LINE = "#e8c77a"
ERROR_TEXT = "#8a1c12"  # something failed (red)
ERROR_BACK = "#fdecea"
ERROR_LINE = "#b3261e"
SUCCESS_TEXT = "#116329"  # done: recorded, verified (green)
CHART = "#2b5d8c"  # bars of a chart with one series

# -- verdicts: (strong, tint); strong is for text, border and symbol, tint for the background ---
VERDICT_COLOURS = {
    "decline": ("#a63a00", "#fbe9e0"),  # vermillion
    "comply": ("#006b4c", "#e0f2ea"),  # bluish green
    "comply-limited": ("#7a5000", "#faefd6"),  # orange
    "escalate": ("#1d4f91", "#e2ebf7"),  # blue
}
UNKNOWN_VERDICT_COLOURS = ("#3d3d3d", "#eeeeee")  # a verdict this program does not know: grey

_NAME = re.compile(r"@([A-Z_]+)@")


def fill(template: str) -> str:
    """`template` with each `@NAME@` replaced by the colour of that name (a style sheet's
    colours); raises KeyError for a name that is not a colour here, so a typo is found at once."""
    colours = _colours()
    return _NAME.sub(lambda match: colours[match.group(1)], template)


def _colours() -> dict[str, str]:
    return {name: value for name, value in globals().items() if isinstance(value, str) and value.startswith("#")}
