"""A writer killed with SIGKILL at random moments never loses a record it said was committed,
and never leaves the remembered head half-written."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brightline.core.contact_log import ContactLog
from brightline.core.contact_log.heads import SEEN_FILE_NAME, check_seen

CHILD = Path(__file__).with_name("log_writer_child.py")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 20


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_the_writer_at_random_never_loses_a_committed_record(tmp_path: Path, key_dir: Path) -> None:
    path = tmp_path / "contact-log.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(3_2024)  # fixed, so a failure can be replayed
    printed: set[int] = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        ready = child.stdout.readline()
        if ready.strip() != "ready":
            child.kill()
            pytest.fail(f"the writer did not start: {child.communicate()[1]}")
        time.sleep(rng.uniform(0.005, 0.25))  # somewhere in the middle of some write
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        # Only whole lines count: the last one may have been cut off by the kill.
        complete = out.split("\n")[:-1]
        printed.update(int(line) for line in complete if line)
        # The head it remembers is whole (it parses) and one the log extends, after every kill.
        text = (key_dir / SEEN_FILE_NAME).read_text(encoding="utf-8") if (key_dir / SEEN_FILE_NAME).exists() else "{}"
        json.loads(text)
        with ContactLog.open(path) as log:
            assert check_seen(log, key_dir) is None
        # (A kill mid-write can leave the temporary file it was writing beside it; never a half head.)
    assert printed, "the writer never committed a record; the test proved nothing"
    with ContactLog.open(path) as log:
        result = log.verify()
        assert result.ok, result
        present = {record.id for record in log.iter_records()}
    assert printed <= present
    assert result.count == len(present) >= max(printed)
