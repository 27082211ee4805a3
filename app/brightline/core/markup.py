"""The restricted Markdown of help articles, turned into safe HTML.

The subset (see decision_trees/README.md): paragraphs separated by blank lines, `## ` headings,
`- ` bullet lists, `1. ` numbered lists (a more-indented line continues the item above), and
inline **bold** and *italic*. Everything else is text: every `<`, `>`, `&` and quote is escaped
before any markup is applied, so a pack can never inject HTML, links, images or anything that
would fetch a remote resource.
"""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")


def inline(text: str) -> str:
    """One run of text as HTML: escaped, with **bold** and *italic*, white space folded."""
    import html  # here: validating packs reads this module but never needs html (or html.entities)

    escaped = html.escape(" ".join(text.split()), quote=True)
    escaped = _BOLD.sub(r"<b>\1</b>", escaped)
    return _ITALIC.sub(r"<i>\1</i>", escaped)


def to_html(text: str, heading_tag: str = "h3") -> str:
    """A help article body as an HTML fragment (block elements only, nothing else)."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            body = "".join(f"<li>{inline(' '.join(item))}</li>" for item in items)
            blocks.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = ""

    for line in text.splitlines():
        if not line.strip():
            flush_paragraph()
            flush_list()
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if heading:
            flush_paragraph()
            flush_list()
            blocks.append(f"<{heading_tag}>{inline(heading.group(1))}</{heading_tag}>")
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append([(bullet or numbered).group(1)])  # type: ignore[union-attr]
        elif items and line[:1].isspace():
            items[-1].append(line.strip())  # an indented line continues the list item
        else:
            flush_list()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_list()
    return "\n".join(blocks)


# What authors write expecting HTML, a link or an image: the subset has none, so each would show
# as literal text (never as markup: see `inline`). Validation reports them.
_FOREIGN = (
    ("raw HTML", re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|/[A-Za-z]|!--|\?)")),
    ("an image", re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")),
    ("a link", re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|<(?:https?|ftp|mailto|javascript|data):", re.IGNORECASE)),
)


def foreign_markup(text: str) -> tuple[str, str] | None:
    """The first thing in `text` outside the restricted Markdown that an author may have meant as
    markup — (what it is, the text itself) — or None."""
    if "<" not in text and "](" not in text:
        return None
    found = [(match.start(), what, match.group(0)) for what, pattern in _FOREIGN if (match := pattern.search(text))]
    if not found:
        return None
    _, what, sample = min(found)
    return what, sample
