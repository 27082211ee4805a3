"""Which packs this machine trusts, as decided at start-up when author keys are pinned.

Plain data, made by `brightline.core.releases.trust.decide_trust` and carried in `Paths.trust`
to everything that reads packs (the loader, the start-up cache's digests) and to everything that
says which release is in force (the window, `brightline list`, `brightline pack status`).
None in `Paths.trust` means no key is pinned: every pack folder named is read, as before.
Plain classes and NamedTuples, not dataclasses: this is made on the way to the first paint
(see `brightline.core.releases.statements`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, NamedTuple


class ReleaseInfo(NamedTuple):
    """One verified release of a pack, as its signed manifest describes it."""

    pack_id: str
    sequence: int
    version: str
    effective: str  # YYYY-MM-DD: in force from this day (local time)
    key_id: str  # the key that signed it
    published: str = ""  # when it was signed (ISO 8601 UTC)
    notes: str = ""  # the author's words on what changed

    @property
    def label(self) -> str:
        """How a person names it: "release 8 (version 2.1.0)"."""
        return f"release {self.sequence} (version {self.version})"


class PackStanding(NamedTuple):
    """Which release of one pack is in force on this machine, and why.

    `in_force` None: no installed release is in force yet (the program's own pack is used, or
    none); `pending`: installed releases waiting for their effective date, oldest first;
    `previous`: the release that was in force before `in_force` (None: the program's own pack),
    which "what changed" compares with."""

    pack_id: str
    in_force: ReleaseInfo | None
    pending: tuple[ReleaseInfo, ...] = ()
    previous: ReleaseInfo | None = None
    withdrawn: tuple[int, ...] = ()  # sequences an author's signed rollback statement withdrew

    def explain(self) -> str:
        """Which release is in force and why, in one sentence."""
        if self.in_force is not None:
            text = (
                f"{self.pack_id}: signed {self.in_force.label} in force (effective {self.in_force.effective}, "
                f"signed by key {self.in_force.key_id})"
            )
        else:
            text = f"{self.pack_id}: no signed release in force yet; the program's own pack is used"
        for waiting in self.pending:
            text += f"; {waiting.label} is installed and comes into force on {waiting.effective}"
        if self.withdrawn:
            text += f"; withdrawn by the author: release {', '.join(str(s) for s in self.withdrawn)}"
        return text


class PackTrust:
    """What start-up decided with author keys pinned.

    `releases`: the pack folder of each release in force → its files (name relative to the
    folder, with '/') → SHA-256 hex, as the verified signed manifest gives them; each stands in
    for the program's pack of the same id. `refused`: pack folders not read for want of a
    signature (--packs, BRIGHTLINE_PACKS). `standings`: per pack id with installed releases,
    which is in force and why. `problems`: what was wrong with the installed releases (a release
    that failed its check is not used), in words. `installed`: the machine's release folder;
    `pinned`: the keys it was checked against. Never changed once made."""

    __slots__ = ("installed", "pinned", "releases", "refused", "standings", "problems")

    def __init__(
        self,
        installed: Path,
        pinned: tuple[bytes, ...] = (),
        releases: dict[Path, dict[str, str]] | None = None,
        refused: tuple[Path, ...] = (),
        standings: dict[str, PackStanding] | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        self.installed: Final = installed
        self.pinned: Final = pinned
        self.releases: Final = releases or {}
        self.refused: Final = refused
        self.standings: Final = standings or {}
        self.problems: Final = problems

    def __repr__(self) -> str:
        return f"PackTrust({self.installed!r}, releases={sorted(self.releases)!r}, refused={self.refused!r})"
