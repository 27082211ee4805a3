"""The last head of each log this account saw, kept in the account's private key folder.

The chain shows edits and deletions in the middle of the log, but not a log cut short or replaced
by another valid chain. So each time a log is read for a command or a view, its head is compared
with the one remembered here, and a log that is shorter, has another record at the remembered
count, or is another log (another log id at the same path) is a loud failure. The remembered head
is then kept as evidence: only a log that extends it replaces it.

The file is `seen-heads.json` in the key folder (`brightline.core.signing.key_folder`), not in the
data folder: several officer accounts may share a data folder, and a head there could be deleted
by any of them (older versions kept `contact-log-head.json` in the data folder; it is still read
when this account remembers nothing of the log). Written atomically (temporary file, fsync,
rename), so it is never half-written. One entry per log file (its resolved path):
`{"log_id", "count", "hash", "seen_at"}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.contact_log.files import atomic_text
from brightline.core.contact_log.verify import ChainHead, ExpectedHead, VerifyResult, compare_head

if TYPE_CHECKING:
    from brightline.core.contact_log.store import ContactLog

SEEN_FILE_NAME = "seen-heads.json"
LEGACY_HEAD_FILE_NAME = "contact-log-head.json"


@dataclass(frozen=True)
class SeenHead:
    """The head of a log as this account last saw it."""

    log_id: str
    head: ChainHead
    seen_at: str

    def expected(self) -> ExpectedHead:
        """As a head the log must extend, for `ContactLog.verify`."""
        when = self.seen_at.replace("T", " ").removesuffix("+00:00") + " UTC" if self.seen_at else "earlier"
        return ExpectedHead(self.head, self.log_id, f"the head this account saw on {when}")


def _load_all(key_dir: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((key_dir / SEEN_FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_seen(key_dir: Path, log_path: Path, data_dir: Path | None = None) -> SeenHead | None:
    """The head remembered for the log at `log_path`; else what an older version remembered in
    `data_dir`; None when neither is there (or readable)."""
    entry = _load_all(key_dir).get(str(Path(log_path).resolve()))
    try:
        if isinstance(entry, dict):
            head = ChainHead.parse(f"{int(str(entry['count']))}:{entry['hash']}")
            return SeenHead(str(entry.get("log_id", "")), head, str(entry.get("seen_at", "")))
        if data_dir is not None:
            legacy = json.loads((data_dir / LEGACY_HEAD_FILE_NAME).read_text(encoding="utf-8"))
            head = ChainHead.parse(f"{int(legacy['count'])}:{legacy['hash']}")
            return SeenHead("", head, str(legacy.get("seen_at", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


def remember(key_dir: Path, log_path: Path, log_id: str, head: ChainHead) -> None:
    """Remember `head` as the last seen of the log at `log_path` (the caller has checked that the
    log extends what was remembered). Raises OSError if the file cannot be written."""
    entries = _load_all(key_dir)
    entries[str(Path(log_path).resolve())] = {
        "log_id": log_id,
        "count": head.count,
        "hash": head.hash,
        "seen_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with atomic_text(key_dir / SEEN_FILE_NAME) as handle:
        json.dump(entries, handle, indent=1, sort_keys=True)


def check_seen(log: ContactLog, key_dir: Path, data_dir: Path | None = None) -> VerifyResult | None:
    """Compare the log with the head this account saw of it (without verifying the chain): the
    failed result if it does not extend it, and then nothing is remembered. Otherwise remember
    the log's head now (a file that cannot be written is ignored: this is a tripwire, and
    `verify` checks the whole chain against the heads anyway) and return None."""
    seen = load_seen(key_dir, log.path, data_dir)
    head = log.head()
    if seen is not None:
        failed = compare_head(seen.expected(), log.log_id, head, log.hash_at)
        if failed:
            return failed
    if seen is None or seen.head != head or seen.log_id != log.log_id:
        try:
            remember(key_dir, log.path, log.log_id, head)
        except OSError:
            pass
    return None
