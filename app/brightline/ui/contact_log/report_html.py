"""The audit report as the window shows it: the figures and a bar chart per grouping. Qt-free.

The same data, words and colours as the PDF (`brightline.reports.pdf.write_report_pdf`) draws:
each verdict's bar in the colour the guide gives that verdict; this is the on-screen form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from brightline.core.contact_log.wording import checkpoint_summary, contacts_words, local_time, verification_words
from brightline.ui import palette
from brightline.ui.contact_log.style import chart_colours

if TYPE_CHECKING:
    from brightline.core.contact_log.exports import AuditReport, Count


def _chart(title: str, counts: Sequence[Count], colour: Callable[[Count], str]) -> str:
    if not counts:
        return f'<p class="heading">{escape(title)}</p><p class="muted">None in this period.</p>'
    largest = max(c.count for c in counts) or 1
    rows = []
    for item in counts:
        share = max(1, round(100 * item.count / largest))
        rows.append(
            f'<tr><td width="38%" align="right">{escape(item.label)}</td>'
            f'<td width="50%"><table width="{share}%" cellspacing="0" cellpadding="0">'
            f'<tr><td bgcolor="{colour(item)}">&nbsp;</td></tr></table></td>'
            f'<td width="12%">{item.count:,}</td></tr>'
        )
    return (
        f'<p class="heading">{escape(title)}</p>'
        f'<table width="100%" cellspacing="2" cellpadding="2">{"".join(rows)}</table>'
    )


def report_html(report: AuditReport) -> str:
    """The report's figures and charts as HTML for a text view."""
    colours = chart_colours()
    period = f"{report.date_from or 'the first record'} to {report.date_to or 'the last record'}"
    check = report.verification
    verified = escape(verification_words(check))
    if check is not None and not check.ok:
        verified = f'<b style="color: {palette.ERROR_TEXT};">{verified}</b>'
    signed = f"{checkpoint_summary(report.checkpoint)} " if report.checkpoint else ""
    parts = [
        f'<p class="title">Contacts with federal immigration authorities from {escape(period)}</p>',
        f"<p><b>{escape(contacts_words(report))}</b></p>",
        '<p class="muted">A corrected contact counts once, as corrected; addenda add to a contact and are '
        "not counted as contacts. Dates are the contact's local date.</p>",
        f"<p>{verified}</p>",
        f'<p class="muted">{escape(signed)}Generated {escape(local_time(report.generated_at))} (local time).</p>',
        _chart(
            "By response (verdict of the guidance)",
            report.by_verdict,
            lambda c: colours.verdicts.get(c.key, colours.bar),
        ),
        _chart("By request type", report.by_request_type, lambda c: colours.bar),
        _chart("By document presented", report.by_document, lambda c: colours.bar),
        _chart("By month", report.by_month, lambda c: colours.bar),
        _chart("Pack versions in use", report.pack_versions, lambda c: colours.muted),
    ]
    return "".join(parts)
