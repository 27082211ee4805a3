"""Words for signed releases: what changed (as text for the terminal, as HTML for the window, old
beside new), which release is in force, and the supervisor's report of acknowledgments.

Qt-free, so `brightline pack diff` and the window's "what changed" say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from brightline.core.acknowledgments import ReleaseAcknowledgments
from brightline.core.changes import NodeChange, TreeChange
from brightline.core.model import Node
from brightline.ui.verdicts import verdict_look
from brightline.ui.wording import AUDIENCE_LABELS, escape_html

UNSIGNED = "Packs: unsigned"
UNSIGNED_WHY = (
    "No author key is pinned on this machine, so packs are not checked against a policy author's "
    "signature. IT pins keys in the machine-wide brightline.toml ([packs] trusted_keys)."
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _outcome(node: Node | None, fallback: str) -> str:
    if node is None:
        return fallback
    if node.type == "outcome":
        return f"{verdict_look(node.verdict).word} \u2014 {_one_line(node.headline)}"
    return _one_line(node.text) or fallback


def node_heading(change: NodeChange) -> str:
    """What happened to one step, in an officer's words."""
    kind = change.kind
    if kind == "outcome":
        if change.change == "added":
            return "New outcome"
        if change.change == "dropped":
            return "Outcome no longer reached"
        if change.verdict_changed:
            return "The answer changed"
        return "The outcome reads differently" if change.change == "replaced" else "What to do changed"
    noun = "Question" if kind == "question" else "Note"
    if change.change == "added":
        return f"New {noun.lower()}"
    if change.change == "dropped":
        return "Question no longer asked" if kind == "question" else "Note dropped"
    return f"{noun} changed"


def audiences_text(change: TreeChange) -> str:
    return ", ".join(AUDIENCE_LABELS.get(a, a) for a in change.audiences) or "everyone"


def counts(changes: list[TreeChange], role: str = "") -> str:
    """One sentence: how much changed for `role`."""
    shown = [c for c in changes if c.concerns(role)]
    if not shown:
        return "Nothing changed in the situations for this role."
    verdicts = sum(1 for c in shown for n in c.nodes if n.verdict_changed)
    outcomes = sum(1 for c in shown for n in c.nodes if n.kind == "outcome" and not n.verdict_changed)
    questions = sum(1 for c in shown for n in c.nodes if n.kind == "question" and n.change in ("added", "dropped"))
    parts = [f"{len(shown)} situation{'s' if len(shown) != 1 else ''} changed"]
    if verdicts:
        parts.append(f"{verdicts} answer{'s' if verdicts != 1 else ''} different")
    if outcomes:
        parts.append(f"{outcomes} outcome{'s' if outcomes != 1 else ''} with other words or actions")
    if questions:
        parts.append(f"{questions} question{'s' if questions != 1 else ''} added or removed")
    return ": ".join([parts[0], ", ".join(parts[1:])]) + "." if len(parts) > 1 else parts[0] + "."


def change_lines(changes: list[TreeChange], role: str = "") -> list[str]:
    """What changed, for the terminal: per situation, each step before and now."""
    lines: list[str] = []
    for tree in changes:
        if not tree.concerns(role):
            continue
        lines += ["", f"{tree.title}  [{audiences_text(tree)}]"]
        if tree.change == "added":
            lines.append("  New situation.")
            continue
        if tree.change == "removed":
            lines.append("  This situation is no longer offered.")
            continue
        for node in tree.nodes:
            lines.append(f"  {node_heading(node)}" + (f" (after: {node.reached_by})" if node.reached_by else ""))
            if node.change != "added":
                lines.append(f"    before: {_outcome(node.old, node.before)}")
            if node.change != "dropped":
                lines.append(f"    now:    {_outcome(node.new, node.after)}")
            lines += [f"    {detail}" for detail in node.details]
    return lines


