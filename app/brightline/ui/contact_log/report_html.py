"""The audit report as the window shows it: the figures and a bar chart per grouping. Qt-free.

The same data as the PDF (`brightline.reports.pdf.write_report_pdf`) draws; this is the on-screen form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from brightline.ui.contact_log import words
from brightline.ui.verdicts import verdict_look

if TYPE_CHECKING:
    from brightline.core.contact_log.exports import AuditReport, Count

_BAR = "#2b5d8c"
_DECLINE = "#2e7d32"


def _chart(title: str, counts: Sequence[Count], label: Callable[[Count], str], highlight: str = "") -> str:
    if not counts:
        return f'<p class="heading">{escape(title)}</p><p class="muted">None in this period.</p>'
    largest = max(c.count for c in counts) or 1
    rows = []
    for item in counts:
        share = max(1, round(100 * item.count / largest))
        colour = _DECLINE if highlight and item.key == highlight else _BAR
        rows.append(
            f'<tr><td width="38%" align="right">{escape(label(item))}</td>'
            f'<td width="50%"><table width="{share}%" cellspacing="0" cellpadding="0">'
            f'<tr><td bgcolor="{colour}">&nbsp;</td></tr></table></td>'
            f'<td width="12%">{item.count:,}</td></tr>'
        )
    return (
        f'<p class="heading">{escape(title)}</p>'
        f'<table width="100%" cellspacing="2" cellpadding="2">{"".join(rows)}</table>'
    )


def report_html(report: AuditReport) -> str:
    """The report's figures and charts as HTML for a text view."""
    period = f"{report.date_from or 'the first record'} to {report.date_to or 'the last'}"
    check = report.verification
    if check is None:
        verified = '<p class="muted">The chain was not verified for this report.</p>'
    elif check.ok:
        verified = (
            f"<p>\u2713 Log verified: {words.records(check.count)}; every hash, column and kept text "
            "matches, and the log extends every head seen before.</p>"
        )
    else:
        verified = f"<p><b>\u26a0 Chain verification FAILED:</b> {escape(words.verify_failure(check))}.</p>"
    share = f"{report.decline_share:.1%}" if report.contacts else "\u2014"
    follow = ", ".join(f"{n:,} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(report.follow_ups.items()))
    parts = [
        f'<p class="title">Contacts with federal immigration authorities from {escape(period)}</p>',
        f"<p><b>{report.contacts:,}</b> contact{'s' if report.contacts != 1 else ''}; the guidance was to "
        f"decline in <b>{report.declined:,}</b> ({share}). Corrections and addenda: {escape(follow or 'none')}.</p>",
        '<p class="muted">A corrected contact counts once, as corrected; addenda add to a contact and are '
        "not counted as contacts. Dates are the contact's local date.</p>",
        verified,
        f'<p class="muted">{escape(report.checkpoint.summary() if report.checkpoint else "")} '
        f"Generated {escape(report.generated_at)} (UTC).</p>",
        _chart(
            "By response (verdict of the guidance)",
            report.by_verdict,
            lambda c: verdict_look(c.key).word if c.key else c.label,
            highlight="decline",
        ),
        _chart("By request type", report.by_request_type, lambda c: c.label),
        _chart("By document presented", report.by_document, lambda c: words.document_label(c.key) or c.label),
        _chart("By month", report.by_month, lambda c: c.label),
        _chart("Pack versions in use", report.pack_versions, lambda c: c.label),
    ]
    return "".join(parts)
