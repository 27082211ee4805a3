"""Cold start to an interactive window, and peak resident memory, beside a bare PySide6 window.

Each run is a fresh process with QT_QPA_PLATFORM=offscreen; the two are interleaved (bare, app,
app, bare, …) so that a machine that gets busier or quieter affects both alike. A run is timed
from just before the process is spawned until it has exited: both quit by themselves as soon as
their window is shown and painted (hello_bare.py does it; Brightline does it when
BRIGHTLINE_QUIT_WHEN_READY=1). Peak resident memory is the child's ru_maxrss from os.wait4.

Brightline runs as `python -m brightline --data-dir FOLDER`, the program prepared as installing it
prepares it (`python -m brightline prepare`, run first: the start index of the shipped packs beside them),
in two ways: a new user's first start, with fresh temp data, cache and config folders every run
(`--data-dir`, BRIGHTLINE_CACHE_DIR, BRIGHTLINE_CONFIG_DIR), and a returning user's start, with one
set of them kept across runs (the discarded warm-up run fills its caches and settings). For
context, without a budget: the first start after a pack update, when nothing is kept anywhere (a
copy of the packs without the start index, and fresh folders), which reads and validates every
pack before its first paint. XDG_CONFIG_HOME / XDG_CACHE_HOME point into the benchmark's temp
folder too, so it never touches a developer's own settings.

When a budget is missed (and not --quick), one start of each kind runs under cProfile and the
notes break it down along the start-up order; memory is broken down step by step too.

Wall time on a shared machine swings with whatever else runs (the bare window alone has taken
125 to 207 ms in runs of this benchmark on the same machine). For a figure that does not, and
without --quick, the same starts are also counted in instructions under valgrind's callgrind,
when valgrind is installed: the same count for the same code and files, however busy the
machine. Those rows are context; the budget is on time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import HERE, REPO, median, not_measured, row

TIMEOUT = 60.0
BUDGET = "<= 1.5x bare"


class StartFailed(RuntimeError):
    pass


def _spawn(cmd: list[str], env: dict[str, str], timeout: float = TIMEOUT) -> tuple[float, float]:
    """Run `cmd` to its end; (seconds from spawn to exit, peak resident memory in MB), through the
    launcher that keeps the benchmark's own size out of the child's peak (installers/timed_run.py)."""
    if str(REPO / "installers") not in sys.path:
        sys.path.append(str(REPO / "installers"))  # installers/ runs without the tests, not the other way round
    from timed_run import RunFailed, timed_run

    try:
        return timed_run(cmd, env, REPO, timeout)
    except RunFailed as exc:
        raise StartFailed(str(exc)) from exc


def app_ready() -> str:
    """'' when the app can be started window-first, else why not."""
    if not (REPO / "app" / "brightline" / "ui" / "app.py").is_file():
        return "app/brightline/ui/app.py does not exist yet"
    return ""


KINDS = {
    "bare": "bare PySide6 window",
    "first": "Brightline, first start (fresh data folder)",
    "update": "Brightline, first start after a pack update (nothing kept anywhere)",
    "again": "Brightline, returning user (data folder kept)",
    "built": "Brightline, returning user, until every page is built",
    "bare-qt": "bare PySide6 window that uses the Qt namespace",
}
# Context, no budget: the window is interactive at its first paint ("again"); the pages it shows
# later and the contact log's mark are built just after it, between events (brightline.ui.main_window).
CONTEXT_KINDS = ("built", "bare-qt", "update")


def run(results: list[dict[str, Any]], quick: bool, notes: list[str] | None = None) -> None:
    runs = 3 if quick else 11
    why_not = app_ready()
    kinds = ["bare"] if why_not else list(KINDS)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    peaks: dict[str, list[float]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="brightline-bench-start-") as tmp:
        env = dict(os.environ)
        # PYTHONDONTWRITEBYTECODE would make every run compile the app's modules again, a cost no
        # installed copy pays (pip and PyInstaller install bytecode): the warm-up run writes it.
        for key in ("BRIGHTLINE_PACKS", "BRIGHTLINE_PACKS_ROOT", "BRIGHTLINE_DATA_DIR", "PYTHONDONTWRITEBYTECODE"):
            env.pop(key, None)
        env.update(
            {
                "QT_QPA_PLATFORM": "offscreen",
                "BRIGHTLINE_QUIT_WHEN_READY": "1",
                # The bundle benchmark's name for the same contract (installers/bare/bare_window.py).
                "BRIGHTLINE_EXIT_AFTER_SHOW": "1",
                "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
                "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
            }
        )
        counter = iter(range(10_000))
        updated = Path(tmp) / "updated-packs"
        if not why_not:
            prepared = subprocess.run(
                [sys.executable, "-m", "brightline", "prepare"],
                env=env,
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
            if prepared.returncode != 0:
                raise StartFailed(f"python -m brightline prepare failed: {prepared.stderr.strip()[-500:]}")
            shutil.copytree(REPO / "decision_trees", updated, ignore=shutil.ignore_patterns(".start-index"))

        def start(kind: str) -> tuple[list[str], dict[str, str]]:
            """The command and environment of one start of `kind`: a returning user's folders are
            kept across runs, a new user's are new every run."""
            if kind in ("bare", "bare-qt"):
                return [
                    sys.executable,
                    str(HERE / "hello_bare.py"),
                    *(["--qt-namespace"] if kind == "bare-qt" else []),
                ], env
            user = Path(tmp) / ("user-kept" if kind in ("again", "built") else f"user-{next(counter)}")
            kind_env = dict(env, BRIGHTLINE_CACHE_DIR=str(user / "cache"), BRIGHTLINE_CONFIG_DIR=str(user / "config"))
            if kind == "built":
                kind_env["BRIGHTLINE_QUIT_WHEN_READY"] = "built"
            if kind == "update":
                kind_env["BRIGHTLINE_PACKS_ROOT"] = str(updated)
            return [sys.executable, "-m", "brightline", "--data-dir", str(user / "data")], kind_env

        # Warm-up (discarded): the disk cache and .pyc files; for "again", the kept data folder.
        for kind in kinds:
            _spawn(*start(kind))
        for index in range(runs):
            shift = index % len(kinds)  # rotate the order: no kind always runs first
            for kind in kinds[shift:] + kinds[:shift]:
                seconds, rss = _spawn(*start(kind))
                times[kind].append(seconds * 1000)
                peaks[kind].append(rss)

        bare_ms, bare_rss = median(times["bare"]), median(peaks["bare"])
        results.append(row(f"cold start: {KINDS['bare']} (median of {runs})", bare_ms, "ms"))
        if why_not:
            results.append(not_measured("cold start: Brightline / bare", why_not, BUDGET))
        worst = 0.0
        for kind in kinds[1:]:
            ms = median(times[kind])
            results.append(row(f"cold start: {KINDS[kind]} (median of {runs})", ms, "ms"))
            if kind in CONTEXT_KINDS:
                results.append(row(f"cold start: {KINDS[kind]} / bare", ms / bare_ms, "×"))
                continue
            results.append(
                row(f"cold start: {KINDS[kind].split(' (')[0]} / bare", ms / bare_ms, "×", BUDGET, ms / bare_ms <= 1.5)
            )
            worst = max(worst, ms)
        if "again" in times and "bare-qt" in times:
            results.append(
                row(
                    "cold start: Brightline, returning user / bare window using the Qt namespace",
                    median(times["again"]) / median(times["bare-qt"]),
                    "×",
                )
            )
        results.append(row(f"peak resident memory: {KINDS['bare']}", bare_rss, "MB"))
        if why_not:
            results.append(not_measured("peak resident memory: Brightline / bare", why_not, BUDGET))
        worst_rss = 0.0
        for kind in kinds[1:]:
            if kind in CONTEXT_KINDS:
                continue
            rss = median(peaks[kind])
            results.append(row(f"peak resident memory: {KINDS[kind]}", rss, "MB"))
            results.append(
                row(
                    f"peak resident memory: {KINDS[kind].split(' (')[0]} / bare",
                    rss / bare_rss,
                    "×",
                    BUDGET,
                    rss / bare_rss <= 1.5,
                )
            )
            worst_rss = max(worst_rss, rss)
        if not quick and not why_not:
            instruction_rows(results, start)
        if not quick and notes is not None:
            if worst / bare_ms > 1.5:
                notes.extend(profile_notes(start, times))
            if worst_rss / bare_rss > 1.5:
                notes.extend(memory_notes(env))