def changes_html(changes: list[TreeChange], role: str, before: str, now: str) -> str:
    """What changed, for the window: per situation, each step with before and now side by side."""
    parts = [f"<p><b>{escape_html(counts(changes, role))}</b></p>"]
    for tree in changes:
        if not tree.concerns(role):
            continue
        parts.append(
            f"<h3>{escape_html(tree.title)}</h3><p style='color:#555'>For: {escape_html(audiences_text(tree))}</p>"
        )
        if tree.change != "changed":
            parts.append(f"<p>{'New situation.' if tree.change == 'added' else 'No longer offered.'}</p>")
            continue
        for node in tree.nodes:
            where = (
                f"<br><span style='color:#555'>After: {escape_html(node.reached_by)}</span>" if node.reached_by else ""
            )
            parts.append(f"<p><b>{escape_html(node_heading(node))}</b>{where}</p>")
            old = _outcome(node.old, node.before) if node.change != "added" else "\u2014"
            new = _outcome(node.new, node.after) if node.change != "dropped" else "\u2014"
            parts.append(
                "<table width='100%' cellspacing='0' cellpadding='6' border='1' style='border-color:#ccc'>"
                f"<tr><th align='left' width='50%'>Before ({escape_html(before)})</th>"
                f"<th align='left' width='50%'>Now ({escape_html(now)})</th></tr>"
                f"<tr><td valign='top'>{_cell(node.old, old)}</td><td valign='top'>{_cell(node.new, new)}</td></tr>"
                "</table>"
            )
            if node.details:
                items = "".join(f"<li>{escape_html(_detail(d))}</li>" for d in node.details)
                parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def _cell(node: Node | None, text: str) -> str:
    if node is not None and node.type == "outcome":
        look = verdict_look(node.verdict)
        return (
            f"<span style='color:{look.strong}; font-weight:700'>{look.symbol} {escape_html(look.word)}</span>"
            f" \u2014 {escape_html(_one_line(node.headline))}"
        )
    return escape_html(text)


def _detail(detail: str) -> str:
    """A detail line with its sign in words ("+ do: x" → "Added — do: x")."""
    if detail.startswith("+ "):
        return f"Added \u2014 {detail[2:]}"
    if detail.startswith("- "):
        return f"Taken out \u2014 {detail[2:]}"
    return detail


def report_lines(report: Iterable[ReleaseAcknowledgments]) -> list[str]:
    """The supervisor's report as text: per release, who acknowledged (when, where), who not yet."""
    lines: list[str] = []
    for row in report:
        lines += ["", f"{row.pack_id} release {row.sequence} (version {row.version})"]
        lines.append(f"  Acknowledged ({len(row.acknowledged)}):")
        lines += [
            f"    {a.person}  {a.acknowledged_at.replace('T', ' ').replace('+00:00', ' UTC')}  on {a.machine}"
            for a in row.acknowledged
        ] or ["    nobody yet"]
        lines.append(f"  Not yet ({len(row.outstanding)}):")
        lines += [f"    {who} ({badge})" for who, badge in row.outstanding] or ["    nobody known"]
    return lines


def report_html(report: Iterable[ReleaseAcknowledgments]) -> str:
    """The supervisor's report for the window: per release, who acknowledged it and who not yet."""
    parts = []
    for row in report:
        parts.append(f"<h3>{escape_html(row.pack_id)} release {row.sequence} (version {escape_html(row.version)})</h3>")
        done = "".join(
            f"<li>{escape_html(a.person)} \u2014 {escape_html(a.acknowledged_at.replace('T', ' ').replace('+00:00', ' UTC'))}"
            f" on {escape_html(a.machine)}</li>"
            for a in row.acknowledged
        )
        parts.append(f"<p><b>Acknowledged ({len(row.acknowledged)})</b></p><ul>{done or '<li>nobody yet</li>'}</ul>")
        waiting = "".join(f"<li>{escape_html(who)} ({escape_html(badge)})</li>" for who, badge in row.outstanding)
        parts.append(f"<p><b>Not yet ({len(row.outstanding)})</b></p><ul>{waiting or '<li>nobody known</li>'}</ul>")
    return "".join(parts) or "<p>No release is installed here, and no acknowledgment is kept here.</p>"
