"""PDF forms of the contact log: an export of records and the audit report with bar charts.

Drawn with QPdfWriter and QPainter, with no network and no external resources, so it works on a
workstation without a display (QT_QPA_PLATFORM=offscreen) and from the command line. The data
comes from `brightline.core.contact_log.exports`; nothing here reads the database.

Nothing is lost to the page: text is laid out line by line (QTextLayout) and flows onto as many
pages as it needs, and a word longer than the line (a pasted link, a run of digits) is broken
anywhere rather than cut at the margin. A record is kept on one page when it fits on one.

Both are archival PDF/A-1b (every font embedded, nothing left to the reader's machine): exports
and reports are public records. Every value is in words (`brightline.core.contact_log.wording`),
every time local.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPdfWriter,
    QTextLayout,
    QTextOption,
)

from brightline.core.contact_log.exports import AuditReport, Count, ExportInfo, header_lines
from brightline.core.contact_log.records import ContactRecord
from brightline.core.contact_log.wording import (
    TEXT_FIELD_WORDS,
    RecordWording,
    checkpoint_words,
    contact_zone_time,
    contacts_words,
    count_words,
    kind_label,
    local_time,
    records,
    verification_words,
)
from brightline.reports.qtpdf import ensure_gui_application, new_pdf_writer

if TYPE_CHECKING:
    from brightline.core.department.summary import DepartmentSummary

_DPI = 144  # layout units: 2 per point; output is vector either way
_GREY = QColor(0x55, 0x55, 0x55)  # the footer's ink
_LINE_GAP = 4.0  # after each text


class _Pages:
    """A painter on a PDF with a moving cursor, page breaks and a footer on every page."""

    def __init__(self, writer: QPdfWriter, footer: str) -> None:
        self.writer = writer
        self.painter = QPainter(writer)
        self.footer = footer
        rect = writer.pageLayout().paintRectPixels(_DPI)
        self.width = float(rect.width())
        self.height = float(rect.height()) - 40.0  # room for the footer
        self.y = 0.0
        self.page = 1
        self.fonts = {
            "title": self._font(15, bold=True),
            "heading": self._font(11.5, bold=True),
            "body": self._font(9),
            "bold": self._font(9, bold=True),
            "small": self._font(7.5),
        }
        self.metrics = {name: QFontMetricsF(font, writer) for name, font in self.fonts.items()}
        self._layouts: dict[tuple[str, str, float], QTextLayout] = {}
        self._style = ""
        self._wrap = QTextOption()
        self._wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    @staticmethod
    def _font(points: float, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(points)
        font.setBold(bold)
        # No ligatures: hashes, checkpoint lines and names are copied out of these PDFs, and "ff"
        # drawn as one glyph comes back as U+FB00, which no longer matches.
        for feature in ("liga", "clig", "dlig"):
            font.setFeature(QFont.Tag(feature), 0)
        return font

    def use(self, style: str) -> None:
        """Draw in this style from now on (fonts are switched only when they change)."""
        if style != self._style:
            self.painter.setFont(self.fonts[style])
            self._style = style

    def _draw_footer(self) -> None:
        self.use("small")
        self.painter.setPen(_GREY)
        rect = QRectF(0, self.height + 12, self.width, 28)
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, self.footer)
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignRight, f"Page {self.page}")
        self.painter.setPen(QColor(0, 0, 0))

    def new_page(self) -> None:
        self._draw_footer()
        self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def need(self, height: float) -> None:
        """Start a new page unless `height` more fits on this one."""
        if self.y + height > self.height and self.y > 0:
            self.new_page()

    def _layout(self, text: str, style: str, indent: float) -> QTextLayout:
        """`text` broken into lines of the page's width, words kept whole where they fit (laid
        out once per text: a record's height is measured before it is drawn)."""
        key = (text, style, indent)
        layout = self._layouts.get(key)
        if layout is None:
            # QTextLayout breaks lines at U+2028, not at a newline.
            layout = QTextLayout(text.replace("\r\n", "\n").replace("\n", "\u2028"), self.fonts[style], self.writer)
            layout.setTextOption(self._wrap)
            layout.beginLayout()
            y = 0.0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(self.width - indent)
                line.setPosition(QPointF(0, y))
                y += line.height()
            layout.endLayout()
            if len(self._layouts) > 256:
                self._layouts.clear()
            self._layouts[key] = layout
        return layout

    def text_height(self, text: str, style: str, indent: float = 0.0) -> float:
        """The height `text` takes wrapped to the page width."""
        layout = self._layout(text, style, indent)
        return sum(layout.lineAt(i).height() for i in range(layout.lineCount())) + _LINE_GAP

    def text(self, text: str, style: str = "body", indent: float = 0.0) -> None:
        """Draw `text` from the cursor on, line by line, onto as many pages as it takes."""
        layout = self._layout(text, style, indent)
        self.use(style)
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            self.need(line.height())
            line.draw(self.painter, QPointF(indent, self.y - line.y()))
            self.y += line.height()
        self.y += _LINE_GAP

    def gap(self, height: float = 10.0) -> None:
        self.y += height

    def finish(self) -> None:
        self._draw_footer()
        self.painter.end()


