"""What goes into the Brightline bundle and what stays out: the rules installers/brightline.spec applies.

PyInstaller's PySide6 hooks collect every plug-in of every type a module might want (Wayland, EGLFS,
VNC, GTK themes, TLS back-ends …) and every library those plug-ins link. Brightline needs far less:

- Qt modules: QtCore, QtGui, QtWidgets and QtPrintSupport (printing; PDF is QPdfWriter in QtGui).
  Qt's SVG library comes along only when resources/ or the packs hold SVG images, as the one
  library the SVG image plug-in links.
- Plug-ins: the platform plug-ins for the desktop and for tests (xcb + offscreen on Linux, windows +
  offscreen on Windows, cocoa + offscreen on macOS), the native widget style, the printer back-end,
  X11 input methods (compose for dead keys and accents, ibus), and only the image formats the
  shipped files use (PNG is built into QtGui and needs none).
- Everything else is dropped, and then any shared library that nothing kept still links is dropped
  too (a reachability walk over the libraries' import tables), so removing a plug-in also removes
  the libraries it alone pulled in (the GTK theme alone pulls in GTK's whole stack).

The build checks the result (installers/check_bundle.py): the plug-ins named here must be present,
every library must resolve, and the bundle's own `self-test` must pass.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

# The PySide6 modules the application imports. Everything else in PySide6 is excluded by name.
QT_MODULES = ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport"]

# Image formats that need a plug-in, by file extension (PNG and the cursor/XPM formats are built in).
IMAGE_PLUGINS = {
    ".svg": ("qsvg", "qsvgicon"),  # qsvgicon: QIcon from an SVG file (iconengines/)
    ".svgz": ("qsvg", "qsvgicon"),
    ".jpg": ("qjpeg",),
    ".jpeg": ("qjpeg",),
    ".gif": ("qgif",),
    ".ico": ("qico",),
    ".webp": ("qwebp",),
    ".tif": ("qtiff",),
    ".tiff": ("qtiff",),
    ".icns": ("qicns",),
}

# Plug-ins kept on each platform, as "type/basename" without the file prefix and suffix.
PLATFORM_PLUGINS = {
    "linux": [
        "platforms/qxcb",  # X11, and Wayland sessions through XWayland
        "platforms/qoffscreen",  # self-test and CI
        "platforminputcontexts/composeplatforminputcontextplugin",  # dead keys, compose: "José"
        "platforminputcontexts/ibusplatforminputcontextplugin",  # the usual input-method framework
        "printsupport/cupsprintersupport",  # printers
    ],
    "win32": [
        "platforms/qwindows",
        "platforms/qoffscreen",
        "styles/qmodernwindowsstyle",  # the Windows 10/11 look (Qt 6.7+)
    ],
    "darwin": [
        "platforms/qcocoa",
        "platforms/qoffscreen",
        "styles/qmacstyle",
        "printsupport/cocoaprintersupport",
    ],
}

# Of these, the build fails if one is missing (the others are nice to have, and differ between
# Qt versions).
REQUIRED_PLUGINS = {
    "linux": ["platforms/qxcb", "platforms/qoffscreen", "printsupport/cupsprintersupport"],
    "win32": ["platforms/qwindows", "platforms/qoffscreen"],
    "darwin": ["platforms/qcocoa", "platforms/qoffscreen"],
}

# Libraries a kept plug-in links but that stay the system's: the printer plug-in uses the machine's
# own CUPS client (libcups2, present wherever printing is set up), which must match the local CUPS
# configuration, and bundling it would pull in GnuTLS, Kerberos and Avahi (~10 MB) besides. Without
# libcups the plug-in does not load and Qt offers PDF output only; nothing else changes.
SYSTEM_LIBRARIES = {
    "linux": ["libcups.so.2"],
    "win32": [],
    "darwin": [],
}

# The Python standard library and tools the application never imports; PyInstaller would otherwise
# follow optional imports into them.
PYTHON_EXCLUDES = [
    # The bundle verifies the contact log in one process (app/brightline/core/contact_log/parallel.py), and
    # PyInstaller's runtime hook for multiprocessing imports it, with subprocess, socket and
    # pickle, at every start: about 60M instructions, a quarter of a bare window's own work.
    "multiprocessing",
    "concurrent.futures.process",
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "ensurepip",
    "venv",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "test",
    "pydoc_data",
    "xmlrpc",
    "curses",
    "_curses",
    # Brightline never opens a network connection; without the ssl module OpenSSL's libssl stays out
    # (libcrypto stays: hashlib's SHA-256 for the contact log's hash chain is OpenSSL's).
    "ssl",
    "_ssl",
    "pytest",
    "_pytest",
    "pytestqt",
    "mypy",
    "ruff",
    "PyInstaller",
    # networkx's optional accelerators and plotting: not installed for Brightline, never wanted.
    "numpy",
    "scipy",
    "pandas",
    "matplotlib",
    "pygraphviz",
    "pydot",
    "lxml",
    "IPython",
    "PIL",
    "sympy",
]


# Loaded at run time through ctypes, so no import table names them: roots of their own, kept with
# the libraries they link. libpq, PostgreSQL's client library, is what psycopg's pure-Python build
# talks to the department's server through (app/brightline/core/department/connection.py).
CTYPES_LIBRARIES = ("libpq",)


def libpq_binaries() -> list[tuple[str, str]]:
    """The build machine's libpq, as (file, destination folder) for the spec's `binaries`; none
    when it has none (the bundle then says, in one line, that the department cannot be reached)."""
    import ctypes.util

    names = {"linux": "pq", "windows": "libpq.dll", "macos": "libpq.dylib"}
    found = ctypes.util.find_library(names[platform_key()])
    if not found:
        return []
    path = Path(found)
    if not path.is_absolute():  # Linux answers with a soname: ask the loader where it is
        import subprocess

        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
        match = next(
            (line.split("=>")[-1].strip() for line in listing.splitlines() if line.strip().startswith(found)), ""
        )
        if not match:
            return []
        path = Path(match)
    return [(str(path), ".")]


def platform_key() -> str:
    if sys.platform.startswith("win"):
        return "win32"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


def pyside6_excludes() -> list[str]:
    """Every PySide6 module except those in QT_MODULES."""
    import PySide6

    package = Path(PySide6.__file__).parent
    names = set()
    for entry in package.iterdir():
        stem = entry.name.split(".")[0]
        if stem.startswith("Qt") and entry.suffix in (".so", ".pyd", ".pyi"):
            names.add(stem)
    return sorted(f"PySide6.{name}" for name in names if name not in QT_MODULES)


def image_extensions(folders: Iterable[Path]) -> set[str]:
    """The image file extensions found under `folders` (resources, packs)."""
    found = set()
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                suffix = path.suffix.lower()
                if suffix in IMAGE_PLUGINS and path.is_file():
                    found.add(suffix)
    return found


def wanted_plugins(extensions: set[str], key: str | None = None) -> set[str]:
    """Plug-ins to keep, as "type/basename"."""
    key = key or platform_key()
    wanted = set(PLATFORM_PLUGINS[key])
    for suffix in extensions:
        for name in IMAGE_PLUGINS[suffix]:
            wanted.add(("iconengines/" if name.endswith("icon") else "imageformats/") + name)
    return wanted


def plugin_id(dest: str) -> str | None:
    """'PySide6/Qt/plugins/platforms/libqxcb.so' -> 'platforms/qxcb'; None if not a Qt plug-in."""
    parts = Path(dest).parts
    if "plugins" not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index("plugins")
    if at == 0 or parts[at - 1] not in ("Qt", "PySide6") or len(parts) != at + 3:
        return None
    stem = parts[-1]
    for suffix in (".so", ".dll", ".dylib"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    if stem.startswith("lib") and not sys.platform.startswith("win"):
        stem = stem[3:]
    return f"{parts[at + 1]}/{stem}"


def is_qt_translation(dest: str) -> bool:
    parts = Path(dest).parts
    # PySide6/Qt/translations/ on Linux and macOS, PySide6/translations/ on Windows.
    return len(parts) >= 3 and parts[-2] == "translations" and parts[-3] in ("Qt", "PySide6") and dest.endswith(".qm")


def app_languages(resources: Path) -> set[str]:
    """Languages of the app's own translations: resources/**/NAME_LANG[_REGION].qm or .ts."""
    languages = set()
    for path in resources.rglob("*"):
        if path.suffix in (".qm", ".ts") and "_" in path.stem:
            parts = path.stem.split("_")
            # brightline_es.qm -> es; brightline_pt_BR.qm -> pt_BR and pt
            if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-1].isupper():
                languages.add(f"{parts[-2]}_{parts[-1]}")
                languages.add(parts[-2])
            else:
                languages.add(parts[-1])
    return languages


