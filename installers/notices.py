"""The licences of the system libraries a bundle carries, listed from what it actually carries.

The application's own notices and the texts of Qt's, PySide6's, Python's and the Python packages'
licences are in resources/licenses/ and ship with the resources. A Linux bundle also carries
libraries of the build machine (Qt's X11 libraries, GLib, FreeType …); installers/brightline.spec
calls `system_notices` with the bundle's final list of binaries, and for each one that came from
the system this finds the Debian package that installed it and ships that package's copyright file
(/usr/share/doc/PACKAGE/copyright: the licence texts, as the distribution gives them) in
`licenses/system/`, with `LIBRARIES.txt` naming each library and its package.
installers/check_bundle.py fails a bundle whose notices are missing or incomplete.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

FOLDER = "licenses/system"
INDEX = "LIBRARIES.txt"
# Where the build machine's own libraries live; anything else came from a Python package whose
# licence is in resources/licenses/ (PySide6/Qt, shiboken6, Python's extension modules).
SYSTEM_PREFIXES = ("/usr/lib", "/lib", "/usr/lib64", "/lib64", "/usr/local/lib")


def is_system_library(source: str) -> bool:
    return source.startswith(SYSTEM_PREFIXES) and "/site-packages/" not in source


def owning_package(path: str) -> str:
    """The Debian package that installed `path` ("" when dpkg does not know it)."""
    if shutil.which("dpkg") is None:
        return ""
    for candidate in (path, str(Path(path).resolve())):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout:
            return done.stdout.splitlines()[0].split(":")[0].strip()
    return ""


def system_notices(
    binaries: Iterable[tuple[str, str, str]], work: Path, say: Callable[[str], object]
) -> list[tuple[str, str]]:
    """Write `licenses/system/` for the system libraries among `binaries` (PyInstaller's
    (name in the bundle, source, kind) entries) into `work`; the (file, folder) pairs to add to
    the bundle's data. Raises SystemExit when a library's licence cannot be found."""
    out = work / "system-licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    lines = []
    missing = []
    for name, source, _kind in sorted(binaries):
        if not is_system_library(source):
            continue
        package = owning_package(source)
        copyright_file = Path("/usr/share/doc") / package / "copyright" if package else None
        if copyright_file is None or not copyright_file.is_file():
            missing.append(f"{name} ({source})")
            continue
        shutil.copyfile(copyright_file, out / f"{package}.copyright")
        lines.append(f"{Path(name).name}\t{package}\t{package}.copyright")
    if missing:
        raise SystemExit(
            "brightline.spec: no licence found for these bundled system libraries (install them from the "
            "distribution's packages, whose copyright files say it): " + ", ".join(missing)
        )
    (out / INDEX).write_text(
        "# Each system library in this bundle, the package it came from, and that package's copyright file.\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    say(
        f"notices: licences of {len(lines)} system libraries from {len({line.split(chr(9))[1] for line in lines})} packages"
    )
    return [(str(path), FOLDER) for path in sorted(out.iterdir())]