def _open_writer(path: Path, title: str) -> tuple[QPdfWriter, str]:
    """A writer on a temporary file beside `path` (renamed on success)."""
    ensure_gui_application()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return new_pdf_writer(tmp, title, margin_mm=15, dpi=_DPI), tmp


def _record_lines(record: ContactRecord, wording: RecordWording) -> list[tuple[str, str]]:
    d = record.draft
    facts = dict(wording.fields(record))
    link = f" \u2014 {kind_label(d.kind).lower()} of record #{d.corrects}" if d.corrects is not None else ""
    gap = "    "
    machine = f"Machine {record.machine}: " if record.machine else ""
    lines = [
        ("bold", f"{machine}Record #{record.id} \u2014 contact on {facts['Date and time of contact']}{link}"),
        (
            "body",
            f"Staff member: {facts['Staff member'] or 'not given'}{gap}Agency: {d.agency or 'not given'}{gap}"
            f"Official (as given): {facts['Official (as given)'] or 'not given'}",
        ),
        (
            "body",
            f"How the contact came: {facts['How the contact came'] or 'not given'}{gap}"
            f"Document presented: {facts['Document presented'] or 'not given'}",
        ),
        ("body", f"What was requested: {facts['What was requested']}"),
        ("body", f"Response given: {facts['Response given']}"),
    ]
    if d.path:
        lines.append(("small", "Path of answers: " + "; ".join(wording.path(d))))
    if d.citations:
        lines.append(("small", "Citations shown: " + "; ".join(wording.citation(d.pack_id, r) for r in d.citations)))
    if record.redacts:
        what = TEXT_FIELD_WORDS.get(record.redacts, record.redacts)
        lines.append(("body", f"Redaction: record #{d.corrects}'s {what} erased. Reason: {facts['Notes']}"))
    elif facts["Notes"]:
        lines.append(("body", f"Notes: {facts['Notes']}"))
    tail = f"Guidance: {wording.guidance(d)}{gap}Logged {contact_zone_time(d, record.recorded_at)}"
    if record.hash:
        tail += f"{gap}Record hash: {record.hash}"
    lines.append(("small", tail))
    return lines


def write_records_pdf(
    path: Path, records: Iterable[ContactRecord], info: ExportInfo, wording: RecordWording | None = None
) -> int:
    """Write the records (already filtered and, if asked, redacted) as an archival PDF (PDF/A-1b:
    the export is a public record); `wording`, with the packs, words the citations and packs.
    Return how many records were written."""
    wording = wording or RecordWording()
    writer, tmp = _open_writer(path, "Brightline contact log export")
    pages = _Pages(writer, f"Brightline contact log export \u2014 exported {local_time(info.exported_at)}")
    count = 0
    try:
        pages.text("Contact log export", "title")
        for line in header_lines(info)[1:]:
            pages.text(line, "body")
        pages.gap(16)
        for record in records:
            lines = _record_lines(record, wording)
            # Keep a record on one page when it fits on one (one taller than a page starts here).
            height = sum(pages.text_height(t, s) for s, t in lines) + 12
            if height <= pages.height:
                pages.need(height)
            for style, text in lines:
                pages.text(text, style)
            pages.gap(12)
            count += 1
        if count == 0:
            pages.text("No contacts were logged in this period.", "body")
        pages.finish()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


@dataclass(frozen=True)
class ChartColours:
    """The colours of the audit report's bars ("#rrggbb"): the window passes its palette's, so a
    verdict has the same colour on paper as on screen."""

    bar: str = "#555555"  # a chart of one series
    muted: str = "#555555"  # pack versions, footers
    verdicts: Mapping[str, str] = field(default_factory=dict)  # strong colour by verdict


