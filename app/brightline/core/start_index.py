"""What the window's first screen shows of the packs, kept on disk so that a start can paint the
situation picker before it loads the library.

The start index holds, for each pack, what the header, the banner and the picker show (name,
status, version, effective date, approver; each situation's title, group, summary and audiences)
and the search words of its situations, already normalised; and, for each pack left out, the
first of its problems. The window paints from it and loads the full library on the next turn of
the event loop (`brightline.ui.main_window`); when the library turns out to differ, the window shows
the library instead.

It is a `marshal` file of plain data behind a header naming its fingerprint
(`brightline.core.fingerprint`), so reading it creates no model objects and imports nothing. It lives
in two places:
- the data folder's cache, written after a start that had to load the library to paint;
- beside the shipped packs (`.start-index` in the packs folder), written by `brightline
  prepare` when the program is installed or bundled, never by a running window: the program's
  own folder is not written to. It describes the shipped packs alone, so its key leaves out
  where they lie.
A file that is missing, stale, damaged or foreign is ignored: the window then loads the library
first, as it would without an index.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.core.fingerprint import BYTES, fingerprint
from brightline.core.packfiles import list_packs

if TYPE_CHECKING:
    from brightline.core.library import Library
    from brightline.core.model import Pack
    from brightline.core.search import EntryData, SituationIndex

MAGIC = b"brightline start index 2\n"  # 2: law_as_of
SHIPPED_NAME = ".start-index"  # beside the shipped packs
_MARSHAL_VERSION = 4


class Situation:
    """A tree as the situation picker lists it."""

    __slots__ = ("id", "title", "group", "summary", "audiences")

    def __init__(self, id: str, title: str, group: str, summary: str, audiences: Iterable[str]) -> None:  # noqa: A002
        self.id = id
        self.title = title
        self.group = group
        self.summary = summary
        self.audiences = list(audiences)


class PackSummary:
    """A pack as the header, the banner and the picker show it (the names of `Manifest`)."""

    __slots__ = (
        "id",
        "name",
        "jurisdiction",
        "status",
        "version",
        "law_as_of",
        "effective",
        "approved_by",
        "situations",
        "_search",
        "_pack",
    )

    def __init__(
        self,
        id: str,
        name: str,
        jurisdiction: str,
        status: str,
        version: str,
        law_as_of: str,
        effective: str,  # noqa: A002
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
            self.id,
            self.name,
            self.jurisdiction,
            self.status,
            self.version,
            self.law_as_of,
            self.effective,
            self.approved_by,
            [(s.id, s.title, s.group, s.summary, tuple(s.audiences)) for s in self.situations],
        )

    def data(self) -> tuple[Any, ...]:
        return (*self.shown(), self.search_data())

    @classmethod
    def from_data(cls, data: tuple[Any, ...]) -> PackSummary:
        pack_id, name, jurisdiction, status, version, law_as_of, effective, approved_by, situations, search = data
        return cls(
            pack_id,
            name,
            jurisdiction,
            status,
            version,
            law_as_of,
            effective,
            approved_by,
            [Situation(*s) for s in situations],
            list(search),
        )


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

    def data(self) -> tuple[Any, ...]:
        return ([pack.data() for pack in self.packs], [tuple(b) for b in self.broken])

    @classmethod
    def from_data(cls, data: Any) -> StartIndex:
        packs, broken = data
        return cls([PackSummary.from_data(pack) for pack in packs], [tuple(b) for b in broken])

    def shows_same(self, other: StartIndex) -> bool:
        """Whether the window shows the same for both. Cheaper than ==, which also compares the
        search words and makes them for every pack; those come from the same files as the rest,
        so a key that matched for one matched for both."""
        return [p.shown() for p in self.packs] == [p.shown() for p in other.packs] and self.broken == other.broken

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StartIndex) and self.data() == other.data()

    __hash__ = None  # type: ignore[assignment]


def start_key(root: Path, extra_roots: Iterable[Path], by: str = BYTES) -> str:
    """The fingerprint of the packs' files and the program, and the extra pack folders by name
    (the shipped packs' own folder is left out: see the module notes): by the files' bytes, the
    key of the library's snapshot; or, reading no file, the key a start index is kept under.

    The data folder's index is kept by the files' sizes and times (TIMES); the shipped one by
    their sizes alone (SIZES), since an install may change the times. Either can only be stale if
    a file changed and kept what the key holds of it: the window then shows it until the library,
    checked by the files' bytes, has loaded, just after the first paint, and shows that."""
    extras = list(extra_roots)
    folders: list[Path] = []
    refused = []  # pack folders not read (links …): the library reports them, so they are part of its key
    for packs_folder in [root, *extras]:
        found, refusals = list_packs(packs_folder)
        folders += found
        refused += [f"{path.name}:{refusal.code}" for path, refusal in refusals]
    place = "|".join(os.path.abspath(extra) for extra in extras)
    return fingerprint(root, folders, f"{place}|{','.join(refused)}" if refused else place, by)


def read_start_index(candidates: Iterable[Path], key: str) -> StartIndex | None:
    """The first of `candidates` kept under exactly `key`, or None (missing, stale, damaged)."""
    header = MAGIC + key.encode("ascii") + b"\n"
    for path in candidates:
        try:
            with open(path, "rb") as stream:
                if stream.read(len(header)) != header:
                    continue
                return StartIndex.from_data(marshal.load(stream))
        except Exception:  # noqa: BLE001, S112 — any damage at all means: try the next, then load the library
            continue
    return None


def write_start_index(path: Path, key: str, index: StartIndex) -> bool:
    """Keep `index` under `key` at `path`, atomically; False when it could not be written (which
    costs only time at the next start)."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(MAGIC + key.encode("ascii") + b"\n")
            marshal.dump(index.data(), stream, _MARSHAL_VERSION)
        os.replace(temporary, path)
        return True
    except (OSError, ValueError):
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False
