"""The notice that is always on screen: guidance, not legal advice, and which pack says so —
its status, version, the date of the law it states, effective date and approver. Proposed
policies, community demands and model policies get a second, unmistakable line (a symbol and
words, not only a colour)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from brightline.ui.wording import DISCLAIMER, STATUS_WARNINGS, pack_facts

if TYPE_CHECKING:
    from brightline.core.model import Manifest
    from brightline.core.startcache.index import PackSummary


class PackBannerWidget(QFrame):
    """Guidance notice and the chosen pack's standing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packBanner")
        # Plain text in two labels (the notice in bold by the style sheet): pack text is never markup.
        self._disclaimer = QLabel(DISCLAIMER, self)
        self._disclaimer.setObjectName("disclaimer")
        self._facts = QLabel(self)
        self._facts.setObjectName("packFacts")
        self._warning = QLabel(self)
        self._warning.setObjectName("statusWarning")
        for label in (self._disclaimer, self._facts, self._warning):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self._facts, self._warning):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        line = QHBoxLayout()
        line.setSpacing(8)
        line.addWidget(self._disclaimer, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self._facts, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 6, 24, 6)
        layout.setSpacing(4)
        layout.addLayout(line)
        layout.addWidget(self._warning)
        self.show_manifest(None)

    def show_manifest(self, manifest: Manifest | PackSummary | None) -> None:
        if manifest is None:
            self._facts.setText("")
            self._warning.setVisible(False)
            return
        self._facts.setText(f"{manifest.name} \u2014 {pack_facts(manifest)}")
        warning = STATUS_WARNINGS.get(manifest.status)
        self._warning.setText(f"\u26a0 {warning}" if warning else "")
        self._warning.setVisible(bool(warning))

    def text(self) -> str:
        """Everything the banner says, as plain text."""
        facts = f" {self._facts.text()}" if self._facts.text() else ""
        return DISCLAIMER + facts + ("\n" + self._warning.text() if self._warning.isVisibleTo(self) else "")
