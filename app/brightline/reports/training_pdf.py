"""Training export as PDF: the roster with per-trainee completion, then one certificate per trainee."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from brightline.core.training_log import TrainingRecord
from brightline.reports.qtpdf import html_to_pdf


def write_training_pdf(path: Path, records: list[TrainingRecord], table: dict[str, dict[str, object]]) -> None:
    rows = "".join(
        f"<tr><td>{escape(r.played_at)}</td><td>{escape(r.trainee)}</td><td>{escape(r.pack_id)} {escape(r.pack_version)}</td>"
        f"<td>{escape(r.scenario_title)}</td><td>{r.points}/{r.max_points}</td><td>{r.seconds:.0f} s</td></tr>"
        for r in records
    )
    completion_rows = "".join(
        f"<tr><td>{escape(trainee)}</td><td>{len(entry['passed'])} of {entry['total']}</td>"  # type: ignore[arg-type]
        f"<td>{escape(str(entry['last']))}</td></tr>"
        for trainee, entry in sorted(table.items())
    )
    parts = [
        "<h1>Brightline training record</h1>",
        f"<p>Printed {date.today().isoformat()}. Training results only; the contact log is kept apart.</p>",
        "<h2>Completion</h2><table><tr><th>Trainee</th><th>Scenarios passed (full marks)</th><th>Last activity</th></tr>",
        completion_rows or "<tr><td colspan=3>No training results.</td></tr>",
        "</table><h2>Results</h2><table><tr><th>When</th><th>Trainee</th><th>Pack</th><th>Scenario</th>"
        "<th>Score</th><th>Time</th></tr>",
        rows or "<tr><td colspan=6>No training results.</td></tr>",
        "</table>",
    ]
    for trainee, entry in sorted(table.items()):
        packs = ", ".join(sorted(entry["packs"]))  # type: ignore[call-overload]
        parts.append(
            "<div style='page-break-before: always'><br><br><h1 align=center>Certificate of completion</h1>"
            f"<p align=center style='font-size: 16pt'>{escape(trainee)}</p>"
            f"<p align=center>completed {len(entry['passed'])} of {entry['total']} training scenarios "  # type: ignore[arg-type]
            f"with full marks in Brightline ({escape(packs)}).</p>"
            f"<p align=center>Last activity: {escape(str(entry['last']))}</p>"
            "<p align=center><br><br>______________________________<br>Trainer</p></div>"
        )
    html_to_pdf(path, "".join(parts), "Brightline training record")
