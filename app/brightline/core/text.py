"""Plain-text rendering of outcomes and provisions, for the terminal and for printing."""

from __future__ import annotations

import textwrap

from brightline.core.model import Node, Pack, Provision, Tree
from brightline.core.walk import Walk

VERDICT_WORDS = {
    "decline": "DECLINE — do not do what is asked",
    "comply": "COMPLY — this may be done",
    "comply-limited": "COMPLY, LIMITED — only what is described below",
    "escalate": "ESCALATE — stop and ask a supervisor or counsel",
}


def wrap(text: str, indent: str = "  ", width: int = 96) -> str:
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    return "\n".join(
        textwrap.fill(" ".join(p.split()), width=width, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def bullets(items: list[str], width: int = 96) -> str:
    return "\n".join(
        textwrap.fill(" ".join(item.split()), width=width, initial_indent="  - ", subsequent_indent="    ")
        for item in items
    )


def provision_label(pack: Pack, provision: Provision) -> str:
    source = pack.sources[provision.source_id]
    if provision.is_quote:
        kind = "quote"
    elif provision.confidence == "secondary":
        kind = "summary, from secondary sources"
    else:
        kind = "summary"
    return f"{source.short}, {provision.section} — {provision.title} [{kind}; {source.status}]"


def outcome_text(pack: Pack, tree: Tree, outcome: Node, walk: Walk | None = None) -> str:
    """The outcome as a person reads it: verdict, do, don't, say, document, cited provisions."""
    lines = [
        f"{pack.manifest.name} (status: {pack.manifest.status}, version {pack.manifest.version}, "
        f"effective {pack.manifest.effective})",
        "Guidance, not legal advice.",
        "",
        f"Situation: {tree.title}",
    ]
    if walk is not None:
        for step in walk.steps:
            node = tree.nodes[step.node_id]
            lines.append(f"  {' '.join((node.text or node.id).split())}  →  {step.label}")
    lines += ["", f"VERDICT: {VERDICT_WORDS.get(outcome.verdict, outcome.verdict)}", wrap(outcome.headline)]
    sections = [("Do", outcome.do), ("Do not", outcome.dont), ("Write down", outcome.document)]
    for title, items in sections:
        if items:
            lines += ["", f"{title}:", bullets(items)]
    if outcome.say:
        lines += ["", "What to say:", wrap(outcome.say, indent="  ")]
    if outcome.escalate_to:
        lines += ["", f"Call: {outcome.escalate_to}"]
    if outcome.documentation_required:
        lines += ["", "This contact must be documented (record it in the contact log)."]
    lines += ["", "Cited:"]
    for ref in outcome.cite:
        provision = pack.provision(ref)
        if provision is None:
            lines.append(f"  [{ref}] (missing)")
            continue
        lines.append(f"  [{ref}] {provision_label(pack, provision)}")
        lines.append(wrap(provision.text, indent="      "))
    return "\n".join(lines)
