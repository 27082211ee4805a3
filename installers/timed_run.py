"""Run a command to its end and report its wall time and peak resident memory, for the start-up
benchmarks (installers/bench_bundle.py, tests/benchmarks/bench_startup.py).

The command is started by a small launcher, not by the benchmark process: on Linux a child's
ru_maxrss starts from the resident size of the process that forked it (it survives exec), so a
benchmark process grown to hundreds of MB (after the load benchmarks, say) would be reported as
every child's peak. The launcher is a bare Python (about 10 MB), below any Qt window's peak.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LAUNCHER = """
import json, os, subprocess, sys, tempfile, threading, time
timeout, cmd = float(sys.argv[1]), sys.argv[2:]
with tempfile.TemporaryFile() as errors:
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
    killed = threading.Event()
    def kill():
        killed.set()
        process.kill()
    watchdog = threading.Timer(timeout, kill)
    watchdog.start()
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    errors.seek(0)
    tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-5:]
print(json.dumps({"seconds": elapsed, "maxrss": usage.ru_maxrss, "code": process.returncode,
                  "killed": killed.is_set(), "stderr": tail}))
"""


class RunFailed(RuntimeError):
    pass


def timed_run(command: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[float, float]:
    """(seconds from spawn to exit, peak resident memory in MB) of `command`, which must exit by
    itself with status 0 within `timeout` seconds."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, str(timeout), *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout + 30,
    )
    if done.returncode != 0:
        raise RunFailed(f"the launcher failed: {done.stderr.strip()[-500:]}")
    result = json.loads(done.stdout)
    if result["killed"] or result["code"] != 0:
        what = f"did not quit by itself within {timeout:.0f} s" if result["killed"] else f"exited with {result['code']}"
        raise RunFailed(f"{' '.join(command)} {what}: {' | '.join(result['stderr']) or 'no output'}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    return result["seconds"], result["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
