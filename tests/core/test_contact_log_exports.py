"""Exports carry the chain head, honour the period and redaction; the report's figures; PDFs."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log import ContactLog
from brightline.core.contact_log.exports import build_report, write_export
from brightline.core.contact_log.records import canonical_json, sha256_hex


@pytest.fixture
def log(tmp_path: Path):  # type: ignore[no-untyped-def]
    with ContactLog.open(tmp_path / "log.sqlite3") as opened:
        opened.add(sample_draft(contact_time="2024-01-10T10:00", verdict="decline"))
        opened.add(
            sample_draft(
                contact_time="2024-02-10T10:00",
                verdict="comply",
                notes='=HYPERLINK("http://x")',
                staff_name="Ben Lee",
                request_type="warrant-presented",
                request_title="An agent shows a warrant",
                document="judicial-warrant",
            )
        )
        opened.add(sample_draft(contact_time="2024-02-11T10:00", verdict="decline", pack_version="1.3.0"))
        opened.add(sample_draft(kind="addendum", corrects=1, contact_time="2024-01-10T11:00", notes="Agent came back"))
        yield opened


def read_csv(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The CSV as a spreadsheet opens it: headings in row 1, the records, then, after an empty
    row, what the export says about itself (one line a row)."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    end = table.index([])
    headings, body, about = table[0], table[1:end], [row[0] for row in table[end + 1 :]]
    return [dict(zip(headings, row, strict=True)) for row in body], about


def test_csv_export_has_headings_in_row_1_every_record_in_words_and_safe_cells(log: ContactLog, tmp_path: Path) -> None:
    out = tmp_path / "out" / "log.csv"
    info = write_export(log, out, "csv")
    rows, about = read_csv(out)
    assert out.read_text(encoding="utf-8").startswith("Record,Kind,Corrects record,Date and time of contact,")
    assert info.count == 4 and [r["Record"] for r in rows] == ["1", "2", "3", "4"]
    first = rows[0]
    assert first["Date and time of contact"] == "2024-01-10 10:00"
    assert first["How the contact came"] == "Fax" and first["Document presented"] == "I-247A detainer"
    assert first["What was requested"] == "An ICE detainer arrived" and first["Response"] == "DECLINE"
    assert first["Official's name"] == "J. Doe" and first["Official's badge or ID"] == "ERO-55512"
    assert first["Path of answers"].startswith("Is it signed by a judge? \u2192 No, an immigration officer (")
    assert first["Guidance pack"] == "pasadena, version 1.2.0"
    assert first["Record hash"] == log.get(1).record.hash  # type: ignore[union-attr]
    assert rows[1]["Notes"].startswith("'=HYPERLINK")  # not run as a formula
    assert rows[1]["Document presented"] == "Judge's warrant or order"
    assert rows[3]["Kind"] == "Addendum" and rows[3]["Corrects record"] == "1"
    # No code, no ISO stamp in what a person reads.
    for row in rows:
        for heading, value in row.items():
            if "hash" not in heading:
                assert "T10:" not in value and "+00:00" not in value and "detainer-received" not in value, value
    assert about[0] == "Brightline contact log export"
    assert any(f"the last record's hash is {log.head().hash}" in line for line in about)


def test_the_csv_names_citations_and_packs_in_words_when_the_packs_are_at_hand(tmp_path: Path, packs: Path) -> None:
    from brightline.core.contact_log.wording import RecordWording
    from brightline.core.library import load_library

    library = load_library(packs)
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        log.add(sample_draft(pack_id="base", pack_version="1.10", citations=("base-law:no-hold",)))
        write_export(log, tmp_path / "log.csv", "csv", wording=RecordWording(library.packs))
        rows, _ = read_csv(tmp_path / "log.csv")
    assert rows[0]["Citations shown"] == "§ 1 \u2014 No holds (Base law)"
    assert rows[0]["Guidance pack"] == f"{library.packs['base'].manifest.name}, version 1.10"


def test_a_period_and_redaction_apply_to_every_format(log: ContactLog, tmp_path: Path) -> None:
    out = tmp_path / "feb.csv"
    write_export(log, out, "csv", date_from=date(2024, 2, 1), date_to=date(2024, 2, 29), redact=True)
    rows, about = read_csv(out)
    assert [r["Record"] for r in rows] == ["2", "3"]
    assert {r["Staff member"] for r in rows} == {"[redacted]"}
    assert {r["Staff badge or ID"] for r in rows} == {"[redacted]"}
    assert "Record hash" not in rows[0] and any("redacted" in line for line in about)
    assert any("Contacts from 2024-02-01 to 2024-02-29" in line for line in about)
    out = tmp_path / "feb.json"
    write_export(log, out, "json", date_from=date(2024, 2, 1), redact=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["staff_redacted"] and data["date_from"] == "2024-02-01"
    assert {r["_chain"]["index"]["staff_name"] for r in data["records"]} == {"[redacted]"}
    assert {r["staff_badge"] for r in data["records"]} == {"[redacted]"}
    assert "Ben Lee" not in out.read_text(encoding="utf-8") and "hash" not in data["records"][0]


def test_json_export_is_exact_and_each_record_and_text_can_be_checked(log: ContactLog, tmp_path: Path) -> None:
    out = tmp_path / "log.json"
    write_export(log, out, "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["chain_head"] == str(log.head()) and data["count"] == 4 and data["format_version"] == 2
    assert data["records"][1]["texts"]["notes"]["text"] == '=HYPERLINK("http://x")'
    for record in data["records"]:
        digest = record.pop("hash")
        texts = record.pop("texts")
        assert sha256_hex(canonical_json(record)) == digest
        for name, kept in texts.items():  # as the export's docstring tells a reader to check
            salted_text = bytes.fromhex(kept["salt"]) + kept["text"].encode("utf-8")
            assert sha256_hex(salted_text) == record["_chain"]["commit"][name]


def test_an_unknown_format_and_a_failed_write_leave_no_file(log: ContactLog, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_export(log, tmp_path / "x.xml", "xml")
    target = tmp_path / "dir-not-file"
    target.mkdir()
    with pytest.raises(OSError):
        write_export(log, target, "csv")
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_report_counts_contacts_and_verifies_the_chain(log: ContactLog) -> None:
    report = build_report(log)
    assert report.contacts == 3 and report.declined == 2
    assert report.decline_share == pytest.approx(2 / 3)
    assert {c.key: c.count for c in report.by_verdict} == {"decline": 2, "comply": 1}
    assert [(c.key, c.count) for c in report.by_month] == [("2024-01", 1), ("2024-02", 2)]
    # Every bar's label in words: the verdict, the month, the document and the pack by name.
    assert [c.label for c in report.by_verdict] == ["DECLINE", "COMPLY"]
    assert [c.label for c in report.by_month] == ["January 2024", "February 2024"]
    assert {c.label for c in report.by_document} == {
        "I-247A detainer",
        "Judge's warrant or order",
    }
    assert {c.label for c in report.pack_versions} == {"pasadena, version 1.2.0", "pasadena, version 1.3.0"}
    assert {c.label for c in report.by_request_type} == {"An ICE detainer arrived", "An agent shows a warrant"}
    assert {c.key: c.count for c in report.pack_versions} == {"pasadena 1.2.0": 2, "pasadena 1.3.0": 1}
    assert report.follow_ups == {"addendum": 1}
    assert report.verification is not None and report.verification.ok
    assert report.head == log.head()
    feb = build_report(log, date(2024, 2, 1), date(2024, 2, 29), verify=False)
    assert feb.contacts == 2 and feb.verification is None and feb.follow_ups == {}


def test_an_empty_log_reports_zeroes(tmp_path: Path) -> None:
    with ContactLog.open(tmp_path / "empty.sqlite3") as empty:
        report = build_report(empty)
    assert (report.contacts, report.decline_share, report.by_month) == (0, 0.0, ())


def test_pdf_export_and_report_are_written(log: ContactLog, tmp_path: Path) -> None:
    from brightline.core.contact_log.exports import ExportInfo, period_filter, prepared_records
    from brightline.reports.pdf import write_records_pdf, write_report_pdf

    info = ExportInfo(log.head(), "2024-03-01T00:00:00+00:00", None, None, True)
    out = tmp_path / "records.pdf"
    count = write_records_pdf(out, prepared_records(log, period_filter(None, None), True), info)
    assert count == 4 and out.read_bytes().startswith(b"%PDF")
    report_path = tmp_path / "report.pdf"
    write_report_pdf(report_path, build_report(log))
    assert report_path.read_bytes().startswith(b"%PDF") and report_path.stat().st_size > 2000
    assert not list(tmp_path.glob(".*.tmp"))
