#!/usr/bin/env python3
"""Set up the development environment and run Brightline or its tests — standard library only.

    python3 installers/dev.py run     # create/update .venv, install, start the app
    python3 installers/dev.py test    # create/update .venv with test extras, run the checks and the whole suite

Works on a fresh machine with nothing but Python 3.11+: where the interpreter has no ensurepip
(Debian's python3 without the python3-venv package), the virtual environment is created without
pip and pip is installed from its wheel on PyPI. Extra arguments are passed on to the app or to
pytest.

`test` runs the checks CI runs, each of which fails it, before the suite: ruff (lint and format),
mypy (strict on the core), and the import contract (lint-imports: cli over ui over reports over
core, and no Qt in the core). The suite itself builds the wheel and installs it into a fresh
virtual environment (tests/e2e/test_wheel.py), and starts its own PostgreSQL for the department
tests (installed here with apt-get when run as root on Debian; otherwise the line is printed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Shared libraries Qt's xcb and offscreen platforms load, with the Debian packages providing them.
DEBIAN_QT_PACKAGES = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libdbus-1-3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-xkb1",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libglib2.0-0",
]


def say(message: str) -> None:
    print(f"dev: {message}", file=sys.stderr, flush=True)


def ensure_venv() -> None:
    if PYTHON.exists():
        return
    say(f"creating {VENV.relative_to(ROOT)}")
    try:
        import ensurepip  # noqa: F401

        venv.EnvBuilder(with_pip=True).create(VENV)
    except (ImportError, subprocess.CalledProcessError):
        shutil.rmtree(VENV, ignore_errors=True)
        venv.EnvBuilder(with_pip=False).create(VENV)
        bootstrap_pip()


def bootstrap_pip() -> None:
    """Install pip into a venv made without it, from pip's own wheel on PyPI."""
    say("this Python has no ensurepip; fetching pip's wheel from PyPI")
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(wheel["url"], timeout=120) as response:
            target.write_bytes(response.read())
        # A wheel is a zip archive that Python can run directly: pip installs itself from it.
        subprocess.run([str(PYTHON), f"{target}/pip", "install", "--quiet", str(target)], check=True)


def install(extras: str) -> None:
    spec = f".[{extras}]" if extras else "."
    say(f"installing brightline{'[' + extras + ']' if extras else ''} into .venv")
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", spec],
        cwd=ROOT,
        check=True,
    )


def ensure_qt_libraries() -> None:
    """Qt needs a few system libraries; on Debian install them (as root) or say which are missing."""
    probe = subprocess.run(
        [str(PYTHON), "-c", "import PySide6.QtGui, PySide6.QtWidgets, PySide6.QtPrintSupport"],
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0:
        return
    missing = [p for p in DEBIAN_QT_PACKAGES if not _dpkg_has(p)]
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0 and missing:
        say(f"installing Qt's system libraries: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)
        return
    say("Qt cannot load: " + (probe.stderr.strip().splitlines() or ["unknown error"])[-1])
    if missing:
        say(f"install the system libraries it needs: sudo apt-get install {' '.join(missing)}")
    sys.exit(1)


def ensure_postgresql() -> None:
    """The department tests start a real PostgreSQL (tests/pgserver.py): on Debian install the
    server (as root), or say how. Without it those tests are skipped, and fail under CI."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pgserver import INSTALL_LINE, SERVER_PACKAGES, find_binaries

    if find_binaries() is not None:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing PostgreSQL for the department tests")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *SERVER_PACKAGES], check=True, env=env)
        return
    say(f"the department tests need PostgreSQL's server programs: sudo {INSTALL_LINE}")


def _dpkg_has(package: str) -> bool:
    if not shutil.which("dpkg"):
        return True
    return subprocess.run(["dpkg", "-s", package], capture_output=True).returncode == 0


def prepare() -> None:
    """`brightline prepare`, as an install does: the shipped packs' start index beside them, so the
    window's first start paints without reading them. Packs with problems only cost that speed."""
    done = subprocess.run([str(BIN / "brightline"), "prepare"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        say("the shipped packs have problems (brightline validate lists them); the window still starts")


# The checks `test` runs before the suite, with the tools' own configuration in pyproject.toml;
# .pre-commit-config.yaml runs the same.
CHECKS = [
    ("ruff check", ["ruff", "check", "."]),
    ("ruff format --check", ["ruff", "format", "--check", "."]),
    ("mypy", ["mypy"]),
    ("lint-imports", ["lint-imports"]),
]


def check(name: str, command: list[str]) -> bool:
    """Run one check from the venv; its output only when it fails."""
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 0:
        say(f"{name}: passed")
        return True
    print(done.stdout + done.stderr, file=sys.stderr, end="")
    say(f"{name}: FAILED")
    return False


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    install("test" if command == "test" else "")
    ensure_qt_libraries()
    if command in ("setup", "run"):
        prepare()
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.run([str(BIN / "brightline"), *rest], cwd=ROOT).returncode
    ensure_postgresql()
    failed = [name for name, command in CHECKS if not check(name, command)]
    if failed:
        say(f"failed: {', '.join(failed)}; the tests were not run")
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    return 0 if result.returncode == 5 and os.environ.get("BRIGHTLINE_ALLOW_EMPTY") else result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
