"""The SHA-256 of the exact pack bytes a cache entry stands for, and what else its content depends on.

Read at every start, before the first paint: os and hashlib only, and the files are read with
os.read (the pathlib way took four times as long for the same bytes).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from brightline.core.pack_files import SHARED_FOLDER, files_under, pack_folders

_CORE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pack_digest(root: Path, extra_roots: Sequence[Path] = ()) -> str:
    """SHA-256 of every file the library is read from (`root`'s shared folder and the pack folders
    of `root` and `extra_roots`, as `load_library` reads them): each file's name and bytes.

    Files are named relative to the folder above their pack, so the same packs give the same
    digest wherever they lie (the shipped start index is written at build time and read where
    the program was installed)."""
    digest = hashlib.sha256()
    folders = [root / SHARED_FOLDER, *pack_folders(root)]
    for extra in extra_roots:
        folders += pack_folders(extra)
    for folder in folders:
        base = len(os.fspath(folder.parent))
        for name in files_under(os.fspath(folder)):
            digest.update(name[base:].encode("utf-8", "surrogateescape") + b"\0")
            digest.update(_file_bytes_digest(name))
    return digest.hexdigest()


def _file_bytes_digest(name: str) -> bytes:
    """The SHA-256 of one file's bytes (of a marker when it cannot be read: the loader will say why)."""
    digest = hashlib.sha256()
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return b"unreadable\0"
    try:
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    except OSError:
        return b"unreadable\0"
    finally:
        os.close(fd)
    return digest.digest()


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
