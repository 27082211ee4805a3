"""An export of the contact log in any of its formats: CSV and JSON from the core, PDF drawn here.

The one way the command line and the window export, so both give the same header and the same
signed checkpoint.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from brightline.core.contact_log.exports import ExportInfo, export_info, period_filter, prepared_records, write_export
from brightline.core.contact_log.store import ContactLog
from brightline.core.contact_log.wording import RecordWording
from brightline.core.signing import WorkstationKey

FORMATS = ("csv", "json", "pdf")


def export_log(
    log: ContactLog,
    out: Path,
    fmt: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    redact: bool = False,
    key: WorkstationKey | None = None,
    wording: RecordWording | None = None,
) -> ExportInfo:
    """Write the records in the period to `out` as `fmt` (one of FORMATS), with a checkpoint
    signed by `key` when given, in words (`wording`, with the packs, names citations and packs);
    return what the export says about itself, with its count."""
    if fmt != "pdf":
        return write_export(
            log, out, fmt, date_from=date_from, date_to=date_to, redact=redact, key=key, wording=wording
        )
    from brightline.reports.pdf import write_records_pdf

    with log.snapshot():
        info = export_info(log, date_from, date_to, redact, key)
        records = prepared_records(log, period_filter(date_from, date_to), redact)
        count = write_records_pdf(out, records, info, wording)
    return replace(info, count=count)
