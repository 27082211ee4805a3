"""The user's own secret that authenticates the cache (HMAC-SHA256 key).

32 random bytes in `Paths.cache_key`, in the user's config folder: outside the cache folder, so
that whoever can write a cache folder (a moved BRIGHTLINE_CACHE_DIR, a careless backup restore)
still cannot make an entry the program accepts. Made on first use with mode 0600 in a folder
made with mode 0700. A key file that is not a regular file of this user's, readable by nobody
else, is not trusted: entries are then neither read nor written with it, and the next write
replaces it with a new key (which makes every entry made with the old one stale).

On Windows the user's profile folders are private to the user by their access lists; the owner
and mode checks are POSIX only.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

KEY_BYTES = 32

log = logging.getLogger(__name__)


def read_secret(path: Path) -> bytes | None:
    """The key kept at `path`, or None when there is none or it is not to be trusted."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        why = _doubt(info)
        if why:
            log.debug("cache key %s not used: %s", path, why)
            return None
        key = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _doubt(info: os.stat_result) -> str:
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid():
            return "owned by another user"
        if info.st_mode & 0o077:
            return "readable or writable by other users"
    return ""


def secret_for_writing(path: Path) -> bytes | None:
    """The key at `path`, made (or made again, in place of one not to be trusted) when needed;
    None when none can be kept (then nothing is cached: a start only takes longer)."""
    key = read_secret(path)
    if key is not None:
        return key
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        log.debug("no cache key at %s: %s", path, exc)
        return None
    try:
        os.write(fd, os.urandom(KEY_BYTES))
    finally:
        os.close(fd)
    # Another start may have made one at the same moment: use whichever is there now.
    return read_secret(path)
