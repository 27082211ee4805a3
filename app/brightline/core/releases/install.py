"""Installing a release into the machine's folder, and rolling one back: all or nothing.

`install_release` checks everything before it writes anything in place: the file's shape
(`container`), the signature against the pinned keys and every file's hash (`verify`), this
program's version, the sequence (never at or below one installed or withdrawn here: no rollback
by replaying an older release), and the pack itself, loaded and validated on top of the program's
packs as it would be shown. The files are written to a hidden folder beside their final place,
synced, and then renamed into place in one step: a crash or a refusal leaves the installed
releases exactly as they were. Releases no longer needed are removed after: the machine keeps
the release in force, the one before it (to roll back to) and any still to come into force.

`apply_rollback` keeps an author's signed rollback statement in the pack's folder; from then on
the releases it withdraws are never in force (`machine`). Every outcome, refusals included, is
written to the machine's event log.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from brightline.core.packtrust import PackTrust
from brightline.core.releases.container import read_release, read_release_file
from brightline.core.releases.events import record_event
from brightline.core.releases.machine import ROLLBACKS, InstalledRelease, MachineReleases, read_machine
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.statements import (
    ENDORSEMENTS_ENTRY,
    MANIFEST_ENTRY,
    SIGNATURE_ENTRY,
    Rollback,
    read_rollback,
)
from brightline.core.releases.verify import VerifiedRelease, verify_release

LOCK_FILE = ".lock"


@dataclass(frozen=True)
class Installed:
    """What an install did: `release` is now installed (`already`: it was before), and
    `event_note` says if the event log could not be written."""

    release: VerifiedRelease
    folder: Path
    already: bool = False
    event_note: str = ""


@dataclass(frozen=True)
class RolledBack:
    rollback: Rollback
    event_note: str = ""


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One install or rollback at a time in `folder` (a lock the system drops if we die)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ReleaseRefused("release.cannot_write", folder=str(folder), reason=exc.strerror or str(exc)) from None
    try:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ReleaseRefused("release.busy", folder=str(folder)) from None
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # a folder cannot be opened there; NTFS journals renames
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stage(folder: Path, release: VerifiedRelease) -> Path:
    """The release written to a hidden folder in `folder` (same disk, so renaming it is atomic)."""
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
    os.chmod(staging, 0o755)  # readable by every account that runs Brightline
    contents = release.contents
    _write(staging / MANIFEST_ENTRY, contents.manifest_bytes)
    import json

    _write(staging / SIGNATURE_ENTRY, (json.dumps(contents.signature.data()) + "\n").encode("utf-8"))
    if contents.endorsements_bytes:
        _write(staging / ENDORSEMENTS_ENTRY, contents.endorsements_bytes)
    pack = staging / release.manifest.pack
    for name, data in sorted(contents.files.items()):
        target = pack / name  # a name the manifest allows: pack.yaml or FOLDER/FILE, nothing more
        target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        _write(target, data)
    for sub in [pack, *(p for p in pack.iterdir() if p.is_dir())]:
        _fsync_folder(sub)
    _fsync_folder(staging)
    return staging


def _check_pack(release: VerifiedRelease, staged: Path, machine: MachineReleases, shipped: Path, today: date) -> None:
    """Load the staged pack on top of the program's packs and the releases in force, as it will
    be shown; ReleaseRefused naming its first problem if it does not load cleanly."""
    from brightline.core.library import load_library

    pack_id = release.manifest.pack
    releases = {}
    for other in machine.releases:
        current = machine.in_force(other, today)
        if current is not None and other != pack_id:
            releases[current.pack_folder] = current.manifest.digests()
    releases[staged / pack_id] = release.manifest.digests()
    library = load_library(shipped, trust=PackTrust(installed=machine.folder, releases=releases))
    if pack_id not in library.packs:
        problems = library.broken.get(pack_id, [])
        raise ReleaseRefused("release.invalid_pack", problem=problems[0].format() if problems else "it did not load")


def install_release(
    file: Path, folder: Path, pinned: set[bytes], shipped: Path, app_version: str, today: date, machine_name: str = ""
) -> Installed:
    """Install the release in `file` into the machine's release folder `folder` (see the module's
    notes); ReleaseRefused, recorded in the event log, when anything is not as it must be."""
    source = str(file)
    pack, sequence, version = "", 0, ""
    try:
        if not pinned:
            raise ReleaseRefused("release.no_keys", config="[packs] trusted_keys is empty")
        release = verify_release(read_release(file), pinned, app_version)
        pack, sequence, version = release.manifest.pack, release.manifest.sequence, release.manifest.version
        with _locked(folder):
            machine = read_machine(folder, pinned, app_version)
            installed = machine.release(pack, sequence)
            if installed is not None and sequence < machine.newest(pack):
                installed = None  # kept to roll back to, but installing it again would go back: refused below
            if installed is not None and installed.manifest_bytes == release.contents.manifest_bytes:
                if sequence in machine.withdrawn(pack):
                    raise ReleaseRefused("release.withdrawn", pack=pack, sequence=sequence)
                note = record_event(folder, "already installed", pack=pack, sequence=sequence, version=version,
                                    source=source, machine=machine_name)  # fmt: skip
                return Installed(release, installed.folder, already=True, event_note=note)
            if installed is not None:
                raise ReleaseRefused("release.sequence_reused", pack=pack, sequence=sequence)
            if sequence <= machine.newest(pack):
                if any(r.from_sequence >= sequence > r.to_sequence for r in machine.rollbacks.get(pack, [])):
                    raise ReleaseRefused("release.withdrawn", pack=pack, sequence=sequence)
                raise ReleaseRefused("release.older", pack=pack, sequence=sequence, installed=machine.newest(pack))
            target = folder / pack / str(sequence)
            try:
                (folder / pack).mkdir(mode=0o755, parents=True, exist_ok=True)
                staging = _stage(folder, release)
            except OSError as exc:
                raise ReleaseRefused(
                    "release.cannot_write", folder=str(folder), reason=exc.strerror or str(exc)
                ) from None
            try:
                _check_pack(release, staging, machine, shipped, today)
                _set_aside(target)
                os.rename(staging, target)
                _fsync_folder(folder / pack)
            except OSError as exc:
                shutil.rmtree(staging, ignore_errors=True)
                raise ReleaseRefused(
                    "release.cannot_write", folder=str(folder), reason=exc.strerror or str(exc)
                ) from None
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _prune(read_machine(folder, pinned, app_version), pack, today)
    except ReleaseRefused as refused:
        note = record_event(folder, "refused", pack=pack, sequence=sequence, version=version, source=source,
                            detail=refused.message, machine=machine_name)  # fmt: skip
        refused.event_note = note
        raise
    note = record_event(folder, "installed", pack=pack, sequence=sequence, version=version, source=source,
                        detail=f"in force from {release.manifest.effective}", machine=machine_name)  # fmt: skip
    return Installed(release, target, event_note=note)


def _set_aside(target: Path) -> None:
    """Move what is at `target` out of the way: something that did not verify as a release (it
    would have been found) is kept, hidden, for IT to look at rather than deleted."""
    if os.path.lexists(target):
        os.rename(target, target.with_name(f".not-a-release-{target.name}-{os.urandom(4).hex()}"))


def _prune(machine: MachineReleases, pack: str, today: date) -> None:
    """Remove the releases of `pack` older than the one before the release in force (nothing
    that could be in force, or rolled back to, is removed). A failure leaves them: harmless."""
    current = machine.in_force(pack, today)
    if current is None:
        return
    usable = machine.usable(pack)
    older = [r for r in usable if r.manifest.sequence < current.manifest.sequence]
    keep = {current.manifest.sequence} | ({older[-1].manifest.sequence} if older else set())
    for release in machine.releases.get(pack, []):
        if release.manifest.sequence < current.manifest.sequence and release.manifest.sequence not in keep:
            shutil.rmtree(release.folder, ignore_errors=True)


def apply_rollback(
    statement_file: Path, folder: Path, pinned: set[bytes], app_version: str, machine_name: str = ""
) -> RolledBack:
    """Apply an author's signed rollback statement (see the module's notes); ReleaseRefused,
    recorded in the event log, when it is not genuine, not by a trusted key, or not for the
    releases installed now."""
    pack, sequence = "", 0
    try:
        if not pinned:
            raise ReleaseRefused("release.no_keys", config="[packs] trusted_keys is empty")
        data = read_release_file(statement_file)
        rollback = read_rollback(data)
        pack, sequence = rollback.pack, rollback.to_sequence
        with _locked(folder):
            machine = read_machine(folder, pinned, app_version)
            if rollback.signature.key not in machine.trusted_keys(pinned):
                raise ReleaseRefused(
                    "release.untrusted_key", key_id=rollback.signature.key_id, pinned="the keys pinned here"
                )
            usable: list[InstalledRelease] = machine.usable(pack)
            if not machine.releases.get(pack):
                raise ReleaseRefused("rollback.no_release", pack=pack)
            newest = max((r.manifest.sequence for r in usable), default=0)
            if rollback.from_sequence != newest:
                raise ReleaseRefused("rollback.stale", pack=pack, from_sequence=rollback.from_sequence, newest=newest)
            if rollback.to_sequence and machine.release(pack, rollback.to_sequence) not in usable:
                installed = ", ".join(str(r.manifest.sequence) for r in usable) or "none"
                raise ReleaseRefused(
                    "rollback.unknown_target", pack=pack, to_sequence=rollback.to_sequence, installed=installed
                )
            target = folder / pack / ROLLBACKS / f"from-{rollback.from_sequence}-to-{rollback.to_sequence}.json"
            try:
                target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
                tmp = target.parent / f".{target.name}.tmp"
                tmp.unlink(missing_ok=True)
                _write(tmp, data)
                os.replace(tmp, target)
                _fsync_folder(target.parent)
            except OSError as exc:
                raise ReleaseRefused(
                    "release.cannot_write", folder=str(folder), reason=exc.strerror or str(exc)
                ) from None
    except ReleaseRefused as refused:
        note = record_event(folder, "rollback refused", pack=pack, sequence=sequence, source=str(statement_file),
                            detail=refused.message, machine=machine_name)  # fmt: skip
        refused.event_note = note
        raise
    back_to = f"release {rollback.to_sequence}" if rollback.to_sequence else "the program's own pack"
    note = record_event(folder, "rolled back", pack=pack, sequence=rollback.to_sequence, source=str(statement_file),
                        detail=f"from release {rollback.from_sequence} to {back_to}: {rollback.reason}",
                        machine=machine_name)  # fmt: skip
    return RolledBack(rollback, note)