def keep_qt_translation(dest: str, languages: set[str]) -> bool:
    """Keep Qt's own translations (qtbase_LANG.qm: standard dialogs and buttons) for the app's languages."""
    name = Path(dest).stem  # qtbase_es, qtbase_pt_BR
    if not name.startswith("qtbase_"):
        return False
    return name[len("qtbase_") :] in languages


def elf_needed(path: str) -> list[str] | None:
    """DT_NEEDED names of a 64-bit little-endian ELF file (direct dependencies only), or None.

    PyInstaller's own import reader on Linux runs `ldd`, which lists the whole closure — including
    what a system library that stays out of the bundle (libcups) links — so it cannot tell what
    the bundle itself still needs.
    """
    with open(path, "rb") as stream:
        data = stream.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    needed = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                needed.append(data[strings + value : data.index(b"\0", strings + value)].decode())
    return needed


def direct_imports(src: str) -> list[tuple[str, str | None]]:
    """(name, resolved path or None) for each library `src` links directly."""
    if sys.platform.startswith("linux"):
        needed = elf_needed(src)
        if needed is not None:
            return [(name, None) for name in needed]
    from PyInstaller.depend import bindepend

    return list(bindepend.get_imports(src))


def prune_unreachable(binaries: list, log=print) -> list:  # type: ignore[type-arg]
    """Drop shared libraries that no kept extension module, plug-in or executable links, directly or not.

    `binaries` is PyInstaller's TOC: (dest_name, src_path, typecode) tuples. Roots are Python extension
    modules, Qt plug-ins and the Python library; everything else stays only if a root reaches it
    through import tables.
    """
    from PyInstaller.depend import bindepend

    by_base: dict[str, list[int]] = {}
    by_real: dict[str, int] = {}
    for index, (dest, src, _kind) in enumerate(binaries):
        by_base.setdefault(os.path.basename(dest).lower(), []).append(index)
        by_real[os.path.realpath(src)] = index
    python_lib = os.path.basename(str(bindepend.get_python_library_path() or "")).lower()

    def is_root(dest: str, kind: str) -> bool:
        # Extension modules do not link the Python library (it is the bootloader that loads it), so it
        # is a root of its own, whatever this platform calls it.
        base = os.path.basename(dest).lower()
        is_python = (
            base == python_lib
            or base.startswith("libpython")
            or base == "python"
            or (base.startswith("python3") and base.endswith(".dll"))
        )
        loaded_by_ctypes = base.startswith(CTYPES_LIBRARIES)
        return kind == "EXTENSION" or plugin_id(dest) is not None or is_python or loaded_by_ctypes

    seen: set[int] = set()
    todo = [i for i, (dest, _src, kind) in enumerate(binaries) if is_root(dest, kind)]
    while todo:
        index = todo.pop()
        if index in seen:
            continue
        seen.add(index)
        _dest, src, _kind = binaries[index]
        try:
            imports = direct_imports(src)
        except Exception as exc:  # a file the platform's tools cannot read: keep it, be safe
            log(f"bundle_rules: cannot read imports of {src}: {exc}")
            continue
        for name, fullpath in imports:
            hits = []
            if fullpath and os.path.realpath(fullpath) in by_real:
                hits.append(by_real[os.path.realpath(fullpath)])
            hits += by_base.get(os.path.basename(name).lower(), [])
            todo.extend(h for h in hits if h not in seen)
    kept = [entry for i, entry in enumerate(binaries) if i in seen]
    dropped = [entry[0] for i, entry in enumerate(binaries) if i not in seen]
    if dropped:
        log(f"bundle_rules: dropped {len(dropped)} unreachable libraries: {', '.join(sorted(dropped))}")
    return kept


