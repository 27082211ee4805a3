"""Words the window shows about packs: their status, how to label them, the guidance notice.

Qt-free, so the printed outcome and the screen say exactly the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.core.model import Manifest
    from brightline.core.startcache.index import PackSummary

DISCLAIMER = "Guidance, not legal advice."

# Statuses that are not (or not yet) in force get a visible warning wherever the pack is shown.
STATUS_WARNINGS = {
    "proposed policy": "PROPOSED POLICY \u2014 not adopted, not in force. For training and discussion.",
    "community demand": "COMMUNITY DEMAND \u2014 not policy, not in force. For training and discussion.",
    "model": "MODEL POLICY \u2014 a template, not adopted anywhere as written. Check local law.",
}

AUDIENCE_LABELS = {
    "": "Everyone",
    "booking": "Booking staff",
    "patrol": "Patrol",
    "supervisor": "Supervisor",
}


def pack_label(manifest: Manifest | PackSummary) -> str:
    """The name for a pack in the picker, with its status when that is not law or adopted policy."""
    if manifest.status in STATUS_WARNINGS:
        return f"{manifest.name} [{manifest.status}]"
    return manifest.name


def pack_facts(manifest: Manifest | PackSummary) -> str:
    """Status, version, effective date and approver in one line."""
    parts = [
        f"Status: {manifest.status}",
        f"version {manifest.version}",
        f"effective {manifest.effective}",
    ]
    if manifest.approved_by:
        parts.append(f"approved by {manifest.approved_by}")
    return " \u00b7 ".join(parts)


def escape_html(text: str) -> str:
    """`text` safe inside rich text: the same as html.escape, whose module (with its table of
    entities) is slow to import on the way to the first paint."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def audiences_text(audiences: list[str]) -> str:
    """ "Booking staff, Patrol" for a tree's audiences."""
    return ", ".join(AUDIENCE_LABELS.get(a, a) for a in audiences)
