"""The whole app run opens no network socket: not from Python, and (where strace exists) not from Qt."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs the real self-test (window offscreen, every tree walked) with an audit hook that records any
# socket Python creates or connects, and fails if Qt's network module was ever loaded.
PROBE = r"""
import sys
events = []
def hook(event, args):
    if event in ("socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "urllib.Request"):
        events.append((event, repr(args)[:200]))
sys.addaudithook(hook)
from brightline.cli import main
code = main(["--data-dir", sys.argv[1], "self-test"])
qt_network = sorted(m for m in sys.modules if m.startswith("PySide6.QtNetwork"))
print("EVENTS", events)
print("QTNETWORK", qt_network)
sys.exit(code)
"""


def test_self_test_opens_no_socket_from_python(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "EVENTS []" in out.stdout
    assert "QTNETWORK []" in out.stdout


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_self_test_makes_no_network_system_call(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    trace = tmp_path / "trace.txt"
    out = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=socket,connect",
            "-o",
            str(trace),
            sys.executable,
            "-m",
            "brightline",
            "--data-dir",
            str(tmp_path / "data"),
            "self-test",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    if out.returncode != 0 and "PTRACE" in out.stderr.upper():
        pytest.skip("ptrace is not permitted here")
    assert out.returncode == 0, out.stderr[-2000:]
    lines = trace.read_text().splitlines()
    network = [line for line in lines if re.search(r"AF_INET6?\b|sin6?_port", line)]
    assert network == []
