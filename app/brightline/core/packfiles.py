"""Listing and reading the files of pack folders safely: the one way anything reads them.

The loader, the digests the caches are keyed by, and the check of quotes against their documents
all list and read pack files through here, so that one rule holds for all of them:

- Only what a pack is made of is read: `pack.yaml`, and the `*.yaml` / `*.yml` files (in
  `documents/`, the `*.txt` files) directly inside the folders of `LAYOUT`. Deeper folders and
  hidden names are not looked at.
- No symbolic link is followed inside a packs folder, whether to a folder or to a file: a link
  can lead out of the pack (to /etc, to /usr, to /dev/zero) or round in a loop. Only the folders a
  person names (the shipped packs folder, each `--packs DIR`, `validate DIR`) may themselves be
  links. A pack folder and its folders of `LAYOUT` hold only folders and regular files: a link,
  a named pipe, a device or a socket there, whatever its name, is refused (and so the pack), so
  that a hostile pack is reported rather than half read.
- A file is opened with O_NOFOLLOW and O_NONBLOCK where the platform has them, checked to be the
  very regular file that was listed (same device and inode: a folder swapped for a link after
  the listing is caught), and read up to a size limit.
- Limits: MAX_FILE_BYTES a file, MAX_PACK_BYTES a pack, MAX_FOLDER_ENTRIES entries looked at in
  a pack's folders, MAX_PACKS pack folders in one packs folder. They are read when used, so a
  benchmark can raise them for one run.

Every refusal becomes a Problem naming the file (`PackListing.problems`), in words an author can
act on; what it means is the caller's decision (the loader leaves the pack out).

A folder installed from a signed release (`brightline.core.releases`) is listed with the SHA-256
its signed manifest gives each file (`list_pack(folder, signed)`): a file the manifest does not
name, or a file it names that is not there, is refused, and `read_file` refuses bytes that do not
hash to the signed value. So what the loader parses, and what the caches are keyed on, is checked
against the signature at the moment it is read, not only when the release was installed.

Light to import (os, stat, re, pathlib): the window's start lists the packs before it loads
anything else. Problems are made only when there is one.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.core.problems import Problem

MANIFEST = "pack.yaml"
SHARED_FOLDER = "shared"
YAML_SUFFIXES = (".yaml", ".yml")
TEXT_SUFFIXES = (".txt",)
# The folders of a pack (and of the shared folder) and the files read in each.
LAYOUT: dict[str, tuple[str, ...]] = {
    "sources": YAML_SUFFIXES,
    "help": YAML_SUFFIXES,
    "trees": YAML_SUFFIXES,
    "overrides": YAML_SUFFIXES,
    "scenarios": YAML_SUFFIXES,
    "documents": TEXT_SUFFIXES,
}

MAX_FILE_BYTES = 1024 * 1024
MAX_PACK_BYTES = 4 * 1024 * 1024
MAX_FOLDER_ENTRIES = 2000
MAX_PACKS = 500

# A `document:` is the bare name of a text file: no folder, no '..', no drive, no control character.
DOCUMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt")

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class PackFile:
    """A regular file as it was listed: where it is (`location` as text, `path` as a Path), its size
    and times (`ctime_ns`: of its last change of any kind, which no user can set back), and its
    identity; `sha256`, the hex digest a signed release gives it (None: the file is not part of
    a signed release)."""

    __slots__ = ("location", "size", "mtime_ns", "ctime_ns", "identity", "sha256", "_path")

    def __init__(self, location: str, info: os.stat_result, sha256: str | None = None) -> None:
        self.location = location
        self.size = info.st_size
        self.mtime_ns = info.st_mtime_ns
        self.ctime_ns = info.st_ctime_ns
        self.identity = (info.st_dev, info.st_ino)
        self.sha256 = sha256
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        # Made when first asked for: the start's fingerprint lists every file and needs only the text.
        if self._path is None:
            self._path = Path(self.location)
        return self._path

    def __repr__(self) -> str:
        return f"PackFile({self.location!r}, size={self.size})"


class FileRefused(Exception):
    """A file that is not read: `code` is a problem code (`brightline.core.problems`), `params` its
    parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class PackListing:
    """The files of one pack folder (or of the shared folder) that may be read, and the refusals."""

    __slots__ = ("folder", "manifest", "folders", "refusals")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest: PackFile | None = None  # pack.yaml, when present and readable
        self.folders: dict[str, list[PackFile]] = {name: [] for name in LAYOUT}
        self.refusals: list[tuple[Path, FileRefused]] = []

    def files_in(self, folder: str) -> list[PackFile]:
        """The files to read in one folder of `LAYOUT`, sorted by name."""
        return self.folders[folder]

    def all_files(self) -> Iterator[PackFile]:
        """Every file to read: pack.yaml first, then folder by folder in `LAYOUT` order."""
        if self.manifest is not None:
            yield self.manifest
        for files in self.folders.values():
            yield from files

    def refuse(self, path: Path, code: str, **params: Any) -> None:
        self.refusals.append((path, FileRefused(code, **params)))

    @property
    def problems(self) -> list[Problem]:
        """Each refusal as a Problem naming the file."""
        return [refusal_problem(path, refused) for path, refused in self.refusals]


