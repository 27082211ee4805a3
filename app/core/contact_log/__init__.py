"""The contact log (issue 4): append-only, hash-chained records of each contact with federal
immigration authorities, as Procedure 3.B of the Pasadena policy requires.

Qt-free. The pieces: `records` (ContactDraft, ContactRecord, validation, canonical JSON and
hashing), `store` (ContactLog: SQLite storage, views, verification), `filters` (LogFilter),
`verify` (chain heads and results), `parallel` (verifying a large log on several cores),
`heads` (the last head seen, to notice truncation),
`exports` (CSV/JSON and the audit report's figures), `pending` (drafts kept as files when the
log cannot take them) and `errors` (LogError and its subclasses).
"""

from app.core.contact_log.errors import (
    LogCannotOpenError,
    LogCorruptError,
    LogDiskFullError,
    LogError,
    LogIOError,
    LogLockedError,
    LogMissingError,
    LogNewerSchemaError,
    LogReadOnlyError,
    LogValidationError,
)
from app.core.contact_log.filters import LogFilter
from app.core.contact_log.records import (
    DOCUMENTS,
    KINDS,
    METHODS,
    VERDICTS,
    ContactDraft,
    ContactRecord,
    PathStep,
    Problem,
    validate_draft,
)
from app.core.contact_log.store import LOG_FILE_NAME, ContactLog, RecordDetail
from app.core.contact_log.verify import ChainHead, VerifyResult

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
