"""A contact draft made from a finished walk: what the window's form and `walk --record` start from."""

from __future__ import annotations

import uuid
from datetime import datetime

from brightline.core.contact_log.records import ContactDraft, PathStep
from brightline.core.model import Pack, Tree
from brightline.core.walk import Walk


def draft_from_walk(pack: Pack, tree: Tree, walk: Walk, contact_time: datetime, **entered: str) -> ContactDraft:
    """The draft for the contact the walk handled. `entered` holds what staff type in (staff_name,
    staff_badge, agency, official_name, official_badge, method, document, notes)."""
    outcome = walk.outcome
    if outcome is None:
        raise ValueError("a contact is recorded from a walk that reached its outcome")
    path = tuple(
        PathStep(
            node=step.node_id,
            question=" ".join((tree.nodes[step.node_id].text or step.node_id).split()),
            answer=step.label,
            at=step.answered_at.isoformat(timespec="seconds"),
        )
        for step in walk.steps
    )
    return ContactDraft(
        contact_time=contact_time.isoformat(timespec="minutes"),
        request_type=tree.id,
        request_title=tree.title,
        outcome_node=outcome.id,
        verdict=outcome.verdict,
        headline=outcome.headline,
        pack_id=pack.id,
        pack_version=pack.manifest.version,
        pack_hash=pack.content_hash,
        tree_id=tree.id,
        path=path,
        citations=tuple(outcome.cite),
        draft_id=uuid.uuid4().hex,
        staff_name=entered.get("staff_name", ""),
        staff_badge=entered.get("staff_badge", ""),
        agency=entered.get("agency", ""),
        official_name=entered.get("official_name", ""),
        official_badge=entered.get("official_badge", ""),
        method=entered.get("method", ""),
        document=entered.get("document", "none"),
        notes=entered.get("notes", ""),
    )
