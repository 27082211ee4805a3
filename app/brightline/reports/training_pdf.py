"""Training export as an archival PDF: what each trainee completed, the results, and a certificate
only where a trainee completed a defined set (every scenario of a pack, with full marks).

Words throughout: packs by name, local dates and times, "2 of 3 points", classes marked as such.
A run presented to a class is listed among the results under the class's name, and counts
towards no one's completion.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from pathlib import Path

from brightline.core.text import count_words, duration_words, local_time
from brightline.core.training_log import Completion, PackCompletion, TrainingRecord
from brightline.reports.qtpdf import html_to_pdf


def _who(record: TrainingRecord) -> str:
    return f"{record.trainee} (a class, presented)" if record.presented else record.trainee


def _standing(pack: PackCompletion, name: str) -> str:
    """ "1 of 36 scenarios of California passed with full marks"."""
    scenarios = count_words(pack.total, "scenario")
    if pack.complete:
        return f"every one of the {scenarios} of {name} passed with full marks"
    return f"{len(pack.passed)} of the {scenarios} of {name} passed with full marks"


def write_training_pdf(
    path: Path,
    records: list[TrainingRecord],
    table: Mapping[str, Completion],
    pack_names: Mapping[str, str] | None = None,
) -> None:
    """Write the training record; `pack_names` names the packs (their ids when not given)."""
    names = pack_names or {}

    def pack_name(pack_id: str) -> str:
        return names.get(pack_id, pack_id)

    result_rows = "".join(
        f"<tr><td>{escape(local_time(r.played_at))}</td><td>{escape(_who(r))}</td>"
        f"<td>{escape(pack_name(r.pack_id))} {escape(r.pack_version)}</td><td>{escape(r.scenario_title)}</td>"
        f"<td>{r.points} of {r.max_points} points</td><td>{escape(duration_words(r.seconds))}</td></tr>"
        for r in records
    )
    completion_rows = "".join(
        f"<tr><td>{escape(trainee)}</td><td>{escape(_standing(pack, pack_name(pack.pack_id)))}</td>"
        f"<td>{escape(local_time(entry.last))}</td></tr>"
        for trainee, entry in sorted(table.items())
        for pack in entry.packs
    )
    parts = [
        "<h1>Brightline training record</h1>",
        f"<p>Printed {date.today().isoformat()}: {escape(count_words(len(records), 'result'))}, "
        f"{escape(count_words(len(table), 'trainee'))}. Training results only; the contact log is kept apart. "
        "A run presented to a class counts towards no one's completion.</p>",
        "<h2>What each trainee completed</h2><table><tr><th>Trainee</th><th>Scenarios</th><th>Last activity</th></tr>",
        completion_rows or "<tr><td colspan=3>No trainee's own results.</td></tr>",
        "</table><h2>Results</h2><table><tr><th>When</th><th>Trainee</th><th>Pack</th><th>Scenario</th>"
        "<th>Score</th><th>Time</th></tr>",
        result_rows or "<tr><td colspan=6>No training results.</td></tr>",
        "</table>",
    ]
    for trainee, entry in sorted(table.items()):
        for pack in entry.packs:
            if not pack.complete:
                continue  # a certificate is for a whole set only; the table says what was done
            parts.append(
                "<div style='page-break-before: always'><br><br><h1 align=center>Certificate of completion</h1>"
                f"<p align=center style='font-size: 16pt'>{escape(trainee)}</p>"
                f"<p align=center>completed every one of the {escape(count_words(pack.total, 'training scenario'))} "
                f"of {escape(pack_name(pack.pack_id))} with full marks in Brightline.</p>"
                f"<p align=center>Last activity: {escape(local_time(entry.last))}</p>"
                "<p align=center><br><br>______________________________<br>Trainer</p></div>"
            )
    html_to_pdf(path, "".join(parts), "Brightline training record")
