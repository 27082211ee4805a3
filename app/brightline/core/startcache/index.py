"""The start index: what the window's first screen shows of the packs, so that a start can paint
the situation picker before it loads the library.

For each pack: what the header, the banner and the picker show (name, status, version, law-as-of
and effective dates, approver; each situation's title, group, summary and audiences) and the search words of its
situations, already normalised; for each pack left out, the first of its problems. Plain classes,
not dataclasses: the first paint imports neither `dataclasses` nor the model.

`to_data` / `from_data` are its JSON form. `from_data` builds only these classes, from only text
and lists of text, and raises ValueError for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.core.library import Library
    from brightline.core.model import Pack
    from brightline.core.search import EntryData, SituationIndex

# The text fields of a pack summary, in the order of PackSummary's constructor.
_PACK_TEXTS = ("id", "name", "jurisdiction", "status", "version", "law_as_of", "effective", "approved_by")


class Situation:
    """A tree as the situation picker lists it."""

    __slots__ = ("id", "title", "group", "summary", "audiences")

    def __init__(self, id: str, title: str, group: str, summary: str, audiences: Iterable[str]) -> None:  # noqa: A002
        self.id = id
        self.title = title
        self.group = group
        self.summary = summary
        self.audiences = list(audiences)

    def data(self) -> list[Any]:
        return [self.id, self.title, self.group, self.summary, list(self.audiences)]


class PackSummary:
    """A pack as the header, the banner and the picker show it (the names of `Manifest`)."""

    __slots__ = (*_PACK_TEXTS, "situations", "_search", "_pack")

    def __init__(
        self,
        id: str,  # noqa: A002
        name: str,
        jurisdiction: str,
        status: str,
        version: str,
        law_as_of: str,
        effective: str,
        approved_by: str,
        situations: list[Situation],
        search: list[EntryData] | None = None,
        pack: Pack | None = None,
    ) -> None:
        """`search` may be left out when `pack` is given: it is then made from the pack when first
        asked for."""
        self.id = id
        self.name = name
        self.jurisdiction = jurisdiction
        self.status = status
        self.version = version
        self.law_as_of = law_as_of
        self.effective = effective
        self.approved_by = approved_by
        self.situations = situations
        self._search = search
        self._pack = pack

    @classmethod
    def of(cls, pack: Pack) -> PackSummary:
        m = pack.manifest
        situations = [Situation(t.id, t.title, t.group, t.summary, t.audiences) for t in pack.trees.values()]
        return cls(
            m.id,
            m.name,
            m.jurisdiction,
            m.status,
            m.version,
            m.law_as_of,
            m.effective,
            m.approved_by,
            situations,
            pack=pack,
        )

    def search_data(self) -> list[EntryData]:
        if self._search is None:
            from brightline.core.search import SituationIndex

            assert self._pack is not None
            self._search = [SituationIndex.entry_data(tree) for tree in self._pack.trees.values()]
        return self._search

    def search_index(self) -> SituationIndex:
        from brightline.core.search import SituationIndex

        return SituationIndex.from_data(self.search_data())

    def shown(self) -> tuple[Any, ...]:
        """What the window shows of the pack (all of it but the search words)."""
        return (
            *(getattr(self, name) for name in _PACK_TEXTS),
            [(s.id, s.title, s.group, s.summary, tuple(s.audiences)) for s in self.situations],
        )

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in _PACK_TEXTS}
        data["situations"] = [s.data() for s in self.situations]
        data["search"] = [
            [tree_id, title, group, list(audiences), list(fields)]
            for tree_id, title, group, audiences, fields in self.search_data()
        ]
        return data

    @classmethod
    def from_data(cls, data: Any) -> PackSummary:
        if not isinstance(data, dict) or set(data) != {*_PACK_TEXTS, "situations", "search"}:
            raise ValueError("not a pack summary")
        situations = [Situation(*_texts(s, 4, lists=1)) for s in _list(data["situations"])]
        from brightline.core.search import WEIGHTS

        search: list[EntryData] = []
        for entry in _list(data["search"]):
            tree_id, title, group, audiences, fields = _texts(entry, 3, lists=2)
            if len(fields) != len(WEIGHTS):
                raise ValueError("not the search words of a situation")
            search.append((tree_id, title, group, tuple(audiences), tuple(fields)))
        pack_id, name, jurisdiction, status, version, law_as_of, effective, approved_by = (
            _text(data[n]) for n in _PACK_TEXTS
        )
        return cls(pack_id, name, jurisdiction, status, version, law_as_of, effective, approved_by, situations, search)


class StartIndex:
    """Every pack the window offers, in the library's order, and the packs left out."""

    __slots__ = ("packs", "broken")

    def __init__(self, packs: list[PackSummary], broken: list[tuple[str, int, str]]) -> None:
        self.packs = packs
        self.broken = broken  # (pack key, number of problems, the first problem as text)

    @classmethod
    def of(cls, library: Library) -> StartIndex:
        broken = [
            (key, len(problems), problems[0].format() if problems else "unknown problem")
            for key, problems in library.broken.items()
        ]
        return cls([PackSummary.of(pack) for pack in library.packs.values()], broken)

    def pack(self, pack_id: str) -> PackSummary | None:
        for pack in self.packs:
            if pack.id == pack_id:
                return pack
        return None

    def data(self) -> dict[str, Any]:
        return {"packs": [pack.data() for pack in self.packs], "broken": [list(b) for b in self.broken]}

    @classmethod
    def from_data(cls, data: Any) -> StartIndex:
        """The index `data()` gave; ValueError for anything else."""
        if not isinstance(data, dict) or set(data) != {"packs", "broken"}:
            raise ValueError("not a start index")
        broken: list[tuple[str, int, str]] = []
        for item in _list(data["broken"]):
            if not isinstance(item, list) or len(item) != 3 or item[1].__class__ is not int:
                raise ValueError("not a left-out pack")
            broken.append((_text(item[0]), item[1], _text(item[2])))
        return cls([PackSummary.from_data(pack) for pack in _list(data["packs"])], broken)

    def shows_same(self, other: StartIndex) -> bool:
        """Whether the window shows the same for both. Cheaper than ==, which also compares the
        search words and makes them for every pack."""
        return [p.shown() for p in self.packs] == [p.shown() for p in other.packs] and self.broken == other.broken

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StartIndex) and self.data() == other.data()

    __hash__ = None  # type: ignore[assignment]


def _text(value: Any) -> str:
    if value.__class__ is not str:
        raise ValueError("not text")
    return str(value)


def _list(value: Any) -> list[Any]:
    if value.__class__ is not list:
        raise ValueError("not a list")
    return list(value)


def _texts(value: Any, texts: int, lists: int) -> list[Any]:
    """`value` as `texts` texts followed by `lists` lists of texts."""
    items = _list(value)
    if len(items) != texts + lists:
        raise ValueError("wrong number of items")
    return [_text(item) for item in items[:texts]] + [[_text(t) for t in _list(item)] for item in items[texts:]]
