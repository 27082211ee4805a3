"""A contact-log writer for the crash test, and the sample drafts the contact-log tests share.

Run as `python log_writer_child.py LOG_FILE`: opens the log with this account's signing key,
prints "ready", then adds records in a loop and remembers each new head (in BRIGHTLINE_KEY_DIR),
as a window does, printing each id only after `add` has returned (the record is committed). The
test kills it with SIGKILL at random moments and checks every printed id survived, and that the
remembered head was never left half-written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from brightline.core.contact_log.records import ContactDraft, PathStep


def sample_draft(**changes: Any) -> ContactDraft:
    """A complete, valid draft; keyword arguments replace fields."""
    values: dict[str, Any] = {
        "contact_time": "2024-03-05T02:10:00-08:00",
        "staff_name": "Ana Ruiz",
        "staff_badge": "PPD-1001",
        "agency": "ICE ERO",
        "method": "fax",
        "document": "I-247A",
        "official_name": "J. Doe",
        "official_badge": "ERO-55512",
        "request_type": "detainer-received",
        "request_title": "An ICE detainer arrived",
        "outcome_node": "out-decline-hold",
        "verdict": "decline",
        "headline": "Do not hold the person past release; the detainer is not a warrant.",
        "notes": "Detainer faxed at 02:10 for a person due for release at 03:00.",
        "pack_id": "pasadena",
        "pack_version": "1.2.0",
        "pack_hash": "ab" * 32,
        "tree_id": "detainer-received",
        "path": (
            PathStep("q-signed", "Is it signed by a judge?", "No, an immigration officer", "2024-03-05T02:11:00-08:00"),
        ),
        "citations": ("PAS-POLICY:3.B", "CA-GOV-7284.6:a1B"),
    }
    values.update(changes)
    return ContactDraft(**values)


def main(path: str) -> None:
    from brightline.core.contact_log.heads import remember
    from brightline.core.contact_log.store import ContactLog
    from brightline.core.signing import key_folder, load_or_create_key

    log = ContactLog.open(Path(path), busy_timeout=10.0, key=load_or_create_key())
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        record = log.add(sample_draft(notes=f"crash-test record {n}"))
        print(record.id, flush=True)
        remember(key_folder(), log.path, log.log_id, log.head())


if __name__ == "__main__":
    main(sys.argv[1])
