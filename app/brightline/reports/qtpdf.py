"""Write HTML to a PDF file with Qt's own text engine (no extra library, no network).

Works without a display: if no Qt application exists, an offscreen QGuiApplication is made.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QGuiApplication, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument


def ensure_gui_application() -> QCoreApplication:
    """Return the running Qt application, creating a QGuiApplication if there is none.

    Fonts need a QGuiApplication. On Linux without a display the offscreen platform is chosen,
    so exports and reports work over SSH and in scheduled jobs.
    """
    app = QCoreApplication.instance()
    if app is not None:
        return app
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0] if sys.argv else "brightline"])


def new_pdf_writer(target: str, title: str, margin_mm: float, dpi: int) -> QPdfWriter:
    """A Letter, portrait, archival (PDF/A-1b) PDF writer with Brightline's metadata (needs a
    Qt application)."""
    writer = QPdfWriter(target)
    writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator("Brightline")
    margins = QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            margins,
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def html_to_pdf(path: Path, html: str, title: str) -> None:
    """Render `html` (already escaped) to `path` as an A4/Letter-neutral PDF with margins."""
    ensure_gui_application()
    writer = new_pdf_writer(str(path), title, margin_mm=18, dpi=96)
    document = QTextDocument()
    font = QFont(document.defaultFont())
    # No ligatures: names and words are copied and searched out of these PDFs, and "fi" drawn as
    # one glyph comes back as U+FB01 ("Certiﬁcate"), which no search finds.
    for feature in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "body { font-family: sans-serif; font-size: 10pt; } h1 { font-size: 18pt; } h2 { font-size: 14pt; }"
        "table { border-collapse: collapse; } th, td { padding: 3px 6px; border: 1px solid #888; }"
    )
    document.setHtml(html)
    layout = writer.pageLayout()
    rect = layout.paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"Qt wrote no PDF to {path}")
