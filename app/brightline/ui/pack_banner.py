"""The notice that is always on screen: guidance, not legal advice, and which pack says so —
its status, version, effective date and approver. Proposed policies, community demands and model
policies get a second, unmistakable line (a symbol and words, not only a colour)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from brightline.ui.wording import DISCLAIMER, STATUS_WARNINGS, escape_html, pack_facts

if TYPE_CHECKING:
    from brightline.core.model import Manifest
    from brightline.core.startcache.index import PackSummary


class PackBannerWidget(QFrame):
    """Guidance notice and the chosen pack's standing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packBanner")
        self._facts = QLabel(self)
        self._facts.setObjectName("packFacts")
        self._warning = QLabel(self)
        self._warning.setObjectName("statusWarning")
        self._facts.setTextFormat(Qt.TextFormat.RichText)
        self._warning.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self._facts, self._warning):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._plain = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(6)
        layout.addWidget(self._facts)
        layout.addWidget(self._warning)
        self.show_manifest(None)

    def show_manifest(self, manifest: Manifest | PackSummary | None) -> None:
        if manifest is None:
            self._plain = DISCLAIMER
            self._facts.setText(f"<b>{DISCLAIMER}</b>")
            self._warning.setVisible(False)
            return
        facts = f"{manifest.name} \u2014 {pack_facts(manifest)}"
        self._plain = f"{DISCLAIMER} {facts}"
        self._facts.setText(f"<b>{DISCLAIMER}</b>&nbsp; {escape_html(facts)}")
        warning = STATUS_WARNINGS.get(manifest.status)
        self._warning.setText(f"\u26a0 {warning}" if warning else "")
        self._warning.setVisible(bool(warning))

    def text(self) -> str:
        """Everything the banner says, as plain text."""
        return self._plain + ("\n" + self._warning.text() if self._warning.isVisibleTo(self) else "")
