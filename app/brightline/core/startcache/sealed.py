"""One cache entry on disk: a header that says what the entry was made from and vouches for it,
then the entry itself as JSON.

    brightline cache 1\\n
    {"kind": …, "packs": …, "made_for": …, "sha256": …, "mac": …}\\n
    BODY

- `kind`: what the body is ("start index", "library");
- `packs`: what it was made from: for the library, the SHA-256 of the exact pack bytes
  (`digest.pack_digest`); for a start index, the packs' listing or sizes (see the package notes);
- `made_for`: a digest of everything else its content depends on (program, places);
- `sha256`: the checksum of BODY, the exact bytes that follow;
- `mac`: HMAC-SHA256 of the four above under the user's secret (`secret.py`); empty for the
  shipped start index, which no user's key can vouch for (see the package notes).

`read_entry` returns BODY only when every one of these matches what is expected now; anything
else (missing, short, damaged, foreign, stale, forged) gives None and a debug log line. The
caller parses BODY with a parser that builds only the model's own values.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import stat
from pathlib import Path

MAGIC = b"brightline cache 1\n"
MAX_BYTES = 256 * 1024 * 1024  # a library of 100,000 nodes is far below; a planted giant is not read
_FIELDS = ("kind", "packs", "made_for", "sha256", "mac")

log = logging.getLogger(__name__)


def _mac(secret: bytes, kind: str, packs: str, made_for: str, checksum: str) -> str:
    message = "\n".join((kind, packs, made_for, checksum)).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def seal(kind: str, packs: str, made_for: str, body: bytes, secret: bytes | None) -> bytes:
    """The bytes of an entry holding `body`; `secret` None for an entry no key vouches for."""
    checksum = hashlib.sha256(body).hexdigest()
    mac = _mac(secret, kind, packs, made_for, checksum) if secret is not None else ""
    header = {"kind": kind, "packs": packs, "made_for": made_for, "sha256": checksum, "mac": mac}
    return MAGIC + json.dumps(header).encode("ascii") + b"\n" + body


def unseal(data: bytes, kind: str, packs: str, made_for: str, secret: bytes | None) -> tuple[bytes | None, str]:
    """(BODY, "") when `data` is an entry of `kind` made from exactly `packs` for `made_for`,
    intact and vouched for by `secret` (None: by no key); else (None, why not)."""
    if not data.startswith(MAGIC):
        return None, "not a cache entry of this program"
    header_end = data.find(b"\n", len(MAGIC))
    if header_end < 0:
        return None, "cut short"
    try:
        header = json.loads(data[len(MAGIC) : header_end])
    except ValueError:
        return None, "damaged header"
    if not isinstance(header, dict) or set(header) != set(_FIELDS) or any(type(v) is not str for v in header.values()):
        return None, "damaged header"
    if header["kind"] != kind:
        return None, f"holds a {header['kind']!r}"
    if header["packs"] != packs:
        return None, "made from other pack files"
    if header["made_for"] != made_for:
        return None, "made by another program or for other folders"
    body = data[header_end + 1 :]
    checksum = hashlib.sha256(body).hexdigest()
    if not hmac.compare_digest(checksum, header["sha256"]):
        return None, "damaged (checksum)"
    expected = _mac(secret, kind, packs, made_for, checksum) if secret is not None else ""
    if not hmac.compare_digest(expected, header["mac"]):
        return None, "not made with this user's key"
    return body, ""


def read_entry(path: Path, kind: str, packs: str, made_for: str, secret: bytes | None) -> bytes | None:
    """The BODY of the entry at `path` if it passes `unseal`, else None (logged at debug level)."""
    try:
        data = _read_regular_file(path)
    except (OSError, MemoryError, ValueError) as exc:
        log.debug("%s %s not used: %s", kind, path, getattr(exc, "strerror", None) or exc)
        return None
    body, why = unseal(data, kind, packs, made_for, secret)
    if body is None:
        log.debug("%s %s not used: %s", kind, path, why)
    return body


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file of at most MAX_BYTES: never a link, a pipe (which
    would block the start) or a planted giant (read only as far as its size says)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES} bytes")
        chunks = []
        left = info.st_size + 1  # one byte more: a file that grew since fstat is not trusted
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise ValueError("changed while it was read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_entry(path: Path, kind: str, packs: str, made_for: str, body: bytes, secret: bytes | None) -> bool:
    """Keep an entry at `path`, atomically (a reader sees the old one or the new one, whole);
    False when it could not be written, which costs only time at the next start."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(seal(kind, packs, made_for, body, secret))
        os.replace(temporary, path)
        return True
    except OSError as exc:
        log.debug("%s not written to %s: %s", kind, path, exc.strerror or exc)
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False
