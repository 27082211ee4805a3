"""Brightline: an offline guide to a city's sanctuary / safe-city policy."""

__version__ = "0.1.0"
