"""The PySide6 window: thin widgets over app.core (see app.ui.app for the start-up order)."""
