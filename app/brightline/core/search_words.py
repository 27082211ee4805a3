"""What a search forgives: other words people use for the same thing, and typing mistakes.

`SAME_AS` maps a word of a query to words the packs use for the same thing ("hold" finds
detainers); `PHRASES` turns a few multi-word names into one of those words first ("la migra" is
ICE). Both are in normalised form (`brightline.core.search.normalise`). The words on the right are
matched as the start of a word, so "detainer" finds "detainers" too.

`within(a, b, most)` is a bounded Damerau (optimal string alignment) distance: whether `a` becomes
`b` with at most `most` letters left out, added, changed or swapped with the next. A query word
is matched with a word of the index only when it is long enough to carry a mistake (`allowed`).
This is the whole of the fuzzy matching: over the few thousand distinct words of a pack it stays
far inside a keystroke's budget, and a library for it (rapidfuzz, about 12 MB unpacked) would
buy nothing the bundle has room for.
"""

from __future__ import annotations

# Whole phrases first (normalised, with spaces around): each becomes the single word after it.
PHRASES = (
    (" la migra ", " ice "),
    (" immigration agents ", " ice "),
    (" immigration agent ", " ice "),
    (" immigration officers ", " ice "),
    (" immigration officer ", " ice "),
    (" federal agents ", " ice "),
    (" border patrol ", " cbp "),
    (" hand over ", " transfer "),
    (" pick up ", " transfer "),
    (" place of worship ", " church "),
    (" u visa ", " visa "),
    (" t visa ", " visa "),
)

_GROUPS = (
    # Words of one group find each other. Keep them specific: every word here widens a search.
    ("detainer", "hold", "holds", "i247a", "i247d", "i247n"),
    ("ice", "migra", "immigration", "dhs", "ero", "hsi", "cbp"),
    ("warrant", "i200", "i205", "writ"),
    ("release", "released", "releasing", "discharge"),
    ("school", "campus", "student", "pupil", "college", "university", "sro"),
    ("hospital", "clinic", "patient", "medical"),
    ("church", "mosque", "synagogue", "temple", "worship"),
    ("courthouse", "court", "courtroom"),
    ("interview", "questioning", "interrogate", "interrogation"),
    ("transfer", "handover"),
    ("notification", "notify", "notice"),
    ("status", "papers", "citizenship", "undocumented"),
    ("jail", "custody", "inmate", "detention"),
    ("mask", "masked", "balaclava"),
    ("visa", "certification"),
    ("protest", "demonstration", "rally", "protesters"),
    ("gun", "firearm", "weapon"),
    ("lawyer", "attorney", "counsel"),
    ("child", "children", "kids", "minor"),
)

SAME_AS: dict[str, tuple[str, ...]] = {
    word: tuple(other for other in group if other != word) for group in _GROUPS for word in group
}


def allowed(term: str) -> int:
    """How many mistakes a query word of this length may carry: none under 4 letters (too many
    short words are one letter apart), one up to 7, two from 8."""
    if len(term) < 4 or term.isdigit():
        return 0
    return 1 if len(term) < 8 else 2


def within(a: str, b: str, most: int) -> bool:
    """Whether the optimal string alignment distance between `a` and `b` is at most `most`."""
    if abs(len(a) - len(b)) > most:
        return False
    if a == b:
        return True
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > most:
            return False  # every way on from here costs more already
        previous2, previous = previous, current
    return previous[len(b)] <= most
