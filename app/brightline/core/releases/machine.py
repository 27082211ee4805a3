"""The machine's folder of installed releases, read back and checked at every start.

    INSTALLED/                      `[packs] installed`, default e.g. /var/lib/brightline/packs
      events.log                    every install, refusal and rollback (`events`)
      PACK/
        SEQUENCE/                   one installed release, e.g. pasadena/8/
          manifest.json             its signed manifest, as signed
          manifest.sig
          endorsements.json         when the release carried key endorsements
          PACK/                     the pack's files, as the manifest names them
        rollbacks/
          from-8-to-7.json          an author's signed rollback statement, as received

Nothing unsigned decides anything: which release is in force is worked out at each start from
the signed manifests and the signed rollback statements in the folder, checked against the
keys pinned now. A release is in force from its effective date: of the installed releases that
verify and that no rollback statement withdrew, the newest whose date has come. Its files are
checked against the manifest as the loader reads them (`packfiles.list_pack`'s `signed`); a
release whose manifest does not verify is left out and named in `problems`. Hidden entries
(`.incoming-…`, an install under way) are never read.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path
from typing import NamedTuple

from brightline.core.ids import ID_RE
from brightline.core.packfiles import FileRefused, printable, read_file
from brightline.core.packtrust import PackStanding, ReleaseInfo
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.statements import (
    ENDORSEMENTS_ENTRY,
    MANIFEST_ENTRY,
    RELEASE_FORMAT,
    SIGNATURE_ENTRY,
    Endorsement,
    Manifest,
    Rollback,
    Signature,
    parse_manifest,
    parse_signature,
    read_endorsements,
    read_rollback,
    release_info,
    strict_json,
    trusted_signer,
    version_at_least,
)

ROLLBACKS = "rollbacks"
SEQUENCE_RE = re.compile(r"[1-9][0-9]{0,15}")
ROLLBACK_RE = re.compile(r"from-[1-9][0-9]{0,15}-to-[0-9]{1,16}\.json")
MAX_RELEASES_READ = 50  # release folders looked at for one pack: a machine keeps two or three


class InstalledRelease(NamedTuple):
    """A release in the machine's folder whose signed manifest verified."""

    folder: Path  # INSTALLED/PACK/SEQUENCE
    manifest: Manifest
    signature: Signature
    manifest_bytes: bytes

    @property
    def pack_folder(self) -> Path:
        """The pack's own folder (named as the pack, as the loader wants it)."""
        return self.folder / self.manifest.pack

    @property
    def info(self) -> ReleaseInfo:
        return release_info(self.manifest, self.signature)


