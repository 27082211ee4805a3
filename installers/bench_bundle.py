#!/usr/bin/env python3
"""Start-up time, peak memory and size of the Linux bundle, beside a bare bundled PySide6 window.

    python installers/bench_bundle.py [--quick] [--rebuild]

The yardstick is installers/bare/: a hello-world PySide6 window bundled the naive way (PyInstaller's
defaults, nothing excluded), built here into build/bench/ on first use and reused while it is newer
than its spec and script. The Brightline bundle is dist/brightline/, built with
`bash installers/build.sh --skip-checks` when it is missing (run the full build.sh first to
measure a checked one).

Each start is a fresh process, offscreen, that quits by itself right after its window's first paint
(BRIGHTLINE_QUIT_WHEN_READY=1: app/brightline/ui/app.py, installers/bare/bare_window.py); it is timed from
just before the spawn to the exit, and its peak resident memory is ru_maxrss from os.wait4. The two
are interleaved (bare, app, app, bare, …) after one discarded warm-up each, so a machine that gets
busier affects both alike; the medians are reported. "Cold" means a new process, not an empty file
cache: dropping the machine's cache would disturb everything else running on it. Brightline keeps
its data, cache and config folders across starts, as on an officer's machine (its start index and
library cache are there); a user's very first start, with new ones, is measured separately and
shown for context.

`run(results, quick)` appends rows {name, value, unit, budget, holds} for tests/benchmarks/run.py.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BARE_SPEC = HERE / "bare" / "bare.spec"
BARE_SCRIPT = HERE / "bare" / "bare_window.py"
BENCH = ROOT / "build" / "bench"
BARE_BUNDLE = BENCH / "dist" / "bare-window"
APP_BUNDLE = ROOT / "dist" / "brightline"
TIMEOUT = 90.0
RATIO_BUDGET = "<= 1.5x bare"
MB = 1_000_000

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "linux"))


def _row(name: str, value: Any, unit: str = "", budget: str = "", holds: bool | None = None) -> dict[str, Any]:
    if isinstance(value, float):
        value = round(value, 3)
    return {
        "name": name,
        "value": value,
        "unit": unit if not isinstance(value, str) else "",
        "budget": budget,
        "holds": holds,
    }


def ensure_bare_bundle(rebuild: bool = False) -> Path:
    """Build the naive bare-window bundle unless a current one exists; return its folder."""
    executable = BARE_BUNDLE / "bare-window"
    newest_input = max(BARE_SPEC.stat().st_mtime, BARE_SCRIPT.stat().st_mtime)
    if not rebuild and executable.is_file() and executable.stat().st_mtime > newest_input:
        return BARE_BUNDLE
    print("bench: building the bare-window bundle (PyInstaller, naive) …", file=sys.stderr, flush=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(BENCH / "dist"),
            "--workpath",
            str(BENCH / "work"),
            str(BARE_SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"building the bare bundle failed: {result.stderr.strip()[-500:]}")
    return BARE_BUNDLE


def ensure_app_bundle(rebuild: bool = False) -> Path:
    """dist/brightline, built (without the checks) when it is missing or `rebuild` is set."""
    if rebuild or not (APP_BUNDLE / "brightline").is_file():
        print("bench: building dist/brightline (installers/build.sh --skip-checks) …", file=sys.stderr, flush=True)
        subprocess.run(
            ["bash", str(HERE / "build.sh"), "--skip-checks"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )
    return APP_BUNDLE


def _spawn(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Run `command` until it exits by itself; (seconds from spawn to exit, peak RSS in MB)."""
    from timed_run import timed_run

    return timed_run(command, env, cwd, TIMEOUT)


def _disk(folder: Path) -> float:
    from check_bundle import disk_usage

    return disk_usage(folder) / MB


