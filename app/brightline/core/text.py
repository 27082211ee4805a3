"""Plain-text rendering of outcomes and provisions, for the terminal and for printing."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime

from brightline.core.model import VERDICT_WORDS as VERDICT_WORDS  # where the window and the CLI find them
from brightline.core.model import HelpArticle, Manifest, Node, Pack, Provision, Tree
from brightline.core.standing import STATUS_WARNINGS
from brightline.core.walk import Walk


def count_words(n: int, noun: str, plural: str = "") -> str:
    """ "1 record", "2 records", "1,234 records"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def local_time(stamp: str, *, seconds: bool = False) -> str:
    """An ISO 8601 time as this computer's local "YYYY-MM-DD HH:MM" (a time without an offset is
    shown as written); text that is not a time comes back unchanged."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def duration_words(seconds: float) -> str:
    """ "45 s", "2 min 05 s", "1 h 02 min"."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


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


def currency(provision: Provision) -> str:
    """ "summary of verified text; text checked as of 2017-10-05": what the text is and how current."""
    kind = "quote from a verbatim document" if provision.is_quote else f"summary of {provision.basis}"
    checked = f"text checked as of {provision.as_of}" if provision.as_of else "date of text not given"
    return f"{kind}; {checked}"


def provision_label(pack: Pack, provision: Provision) -> str:
    source = pack.sources[provision.source_id]
    return f"{source.short}, {provision.section} — {provision.title} [{currency(provision)}; {source.status}]"


def citation_label(pack: Pack, ref: str) -> str:
    """ "Gov. Code § 7284.6(a)(1)(B) — No holds on detainers (SB 54)": a citation as a person reads
    it (the window, the exports and the audit report say it the same way)."""
    provision = pack.provision(ref)
    if provision is None:
        return f"{ref} (not found in this pack)"
    source = pack.sources[provision.source_id]
    return f"{provision.section} — {provision.title} ({source.short})"


def pack_line(manifest: Manifest) -> str:
    """The pack's name with its status, version and the date of the law it states."""
    parts = [f"status: {manifest.status}", f"version {manifest.version}"]
    if manifest.law_as_of:
        parts.append(f"law as of {manifest.law_as_of}")
    if manifest.effective:
        parts.append(f"effective {manifest.effective}")
    return f"{manifest.name} ({', '.join(parts)})"


def verdict_line(outcome: Node) -> str:
    return f"VERDICT: {VERDICT_WORDS.get(outcome.verdict, outcome.verdict)}"


def outcome_text(pack: Pack, tree: Tree, outcome: Node, walk: Walk | None = None) -> str:
    """The outcome as a person reads it: the verdict and headline, do, don't, say, write down, whom to
    call, the cited provisions — and the verdict again, so that it is the last thing on a terminal."""
    lines = [pack_line(pack.manifest), "Guidance, not legal advice."]
    warning = STATUS_WARNINGS.get(pack.manifest.status)
    if warning:
        lines.append(f"! {warning}")
    lines += ["", f"Situation: {tree.title}"]
    if walk is not None:
        for step in walk.steps:
            node = tree.nodes[step.node_id]
            lines.append(f"  {' '.join((node.text or node.id).split())}  →  {step.label}")
    verdict = [verdict_line(outcome), wrap(outcome.headline)]
    lines += ["", *verdict]
    for title, items in (("Do", outcome.do), ("Do not", outcome.dont)):
        if items:
            lines += ["", f"{title}:", bullets(items)]
    if outcome.say:
        lines += ["", "What to say:", wrap(outcome.say, indent="  ")]
    if outcome.document:
        lines += ["", "Write down:", bullets(outcome.document)]
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
    lines += ["", "-" * 40, *verdict]
    return "\n".join(lines)


_ITEM = re.compile(r"^(\s*)([-*]|\d+[.)])\s+(.*)$")


def help_text(article: HelpArticle) -> str:
    """A help article for the terminal: its restricted Markdown as plain, wrapped text."""
    blocks: list[str] = [article.title.upper(), ""]
    # The block being gathered: a paragraph (no marker) or a list item, and the item's indentation.
    marker, indent = "", -1
    words: list[str] = []

    def flush() -> None:
        if words:
            text = " ".join(words)
            if marker:
                blocks.append(textwrap.fill(text, 96, initial_indent=f"  {marker} ", subsequent_indent="     "))
            else:
                blocks.append(wrap(text))
            words.clear()

    for raw in article.body.replace("**", "").splitlines():
        line = raw.strip()
        item = _ITEM.match(raw)
        if not line:
            flush()
            marker, indent = "", -1
            if blocks[-1]:
                blocks.append("")
        elif line.startswith("#"):
            flush()
            if blocks[-1]:
                blocks.append("")
            blocks.append(line.lstrip("#").strip())
            marker, indent = "", -1
        elif item:
            flush()
            marker, indent = item.group(2), len(item.group(1))
            words.append(item.group(3))
        elif marker and len(raw) - len(raw.lstrip()) > indent:
            words.append(line)  # a more-indented line continues the item above
        else:
            if marker:
                flush()
                marker, indent = "", -1
            words.append(line)
    flush()
    return "\n".join(blocks).rstrip()
