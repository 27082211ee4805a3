"""Finding a situation as you type: ranking a pack's trees by a query and by who is asking.

`SituationIndex(trees)` normalises each tree's words once (title, keywords, group, summary, and
the text of its questions and outcomes); `rank(query, audience)` then answers in well under a
millisecond a keystroke for a pack, and within the 20 ms budget for hundreds of large trees
(tests/benchmarks/bench_search.py). Every word of the query must be found, as the start of a
word ("247" finds "I-247A", "detain" finds "detainer"), never across words: a word written with
hyphens or dots is also kept whole ("i247a"). A word that starts no word of the pack is looked
for with a typing mistake or two ("shcool" finds "school"); common other words for the same
thing count too ("hold" finds detainers, "la migra" finds ICE; `brightline.core.search_words`).
A word in the title counts for more than one in the summary, which counts for more than one deep
in the tree; the word itself for more than another word for it, and that for more than a guess
at a mistake.

The result is a sort key per matching tree: situations for the chosen audience first, then by
group (groups with the best match first while searching), then by score and title. The window
sorts and filters its list with these keys; the command line or a test can use them as they are.

The words are looked up in an inverted index (each word → the trees and fields holding it),
made on the first search, not when the index is made: a window paints its list before anyone
types. `prepare()` makes it earlier, in idle time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from brightline.core.catalogue import EVERYONE as ALL_AUDIENCES
from brightline.core.search_words import PHRASES, SAME_AS, allowed, within

if TYPE_CHECKING:
    from brightline.core.model import Tree


# How much a query word found in each field counts.
WEIGHTS = (("title", 8), ("keywords", 6), ("summary", 4), ("group", 3), ("body", 1))
# What kind of match it was, on top of twice the field's weight.
WHOLE_WORD, START_OF_WORD, SAME_THING, MISTAKE = 2, 1, 0, -1

_NON_WORD = re.compile(r"[^0-9a-z]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Words joined by hyphens, dots, slashes or brackets, without a space: "i-247a", "7284.6(a)".
_JOINED = re.compile(r"[0-9a-z]+(?:[-./()'\u2019]+[0-9a-z]+)+")
TERMS_KEPT = 64  # query words whose matches are kept, for the next keystroke


def _without_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only runs of non-ASCII characters can hold combining marks: pack text is mostly ASCII, and
    # looking at every character cost most of the time it takes to open a pack in the window.
    return _NON_ASCII.sub(_without_combining, decomposed)


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, words separated by single spaces."""
    return " " + _NON_WORD.sub(" ", _folded(text)).strip() + " "


def index_text(text: str) -> str:
    """`normalise(text)` and, after it, each word written with hyphens or dots kept whole."""
    joined = {_NON_WORD.sub("", word) for word in _JOINED.findall(_folded(text))}
    return normalise(text) + (" ".join(sorted(joined)) + " " if joined else "")


def query_terms(query: str) -> list[str]:
    """The words of a query, normalised; empty when the query has no letters or digits."""
    text = normalise(query)
    for phrase, word in PHRASES:
        text = text.replace(phrase, word)
    return text.split()


class _Entry:
    __slots__ = ("tree_id", "title", "group", "audiences", "fields")

    def __init__(self, tree_id: str, title: str, group: str, audiences: Iterable[str], fields: Iterable[str]) -> None:
        self.tree_id = tree_id
        self.title = title
        self.group = group
        self.audiences = frozenset(audiences)
        self.fields = tuple(fields)  # " words like this ", one per field of WEIGHTS


SortKey = tuple[int, int, str, int, int, str]
# One tree's searchable words as plain data: tree id, title, group, audiences, and the text of each
# field of WEIGHTS (`index_text`), in order.
EntryData = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]


