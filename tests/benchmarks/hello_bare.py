"""The yardstick for cold start: a bare PySide6 hello-world, a QMainWindow with a QLabel, shown.

It quits as soon as the window has been shown and painted — the contract Brightline honours with
BRIGHTLINE_QUIT_WHEN_READY=1 — so the benchmark times both the same way, start to exit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class _QuitWhenPainted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            # Let the paint finish, then leave the event loop.
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    if "--qt-namespace" in sys.argv:
        # The yardstick's variant for context: the same window, after PySide has built the
        # Python side of the Qt namespace (its ~90 enums), which any real PySide6 window uses.
        from PySide6.QtCore import Qt

        assert Qt.AlignmentFlag.AlignLeft
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Hello")
    label = QLabel("Hello, world")
    window.setCentralWidget(label)
    window.resize(800, 600)
    quitter = _QuitWhenPainted()
    label.installEventFilter(quitter)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
