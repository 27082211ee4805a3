"""CSV cells a spreadsheet will not run: text starting with =, +, -, @, a tab or a carriage return
is read as a formula by Excel and LibreOffice (CSV injection), so it gets a leading apostrophe,
which spreadsheets show as plain text. Every CSV Brightline writes goes through `formula_safe`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_START = frozenset("=+-@\t\r")


def formula_safe(value: Any) -> Any:
    """`value` as a cell that is never run as a formula (numbers and other non-text unchanged)."""
    if value.__class__ is str and value[:1] in FORMULA_START:
        return "'" + value
    return value


def formula_safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of cells, each made `formula_safe`."""
    return [formula_safe(value) for value in values]
