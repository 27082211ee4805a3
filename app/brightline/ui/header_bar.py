"""The top bar: the app's name, the pack to work in, and who the user is."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from brightline.core.catalogue import AUDIENCES, EVERYONE
from brightline.ui.wording import AUDIENCE_LABELS


class HeaderBarWidget(QWidget):
    """Pack picker and audience picker; both remembered by the window."""

    pack_chosen = Signal(str)
    """The user chose a pack (its id)."""

    audience_chosen = Signal(str)
    """The user said who they are: "booking", "patrol", "supervisor" or "" for everyone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerBar")
        title = QLabel("Brightline", self)
        title.setObjectName("appTitle")
        self.packs = QComboBox(self)
        self.packs.setObjectName("packCombo")
        self.packs.setAccessibleName("Policy pack")
        self.packs.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.packs.setMinimumContentsLength(24)
        self.packs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.packs.activated.connect(self._on_packs_activated)
        self.audience = QComboBox(self)
        self.audience.setObjectName("audienceCombo")
        self.audience.setAccessibleName("I am")
        for key in (EVERYONE, *AUDIENCES):
            self.audience.addItem(AUDIENCE_LABELS[key], key)
        self.audience.activated.connect(self._on_audience_activated)
        pack_label = QLabel("&Pack:", self)
        pack_label.setBuddy(self.packs)
        audience_label = QLabel("I &am:", self)
        audience_label.setBuddy(self.audience)
        for label in (pack_label, audience_label):
            label.setObjectName("headerLabel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addStretch(1)
        layout.addWidget(pack_label)
        layout.addWidget(self.packs)
        layout.addSpacing(16)
        layout.addWidget(audience_label)
        layout.addWidget(self.audience)

    def set_packs(self, packs: list[tuple[str, str]]) -> None:
        """Offer these packs: (id, label) pairs, in order."""
        self.packs.clear()
        for pack_id, label in packs:
            self.packs.addItem(label, pack_id)
        self.packs.setEnabled(bool(packs))
        if not packs:
            self.packs.addItem("No pack could be loaded", "")

    def show_pack(self, pack_id: str) -> None:
        index = self.packs.findData(pack_id)
        if index >= 0:
            self.packs.setCurrentIndex(index)

    def show_audience(self, audience: str) -> None:
        index = self.audience.findData(audience)
        self.audience.setCurrentIndex(max(0, index))

    @Slot(int)
    def _on_packs_activated(self, index: int) -> None:
        pack_id = self.packs.itemData(index)
        if pack_id:
            self.pack_chosen.emit(pack_id)

    @Slot(int)
    def _on_audience_activated(self, index: int) -> None:
        self.audience_chosen.emit(self.audience.itemData(index))
