"""The debrief as HTML: the score, both paths on the same steps, where the answers left the
guide's path and why, the two outcomes, and the points to read with their citations (links that
open each provision in place). Qt-free; the self-paced window and presenter mode show the same
text at different sizes.

Every piece of pack text is escaped. A step that differs is marked with a symbol and words
("✗ differs"), not by its tint alone. Two outcomes with the same verdict are told apart by their
headlines, and the same response reached by another outcome is "≈ same response", not wrong.
"""

from __future__ import annotations

import re
from html import escape

from brightline.core.model import Node, Pack, Scenario
from brightline.core.training import Result, TrainingSession
from brightline.ui import palette
from brightline.ui.html import CITE_SCHEME, STYLE, citation_label, citations_html
from brightline.ui.training.wording import (
    RIGHT,
    SAME_RESPONSE,
    WRONG,
    duration,
    outcome_mark,
    path_mark,
    score_text,
)
from brightline.ui.verdicts import verdict_look

DIFFERS_TINT = palette.ERROR_BACK
OTHER_ROUTE_TINT = palette.HIGHLIGHT

# Added to the window's text style: the table of steps and the score line.
DEBRIEF_STYLE = STYLE + palette.fill(
    """
p.score { font-size: 18px; font-weight: 700; margin-bottom: 10px; }
th { font-size: 14px; font-weight: 700; color: @MUTED@; text-align: left; }
td { font-size: 16px; }
td.mark { font-weight: 700; }
p.cites { font-size: 14px; margin-top: 2px; }
"""
)

_PX = re.compile(r"(\d+)px")


def scaled_style(factor: float) -> str:
    """The debrief style with every size multiplied by `factor` (presenter mode: large type)."""
    return _PX.sub(lambda m: f"{round(int(m.group(1)) * factor)}px", DEBRIEF_STYLE)


def _plain(text: str) -> str:
    return escape(" ".join(text.split()))


def _verdict(node: Node | None, headline: bool = True) -> str:
    if node is None or node.type != "outcome":
        return "(no outcome reached)"
    look = verdict_look(node.verdict)
    word = f'<span style="color: {look.strong}; font-weight: 700;">{look.symbol} {escape(look.word)}</span>'
    return f"{word} \u2014 {_plain(node.headline)}" if headline else word


def _cite_links(pack: Pack, refs: list[str]) -> str:
    links = ", ".join(f'<a href="{CITE_SCHEME}:{escape(r)}">{escape(citation_label(pack, r))}</a>' for r in refs)
    return f'<p class="cites">Read: {links}</p>' if refs else ""


def score_line(result: Result) -> str:
    """ "Score 2 of 3 points (67%) · ✓ right outcome · ✗ different path · 45 s" as plain text."""
    mark = outcome_mark(result.right_outcome, result.same_response_only)
    parts = [
        f"Score {score_text(result.points, result.max_points)}",
        mark if result.same_response_only else f"{mark} outcome",
    ]
    if result.right_path is not None:
        parts.append(f"{path_mark(result.right_path)} path")
    parts.append(duration(result.seconds))
    return " \u00b7 ".join(parts)


