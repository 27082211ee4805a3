"""A bare PySide6 hello-world window: the yardstick the Brightline bundle is measured against.

Bundled naively by installers/bare/bare.spec (PyInstaller's defaults, nothing excluded), it is the
"bare bundled PySide6 window" of the design's performance budgets. With BRIGHTLINE_QUIT_WHEN_READY=1
it quits right after the window's first paint, the same contract as Brightline's own window
(app/brightline/ui/app.py), so installers/bench_bundle.py times both alike.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


class QuitWhenPainted(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    label = QLabel("Hello, world")
    label.setWindowTitle("bare")
    label.resize(480, 320)
    if os.environ.get("BRIGHTLINE_QUIT_WHEN_READY") == "1":
        quitter = QuitWhenPainted(label)
        label.installEventFilter(quitter)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
