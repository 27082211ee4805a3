"""The restricted Markdown of help articles becomes safe HTML."""

from __future__ import annotations

from brightline.core.markup import inline, to_html


def test_paragraphs_headings_and_lists() -> None:
    text = """A judge's warrant names a **court**.
It is signed by a *judge*.

## Signs of an ICE form
- A DHS heading
- Signed by an officer,
  not a judge

1. First
2. Second
"""
    assert to_html(text) == (
        "<p>A judge&#x27;s warrant names a <b>court</b>. It is signed by a <i>judge</i>.</p>\n"
        "<h3>Signs of an ICE form</h3>\n"
        "<ul><li>A DHS heading</li><li>Signed by an officer, not a judge</li></ul>\n"
        "<ol><li>First</li><li>Second</li></ol>"
    )


def test_everything_else_is_text() -> None:
    hostile = '<img src="http://example.com/x.png"> <a href="http://x">x</a> <script>alert(1)</script> & "q"'
    html = to_html(hostile)
    assert "<img" not in html and "<a " not in html and "<script" not in html
    assert "&lt;img src=&quot;http://example.com/x.png&quot;&gt;" in html
    assert "&amp; &quot;q&quot;" in html


def test_stray_asterisks_are_left_alone() -> None:
    assert inline("2 * 3 * 4") == "2 * 3 * 4"
    assert inline("**bold** and *it*") == "<b>bold</b> and <i>it</i>"
    assert inline("a ** b") == "a ** b"


def test_a_list_then_a_paragraph() -> None:
    assert to_html("- one\nAfter.") == "<ul><li>one</li></ul>\n<p>After.</p>"
    assert to_html("") == ""
