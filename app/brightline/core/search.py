"""Finding a situation as you type: ranking a pack's trees by a query and by who is asking.

`SituationIndex(trees)` normalises each tree's words once (title, keywords, group, summary, and
the text of its questions and outcomes); `rank(query, audience)` then answers in well under a
millisecond a keystroke for any realistic pack. Every word of the query must occur somewhere
(as a substring, so "247" finds "I-247A"); a word in the title counts for more than one in the
summary, which counts for more than one deep in the tree.

The result is a sort key per matching tree: situations for the chosen audience first, then by
group (groups with the best match first while searching), then by score and title. The window
sorts and filters its list with these keys; the command line or a test can use them as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from brightline.core.catalogue import EVERYONE as ALL_AUDIENCES

if TYPE_CHECKING:
    from brightline.core.model import Tree


# How much a query word found in each field counts; a word found at the start of a word in the
# field earns one more point than one found inside a word.
WEIGHTS = (("title", 8), ("keywords", 6), ("summary", 4), ("group", 3), ("body", 1))

_NON_WORD = re.compile(r"[^0-9a-z]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only runs of non-ASCII characters can hold combining marks: pack text is mostly ASCII, and
    # looking at every character cost most of the time it takes to open a pack in the window.
    plain = _NON_ASCII.sub(_without_combining, decomposed)
    return " " + _NON_WORD.sub(" ", plain).strip() + " "


def query_terms(query: str) -> list[str]:
    """The words of a query, normalised; empty when the query has no letters or digits."""
    return normalise(query).split()


class _Field:
    __slots__ = ("spaced", "squashed", "weight")

    def __init__(self, spaced: str, weight: int) -> None:
        self.spaced = spaced  # " words like this "
        self.squashed = spaced.replace(" ", "")  # "wordslikethis": lets "i247a" find "I-247A"
        self.weight = weight

    def score(self, term: str) -> int:
        if f" {term}" in self.spaced:
            return self.weight + 1
        if term in self.spaced or term in self.squashed:
            return self.weight
        return 0


class _Entry:
    __slots__ = ("tree_id", "title", "group", "audiences", "fields")

    def __init__(self, tree_id: str, title: str, group: str, audiences: Iterable[str], fields: Iterable[str]) -> None:
        self.tree_id = tree_id
        self.title = title
        self.group = group
        self.audiences = frozenset(audiences)
        self.fields = tuple(_Field(spaced, weight) for spaced, (_name, weight) in zip(fields, WEIGHTS, strict=True))


SortKey = tuple[int, int, str, int, int, str]
# One tree's searchable words as plain data, kept in the start index (`brightline.core.startcache`):
# tree id, title, group, audiences, and the normalised text of each field of WEIGHTS, in order.
EntryData = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]


class SituationIndex:
    """The searchable words of a set of trees, prepared once."""

    def __init__(self, trees: Iterable[Tree]) -> None:
        self._entries = [_Entry(*self.entry_data(tree)) for tree in trees]

    @classmethod
    def from_data(cls, entries: Iterable[EntryData]) -> SituationIndex:
        """The index of trees prepared earlier (`entry_data`), without the trees themselves."""
        index = cls([])
        index._entries = [_Entry(*entry) for entry in entries]
        return index

    def data(self) -> list[EntryData]:
        """This index as plain data, for `from_data`."""
        return [
            (e.tree_id, e.title, e.group, tuple(sorted(e.audiences)), tuple(f.spaced for f in e.fields))
            for e in self._entries
        ]

    @staticmethod
    def entry_data(tree: Tree) -> EntryData:
        body: list[str] = []
        for node in tree.nodes.values():
            body.append(node.text)
            body.append(node.headline)
            body.extend(option.label for option in node.options)
        texts = {
            "title": tree.title,
            "keywords": " ".join(tree.keywords),
            "summary": tree.summary,
            "group": tree.group,
            "body": " ".join(body),
        }
        return (
            tree.id,
            tree.title,
            tree.group,
            tuple(tree.audiences),
            tuple(normalise(texts[name]) for name, _w in WEIGHTS),
        )

    @staticmethod
    def _score(entry: _Entry, terms: list[str]) -> int:
        if not terms:
            return 1
        total = 0
        for term in terms:
            best = max(field.score(term) for field in entry.fields)
            if best == 0:
                return 0
            total += best
        return total

    def rank(self, query: str, audience: str = ALL_AUDIENCES) -> dict[str, SortKey]:
        """A sort key for every tree that matches `query`; sorting by the keys gives display order.

        `audience` ("booking", "patrol", "supervisor" or "" for all) puts that audience's
        situations, and the groups holding them, first.
        """
        terms = query_terms(query)
        scores = {e.tree_id: self._score(e, terms) for e in self._entries}
        group_rank: dict[str, tuple[int, int]] = {}
        for entry in self._entries:
            score = scores[entry.tree_id]
            if score == 0:
                continue
            off_audience = int(bool(audience) and audience not in entry.audiences)
            best = group_rank.get(entry.group, (1, 0))
            group_rank[entry.group] = (min(best[0], off_audience), max(best[1], score))
        keys: dict[str, SortKey] = {}
        for entry in self._entries:
            score = scores[entry.tree_id]
            if score == 0:
                continue
            off_audience = int(bool(audience) and audience not in entry.audiences)
            group_off, group_best = group_rank[entry.group]
            # While searching, the group with the best match comes first; otherwise groups go
            # alphabetically (after the audience's own).
            group_score = -group_best if terms else 0
            keys[entry.tree_id] = (
                group_off,
                group_score,
                entry.group.casefold(),
                off_audience,
                -score,
                entry.title.casefold(),
            )
        return keys

    def search(self, query: str, audience: str = ALL_AUDIENCES) -> list[str]:
        """The ids of the matching trees, in display order."""
        keys = self.rank(query, audience)
        return sorted(keys, key=keys.__getitem__)
