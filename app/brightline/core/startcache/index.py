"""The start index: what the window's first screen shows of the packs, so that a start can paint
the situation picker before it loads the library.

For each pack: what the header, the banner and the picker show (name, status, version, law-as-of
and effective dates, approver; each situation's title, group, summary and audiences); for each
pack left out, the first of its problems. Not the search words: they were four fifths of the
index and are needed only at the first key, so the picker reads them from the pack itself
(`PackSummary.search_index`), which the window loads just after its first paint. Plain classes,
not dataclasses: the first paint imports neither `dataclasses` nor the model.

`to_data` / `from_data` are its JSON form. `from_data` builds only these classes, from only text
and lists of text, and raises ValueError for anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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

    __slots__ = (*_PACK_TEXTS, "situations", "_search", "_pack", "_find_pack")

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
        pack: Pack | None = None,
    ) -> None:
        """`pack`: the pack itself, when it is loaded (else see `find_pack_with`)."""
        self.id = id
        self.name = name
        self.jurisdiction = jurisdiction
        self.status = status
        self.version = version
        self.law_as_of = law_as_of
        self.effective = effective
        self.approved_by = approved_by
        self.situations = situations
        self._search: list[EntryData] | None = None
        self._pack = pack
        self._find_pack: Callable[[], Pack | None] | None = None

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

    def find_pack_with(self, find: Callable[[], Pack | None]) -> None:
        """Where to find the pack for its search words, when it is not given: a summary read from
        the start index stands for a pack not loaded yet."""
        self._find_pack = find

    def search_data(self) -> list[EntryData]:
        """Each situation's search words, from the pack (none when the pack cannot be found: the
        window replaces an index that no longer matches its packs as soon as they are loaded)."""
        if self._search is None:
            from brightline.core.search import SituationIndex

            pack = self._pack if self._pack is not None else self._find_pack() if self._find_pack else None
            self._search = [SituationIndex.entry_data(tree) for tree in pack.trees.values()] if pack else []
        return self._search

    def search_index(self) -> SituationIndex:
        """The search over the situations, listed at once; their words are read when first searched."""
        from brightline.core.search import SituationIndex

        listed = [(s.id, s.title, s.group, tuple(s.audiences), ()) for s in self.situations]
        return SituationIndex.deferred(listed, self.search_data)

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in _PACK_TEXTS}
        data["situations"] = [s.data() for s in self.situations]
        return data

    @classmethod
    def from_data(cls, data: Any) -> PackSummary:
        if not isinstance(data, dict) or set(data) != {*_PACK_TEXTS, "situations"}:
            raise ValueError("not a pack summary")
        situations = [Situation(*_texts(s, 4, lists=1)) for s in _list(data["situations"])]
        pack_id, name, jurisdiction, status, version, law_as_of, effective, approved_by = (
            _text(data[n]) for n in _PACK_TEXTS
        )
        return cls(pack_id, name, jurisdiction, status, version, law_as_of, effective, approved_by, situations)


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

    def find_packs_with(self, library: Callable[[], Library]) -> None:
        """Find each pack's search words in `library()` (which may load it) when first searched."""
        for summary in self.packs:
            summary.find_pack_with(_pack_in(library, summary.id))

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

    def __eq__(self, other: object) -> bool:
        """The same packs, situations and left-out packs: what the window shows of them."""
        return isinstance(other, StartIndex) and self.data() == other.data()

    __hash__ = None  # type: ignore[assignment]


def _pack_in(library: Callable[[], Library], pack_id: str) -> Callable[[], Pack | None]:
    return lambda: library().packs.get(pack_id)


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
