"""Answer → next step: p50 / p99 over many random walks, on the shipped trees and on a generated
10,000-node tree. Budget: p99 under 16 ms (one frame at 60 Hz).

Two variants:

- engine: `Walk.answer(i)` and then what a redraw reads (`current`, `choices()`, `remaining()`);
- window: the real MainWindow, offscreen and in-process. An answer is a click on the answer
  button the user would press (the controller's answer() when there is no button), then
  QApplication.processEvents(), which runs the layout and the posted paint of the dirty region.
  The time is from the click until that is done, i.e. until the next step is painted. Every
  tenth step is an untimed check that something was painted (a row appears only if not).
  Opening a situation is timed too, for context (no budget of its own).

The generated tree is built straight into the model (gen_packs.model_tree): reading a
10,000-node YAML file would dominate the set-up and is measured by bench_load instead.
"""

from __future__ import annotations

import cProfile
import random
import time
from dataclasses import dataclass, field
from typing import Any

from benchlib import REPO, SHIPPED_PACKS, hot_spots, not_measured, percentile, row

BUDGET = "< 16 ms"
BIG = 10_000


def shipped_trees() -> tuple[list[Any], Any]:
    """(every tree of every pack that loads, the library)."""
    from brightline.core.library import load_library

    library = load_library(SHIPPED_PACKS)
    trees = [tree for pack in library.packs.values() for tree in pack.trees.values()]
    return trees, library


def generated_library(size: int = BIG) -> tuple[Any, Any]:
    """(a Library holding one pack with one generated tree of `size` nodes, that tree)."""
    import gen_packs

    from brightline.core.library import Library
    from brightline.core.model import Manifest, Pack, Provision, Source
    from brightline.core.where import Where

    where = Where("<generated>", 0)
    refs = [f"gen-statute:s{i}" for i in range(1, 41)]
    tree = gen_packs.model_tree(size, seed=7, refs=refs)
    source = Source(
        id="gen-statute",
        title="Generated statute (benchmark)",
        short="Generated statute",
        kind="statute",
        status="law",
        where=where,
        owner="generated",
    )
    for index in range(1, 41):
        source.provisions[f"s{index}"] = Provision(
            id=f"s{index}",
            section=f"Section {index}",
            title=f"Provision {index}",
            text="A generated provision. " * 8,
            is_quote=False,
            source_id="gen-statute",
            where=where,
            confidence="verified",
        )
    manifest = Manifest(
        id="generated",
        name="Generated (benchmark)",
        jurisdiction="Nowhere",
        status="model",
        version="1.0.0",
        effective="2020-01-01",
        approved_by="Benchmark generator",
        where=where,
    )
    pack = Pack(
        manifest=manifest,
        chain=["generated"],
        sources={"gen-statute": source},
        help={},
        trees={tree.id: tree},
        scenarios={},
        content_hash="generated",
    )
    library = Library(root=REPO / "decision_trees", packs={"generated": pack})
    return library, tree


def _stats_rows(results: list[dict[str, Any]], label: str, times_ns: list[int]) -> bool:
    """p50 and p99 rows; True when p99 missed the budget."""
    ms = [t / 1e6 for t in times_ns]
    p99 = percentile(ms, 99)
    results.append(row(f"{label}: p50 ({len(ms):,} steps)", percentile(ms, 50), "ms"))
    results.append(row(f"{label}: p99", p99, "ms", BUDGET, p99 < 16))
    return p99 >= 16


# -- engine -------------------------------------------------------------------------------------


def engine_latencies(trees: list[Any], steps: int, seed: int = 1) -> list[int]:
    from brightline.core.walk import Walk

    rng = random.Random(seed)
    times: list[int] = []
    walks = [Walk(tree) for tree in trees]
    while len(times) < steps:
        walk = rng.choice(walks)
        walk.restart()
        while len(times) < steps:
            labels = walk.choices()
            if not labels:
                break
            choice = rng.randrange(len(labels))
            start = time.perf_counter_ns()
            walk.answer(choice)
            _node = walk.current
            walk.choices()
            walk.remaining()
            times.append(time.perf_counter_ns() - start)
    return times


def run_engine(results: list[dict[str, Any]], quick: bool) -> None:
    steps = 3_000 if quick else 30_000
    trees, library = shipped_trees()
    if trees:
        _stats_rows(
            results, f"answer → next step, engine, shipped trees ({len(trees)})", engine_latencies(trees, steps)
        )
    else:
        results.append(
            not_measured(
                "answer → next step, engine, shipped trees",
                f"no shipped pack loads ({len(library.problems)} problems)",
                BUDGET,
            )
        )
    _library, tree = generated_library()
    _stats_rows(results, f"answer → next step, engine, {len(tree.nodes):,}-node tree", engine_latencies([tree], steps))


# -- window -------------------------------------------------------------------------------------


def _application() -> Any:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return app if app is not None else QApplication(["brightline-bench"])


def _paint_counter(widgets: list[Any]) -> tuple[Any, list[int]]:
    """An event filter counting paint events of `widgets` (the pages), and its counter."""
    from PySide6.QtCore import QEvent, QObject

    counter = [0]

    class Filter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                counter[0] += 1
            return False

    paint_filter = Filter()
    for widget in widgets:
        widget.installEventFilter(paint_filter)
    return paint_filter, counter


def _window(library: Any) -> Any:
    from brightline.ui.main_window import MainWindow
    from brightline.ui.settings import UiSettings

    window = MainWindow(library, UiSettings(None))
    window.show()
    return window


@dataclass
class WindowRun:
    times: list[int] = field(default_factory=list)  # answer → painted, ns
    opens: list[int] = field(default_factory=list)  # open a tree → first question painted, ns
    checks: int = 0
    unpainted: int = 0


