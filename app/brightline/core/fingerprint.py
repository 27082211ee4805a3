"""Digests of the files a library is made from, for the caches that stand in for reading them.

Kept apart from `brightline.core.library` and light to import (os and pathlib only): the window's start
computes a fingerprint before it has loaded anything else of the model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SHARED_FOLDER = "shared"


def pack_folders(root: Path) -> list[Path]:
    """The pack folders directly under `root`, in name order (not `shared`, nothing hidden)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if entry.is_dir() and entry.name != SHARED_FOLDER and not entry.name.startswith((".", "_"))
    )


BYTES, TIMES, SIZES = "bytes", "times", "sizes"


def fingerprint(root: Path, folders: list[Path], place: str, by: str = BYTES) -> str:
    """A digest of every file under `root`'s shared folder and `folders`, the program version, the
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
        for name in files_under(os.fspath(folder)):
            digest.update(name[base:].encode("utf-8", "surrogateescape") + b"\0")
            if by != BYTES:
                try:
                    info = os.stat(name)
                    stamp = f"{info.st_size}:{info.st_mtime_ns}" if by == TIMES else str(info.st_size)
                    digest.update(f"{stamp}\0".encode())
                except OSError:
                    digest.update(b"\0unreadable\0")
                continue
            try:
                fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
                try:
                    while chunk := os.read(fd, 1 << 20):
                        digest.update(chunk)
                finally:
                    os.close(fd)
            except OSError:
                digest.update(b"\0unreadable")
            digest.update(b"\0")
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
