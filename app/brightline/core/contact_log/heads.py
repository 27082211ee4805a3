"""The last chain head this workstation saw, kept as JSON in the data folder.

The chain shows edits and deletions in the middle of the log, but not records cut off the end:
a shorter log is still a valid chain. So each time the log is opened for a command or a view,
the caller compares its head with the one remembered here and warns when the log got shorter.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from brightline.core.contact_log.verify import ChainHead

HEAD_FILE_NAME = "contact-log-head.json"


def load_last_head(data_dir: Path) -> ChainHead | None:
    """The head remembered in `data_dir`, or None if none (or the file is unreadable)."""
    try:
        data = json.loads((data_dir / HEAD_FILE_NAME).read_text(encoding="utf-8"))
        return ChainHead.parse(f"{int(data['count'])}:{data['hash']}")
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_last_head(data_dir: Path, head: ChainHead) -> None:
    """Remember `head` in `data_dir` (written atomically)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "count": head.count,
        "hash": head.hash,
        "head": str(head),
        "seen_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    fd, tmp = tempfile.mkstemp(prefix=".head-", suffix=".tmp", dir=data_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
        os.replace(tmp, data_dir / HEAD_FILE_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_last_head(data_dir: Path, head: ChainHead) -> ChainHead | None:
    """Compare `head` with the remembered one and remember the longer.

    Returns the remembered head when the log now has fewer records (the caller warns, and the
    remembered head is kept as evidence); otherwise remembers `head` and returns None. Errors
    writing the file are ignored: this is a tripwire, not a store of record.
    """
    last = load_last_head(data_dir)
    if last is not None and head.count < last.count:
        return last
    if last != head:
        try:
            save_last_head(data_dir, head)
        except OSError:
            pass
    return None
