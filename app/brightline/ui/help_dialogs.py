"""Help → User guide and Help → Keyboard shortcuts: a short guide to the window, and every key.

Both are pages inside the program (it never opens a browser): the guide is
resources/help/user-guide.md, shown as rich text; the keys come from the window's own menus and
pages (`brightline.ui.menus`), so the list cannot fall out of step with them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from brightline.ui.screen_fit import reading_size, resize_within_screen
from brightline.ui.wording import escape_html

GUIDE = Path("help") / "user-guide.md"


class _ReadingDialog(QDialog):
    """A text to read, and Close."""

    def __init__(self, title: str, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.text = QTextBrowser(self)
        self.text.setObjectName("helpText")
        self.text.setOpenLinks(False)  # nothing to follow: the program is offline
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.text.document().setDocumentMargin(12)
        resize_within_screen(self, reading_size(self, self.text, 80))


class GuideDialog(_ReadingDialog):
    """The user guide."""

    def __init__(self, resources: Path | None, parent: QWidget | None = None) -> None:
        super().__init__("Brightline user guide", "guideDialog", parent)
        try:
            guide = (resources / GUIDE).read_text(encoding="utf-8") if resources is not None else ""
        except OSError:
            guide = ""
        if guide:
            self.text.setMarkdown(guide)
        else:
            self.text.setPlainText(
                "The user guide is missing from this installation. Help \u2192 Keyboard shortcuts lists every key."
            )


class ShortcutsDialog(_ReadingDialog):
    """Every key of the window, grouped by where it works."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__("Keyboard shortcuts", "shortcutsDialog", parent)
        parts: list[str] = []
        where = ""
        for place, keys, what in rows:
            if place != where:
                if where:
                    parts.append("</table>")
                parts.append(f"<p><b>{escape_html(place)}</b></p><table cellpadding='4'>")
                where = place
            parts.append(f"<tr><td width='35%'><b>{escape_html(keys)}</b></td><td>{escape_html(what)}</td></tr>")
        parts.append("</table>")
        self.text.setHtml("".join(parts))