def filter_toc(binaries: list, datas: list, resources: Path, packs: Path, log=print) -> tuple[list, list]:  # type: ignore[type-arg]
    """Apply the rules to PyInstaller's binaries and datas; return the filtered pair."""
    extensions = image_extensions([resources, packs])
    wanted = wanted_plugins(extensions)
    languages = app_languages(resources)
    system = {name.lower() for name in SYSTEM_LIBRARIES[platform_key()]}
    kept_binaries = []
    dropped_plugins = []
    for entry in binaries:
        if os.path.basename(entry[0]).lower() in system:
            log(f"bundle_rules: left to the system: {entry[0]}")
            continue
        pid = plugin_id(entry[0])
        if pid is not None and pid not in wanted:
            dropped_plugins.append(pid)
            continue
        kept_binaries.append(entry)
    log(
        f"bundle_rules: kept plug-ins {sorted(wanted)}; dropped {len(dropped_plugins)}: {', '.join(sorted(dropped_plugins))}"
    )
    kept_binaries = prune_unreachable(kept_binaries, log)
    kept_dests = {os.path.normcase(entry[0]) for entry in kept_binaries}
    dropped_dests = {os.path.normcase(entry[0]) for entry in binaries} - kept_dests
    kept_datas = []
    dropped_translations = 0
    for entry in datas:
        dest, src, kind = entry
        if is_qt_translation(dest) and not keep_qt_translation(dest, languages):
            dropped_translations += 1
            continue
        if kind == "SYMLINK":
            # PyInstaller links e.g. libQt6Network.so.6 -> PySide6/Qt/lib/libQt6Network.so.6: a link to
            # a library dropped above goes too. Links to anything else (macOS framework layouts, whose
            # targets pass through other links) stay.
            target = os.path.normcase(os.path.normpath(os.path.join(os.path.dirname(dest), src)))
            if target in dropped_dests:
                continue
        kept_datas.append(entry)
    log(f"bundle_rules: app languages {sorted(languages) or 'none'}; dropped {dropped_translations} Qt translations")
    return kept_binaries, kept_datas
