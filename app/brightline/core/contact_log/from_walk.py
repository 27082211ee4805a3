"""A contact draft made from a finished walk: what the window's form and `walk --record` start from,
and the document presented as the walk's answers name it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from brightline.core.contact_log.records import DOCUMENTS, ContactDraft, PathStep
from brightline.core.model import Pack, Tree
from brightline.core.walk import Step, Walk


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


# What a chosen answer says was presented, for `document_from_answers`. Forms by their numbers;
# a judge's warrant or order only where the answer says a judge or court signed or issued it.
_FORM = re.compile(r"\bI-?(247[ADNX]?|200|205)\b", re.IGNORECASE)
_JUDGE = re.compile(
    r"signed by (a |the )?(federal |state )?(judge|magistrate)|issued by a court|"
    r"judge's (or magistrate judge's )?warrant|court's warrant|(warrant or order|order) from a (federal |state )?court|"
    r"^(a |an )?(state court|federal) judge|^a judge or magistrate|probable-cause finding signed",
    re.IGNORECASE,
)
_IMMIGRATION_COURT = re.compile(r"immigration (judge|court)", re.IGNORECASE)
_NOT_THE_JUDGE = re.compile(r"\(not an immigration judge\)", re.IGNORECASE)
_NO_JUDGE = re.compile(r"not signed by a judge|no judge", re.IGNORECASE)
_UNSURE = re.compile(r"not sure|can't tell|\bor nothing|for example|\bor another\b", re.IGNORECASE)


def _document_in(answer: str, context: str) -> str:
    """The document one answer names ("" when it names none, or several it cannot tell apart);
    `context` is its question and the situation's title."""
    answer = _NOT_THE_JUDGE.sub("", answer)
    if _UNSURE.search(answer):
        return ""
    if not _NO_JUDGE.search(answer):
        if _JUDGE.search(answer) and not _IMMIGRATION_COURT.search(answer):
            return "judicial-warrant"
        if _IMMIGRATION_COURT.search(answer):
            return "other"  # an immigration judge's order: not a judicial warrant, not an ICE form
    forms = [f"I-{number.upper()}" for number in _FORM.findall(answer)]
    if len(forms) > 1 and "detainer" in (answer + " " + context).casefold():
        forms = [form for form in forms if form.startswith("I-247")]  # the detainer, papers attached
    if len(forms) == 1:
        return forms[0]
    if not forms and re.search(r"\bdetainer\b", answer, re.IGNORECASE):
        return "I-247A"  # the detainer form in use since 2017
    return ""


def document_from_answers(tree: Tree, steps: Sequence[Step]) -> str:
    """The document presented, as the walk's answers name it — one of `DOCUMENTS` — or "" when
    they do not say (the record form then asks). Only the answers chosen count, the latest that
    names one last: "Only immigration officers (I-247A, I-200, I-205)" on a detainer is the
    I-247A; "A state court judge (a warrant or order …)" a judicial warrant; "Not sure", an
    example or a list of forms to choose from names none."""
    found = ""
    for step in steps:
        node = tree.nodes[step.node_id]
        if node.type != "question":
            continue
        document = _document_in(step.label, f"{node.text} {tree.title}")
        if document in DOCUMENTS:
            found = document
    return found
