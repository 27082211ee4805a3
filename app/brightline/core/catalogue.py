"""What the app offers, and in which order: packs by how binding they are, and who situations are
for. The window's pickers, the training set-up and the loader all use these; nothing else decides
either. Imported on the way to the first paint, so it imports nothing.
"""

from __future__ import annotations

# Packs in force first, then templates, then proposals and demands; a status not listed (a newer
# pack format) comes last.
STATUS_ORDER = ("law", "adopted policy", "model", "proposed policy", "community demand")
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}

AUDIENCES = ("booking", "patrol", "supervisor")
EVERYONE = ""  # the audience choice that shows everyone's situations equally


def pack_order(status: str, name: str) -> tuple[int, str]:
    """The key that orders packs as they are offered: by status (`STATUS_ORDER`), then by name."""
    return _STATUS_RANK.get(status, len(STATUS_ORDER)), name


def audience_choice(value: object) -> str:
    """A remembered or typed audience choice as one the app offers: one of `AUDIENCES`, or
    `EVERYONE` for anything else (a value from an older version, or none)."""
    return value if isinstance(value, str) and value in AUDIENCES else EVERYONE
