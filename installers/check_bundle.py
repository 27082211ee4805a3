"""Checks on a built Linux bundle: run by installers/linux/build.py as the build's last steps, and
by tests/e2e/test_bundle.py. A check that fails fails the build, so a missing plug-in or library is
found here and not by an officer.

    python installers/check_bundle.py [dist/brightline] [dist/brightline-VERSION-linux-x86_64.tar.gz]

- the licence notices are in the bundle, and every system library it carries has its licence;
- the plug-ins Brightline needs are in the bundle, and every library in it resolves (against the
  bundle first, as the bootloader arranges, then the system);
- the trimmed ICU data gives the same results as the full data (installers/icu_probe.py);
- sizes: the folder on disk under 120 MB, the tar.gz under 50 MB, with the largest files listed;
- the tarball, unpacked into a fresh folder outside the checkout, passes `brightline self-test`
  offscreen with no Python on PATH, a throw-away HOME, and — where the kernel lets us make a network
  namespace (`unshare -n`) — no network; Qt's plug-in log must show the plug-ins loading;
- under Xvfb, when it is installed, the window starts on the real X11 (xcb) platform plug-in;
- running it wrote nothing inside the bundle.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_rules  # noqa: E402

MB = 1_000_000
DISK_BUDGET = 120 * MB
ARCHIVE_BUDGET = 50 * MB
# Variables that would let the bundle find the build machine's Python or its packages.
PYTHON_VARIABLES = (
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONUSERBASE",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "PYENV_VERSION",
    "PYENV_ROOT",
    "PYENV_DIR",
    "LD_LIBRARY_PATH",
    "QT_PLUGIN_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "BRIGHTLINE_PACKS",
    "BRIGHTLINE_PACKS_ROOT",
    "BRIGHTLINE_DATA_DIR",
)


# glibc's dynamic loader: part of the C library every Linux machine has (PyInstaller's exclude list
# names it "ld-linux.so" and so misses the x86-64 spelling).
GLIBC_LOADER = re.compile(r"^ld-linux[-\w]*\.so(\.\d+)*$")


class CheckFailed(Exception):
    """A check failed; the message says which and why."""


@dataclass
class Report:
    """What the checks found, for the build's summary and the tests."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    disk_bytes: int = 0
    archive_bytes: int = 0
    network_isolated: bool = False

    def say(self, message: str) -> None:
        self.lines.append(message)
        print(f"check: {message}", flush=True)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        print(f"check: WARNING: {message}", flush=True)


def executable(bundle: Path) -> Path:
    return bundle / ("brightline.exe" if sys.platform.startswith("win") else "brightline")


def internal(bundle: Path) -> Path:
    return bundle / "_internal"


# --- sizes -------------------------------------------------------------------------------------


def disk_usage(folder: Path) -> int:
    """Bytes the folder takes on disk, like `du`: allocated blocks, symbolic links not followed."""
    total = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if not path.is_symlink():
            total += getattr(info, "st_blocks", 0) * 512 or info.st_size
    return total


def largest_files(folder: Path, count: int = 15) -> list[tuple[int, str]]:
    files = [
        (p.lstat().st_size, str(p.relative_to(folder))) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
    ]
    return sorted(files, reverse=True)[:count]


def size_report(bundle: Path, archive: Path | None, report: Report, top: int = 15) -> None:
    report.disk_bytes = disk_usage(bundle)
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    report.say(
        f"size: {bundle.name}/ takes {report.disk_bytes / MB:.1f} MB on disk "
        f"({len(files)} files; budget {DISK_BUDGET / MB:.0f} MB)"
    )
    groups: dict[str, int] = {}
    for path in files:
        groups[_group(path.relative_to(bundle))] = groups.get(_group(path.relative_to(bundle)), 0) + path.stat().st_size
    report.say(
        "size by part: "
        + ", ".join(f"{name} {size / MB:.1f} MB" for name, size in sorted(groups.items(), key=lambda kv: -kv[1]))
    )
    report.say(f"size: the {top} largest files:")
    for size, name in largest_files(bundle, top):
        report.say(f"  {size / MB:7.2f} MB  {name}")
    if archive is not None:
        report.archive_bytes = archive.stat().st_size
        report.say(f"size: {archive.name} is {report.archive_bytes / MB:.1f} MB (budget {ARCHIVE_BUDGET / MB:.0f} MB)")
    if report.disk_bytes >= DISK_BUDGET:
        raise CheckFailed(
            f"the bundle takes {report.disk_bytes / MB:.1f} MB on disk; the budget is "
            f"{DISK_BUDGET / MB:.0f} MB (see the largest files above)"
        )
    if archive is not None and report.archive_bytes >= ARCHIVE_BUDGET:
        raise CheckFailed(
            f"{archive.name} is {report.archive_bytes / MB:.1f} MB; the budget is {ARCHIVE_BUDGET / MB:.0f} MB"
        )


