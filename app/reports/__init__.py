"""Printable reports (PDF). Qt lives here, not in app.core: the core hands over plain data."""
