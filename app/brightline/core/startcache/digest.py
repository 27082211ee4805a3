"""What a cache entry stands for: the packs' files (their exact bytes, or as the folders list
them) and what else its content depends on.

Listed at every start, before the first paint: os, hashlib and `brightline.core.packfiles`,
which lists and reads the files exactly as the loader does (no link followed, no pipe opened,
sizes capped), so a fingerprint covers every file the library may read and a hostile pack folder
cannot make the start hang.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.packfiles import SHARED_FOLDER, FileRefused, PackFile, list_all_packs, list_pack, read_file

if TYPE_CHECKING:
    from brightline.core.packtrust import PackTrust

_CORE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pack_digest(root: Path, extra_roots: Sequence[Path] = (), trust: PackTrust | None = None) -> str:
    """SHA-256 of every file the library is read from (`root`'s shared folder and the pack folders
    of `root` and `extra_roots`, as `load_library` reads them, with the verified releases of
    `trust` in place of the packs they stand in for): each file's name and bytes, and what was
    refused (the library reports it, so it is part of what an entry stands for). A release's files
    are read as the loader reads them, checked against their signed digests, so an entry is keyed
    on the verified release.

    Files are named relative to the folder above their pack, so the same packs give the same
    digest wherever they lie."""
    [digest] = _fold(root, extra_roots, trust, (_content,))
    return digest


def pack_listing(root: Path, extra_roots: Sequence[Path] = (), trust: PackTrust | None = None) -> str:
    """SHA-256 of the same files as `pack_digest` without reading them: each file's name, size,
    times and identity as the folder lists them (a release's files with their signed digests),
    and what was refused. Any change to a file changes its change time, which no user can set
    back, so this changes whenever `pack_digest` would, but for a change made by the system's
    administrator with the clock set back."""
    [listing] = _fold(root, extra_roots, trust, (_stat,))
    return listing


def pack_sizes(root: Path) -> str:
    """SHA-256 of the names and sizes of the shipped packs' files (`root` alone): what an
    installation leaves as it was built, whatever times and places it gives the files."""
    [sizes] = _fold(root, (), None, (_size,))
    return sizes


def listing_and_sizes(root: Path) -> tuple[str, str]:
    """`pack_listing(root)` and `pack_sizes(root)`, from one look at the folders."""
    listing, sizes = _fold(root, (), None, (_stat, _size))
    return listing, sizes


def _content(file: PackFile) -> bytes:
    try:
        return hashlib.sha256(read_file(file)).digest()
    except FileRefused as unreadable:
        return f"unreadable\0{unreadable.code}\0".encode()


def _stat(file: PackFile) -> bytes:
    return f"{file.size}:{file.mtime_ns}:{file.ctime_ns}:{file.identity}:{file.sha256}\0".encode()


def _size(file: PackFile) -> bytes:
    return f"{file.size}\0".encode()


def _fold(
    root: Path, extra_roots: Sequence[Path], trust: PackTrust | None, each_file: Sequence[Callable[[PackFile], bytes]]
) -> tuple[str, ...]:
    """One digest for each of `each_file`, of every file listed: its name and what `each_file`
    says of it; and of what was refused."""
    digests = [hashlib.sha256() for _ in each_file]

    def update(data: bytes) -> None:
        for digest in digests:
            digest.update(data)

    releases = trust.releases if trust is not None else {}
    found, refusals = list_all_packs(root, extra_roots, releases, trust.refused if trust is not None else ())
    for path, refusal in refusals:
        update(f"refused pack folder\0{path.name}\0{refusal.code}\0".encode("utf-8", "surrogateescape"))
    for folder in [root / SHARED_FOLDER, *found]:
        base = len(os.fspath(folder.parent))
        signed = releases.get(folder)
        if signed is not None:
            update(f"release\0{folder.name}\0".encode("utf-8", "surrogateescape"))
        listing = list_pack(folder, signed)
        for file in listing.all_files():
            update(file.location[base:].encode("utf-8", "surrogateescape") + b"\0")
            for digest, fold in zip(digests, each_file, strict=True):
                digest.update(fold(file))
        for path, refusal in listing.refusals:
            update(f"{os.fspath(path)[base:]}\0{refusal.code}\0".encode("utf-8", "surrogateescape"))
    return tuple(digest.hexdigest() for digest in digests)


def program_stamp() -> str:
    """The program version and, in a checkout, the size and time of each source file of
    brightline.core: what is cached was made by this code, so a change to the code, not only a
    new version, makes it stale. An installed bundle holds no .py files there; its version
    stands for its code."""
    from brightline import __version__

    stamp = [__version__]
    for folder, _subfolders, names in sorted(os.walk(_CORE)):
        for name in sorted(names):
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                stamp.append(f"{os.path.relpath(os.path.join(folder, name), _CORE)}:{info.st_size}:{info.st_mtime_ns}")
    return ",".join(stamp)