def _group(relative: Path) -> str:
    parts = relative.parts
    if parts[0] != "_internal" or len(parts) < 3:
        return "launcher, desktop files" if parts[0] != "_internal" else "Python, system libraries"
    if parts[1] == "PySide6":
        if len(parts) > 3 and parts[2] == "Qt":
            return "ICU" if parts[-1].startswith("libicu") else f"Qt {parts[3]}"
        return "PySide6 bindings"
    if parts[1] in ("decision_trees", "resources"):
        return "packs, resources"
    return "Python, system libraries"


# --- contents ----------------------------------------------------------------------------------


# --- licences --------------------------------------------------------------------------------

# resources/licenses/: the notices the About box shows, and the licence texts the LGPL asks for.
REQUIRED_NOTICES = ("THIRD-PARTY-NOTICES.md", "LGPL-3.0.txt", "GPL-3.0.txt", "Python-PSF-2.0.txt")
# Libraries that come from Python packages (their licences are in resources/licenses/), not the system.
_PACKAGE_LIBRARY = re.compile(r"^(libpython3|libQt6|libpyside6|libshiboken6|libicu|_|.*\.cpython-)")


def check_notices(bundle: Path, report: Report) -> None:
    """The third-party notices and licence texts are in the bundle, and (Linux) every system
    library it carries is listed in licenses/system/ with its distribution's copyright file."""
    licences = internal(bundle) / "resources" / "licenses"
    missing = [name for name in REQUIRED_NOTICES if not (licences / name).is_file()]
    if missing:
        raise CheckFailed(f"the bundle lacks the licence notices {', '.join(missing)} (expected in {licences})")
    if not sys.platform.startswith("linux"):
        report.say(f"notices: {len(REQUIRED_NOTICES)} licence files present")
        return
    system = internal(bundle) / "licenses" / "system"
    index = system / "LIBRARIES.txt"
    if not index.is_file():
        raise CheckFailed(f"the bundle has no {index.relative_to(bundle)} (installers/notices.py writes it)")
    listed: dict[str, str] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _package, copyright_file = line.split("\t")
            listed[name] = copyright_file
    carried = sorted(
        p.name
        for p in internal(bundle).iterdir()
        if p.is_file() and not p.is_symlink() and ".so" in p.name and not _PACKAGE_LIBRARY.match(p.name)
    )
    unlisted = [name for name in carried if name not in listed]
    if unlisted:
        raise CheckFailed(f"no licence is listed for these bundled system libraries: {', '.join(unlisted)}")
    absent = sorted({f for f in listed.values() if not (system / f).is_file()})
    if absent:
        raise CheckFailed(f"licenses/system/ lacks {', '.join(absent)}")
    report.say(
        f"notices: {len(REQUIRED_NOTICES)} licence files; {len(carried)} system libraries, each with its licence"
    )


def check_plugins(bundle: Path, report: Report) -> None:
    plugins = internal(bundle) / "PySide6" / "Qt" / "plugins"
    present = {bundle_rules.plugin_id(str(p.relative_to(internal(bundle)))) for p in plugins.rglob("*") if p.is_file()}
    present.discard(None)
    extensions = bundle_rules.image_extensions([internal(bundle) / "resources", internal(bundle) / "decision_trees"])
    required = set(bundle_rules.REQUIRED_PLUGINS["linux"])
    required |= {
        p
        for p in bundle_rules.wanted_plugins(extensions, "linux")
        if p.split("/")[0] in ("imageformats", "iconengines")
    }
    missing = sorted(required - present)
    report.say(f"plug-ins: {', '.join(sorted(p for p in present if p))}")
    if missing:
        raise CheckFailed(f"Qt plug-ins missing from the bundle: {', '.join(missing)}")
    for folder in ("decision_trees", "resources"):
        if not (internal(bundle) / folder).is_dir():
            raise CheckFailed(f"the bundle has no {folder}/")
    # libyaml's parser: without it the packs still load, through the pure-Python reader, but a
    # first start or a pack update takes ten times as long; the self-test would not notice.
    if not list(internal(bundle).glob("_ruamel_yaml*")):
        raise CheckFailed("the bundle has no _ruamel_yaml (ruamel.yaml.clib): packs would load ten times slower")
    # Written by the bundle's own `brightline prepare` (installers/linux/build.py): without it a new
    # user's first start reads and validates every pack before the window can paint.
    if not (internal(bundle) / "decision_trees" / ".start-index").is_file():
        raise CheckFailed("the bundle has no decision_trees/.start-index (run the bundle's `brightline prepare`)")


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(4) == b"\x7fELF"
    except OSError:
        return False