def measure(runs: int, first_runs: int, app: Path, bare: Path) -> dict[str, list[float]]:
    """Interleaved starts of both bundles; lists of seconds and MB for each.

    Brightline keeps one set of data, cache and config folders across its starts, as on an
    officer's machine: the warm-up start writes the start index and the library cache that every
    later start reads. `first_runs` more starts, each with new folders, time a user's very first
    start (from the start index beside the bundle's packs).
    """
    samples: dict[str, list[float]] = {
        "app_s": [],
        "app_mb": [],
        "bare_s": [],
        "bare_mb": [],
        "first_s": [],
        "first_mb": [],
    }
    with tempfile.TemporaryDirectory(prefix="brightline-bench-bundle-") as folder:
        tmp = Path(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIGHTLINE_") and k != "LD_LIBRARY_PATH"}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            BRIGHTLINE_QUIT_WHEN_READY="1",
            XDG_CONFIG_HOME=str(tmp / "config"),
            XDG_CACHE_HOME=str(tmp / "cache"),
        )

        def user(folder: Path) -> dict[str, str]:
            return {f"BRIGHTLINE_{kind.upper()}_DIR": str(folder / kind) for kind in ("data", "cache", "config")}

        app_env = dict(env, **user(tmp / "user"))

        def start(which: str, keep: bool) -> None:
            if which == "app":
                seconds, rss = _spawn([str(app / "brightline")], app_env, tmp)
            elif which == "first":
                fresh = Path(tempfile.mkdtemp(prefix="user-", dir=tmp))
                seconds, rss = _spawn([str(app / "brightline")], dict(env, **user(fresh)), tmp)
            else:
                seconds, rss = _spawn([str(bare / "bare-window")], env, tmp)
            if keep:
                samples[f"{which}_s"].append(seconds)
                samples[f"{which}_mb"].append(rss)

        start("bare", keep=False)  # warm-up: the file cache, Qt's caches, Brightline's start-up cache
        start("app", keep=False)
        for index in range(runs):
            for which in ("bare", "app") if index % 2 == 0 else ("app", "bare"):
                start(which, keep=True)
        for _ in range(first_runs):
            start("first", keep=True)
    return samples


def run(results: list[dict[str, Any]], quick: bool, rebuild: bool = False) -> None:
    """Append the bundle's rows to `results` (the tests/benchmarks/run.py protocol)."""
    if not sys.platform.startswith("linux"):
        results.append(_row("bundle (Linux onedir)", "not measured: the bundle benchmark runs on Linux only"))
        return
    runs = 3 if quick else 9
    first_runs = 1 if quick else 3
    bare = ensure_bare_bundle(rebuild)
    app = ensure_app_bundle(rebuild)
    samples = measure(runs, first_runs, app, bare)
    bare_ms = statistics.median(samples["bare_s"]) * 1000
    app_ms = statistics.median(samples["app_s"]) * 1000
    bare_mb = statistics.median(samples["bare_mb"])
    app_mb = statistics.median(samples["app_mb"])
    results.append(_row(f"bundle cold start: bare PySide6 window bundle (median of {runs})", bare_ms, "ms"))
    results.append(_row(f"bundle cold start: Brightline bundle (median of {runs})", app_ms, "ms"))
    results.append(
        _row("bundle cold start: Brightline / bare", app_ms / bare_ms, "×", RATIO_BUDGET, app_ms / bare_ms <= 1.5)
    )
    first_ms = statistics.median(samples["first_s"]) * 1000
    results.append(
        _row(
            f"bundle cold start: Brightline bundle, a user's first start (nothing kept yet; median of {first_runs})",
            first_ms,
            "ms",
        )
    )
    results.append(_row("bundle peak resident memory: bare PySide6 window bundle", bare_mb, "MB"))
    results.append(_row("bundle peak resident memory: Brightline bundle", app_mb, "MB"))
    results.append(
        _row(
            "bundle peak resident memory: Brightline bundle, a user's first start",
            statistics.median(samples["first_mb"]),
            "MB",
        )
    )
    results.append(
        _row(
            "bundle peak resident memory: Brightline / bare",
            app_mb / bare_mb,
            "×",
            RATIO_BUDGET,
            app_mb / bare_mb <= 1.5,
        )
    )
    disk = _disk(app)
    results.append(_row("bundle size on disk: Brightline (Linux onedir)", disk, "MB", "< 120 MB", disk < 120))
    archives = sorted(ROOT.glob("dist/brightline-*-linux-x86_64.tar.gz"), key=lambda p: p.stat().st_mtime)
    if archives:
        size = archives[-1].stat().st_size / MB
        results.append(_row(f"bundle archive: {archives[-1].name}", size, "MB", "< 50 MB", size < 50))
    else:
        results.append(_row("bundle archive (tar.gz)", "not measured: no dist/brightline-*-linux-x86_64.tar.gz"))
    results.append(_row("bundle size on disk: bare PySide6 window, bundled naively", _disk(bare), "MB"))


def main(argv: list[str]) -> int:
    results: list[dict[str, Any]] = []
    run(results, quick="--quick" in argv, rebuild="--rebuild" in argv)
    width = max(len(r["name"]) for r in results)
    print(f"{'what'.ljust(width)}  {'value':>9}  unit  budget        holds")
    for r in results:
        value = r["value"] if isinstance(r["value"], str) else f"{r['value']:9,.2f}"
        holds = "" if r["holds"] is None else ("yes" if r["holds"] else "NO")
        print(f"{r['name'].ljust(width)}  {value:>9}  {r['unit']:<4}  {r['budget']:<12}  {holds}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
