"""Hostile packs: the time and peak memory of `brightline --packs DIR list` for each kind of hostile
pack of `tests/e2e/hostile_cases.py`, one process at a time (the test suite runs them two at a
time and only checks the caps). Budget (issue 12): each under 5 s and 300 MB, with the shipped packs
loading in the same run; the unspoiled pack is the baseline.

With --quick, only the kinds that cost the most (the ones that read up to a limit).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import REPO, row

sys.path.insert(0, str(REPO / "tests" / "e2e"))

from capped import MEMORY_CAP, TIME_CAP, run_case  # noqa: E402
from hostile_cases import CASES, missing_need  # noqa: E402

QUICK = (
    "control: the unspoiled pack loads",
    "an alias bomb, 9 levels",
    "a 1 MB single line",
    "10,000 nodes in one pack, each broken",
    "95,000 keys in the manifest",
    "300 KB that only the slow reader reads",
    "5 files of 900 KB",
)


def run(results: list[dict[str, Any]], quick: bool) -> None:
    worst_time = (0.0, "")
    worst_memory = (0, "")
    root = Path(tempfile.mkdtemp(prefix="brightline-bench-hostile-"))
    try:
        for index, case in enumerate(CASES):
            if (quick and case.name not in QUICK) or missing_need(case.needs):
                continue
            case = type(case)(**{**case.__dict__, "commands": ("list",)})  # the same command for all
            _, [listed] = run_case(case, root / f"case-{index}")
            name = f"hostile pack: {case.name}: list"
            if listed.killed:
                results.append(row(name, "killed at a cap", budget=f"< {TIME_CAP:g} s", holds=False))
                continue
            budget_holds = listed.seconds < TIME_CAP and listed.peak_bytes < MEMORY_CAP
            results.append(row(name, listed.seconds, "s", f"< {TIME_CAP:g} s, 300 MB", budget_holds))
            worst_time = max(worst_time, (listed.seconds, case.name))
            worst_memory = max(worst_memory, (listed.peak_bytes, case.name))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if worst_time[1]:
        results.append(
            row(
                f"hostile packs: slowest ({worst_time[1]})",
                worst_time[0],
                "s",
                f"< {TIME_CAP:g} s",
                worst_time[0] < TIME_CAP,
            )
        )
        results.append(
            row(
                f"hostile packs: most memory ({worst_memory[1]})",
                worst_memory[0] / 2**20,
                "MB",
                "< 300 MB",
                worst_memory[0] < MEMORY_CAP,
            )
        )
