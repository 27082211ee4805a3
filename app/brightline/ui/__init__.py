"""The PySide6 window: thin widgets over brightline.core (see brightline.ui.app for the start-up order)."""
