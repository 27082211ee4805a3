"""Help → About Brightline: the version, the packs and their versions, and the licences.

A small dialog of two tabs: what this copy is (Brightline's version, Qt's, PySide6's and Python's,
each pack's version and status), and the third-party notices (resources/licenses/, the same file
the bundle carries), with the folder that holds the full licence texts. The Help menu
(`brightline.ui.menus`) opens it.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from brightline import __version__
from brightline.core.startcache.index import PackSummary
from brightline.ui.screen_fit import reading_size, resize_within_screen
from brightline.ui.wording import escape_html

NOTICES = Path("licenses") / "THIRD-PARTY-NOTICES.md"


def versions_text(packs: Sequence[PackSummary]) -> str:
    """The About tab's HTML: versions of Brightline, its libraries and each pack."""
    import PySide6

    rows = "".join(
        f"<tr><td>{escape_html(p.name)}</td><td>{escape_html(p.version)}</td><td>{escape_html(p.status)}</td></tr>"
        for p in packs
    )
    return (
        f"<h2>Brightline {escape_html(__version__)}</h2>"
        "<p>An offline guide to a city's sanctuary / safe-city policy. <b>Guidance, not legal advice.</b></p>"
        f"<p>Qt {escape_html(qVersion())} · PySide6 {escape_html(PySide6.__version__)} · "
        f"Python {escape_html(platform.python_version())}</p>"
        "<h3>Packs</h3>"
        + (
            f"<table cellpadding='3'><tr><th align='left'>pack</th><th align='left'>version</th>"
            f"<th align='left'>status</th></tr>{rows}</table>"
            if packs
            else "<p>No pack is loaded.</p>"
        )
        + "<p>Brightline is free software under the MIT licence; see <i>Licences</i>.</p>"
    )


class AboutDialog(QDialog):
    """Version, packs and licences, in two tabs."""

    def __init__(self, resources: Path | None, packs: Sequence[PackSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Brightline")
        self.tabs = QTabWidget()
        self.versions = _browser(versions_text(packs), html=True)
        self.tabs.addTab(self.versions, "&About")
        notices = (resources or Path("resources")) / NOTICES
        try:
            text = notices.read_text(encoding="utf-8")
        except OSError:
            text = f"The licence notices are missing from this installation (expected at {notices})."
        licences = QWidget()
        self.notices = _browser(text, html=False)
        where = QLabel(f"The full licence texts are in {notices.parent}")
        where.setObjectName("licenceFolder")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(licences)
        layout.addWidget(self.notices)
        layout.addWidget(where)
        self.tabs.addTab(licences, "&Licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(buttons)
        resize_within_screen(self, reading_size(self, self.versions, 80))


def _browser(text: str, *, html: bool) -> QTextBrowser:
    browser = QTextBrowser()
    # Offline: links are shown, never followed (the notices name where the sources are).
    browser.setOpenLinks(False)
    browser.setOpenExternalLinks(False)
    browser.document().setDocumentMargin(12)
    if html:
        browser.setHtml(text)
    else:
        browser.setMarkdown(text)
    return browser
