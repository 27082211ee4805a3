"""What start-up keeps between runs, so that a returning start paints at once and a command does
not read and validate every pack again — and the rule that nothing kept can change what is shown.

| what is kept | its key | where it lives | who writes it | who reads it | when stale, damaged or in doubt |
| --- | --- | --- | --- | --- | --- |
| this user's start index: what the first screen shows (`index.StartIndex`) | the packs' listing (`digest.pack_listing`: each file's name, size, times and identity, a release's files with their signed digests), and `made_for`: program version, working folder, pack and release folders | `start-index.json` in the user's cache folder (`Paths.cache`) | the window, once built (or closing), when it did not paint from it | the window's start, before its first paint | the shipped index, else the library is loaded before the first paint |
| the shipped start index | the names and sizes of the shipped packs' files (`digest.pack_sizes`), and the program version | `.start-index` beside the shipped packs | `brightline prepare`, when the program is installed or bundled | a start with no index of its own and no extra pack folders | as above |
| the validated library (`model_codec`) | SHA-256 of the pack bytes (`digest.pack_digest`; with author keys pinned, the verified releases' bytes, each checked against its signed digest as it is read), and `made_for`: program version and code, working folder, pack and release folders | `library.json` in the user's cache folder | the window once built; `list`, `walk`, `coverage`, `diff` and `train` after reading the packs | the window just after its first paint (sooner if a situation is chosen first); those commands | the packs are read and validated |
| the user's cache key (`secret`) | — | `cache-key` in the user's config folder (`Paths.config`), mode 0600 | the first write of an entry | every read and write of this user's entries | this user's entries are not read; the next write makes a new key |

Every entry (`sealed`) carries its key, the checksum of its own content, and this user's entries an
HMAC-SHA256 under the user's own key, so that a validly formatted entry forged by anyone without
that key is refused like a damaged one. Any mismatch, damage or doubt means: read the packs again,
silently (a debug log line says why). What is read is plain JSON, built back only into the
model's own values; nothing is unpickled, unmarshalled or evaluated, and files of the old caches
(`packs.snapshot`, `start.index`, `packs.json`) are never opened.

The guidance itself (the library) is only ever taken from an entry made from the exact bytes of
the packs, by this code. A start index only lets the window paint its first screen before the
library is loaded, and what it painted is checked against the library as soon as that has loaded
(just after the first paint, or at the first key or choice), and replaced where it differs. So a
start index is keyed on what can be known without reading the packs: this user's on the listing,
which changes with any change to a file; the shipped one, which no user's key vouches for and
which is trusted as far as the packs beside it are, on the files' names and sizes, which an
installation keeps (a change to a shipped pack that keeps every size is shown from the library a
moment after the first paint). Reading the pack bytes and the code before the first paint cost
about a twentieth of a start (tests/benchmarks/README.md).

Measured against the start-up budget in tests/benchmarks/README.md: the start index is what keeps
a returning start and a new user's first start within it; the library cache keeps loading the
shipped packs far under its budget, and the window responsive right after its first paint.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from typing import TYPE_CHECKING

from brightline.core.startcache.digest import (
    listing_and_sizes,
    pack_digest,
    pack_listing,
    pack_sizes,
    program_stamp,
)
from brightline.core.startcache.index import PackSummary, Situation, StartIndex
from brightline.core.startcache.on_demand import LibraryOnDemand
from brightline.core.startcache.sealed import read_entry, write_entry
from brightline.core.startcache.secret import read_secret, secret_for_writing

if TYPE_CHECKING:
    from brightline.core.library import Library
    from brightline.core.paths import Paths

__all__ = ["LibraryOnDemand", "PackSummary", "Situation", "StartCache", "StartIndex", "write_shipped_index"]

INDEX = "start index"
LIBRARY = "library"

log = logging.getLogger(__name__)


def _made_for(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _working_folder() -> str:
    try:
        return os.getcwd()
    except OSError:  # removed under us: problems then name files by their absolute paths
        return ""


def _shipped_made_for() -> str:
    from brightline import __version__

    return _made_for("shipped", __version__)


class StartCache:
    """This user's start index and library for the packs `paths` names, as they are now."""

    def __init__(self, paths: Paths) -> None:
        self._paths = paths
        # Before the first paint only the listing: the packs' bytes and the code are read for the
        # library, just after it (`packs`, `_library_made_for`).
        self._sizes: str | None = None  # of the shipped packs, for the shipped index
        if paths.extra_packs or paths.trust is not None:
            self.listing = pack_listing(paths.packs, paths.extra_packs, paths.trust)
        else:  # the shipped packs alone: the shipped index may be wanted, from the same look
            self.listing, self._sizes = listing_and_sizes(paths.packs)
        self._packs: str | None = None
        releases = paths.trust.releases if paths.trust is not None else {}
        self._places = (
            _working_folder(),  # problems name files relative to it
            os.path.abspath(paths.packs),
            *(os.path.abspath(extra) for extra in paths.extra_packs),
            *(f"release:{os.path.abspath(folder)}" for folder in sorted(releases)),
        )
        from brightline import __version__

        self._index_made_for = _made_for("index", __version__, *self._places)
        self._library_made_for_value: str | None = None
        self._secret = read_secret(paths.cache_key)  # None: nothing of this user's is read
        self._index_kept = False  # this user's index for these packs was read
        self._library_kept: Library | None = None  # the library as read from this user's cache

    @property
    def packs(self) -> str:
        """The SHA-256 of the pack bytes (`pack_digest`), read when first asked for."""
        if self._packs is None:
            self._packs = pack_digest(self._paths.packs, self._paths.extra_packs, self._paths.trust)
        return self._packs

    def _library_made_for(self) -> str:
        if self._library_made_for_value is None:
            self._library_made_for_value = _made_for(program_stamp(), *self._places)
        return self._library_made_for_value

    # -- reading ---------------------------------------------------------------------------------
    def start_index(self) -> StartIndex | None:
        """What the first screen shows of these packs: this user's index, else the shipped one;
        None when neither is kept for exactly these packs."""
        index = self._user_index()
        if index is not None:
            self._index_kept = True
            return index
        return self._shipped_index()

    def _user_index(self) -> StartIndex | None:
        if self._secret is None:
            return None
        return _parse_index(
            read_entry(self._paths.start_index, INDEX, self.listing, self._index_made_for, self._secret)
        )

    def _shipped_index(self) -> StartIndex | None:
        if self._paths.extra_packs or self._paths.trust is not None:
            return None  # it describes the shipped packs alone
        assert self._sizes is not None
        return _parse_index(read_entry(self._paths.shipped_start_index, INDEX, self._sizes, _shipped_made_for(), None))

    def cached_library(self) -> Library | None:
        """The library kept for exactly these packs, or None."""
        if self._secret is None:
            return None
        body = read_entry(self._paths.library_cache, LIBRARY, self.packs, self._library_made_for(), self._secret)
        if body is None:
            return None
        from brightline.core.startcache.model_codec import ModelCodec, Unsupported

        try:
            library: Library = ModelCodec.for_library().loads(body)
        except (ValueError, TypeError, RecursionError, Unsupported) as exc:
            log.debug("library %s not used: %s", self._paths.library_cache, exc)
            return None
        self._library_kept = library
        return library

    def library(self) -> Library:
        """The library: as kept for exactly these packs, else read and validated from them."""
        kept = self.cached_library()
        if kept is not None:
            return kept
        from brightline.core.library import load_library

        return load_library(self._paths.packs, list(self._paths.extra_packs), trust=self._paths.trust)

    # -- writing ---------------------------------------------------------------------------------
    def save(self, library: Library) -> None:
        """Keep what this start did not find kept: the library, when it was read from the packs,
        and the start index made from it, when this user's was not read. Nothing is kept when
        the pack files changed since this object looked at them (the library may hold either)."""
        want_library = library is not self._library_kept
        if not self._index_kept:  # not read by this start (a command): it may be kept all the same
            self._index_kept = self._user_index() is not None
        if self._index_kept and not want_library:
            return
        paths = self._paths
        if (
            pack_listing(paths.packs, paths.extra_packs, paths.trust) != self.listing
            or pack_digest(paths.packs, paths.extra_packs, paths.trust) != self.packs
        ):
            log.debug("pack files changed during this start; nothing cached")
            return
        secret = secret_for_writing(self._paths.cache_key)
        if secret is None:
            return
        if secret != self._secret:  # a new key: what was read (with none) is written with it
            self._secret, want_library, self._index_kept = secret, True, False
        if not self._index_kept:
            body = json.dumps(StartIndex.of(library).data(), ensure_ascii=False).encode("utf-8")
            self._index_kept = write_entry(
                self._paths.start_index, INDEX, self.listing, self._index_made_for, body, secret
            )
        if want_library:
            body_or_none = _dump_library(library)
            if body_or_none is not None and write_entry(
                self._paths.library_cache, LIBRARY, self.packs, self._library_made_for(), body_or_none, secret
            ):
                self._library_kept = library

    # -- checking --------------------------------------------------------------------------------
    def differences(self, fresh: Library) -> list[str]:
        """Where what is kept for these packs says other than `fresh`, the library just read from
        them (the self-test fails on any). With no library kept, the library makes the round trip
        through the cache's form in memory instead, so the comparison is always made."""
        differences = []
        expected = StartIndex.of(fresh)
        for label, path, index in (
            ("this user's start index", self._paths.start_index, self._user_index()),
            ("the shipped start index", self._paths.shipped_start_index, self._shipped_index()),
        ):
            if index is not None and index != expected:
                differences.append(f"{label} ({path}) differs from the packs")
        kept = self.cached_library()
        if kept is not None:
            if kept != fresh:
                differences.append(f"the library kept in {self._paths.library_cache} differs from the packs")
            return differences
        from brightline.core.startcache.model_codec import ModelCodec

        body = _dump_library(fresh)
        if body is None:
            differences.append("the library cannot be kept in the cache's form")
        elif ModelCodec.for_library().loads(body) != fresh:
            differences.append("the library does not read back from the cache's form as the packs give it")
        return differences


def _parse_index(body: bytes | None) -> StartIndex | None:
    if body is None:
        return None
    try:
        return StartIndex.from_data(json.loads(body.decode("utf-8")))
    except (ValueError, TypeError, RecursionError) as exc:
        log.debug("start index not used: %s", exc)
        return None


def _dump_library(library: Library) -> bytes | None:
    from brightline.core.startcache.model_codec import ModelCodec, Unsupported

    try:
        return ModelCodec.for_library().dumps(library)
    except (Unsupported, ValueError, UnicodeError, RecursionError) as exc:
        log.debug("library not cached: %s", exc)
        return None


def write_shipped_index(paths: Paths, library: Library) -> bool:
    """Keep the start index of the shipped packs beside them (`Paths.shipped_start_index`);
    `library` is what was read from them alone (`brightline prepare`, when the program is
    installed or bundled)."""
    body = json.dumps(StartIndex.of(library).data(), ensure_ascii=False).encode("utf-8")
    return write_entry(paths.shipped_start_index, INDEX, pack_sizes(paths.packs), _shipped_made_for(), body, None)