def check_libraries(bundle: Path, report: Report) -> None:
    """Every library a bundled file links directly is in the bundle, or is one the bundle leaves to
    the system by design (glibc, the GL stack, libxcb: PyInstaller's exclude list; CUPS:
    bundle_rules.SYSTEM_LIBRARIES) — so the build machine's own libraries cannot hide a gap."""
    from PyInstaller.depend import dylib

    env = dict(os.environ, LD_LIBRARY_PATH=str(internal(bundle)))
    system = set(bundle_rules.SYSTEM_LIBRARIES["linux"])
    inside = str(bundle.resolve()) + os.sep
    missing: dict[str, list[str]] = {}  # resolves nowhere
    borrowed: dict[str, list[str]] = {}  # resolves only from the build machine
    glibc = (0, 0)
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        where: dict[str, str] = {}
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[1] == "=>":
                where[parts[0]] = parts[2]
            elif parts and parts[0].startswith("/"):  # the dynamic loader: "/lib64/ld-linux-x86-64.so.2 (0x…)"
                where[os.path.basename(parts[0])] = parts[0]
        user = str(path.relative_to(bundle))
        for name in bundle_rules.elf_needed(str(path)) or []:
            resolved = where.get(name, "")
            if resolved.startswith(inside) or GLIBC_LOADER.match(name):
                continue
            if name not in where and not dylib.include_library(name):
                continue
            if resolved in ("not", ""):
                missing.setdefault(name, []).append(user)
            elif not os.path.realpath(resolved).startswith(inside) and dylib.include_library(name):
                borrowed.setdefault(name, []).append(user)
        dump = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", dump):
            glibc = max(glibc, (int(major), int(minor)))

    def users(names: list[str]) -> str:
        return f"{', '.join(names[:3])}{' …' if len(names) > 3 else ''}"

    for name in sorted(system & (set(missing) | set(borrowed))):
        where_from = "absent on this machine too" if name in missing else "the system's"
        report.say(
            f"libraries: {name} ({where_from}; needed by {users(missing.get(name) or borrowed[name])}) is left "
            "to the system by design (bundle_rules.SYSTEM_LIBRARIES)"
        )
    problems = [
        f"{n} is not found at all (needed by {users(u)})" for n, u in sorted(missing.items()) if n not in system
    ]
    problems += [
        f"{n} is not in the bundle; it resolved from this machine (needed by {users(u)})"
        for n, u in sorted(borrowed.items())
        if n not in system
    ]
    if problems:
        raise CheckFailed(
            "libraries an officer's machine might lack: "
            + "; ".join(problems)
            + ". Install them on the build machine so PyInstaller bundles them "
            "(on Debian, installers/build.sh run as root installs them)."
        )
    report.say(
        f"libraries: every direct dependency is in the bundle or left to the system by design; the "
        f"bundle needs glibc {glibc[0]}.{glibc[1]} or newer (build on the oldest distribution you support)"
    )


def check_icu(bundle: Path, report: Report, python: str = sys.executable) -> None:
    """The bundle's (trimmed) ICU data answers the probe exactly as the full data does."""
    trimmed = next(internal(bundle).glob("PySide6/Qt/lib/libicudata.so.*"), None)
    if trimmed is None:
        return
    probe = HERE / "icu_probe.py"
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy2(trimmed, folder)
        plain = dict(os.environ)
        plain.pop("LD_LIBRARY_PATH", None)
        full = subprocess.run([python, str(probe)], capture_output=True, text=True, env=plain)
        cut = subprocess.run(
            [python, str(probe)], capture_output=True, text=True, env=dict(plain, LD_LIBRARY_PATH=folder)
        )
    if full.returncode or cut.returncode:
        raise CheckFailed(f"the ICU probe failed to run: {(full.stderr or cut.stderr).strip()[-500:]}")
    if full.stdout != cut.stdout:
        first = next(
            i for i, (a, b) in enumerate(zip(full.stdout.splitlines(), cut.stdout.splitlines(), strict=False)) if a != b
        )
        raise CheckFailed(
            "the trimmed ICU data answers differently from the full data, e.g.\n  full:    "
            f"{full.stdout.splitlines()[first][:300]}\n  trimmed: {cut.stdout.splitlines()[first][:300]}\n"
            "Build with BRIGHTLINE_FULL_ICU=1, or keep more data in installers/icu_trim.py"
        )
    report.say(
        f"ICU: trimmed data ({trimmed.stat().st_size / MB:.1f} MB) gives the full data's results "
        f"({len(full.stdout.splitlines())} probes: collation, case, time zones, dates, converters)"
    )


