"""What the window says of the department sync, in a line: quiet while things are normal (records
wait while a laptop is out of reach, and are sent when it is back), loud when something is wrong
and stays wrong. Qt-free.

  quiet  "Department: all sent" · "Department: 12 waiting, last sent 09:40" · "Department: sending…"
  loud   the server refused this machine's records (at once: IT must look);
         a set-up problem (credentials, schema, enrolment, no PostgreSQL library) for over an hour;
         nothing sent for over a day while records wait
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.core.department.status import DepartmentStatus

LOUD_AFTER_SETUP_PROBLEM = timedelta(hours=1)
LOUD_AFTER_UNSENT = timedelta(hours=24)


@dataclass(frozen=True)
class SyncLine:
    """The status bar's line, whether it is a warning, and the details behind it."""

    text: str
    loud: bool
    detail: str


def _parse(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def when(stamp: str, now: datetime) -> str:
    """A time for people: "09:40" today, "3 Mar 09:40" otherwise, in local time."""
    moment = _parse(stamp)
    if moment is None:
        return "never"
    local, today = moment.astimezone(), now.astimezone()
    return f"{local:%H:%M}" if local.date() == today.date() else f"{local.day} {local:%b %H:%M}"


def _for(since: str, now: datetime) -> str:
    moment = _parse(since)
    if moment is None:
        return ""
    hours = int((now - moment).total_seconds() // 3600)
    return f" for {hours // 24} days" if hours >= 48 else f" for {hours} hours" if hours >= 2 else ""


def sync_line(status: DepartmentStatus, now: datetime, syncing: bool = False) -> SyncLine:
    """The line for `status` at `now` (see the module docstring)."""
    state = status.state
    waiting = status.contacts.waiting + status.training.waiting + status.acknowledgments.waiting
    sent = f"last sent {when(state.last_sent_at, now)}"
    detail = (
        f"Contact records waiting: {status.contacts.waiting:,} of {status.contacts.local:,}; training records "
        f"waiting: {status.training.waiting:,}; acknowledgments waiting: {status.acknowledgments.waiting:,}. "
        f"Last sent {when(state.last_sent_at, now)}; last sync without problems {when(state.last_success_at, now)}."
    )
    if state.problem:
        detail += f"\nLast problem ({when(state.last_attempt_at, now)}): {state.problem}"
    since = _parse(state.problem_since)
    lasting = now - since if since else timedelta(0)
    if state.problem_code == "refused":
        return SyncLine("\u26a0 Department: records refused by the server; tell IT", True, detail)
    if state.problem_code and state.problem_code != "unreachable" and lasting > LOUD_AFTER_SETUP_PROBLEM:
        return SyncLine(f"\u26a0 Department: cannot send{_for(state.problem_since, now)}; tell IT", True, detail)
    sent_moment = _parse(state.last_sent_at) or _parse(state.last_success_at)
    unsent_for = now - sent_moment if sent_moment else lasting
    if waiting and state.problem_code and unsent_for > LOUD_AFTER_UNSENT:
        return SyncLine(
            f"\u26a0 Department: {waiting:,} waiting, not sent{_for(state.problem_since, now)}", True, detail
        )
    if syncing:
        return SyncLine("Department: sending\u2026", False, detail)
    if waiting:
        return SyncLine(f"Department: {waiting:,} waiting, {sent}", False, detail)
    return SyncLine("Department: all sent", False, detail)