class _Words:
    """Each word of the index → the best field weight it has in each tree holding it."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.postings: dict[str, dict[int, int]] = {}
        for number, entry in enumerate(entries):
            for text, (_name, weight) in zip(entry.fields, WEIGHTS, strict=True):
                for word in set(text.split()):
                    held = self.postings.setdefault(word, {})
                    if held.get(number, 0) < weight:
                        held[number] = weight
        self.sorted = sorted(self.postings)
        self.by_letter: dict[str, list[str]] = {}
        for word in self.sorted:
            self.by_letter.setdefault(word[0], []).append(word)

    def starting(self, start: str) -> list[str]:
        """The words that start with `start` (itself included)."""
        first = bisect_left(self.sorted, start)
        last = bisect_left(self.sorted, start + "\U0010ffff", first)
        return self.sorted[first:last]

    def near(self, term: str, most: int) -> list[str]:
        """The words at most `most` mistakes from `term`, starting with its first or second letter
        (a mistake in both of the first two letters is not guessed at)."""
        letters = {term[0], term[1]} if len(term) > 1 else {term[0]}
        return [
            word
            for letter in letters
            for word in self.by_letter.get(letter, ())
            if abs(len(word) - len(term)) <= most and within(term, word, most)
        ]


class SituationIndex:
    """The searchable words of a set of trees, prepared once."""

    def __init__(self, trees: Iterable[Tree]) -> None:
        self._entries = [_Entry(*self.entry_data(tree)) for tree in trees]
        self._words: _Words | None = None
        self._words_from: Callable[[], Iterable[EntryData]] | None = None
        self._scores: dict[str, dict[int, int]] = {}  # query word → tree (by number) → score

    @classmethod
    def from_data(cls, entries: Iterable[EntryData]) -> SituationIndex:
        """The index of trees prepared earlier (`entry_data`), without the trees themselves."""
        index = cls([])
        index._entries = [_Entry(*entry) for entry in entries]
        return index

    @classmethod
    def deferred(cls, listed: Iterable[EntryData], words: Callable[[], Iterable[EntryData]]) -> SituationIndex:
        """The index of the trees `listed` (tree id, title, group and audiences: all that ranks
        them when nothing is typed), whose words come from `words()` when first searched. A tree
        `words()` does not give is found by no word."""
        index = cls.from_data(listed)
        index._words_from = words
        return index

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
            tuple(index_text(texts[name]) for name, _w in WEIGHTS),
        )

    def prepare(self) -> None:
        """Make the word index now (the first search makes it otherwise)."""
        if self._words is None:
            if self._words_from is not None:
                words, self._words_from = self._words_from, None
                fields = {entry[0]: entry[4] for entry in words()}
                for entry in self._entries:
                    entry.fields = tuple(fields.get(entry.tree_id, ("",) * len(WEIGHTS)))
            self._words = _Words(self._entries)

    def _term_scores(self, term: str) -> dict[int, int]:
        """Each tree that `term` finds (by number) → how well: twice the best field's weight, and
        more for the word itself than for another word for it or a guess at a mistake."""
        kept = self._scores.get(term)
        if kept is not None:
            return kept
        self.prepare()
        assert self._words is not None
        words = self._words
        found: list[tuple[str, int]] = [(w, WHOLE_WORD if w == term else START_OF_WORD) for w in words.starting(term)]
        if term.endswith("s") and len(term) > 3 and term[:-1] in words.postings:
            found.append((term[:-1], START_OF_WORD))  # "warrants" finds "warrant"
        for other in SAME_AS.get(term, ()):
            found += [(w, SAME_THING) for w in words.starting(other)]
        if not found and allowed(term):
            # A word that starts no word of the pack: a typing mistake for one that is near, and
            # the other words for that one.
            for near in words.near(term, allowed(term)):
                found.append((near, MISTAKE))
                found += [(w, MISTAKE) for other in SAME_AS.get(near, ()) for w in words.starting(other)]
        scores: dict[int, int] = {}
        for word, kind in found:
            for number, weight in words.postings[word].items():
                score = 2 * weight + kind
                if score > scores.get(number, 0):
                    scores[number] = score
        if len(self._scores) >= TERMS_KEPT:
            del self._scores[next(iter(self._scores))]
        self._scores[term] = scores
        return scores

    def _matches(self, terms: list[str]) -> dict[int, int]:
        """Each tree (by number) that every term finds → its total score."""
        if not terms:
            return dict.fromkeys(range(len(self._entries)), 1)
        totals: dict[int, int] | None = None
        for term in sorted(set(terms), key=len, reverse=True):  # the longest words find fewest
            scores = self._term_scores(term)
            if totals is None:
                totals = dict(scores)
            else:
                totals = {number: total + scores[number] for number, total in totals.items() if number in scores}
            if not totals:
                return {}
        return totals or {}

    def rank(self, query: str, audience: str = ALL_AUDIENCES) -> dict[str, SortKey]:
        """A sort key for every tree that matches `query`; sorting by the keys gives display order.

        `audience` ("booking", "patrol", "supervisor" or "" for all) puts that audience's
        situations, and the groups holding them, first.
        """
        terms = query_terms(query)
        matches = self._matches(terms)
        group_rank: dict[str, tuple[int, int]] = {}
        for number, score in matches.items():
            entry = self._entries[number]
            off_audience = int(bool(audience) and audience not in entry.audiences)
            best = group_rank.get(entry.group, (1, 0))
            group_rank[entry.group] = (min(best[0], off_audience), max(best[1], score))
        keys: dict[str, SortKey] = {}
        for number, score in matches.items():
            entry = self._entries[number]
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
