"""The Qt binding we depend on keeps Python's reference counts straight.

PySide6 6.12 on CPython 3.11 drops a reference to None on every call of a void method, and the
interpreter aborts ("deallocating None") after a few thousand calls; pyproject.toml keeps 6.12
out. This test fails if a binding with that defect is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50
