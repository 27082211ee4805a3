"""The HTML the window shows in its text views and prints: outcomes, provisions, help articles.

Qt-free. Every piece of pack text goes through `html.escape` (or the restricted Markdown of
`brightline.core.markup`), so a pack cannot inject markup. Links are internal only:
`cite:SOURCE:PROVISION` opens a provision beside the text and `step:N` goes back to step N.
No image, stylesheet or other resource is ever referenced, so showing this fetches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from brightline.core.markup import inline, to_html
from brightline.core.model import HelpArticle, Node, Pack, Tree
from brightline.core.text import citation_label as citation_label  # the training debrief takes it from here
from brightline.core.walk import Step
from brightline.ui import palette
from brightline.ui.verdicts import verdict_look
from brightline.ui.wording import DISCLAIMER, STATUS_WARNINGS, pack_facts, question_numbers, step_caption

CITE_SCHEME = "cite"
STEP_SCHEME = "step"

# Qt's rich-text CSS subset; the widgets set it as their document's default style sheet. Sizes are
# relative (Qt's keywords: small 0.8, large 1.2, x-large 1.5 times the view's font), so the text
# follows the user's font and zoom, and prints at the printed page's size. Qt ignores font-size
# on <h1>-<h6>, so headings are paragraphs with a class.
STYLE = palette.fill("""
body { color: @TEXT@; }
p.section { font-size: large; font-weight: 700; color: @TEXT@; margin-top: 14px; margin-bottom: 2px; }
p.title { font-size: large; font-weight: 700; margin-top: 2px; margin-bottom: 8px; }
p.heading { font-weight: 700; margin-top: 12px; margin-bottom: 2px; }
p { margin-top: 4px; margin-bottom: 8px; line-height: 135%; }
li { margin-bottom: 5px; line-height: 135%; }
a { color: @ACCENT@; }
.muted { color: @MUTED@; }
.quote { margin-left: 0px; }
.label { font-size: small; font-weight: 600; color: @MUTED@; }
""")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in text.strip().split("\n\n") if p.strip())


def _items(items: Sequence[str], tag: str = "ul") -> str:
    body = "".join(f"<li>{escape(' '.join(item.split()))}</li>" for item in items)
    return f"<{tag}>{body}</{tag}>"


def citations_html(pack: Pack, refs: Sequence[str], links: bool = True) -> str:
    """The citations as a list of links that open each provision in place (plain text to print)."""
    items = []
    for ref in refs:
        provision = pack.provision(ref)
        kind = "" if provision is None else f"{provision.basis}; text checked as of {provision.as_of or '?'}"
        suffix = f' <span class="muted">[{escape(kind)}]</span>' if kind else ""
        label = escape(citation_label(pack, ref))
        if links:
            label = f'<a href="{CITE_SCHEME}:{escape(ref)}">{label}</a>'
        items.append(f"<li>{label}{suffix}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _path_items(tree: Tree, steps: Sequence[Step], links: bool) -> str:
    """Each answer on the path, numbered as the question page numbered it (a note is "Note:")."""
    items = []
    for index, (step, number) in enumerate(zip(steps, question_numbers(tree, steps), strict=True)):
        node = tree.nodes[step.node_id]
        question = escape(" ".join((node.text or node.id).split()))
        answer = escape(step.label) if number else "read"
        change = f' &nbsp;<a href="{STEP_SCHEME}:{index}">change</a>' if links else ""
        items.append(f"<p><b>{step_caption(number)}</b> {question}<br><b>{answer}</b>{change}</p>")
    return "".join(items)


def outcome_body_html(
    pack: Pack,
    tree: Tree,
    outcome: Node,
    steps: Sequence[Step],
    links: bool = True,
    cites: bool = True,
    record_note: bool = True,
) -> str:
    """What follows the verdict banner: do, do not, say, write down, who to call, citations (unless
    `cites` is False: the window lists them beside the text), and the path; `links` adds "change"
    links to the path; `record_note` says that the contact must be documented, where it must
    (the window says it beside its Record button instead)."""
    parts: list[str] = []
    if outcome.documentation_required and record_note:
        parts.append(
            "<p><b>\u270e This contact must be documented.</b> Record it in the contact log "
            "with what was asked and the response given.</p>"
        )
    if outcome.escalate_to:
        parts.append(f"<p><b>Call now:</b> {escape(outcome.escalate_to)}</p>")
    if outcome.do:
        parts.append('<p class="section">\u2713 Do</p>' + _items(outcome.do))
    if outcome.dont:
        parts.append('<p class="section">\u2715 Do not</p>' + _items(outcome.dont))
    if outcome.say:
        parts.append(
            '<p class="section">\u275d What to say</p>'
            f'<table width="100%" cellpadding="10" bgcolor="{palette.QUOTE}">'
            f"<tr><td>{_paragraphs(outcome.say)}</td></tr></table>"
        )
    if outcome.document:
        parts.append('<p class="section">\u270e What to write down</p>' + _items(outcome.document))
    if outcome.cite and cites:
        parts.append('<p class="section">\u00a7 Cited</p>' + citations_html(pack, outcome.cite, links))
    if steps:
        parts.append('<p class="section">How you got here</p>' + _path_items(tree, steps, links))
    return "\n".join(parts)


def provision_html(pack: Pack, ref: str) -> str:
    """One provision with its source, section, status, and whether it is a quote or a summary."""
    provision = pack.provision(ref)
    if provision is None:
        return f"<p>The citation <b>{escape(ref)}</b> is not in this pack.</p>"
    source = pack.sources[provision.source_id]
    if provision.is_quote:
        kind = "Verbatim quote"
        if source.document:
            kind += f" from {escape(source.document)}"
    else:
        kind = "Summary in our words, not the official text"
        kind += (
            " (known from secondary sources)" if provision.confidence == "secondary" else " (checked against the law)"
        )
    text = _paragraphs(provision.text)
    if provision.is_quote:
        text = f'<table width="100%" cellpadding="10" bgcolor="{palette.QUOTE}"><tr><td>{text}</td></tr></table>'
    rows = [
        ("Source", f"{escape(source.title)}"),
        ("Section", escape(provision.section)),
        ("Status", escape(source.status)),
        ("Text", kind),
        ("Checked as of", escape(provision.as_of or "not given")),
    ]
    if source.reference:
        rows.append(("Reference", escape(source.reference)))
    table = "".join(f'<tr><td class="label" valign="top">{name}</td><td>{value}</td></tr>' for name, value in rows)
    return f'<p class="title">{escape(provision.title)}</p><table cellpadding="3">{table}</table>{text}'


def help_html(pack: Pack, article: HelpArticle) -> str:
    """A help article: its title, its restricted-Markdown body, and what it cites."""
    # Every pack character is escaped by to_html, so "<h3>" here can only be its own headings.
    article_html = to_html(article.body).replace("<h3>", '<p class="heading">').replace("</h3>", "</p>")
    body = f'<p class="title">{inline(article.title)}</p>{article_html}'
    if article.cite:
        body += '<p class="section">\u00a7 Cited</p>' + citations_html(pack, article.cite)
    return body


def print_html(pack: Pack, tree: Tree, outcome: Node, steps: Sequence[Step]) -> str:
    """The outcome as a printed page: pack and notice, situation, verdict, everything, provisions."""
    manifest = pack.manifest
    look = verdict_look(outcome.verdict)
    warning = STATUS_WARNINGS.get(manifest.status)
    head = [
        f'<p class="muted">{escape(DISCLAIMER)} {escape(manifest.name)}. {escape(pack_facts(manifest))}.</p>',
    ]
    if warning:
        head.append(f"<p><b>\u26a0 {escape(warning)}</b></p>")
    head.append(f'<p class="section">Situation: {escape(tree.title)}</p>')
    verdict = (
        f'<table width="100%" cellpadding="12" border="1" bgcolor="{look.tint}"><tr><td>'
        f'<span style="font-size: x-large; font-weight: 700; color: {look.strong};">'
        f"{look.symbol} {escape(look.word)}</span> "
        f'<span style="color: {look.strong};">\u2014 {escape(look.meaning)}</span>'
        f'<p style="font-size: large;"><b>{escape(" ".join(outcome.headline.split()))}</b></p>'
        "</td></tr></table>"
    )
    provisions = "".join(f"{provision_html(pack, ref)}" for ref in outcome.cite)
    return (
        "<html><body>"
        + "".join(head)
        + verdict
        + outcome_body_html(pack, tree, outcome, steps, links=False)
        + '<p class="section">The cited provisions</p>'
        + provisions
        + "</body></html>"
    )
