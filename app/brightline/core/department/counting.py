"""The audit report's figures for a period on the department's server: `count_contacts(fetch, ...)`.

Contacts are counted as `ContactLog.counts_by` counts them: every first record (kind `record`)
in the period, except that a corrected contact counts as its latest correction says, in the
period that correction gives; addenda and redactions are not contacts. A record is in the period
when its local contact time, as text, is at or after the first day and before the day after the
last (`LogFilter`'s dates, compared as the machines compare them).

Two ways, with the same figures:

  - from the counts the server keeps (`server.counts`): the whole months the period covers (and
    any undated contact time in it) are summed from `contact_count`; the first records of the
    months it covers only in part are read from the time index; the corrections (few) from
    their own index. A whole period sums some thousands of rows instead of reading every record.
  - from the records alone, every record of the period read in one pass of the time index: what
    the report does when `log verify --department` found the kept counts differing from the
    records, and what the tests compare the first way with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from brightline.core.contact_log.filters import day_after
from brightline.core.department.server.counts import DATED, KEPT

GROUPINGS = ("request_type", "verdict", "document", "month", "pack")
Counts = dict[str, dict[str, int]]
Fetch = Callable[[str, dict[str, Any]], list[Any]]
Range = tuple[date | None, date | None]

# Each corrected contact: its log, the record it corrects and its latest correction.
_FIXES = """fixes AS (
    SELECT log_id, corrects, max(seq) AS latest FROM brightline.contact
    WHERE corrects IS NOT NULL AND kind = 'correction' GROUP BY log_id, corrects
)"""
# A corrected contact counts as its latest correction says, in the period it gives.
_CORRECTED = """
    SELECT c.request_type, c.verdict, c.document, c.contact_local, c.pack_id, c.pack_version, -1 AS n
    FROM fixes f JOIN brightline.contact c ON c.log_id = f.log_id AND c.seq = f.corrects WHERE true{period}
    UNION ALL
    SELECT c.request_type, c.verdict, c.document, c.contact_local, c.pack_id, c.pack_version, 1 AS n
    FROM fixes f JOIN brightline.contact c ON c.log_id = f.log_id AND c.seq = f.latest WHERE true{period}"""
_FIRST_RECORDS = """
    SELECT c.request_type, c.verdict, c.document, c.contact_local, c.pack_id, c.pack_version, 1 AS n
    FROM brightline.contact c WHERE c.kind = 'record'{where}"""

_FROM_RECORDS = f"""
WITH {_FIXES}, counted AS ({_FIRST_RECORDS.format(where="{period}")}
    UNION ALL{_CORRECTED}
)
SELECT GROUPING(request_type, verdict, document, month, pack), request_type, verdict, document, month, pack, sum(n)
FROM (SELECT request_type, verdict, document, left(contact_local, 7) AS month, pack_id || ' ' || pack_version AS pack, n
      FROM counted) x
GROUP BY GROUPING SETS ((request_type), (verdict), (document), (month), (pack))
"""

_VALUES = ", ".join(f"('{name}', r.{name})" for name, _ in KEPT)
_FROM_KEPT = f"""
WITH {_FIXES}, read AS ({{parts}}{_CORRECTED}
), counted AS (
    SELECT k.grouping, k.value, k.month, k.contacts AS n FROM brightline.contact_count k WHERE {{kept}}
    UNION ALL
    SELECT g.grouping, g.value, r.month, r.n
    FROM (SELECT request_type, verdict, document, pack_id || ' ' || pack_version AS pack,
                 left(contact_local, 7) AS month, sum(n) AS n FROM read GROUP BY 1, 2, 3, 4, 5) r
    CROSS JOIN LATERAL (VALUES {_VALUES}) g(grouping, value)
)
SELECT grouping, value, sum(n) FROM counted GROUP BY 1, 2
UNION ALL
-- Each contact has one verdict: the months are the verdicts' counts by month.
SELECT 'month', month, sum(n) FROM counted WHERE grouping = 'verdict' GROUP BY 2
"""


def _bound(column: str, op: str, name: str, value: date | None) -> str:
    return f" AND {column} {op} %({name})s" if value is not None else ""


def _next_month(day: date) -> date | None:
    """The first day of the month after `day`'s; None after the last month a date can hold."""
    try:
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    except OverflowError:
        return None


def _whole_months(start: date | None, end: date | None, params: dict[str, Any]) -> tuple[str, list[Range]]:
    """Which dated kept counts the period [start, end) covers (SQL over alias k, its parameters
    added to `params`), and the ranges of contact times left to read from the records: whole
    months run from the first first-of-month at or after the start to the first day of the
    month the end falls in."""
    whole_from = start if start is None or start.day == 1 else _next_month(start)
    whole_to = end.replace(day=1) if end is not None else None
    if (whole_from is None and start is not None) or (whole_from and whole_to and whole_from >= whole_to):
        return "false", [(start, end)]
    params.update(month_from=whole_from and whole_from.isoformat()[:7], month_to=whole_to and whole_to.isoformat()[:7])
    dated = (
        "k.day = ''" + _bound("k.month", ">=", "month_from", whole_from) + _bound("k.month", "<", "month_to", whole_to)
    )
    ranges = [(start, whole_from)] if start != whole_from else []
    ranges += [(whole_to, end)] if whole_to != end else []
    return dated, ranges


def count_contacts(fetch: Fetch, date_from: date | None, date_to: date | None, *, kept: bool = True) -> Counts:
    """Contacts in the period (dates inclusive; None: open) per value of each of GROUPINGS;
    `fetch(sql, params)` runs a statement on the server. `kept`: sum the counts the server
    keeps where they cover the period, else count every record."""
    start = date_from
    end = day_after(date_to)
    params: dict[str, Any] = {"from": start and start.isoformat(), "to": end and end.isoformat()}
    period = _bound("c.contact_local", ">=", "from", start) + _bound("c.contact_local", "<", "to", end)
    counts: Counts = {g: {} for g in GROUPINGS}
    if not kept:
        for mask, *values, n in fetch(_FROM_RECORDS.format(period=period), params):
            # GROUPING() sets the bit of every column not grouped: the one clear names the set.
            position = next(i for i in range(5) if not int(mask) & (1 << (4 - i)))
            if n:
                counts[GROUPINGS[position]][str(values[position] or "")] = int(n)
        return counts
    dated, ranges = _whole_months(start, end, params)
    undated = "k.day <> ''" + _bound("k.day", ">=", "from", start) + _bound("k.day", "<", "to", end)
    parts = []
    for i, (low, high) in enumerate(ranges):
        params.update({f"low{i}": low and low.isoformat(), f"high{i}": high and high.isoformat()})
        where = _bound("c.contact_local", ">=", f"low{i}", low) + _bound("c.contact_local", "<", f"high{i}", high)
        # Undated contact times are kept by day, whatever month they would fall in.
        parts.append(_FIRST_RECORDS.format(where=f"{where} AND c.contact_local ~ '{DATED}'") + "\n    UNION ALL")
    sql = _FROM_KEPT.format(parts="".join(parts), kept=f"({dated}) OR ({undated})", period=period)
    for grouping, value, n in fetch(sql, params):
        if n:
            counts[str(grouping)][str(value or "")] = int(n)
    return counts