def _bar_chart(pages: _Pages, title: str, counts: Sequence[Count], colour: Callable[[Count], str]) -> None:
    """A horizontal bar chart: label, bar scaled to the largest count, the count."""
    pages.need(90)
    pages.text(title, "heading")
    if not counts:
        pages.text("None in this period.", "small")
        pages.gap()
        return
    painter = pages.painter
    label_width = pages.width * 0.38
    bar_space = pages.width - label_width - 90
    largest = max(c.count for c in counts) or 1
    row = 26.0
    metrics = pages.metrics["body"]
    for item in counts:
        pages.need(row)
        pages.use("body")
        label = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, label_width - 10)
        painter.drawText(
            QRectF(0, pages.y, label_width - 10, row),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
            label,
        )
        width = max(1.0, bar_space * item.count / largest)
        painter.fillRect(QRectF(label_width, pages.y + 5, width, row - 10), QColor(colour(item)))
        painter.drawText(
            QRectF(label_width + width + 8, pages.y, 90, row), int(Qt.AlignmentFlag.AlignVCenter), f"{item.count:,}"
        )
        pages.y += row
    pages.gap(14)


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "never"


def _department_section(pages: _Pages, summary: DepartmentSummary) -> None:
    """The machines of the department: records held, when each last sent and was last heard
    of, what it still held unsent then; refusals; each machine's chain check."""
    pages.need(90)
    pages.text(f"Machines of {summary.name}", "heading")
    pages.text(
        f"{count_words(len(summary.machines), 'machine')} enrolled; {summary.machines_with_unsent:,} had records not "
        f"yet sent at their last check-in; {len(summary.open_refusals):,} "
        f"{'is' if len(summary.open_refusals) == 1 else 'are'} refused until IT looks at them.",
        "bold",
    )
    for m in summary.machines:
        waiting = "not heard from yet" if m.last_heard is None else (
            f"{count_words(m.waiting or 0, 'contact record')}, {count_words(m.training_waiting or 0, 'training record')} "
            f"and {count_words(m.acknowledgments_waiting or 0, 'acknowledgment')} waiting at its last check-in "
            f"({_when(m.last_heard)})"
        )  # fmt: skip
        unit = f" ({m.unit})" if m.unit else ""
        pages.text(f"{m.machine}{unit}: {records(m.records)} on the server, last sent {_when(m.last_sent)}; {waiting}")
    pages.gap(10)
    pages.text("Refused by the server", "heading")
    if not summary.refusals and not summary.open_refusals:
        pages.text("none", "small")
    for r in summary.open_refusals:
        pages.text(f"STILL REFUSED: {r.machine}, since {_when(r.at)} ({r.reason}): {r.detail}", "bold")
    for line in summary.refusals:
        pages.text(f"{_when(line.at)}  {line.machine} ({line.reason}): {line.detail}", "small")
    if summary.checks:
        pages.gap(10)
        pages.text("Each machine's chain, signed checkpoints and kept counts", "heading")
        for check in summary.checks:
            pages.text(check, "small")


def write_report_pdf(path: Path, report: AuditReport, colours: ChartColours | None = None) -> None:
    """Write the audit report as an archival PDF (PDF/A-1b): figures, bar charts (each verdict in
    its colour), chain verification, pack versions."""
    colours = colours or ChartColours()
    writer, tmp = _open_writer(path, "Brightline contact log audit report")
    pages = _Pages(writer, f"Brightline audit report \u2014 generated {local_time(report.generated_at)}")
    try:
        period = f"{report.date_from or 'the first record'} to {report.date_to or 'the last record'}"
        pages.text("Contacts with federal immigration authorities \u2014 audit report", "title")
        pages.text(
            f"Period: {period} (by the contact's local date).    Generated {local_time(report.generated_at)} "
            "(local time).",
            "body",
        )
        pages.text(f"The log held {records(report.head.count)}; the last record's hash is {report.head.hash}.", "small")
        if report.checkpoint is not None:
            pages.text(checkpoint_words(report.checkpoint), "small")
            pages.text(f"Checkpoint line, to file: {report.checkpoint.line()}", "small")
        pages.text(verification_words(report.verification), "bold")
        pages.gap(12)
        pages.text(contacts_words(report), "bold")
        pages.text(
            "A corrected contact is counted once, as corrected; addenda add to a contact "
            "and are not counted as contacts.",
            "small",
        )
        pages.gap(12)
        _bar_chart(
            pages,
            "By response (verdict of the guidance)",
            report.by_verdict,
            lambda c: colours.verdicts.get(c.key, colours.bar),
        )
        _bar_chart(pages, "By request type", report.by_request_type, lambda c: colours.bar)
        _bar_chart(pages, "By document presented", report.by_document, lambda c: colours.bar)
        _bar_chart(pages, "By month", report.by_month, lambda c: colours.bar)
        _bar_chart(pages, "Pack versions in use", report.pack_versions, lambda c: colours.muted)
        if report.department is not None:
            _department_section(pages, report.department)
        pages.finish()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
