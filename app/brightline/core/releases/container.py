"""The release file: a plain zip, written by `brightline pack publish` and read with strict limits.

Entries, and nothing else:

    manifest.json        the signed manifest (`statements.Manifest`)
    manifest.sig         {"key": "ed25519:…", "signature": "…"} over it
    endorsements.json    optional: a list of signed key endorsements, oldest key first
    pack/NAME            each file of the pack, NAME as the manifest names it (pack.yaml,
                         trees/detainer.yaml, documents/policy.txt …)

Any zip tool can list and unpack it, which is what makes it plain; but Brightline never unpacks
it with one. `read_release` reads the whole file into memory (at most MAX_RELEASE_BYTES), then
refuses, before unpacking anything: names that are paths out of the pack (`..`, a root, a drive,
a backslash, a control character), links and other non-files, duplicate names (also those that
differ only in case, which one folder on Windows or macOS cannot hold apart), encryption,
compression other than none or deflate, more entries than a pack may hold, a file that would
unpack to more than a pack file may be (`packfiles.MAX_FILE_BYTES`), more than MAX_RATIO times
its compressed size, or a release over `packfiles.MAX_PACK_BYTES` in all. Each entry is then
unpacked only up to the size it declares, and zipfile checks its CRC. Unpacking never writes a
file: what is installed is written by `machine.install_release` from the checked bytes.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from brightline.core import packfiles
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.statements import (
    ENDORSEMENTS_ENTRY,
    FILE_NAME_RE,
    MANIFEST_ENTRY,
    SIGNATURE_ENTRY,
    Endorsement,
    Signature,
    parse_signature,
    read_endorsements,
    strict_json,
)

PACK_PREFIX = "pack/"
MAX_RATIO = 100  # pack text compresses 3 to 10 times; a zip bomb, thousands of times
MAX_SMALL_ENTRY = 256 * 1024  # the signature and the endorsements
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same release, whenever it is made


def max_release_bytes() -> int:
    """The largest release file read: a whole pack, stored, and room for the rest (read when
    used, as packfiles' limits are, so a benchmark can raise them)."""
    return packfiles.MAX_PACK_BYTES + 2 * packfiles.MAX_FILE_BYTES


@dataclass
class ReleaseContents:
    """What a release file holds, unpacked in memory and checked for shape, not yet for trust."""

    manifest_bytes: bytes
    signature: Signature
    files: dict[str, bytes]  # name in the pack → bytes
    endorsements: list[Endorsement] = field(default_factory=list)
    endorsements_bytes: bytes = b""


def write_release(
    path: Path, manifest_bytes: bytes, signature: Signature, files: dict[str, bytes], endorsements_bytes: bytes = b""
) -> None:
    """Write a release file (replacing `path` only once it is whole)."""
    import json
    import tempfile

    entries = [(MANIFEST_ENTRY, manifest_bytes), (SIGNATURE_ENTRY, (json.dumps(signature.data()) + "\n").encode())]
    if endorsements_bytes:
        entries.append((ENDORSEMENTS_ENTRY, endorsements_bytes))
    entries += [(PACK_PREFIX + name, data) for name, data in sorted(files.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in entries:
                    info = zipfile.ZipInfo(name, _ZIP_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = (stat.S_IFREG | 0o644) << 16
                    archive.writestr(info, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_release_file(path: Path) -> bytes:
    """The bytes of a release file someone named (a link to it is fine; a pipe or device is not),
    at most `max_release_bytes()`; ReleaseRefused otherwise."""
    limit = max_release_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReleaseRefused("release.unreadable", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReleaseRefused("release.unreadable", reason="it is not a regular file")
        if info.st_size > limit:
            raise ReleaseRefused("release.too_large", size=info.st_size, limit=limit)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise ReleaseRefused("release.unreadable", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise ReleaseRefused("release.too_large", size=len(data), limit=limit)
    return data


def read_release(path: Path) -> ReleaseContents:
    """The release in the file at `path`, unpacked in memory under the limits of the module's
    notes; ReleaseRefused for anything else."""
    return parse_release(read_release_file(path))


def _unsafe(name: str) -> str:
    """Why an entry's name could lead out of the folder it is unpacked in ("" when it cannot)."""
    if not name.isprintable():
        return "which holds a control character"
    if "\\" in name:
        return "with a backslash (a Windows path)"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "which is a path from the root of a disk"
    parts = name.split("/")
    if ".." in parts:
        return "which leads out of its folder ('..')"
    if "" in parts or "." in parts:
        return "with an empty or '.' step"
    return ""


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.filename
    shown = packfiles.printable(name)
    reason = _unsafe(name)
    if reason:
        raise ReleaseRefused("release.entry_name", name=shown, reason=reason)
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the tool that wrote it gave no file type
    if kind == stat.S_IFLNK:
        raise ReleaseRefused("release.entry_link", name=shown)
    if info.is_dir() or kind not in (0, stat.S_IFREG):
        raise ReleaseRefused("release.entry_kind", name=shown)
    if info.flag_bits & 0x1:
        raise ReleaseRefused("release.encrypted", name=shown)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ReleaseRefused("release.compression", name=shown, method=info.compress_type)
    if name in (MANIFEST_ENTRY, SIGNATURE_ENTRY, ENDORSEMENTS_ENTRY):
        limit = packfiles.MAX_FILE_BYTES if name == MANIFEST_ENTRY else MAX_SMALL_ENTRY
    elif name.startswith(PACK_PREFIX) and FILE_NAME_RE.fullmatch(name[len(PACK_PREFIX) :]):
        limit = packfiles.MAX_FILE_BYTES
    else:
        raise ReleaseRefused("release.unexpected_entry", name=shown)
    if info.file_size > limit:
        raise ReleaseRefused("release.entry_too_large", name=shown, size=info.file_size, limit=limit)
    if info.file_size > 4096 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ReleaseRefused(
            "release.bomb", name=shown, size=info.file_size, compressed=info.compress_size, ratio=MAX_RATIO
        )


def parse_release(data: bytes) -> ReleaseContents:
    """The release in `data` (the bytes of a release file); see `read_release`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ReleaseRefused("release.not_zip", reason=str(exc) or type(exc).__name__) from None
    limit = packfiles.MAX_FOLDER_ENTRIES + 3
    if len(infos) > limit:
        raise ReleaseRefused("release.too_many_entries", limit=limit)
    seen: set[str] = set()
    packed = 0
    for info in infos:
        _check_entry(info)
        folded = info.filename.casefold()
        if folded in seen:
            raise ReleaseRefused("release.duplicate_entry", name=packfiles.printable(info.filename))
        seen.add(folded)
        if info.filename.startswith(PACK_PREFIX):
            packed += info.file_size  # as declared: nothing is unpacked before the whole is known to fit
            if packed > packfiles.MAX_PACK_BYTES:
                raise ReleaseRefused("release.unpacks_too_large", limit=packfiles.MAX_PACK_BYTES)
    entries = {info.filename: _unpack(archive, info) for info in infos}
    if MANIFEST_ENTRY not in entries:
        raise ReleaseRefused("release.no_manifest")
    if SIGNATURE_ENTRY not in entries:
        raise ReleaseRefused("release.no_signature")
    try:
        signature = parse_signature(strict_json(entries[SIGNATURE_ENTRY]))
    except ValueError as exc:
        raise ReleaseRefused("release.manifest", reason=f"manifest.sig: {exc}") from None
    endorsements_bytes = entries.get(ENDORSEMENTS_ENTRY, b"")
    files = {name[len(PACK_PREFIX) :]: body for name, body in entries.items() if name.startswith(PACK_PREFIX)}
    return ReleaseContents(
        manifest_bytes=entries[MANIFEST_ENTRY],
        signature=signature,
        files=files,
        endorsements=read_endorsements(endorsements_bytes),
        endorsements_bytes=endorsements_bytes,
    )


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One entry's bytes, never more than it declares (zipfile stops there and checks the CRC)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise ReleaseRefused(
            "release.entry_damaged", name=packfiles.printable(info.filename), reason=str(exc) or type(exc).__name__
        ) from None
    if len(data) != info.file_size:
        raise ReleaseRefused(
            "release.entry_damaged", name=packfiles.printable(info.filename), reason="its size is not the one declared"
        )
    return data
