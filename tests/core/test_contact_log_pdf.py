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
            line for line in lines if not line.startswith("Brightline contact log — ") and not FOOTER.fullmatch(line)
        ]
    return re.sub(r"\s+", "", "".join(kept))


FOOTER = re.compile(r"page \d+")


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
