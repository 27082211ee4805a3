"""The reading panel beside a question or an outcome: a help article or a cited provision.

A citation opens here, in place, never in a dialog or a browser. Links inside the panel are
internal (`cite:` only); the text browser is told never to follow a link itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from brightline.core.model import HelpArticle, Pack
from brightline.ui.html import CITE_SCHEME, citations_html, help_html, provision_html
from brightline.ui.text_views import LinkBrowser, make_browser

# The log and training windows import make_browser from here.
__all__ = ["ReferencePanelWidget", "make_browser"]


class ReferencePanelWidget(QWidget):
    """Shows a "home" text (a help article, or an outcome's list of citations) and, in its place,
    any provision chosen from it, with a button back to the home text."""

    returned_home = Signal()
    """The user went back from a provision to the home text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referencePanel")
        self._pack: Pack | None = None
        self._home: tuple[str, str, str] = ("", "", "")  # heading, html, back-button text
        self._home_key: tuple[object, ...] = ()
        self._ref = ""
        self._heading = QLabel()
        self._heading.setObjectName("panelHeading")
        self._back = QPushButton()
        self._back.setObjectName("linkButton")
        self._back.setAutoDefault(True)  # Enter presses it, as Space does
        self._back.clicked.connect(self._on_back_clicked)
        self.browser = LinkBrowser(self, "referenceText")
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self._heading, 1)
        top.addWidget(self._back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.show_placeholder("", "")

    @property
    def shown_ref(self) -> str:
        """The provision on show ("" when showing the home text)."""
        return self._ref

    def text(self) -> str:
        """What the panel shows, as plain text."""
        return self._heading.text() + "\n" + self.browser.toPlainText()

    def show_placeholder(self, heading: str, message: str) -> None:
        """Show a quiet message (our own words, not pack text)."""
        key = ("placeholder", heading, message)
        if key != self._home_key or self._ref:
            self._set_home(key, heading, f'<p class="muted">{message}</p>' if message else "", "")

    def show_help(self, pack: Pack, article: HelpArticle | None) -> None:
        """Show a help article (nothing, when the question has none: the page then hides the panel)."""
        if article is None:
            self.show_placeholder("", "")
            return
        key = ("help", id(pack), article.id)
        if key == self._home_key and not self._ref:
            return  # the same article as on the step before: skip re-laying out its text
        self._pack = pack
        self._set_home(key, "Help", help_html(pack, article), "\u2190 Back to help")

    def show_citations(self, pack: Pack, refs: list[str]) -> None:
        """Show a list of citations; choosing one shows that provision here."""
        self._pack = pack
        hint = '<p class="muted">The law and policy this rests on. Select one to read it here.</p>'
        self._set_home(
            ("cited", id(pack), tuple(refs)), "Cited", hint + citations_html(pack, refs), "\u2190 All citations"
        )

    def show_provision(self, pack: Pack, ref: str) -> None:
        """Show a cited provision with its source, section, status and kind of text."""
        self._pack, self._ref = pack, ref
        self._heading.setText("Citation")
        self.browser.setHtml(provision_html(pack, ref))
        self._back.setText(self._home[2])
        self._back.setVisible(bool(self._home[2]))

    def _set_home(self, key: tuple[object, ...], heading: str, html: str, back: str) -> None:
        self._home_key, self._home, self._ref = key, (heading, html, back), ""
        self._heading.setText(heading)
        self.browser.setHtml(html)
        self._back.setVisible(False)

    @Slot(QUrl)
    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == CITE_SCHEME and self._pack is not None:
            self.show_provision(self._pack, url.path())

    @Slot()
    def _on_back_clicked(self) -> None:
        heading, html, _ = self._home
        self._ref = ""
        self._heading.setText(heading)
        self.browser.setHtml(html)
        self._back.setVisible(False)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        self.returned_home.emit()
