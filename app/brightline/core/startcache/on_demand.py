"""The pack library, loaded the first time anything asks for it.

The window paints its first screen from the start index and loads the library just after; its
controller may need the library sooner (a situation chosen at once). Both hold this one object,
so the library is loaded once, by whichever asks first, and whoever must know (the window, to
check what it painted) hears of it once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.core.library import Library


class LibraryOnDemand:
    """A library given now, or a function that loads it when first asked for."""

    def __init__(self, library: Library | Callable[[], Library]) -> None:
        self._library: Library | None = None
        self._load: Callable[[], Library] | None = None
        self._listeners: list[Callable[[Library], object]] = []
        if callable(library):
            self._load = library
        else:
            self._library = library

    def get(self) -> Library:
        """The library, loaded now if it was not yet."""
        if self._library is None:
            assert self._load is not None
            self._library = self._load()
            self._load = None
            listeners, self._listeners = self._listeners, []
            for listener in listeners:
                listener(self._library)
        return self._library

    def loaded(self) -> Library | None:
        """The library if it has been loaded, else None (nothing is loaded by asking)."""
        return self._library

    def when_loaded(self, listener: Callable[[Library], object]) -> None:
        """Call `listener(library)` once the library is loaded (never, if it was given loaded)."""
        if self._library is None:
            self._listeners.append(listener)
