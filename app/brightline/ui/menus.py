"""The main window's menus: File, View, Tools and Help, each command with its key (the signed
releases add theirs, `brightline.ui.releases`, before Help).

The menu bar and its four titles are made with the window, so nothing moves when the commands
arrive; the commands themselves are made just after the first paint (`MainMenus.add_commands`),
as the first thing the window builds then. `SHORTCUTS` lists every key of the window, for
Help → Keyboard shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence

    from brightline.ui.main_window import MainWindow

# Keys that belong to a page rather than to a menu command: (where, keys, what they do).
PAGE_KEYS = (
    (
        "Choosing a situation",
        "Type",
        "search the situations (typing mistakes and other words for the same thing are forgiven)",
    ),
    ("Choosing a situation", "Up, Down", "move through the situations"),
    ("Choosing a situation", "Enter", "open the highlighted situation"),
    ("Choosing a situation", "Esc", "clear the search"),
    ("A question", "1 to 9", "choose that answer (the number pad too)"),
    ("A question", "Tab, Enter or Space", "go to an answer and choose it"),
    ("A question", "Backspace or Alt+Left", "go back one question"),
    ("A question", "Esc", "start the situation again"),
    ("The outcome", "Ctrl+R", "record this contact in the contact log"),
    ("The outcome", "Tab", "go to Record this contact, then the links in the text, the citations and the buttons"),
    ("The outcome", "Enter or Space", "press the button or follow the link you are on"),
    ("The outcome", "Backspace or Alt+Left", "go back to the last question"),
    ("The outcome", "Esc", "start the situation again"),
)


class MainMenus:
    """The four menus of one main window, and the commands that need a page state to work."""

    def __init__(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        self.file: QMenu = bar.addMenu("&File")
        self.view: QMenu = bar.addMenu("&View")
        self.tools: QMenu = bar.addMenu("&Tools")
        self.help: QMenu = bar.addMenu("&Help")
        self.print_action: QAction | None = None
        self.pdf_action: QAction | None = None
        self.actions: list[QAction] = []

    def _add(
        self,
        menu: QMenu,
        text: str,
        keys: QKeySequence.StandardKey | str | tuple[str, ...],
        slot: Callable[[], object],
        name: str = "",
    ) -> QAction:
        # QtGui's action and key classes only here, after the first paint: the first screen shows
        # the menus' titles alone, and PySide makes each class's Python side when first imported.
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, menu)
        if isinstance(keys, tuple):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        self.actions.append(action)
        return action

    def add_commands(self, window: MainWindow) -> None:
        """Every command, with its key: once, just after the window's first paint."""
        if self.actions:
            return
        self.print_action = self._add(self.file, "&Print\u2026", "Ctrl+P", window.print_outcome, "printAction")
        self.pdf_action = self._add(self.file, "Save as P&DF\u2026", "Ctrl+S", window.save_outcome_pdf, "pdfAction")
        self.file.addSeparator()
        self._add(self.file, "&Quit", "Ctrl+Q", window.close, "quitAction")

        self._add(self.view, "&Find a situation", "Ctrl+F", window.find_situation, "findAction")
        self._add(self.view, "&New situation", "Ctrl+N", window.controller.close, "newAction")
        self.view.addSeparator()
        self._add(self.view, "Zoom &in", ("Ctrl+=", "Ctrl++"), window.zoom_in, "zoomInAction")
        self._add(self.view, "Zoom &out", "Ctrl+-", window.zoom_out, "zoomOutAction")
        self._add(self.view, "&Actual size", "Ctrl+0", window.zoom_reset, "zoomResetAction")

        training = self._add(self.tools, "&Training\u2026", "Ctrl+T", window.open_training, "trainingAction")
        training.setEnabled(window.training_log is not None)
        log = self._add(self.tools, "&Contact log\u2026", "Ctrl+L", window.open_contact_log, "contactLogAction")
        log.setEnabled(window.has_contact_log())

        self._add(self.help, "&User guide", "F1", window.show_guide, "guideAction")
        self._add(self.help, "&Keyboard shortcuts", "Ctrl+/", window.show_shortcuts, "shortcutsAction")
        self.help.addSeparator()
        self._add(self.help, "&About Brightline\u2026", "", window.show_about, "aboutAction")
        self.show_outcome_commands(window.on_outcome())

    def keep_help_last(self) -> None:
        """Help stays the last menu when another part of the window adds one (Releases)."""
        bar = self.help.parentWidget()
        if isinstance(bar, QMenuBar) and bar.actions()[-1] is not self.help.menuAction():
            bar.removeAction(self.help.menuAction())
            bar.addAction(self.help.menuAction())

    def show_outcome_commands(self, on_outcome: bool) -> None:
        """Print and Save as PDF work on an outcome only."""
        for action in (self.print_action, self.pdf_action):
            if action is not None and action.isEnabled() != on_outcome:
                action.setEnabled(on_outcome)

    def shortcuts(self) -> list[tuple[str, str, str]]:
        """Every key of the window: (where, keys, what), the menus' first."""
        from PySide6.QtGui import QKeySequence

        rows = []
        for menu in (self.file, self.view, self.tools, self.help):
            where = "Anywhere (" + menu.title().replace("&", "") + " menu)"
            for action in menu.actions():
                keys = " or ".join(
                    k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
                )
                if keys:
                    rows.append((where, keys, action.text().replace("&", "").rstrip("\u2026")))
        return rows + list(PAGE_KEYS)
