"""Search as you type: budget under 20 ms a keystroke.

Core: `brightline.core.search.SituationIndex` over one pack's trees (what the picker searches), queried
with each prefix of a few queries, keystroke by keystroke — on the shipped pack with the most
trees and on a generated large library (many trees of 50–200 nodes plus one 10,000-node tree,
built in memory). The index is built once per pack; its build time is shown for context.

Window: the same keystrokes typed into the real picker's search field (QTest.keyClick), each
followed by QApplication.processEvents() so the filtered, re-sorted list is painted.
"""

from __future__ import annotations

import cProfile
import importlib.util
import random
import time
from typing import Any

from benchlib import REPO, SHIPPED_PACKS, hot_spots, not_measured, percentile, row

BUDGET = "< 20 ms"
SHIPPED_QUERIES = (
    "detainer",
    "ICE agent at a school",
    "I-247A",
    "warrant signed by a judge",
    "release date",
    "shcool interveiw",  # typing mistakes: the words near them are looked for
    "la migra",  # other words for the same thing
    "zzqx no match",
)
GENERATED_QUERIES = (
    "judge warrant",
    "supervisor transfer hearing",
    "signed written notice",
    "jugde warrent",
    "zzqx no match",
)


def search_module_missing() -> str:
    if importlib.util.find_spec("brightline.core.search") is None:
        return "no search module"
    from brightline.core import search

    if not hasattr(search, "SituationIndex"):
        return "brightline.core.search has no SituationIndex"
    return ""


_generated: dict[int, list[Any]] = {}


def generated_trees(count: int) -> list[Any]:
    """`count` generated trees of 50–200 nodes and one of 10,000, with distinct ids and titles."""
    import gen_packs

    if count in _generated:
        return _generated[count]

    rng = random.Random(3)
    trees = []
    for number in range(count):
        tree = gen_packs.model_tree(rng.randint(50, 200), seed=100 + number)
        tree.id = f"generated-{number:04d}"
        tree.title = f"{gen_packs._sentence(rng, 4, 9, '')}"
        tree.group = f"Group {number % 7 + 1}"
        trees.append(tree)
    trees.append(gen_packs.model_tree(10_000, seed=7))
    _generated[count] = trees
    return trees


def _keystrokes(index: Any, queries: tuple[str, ...], repeat: int) -> list[int]:
    times = []
    for _ in range(repeat):
        for query in queries:
            for end in range(1, len(query) + 1):
                start = time.perf_counter_ns()
                index.search(query[:end])
                times.append(time.perf_counter_ns() - start)
    return times


def _rows(results: list[dict[str, Any]], label: str, times: list[int]) -> bool:
    """p50 and p99 rows; True when p99 missed the budget."""
    ms = [t / 1e6 for t in times]
    p99 = percentile(ms, 99)
    results.append(row(f"{label}: p50 ({len(ms):,} keystrokes)", percentile(ms, 50), "ms"))
    results.append(row(f"{label}: p99", p99, "ms", BUDGET, p99 < 20))
    return p99 >= 20


def _shipped_pack() -> Any:
    from brightline.core.library import load_library

    library = load_library(SHIPPED_PACKS)
    packs = sorted(library.packs.values(), key=lambda p: -len(p.trees))
    return packs[0] if packs else None


def run(results: list[dict[str, Any]], quick: bool) -> None:
    why_not = search_module_missing()
    if why_not:
        results.append(not_measured("search as you type", why_not, BUDGET))
        return
    from brightline.core.search import SituationIndex

    repeat = 3 if quick else 20
    pack = _shipped_pack()
    if pack is None:
        results.append(not_measured("search as you type, shipped pack", "no shipped pack loads", BUDGET))
    else:
        trees = list(pack.trees.values())
        start = time.perf_counter()
        index = SituationIndex(trees)
        index.prepare()  # the word index, which the window makes in idle time after its first paint
        build = (time.perf_counter() - start) * 1000
        results.append(row(f"search index build, shipped pack '{pack.id}' ({len(trees)} trees)", build, "ms"))
        _rows(results, f"search as you type, core, pack '{pack.id}'", _keystrokes(index, SHIPPED_QUERIES, repeat))
    trees = generated_trees(50 if quick else 500)
    nodes = sum(len(t.nodes) for t in trees)
    start = time.perf_counter()
    index = SituationIndex(trees)
    index.prepare()
    build = (time.perf_counter() - start) * 1000
    label = f"{len(trees)} generated trees, {nodes:,} nodes"
    results.append(row(f"search index build, {label}", build, "ms"))
    _rows(results, f"search as you type, core, {label}", _keystrokes(index, GENERATED_QUERIES, max(1, repeat // 4)))


# -- window -------------------------------------------------------------------------------------


def _typed(window: Any, queries: tuple[str, ...], repeat: int, profile: Any = None) -> list[int]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    field = window.picker.search
    times = []
    for _ in range(repeat):
        for query in queries:
            field.clear()
            QApplication.processEvents()
            for char in query:
                if profile is not None:
                    profile.enable()
                start = time.perf_counter_ns()
                QTest.keyClick(field, char, Qt.KeyboardModifier.NoModifier)
                QApplication.processEvents()
                times.append(time.perf_counter_ns() - start)
                if profile is not None:
                    profile.disable()
    field.clear()
    QApplication.processEvents()
    return times


def run_window(results: list[dict[str, Any]], quick: bool, notes: list[str] | None = None) -> None:
    why_not = search_module_missing()
    if not why_not and not (REPO / "app" / "brightline" / "ui" / "picker_page.py").is_file():
        why_not = "app/brightline/ui/picker_page.py does not exist yet"
    if why_not:
        results.append(not_measured("search as you type, window", why_not, BUDGET))
        return
    import bench_walk

    app = bench_walk._application()
    repeat = 1 if quick else 5
    pack = _shipped_pack()
    if pack is not None:
        _trees, library = bench_walk.shipped_trees()
        window = bench_walk._window(library)
        window.controller.select_pack(pack.id)
        app.processEvents()
        try:
            label = f"pack '{pack.id}'"
            missed = _rows(results, f"search as you type, window, {label}", _typed(window, SHIPPED_QUERIES, repeat))
            if missed and not quick and notes is not None:
                profile = cProfile.Profile()
                _typed(window, SHIPPED_QUERIES[:3], 1, profile)
                notes.extend(
                    hot_spots(profile, f"Profile of typing into the window's search field, {label} (p99 missed)")
                )
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    library, _tree = bench_walk.generated_library()
    generated = library.packs["generated"]
    trees = generated_trees(50 if quick else 500)
    generated.trees = {t.id: t for t in trees}
    window = bench_walk._window(library)
    window.controller.select_pack("generated")
    app.processEvents()
    try:
        label = f"{len(trees)} generated trees"
        missed = _rows(
            results, f"search as you type, window, {label}", _typed(window, GENERATED_QUERIES, max(1, repeat // 2))
        )
        if missed and not quick and notes is not None:
            profile = cProfile.Profile()
            _typed(window, GENERATED_QUERIES[:2], 1, profile)
            notes.extend(hot_spots(profile, f"Profile of typing into the window's search field, {label} (p99 missed)"))
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