def refusal_problem(path: Path, refused: FileRefused) -> Problem:
    """A refusal as a Problem at `path` (shown as `display_path` shows it)."""
    from brightline.core.problems import Problem
    from brightline.core.where import Where

    return Problem(refused.code, Where(display_path(path)), refused.params)


def display_path(path: Path | str, cwd: Path | str | None = None) -> str:
    """The path as an author would type it: relative to the working folder when inside it. Line
    breaks, other control characters and bytes that are not UTF-8 are shown escaped, so that a
    file name cannot make one problem look like several or break the terminal."""
    text = _relative_text(os.fspath(path), os.fspath(cwd) if cwd is not None else os.getcwd())
    if text is None:
        absolute = Path(path).absolute()
        try:
            text = str(absolute.relative_to(cwd or Path.cwd()))
        except ValueError:
            text = str(absolute)
    return text if text.isprintable() else printable(text)


def _relative_text(path: str, cwd: str) -> str | None:
    """What pathlib's `absolute()` and `relative_to(cwd)` make of `path`, done on the text when
    both are already in the form pathlib writes (no empty, `.` or `..` part, one kind of
    separator); None otherwise. Every problem and every file read names its file this way, and
    pathlib objects made for each were a tenth of reading the shipped packs."""
    sep = os.sep
    if os.altsep and (os.altsep in path or os.altsep in cwd):
        return None
    if not os.path.isabs(path):
        if not path or path.startswith(sep):
            return None
        parts = path.split(sep)
        if "" in parts or "." in parts or ".." in parts:
            return None
        return path if cwd and os.path.isabs(cwd) else None
    if not cwd.startswith(sep) or sep * 2 in cwd[1:] or cwd.endswith(sep) and cwd != sep:
        return None
    prefix = cwd if cwd.endswith(sep) else cwd + sep
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix) :]
    parts = rest.split(sep)
    if "" in parts or "." in parts or ".." in parts:
        return None
    return rest


