"""Writing files so that a crash never leaves half of one: a temporary file, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_text(path: Path) -> Iterator[IO[str]]:
    """A text handle whose content replaces `path` only once it is written and synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (Windows cannot open a folder; NTFS journals renames)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_problem(folder: Path, file: Path | None = None) -> OSError | None:
    """Why files cannot be written in `folder` (made if missing) or `file` changed, or None.

    Found by trying, with a small file made and removed at once: permissions, a read-only disk
    or share, a full disk and a missing drive all show, on every platform, before anyone types a
    record that would then have nowhere to go. (SQLite opens a log on a read-only disk without a
    word and fails only at the first write.)
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-check.", dir=folder)
        os.close(fd)
        os.unlink(probe)
        if file is not None and file.exists() and not os.access(file, os.W_OK):
            return PermissionError(13, "the file is read-only", str(file))
    except OSError as exc:
        return exc
    return None