class MachineReleases:
    """Everything verified in the machine's release folder, and what was not."""

    __slots__ = ("folder", "releases", "rollbacks", "problems")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.releases: dict[str, list[InstalledRelease]] = {}  # pack → oldest first
        self.rollbacks: dict[str, list[Rollback]] = {}
        self.problems: list[str] = []

    def withdrawn(self, pack: str) -> set[int]:
        """The sequences of `pack` an author's rollback statement withdrew."""
        return {
            release.manifest.sequence
            for rollback in self.rollbacks.get(pack, [])
            for release in self.releases.get(pack, [])
            if rollback.to_sequence < release.manifest.sequence <= rollback.from_sequence
        }

    def usable(self, pack: str) -> list[InstalledRelease]:
        """The verified releases of `pack` that no rollback withdrew, oldest first."""
        withdrawn = self.withdrawn(pack)
        return [r for r in self.releases.get(pack, []) if r.manifest.sequence not in withdrawn]

    def in_force(self, pack: str, today: date) -> InstalledRelease | None:
        """The newest usable release whose effective date has come; None if none has."""
        current = None
        for release in self.usable(pack):
            if date.fromisoformat(release.manifest.effective) <= today:
                current = release
        return current

    def standing(self, pack: str, today: date) -> PackStanding:
        """Which release of `pack` is in force on `today`, which wait for their date, and the one before."""
        usable = self.usable(pack)
        current = self.in_force(pack, today)
        floor = current.manifest.sequence if current is not None else 0
        before = [r for r in usable if r.manifest.sequence < floor]
        return PackStanding(
            pack_id=pack,
            in_force=current.info if current is not None else None,
            pending=tuple(r.info for r in usable if r.manifest.sequence > floor),
            previous=before[-1].info if before and current is not None else None,
            withdrawn=tuple(sorted(self.withdrawn(pack))),
        )

    def newest(self, pack: str) -> int:
        """The highest sequence of `pack` this machine has installed or a rollback names: a
        release must be newer than this to be installed."""
        sequences = [r.manifest.sequence for r in self.releases.get(pack, [])]
        sequences += [r.from_sequence for r in self.rollbacks.get(pack, [])]
        return max(sequences, default=0)

    def release(self, pack: str, sequence: int) -> InstalledRelease | None:
        return next((r for r in self.releases.get(pack, []) if r.manifest.sequence == sequence), None)

    def trusted_keys(self, pinned: set[bytes]) -> set[bytes]:
        """The pinned keys and those endorsed by them in the releases installed here."""
        keys = set(pinned)
        for releases in self.releases.values():
            keys |= {r.signature.key for r in releases}
        return keys


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The visible real folders and files of `folder` (no links, nothing hidden), by name."""
    try:
        with os.scandir(folder) as scan:
            found = [e for e in scan if not e.name.startswith(".") and not e.is_symlink()]
    except OSError:
        return []
    return sorted(found, key=lambda e: e.name)


def _read(path: Path, limit: int) -> bytes:
    try:
        return read_file(path, limit)
    except FileRefused as exc:
        raise ValueError(f"{path.name}: {exc.code}") from None


def read_machine(folder: Path, pinned: set[bytes], app_version: str) -> MachineReleases:
    """Read and verify the machine's release folder (see the module's notes). Never raises: a
    folder that is not there holds nothing, and what does not verify is named in `problems`."""
    machine = MachineReleases(folder)
    try:
        os.scandir(folder).close()
    except FileNotFoundError:
        return machine  # nothing installed yet
    except OSError as exc:
        machine.problems.append(
            f"{printable(str(folder))}: the installed releases cannot be read: {exc.strerror or exc}"
        )
        return machine
    for pack_entry in _entries(folder):
        if not pack_entry.is_dir(follow_symlinks=False) or not ID_RE.match(pack_entry.name):
            continue
        pack = pack_entry.name
        pack_folder = Path(pack_entry.path)
        releases = []
        for entry in _entries(pack_folder)[-MAX_RELEASES_READ:]:
            if entry.is_dir(follow_symlinks=False) and SEQUENCE_RE.fullmatch(entry.name):
                release = _read_release(Path(entry.path), pack, pinned, app_version, machine.problems)
                if release is not None:
                    releases.append(release)
        machine.releases[pack] = sorted(releases, key=lambda r: r.manifest.sequence)
        trusted = machine.trusted_keys(pinned)
        rollbacks = []
        for entry in _entries(pack_folder / ROLLBACKS):
            if entry.is_file(follow_symlinks=False) and ROLLBACK_RE.fullmatch(entry.name):
                try:
                    rollback = read_rollback(_read(Path(entry.path), 64 * 1024))
                except (ValueError, ReleaseRefused) as exc:
                    machine.problems.append(f"{entry.path}: not used: {exc}")
                    continue
                if rollback.pack != pack or rollback.signature.key not in trusted:
                    machine.problems.append(f"{entry.path}: not used: not a statement for this pack by a trusted key")
                    continue
                rollbacks.append(rollback)
        machine.rollbacks[pack] = rollbacks
    return machine


def _read_release(
    folder: Path, pack: str, pinned: set[bytes], app_version: str, problems: list[str]
) -> InstalledRelease | None:
    """The release installed in `folder` when its manifest verifies; else None, after saying why."""
    try:
        manifest_bytes = _read(folder / MANIFEST_ENTRY, 1024 * 1024)
        signature = parse_signature(strict_json(_read(folder / SIGNATURE_ENTRY, 64 * 1024)))
        endorsements: list[Endorsement] = []
        if os.path.lexists(folder / ENDORSEMENTS_ENTRY):
            endorsements = read_endorsements(_read(folder / ENDORSEMENTS_ENTRY, 256 * 1024))
        if not signature.verifies(RELEASE_FORMAT, manifest_bytes):
            raise ReleaseRefused("release.bad_signature")
        if not trusted_signer(signature.key, endorsements, pinned):
            raise ReleaseRefused("release.untrusted_key", key_id=signature.key_id, pinned="as configured")
        manifest = parse_manifest(manifest_bytes)
        if manifest.pack != pack or str(manifest.sequence) != folder.name:
            raise ValueError(f"it holds release {manifest.sequence} of '{manifest.pack}', not what its folder says")
        if not version_at_least(app_version, manifest.min_app_version):
            raise ReleaseRefused("release.newer_app", needed=manifest.min_app_version, have=app_version)
        info = os.lstat(folder / manifest.pack)
        if not stat.S_ISDIR(info.st_mode):
            raise ValueError(f"'{manifest.pack}' there is not a folder")
    except (ValueError, OSError, ReleaseRefused) as exc:
        problems.append(f"{printable(str(folder))}: this installed release is not used: {exc}")
        return None
    return InstalledRelease(folder, manifest, signature, manifest_bytes)
