"""Installing releases from the window, for IT: from the folder IT points at (a share, a USB stick:
`[packs] releases`) or from a file; each checked against the pinned keys, refused with the reason
otherwise, and written to the machine's event log. The new release is used from the next start."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from brightline import __version__
from brightline.core.releases.refusal import ReleaseRefused
from brightline.ui.wording import escape_html

if TYPE_CHECKING:
    from brightline.core.machine_config import MachineConfig
    from brightline.core.paths import Paths


class InstallReleasesDialog(QDialog):
    """The release files IT offers, what each would do, and the buttons to install them."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("installReleasesDialog")
        self.setWindowTitle("Install policy releases")
        self.setMinimumSize(760, 520)
        self.paths = paths
        self.config: MachineConfig | None = None
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setObjectName("releasesView")
        self.view.setOpenLinks(False)
        self.outcome = QLabel()
        self.outcome.setObjectName("installOutcome")
        self.outcome.setWordWrap(True)
        self.install_newer = QPushButton("Install the newer releases")
        self.install_file = QPushButton("Install from a file\u2026")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_file)
        buttons.addStretch(1)
        buttons.addWidget(self.install_newer)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.install_newer.clicked.connect(self._on_install_newer_clicked)
        self.install_file.clicked.connect(self._on_install_file_clicked)
        close.clicked.connect(self.reject)
        self.refresh()

    def text(self) -> str:
        return f"{self.about.text()}\n{self.view.toPlainText()}\n{self.outcome.text()}"

    def _folder(self) -> Path | None:
        if self.config is None or not self.config.packs.releases:
            return None
        return Path(self.config.packs.releases)

    def offered(self) -> list[tuple[Path, str, bool]]:
        """The release files in IT's folder: (file, what it is or why it is refused, whether it
        is newer than what is installed)."""
        from brightline.core.releases.container import read_release
        from brightline.core.releases.machine import read_machine
        from brightline.core.releases.verify import verify_release

        folder = self._folder()
        if folder is None or self.config is None:
            return []
        pinned = set(self.config.packs.public_keys())
        machine = read_machine(self.config.packs.installed_folder(), pinned, __version__)
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix == ".zip" and not p.name.startswith("."))
        except OSError:
            return []
        found = []
        for file in files:
            try:
                info = verify_release(read_release(file), pinned, __version__).info
            except ReleaseRefused as exc:
                found.append((file, f"refused: {exc.message}", False))
                continue
            newest = machine.newest(info.pack_id)
            if info.sequence > newest:
                what, newer = f"{info.pack_id} {info.label}, in force from {info.effective}: not installed yet", True
            elif machine.release(info.pack_id, info.sequence) is not None and info.sequence == newest:
                what, newer = f"{info.pack_id} {info.label}: installed", False
            else:
                what, newer = f"{info.pack_id} {info.label}: older than release {newest}, installed", False
            found.append((file, what, newer))
        return sorted(found, key=lambda item: (not item[2], item[0].name))

    def refresh(self) -> None:
        from brightline.core.machine_config import MachineConfigError, load_machine_config
        from brightline.core.releases.events import describe_event, read_events

        try:
            self.config = load_machine_config()
        except MachineConfigError as exc:
            self.config = None
            self.about.setText(f"The machine-wide configuration cannot be used: {exc}")
        if self.config is None or not self.config.packs.pinned:
            if self.config is not None:
                self.about.setText(
                    "No author key is pinned on this machine, so no release can be checked or installed. IT pins "
                    "the department's policy authors' keys in brightline.toml ([packs] trusted_keys)."
                )
            self.install_newer.setEnabled(False)
            self.install_file.setEnabled(False)
            self.view.clear()
            return
        folder = self._folder()
        installed = self.config.packs.installed_folder()
        self.about.setText(
            f"Releases are checked against the author keys pinned in {self.config.source} and installed into "
            f"{installed}. IT's folder: {folder or 'none configured ([packs] releases)'}."
        )
        offered = self.offered()
        parts = ["<h3>Release files in IT's folder</h3>"]
        if offered:
            parts.append(
                "<ul>"
                + "".join(f"<li><b>{escape_html(f.name)}</b>: {escape_html(what)}</li>" for f, what, _ in offered)
                + "</ul>"
            )
        else:
            parts.append("<p>None.</p>")
        parts.append("<h3>The machine's event log (newest last)</h3><ul>")
        parts += [f"<li>{escape_html(describe_event(e))}</li>" for e in read_events(installed, 15)]
        parts.append("</ul>")
        self.view.setHtml("".join(parts))
        self.install_newer.setEnabled(any(newer for _, _, newer in offered))
        self.install_file.setEnabled(True)

    def install(self, files: list[Path]) -> list[str]:
        """Install `files` in turn; what happened to each, in words."""
        from brightline.core.releases.install import install_release
        from brightline.core.releases.trust import machine_name

        assert self.config is not None
        said = []
        for file in files:
            try:
                done = install_release(
                    file,
                    self.config.packs.installed_folder(),
                    set(self.config.packs.public_keys()),
                    self.paths.packs,
                    __version__,
                    date.today(),
                    machine_name(self.config),
                )
            except ReleaseRefused as exc:
                said.append(
                    f"\u26a0 {file.name}: refused: {exc.message}" + (f" ({exc.event_note})" if exc.event_note else "")
                )
                continue
            info = done.release.info
            verb = "was installed already" if done.already else "installed"
            said.append(f"\u2713 {info.pack_id} {info.label} {verb}; in force from {info.effective}.")
        if any(line.startswith("\u2713") for line in said):
            said.append("Brightline uses new releases from its next start.")
        self.outcome.setText("\n".join(said))
        self.refresh()
        return said

    @Slot()
    def _on_install_newer_clicked(self) -> None:
        self.install([file for file, _, newer in self.offered() if newer])

    @Slot()
    def _on_install_file_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Install a release", str(self._folder() or ""), "Releases (*.zip)")
        if name:
            self.install([Path(name)])
