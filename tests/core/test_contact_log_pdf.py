"""The PDF export loses nothing: long notes flow over pages, unbroken tokens wrap, every word
comes back out of the file (read with pypdf)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from log_writer_child import sample_draft

from brightline.core.contact_log import ContactLog
from brightline.core.contact_log.exports import period_filter, prepared_records
from brightline.core.contact_log.records import MAX_NOTES
from brightline.core.signing import load_or_create_key

pypdf = pytest.importorskip("pypdf")

TOKEN = "".join(f"{i:04d}" for i in range(500))  # 2,000 characters, no space anywhere


def long_note() -> str:
    words = []
    i = 0
    while len(" ".join(words)) < MAX_NOTES - 12:
        i += 1
        words.append(f"word{i:05d}")
    return " ".join(words)


def pdf_text(path: Path) -> str:
    """Every page's text, without the page footers, with all whitespace removed."""
    reader = pypdf.PdfReader(str(path))
    kept = []
    for page in reader.pages:
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        kept += [
            line
            for line in lines
            if not line.startswith("Brightline contact log export — ") and not FOOTER.fullmatch(line)
        ]
    return re.sub(r"\s+", "", "".join(kept))


FOOTER = re.compile(r"Page \d+")


def test_a_20000_character_note_and_a_2000_character_token_come_back_whole(tmp_path: Path) -> None:
    from brightline.core.contact_log.exports import export_info
    from brightline.reports.pdf import write_records_pdf

    note = long_note()
    assert MAX_NOTES - 12 <= len(note) <= MAX_NOTES
    key = load_or_create_key()
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        log.add(sample_draft(notes=note))
        log.add(sample_draft(notes=f"Pasted link: {TOKEN} end.", official_badge=TOKEN[:200]))
        out = tmp_path / "records.pdf"
        with log.snapshot():
            info = export_info(log, None, None, False, key)
            assert write_records_pdf(out, prepared_records(log, period_filter(None, None), False), info) == 2
    text = pdf_text(out)
    assert re.sub(r"\s+", "", note) in text  # all 20,000 characters, in order
    assert TOKEN in text and TOKEN[:200] in text
    assert info.checkpoint is not None and info.checkpoint.line() in text  # copied out exactly
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) >= 4  # the note flowed over pages instead of running off one
    assert "word00001" in reader.pages[0].extract_text()  # starting on the first page, under the header


def plain_text(path: Path) -> str:
    """The PDF's text with whitespace made single spaces, as a reader sees it."""
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages)


def is_pdf_a_1b(path: Path) -> bool:
    metadata = pypdf.PdfReader(str(path)).xmp_metadata
    assert metadata is not None, f"{path.name} has no XMP metadata"
    xml = metadata.rdf_root.toxml()
    return 'pdfaid:part="1"' in xml and 'pdfaid:conformance="B"' in xml


def test_the_export_and_the_report_are_archival_and_in_words(tmp_path: Path, packs: Path) -> None:
    from brightline.core.contact_log.exports import build_report, export_info
    from brightline.core.contact_log.wording import RecordWording
    from brightline.core.library import load_library
    from brightline.reports.pdf import ChartColours, write_records_pdf, write_report_pdf

    wording = RecordWording(load_library(packs).packs)
    with ContactLog.open(tmp_path / "log.sqlite3") as log:
        log.add(
            sample_draft(
                method="in-person",
                pack_id="base",
                pack_version="1.10",
                citations=("base-law:no-hold",),
                outcome_node="hold-decline",
                request_type="detainer-request",
            )
        )
        out = tmp_path / "records.pdf"
        with log.snapshot():
            info = export_info(log, None, None, False, load_or_create_key(tmp_path / "keys"))
            write_records_pdf(out, prepared_records(log, period_filter(None, None), False), info, wording)
        report = tmp_path / "report.pdf"
        write_report_pdf(report, build_report(log, wording=wording), ChartColours(verdicts={"decline": "#a63a00"}))
    exported, audited = plain_text(out), plain_text(report)
    assert is_pdf_a_1b(out) and is_pdf_a_1b(report)
    assert "Record #1 — contact on 2024-03-05 02:10" in exported
    assert "How the contact came: In person" in exported
    assert "What was requested: An ICE detainer arrived" in exported
    assert "Response given: DECLINE — Do not hold the person past release" in exported
    assert "§ 1 — No holds (Base law)" in exported
    assert "Is it signed by a judge? → No, an immigration officer (02:11)" in exported  # the contact's time
    assert "The log held 1 record;" in exported and "1 records" not in exported
    assert "1 contact; the guidance was to decline in 1 (100.0%)" in audited and "March 2024" in audited
    assert "DECLINE" in audited and "I-247A detainer" in audited
    for text in (exported, audited):
        for internal in ("in-person", "hold-decline", "detainer-request", "base-law:no-hold", "+00:00", "T02:"):
            assert internal not in text, internal