def printable(text: str) -> str:
    """`text` with control characters, line breaks and undecodable bytes written as escapes."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape", "backslashreplace").decode("ascii")
        for char in text
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


class _Scan:
    """One listing under way: its limits, spent as entries are looked at and files taken; and,
    for a signed release, the digests of the files still expected."""

    __slots__ = ("listing", "entries_left", "bytes_left", "signed", "unseen")

    def __init__(self, listing: PackListing, signed: Mapping[str, str] | None) -> None:
        self.listing = listing
        self.entries_left = MAX_FOLDER_ENTRIES
        self.bytes_left = MAX_PACK_BYTES
        self.signed = signed
        self.unseen = set(signed or ())

    def entries(self, folder: Path) -> Iterator[os.DirEntry[str]]:
        """The entries of `folder` that are folders or regular files; hidden names are skipped, and
        links, pipes, devices, sockets and names with control characters are refused."""
        listing = self.listing
        if self.entries_left < 0:  # said once already
            return
        found: list[os.DirEntry[str]] = []
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    self.entries_left -= 1
                    if self.entries_left < 0:
                        listing.refuse(listing.folder, "pack.too_many_files", limit=MAX_FOLDER_ENTRIES)
                        break
                    if not entry.name.startswith("."):
                        found.append(entry)
        except OSError as exc:
            listing.refuse(folder, "file.unreadable", reason=exc.strerror or str(exc))
        found.sort(key=lambda entry: entry.name)  # the same problems in the same order every time
        for entry in found:
            name = entry.name
            try:
                if not name.isprintable():
                    listing.refuse(Path(entry.path), "file.bad_name", name=printable(name))
                elif entry.is_symlink():
                    listing.refuse(Path(entry.path), "file.link", name=name)
                elif entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
                    yield entry
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    listing.refuse(Path(entry.path), "file.not_regular", name=name, kind=_kind(mode))
            except OSError as exc:  # gone since it was listed
                listing.refuse(Path(entry.path), "file.unreadable", reason=exc.strerror or str(exc))

    def take(self, entry: os.DirEntry[str]) -> PackFile | None:
        """A regular file within the limits as a PackFile; None after recording why not."""
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.listing.refuse(Path(entry.path), "file.unreadable", reason=exc.strerror or str(exc))
            return None
        if info.st_size > MAX_FILE_BYTES:
            self.listing.refuse(Path(entry.path), "file.too_large", size=info.st_size, limit=MAX_FILE_BYTES)
            return None
        self.bytes_left -= info.st_size
        if self.bytes_left < 0:
            if self.bytes_left + info.st_size >= 0:  # the first file over the limit: say it once
                self.listing.refuse(Path(entry.path), "pack.too_large", limit=MAX_PACK_BYTES)
            return None
        sha256 = None
        if self.signed is not None:
            name = os.path.relpath(entry.path, self.listing.folder).replace(os.sep, "/")
            sha256 = self.signed.get(name)
            if sha256 is None:
                self.listing.refuse(Path(entry.path), "release.unsigned_file", name=printable(name))
                return None
            self.unseen.discard(name)
        return PackFile(entry.path, info, sha256)

    def missing(self) -> None:
        """Refuse every signed file that was not listed (a refusal of its own may have said why)."""
        refused = {os.path.relpath(path, self.listing.folder).replace(os.sep, "/") for path, _ in self.listing.refusals}
        for name in sorted(self.unseen - refused):
            self.listing.refuse(self.listing.folder / name, "release.missing_file", name=printable(name))


def list_pack(folder: Path, signed: Mapping[str, str] | None = None) -> PackListing:
    """The files of the pack (or shared) folder `folder` that may be read, and what was refused.

    `folder` itself is taken as given (it may be a link the user named). In it and in its folders
    of `LAYOUT`, every entry but hidden ones must be a folder or a regular file (whatever its name:
    a pack holds no links, pipes or devices); deeper folders are not looked at. A missing
    `pack.yaml` is not a refusal: the caller says what a missing manifest means.

    `signed` (a verified release's files: name relative to `folder`, with '/' → SHA-256 hex):
    only the files it names are taken, each carrying its digest for `read_file`, and each it
    names that is not found is refused."""
    listing = PackListing(folder)
    if not os.path.isdir(folder):  # no shared folder, say: nothing to read, and nothing wrong here
        if signed:
            listing.refuse(folder, "release.missing_file", name=".")
        return listing
    scan = _Scan(listing, signed)
    folders: dict[str, os.DirEntry[str]] = {}
    for entry in scan.entries(folder):
        if entry.name == MANIFEST and entry.is_file(follow_symlinks=False):
            listing.manifest = scan.take(entry)
        elif entry.name in LAYOUT:
            if entry.is_dir(follow_symlinks=False):
                folders[entry.name] = entry
            else:
                listing.refuse(Path(entry.path), "file.not_folder", name=entry.name)
    for name, suffixes in LAYOUT.items():
        if name not in folders:
            continue
        found = []
        for entry in scan.entries(Path(folders[name].path)):
            if entry.name.endswith(suffixes) and entry.is_file(follow_symlinks=False):
                file = scan.take(entry)
                if file is not None:
                    found.append(file)
        listing.folders[name] = found
    if signed is not None:
        scan.missing()
    return listing


def pack_folders(root: Path) -> list[Path]:
    """The pack folders directly under `root`, in name order (not `shared`, nothing hidden, no
    link); none when `root` cannot be listed."""
    return list_packs(root)[0]


def list_packs(root: Path) -> tuple[list[Path], list[tuple[Path, FileRefused]]]:
    """The pack folders directly under `root` in name order, and the refused entries: a link to
    a folder (see the module notes), a folder beyond MAX_PACKS, or `root` itself when it is not a
    folder that can be listed. Files beside the packs (a README) are left alone."""
    folders: list[Path] = []
    refused: list[tuple[Path, FileRefused]] = []
    try:
        with os.scandir(root) as scan:
            for entry in scan:
                name = entry.name
                if name == SHARED_FOLDER or name.startswith((".", "_")):
                    continue
                path = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    if len(folders) == MAX_PACKS:
                        refused.append((root, FileRefused("packs.too_many", limit=MAX_PACKS)))
                        break
                    folders.append(path)
                elif entry.is_symlink() and entry.is_dir():
                    refused.append((path, FileRefused("packs.link", name=printable(name))))
    except OSError as exc:
        reason = "it is not a folder" if isinstance(exc, NotADirectoryError) else exc.strerror or str(exc)
        refused.append((root, FileRefused("packs.unreadable", reason=reason)))
    return sorted(folders), refused


def list_all_packs(
    root: Path,
    extra_roots: Sequence[Path] = (),
    releases: Mapping[Path, Mapping[str, str]] | None = None,
    unsigned: Sequence[Path] = (),
) -> tuple[list[Path], list[tuple[Path, FileRefused]]]:
    """Every pack folder to read, as `list_packs` finds them under `root` and `extra_roots`, with
    the pack folders of verified `releases` standing in for those of the same name; and every
    refusal, including the folders in `unsigned` (refused for want of a signature: with author
    keys pinned, only releases and the program's packs are read). The loader and the digests the
    caches are keyed on both read exactly these."""
    folders: list[Path] = []
    refused: list[tuple[Path, FileRefused]] = [(path, FileRefused("packs.unsigned")) for path in unsigned]
    for packs_folder in [root, *extra_roots]:
        found, refusals = list_packs(packs_folder)
        folders += found
        refused += refusals
    if releases:
        replaced = {folder.name for folder in releases}
        folders = [folder for folder in folders if folder.name not in replaced] + sorted(releases)
    return folders, refused


def read_file(file: PackFile | Path, limit: int | None = None) -> bytes:
    """The bytes of a listed file (or of a path, without the identity check); FileRefused when
    it is a link, not a regular file, not the file that was listed, or over `limit` bytes
    (MAX_FILE_BYTES by default), or cannot be read, or (a file of a signed release) does not
    hash to the digest its signature gives it."""
    path = file.location if isinstance(file, PackFile) else file
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if os.path.islink(path):  # ELOOP from O_NOFOLLOW (EMLINK on some BSDs)
            raise FileRefused("file.link", name=printable(os.path.basename(path))) from exc
        raise FileRefused("file.unreadable", reason=exc.strerror or str(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("file.not_regular", name=printable(os.path.basename(path)), kind=_kind(info.st_mode))
        # On Windows a listing's stat has no inode (0): there, the listing's check has to do.
        if isinstance(file, PackFile) and file.identity[1] and file.identity != (info.st_dev, info.st_ino):
            raise FileRefused("file.changed")
        if info.st_size > limit:
            raise FileRefused("file.too_large", size=info.st_size, limit=limit)
        chunks = []
        left = limit + 1  # one byte more than allowed tells a file that grew since fstat
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise FileRefused("file.too_large", size=len(data), limit=limit)
        if isinstance(file, PackFile) and file.sha256 is not None:
            import hashlib

            if hashlib.sha256(data).hexdigest() != file.sha256:
                raise FileRefused("release.file_changed", name=printable(os.path.basename(path)))
        return data
    except OSError as exc:
        raise FileRefused("file.unreadable", reason=exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)


def find_document(name: str, folders: Sequence[Path]) -> PackFile:
    """The document a source names in `document:`: a bare `.txt` name looked up in each of
    `folders` (the pack's own documents/, then shared/documents) in turn; FileRefused when the name
    is a path, or names nothing there, or names something that may not be read."""
    if not DOCUMENT_NAME.fullmatch(name):
        raise FileRefused("document.not_a_name", document=printable(name))
    for folder in folders:
        info = _lstat(folder)
        if info is None or not stat.S_ISDIR(info.st_mode):  # a link in its place is refused by the listing
            continue
        path = folder / name
        info = _lstat(path)
        if info is None:
            continue
        if stat.S_ISLNK(info.st_mode):
            raise FileRefused("file.link", name=name)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("file.not_regular", name=name, kind=_kind(info.st_mode))
        return PackFile(str(path), info)
    raise FileRefused("document.unknown", document=name, folders=" or ".join(_shown(folders)))


def _shown(folders: Iterable[Path]) -> list[str]:
    return [f"{folder.parent.name}/{folder.name}" for folder in folders]