# --- running it --------------------------------------------------------------------------------


def network_wrapper() -> list[str] | None:
    """The command prefix that runs a program without network (a new, empty network namespace)."""
    if not shutil.which("unshare"):
        return None
    for prefix in (["unshare", "-n"], ["unshare", "-r", "-n"]):
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return [*prefix, "--"]
    return None


def clean_environment(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """An environment with no Python anywhere: PATH is an empty folder, HOME and XDG dirs are fresh."""
    env = {k: v for k, v in os.environ.items() if k not in PYTHON_VARIABLES and not k.startswith(("PYTHON", "PYENV"))}
    empty_bin = home / "bin"
    empty_bin.mkdir(parents=True, exist_ok=True)
    env.update(
        PATH=str(empty_bin),
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        QT_QPA_PLATFORM="offscreen",
        LANG=os.environ.get("LANG", "C.UTF-8"),
    )
    (home / "runtime").mkdir(mode=0o700, exist_ok=True)
    if extra:
        env.update(extra)
    return env


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in folder.rglob("*")}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    isolated: bool


def run_bundle(
    bundle: Path,
    args: list[str],
    home: Path,
    *,
    network: bool = False,
    timeout: float = 180,
    extra_env: dict[str, str] | None = None,
) -> Run:
    """Run the bundle's executable from `home` (its working folder) in a clean environment.

    Without `network`, the run happens in an empty network namespace when the kernel allows one;
    `Run.isolated` says whether it did.
    """
    env = clean_environment(home, extra_env)
    prefix = [] if network else (network_wrapper() or [])
    # unshare is looked up before PATH is emptied: give its full path.
    if prefix:
        prefix[0] = shutil.which(prefix[0]) or prefix[0]
    started = time.perf_counter()
    result = subprocess.run(
        [*prefix, str(executable(bundle).resolve()), *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return Run(result.returncode, result.stdout, result.stderr, time.perf_counter() - started, bool(prefix))


def plugin_log_problems(stderr: str, expect: list[str]) -> list[str]:
    """From QT_DEBUG_PLUGINS output: plug-ins that failed to load, and expected ones that did not."""
    problems = [
        line.strip() for line in stderr.splitlines() if "Cannot load library" in line or "cannot load" in line.lower()
    ]
    loaded = {m.group(1) for m in re.finditer(r'"([^"]+)" loaded library', stderr)}
    for name in expect:
        if not any(path.endswith(name) for path in loaded):
            problems.append(f"{name} was not loaded")
    return problems


def expected_plugins(bundle: Path, platform: str) -> list[str]:
    names = [f"platforms/libq{platform}.so"]
    extensions = bundle_rules.image_extensions([internal(bundle) / "resources"])
    if ".svg" in extensions:
        names.append("iconengines/libqsvgicon.so")
    return names


def check_self_test(bundle: Path, report: Report) -> None:
    """The bundle's self-test, offscreen, from outside the checkout, no Python, no network if possible."""
    with tempfile.TemporaryDirectory(prefix="brightline-check-") as folder:
        home = Path(folder)
        before = snapshot(bundle)
        run = run_bundle(bundle, ["self-test"], home, extra_env={"QT_DEBUG_PLUGINS": "1"})
        report.network_isolated = run.isolated
        if not run.isolated:
            report.warn(
                "this kernel does not let us make a network namespace (unshare -n); "
                "the self-test ran with the network present"
            )
        output = run.stdout.strip()
        if run.returncode != 0 or not output.startswith("OK"):
            tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-25:])
            raise CheckFailed(f"`brightline self-test` failed (exit {run.returncode}):\n{tail}")
        problems = plugin_log_problems(run.stderr, expected_plugins(bundle, "offscreen"))
        if problems:
            raise CheckFailed("Qt plug-ins did not load in the self-test: " + "; ".join(problems))
        if snapshot(bundle) != before:
            raise CheckFailed("running the bundle changed files inside it; data belongs in the data folder")
        report.say(
            f"self-test: {output.splitlines()[-1]} in {run.seconds:.1f} s "
            f"({'no network, ' if run.isolated else ''}no Python on PATH, offscreen, from {home.name}/)"
        )


