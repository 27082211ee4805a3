"""Exports from the window (CSV, JSON, PDF; a period; staff redaction) and the audit report shown
in the window and saved as PDF. Every file is opened and read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from brightline.ui.contact_log.export_dialog import ExportDialog
from brightline.ui.contact_log.log_window import ContactLogWindow
from brightline.ui.contact_log.report_dialog import AuditReportDialog
from brightline.ui.main_window import MainWindow
from ui.test_contact_log_support import OFFSCREEN_SIZE_HINTS, ModalWatcher, activate, fill_log, wait_idle

pytestmark = OFFSCREEN_SIZE_HINTS


@pytest.fixture
def view(qtbot: QtBot, window: MainWindow, data_dir: Path) -> ContactLogWindow:
    fill_log(data_dir, 12)  # contacts on 2024-03-01 … 2024-03-12
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_log is not None and window.contact_log.log_window is not None
    wait_idle(qtbot, window)
    return window.contact_log.log_window


def export(
    qtbot: QtBot, view: ContactLogWindow, monkeypatch: pytest.MonkeyPatch, out: Path, fmt: str, **options: object
) -> str:
    """Export through the dialog, choosing `out` in the file dialog; the dialog's last words."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def run(dialog: ExportDialog) -> None:
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        dialog.date_from.setText(str(options.get("date_from", "")))
        dialog.date_to.setText(str(options.get("date_to", "")))
        dialog.redact.setChecked(bool(options.get("redact")))
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.written is not None or "\u26a0" in dialog.status.text(), timeout=10_000)
        seen["status"] = dialog.status.text()
        dialog.reject()

    modal.on(ExportDialog, run)
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    modal.check()
    return seen["status"]


def spreadsheet(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The CSV as a spreadsheet opens it: headings in row 1, then the records; after an empty row,
    what the export says about itself."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    end = table.index([])
    return [dict(zip(table[0], row, strict=True)) for row in table[1:end]], [row[0] for row in table[end + 1 :]]


def test_csv_export_with_a_period_and_staff_redacted(
    qtbot: QtBot, view: ContactLogWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "march"
    status = export(qtbot, view, monkeypatch, out, "csv", date_from="2024-03-03", date_to="03/08/2024", redact=True)
    written = out.with_suffix(".csv")
    assert status.startswith("\u2713 Exported 6 records to march.csv.") and "redacted" in status
    rows, about = spreadsheet(written)
    assert any("Staff names and badges are redacted" in line for line in about)
    assert any("Contacts from 2024-03-03 to 2024-03-08" in line for line in about)  # 03/08/2024 is 8 March
    assert [int(row["Record"]) for row in rows] == [3, 4, 5, 6, 7, 8]
    assert {row["Staff member"] for row in rows} == {"[redacted]"} and "Record hash" not in rows[0]
    assert rows[0]["Agency"] == "ICE ERO" and rows[0]["Guidance pack"] == "Testville Police Department, version 2.1"


def test_a_csv_from_the_window_reads_in_words(
    qtbot: QtBot, view: ContactLogWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    export(qtbot, view, monkeypatch, tmp_path / "r.csv", "csv")
    rows, _ = spreadsheet(tmp_path / "r.csv")
    first = rows[0]
    assert first["What was requested"] == "An ICE detainer (hold request) arrived"
    assert first["Response"] == "DECLINE" and first["How the contact came"] == "Fax"
    assert first["Citations shown"] == "Section 3 \u2014 No holds on detainers (Testville Ord. 12)"
    assert first["Date and time of contact"] == "2024-03-01 09:00"


def test_json_and_pdf_exports(
    qtbot: QtBot, view: ContactLogWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    status = export(qtbot, view, monkeypatch, tmp_path / "all.json", "json")
    assert status.startswith("\u2713 Exported 12 records")
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert data["count"] == 12 and data["chain_head"].startswith("12:")
    assert data["records"][0]["_chain"]["index"]["staff_name"] == "Ana Garcia" and len(data["records"][0]["hash"]) == 64
    assert data["checkpoint"].startswith("blcp1:") and ":12:" in data["checkpoint"]
    status = export(qtbot, view, monkeypatch, tmp_path / "march.pdf", "pdf", date_to="2024-03-04")
    assert status.startswith("\u2713 Exported 4 records")
    assert (tmp_path / "march.pdf").read_bytes().startswith(b"%PDF")


def test_the_audit_report_in_the_window_and_as_pdf(
    qtbot: QtBot, view: ContactLogWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "audit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    modal = ModalWatcher()
    seen: dict[str, str] = {}

    def run(dialog: AuditReportDialog) -> None:
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
        seen["all"] = dialog.browser.toPlainText()
        dialog.date_from.setText("2024-03-05")
        dialog.build_button.click()
        qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.date_from is not None, timeout=10_000)
        seen["period"] = dialog.browser.toPlainText()
        dialog.save_button.click()
        seen["status"] = dialog.status.text()
        dialog.reject()

    modal.on(AuditReportDialog, run)
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    modal.check()
    report = seen["all"]
    assert "12 contacts; the guidance was to decline in 3 (25.0%)" in report
    assert "Log verified: 12 records; every hash, column and kept text matches" in report
    assert "Signed checkpoint: 12 records" in report
    for heading in ("By response", "By request type", "By document presented", "By month", "Pack versions in use"):
        assert heading in report
    assert (
        "I-247A detainer" in report and "March 2024" in report and "Testville Police Department, version 2.1" in report
    )
    assert "1 records" not in report and "+00:00" not in report
    assert "8 contacts" in seen["period"] and "from 2024-03-05 to the last" in seen["period"]
    assert seen["status"] == f"\u2713 Saved the audit report to {out}."
    assert out.read_bytes().startswith(b"%PDF")


def test_the_report_colours_each_verdict_as_the_window_does(tmp_path: Path) -> None:
    import re

    from brightline.core.contact_log.exports import build_report
    from brightline.core.contact_log.store import ContactLog
    from brightline.ui.contact_log.report_html import report_html
    from brightline.ui.palette import VERDICT_COLOURS
    from ui.test_contact_log_support import draft

    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        for n in range(4):  # one of each verdict
            log.add(draft(n))
        html = report_html(build_report(log, verify=False))
    bars = dict(re.findall(r'<td width="38%" align="right">([^<]+)</td>.*?bgcolor="(#[0-9a-f]{6})"', html))
    for verdict, word in (("decline", "DECLINE"), ("comply", "COMPLY"), ("escalate", "ESCALATE")):
        assert bars[word] == VERDICT_COLOURS[verdict][0], (word, bars)
    assert bars["DECLINE"] != VERDICT_COLOURS["comply"][0]  # never in COMPLY's colour