def debrief_html(pack: Pack, scenario: Scenario, result: Result, chooser: str = "You", headlines: bool = True) -> str:
    """The whole debrief of one played scenario; `chooser` names who answered ("You", "The class");
    without `headlines` the outcome row gives the verdicts only (presenter mode shows them above)."""
    tree = pack.trees[scenario.tree]
    expected = tree.nodes.get(scenario.expected_outcome)
    reached = tree.nodes.get(result.outcome_id)
    # Without an expected path, another route to the right outcome is not a mistake.
    any_route = result.right_path is None
    parted = result.first_divergence
    yours = "Your answer" if chooser == "You" else f"{escape(chooser)}\u2019s answer"

    rows = [
        f'<tr><th width="5%">#</th><th width="37%">Question</th><th width="22%">{yours}</th>'
        f'<th width="22%">The guide\u2019s path</th><th width="14%"></th></tr>'
    ]
    for index, step in enumerate(result.steps):
        node = tree.nodes.get(step.node_id)
        # A note is read, not decided: it stays in the numbering, quietly.
        question = _plain(step.question)
        if node is not None and node.type == "note":
            question = f'<span class="muted">Note: {question}</span>'
        chosen = escape(step.chosen) if step.chosen else '<span class="muted">(not reached)</span>'
        wanted = escape(step.expected) if step.expected else '<span class="muted">(not on this path)</span>'
        if not step.diverged:
            mark, tint = f"{RIGHT} same", ""
        elif any_route:
            mark, tint = "\u2248 another route", f' bgcolor="{OTHER_ROUTE_TINT}"'
        elif index == parted:
            mark, tint = f"{WRONG} left the guide\u2019s path here", f' bgcolor="{DIFFERS_TINT}"'
        else:
            mark, tint = f"{WRONG} differs", f' bgcolor="{DIFFERS_TINT}"'
        rows.append(
            f"<tr{tint}><td>{index + 1}</td><td>{question}</td><td><b>{chosen}</b></td>"
            f'<td>{wanted}</td><td class="mark">{mark}</td></tr>'
        )
    # Two different outcomes can share a verdict: then only their headlines tell them apart.
    if reached is not None and expected is not None and reached.verdict == expected.verdict:
        headlines = headlines or reached.id != expected.id
    if result.right_outcome:
        outcome_mark_text, tint = f"{RIGHT} same", ""
    elif result.same_response_only:
        outcome_mark_text, tint = f"{SAME_RESPONSE} same response, another outcome", f' bgcolor="{OTHER_ROUTE_TINT}"'
    else:
        outcome_mark_text, tint = f"{WRONG} differs", f' bgcolor="{DIFFERS_TINT}"'
    rows.append(
        f"<tr{tint}><td></td><td><b>Outcome</b></td><td>{_verdict(reached, headlines)}</td><td>{_verdict(expected, headlines)}</td>"
        f'<td class="mark">{outcome_mark_text}</td></tr>'
    )
    parts = [
        f'<p class="score">{escape(score_line(result))}</p>',
        f'<p class="section">{escape(chooser)} beside the guide, step by step</p>',
        f'<table width="100%" cellpadding="6" cellspacing="0" border="1" style="border-color: {palette.LINE};">'
        f"{''.join(rows)}</table>",
    ]
    if parted is not None and not any_route:
        step = result.steps[parted]
        who = "you" if chooser == "You" else escape(chooser.lower())
        chose = f"{who} chose \u201c{escape(step.chosen)}\u201d" if step.chosen else f"{who} did not reach it"
        left = "you left" if chooser == "You" else f"{escape(chooser.lower())} left"
        parts.append(
            f"<p><b>{WRONG} Where {left} the guide\u2019s path:</b> at step {parted + 1}, "
            f"\u201c{_plain(step.question)}\u201d, {chose}; the guide\u2019s answer for this situation is "
            f"\u201c{escape(step.expected)}\u201d. The points below say why.</p>"
        )
    if result.same_response_only and reached is not None and expected is not None:
        word = escape(verdict_look(expected.verdict).word)
        whose = "yours" if chooser == "You" else f"{escape(chooser)}\u2019s"
        parts.append(
            f"<p><b>{SAME_RESPONSE} The same response, {word}, by another outcome.</b> "
            f"The guide\u2019s outcome is \u201c{_plain(expected.headline)}\u201d; "
            f"{whose} was \u201c{_plain(reached.headline)}\u201d. "
            "Both answer the request the same way; what to do and write down differs.</p>"
        )
    elif result.right_outcome and (parted is None or any_route):
        parts.append(f"<p><b>{RIGHT} {escape(chooser)} reached the expected outcome.</b></p>")
    if scenario.debrief:
        items = "".join(f"<li>{_plain(point.point)}{_cite_links(pack, point.cite)}</li>" for point in scenario.debrief)
        parts.append(f'<p class="section">Why \u2014 the points to read</p><ul>{items}</ul>')
    if expected is not None and expected.cite:
        parts.append(
            '<p class="section">\u00a7 The expected outcome rests on</p>' + citations_html(pack, expected.cite)
        )
    return "\n".join(parts)


def debrief_refs(pack: Pack, scenario: Scenario) -> list[str]:
    """Every citation of the debrief, points first, then the expected outcome's, without repeats."""
    refs: list[str] = []
    for point in scenario.debrief:
        refs.extend(point.cite)
    outcome = pack.trees[scenario.tree].nodes.get(scenario.expected_outcome)
    if outcome is not None:
        refs.extend(outcome.cite)
    return list(dict.fromkeys(refs))


def narrative_html(text: str) -> str:
    """A scenario's narrative as paragraphs (blank lines part them)."""
    return "".join(f"<p>{_plain(p)}</p>" for p in text.strip().split("\n\n") if p.strip())


def verdict_line(node: Node) -> str:
    """An outcome as one line: its symbol and word in the verdict's colour, then the headline."""
    return _verdict(node)


def summary_html(session: TrainingSession, who: str) -> str:
    """The end of a set: `who` scored this much, in this time, scenario by scenario."""
    rows = "".join(
        f"<tr><td>{_plain(session.scenario_of(r).title)}</td>"
        f"<td>&nbsp;&nbsp;{escape(outcome_mark(r.right_outcome, r.same_response_only))}</td>"
        f"<td>&nbsp;&nbsp;{escape(score_text(r.points, r.max_points))}</td></tr>"
        for r in session.results
    )
    return (
        f"<p><b>{escape(who)} scored {escape(score_text(session.points, session.max_points))}</b> "
        f"in {escape(duration(session.seconds))}.</p><table cellpadding='6'>{rows}</table>"
    )
