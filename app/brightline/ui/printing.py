"""Printing an outcome and saving it as PDF with Qt's own printing (no other library).

QtPrintSupport is imported only when the user prints, so it costs nothing at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from brightline.ui.html import STYLE

# The HTML gives its tables' padding in CSS pixels (1/96 inch); at the device's native 1200 dpi
# they would print microscopically small. Text stays vector either way.
PRINT_DPI = 96
PRINT_POINTS = 11  # the printed text's size; the HTML's sizes are relative to it


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont(QApplication.font())
    font.setPointSizeF(PRINT_POINTS)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(STYLE)
    document.setHtml(html)
    return document


def save_pdf(html: str, path: Path, title: str) -> None:
    """Write `html` as a PDF at `path`; raises OSError when the file cannot be written."""
    with open(path, "wb"):  # fail with a clear OSError before Qt fails quietly
        pass
    writer = QPdfWriter(str(path))
    writer.setResolution(PRINT_DPI)
    writer.setTitle(title)
    writer.setCreator("Brightline")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds its own 2 cm margins; more from the page would waste paper.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    _document(html).print_(writer)


def print_with_dialog(html: str, title: str, parent: QWidget) -> bool:
    """Ask for a printer and print `html`; False when the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PRINT_DPI)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print outcome")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _document(html).print_(printer)
    return True
