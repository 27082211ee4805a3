"""The benchmark runner works: `tests/benchmarks/run.py --quick --only load,engine --json FILE`.

Only the pieces that are fast and need no display run here (load + validate of the shipped packs
and of small generated libraries, which also proves the generator writes packs that validate
cleanly; the walk engine on the shipped trees and a generated 10,000-node tree). The test checks
the exit status and the shape of the JSON — never a timing: speed is measured by the benchmark,
not by timed tests.
"""

from __future__ import annotations

import json
import numbers
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUN = REPO / "tests" / "benchmarks" / "run.py"

EXPECTED = (
    "load+validate shipped packs, no cache: first call in a fresh process",
    "load+validate shipped packs, no cache: repeated in one process",
    "shipped content:",
    "load+validate generated 500 nodes, small trees",
    "load+validate generated 1,000 nodes, small trees",
    "  … per 1,000 nodes (1,000 nodes, small trees)",
    "growth: per-node cost",
    "validate only (check_tree, no YAML), one 3,000-node tree",
    "growth: check_tree per-node cost",
    "answer → next step, engine, shipped trees",
    "answer → next step, engine, 10,000-node tree: p50",
    "answer → next step, engine, 10,000-node tree: p99",
)


@pytest.mark.slow
def test_quick_run_writes_every_row_with_its_fields(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIGHTLINE_")}
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--only", "load,engine", "--json", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "what" in done.stdout and "budget" in done.stdout and "Machine:" in done.stdout

    rows = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and rows
    for row in rows:
        assert set(row) == {"name", "value", "unit", "budget", "holds"}, row
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["unit"], str) and isinstance(row["budget"], str)
        assert row["holds"] in (True, False, None)
        assert not str(row["value"]).startswith("crashed"), row
        if isinstance(row["value"], str):  # "not measured: why"
            assert row["value"].startswith("not measured: "), row
            assert row["holds"] is None
        else:
            assert isinstance(row["value"], numbers.Real) and not isinstance(row["value"], bool), row
            assert row["value"] >= 0
            # A figure with a budget says whether it holds; one without says nothing.
            assert (row["holds"] is None) == (row["budget"] == ""), row

    names = [row["name"] for row in rows]
    for expected in EXPECTED:
        assert any(name.startswith(expected) for name in names), (expected, names)
    budgets = {row["name"].split(":")[0]: row["budget"] for row in rows if row["budget"]}
    assert budgets["load+validate shipped packs, no cache"] == "< 100 ms"
    assert budgets["answer → next step, engine, 10,000-node tree"] == "< 16 ms"
