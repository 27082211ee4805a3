"""Printable reports (PDF). Qt lives here, not in brightline.core: the core hands over plain data."""