def instruction_rows(results: list[dict[str, Any]], start: Any) -> None:
    """The bare window, a first start and a returning start, counted in instructions (callgrind);
    context rows. After the timed runs, so the kept data folder and the .pyc files are warm."""
    valgrind = shutil.which("valgrind")
    name = "cold start in instructions (valgrind): Brightline / bare"
    if valgrind is None:
        results.append(not_measured(name, "valgrind is not installed"))
        return
    counts: dict[str, float] = {}
    for kind in ("bare", "first", "again"):
        command, kind_env = start(kind)
        done = subprocess.run(
            [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
            env=dict(kind_env, PYTHONHASHSEED="0"),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=TIMEOUT * 10,
        )
        found = [line for line in done.stderr.splitlines() if "Collected :" in line]
        if done.returncode != 0 or not found:
            results.append(not_measured(name, f"valgrind failed on {kind}: {done.stderr.strip()[-200:]}"))
            return
        counts[kind] = int(found[-1].split(":")[-1].strip()) / 1e6
    results.append(row(f"cold start in instructions: {KINDS['bare']}", counts["bare"], "M"))
    for kind in ("first", "again"):
        label = KINDS[kind].split(" (")[0]
        results.append(row(f"cold start in instructions: {label}", counts[kind], "M"))
        results.append(row(f"cold start in instructions: {label} / bare", counts[kind] / counts["bare"], "×"))


# Where the app's start goes, from one run under cProfile: (label, file part, function name part).
MILESTONES = (
    ("imports (outermost import of each module)", "importlib._bootstrap", "_find_and_load"),
    ("the SHA-256 of the pack bytes (pack_digest)", "app/brightline/core/startcache/digest.py", "pack_digest"),
    (
        "the start index, checked and read (StartCache.start_index)",
        "app/brightline/core/startcache/__init__.py",
        "start_index",
    ),
    (
        "the library from the library cache (StartCache.cached_library)",
        "app/brightline/core/startcache/__init__.py",
        "cached_library",
    ),
    ("load + validate packs (load_library)", "app/brightline/core/library.py", "load_library"),
    ("  of which reading YAML (read_yaml)", "app/brightline/core/yamlio.py", "read_yaml"),
    ("  of which validating (validate_library)", "app/brightline/core/validate.py", "validate_library"),
    ("QApplication, style sheet, icon (make_application)", "app/brightline/ui/app.py", "make_application"),
    ("building the main window (MainWindow.__init__)", "app/brightline/ui/main_window.py", "__init__"),
    ("the event loop until the first paint (QApplication.exec)", "~", "<built-in method exec>"),
)


def profile_notes(start: Any, times: dict[str, list[float]]) -> list[str]:
    """A first start and a returning start of the app under cProfile, broken down into the steps
    of the start-up order."""
    import pstats

    lines = []
    for kind in ("first", "again"):
        if kind not in times:
            continue
        with tempfile.TemporaryDirectory(prefix="brightline-bench-prof-") as tmp:
            out = Path(tmp) / "start.prof"
            command, kind_env = start(kind)
            cmd = [sys.executable, "-m", "cProfile", "-o", str(out), *command[1:]]
            total, _rss = _spawn(cmd, kind_env, timeout=TIMEOUT * 3)
            raw = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
        lines.append(
            f"Profile of one start, {KINDS[kind]} (median {median(times[kind]):,.0f} ms; {total * 1000:,.0f} ms "
            "under cProfile, which inflates code made of many small Python calls, like the YAML parser, "
            "several times over: read the shares):"
        )
        for label, file_part, func_part in MILESTONES:
            # cumtime of a recursive function (nested imports) counts the outermost call only.
            cum = [v[3] for (file, _line, name), v in raw.items() if file_part in file and func_part in name]
            if cum:
                lines.append(f"  {max(cum) / total:6.1%}  {max(cum) * 1000:8,.0f} ms  {label}")
    return lines


MEMORY_STAGES = """
import resource, sys, tempfile
def peak():
    # VmHWM belongs to this process's own memory map; ru_maxrss would start from the parent's.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
stages = [("Python itself", peak())]
def stage(label):
    stages.append((label, peak()))
import PySide6.QtWidgets
stage("import PySide6.QtWidgets")
import networkx
stage("import networkx")
import ruamel.yaml
stage("import ruamel.yaml")
import brightline.ui.app
stage("import the rest of the app (brightline.ui.app and what it imports)")
from brightline.core.library import load_library
from brightline.core.paths import resolve_paths
paths = resolve_paths(tempfile.mkdtemp())
library = load_library(paths.packs, list(paths.extra_packs))
stage("load_library (shipped packs, no cache: a first start)")
try:
    started = brightline.ui.app.build(paths, [sys.argv[0]], library)
    started.app.processEvents()
    stage("QApplication and the main window, shown and painted")
except Exception as exc:
    stage(f"(window not built: {exc.__class__.__name__})")
for (label, value), (_, before) in zip(stages[1:], stages):
    print(f"{value - before:8.1f} MB  {label}")
print(f"{stages[-1][1]:8.1f} MB  peak in all (Python itself: {stages[0][1]:.1f} MB)")
"""


def memory_notes(env: dict[str, str]) -> list[str]:
    """Where the app's peak resident memory comes from, step by step along the start-up order."""
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_STAGES], env=env, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT
    )
    if out.returncode != 0:
        return [f"Memory by start-up step: could not be measured ({out.stderr.strip().splitlines()[-1:]})"]
    return ["Memory by start-up step (growth of peak RSS; memory missed its budget):"] + [
        "  " + line for line in out.stdout.rstrip().splitlines()
    ]
