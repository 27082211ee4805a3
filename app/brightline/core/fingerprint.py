"""Digests of the files a library is made from, for the caches that stand in for reading them.

Kept apart from `brightline.core.library` and light to import (os, pathlib and
`brightline.core.packfiles`, which lists the files as the loader reads them): the window's start
computes a fingerprint before it has loaded anything else of the model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from brightline.core.packfiles import SHARED_FOLDER, FileRefused, list_pack, pack_folders, read_file

__all__ = ["SHARED_FOLDER", "pack_folders", "fingerprint", "digest_of", "code_stamp", "files_under"]


BYTES, TIMES, SIZES = "bytes", "times", "sizes"


def fingerprint(root: Path, folders: list[Path], place: str, by: str = BYTES) -> str:
    """A digest of every file read from `root`'s shared folder and `folders` (as
    `brightline.core.packfiles.list_pack` lists them, refusals included), the program version, the
    code that reads them (`code_stamp`) and `place`: by each file's bytes; or, reading no file, by
    its size and modification time (TIMES) or its size alone (SIZES), quick keys for what is
    checked against the files' bytes later anyway.

    Files are named relative to the folder above their pack, so that the same files give the same
    digest wherever they lie; `place` says what else a cached result depends on (the library
    snapshot: the working folder and the root, since problems name files by path).

    os.scandir and os.read rather than Path.rglob and read_bytes: this runs at every start, and
    the pathlib way took four times as long for the same bytes."""
    from brightline import __version__

    digest = _blake2b(f"{__version__}|{code_stamp()}|{place}|{by}".encode())
    for folder in [root / SHARED_FOLDER, *folders]:
        base = len(os.fspath(folder.parent))
        # The files as the loader reads them (`brightline.core.packfiles`): no link followed, no
        # pipe opened; what it refuses is part of the digest too.
        listing = list_pack(folder)
        for file in listing.all_files():
            digest.update(file.location[base:].encode("utf-8", "surrogateescape") + b"\0")
            if by != BYTES:
                stamp = f"{file.size}:{file.mtime_ns}" if by == TIMES else str(file.size)
                digest.update(f"{stamp}\0".encode())
                continue
            try:
                digest.update(read_file(file))
            except FileRefused:
                digest.update(b"\0unreadable")
            digest.update(b"\0")
        for path, refused in listing.refusals:
            digest.update(f"{os.fspath(path)[base:]}\0{refused.code}\0".encode("utf-8", "surrogateescape"))
    return str(digest.hexdigest())


def digest_of(text: str) -> str:
    """The BLAKE2b digest of `text`, in hex (a key made from other keys)."""
    return str(_blake2b(text.encode()).hexdigest())


def _blake2b(data: bytes) -> Any:
    """BLAKE2b from Python's own module: `hashlib` loads OpenSSL's libcrypto, which cost about
    4 ms of every start for this one digest."""
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b
    return blake2b(data)


def code_stamp() -> str:
    """Size and time of each source file of app/brightline/core, where there are such files (a checkout):
    what is cached was made by the code, so a change to the code, not only a new version, must
    make it stale. An installed bundle holds no .py files here; its version stands for its code."""
    stamp = []
    for name in files_under(os.path.dirname(os.path.abspath(__file__))):
        if name.endswith(".py"):
            try:
                info = os.stat(name)
            except OSError:
                continue
            stamp.append(f"{os.path.basename(name)}:{info.st_size}:{info.st_mtime_ns}")
    return ",".join(stamp)


def files_under(folder: str) -> list[str]:
    """Every file below `folder`, sorted; a folder that cannot be listed counts as empty."""
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    found.extend(files_under(entry.path))
                elif entry.is_file():
                    found.append(entry.path)
    except OSError:
        return []
    return sorted(found)
