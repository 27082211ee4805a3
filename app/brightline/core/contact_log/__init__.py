"""The contact log (issue 4): append-only, hash-chained records of each contact with federal
immigration authorities, as Procedure 3.B of the Pasadena policy requires; anchored outside
itself by signed checkpoints (issue 12).

Qt-free. The pieces: `records` (ContactDraft, ContactRecord, validation, the record formats,
canonical JSON and hashing), `schema` (the SQLite schema and its migrations), `store`
(ContactLog: opening, writing, verifying) on `views` (filtered, sorted, counted views) on
`reading` (snapshots, records, the report's figures), `filters` (LogFilter), `verify` (chain
heads, results, the walk over the records), `checks` (SQLite's integrity check, the search
index, the log's own checkpoints), `parallel` (verifying a large log on several cores),
`checkpoints` (signed checkpoints and their line), `heads` (the last head this account saw),
`redaction` (erasing a free text), `textscan` (a view of a common word, found by checking rows in
order), `exports` (CSV/JSON and the audit report's figures), `pending` (drafts kept as files when
the log cannot take them), `files` (writing files whole) and `errors` (LogError and its
subclasses).
"""

import importlib
from typing import Any

# Names are imported on first use: the window starts without loading SQLite, the process pool used
# to verify large logs, or anything else of the log until the log is opened.
_WHERE = {
    "ChainHead": "verify",
    "ContactDraft": "records",
    "ContactLog": "store",
    "ContactRecord": "records",
    "DOCUMENTS": "records",
    "KINDS": "records",
    "LOG_FILE_NAME": "store",
    "LogCannotOpenError": "errors",
    "LogCorruptError": "errors",
    "LogDiskFullError": "errors",
    "LogError": "errors",
    "LogFilter": "filters",
    "LogIOError": "errors",
    "LogLockedError": "errors",
    "LogMissingError": "errors",
    "LogNewerSchemaError": "errors",
    "LogReadOnlyError": "errors",
    "LogValidationError": "errors",
    "METHODS": "records",
    "PathStep": "records",
    "Problem": "records",
    "RecordDetail": "reading",
    "VERDICTS": "records",
    "VerifyResult": "verify",
    "validate_draft": "records",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"brightline.core.contact_log.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'brightline.core.contact_log' has no attribute {name!r}")


__all__ = [
    "DOCUMENTS",
    "KINDS",
    "LOG_FILE_NAME",
    "METHODS",
    "VERDICTS",
    "ChainHead",
    "ContactDraft",
    "ContactLog",
    "ContactRecord",
    "LogCannotOpenError",
    "LogCorruptError",
    "LogDiskFullError",
    "LogError",
    "LogFilter",
    "LogIOError",
    "LogLockedError",
    "LogMissingError",
    "LogNewerSchemaError",
    "LogReadOnlyError",
    "LogValidationError",
    "PathStep",
    "Problem",
    "RecordDetail",
    "VerifyResult",
    "validate_draft",
]
