"""Reading one page of a sorted, filtered view of the log. Qt-free.

SQLite answers `LIMIT n OFFSET k` by stepping over k index entries, so a page half a million rows
down takes most of a second while one near either end takes milliseconds. A page nearer the end
is therefore read from the end, in the reverse order (every sort key reversed, which is exactly
the reverse order, ties included), and turned round: the slow pages are only those in the
middle, which the table model reads on a worker thread. Until the view's count is exact (it is
made in the background) there is no known end, and every page is read from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.core.contact_log.filters import LogFilter
    from brightline.core.contact_log.records import ContactRecord
    from brightline.core.contact_log.store import ContactLog


@dataclass(frozen=True)
class View:
    """What a table shows: the filter, the sort and how many records match (at least `count`;
    exactly that many when `complete`)."""

    flt: LogFilter
    order_by: str
    descending: bool
    count: int
    page_size: int
    complete: bool = True

    def depth(self, number: int) -> int:
        """How many rows SQLite must step over to read page `number`."""
        offset = number * self.page_size
        if not self.complete:
            return offset
        return max(0, min(offset, self.count - offset - self.page_size))


def read_page(log: ContactLog, view: View, number: int) -> list[ContactRecord]:
    """The records of page `number` (0-based) of `view`, read from whichever end is nearer."""
    offset = number * view.page_size
    if not view.complete:
        return log.query(
            view.flt, order_by=view.order_by, descending=view.descending, limit=view.page_size, offset=offset
        )
    limit = min(view.page_size, view.count - offset)
    if limit <= 0:
        return []
    after = view.count - offset - limit  # rows below this page
    if after < offset:
        page = log.query(view.flt, order_by=view.order_by, descending=not view.descending, limit=limit, offset=after)
        page.reverse()
        return page
    return log.query(view.flt, order_by=view.order_by, descending=view.descending, limit=limit, offset=offset)
