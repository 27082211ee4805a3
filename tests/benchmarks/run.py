#!/usr/bin/env python3
"""Brightline's performance benchmarks, measured against the budgets of DESIGN.md.

    python tests/benchmarks/run.py [--quick] [--json FILE] [--only startup,engine,reading,...]

Prints the machine, then a table (what, value, unit, budget, holds), then any notes (profiles
of missed budgets). With --json, also writes the rows as a list of
{name, value, unit, budget, holds}; see benchlib.py for what each key holds.

Exit status: 0 when every benchmark ran, even if a budget was missed (the table says so);
1 when a benchmark crashed (its row says "crashed: …"; the others still run).

Not part of the default pytest run: this is a script, and the bench_*.py modules hold no tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1] / "app"))  # the source folder, for `import brightline` without an install
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchlib import format_value, machine, normalise, row  # noqa: E402

Runner = Callable[[list[dict[str, Any]], bool, argparse.Namespace, list[str]], None]


def _startup(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_startup

    bench_startup.run(results, quick, notes)


def _engine(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_walk

    bench_walk.run_engine(results, quick)


def _window(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_walk

    bench_walk.run_window(results, quick, notes)


def _load(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_load

    bench_load.run(results, quick, notes, max_seconds=args.max_load_seconds)


def _search(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_search

    bench_search.run(results, quick)
    bench_search.run_window(results, quick, notes)


def _reading(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_reading

    bench_reading.run(results, quick, notes)


def _contact_log(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    if not (HERE / "bench_contact_log.py").is_file():
        results.append(row("contact log", "not measured: tests/benchmarks/bench_contact_log.py does not exist"))
        return
    module = importlib.import_module("bench_contact_log")
    if not callable(getattr(module, "run", None)):
        raise RuntimeError("bench_contact_log.py has no run(results, quick)")
    theirs: list[Any] = []
    try:
        module.run(theirs, quick)
    finally:
        results.extend(normalise(item) for item in theirs)


def _hostile(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_hostile

    bench_hostile.run(results, quick)


def _releases(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    import bench_releases

    bench_releases.run(results, quick)


def _bundle(results: list[dict[str, Any]], quick: bool, args: argparse.Namespace, notes: list[str]) -> None:
    """The PyInstaller bundle beside a bare bundled window (builds both first if dist/ lacks them)."""
    sys.path.insert(0, str(HERE.parents[1] / "installers"))
    module = importlib.import_module("bench_bundle")
    theirs: list[Any] = []
    try:
        module.run(theirs, quick)
    finally:
        results.extend(normalise(item) for item in theirs)


BENCHMARKS: dict[str, tuple[str, Runner]] = {
    "startup": ("cold start and memory", _startup),
    "engine": ("answer → next step, engine", _engine),
    "window": ("answer → next step painted, window", _window),
    "load": ("load + validate", _load),
    "search": ("search as you type", _search),
    "reading": ("reading the answer: time to act", _reading),
    "contact-log": ("contact log", _contact_log),
    "hostile": ("hostile packs: time and memory of list", _hostile),
    "releases": ("signed releases: publish, install, start with keys pinned", _releases),
    "bundle": ("installed bundle: cold start and memory", _bundle),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions and smaller sizes: the whole run in under a minute"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the rows to FILE as JSON")
    parser.add_argument(
        "--only", metavar="NAMES", default="", help=f"comma-separated subset of: {', '.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument(
        "--max-load-seconds",
        type=float,
        default=120.0,
        metavar="S",
        help="skip a generated library whose load is projected (from the smaller ones) to take "
        "longer than S seconds; 0 measures every size (default 120)",
    )
    args = parser.parse_args(argv)
    args.selected = [n.strip() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in args.selected if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    return args


def print_table(rows: list[dict[str, Any]]) -> None:
    """Numbers in aligned columns; a row without a number ("not measured: …", "crashed: …")
    prints its text in place of value, unit and budget."""
    headers = ("what", "value", "unit", "budget", "holds")
    cells = [
        (
            r["name"],
            format_value(r["value"]),
            r["unit"],
            r["budget"],
            "" if r["holds"] is None else ("✓" if r["holds"] else "✗"),
        )
        for r in rows
    ]
    numeric = [c for c, r in zip(cells, rows, strict=True) if not isinstance(r["value"], str)]
    widths = [max([len(h)] + [len(c[i]) for c in (cells if i == 0 else numeric)]) for i, h in enumerate(headers)]

    def line(values: tuple[str, ...], text: bool = False) -> str:
        if text:
            return f"{values[0].ljust(widths[0])}  {values[1]}  {values[4]}".rstrip()
        return "  ".join(v.rjust(widths[i]) if i == 1 else v.ljust(widths[i]) for i, v in enumerate(values)).rstrip()

    print(line(headers))
    print(line(tuple("-" * w for w in widths)))
    for c, r in zip(cells, rows, strict=True):
        print(line(c, text=isinstance(r["value"], str)))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"Brightline benchmarks{' (quick)' if args.quick else ''}: {', '.join(args.selected)}")
    print(f"Machine: {machine()}")
    print(flush=True)
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    crashed = False
    for name in args.selected:
        title, runner = BENCHMARKS[name]
        started = time.perf_counter()
        print(f"… {title}", file=sys.stderr, flush=True)
        try:
            runner(rows, args.quick, args, notes)
        except Exception as exc:
            crashed = True
            rows.append(row(f"{title}", f"crashed: {exc.__class__.__name__}: {exc}"[:300], holds=False))
            notes.append(f"{title} crashed:\n{traceback.format_exc()}")
        print(f"  {title}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print_table(rows)
    missed = [r["name"] for r in rows if r["holds"] is False]
    print()
    print(
        f"{len(missed)} of {sum(r['holds'] is not None for r in rows)} budgeted figures missed their budget."
        if missed
        else "Every budgeted figure holds."
    )
    if notes:
        print()
        print("\n".join(notes))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
