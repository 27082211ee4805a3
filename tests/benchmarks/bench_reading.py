"""Reading the answer: the time-to-act of every outcome of every shipped pack.

The figure (`brightline.core.reading`) is the verdict, headline, Do and Do not read at 200 words a
minute, plus 2 s per question and 1 s per note on the quickest path to the outcome. DESIGN.md
budgets the median over every outcome of every pack under 30 s and every outcome at most 60 s.
The slowest outcomes are listed in the notes, so an author knows where to cut.
"""

from __future__ import annotations

from typing import Any

from benchlib import SHIPPED_PACKS, row

from brightline.core.library import load_library
from brightline.core.reading import LIMIT_SECONDS, MEDIAN_BUDGET_SECONDS, pack_reading_times, summarise


def run(results: list[dict[str, Any]], quick: bool, notes: list[str]) -> None:
    library = load_library(SHIPPED_PACKS)
    times = [time for pack in library.packs.values() for time in pack_reading_times(pack)]
    summary = summarise(times)
    results.append(
        row(
            f"time to act, median over {summary.count} outcomes of {len(library.packs)} packs",
            summary.median,
            "s",
            f"< {MEDIAN_BUDGET_SECONDS:.0f} s",
            summary.median < MEDIAN_BUDGET_SECONDS,
        )
    )
    results.append(
        row(
            "time to act, slowest outcome",
            summary.maximum,
            "s",
            f"<= {LIMIT_SECONDS:.0f} s",
            summary.maximum <= LIMIT_SECONDS,
        )
    )
    for pack_id, pack in library.packs.items():
        own = summarise(pack_reading_times(pack))
        results.append(row(f"time to act, {pack_id}: median / max", f"{own.median:.1f} s / {own.maximum:.1f} s"))
    slowest = sorted(times, key=lambda t: -t.seconds)[:10]
    notes.append(
        "Slowest outcomes (time to act: words, questions, notes):\n"
        + "\n".join(
            f"  {t.seconds:5.1f} s  {t.pack_id}/{t.tree_id}#{t.outcome_id}  ({t.words} words, {t.questions} questions, "
            f"{t.notes} notes)"
            for t in slowest
        )
    )