def xvfb() -> str | None:
    return shutil.which("Xvfb")


def check_xcb(bundle: Path, report: Report) -> None:
    """Start the window on the X11 platform plug-in under Xvfb; it must paint and quit cleanly."""
    server = xvfb()
    if server is None:
        report.warn("Xvfb is not installed: the X11 (xcb) start was not tried (Debian: apt-get install xvfb)")
        return
    with tempfile.TemporaryDirectory(prefix="brightline-xcb-") as folder:
        home = Path(folder)
        display = _free_display()
        xserver = subprocess.Popen(
            [server, f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            socket = Path(f"/tmp/.X11-unix/X{display}")
            deadline = time.monotonic() + 15
            while not socket.exists() and time.monotonic() < deadline and xserver.poll() is None:
                time.sleep(0.05)
            if not socket.exists():
                report.warn("Xvfb did not start; the X11 (xcb) start was not tried")
                return
            run = run_bundle(
                bundle,
                [],
                home,
                network=True,
                timeout=120,
                extra_env={
                    "DISPLAY": f":{display}",
                    "QT_QPA_PLATFORM": "xcb",
                    "QT_DEBUG_PLUGINS": "1",
                    "BRIGHTLINE_QUIT_WHEN_READY": "1",
                },
            )
        finally:
            xserver.terminate()
            try:
                xserver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                xserver.kill()
    problems = plugin_log_problems(run.stderr, expected_plugins(bundle, "xcb"))
    if run.returncode != 0 or problems:
        tail = "\n".join(
            [line for line in run.stderr.splitlines() if not line.startswith(("qt.core", " ", "{", "}"))][-15:]
        )
        raise CheckFailed(f"the window did not start on X11 (exit {run.returncode}): {'; '.join(problems)}\n{tail}")
    report.say(f"X11: the window started on the xcb platform plug-in under Xvfb and painted in {run.seconds:.1f} s")


def _free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise CheckFailed("no free X display number for Xvfb")


def unpack(archive: Path, into: Path) -> Path:
    """Unpack the tarball into `into`; return the bundle folder inside it."""
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="tar")
    folders = [p for p in into.iterdir() if p.is_dir()]
    if len(folders) != 1 or not executable(folders[0]).is_file():
        raise CheckFailed(
            f"{archive.name} should hold one folder with the brightline executable; it holds "
            f"{', '.join(p.name for p in into.iterdir())}"
        )
    return folders[0]


def check_archive(archive: Path, report: Report) -> None:
    """The tarball holds the app, the desktop entry and the icon, and the unpacked copy runs."""
    with tempfile.TemporaryDirectory(prefix="brightline-unpacked-") as folder:
        bundle = unpack(archive, Path(folder))
        for name in ("brightline.desktop", "brightline.svg", "brightline.png", "install.sh"):
            if not (bundle / name).is_file():
                raise CheckFailed(f"{archive.name} has no {bundle.name}/{name}")
        if shutil.which("desktop-file-validate"):
            result = subprocess.run(
                ["desktop-file-validate", str(bundle / "brightline.desktop")], capture_output=True, text=True
            )
            if result.returncode != 0 or "error:" in result.stdout:
                raise CheckFailed(f"brightline.desktop is not a valid desktop entry: {result.stdout.strip()}")
        check_self_test(bundle, report)


def check_all(
    bundle: Path,
    archive: Path | None,
    report: Report | None = None,
    steps: list[Callable[[Path, Report], None]] | None = None,
) -> Report:
    report = report or Report()
    check_notices(bundle, report)
    check_plugins(bundle, report)
    check_libraries(bundle, report)
    check_icu(bundle, report)
    size_report(bundle, archive, report)
    if archive is not None:
        check_archive(archive, report)
    else:
        check_self_test(bundle, report)
    check_xcb(bundle, report)
    for step in steps or []:
        step(bundle, report)
    return report


def main(argv: list[str]) -> int:
    bundle = (Path(argv[0]) if argv else ROOT / "dist" / "brightline").resolve()
    archive = Path(argv[1]).resolve() if len(argv) > 1 else None
    try:
        check_all(bundle, archive)
    except CheckFailed as exc:
        print(f"check: FAILED: {exc}", file=sys.stderr)
        return 1
    print("check: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
