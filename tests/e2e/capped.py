"""Running the command line under caps, with the time and the peak resident memory of exactly
that process read back (wait4). Used by `test_hostile_packs.py` and by the hostile-pack benchmark
(`tests/benchmarks/bench_hostile.py`).

- Memory: the address space is capped (RLIMIT_AS), so resident memory can only be less.
- Time: the process may use TIME_CAP seconds of processor time (RLIMIT_CPU kills it then), which
  the work a pack causes decides, however busy the machine is; a process that waits instead (on a
  named pipe, say) uses none, so it is also killed after HANG_CAP seconds on the clock. The clock
  time is kept too: the benchmark, run one process at a time, reports it.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from hostile_cases import Case

TIME_CAP = 5.0  # seconds of processor time (user and system)
HANG_CAP = 30.0  # seconds on the clock: a process still running then is hung, and killed
MEMORY_CAP = 300 * 2**20  # bytes of address space (RLIMIT_AS): resident memory can only be less
APP = Path(__file__).resolve().parents[2] / "app"


@dataclass
class Run:
    """One command of a case as it ran: what it printed, its exit code, time and peak memory."""

    command: str  # list, validate or walk
    code: int
    stdout: str
    stderr: str
    seconds: float  # on the clock
    cpu_seconds: float  # of processor time, user and system
    peak_bytes: int
    killed: bool  # by either cap

    def describe(self) -> str:
        return (
            f"brightline {self.command}: exit {self.code}, {self.seconds:.2f} s ({self.cpu_seconds:.2f} s of "
            f"processor time), {self.peak_bytes / 2**20:.0f} MB{', KILLED at a cap' if self.killed else ''}\n--- stdout\n{self.stdout[-2000:]}"
            f"\n--- stderr\n{self.stderr[-3000:]}"
        )


def run_capped(
    command: str,
    args: list[str],
    cwd: Path,
    memory_cap: int | None = MEMORY_CAP,
    time_cap: float = TIME_CAP,
    hang_cap: float = HANG_CAP,
) -> Run:
    """Run `args` with the caps (see the module notes); its own resource use, through wait4."""
    import resource

    def limit() -> None:  # in the child, before it runs Python
        if memory_cap:
            resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))
        cpu = math.ceil(time_cap)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    env = {key: value for key, value in os.environ.items() if not key.startswith("BRIGHTLINE_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The checkout's own source folder first, so that an uninstalled checkout runs too.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(APP), env.get("PYTHONPATH", "")]))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, preexec_fn=limit
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > hang_cap:
                process.kill()
                killed = True
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        killed = killed or process.returncode == -signal.SIGXCPU or process.returncode == -signal.SIGKILL
        out.seek(0)
        err.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
        return Run(
            command,
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss * scale,
            killed,
        )


def run_case(case: Case, folder: Path) -> tuple[Path, list[Run]]:
    """Build the case in `folder` and run each of its commands there (the working folder, so that
    messages name files relative to it); the folder and the runs."""
    packs = folder / "packs"
    packs.mkdir(parents=True)
    case.build(packs)
    brightline = [sys.executable, "-m", "brightline", "--data-dir", str(folder / "data")]
    runs = []
    for command in case.commands:
        if command == "list":
            runs.append(run_capped(command, [*brightline, "--packs", case.packs_dir, "list"], folder))
        elif command == "validate":
            runs.append(run_capped(command, [*brightline, "validate", case.packs_dir], folder))
        elif command == "walk":
            walk = ["walk", "--pack", "evil", "--tree", "evil-tree", "--answers", "1"]
            runs.append(run_capped(command, [*brightline, "--packs", case.packs_dir, *walk], folder))
    return folder, runs
