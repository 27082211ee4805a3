"""The PySide6 window: thin widgets over app.core (see app.ui.app for the start-up order)."""

from app.ui.pyside_workarounds import keep_singletons_alive

keep_singletons_alive()  # before any Qt call: see the module for the PySide6 / Python 3.11 defect
