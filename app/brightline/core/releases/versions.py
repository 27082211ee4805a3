"""Two versions of a pack side by side, for "what changed": a release file, a release installed on
this machine, or the program's own pack, each loaded on top of the program's packs as it is (or
would be) shown, and compared tree by tree (`brightline.core.changes`)."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from brightline.core.changes import TreeChange, compare_trees
from brightline.core.model import Pack
from brightline.core.packtrust import PackTrust, ReleaseInfo
from brightline.core.releases.container import read_release
from brightline.core.releases.machine import MachineReleases
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.verify import verify_release

PROGRAM = "program"  # PACK@program: the program's own pack
_INSTALLED = re.compile(r"(?P<pack>[a-z0-9][a-z0-9._-]*)@(?P<which>[0-9]+|program)")


@dataclass(frozen=True)
class PackVersion:
    """One version of a pack, loaded: `release` None for the program's own pack."""

    pack: Pack
    release: ReleaseInfo | None

    @property
    def label(self) -> str:
        if self.release is None:
            return f"the program's own pack (version {self.pack.manifest.version})"
        return self.release.label


def _load(shipped: Path, releases: dict[Path, dict[str, str]], pack_id: str, installed: Path) -> Pack:
    from brightline.core.library import load_library

    library = load_library(shipped, trust=PackTrust(installed=installed, releases=releases))
    if pack_id not in library.packs:
        problems = library.broken.get(pack_id, [])
        raise ReleaseRefused("release.invalid_pack", problem=problems[0].format() if problems else "it did not load")
    return library.pack(pack_id)


def _others(machine: MachineReleases | None, pack_id: str, today: date) -> dict[Path, dict[str, str]]:
    """The releases in force of the other packs (what this one may extend)."""
    releases: dict[Path, dict[str, str]] = {}
    for other in machine.releases if machine is not None else ():
        current = machine.in_force(other, today) if machine is not None else None
        if current is not None and other != pack_id:
            releases[current.pack_folder] = current.manifest.digests()
    return releases


def program_version(shipped: Path, pack_id: str, machine: MachineReleases | None, today: date) -> PackVersion:
    folder = machine.folder if machine is not None else shipped
    return PackVersion(_load(shipped, _others(machine, pack_id, today), pack_id, folder), None)


def installed_version(machine: MachineReleases, shipped: Path, pack_id: str, sequence: int, today: date) -> PackVersion:
    """Release `sequence` of `pack_id` as installed here (verified as at start-up)."""
    release = machine.release(pack_id, sequence)
    if release is None:
        installed = ", ".join(str(r.manifest.sequence) for r in machine.releases.get(pack_id, [])) or "none"
        raise ReleaseRefused("release.not_installed", pack=pack_id, sequence=sequence, installed=installed)
    releases = _others(machine, pack_id, today) | {release.pack_folder: release.manifest.digests()}
    return PackVersion(_load(shipped, releases, pack_id, machine.folder), release.info)


def file_version(
    file: Path, shipped: Path, pinned: set[bytes] | None, app_version: str, machine: MachineReleases | None, today: date
) -> PackVersion:
    """The release in `file`, verified (against `pinned`, or with the key it names when None)
    and loaded from a private temporary copy of its checked files."""
    release = verify_release(read_release(file), pinned, app_version)
    pack_id = release.manifest.pack
    with tempfile.TemporaryDirectory(prefix="brightline-release-") as temporary:
        folder = Path(temporary) / pack_id
        for name, data in release.contents.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        releases = _others(machine, pack_id, today) | {folder: release.manifest.digests()}
        pack = _load(shipped, releases, pack_id, Path(temporary))
    return PackVersion(pack, release.info)


def version_of(
    spec: str, shipped: Path, pinned: set[bytes] | None, app_version: str, machine: MachineReleases | None, today: date
) -> PackVersion:
    """A version named as `brightline pack diff` takes it: a release file, `PACK@SEQUENCE` (a
    release installed here) or `PACK@program` (the program's own pack)."""
    match = _INSTALLED.fullmatch(spec)
    if match is not None and not Path(spec).exists():
        pack_id, which = match["pack"], match["which"]
        if which == PROGRAM:
            return program_version(shipped, pack_id, machine, today)
        if machine is None:
            raise ReleaseRefused("rollback.no_release", pack=pack_id)
        return installed_version(machine, shipped, pack_id, int(which), today)
    return file_version(Path(spec), shipped, pinned, app_version, machine, today)


def pack_changes(old: PackVersion, new: PackVersion) -> list[TreeChange]:
    """How `new` differs from `old`, tree by tree."""
    return compare_trees(old.pack.trees, new.pack.trees)


def in_force_changes(
    machine: MachineReleases, shipped: Path, pack_id: str, today: date
) -> tuple[PackVersion, PackVersion, list[TreeChange]] | None:
    """The release of `pack_id` in force, the version before it (the release before, else the
    program's own pack), and what changed; None when no release of it is in force."""
    current = machine.in_force(pack_id, today)
    if current is None:
        return None
    new = installed_version(machine, shipped, pack_id, current.manifest.sequence, today)
    standing = machine.standing(pack_id, today)
    if standing.previous is not None:
        old = installed_version(machine, shipped, pack_id, standing.previous.sequence, today)
    else:
        old = program_version(shipped, pack_id, machine, today)
    return old, new, pack_changes(old, new)