def window_latencies(
    library: Any, trees: list[tuple[str, str]], steps: int, seed: int = 1, profile: Any = None
) -> WindowRun:
    """Click answers in the real window, `steps` of them, timed until painted.

    Walks go pack by pack (choosing a pack rebuilds the picker, which is not what is timed here).
    A walk through the tree already open mostly restarts it (nine times in ten); otherwise the
    tree is opened afresh, and that is timed separately (`opens`). With a cProfile.Profile as
    `profile`, only the timed answer steps are profiled.
    Every tenth step is a check step, not timed: an event filter on all the window's widgets
    confirms that click + processEvents() painted something. The timed steps run without the
    filter, whose Python calls on every event would inflate them.
    """
    from PySide6.QtWidgets import QApplication, QWidget

    app = _application()
    window = _window(library)
    app.processEvents()
    controller = window.controller
    paint_filter, painted = _paint_counter([])
    rng = random.Random(seed)
    by_pack: dict[str, list[str]] = {}
    for pack_id, tree_id in trees:
        by_pack.setdefault(pack_id, []).append(tree_id)
    result = WindowRun()
    times = result.times
    try:
        for number, (pack_id, tree_ids) in enumerate(sorted(by_pack.items())):
            quota = steps * (number + 1) // len(by_pack)
            controller.select_pack(pack_id)
            app.processEvents()
            open_tree, walks = "", 0
            while len(times) < quota:
                tree_id = rng.choice(tree_ids)
                if tree_id == open_tree and walks % 10:
                    controller.restart()
                    app.processEvents()
                else:
                    start = time.perf_counter_ns()
                    controller.open_tree(tree_id)
                    app.processEvents()
                    result.opens.append(time.perf_counter_ns() - start)
                    open_tree = tree_id
                walks += 1
                while len(times) < quota and not controller.finished:
                    labels = controller.choices() if hasattr(controller, "choices") else controller.walk.choices()
                    choice = rng.randrange(len(labels))
                    buttons = window.question.answer_buttons() if hasattr(window.question, "answer_buttons") else []
                    check = (len(times) + result.checks) % 10 == 9
                    watched = [window, *window.findChildren(QWidget)] if check else []
                    for widget in watched:
                        widget.installEventFilter(paint_filter)
                    before = painted[0]
                    if profile is not None and not check:
                        profile.enable()
                    start = time.perf_counter_ns()
                    if choice < len(buttons) and buttons[choice].isVisible():
                        buttons[choice].click()
                    else:
                        controller.answer(choice)
                    QApplication.processEvents()
                    elapsed = time.perf_counter_ns() - start
                    if profile is not None and not check:
                        profile.disable()
                    if check:
                        result.checks += 1
                        result.unpainted += painted[0] == before
                        for widget in watched:
                            widget.removeEventFilter(paint_filter)
                    else:
                        times.append(elapsed)
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return result


def window_ready() -> str:
    for name in ("main_window.py", "controller.py", "settings.py"):
        if not (REPO / "app" / "brightline" / "ui" / name).is_file():
            return f"app/brightline/ui/{name} does not exist yet"
    return ""


def run_window(results: list[dict[str, Any]], quick: bool, notes: list[str] | None = None) -> None:
    why_not = window_ready()
    if why_not:
        results.append(not_measured("answer → next step painted, window", why_not, BUDGET))
        return
    steps = 150 if quick else 1_500
    _trees, library = shipped_trees()
    pairs = [(pack.id, tree_id) for pack in library.packs.values() for tree_id in pack.trees]
    label = "answer → next step painted, window"
    if pairs:
        done = window_latencies(library, pairs, steps)
        missed = _stats_rows(results, f"{label}, shipped trees ({len(pairs)})", done.times)
        if missed and not quick and notes is not None:
            profile = cProfile.Profile()
            window_latencies(library, pairs, 300, seed=2, profile=profile)
            notes.extend(hot_spots(profile, "Profile of 300 answer steps in the window, shipped trees (p99 missed)"))
        _check_row(results, f"{label}, shipped trees", done.checks, done.unpainted)
        _open_row(results, "shipped trees", done.opens)
    else:
        results.append(
            not_measured(f"{label}, shipped trees", f"no shipped pack loads ({len(library.problems)} problems)", BUDGET)
        )
    big_library, tree = generated_library()
    done = window_latencies(big_library, [("generated", tree.id)], steps)
    missed = _stats_rows(results, f"{label}, {len(tree.nodes):,}-node tree", done.times)
    _check_row(results, f"{label}, {len(tree.nodes):,}-node tree", done.checks, done.unpainted)
    _open_row(results, f"{len(tree.nodes):,}-node tree", done.opens)
    if missed and not quick and notes is not None:
        profile = cProfile.Profile()
        window_latencies(big_library, [("generated", tree.id)], 300, seed=2, profile=profile)
        notes.extend(hot_spots(profile, f"Profile of 300 answer steps in the window, {len(tree.nodes):,}-node tree"))


def _open_row(results: list[dict[str, Any]], label: str, opens: list[int]) -> None:
    """Opening a situation has no budget of its own; shown for context."""
    if opens:
        ms = [t / 1e6 for t in opens]
        results.append(
            row(f"open a situation → first question painted, {label}: p50 ({len(ms)} opens)", percentile(ms, 50), "ms")
        )


def _check_row(results: list[dict[str, Any]], label: str, checks: int, unpainted: int) -> None:
    """Only when a check step painted nothing: then the figures above may miss the paint."""
    if unpainted:
        results.append(row(f"{label}: check steps that painted nothing (of {checks})", unpainted, "steps", "0", False))
