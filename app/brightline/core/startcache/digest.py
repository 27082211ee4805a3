"""The SHA-256 of the exact pack bytes a cache entry stands for, and what else its content depends on.

Read at every start, before the first paint: os, hashlib and `brightline.core.packfiles`, which
lists and reads the files exactly as the loader does (no link followed, no pipe opened, sizes
capped), so a digest covers every file the library may read and a hostile pack folder cannot
make the start hang.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.packfiles import SHARED_FOLDER, FileRefused, list_all_packs, list_pack, read_file

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
    digest wherever they lie (the shipped start index is written at build time and read where
    the program was installed)."""
    digest = hashlib.sha256()
    releases = trust.releases if trust is not None else {}
    found, refusals = list_all_packs(root, extra_roots, releases, trust.refused if trust is not None else ())
    for path, refusal in refusals:
        digest.update(f"refused pack folder\0{path.name}\0{refusal.code}\0".encode("utf-8", "surrogateescape"))
    for folder in [root / SHARED_FOLDER, *found]:
        base = len(os.fspath(folder.parent))
        signed = releases.get(folder)
        if signed is not None:
            digest.update(f"release\0{folder.name}\0".encode("utf-8", "surrogateescape"))
        listing = list_pack(folder, signed)
        for file in listing.all_files():
            digest.update(file.location[base:].encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(hashlib.sha256(read_file(file)).digest())
            except FileRefused as unreadable:
                digest.update(f"unreadable\0{unreadable.code}\0".encode())
        for path, refusal in listing.refusals:
            digest.update(f"{os.fspath(path)[base:]}\0{refusal.code}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


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
