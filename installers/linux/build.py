"""Build the Linux bundle: `bash installers/build.sh` runs this with the project's virtual environment.

    dist/brightline/                              the application folder (onedir), ready to run
    dist/brightline-VERSION-linux-x86_64.tar.gz   the same folder with a menu entry, icon and install.sh

Steps, each timed: make sure the build machine has what the bundle must carry (Qt's X11 libraries)
and what the build uses (binutils, gcc and ICU's icupkg to trim ICU's data, Xvfb to try the window
on X11) — installing them with apt-get when run as root on Debian, else saying what to install —
render the icons, run PyInstaller on installers/brightline.spec, add the desktop entry, icon and
install script, pack the tarball, then check the result (installers/check_bundle.py): plug-ins,
libraries, sizes with a report of the largest files, and the unpacked tarball's own `self-test`
as the last step. Any failed check fails the build.

Options: --no-install (never run apt-get), --skip-checks (build and pack only; for quick looks).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSTALLERS = HERE.parent
ROOT = INSTALLERS.parent
sys.path.insert(0, str(INSTALLERS))

import check_bundle  # noqa: E402
import icons  # noqa: E402

# Shared libraries the xcb platform plug-in links: the build bundles them, so officers' machines
# need not have them. The list is the development set-up's (installers/dev.py).
try:
    from dev import DEBIAN_QT_PACKAGES  # noqa: E402
except ImportError:  # pragma: no cover — dev.py is the lead's; keep building if it moves
    DEBIAN_QT_PACKAGES = []
# Tools the build itself uses: objdump/strip/nm (PyInstaller, checks), gcc and icupkg (ICU trim).
DEBIAN_BUILD_PACKAGES = ["binutils", "gcc", "icu-devtools"]
# Nice to have: Xvfb lets the build start the window on the real X11 platform plug-in, and
# desktop-file-validate checks the menu entry.
DEBIAN_OPTIONAL_PACKAGES = ["xvfb", "desktop-file-utils"]

DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "brightline"


def say(message: str) -> None:
    print(f"build: {message}", flush=True)


def version() -> str:
    text = (ROOT / "app" / "brightline" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not found:
        raise SystemExit("build: no __version__ in app/brightline/__init__.py")
    return found.group(1)


def archive_path() -> Path:
    return DIST / f"brightline-{version()}-linux-x86_64.tar.gz"


# What a bundle is built from: a bundle older than any of these is stale.
SOURCES = ["app", "decision_trees", "resources", "installers", "pyproject.toml"]


def newest_source() -> tuple[float, str]:
    """(modification time, path) of the newest file the bundle is built from."""
    newest = (0.0, "")
    for name in SOURCES:
        top = ROOT / name
        paths = [top] if top.is_file() else top.rglob("*")
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                newest = max(newest, (path.stat().st_mtime, str(path.relative_to(ROOT))))
    return newest


def is_fresh(artifact: Path) -> bool:
    """True when `artifact` exists and is newer than every source file."""
    return artifact.exists() and artifact.stat().st_mtime > newest_source()[0]


def _dpkg_missing(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in packages:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_packages(allow_install: bool) -> None:
    required = _dpkg_missing(DEBIAN_QT_PACKAGES + DEBIAN_BUILD_PACKAGES)
    optional = _dpkg_missing(DEBIAN_OPTIONAL_PACKAGES)
    wanted = required + optional
    if not wanted:
        return
    can_install = allow_install and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if can_install:
        say(f"installing Debian packages the build needs: {' '.join(wanted)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, stdout=subprocess.DEVNULL)
        result = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *wanted], env=env, stdout=subprocess.DEVNULL
        )
        if result.returncode == 0:
            return
        if _dpkg_missing(required):
            raise SystemExit(f"build: apt-get could not install {' '.join(_dpkg_missing(required))}")
        return
    if required:
        say(
            f"missing Debian packages: {' '.join(required)}; install them (sudo apt-get install "
            f"{' '.join(required)}) — the checks will say what the bundle lacks without them"
        )
    if optional:
        say(f"optional: sudo apt-get install {' '.join(optional)} (to try the window on X11 during the build)")


def run_pyinstaller() -> None:
    WORK.mkdir(exist_ok=True)
    log = WORK / "pyinstaller.log"
    env = dict(os.environ, BRIGHTLINE_ICON_DIR=str(WORK / "icons"))
    with open(log, "w", encoding="utf-8") as stream:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "INFO",
                "--distpath",
                str(DIST),
                "--workpath",
                str(WORK / "pyinstaller"),
                str(INSTALLERS / "brightline.spec"),
            ],
            cwd=ROOT,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    for line in lines:
        if "bundle_rules:" in line or "icu_trim:" in line or "notices:" in line or " ERROR:" in line:
            say(line.split(" INFO: ", 1)[-1][:400])
    if result.returncode != 0:
        print("\n".join(lines[-30:]), file=sys.stderr)
        raise SystemExit(
            f"build: PyInstaller failed (exit {result.returncode}); the whole log is {log.relative_to(ROOT)}"
        )


def prepare() -> None:
    """The bundle's own `brightline prepare`: the start index of its packs, beside them, so that a
    new user's first start paints without reading them (the bundle's code makes its key)."""
    with tempfile.TemporaryDirectory(prefix="brightline-prepare-") as home:
        env = check_bundle.clean_environment(Path(home), {"BRIGHTLINE_DATA_DIR": str(Path(home) / "data")})
        done = subprocess.run(
            [str(check_bundle.executable(BUNDLE)), "prepare"], env=env, capture_output=True, text=True
        )
    if done.returncode != 0:
        raise SystemExit(
            f"build: the bundle's `brightline prepare` failed: {(done.stderr or done.stdout).strip()[-800:]}"
        )
    say(done.stdout.strip().replace(str(ROOT) + "/", ""))


def stage() -> None:
    """Add the menu entry, the icon and the install script beside the executable."""
    shutil.copy2(HERE / "brightline.desktop", BUNDLE / "brightline.desktop")
    shutil.copy2(HERE / "install.sh", BUNDLE / "install.sh")
    (BUNDLE / "install.sh").chmod(0o755)
    shutil.copy2(WORK / "icons" / "brightline.svg", BUNDLE / "brightline.svg")
    shutil.copy2(WORK / "icons" / "brightline-256.png", BUNDLE / "brightline.png")


def pack(archive: Path) -> None:
    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    partial = archive.with_name(archive.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname="brightline", filter=owner)
    partial.replace(archive)


def main(argv: list[str]) -> int:
    if sys.platform != "linux":
        raise SystemExit("build: this builds the Linux bundle; see installers/windows/ and installers/macos/")
    allow_install = "--no-install" not in argv
    checks = "--skip-checks" not in argv
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []

    def step(name: str, action) -> None:  # type: ignore[no-untyped-def]
        at = time.perf_counter()
        say(f"{name} …")
        action()
        timings.append((name, time.perf_counter() - at))

    archive = archive_path()
    step("system packages", lambda: ensure_packages(allow_install))
    step("icons", lambda: icons.make_icons(WORK / "icons"))
    step("PyInstaller", run_pyinstaller)
    step("start index", prepare)
    step("desktop entry, icon, install script", stage)
    step(f"pack {archive.name}", lambda: pack(archive))
    failed = None
    if checks:

        def run_checks() -> None:
            nonlocal failed
            try:
                check_bundle.check_all(BUNDLE, archive)
            except check_bundle.CheckFailed as exc:
                failed = exc

        step("checks", run_checks)
    total = time.perf_counter() - started
    say("times: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings) + f"; total {total:.0f} s")
    if failed is not None:
        print(f"build: FAILED: {failed}", file=sys.stderr)
        return 1
    say(f"built {BUNDLE.relative_to(ROOT)}/ and {archive.relative_to(ROOT)} in {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
