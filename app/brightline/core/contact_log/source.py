"""What views, exports and the audit report read, whichever log it is: one machine's own
(`store.ContactLog`, SQLite) or the department's (`brightline.core.department.views.DepartmentLog`,
PostgreSQL). Both implement `LogSource`, so the window's table, `log list`, the exports and the
report's figures are written once.

Ids: a record's `id` is its number in its machine's chain; in the department's log, ids repeat
across machines, and `record.log_id` (with `record.machine`) says whose it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol

from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.records import ContactRecord
from brightline.core.contact_log.verify import ChainHead
from brightline.core.contact_log.views import CountSoFar

Body = tuple[int, str, str, tuple[bytes | None, ...]]


class LogSource(Protocol):
    """A contact log to read (see the module docstring); the methods are `ContactLog`'s."""

    log_id: str

    def snapshot(self) -> AbstractContextManager[None]: ...

    def head(self) -> ChainHead: ...

    def query(
        self,
        flt: LogFilter | None = None,
        *,
        order_by: str = "contact_time",
        descending: bool = True,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ContactRecord]: ...

    def count(self, flt: LogFilter | None = None) -> int: ...

    def count_quickly(self, flt: LogFilter | None = None, at_most: int = 10_000) -> CountSoFar: ...

    def first_page(
        self,
        flt: LogFilter | None = None,
        *,
        order_by: str = "contact_time",
        descending: bool = True,
        limit: int = 100,
        count_at_most: int = 10_000,
    ) -> tuple[list[ContactRecord], CountSoFar]: ...

    def iter_records(self, flt: LogFilter | None = None) -> Iterator[ContactRecord]: ...

    def iter_bodies(self, flt: LogFilter | None = None) -> Iterator[Body]: ...

    def counts_by(
        self, grouping: str, date_from: date | None = None, date_to: date | None = None
    ) -> dict[str, int]: ...

    def follow_up_counts(self, date_from: date | None = None, date_to: date | None = None) -> dict[str, int]: ...

    def request_titles(self) -> dict[str, str]: ...

    def distinct(self, column: str) -> list[str]: ...

    def interrupt(self) -> None: ...

    def close(self) -> None: ...
