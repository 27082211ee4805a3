"""Helpers shared by the benchmarks: result rows, statistics, repository paths.

A result row is a plain dict with exactly these keys (this is also the `--json` format):

    name    what was measured, e.g. "answer → next step, engine, shipped trees: p99"
    value   a number, or a string saying why there is no number ("not measured: …", "crashed: …")
    unit    "ms", "MB", "×", "ms/1,000 nodes", … ("" for a string value)
    budget  the budget as text ("< 16 ms", "<= 1.5x bare"), "" for a figure shown for context
    holds   true / false against the budget; null when there is no budget or no number
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHIPPED_PACKS = REPO / "decision_trees"
KEYS = ("name", "value", "unit", "budget", "holds")


def row(name: str, value: Any, unit: str = "", budget: str = "", holds: bool | None = None) -> dict[str, Any]:
    if isinstance(value, float):
        value = round(value, 3)
    return {
        "name": name,
        "value": value,
        "unit": unit if not isinstance(value, str) else "",
        "budget": budget,
        "holds": holds if not isinstance(value, str) or holds is False else None,
    }


def not_measured(name: str, why: str, budget: str = "") -> dict[str, Any]:
    return row(name, f"not measured: {why}", budget=budget)


def normalise(item: Any) -> dict[str, Any]:
    """A row from another engineer's benchmark, as a dict with exactly KEYS.

    Accepts a dict, an object with those attributes, or a (name, value, unit, budget, holds) tuple.
    """
    if isinstance(item, dict):
        data = dict(item)
    elif isinstance(item, (tuple, list)):
        data = dict(zip(KEYS, item, strict=False))
    else:
        data = {key: getattr(item, key, None) for key in KEYS}
    holds = data.get("holds")
    return {
        "name": str(data.get("name") or "?"),
        "value": data.get("value"),
        "unit": str(data.get("unit") or ""),
        "budget": str(data.get("budget") or ""),
        "holds": None if holds is None else bool(holds),
    }


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): the value at or below which q% of values fall."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def qt_version() -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        return f"Qt {qVersion()}, PySide6 {PySide6.__version__}"
    except Exception as exc:  # the table still prints without Qt
        return f"Qt unavailable ({exc.__class__.__name__})"


def machine() -> str:
    cores = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cores
    load = ""
    try:
        load = ", load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {usable} of {cores} cores usable{load}; "
        f"Python {platform.python_version()} ({sys.executable}); {qt_version()}"
    )


def format_value(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 0.1:
            return f"{value:.2f}"
        return f"{value:.3f}"
    return str(value)


def hot_spots(profile: Any, title: str, top: int = 10) -> list[str]:
    """The functions with the most own time in a cProfile.Profile, and the project's own
    functions with the most cumulative time, as lines for the notes after the table.

    Time spent inside Qt (C++) shows against the Qt method Python called, e.g. processEvents.
    """
    import pstats

    raw: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1e-9

    def short(file: str, line: int, func: str) -> str:
        if file == "~":
            return func
        file = file.replace(str(REPO) + "/", "")
        if "site-packages/" in file:
            file = file.split("site-packages/", 1)[1]
        return f"{file}:{line} {func}"

    lines = [f"{title} ({total:.2f} s profiled):", "  most own time:"]
    for (file, line, func), v in sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]:
        lines.append(f"    {v[2] / total:6.1%}  {v[2]:6.2f} s  {v[1]:>9,} calls  {short(file, line, func)}")
    ours = [(k, v) for k, v in raw.items() if k[0].startswith(str(REPO / "app"))]
    if ours:
        lines.append("  the app's functions, most cumulative time:")
        for (file, line, func), v in sorted(ours, key=lambda kv: -kv[1][3])[:top]:
            lines.append(f"    {v[3] / total:6.1%}  {v[3]:6.2f} s  {v[1]:>9,} calls  {short(file, line, func)}")
    return lines
